//! The prose of a document: the text nodes a prose rule may read and rewrite, and what an edit
//! must know of the lines around it.

use super::{Document, NodeKind};

/// Where a text node sits: what prose rules need to know to decide whether to touch it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TextNode {
    /// The node index; its kind is [`NodeKind::Text`].
    pub node: usize,
    /// The heading holding it, if any.
    pub heading: Option<usize>,
    /// The link or image holding it, if any.
    pub link: Option<usize>,
}

/// Every text node of the document in order, with its heading and link. Code blocks, HTML
/// blocks and front matter have no text nodes, and inline code and HTML are other kinds, so
/// this is exactly the prose a rule may rewrite.
pub(crate) fn text_nodes(doc: &Document) -> Vec<TextNode> {
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (index, node) in doc.nodes().iter().enumerate() {
        while open.last().is_some_and(|&o| doc.node(o).end <= index) {
            open.pop();
        }
        if node.kind == NodeKind::Text {
            let find = |pred: fn(NodeKind) -> bool| {
                open.iter().rev().copied().find(|&o| pred(doc.node(o).kind))
            };
            out.push(TextNode {
                node: index,
                heading: find(|k| matches!(k, NodeKind::Heading(_))),
                link: find(|k| matches!(k, NodeKind::Link { .. } | NodeKind::Image { .. })),
            });
        } else if node.end > index + 1 {
            open.push(index);
        }
    }
    out
}

/// Whether link node `link` is an autolink (`<https://…>`): its text is a URL, not prose.
pub(crate) fn is_autolink(doc: &Document, link: usize) -> bool {
    doc.text(link).starts_with('<')
}

/// Whether the line just before `line_start` in `source` is blank (or there is none).
///
/// Removing or unwrapping a block whose previous line is not blank can make its neighbours
/// merge (two quotes become one, a paragraph swallows the next line, `---` turns the line above
/// into a heading), so such edits leave a blank line in its place.
pub(crate) fn follows_blank_line(source: &str, line_start: usize) -> bool {
    let before = &source[..line_start];
    let before = before.strip_suffix('\n').unwrap_or(before);
    let previous = before.rfind('\n').map_or(before, |i| &before[i + 1..]);
    previous.trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_lines_before_a_line_are_seen() {
        assert!(follows_blank_line("a\n\nb", 3));
        assert!(follows_blank_line("a\r\n\r\nb", 5));
        assert!(follows_blank_line("b", 0));
        assert!(!follows_blank_line("> a\nb", 4));
    }
}
