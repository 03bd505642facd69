//! The `structure/*` family: the title, heading levels and case, code block languages and
//! whitespace. The rules work on the document tree and on lines outside code, HTML and front
//! matter; none of them looks inside those.

use std::ops::Range;

use crate::markdown::{Document, NodeKind};

pub(crate) mod code_language;
pub(crate) mod heading_case;
pub(crate) mod heading_increment;
mod heading_words;
mod names;
pub(crate) mod title;
pub(crate) mod whitespace;

/// Every heading of the document, nested ones included, with its level, in order.
pub(crate) fn headings(doc: &Document) -> impl Iterator<Item = (usize, u8)> + '_ {
    doc.nodes()
        .iter()
        .enumerate()
        .filter_map(|(i, n)| match n.kind {
            NodeKind::Heading(level) => Some((i, level)),
            _ => None,
        })
}

/// The `#` run that opens an ATX heading, or `None` for a setext heading.
pub(crate) fn atx_marker(doc: &Document, node: usize) -> Option<Range<usize>> {
    let range = doc.node(node).range.clone();
    let text = &doc.source()[range.clone()];
    let indent = text.len() - text.trim_start_matches(' ').len();
    let hashes = text[indent..].len() - text[indent..].trim_start_matches('#').len();
    (hashes > 0).then(|| range.start + indent..range.start + indent + hashes)
}

/// The edit that sets heading `node` to `level` (ATX only; `None` for setext headings, whose
/// underline can only say 1 or 2).
pub(crate) fn set_level(doc: &Document, node: usize, level: u8) -> Option<crate::diagnostic::Edit> {
    let marker = atx_marker(doc, node)?;
    Some(crate::diagnostic::Edit::replacement(
        marker,
        "#".repeat(level as usize),
    ))
}
