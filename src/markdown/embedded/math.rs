//! Display math as a block: a line opening with `$$` runs to the line that closes it, blank
//! lines and all, as remark-math and Hugo's passthrough read it. pulldown-cmark's math
//! extension reads `$$…$$` inside one paragraph only, so a block holding a blank line or a
//! `#` line would otherwise be read as paragraphs and headings.

use std::ops::Range;

use super::{Closer, Scan, find_bytes};

pub(super) fn blocks(scan: &mut Scan<'_>, start: usize) -> Vec<Range<usize>> {
    let bytes = scan.bytes;
    let mut spans = Vec::new();
    let mut line = start;
    while line < bytes.len() {
        let line_end = memchr::memchr(b'\n', &bytes[line..]).map_or(bytes.len(), |k| line + k);
        let text = &bytes[line..line_end];
        let opening = text.trim_ascii_start();
        let indent = text.len() - opening.len();
        if indent <= 3 && opening.starts_with(b"$$") && !opening[2..].windows(2).any(|w| w == b"$$")
        {
            let at = line + indent;
            if scan.may_start(at)
                && let Some(end) =
                    scan.find(Closer::Math, at + 2, |b, from| find_bytes(b, from, b"$$"))
            {
                spans.push(at..end + 2);
                line = memchr::memchr(b'\n', &bytes[end..]).map_or(bytes.len(), |k| end + k + 1);
                continue;
            }
        }
        line = line_end + 1;
    }
    spans
}
