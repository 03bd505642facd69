//! Jekyll: Liquid tags `{% … %}` and outputs `{{ … }}`; the bodies of `highlight`, `raw` and
//! `comment` pairs, which are code or hidden; kramdown attribute lists `{: … }` and
//! extensions `{::name … /}` (with the bodies of `{::comment}` and `{::nomarkdown}`), and
//! header ids and classes in their short form (`{#id}`, `{.class}`).

use std::ops::Range;

use super::{Closer, Pairing, Scan, find_bytes, find_closer, tag_name};

/// Liquid and kramdown quote attribute values with either quote.
const QUOTES: &[u8] = b"\"'";

/// Liquid blocks whose body is not markdown.
const CODE_BLOCKS: &[&[u8]] = &[b"highlight", b"raw", b"comment"];

/// kramdown extensions whose body is not markdown.
const CODE_EXTENSIONS: &[&[u8]] = &[b"comment", b"nomarkdown"];

pub(super) fn spans(scan: &mut Scan<'_>, start: usize) -> Vec<Range<usize>> {
    let bytes = scan.bytes;
    let mut spans = Vec::new();
    let mut i = start;
    while let Some(at) = memchr::memchr(b'{', &bytes[i..]).map(|k| i + k) {
        let next = bytes.get(at + 1).copied();
        if !matches!(next, Some(b'%' | b'{' | b':')) || !scan.may_start(at) {
            // kramdown's short form of a header id or class: `### Setup {#setup}`.
            let end = super::attribute_list(bytes, at).filter(|_| scan.may_start(at));
            i = super::record(&mut spans, at, end, at + 1);
            continue;
        }
        let end = match next {
            Some(b'%') => tag(scan, at),
            Some(b'{') => scan.find(Closer::Output, at + 2, |b, from| {
                find_closer(b, from, b"}}", QUOTES)
            }),
            _ => kramdown(scan, at),
        };
        i = super::record(&mut spans, at, end, at + 2);
    }
    spans
}

/// The end of the Liquid tag at `at`, or of the block it opens when its body is code.
fn tag(scan: &mut Scan<'_>, at: usize) -> Option<usize> {
    let end = scan.find(Closer::Tag, at + 2, |b, from| {
        find_closer(b, from, b"%}", QUOTES)
    })?;
    let name = tag_name(scan.bytes, at + 2);
    if !CODE_BLOCKS.contains(&name) {
        return Some(end);
    }
    let close = [b"end", name].concat();
    let body_end = scan.find_pair(&close, end, |bytes, from| {
        let mut i = from;
        while let Some(k) = find_bytes(bytes, i, b"{%") {
            if tag_name(bytes, k + 2) == close.as_slice() {
                return find_closer(bytes, k + 2, b"%}", QUOTES)
                    .map_or(Pairing::NotFound, Pairing::Closed);
            }
            i = k + 2;
        }
        Pairing::NotFound
    });
    Some(body_end.unwrap_or(end))
}

/// The end of the kramdown attribute list or extension at `at` (`{:` seen).
fn kramdown(scan: &mut Scan<'_>, at: usize) -> Option<usize> {
    let bytes = scan.bytes;
    // An attribute list stays on its line.
    let line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |k| at + k);
    let end = find_closer(&bytes[..line_end], at + 2, b"}", QUOTES)?;
    if bytes.get(at + 2) != Some(&b':') || bytes[..end].ends_with(b"/}") {
        return Some(end);
    }
    let name = tag_name(bytes, at + 3);
    if !CODE_EXTENSIONS.contains(&name) {
        return Some(end);
    }
    let named = [b"{:/", name, b"}"].concat();
    let body_end = scan.find_pair(&named, end, |bytes, from| {
        let named_end = find_bytes(bytes, from, &named).map(|k| k + named.len());
        let short_end = find_bytes(bytes, from, b"{:/}").map(|k| k + 4);
        match (named_end, short_end) {
            (Some(a), Some(b)) => Pairing::Closed(a.min(b)),
            (a, b) => a.or(b).map_or(Pairing::NotFound, Pairing::Closed),
        }
    });
    Some(body_end.unwrap_or(end))
}
