//! Text in another language embedded in a draft: shortcodes, Liquid, JSX, ESM, kramdown
//! attributes. Each dialect's scanner finds their byte ranges; the tree then turns the nodes
//! inside them into opaque [`NodeKind::Embedded`](super::NodeKind::Embedded) leaves, so no
//! prose rule reads or edits them, and the literal digest holds their text, so the fixer's
//! guard refuses any fix that would change one.
//!
//! The scanners are deliberately conservative: when unsure whether something is a construct
//! they take it as one, because an opaque span only costs a missed fix, while a construct read
//! as prose can be damaged.

mod hugo;
mod liquid;
mod math;
mod mdx;
pub(super) mod nodes;

use std::ops::Range;

use super::syntax::{Dialect, Syntax};

/// The embedded spans of `source[start..]`, sorted and disjoint. No span starts inside one of
/// `literal` (code blocks, code spans, front matter: sorted ranges), since there the text is
/// shown as written, but a span may run over one (a `{% highlight %}` pair around a fence).
pub(super) fn find_embedded(
    source: &str,
    start: usize,
    syntax: &Syntax,
    literal: &[Range<usize>],
) -> Vec<Range<usize>> {
    let mut scan = Scan {
        bytes: source.as_bytes(),
        literal,
        next_literal: 0,
        failed: Default::default(),
        failed_pairs: Vec::new(),
    };
    let spans = match syntax.dialect {
        Dialect::CommonMark => Vec::new(),
        Dialect::Hugo => hugo::spans(&mut scan, start, &syntax.code_shortcodes),
        Dialect::Jekyll => liquid::spans(&mut scan, start),
        Dialect::Mdx => mdx::spans(&mut scan, start),
    };
    if !syntax.math {
        return spans;
    }
    scan.next_literal = 0;
    union(spans, math::blocks(&mut scan, start))
}

/// The union of two sorted lists of disjoint ranges, sorted and disjoint.
fn union(a: Vec<Range<usize>>, b: Vec<Range<usize>>) -> Vec<Range<usize>> {
    if b.is_empty() {
        return a;
    }
    let mut all = a;
    all.extend(b);
    all.sort_unstable_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(all.len());
    for range in all {
        match out.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// The state a dialect scanner shares: the source and where constructs may not start.
struct Scan<'a> {
    bytes: &'a [u8],
    literal: &'a [Range<usize>],
    next_literal: usize,
    /// Per closing delimiter, the earliest start from which a search for it already ran to the
    /// end of the file: a later search would fail too, so a draft of a thousand unclosed `{%`
    /// costs one scan, not a thousand.
    failed: [Option<usize>; Closer::COUNT],
    /// The same for the closing tag of each named pair (`endhighlight`).
    failed_pairs: Vec<(Vec<u8>, usize)>,
}

/// The closing delimiters searched for, as indices into [`Scan::failed`].
#[derive(Clone, Copy)]
enum Closer {
    Shortcode,
    Tag,
    Output,
    Brace,
    Angle,
    Math,
}

impl Closer {
    const COUNT: usize = 6;
}

impl Scan<'_> {
    /// Whether a construct may start at `at`: not inside a literal. Queries only move forward.
    fn may_start(&mut self, at: usize) -> bool {
        while self
            .literal
            .get(self.next_literal)
            .is_some_and(|r| r.end <= at)
        {
            self.next_literal += 1;
        }
        self.literal
            .get(self.next_literal)
            .is_none_or(|r| r.start > at)
    }

    /// Run `search` from `from` unless an earlier search for `closer` already failed.
    fn find(
        &mut self,
        closer: Closer,
        from: usize,
        search: impl FnOnce(&[u8], usize) -> Option<usize>,
    ) -> Option<usize> {
        if self.failed[closer as usize].is_some_and(|f| f <= from) {
            return None;
        }
        let found = search(self.bytes, from);
        if found.is_none() {
            self.failed[closer as usize] = Some(from);
        }
        found
    }

    /// [`Scan::find`] for the closing tag `name` of a pair.
    fn find_pair(
        &mut self,
        name: &[u8],
        from: usize,
        search: impl FnOnce(&[u8], usize) -> Pairing,
    ) -> Option<usize> {
        if self
            .failed_pairs
            .iter()
            .any(|(n, f)| n.as_slice() == name && *f <= from)
        {
            return None;
        }
        match search(self.bytes, from) {
            Pairing::Closed(end) => Some(end),
            Pairing::Unpaired => None,
            Pairing::NotFound => {
                self.failed_pairs.push((name.to_vec(), from));
                None
            }
        }
    }
}

/// What a search for the closing tag of a pair found.
enum Pairing {
    /// The closing tag, ending here.
    Closed(usize),
    /// Another opening tag first: this one has no body.
    Unpaired,
    /// No closing tag up to the end of the file.
    NotFound,
}

/// The end (one past) of the first `close` at or after `from` outside quoted strings. A `"` or
/// `'` string ends at its line's end if unclosed; a backtick string may span lines.
fn find_closer(bytes: &[u8], from: usize, close: &[u8], quotes: &[u8]) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if bytes[i..].starts_with(close) {
            return Some(i + close.len());
        }
        if quotes.contains(&b) {
            i = skip_string(bytes, i);
            continue;
        }
        i += 1;
    }
    None
}

/// The index past the string opened by the quote at `at`: past its closing quote, or, for an
/// unclosed `"` or `'`, at the end of its line (the quote was an apostrophe).
fn skip_string(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' if quote != b'`' => return at + 1,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    at + 1
}

/// Record the construct found at `at` ending at `end`, if one was; returns where the scan goes
/// on: past the construct, or at `miss`.
fn record(spans: &mut Vec<Range<usize>>, at: usize, end: Option<usize>, miss: usize) -> usize {
    match end {
        Some(end) => {
            spans.push(at..end);
            end
        }
        None => miss,
    }
}

/// The end of a Goldmark or kramdown attribute list at `at` (`{` seen): `{#id}`, `{.class}`,
/// `{#id .class key="value"}` on one line. Other generators put a heading's anchor there, and
/// pages link to it.
fn attribute_list(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = &bytes[at + 1..];
    let first = rest.iter().position(|b| *b != b' ')?;
    let starts = matches!(rest.get(first), Some(b'#' | b'.'))
        && rest
            .get(first + 1)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-');
    if !starts {
        return None;
    }
    let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k);
    find_closer(&bytes[..line_end], at + 1, b"}", b"\"'")
}

/// The first occurrence of `needle` in `bytes[from..]`, as an absolute index.
fn find_bytes(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(bytes.get(from..)?, needle).map(|i| from + i)
}

/// The name of a tag at `at` after whitespace and `-` trim markers: `highlight` in
/// `{%- highlight ruby %}` read from just past `{%`.
fn tag_name(bytes: &[u8], at: usize) -> &[u8] {
    let mut i = at;
    while i < bytes.len() && (bytes[i] == b'-' || bytes[i].is_ascii_whitespace()) {
        i += 1;
    }
    let start = i;
    while i < bytes.len()
        && (bytes[i].is_ascii_alphanumeric() || matches!(bytes[i], b'_' | b'-' | b'.' | b'/'))
    {
        i += 1;
    }
    &bytes[start..i]
}

#[cfg(test)]
mod tests;
