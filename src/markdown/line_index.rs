//! Byte offsets to lines and columns, and the line ending a draft uses.

use std::ops::Range;

/// Maps byte offsets to 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    /// Characters before each multiple of `CHAR_BLOCK` bytes, so a column deep in a long
    /// line (a whole draft with lone-CR endings, a megabyte paragraph) costs a short count
    /// instead of one from the line's start: that count made such drafts quadratic. Counted
    /// on the first such column only: most drafts never ask, and counting every draft's
    /// characters was 5% of a corpus check's instructions.
    chars_before_block: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes between character-count checkpoints: small enough that a column costs little,
/// large enough that the checkpoints take 1/32 of the text's size.
const CHAR_BLOCK: usize = 256;

impl LineIndex {
    /// Index the line starts of `text`. A line ends after `\n`, `\r\n` or a lone `\r`, as in
    /// CommonMark: a draft saved with classic Mac line endings has lines too.
    pub fn new(text: &str) -> Self {
        // Room for lines of 32 bytes on average: prose lines are longer, so the vector is
        // rarely grown (growing it was a fifth of the cost).
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(newline_offsets(text).map(|i| i + 1));
        LineIndex {
            line_starts,
            chars_before_block: std::sync::OnceLock::new(),
        }
    }

    /// The 1-based line holding `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// 1-based line and 1-based column in characters of `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        let offset = floor_char_boundary(text, offset.min(text.len())).max(start);
        let column = if offset - start <= CHAR_BLOCK {
            count_chars(&text.as_bytes()[start..offset])
        } else {
            self.chars_before(text, offset) - self.chars_before(text, start)
        };
        (line, column + 1)
    }

    /// Characters in `text[..offset]`, from the nearest checkpoint below `offset`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let block = offset / CHAR_BLOCK;
        let checkpoints = self.chars_before_block.get_or_init(|| {
            let mut chars = 0;
            std::iter::once(0)
                .chain(text.as_bytes().chunks(CHAR_BLOCK).map(|block| {
                    chars += count_chars(block);
                    chars
                }))
                .collect()
        });
        checkpoints[block] + count_chars(&text.as_bytes()[block * CHAR_BLOCK..offset])
    }

    /// Byte offsets where the lines start, in order: 0, then one past each `\n`.
    pub fn starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.clamp(1, self.line_starts.len()) - 1]
    }

    /// Byte range of the whole lines covering `range`, line terminators included.
    pub fn line_span(&self, text: &str, range: Range<usize>) -> Range<usize> {
        let first = self.line(range.start);
        let last_byte = range.end.max(range.start + 1) - 1;
        let last = self.line(last_byte.min(text.len().saturating_sub(1)));
        let start = self.line_start(first);
        let end = self.line_starts.get(last).copied().unwrap_or(text.len());
        start..end.max(start)
    }
}

/// CRLF when the text uses it anywhere; else a lone CR when the text ends its lines with CR
/// and never with LF; else LF.
pub(super) fn line_ending(text: &str) -> &'static str {
    // A search for the rare `\r`, then a look at the byte after it: cheaper than a
    // substring search for `\r\n` through the whole text.
    let bytes = text.as_bytes();
    let mut lone_cr = false;
    for i in memchr::memchr_iter(b'\r', bytes) {
        if bytes.get(i + 1) == Some(&b'\n') {
            return "\r\n";
        }
        lone_cr = true;
    }
    if lone_cr && memchr::memchr(b'\n', bytes).is_none() {
        "\r"
    } else {
        "\n"
    }
}

/// The offsets of the last byte of each line terminator: every `\n`, and every `\r` not
/// followed by `\n`.
fn newline_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = text.as_bytes();
    memchr::memchr2_iter(b'\n', b'\r', bytes)
        .filter(move |&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
}

/// Characters in UTF-8 `bytes`: the bytes that are not continuation bytes. Works on any
/// byte range, so checkpoints need not fall on character boundaries.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count()
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "ab\néé x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x), (2, 4));
        assert_eq!(index.line_span(text, 4..5), 3..text.len());
    }

    #[test]
    fn columns_deep_in_a_long_line_match_a_plain_count() {
        let text = "é -- a ".repeat(500) + "\nx é\n";
        let index = LineIndex::new(&text);
        for offset in (0..text.len()).filter(|&o| text.is_char_boundary(o)) {
            let start = index.line_start(index.line(offset));
            let expected = text[start..offset].chars().count() + 1;
            assert_eq!(index.line_col(&text, offset).1, expected, "offset {offset}");
        }
    }

    #[test]
    fn a_lone_cr_ends_a_line_as_lf_and_crlf_do() {
        let text = "a\rb\r\nc\nd\r";
        let index = LineIndex::new(text);
        assert_eq!(index.starts(), &[0, 2, 5, 7, 9]);
        assert_eq!(index.line_col(text, 2), (2, 1));
        assert_eq!(index.line_col(text, 7), (4, 1));
        assert_eq!(line_ending("a\rb\r"), "\r");
        assert_eq!(line_ending("a\rb\n"), "\n");
        assert_eq!(line_ending("a\rb\r\n"), "\r\n");
    }
}
