//! Hand-written byte scanners over raw markdown text, for the corpus oracles
//! (`dialects_corpus.rs`, `editor_promises_corpus.rs`): lines, fenced code, inline code spans,
//! front matter and ATX headings. They use neither blogfmt's library nor pulldown-cmark, on
//! which blogfmt is built, so a wrong idea in blogfmt of where code or a heading starts cannot
//! hide itself in a test built on them.

pub fn starts(bytes: &[u8], at: usize, what: &[u8]) -> bool {
    bytes.len() >= at + what.len() && &bytes[at..at + what.len()] == what
}

pub fn find_from(bytes: &[u8], from: usize, what: &[u8]) -> Option<usize> {
    if from > bytes.len() {
        return None;
    }
    bytes[from..]
        .windows(what.len())
        .position(|w| w == what)
        .map(|p| p + from)
}

pub fn line_end(bytes: &[u8], from: usize) -> usize {
    memchr_newline(bytes, from).unwrap_or(bytes.len())
}

pub fn memchr_newline(bytes: &[u8], from: usize) -> Option<usize> {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map(|p| p + from)
}

/// The lines of `bytes` as `(start, end)` ranges, the end before the `\n` (and any `\r`).
pub fn lines(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        let end = line_end(bytes, start);
        let trimmed = if end > start && bytes[end - 1] == b'\r' {
            end - 1
        } else {
            end
        };
        out.push((start, trimmed));
        start = end + 1;
    }
    out
}

pub fn is_blank(line: &[u8]) -> bool {
    line.iter().all(|b| b.is_ascii_whitespace())
}

/// A fence opener at the start of `line` (after any indentation): its character and length.
pub fn fence_open(line: &[u8]) -> Option<(u8, usize)> {
    let rest = &line[line
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()..];
    let c = *rest.first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.iter().take_while(|&&b| b == c).count();
    if n < 3 || (c == b'`' && rest[n..].contains(&b'`')) {
        return None;
    }
    Some((c, n))
}

pub fn fence_closes(line: &[u8], (c, n): (u8, usize)) -> bool {
    let rest = &line[line
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()..];
    let m = rest.iter().take_while(|&&b| b == c).count();
    m >= n && is_blank(&rest[m..])
}

/// The `(start, end)` byte ranges of the fenced code blocks of `bytes`, fence lines included.
/// Fences may be indented any amount (MDX has no indented code, so a fence inside an indented
/// JSX block is still a fence); an unclosed fence runs to the end.
pub fn fenced_blocks(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut open: Option<((u8, usize), usize)> = None;
    for (start, end) in lines(bytes) {
        let line = &bytes[start..end];
        match open {
            None => {
                if let Some(fence) = fence_open(line) {
                    open = Some((fence, start));
                }
            }
            Some((fence, from)) => {
                if fence_closes(line, fence) {
                    out.push((from, end));
                    open = None;
                }
            }
        }
    }
    if let Some((_, from)) = open {
        out.push((from, bytes.len()));
    }
    out
}

/// `bytes` with fenced code blocks and inline code spans blanked (newlines kept), so the finders
/// for MDX and math do not look inside code. Offsets are unchanged.
pub fn mask_code(bytes: &[u8]) -> Vec<u8> {
    let mut m = bytes.to_vec();
    for (from, to) in fenced_blocks(bytes) {
        blank(&mut m, from, to);
    }
    // Inline code: a run of N backticks up to the next run of exactly N, within a paragraph.
    let mut i = 0;
    while i < m.len() {
        if m[i] != b'`' || (i > 0 && m[i - 1] == b'\\') {
            i += 1;
            continue;
        }
        let n = m[i..].iter().take_while(|&&b| b == b'`').count();
        let mut j = i + n;
        let mut close = None;
        while j < m.len() {
            if m[j] == b'\n' {
                let next = line_end(&m, j + 1);
                if is_blank(&m[j + 1..next]) {
                    break;
                }
            }
            if m[j] == b'`' {
                let k = m[j..].iter().take_while(|&&b| b == b'`').count();
                if k == n {
                    close = Some(j + k);
                    break;
                }
                j += k;
                continue;
            }
            j += 1;
        }
        match close {
            Some(end) => {
                blank(&mut m, i, end);
                i = end;
            }
            None => i += n,
        }
    }
    m
}

/// Blank `m[from..to]`, newlines kept.
pub fn blank(m: &mut [u8], from: usize, to: usize) {
    for b in &mut m[from..to] {
        if *b != b'\n' {
            *b = b' ';
        }
    }
}

pub fn shorten(text: &str) -> String {
    const MAX: usize = 160;
    if text.len() <= MAX {
        return format!("{text:?}");
    }
    let mut cut = MAX;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{:?}… ({} bytes)", &text[..cut], text.len())
}

/// Headings the summary and bio rules add or rename, normalised (see [`normalise`]): the
/// `[summary]` `heading-text`, `anywhere` and `first-section` texts and the `[bio]`
/// `heading-text` and `variants` of rules/default.toml, and the spellings `summary/heading`
/// recognises (TLDR, TL DR).
pub const LABEL_HEADINGS: &[&str] = &[
    "tldr",
    "tl dr",
    "too long didnt read",
    "summary",
    "in short",
    "in brief",
    "about the author",
    "about me",
    "author",
    "bio",
    "the author",
    "about the writer",
];

/// Lower-case alphanumerics, words separated by one space.
pub fn normalise(heading: &str) -> String {
    let kept: String = heading
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_alphanumeric() {
                c
            } else if c.is_whitespace() {
                ' '
            } else {
                '\u{0}'
            }
        })
        .filter(|&c| c != '\u{0}')
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How many of `all` (the lines of `body`) the front matter takes: `---` or `+++` fenced, at
/// the very start.
pub fn front_matter_lines(body: &str, all: &[(usize, usize)]) -> usize {
    let Some(&(s, e)) = all.first() else { return 0 };
    let fence = body[s..e].trim_end();
    if fence != "---" && fence != "+++" {
        return 0;
    }
    all[1..]
        .iter()
        .position(|&(s, e)| body[s..e].trim_end() == fence)
        .map_or(0, |close| close + 2)
}

/// The ATX heading on `line`, as (level, text as written), if it is one.
pub fn atx_heading(line: &str) -> Option<(usize, &str)> {
    let indent = line.bytes().take_while(|&c| c == b' ').count();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let hashes = rest.bytes().take_while(|&c| c == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let after = &rest[hashes..];
    if !(after.is_empty() || after.starts_with(' ') || after.starts_with('\t')) {
        return None;
    }
    // A closing sequence of `#`s after a space is not part of the text.
    let mut content = after.trim();
    let stripped = content.trim_end_matches('#');
    if stripped.is_empty() || stripped.ends_with(' ') || stripped.ends_with('\t') {
        content = stripped.trim_end();
    }
    Some((hashes, content))
}
