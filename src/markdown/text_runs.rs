//! The text runs of a document's inline content: contiguous text outside links, images and
//! inline HTML elements, and what a reader sees of it.

use std::ops::Range;

use super::escape::reader_text;
use super::{Document, NodeKind};

/// Where a piece of inline text sits, which decides what it may become (a placeholder alone
/// in its paragraph becomes an image; one inside a sentence only a report).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    /// A paragraph of its own (top level, in a list item, in a blockquote).
    Standalone,
    /// Inside a sentence.
    Sentence,
    /// Inside a table cell.
    TableCell,
    /// Inside a heading.
    Heading,
}

/// A block whose inline content is searched for placeholders.
pub(crate) struct TextBlock {
    /// The node (paragraph, heading, cell, or list item holding tight inline content).
    pub node: usize,
    /// The inline nodes, as a range of node indices.
    pub inline: Range<usize>,
    /// Where the block sits.
    pub context: Context,
}

/// Paragraphs at any depth, headings, table cells, and the inline content of tight list items.
pub(crate) fn text_blocks(doc: &Document) -> Vec<TextBlock> {
    let mut blocks = Vec::new();
    for (index, node) in doc.nodes().iter().enumerate() {
        let context = match node.kind {
            NodeKind::Paragraph => Context::Standalone,
            NodeKind::Heading(_) => Context::Heading,
            NodeKind::TableCell => Context::TableCell,
            NodeKind::Item => {
                // A tight list item holds its text directly, without a paragraph.
                let mut group: Option<Range<usize>> = None;
                for child in doc.children(index) {
                    if doc.node(child).kind.is_inline() {
                        let end = doc.node(child).end;
                        group = Some(group.map_or(child..end, |g| g.start..end));
                    } else if let Some(g) = group.take() {
                        blocks.push(TextBlock {
                            node: index,
                            inline: g,
                            context: Context::Standalone,
                        });
                    }
                }
                if let Some(g) = group {
                    blocks.push(TextBlock {
                        node: index,
                        inline: g,
                        context: Context::Standalone,
                    });
                }
                continue;
            }
            _ => continue,
        };
        blocks.push(TextBlock {
            node: index,
            inline: index + 1..node.end,
            context,
        });
    }
    blocks
}

/// The text runs of a block: byte ranges of contiguous text nodes outside links, images and
/// inline HTML elements, searched for placeholders inside sentences. `plain` is true when the
/// block holds only text, emphasis and code spans, so that its whole `content` may be one
/// placeholder.
pub(crate) struct Runs {
    /// The runs, as byte ranges of the source.
    pub runs: Vec<Range<usize>>,
    /// Whether the block holds only text, emphasis and code spans.
    pub plain: bool,
    /// The byte range of the block's whole inline content.
    pub content: Range<usize>,
}

pub(crate) fn text_runs(doc: &Document, block: &TextBlock) -> Runs {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut plain = true;
    let mut content: Option<Range<usize>> = None;
    let mut html_depth = 0usize;
    let mut i = block.inline.start;
    while i < block.inline.end {
        let node = doc.node(i);
        content = Some(content.map_or(node.range.clone(), |c| {
            c.start.min(node.range.start)..c.end.max(node.range.end)
        }));
        match node.kind {
            NodeKind::Text | NodeKind::SoftBreak if html_depth == 0 => match runs.last_mut() {
                Some(run) if run.end == node.range.start => run.end = node.range.end,
                _ => runs.push(node.range.clone()),
            },
            NodeKind::Text | NodeKind::SoftBreak => {}
            NodeKind::InlineHtml => {
                plain = false;
                html_depth = html_nesting(doc.text(i), html_depth);
            }
            NodeKind::Emphasis | NodeKind::Strong | NodeKind::Strikethrough | NodeKind::Code => {}
            _ => plain = false,
        }
        // Link text and alt text are not searched: skip the whole subtree.
        i = if matches!(node.kind, NodeKind::Link { .. } | NodeKind::Image { .. }) {
            node.end
        } else {
            i + 1
        };
    }
    // A soft break at either end belongs to no placeholder.
    let trim = |range: Range<usize>| {
        let text = &doc.source()[range.clone()];
        let lead = text.len() - text.trim_start().len();
        range.start + lead..range.start + lead + text.trim().len()
    };
    let runs = runs
        .into_iter()
        .map(trim)
        .filter(|r| !r.is_empty())
        .collect();
    let content = content.map_or(0..0, trim);
    Runs {
        runs,
        plain,
        content,
    }
}

/// What readers see of `range` in a block's inline nodes: text with escapes resolved and code
/// span contents, without emphasis delimiters.
pub(crate) fn block_text(doc: &Document, inline: Range<usize>, range: Range<usize>) -> String {
    let mut out = String::new();
    for i in inline {
        let node = doc.node(i);
        let start = node.range.start.max(range.start);
        let end = node.range.end.min(range.end);
        if start >= end {
            continue;
        }
        match node.kind {
            NodeKind::Text => out.push_str(&reader_text(&doc.source()[start..end])),
            NodeKind::Code => out.push_str(doc.text(i).trim_matches('`').trim()),
            NodeKind::SoftBreak | NodeKind::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Whitespace runs (line breaks included) collapsed to single spaces, ends trimmed.
pub(crate) fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The inline HTML element depth after `tag`: opening tags nest, closing tags un-nest,
/// comments, declarations, self-closing and void tags leave it.
pub(crate) fn html_nesting(tag: &str, depth: usize) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let tag = tag.trim();
    if tag.starts_with("</") {
        return depth.saturating_sub(1);
    }
    if tag.starts_with("<!") || tag.starts_with("<?") || tag.ends_with("/>") {
        return depth;
    }
    let name: String = tag
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() || VOID.contains(&name.as_str()) {
        depth
    } else {
        depth + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_nesting_tracks_elements() {
        assert_eq!(html_nesting("<span class=x>", 0), 1);
        assert_eq!(html_nesting("</span>", 1), 0);
        assert_eq!(html_nesting("<br>", 0), 0);
        assert_eq!(html_nesting("<!-- c -->", 0), 0);
        assert_eq!(html_nesting("<x/>", 0), 0);
    }
}
