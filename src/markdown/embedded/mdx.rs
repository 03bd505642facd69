//! MDX: top-level ESM (`import`/`export` statements, which may run over several lines), JSX
//! tags with their attributes, `{…}` expressions, and Docusaurus admonition fence lines
//! (`:::note Title`, `:::`). The markdown between JSX tags stays prose, as MDX reads it.

use std::ops::Range;

use super::{Closer, Scan};

pub(super) fn spans(scan: &mut Scan<'_>, start: usize) -> Vec<Range<usize>> {
    let bytes = scan.bytes;
    let mut spans = Vec::new();
    let mut i = start;
    let mut line_start = true;
    while i < bytes.len() {
        if line_start {
            line_start = false;
            if let Some(end) = line_construct(scan, i, start) {
                spans.push(i..end);
                i = end;
                continue;
            }
        }
        let Some(at) = memchr::memchr3(b'{', b'<', b'\n', &bytes[i..]).map(|k| i + k) else {
            break;
        };
        let end = match bytes[at] {
            b'\n' => {
                line_start = true;
                i = at + 1;
                continue;
            }
            _ if !scan.may_start(at) => None,
            b'{' => scan.find(Closer::Brace, at + 1, |b, from| js_close(b, from, b'}')),
            _ => jsx_tag(scan, at),
        };
        i = super::record(&mut spans, at, end, at + 1);
    }
    spans
}

/// A construct that takes whole lines from the line start `at`: ESM at the top level, or an
/// admonition fence line. `body` is where the markdown starts (after front matter).
fn line_construct(scan: &mut Scan<'_>, at: usize, body: usize) -> Option<usize> {
    let bytes = scan.bytes;
    let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k);
    let line = &bytes[at..line_end];
    let fence = line.trim_ascii_start();
    if fence.starts_with(b":::") && line.len() - fence.len() <= 3 && scan.may_start(at) {
        return Some(trim_cr(bytes, line_end));
    }
    let is_esm = ["import", "export"].iter().any(|k| {
        line.strip_prefix(k.as_bytes())
            .is_some_and(|rest| matches!(rest.first(), Some(b' ' | b'\t' | b'{' | b'*')))
    });
    // ESM opens a block: it follows a blank line (or nothing) and is not indented.
    if !is_esm || !(at == body || previous_line_blank(bytes, at, body)) || !scan.may_start(at) {
        return None;
    }
    Some(esm_end(bytes, at))
}

/// The end of an ESM block starting at `at`: the first blank line outside brackets, strings
/// and comments (MDX ends ESM at a blank line; a statement may hold blank lines inside braces).
fn esm_end(bytes: &[u8], at: usize) -> usize {
    let mut depth = 0usize;
    let mut i = at;
    while i < bytes.len() {
        if let Some(next) = js_skip_trivia(bytes, i) {
            i = next;
            continue;
        }
        match bytes[i] {
            b'{' | b'(' | b'[' => {
                depth += 1;
                i += 1;
            }
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            b'\n' => {
                let next = i + 1;
                let next_end =
                    memchr::memchr(b'\n', &bytes[next..]).map_or(bytes.len(), |k| next + k);
                if depth == 0 && bytes[next..next_end].trim_ascii().is_empty() {
                    return trim_cr(bytes, i);
                }
                i = next;
                continue;
            }
            _ => i += 1,
        }
    }
    at + bytes[at..].trim_ascii_end().len()
}

/// The end of the JSX tag at `at` (`<` seen): `<Name …>`, `</Name>`, `<>` or `</>`, with
/// `{…}` attribute values and quoted strings. A tag that reaches a blank line is no tag.
fn jsx_tag(scan: &mut Scan<'_>, at: usize) -> Option<usize> {
    let bytes = scan.bytes;
    let mut i = at + 1;
    if bytes.get(i) == Some(&b'/') {
        i += 1;
    }
    match bytes.get(i) {
        Some(b'>') => return Some(i + 1),
        Some(b) if b.is_ascii_alphabetic() || matches!(b, b'$' | b'_') => {}
        _ => return None,
    }
    scan.find(Closer::Angle, i, |bytes, mut i| {
        while i < bytes.len() {
            match bytes[i] {
                b'>' => return Some(i + 1),
                // Attribute values: a lone apostrophe in a tag is not a string.
                b'"' | b'\'' => i = super::skip_string(bytes, i),
                b'{' => i = js_close(bytes, i + 1, b'}')?,
                b'\n'
                    if bytes[i + 1..]
                        .iter()
                        .take_while(|&&b| b != b'\n')
                        .all(u8::is_ascii_whitespace) =>
                {
                    return None;
                }
                _ => i += 1,
            }
        }
        None
    })
}

/// The end (one past) of the bracket `close` matching an opening just before `from`, reading
/// JavaScript: nested brackets, strings, template literals and comments.
fn js_close(bytes: &[u8], from: usize, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        if let Some(next) = js_skip_trivia(bytes, i) {
            i = next;
            continue;
        }
        match bytes[i] {
            b'{' | b'(' | b'[' => {
                depth += 1;
                i += 1;
            }
            b if b == close && depth == 0 => return Some(i + 1),
            b'}' | b')' | b']' => {
                depth = depth.saturating_sub(1);
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Past the JavaScript string, template literal or comment starting at `at`, if one does (an
/// unclosed comment runs to the end).
fn js_skip_trivia(bytes: &[u8], at: usize) -> Option<usize> {
    match (bytes[at], bytes.get(at + 1)) {
        (b'"' | b'\'' | b'`', _) => Some(js_skip_string(bytes, at)),
        (b'/', Some(b'/')) => {
            Some(memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k))
        }
        (b'/', Some(b'*')) => {
            Some(super::find_bytes(bytes, at + 2, b"*/").map_or(bytes.len(), |k| k + 2))
        }
        _ => None,
    }
}

/// Past a JavaScript string or template literal opened at `at`. Unlike attribute quotes, a
/// string that never closes runs to the end, so the construct holding it is not closed.
fn js_skip_string(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            b'\n' if quote != b'`' => return i,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// `end` with a `\r` before it dropped: a span ends before the line terminator.
fn trim_cr(bytes: &[u8], end: usize) -> usize {
    if end > 0 && bytes[end - 1] == b'\r' {
        end - 1
    } else {
        end
    }
}

/// Whether the line before the one starting at `at` is blank, or is where the body starts.
fn previous_line_blank(bytes: &[u8], at: usize, body: usize) -> bool {
    let before = &bytes[body..at];
    let before = before.strip_suffix(b"\n").unwrap_or(before);
    let previous = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(before, |k| &before[k + 1..]);
    previous.trim_ascii().is_empty()
}
