//! Hugo shortcodes: `{{< name params >}}` and `{{% name params %}}`, whole, and the body of a
//! code-like pair (`{{< highlight go >}}…{{< /highlight >}}`), which Hugo hands to the
//! shortcode as it is. The body of a `{{% … %}}` pair is markdown and stays prose. Goldmark
//! attribute lists (`### Setup {#setup}`, `{.class}`) are kept too: pages link to those ids.

use std::ops::Range;

use super::{Closer, Pairing, Scan, find_bytes, find_closer, tag_name};

/// Quotes of shortcode parameters: Go strings and raw strings.
const QUOTES: &[u8] = b"\"`";

pub(super) fn spans(scan: &mut Scan<'_>, start: usize, code: &[String]) -> Vec<Range<usize>> {
    let bytes = scan.bytes;
    let mut spans = Vec::new();
    let mut i = start;
    while let Some(at) = memchr::memchr(b'{', &bytes[i..]).map(|k| i + k) {
        if bytes.get(at + 1) != Some(&b'{') {
            let end = super::attribute_list(bytes, at).filter(|_| scan.may_start(at));
            i = super::record(&mut spans, at, end, at + 1);
            continue;
        }
        let Some(&delimiter) = bytes.get(at + 2).filter(|b| matches!(b, b'<' | b'%')) else {
            i = at + 1;
            continue;
        };
        if !scan.may_start(at) {
            i = at + 2;
            continue;
        }
        let close: &[u8] = if delimiter == b'<' { b">}}" } else { b"%}}" };
        let Some(end) = scan.find(Closer::Shortcode, at + 3, |b, from| {
            find_closer(b, from, close, QUOTES)
        }) else {
            i = at + 3;
            continue;
        };
        let name = tag_name(bytes, at + 3);
        let self_closing = bytes[..end - close.len()].ends_with(b"/");
        let end = if delimiter == b'<' && !self_closing && code.iter().any(|c| c.as_bytes() == name)
        {
            closing_tag(scan, end, name).unwrap_or(end)
        } else {
            end
        };
        spans.push(at..end);
        i = end;
    }
    spans
}

/// The end of the `{{< /name >}}` (or `{{</ name >}}`) that closes a code-like shortcode,
/// searching from `from`. Another opening `{{< name >}}` first means this one is unpaired.
fn closing_tag(scan: &mut Scan<'_>, from: usize, name: &[u8]) -> Option<usize> {
    scan.find_pair(name, from, |bytes, from| {
        let mut i = from;
        while let Some(at) = find_bytes(bytes, i, b"{{<") {
            let mut k = at + 3;
            while bytes.get(k).is_some_and(u8::is_ascii_whitespace) {
                k += 1;
            }
            let closing = bytes.get(k) == Some(&b'/');
            if tag_name(bytes, k + usize::from(closing)) == name {
                return match closing.then(|| find_closer(bytes, k, b">}}", QUOTES)) {
                    Some(Some(end)) => Pairing::Closed(end),
                    Some(None) => Pairing::NotFound,
                    None => Pairing::Unpaired,
                };
            }
            i = at + 3;
        }
        Pairing::NotFound
    })
}
