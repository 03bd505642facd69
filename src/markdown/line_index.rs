//! Byte offsets to lines and columns, and the line ending a draft uses.

use std::ops::Range;

/// Maps byte offsets to 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text` (a line ends after `\n`).
    pub fn new(text: &str) -> Self {
        // Room for lines of 32 bytes on average: prose lines are longer, so the vector is
        // rarely grown (growing it was a fifth of the cost).
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(newline_offsets(text).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// The 1-based line holding `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// 1-based line and 1-based column in characters of `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let column = text[start..offset.max(start)].chars().count() + 1;
        (line, column)
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

/// CRLF when the text uses it anywhere, else LF.
pub(super) fn line_ending(text: &str) -> &'static str {
    // A search for the rare `\r` alone, then a look at the byte after it: cheaper than a
    // substring search for `\r\n` through the whole text.
    let bytes = text.as_bytes();
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) == Some(&b'\n')) {
        "\r\n"
    } else {
        "\n"
    }
}

fn newline_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
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
}
