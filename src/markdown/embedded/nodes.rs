//! Turning the nodes inside embedded spans into opaque leaves.

use std::ops::Range;

use crate::markdown::node::{Node, NodeKind};

/// `nodes` with every node that lies inside one of `spans` (sorted, disjoint) replaced by an
/// opaque leaf: [`NodeKind::EmbeddedBlock`] for a block, [`NodeKind::Embedded`] for inline
/// content (neighbouring pieces of one span merged). Text partly inside a span is split, and
/// a paragraph left holding only embedded content becomes an embedded block (a line that is
/// only a `{% include %}` or a `<Tabs>` tag is no prose paragraph).
pub(crate) fn mark(nodes: Vec<Node>, spans: &[Range<usize>], source: &str) -> Vec<Node> {
    if spans.is_empty() {
        return nodes;
    }
    let mut out = Vec::with_capacity(nodes.len() + spans.len());
    let mut i = 0;
    while i < nodes.len() {
        i = emit(&nodes, i, spans, source, &mut out);
    }
    out
}

/// Emit node `i` (and its subtree) into `out`; returns the index after its subtree.
fn emit(
    nodes: &[Node],
    i: usize,
    spans: &[Range<usize>],
    source: &str,
    out: &mut Vec<Node>,
) -> usize {
    let node = &nodes[i];
    // Most of a draft is prose or code no span reaches: copy such a subtree as it is, its
    // `end` indices moved by where it lands.
    let first = spans.partition_point(|s| s.end <= node.range.start);
    if spans.get(first).is_none_or(|s| s.start >= node.range.end) {
        let shift = out.len() as isize - i as isize;
        out.extend(nodes[i..node.end].iter().map(|n| Node {
            end: n.end.saturating_add_signed(shift),
            ..n.clone()
        }));
        return node.end;
    }
    let trimmed = trimmed(source, &node.range);
    // Literal blocks keep their kind (their text is in the digest already); table and list
    // parts keep theirs so the table or list stays whole, and their content is marked inside.
    let keeps_kind = matches!(
        node.kind,
        NodeKind::FrontMatter
            | NodeKind::CodeBlock { .. }
            | NodeKind::HtmlBlock
            | NodeKind::TableCell
            | NodeKind::TablePart
            | NodeKind::Item
    );
    if !keeps_kind && let Some(span) = covering(spans, &trimmed) {
        if node.kind.is_inline() {
            push_inline(out, node.range.clone(), node.depth, span);
        } else {
            out.push(Node {
                kind: NodeKind::EmbeddedBlock,
                range: node.range.clone(),
                end: out.len() + 1,
                depth: node.depth,
            });
        }
        return node.end;
    }
    if node.kind == NodeKind::Text {
        split_text(out, node, spans);
        return i + 1;
    }
    let index = out.len();
    out.push(node.clone());
    let mut child = i + 1;
    while child < node.end {
        child = emit(nodes, child, spans, source, out);
    }
    out[index].end = out.len();
    let only_embedded = out.len() > index + 1
        && out[index + 1..]
            .iter()
            .all(|n| matches!(n.kind, NodeKind::Embedded | NodeKind::SoftBreak));
    if node.kind == NodeKind::Paragraph && only_embedded {
        out.truncate(index + 1);
        out[index].kind = NodeKind::EmbeddedBlock;
        out[index].end = index + 1;
    }
    node.end
}

/// Push text `node`, split where it enters and leaves spans.
fn split_text(out: &mut Vec<Node>, node: &Node, spans: &[Range<usize>]) {
    let range = node.range.clone();
    let first = spans.partition_point(|s| s.end <= range.start);
    let mut at = range.start;
    for span in &spans[first..] {
        if span.start >= range.end {
            break;
        }
        if at < span.start {
            push_leaf(out, NodeKind::Text, at..span.start, node.depth);
        }
        let inside = at.max(span.start)..span.end.min(range.end);
        push_inline(out, inside.clone(), node.depth, span);
        at = inside.end;
    }
    if at < range.end {
        push_leaf(out, NodeKind::Text, at..range.end, node.depth);
    }
}

/// Push an inline piece of `span`, merged into the previous sibling when that is a piece of
/// the same span (the last node pushed at the same depth is the previous sibling).
fn push_inline(out: &mut Vec<Node>, range: Range<usize>, depth: u32, span: &Range<usize>) {
    if let Some(last) = out.last_mut()
        && last.kind == NodeKind::Embedded
        && last.depth == depth
        && last.range.start >= span.start
    {
        last.range.end = range.end;
        return;
    }
    push_leaf(out, NodeKind::Embedded, range, depth);
}

fn push_leaf(out: &mut Vec<Node>, kind: NodeKind, range: Range<usize>, depth: u32) {
    let end = out.len() + 1;
    out.push(Node {
        kind,
        range,
        end,
        depth,
    });
}

/// The span holding all of `range`, if one does.
fn covering<'s>(spans: &'s [Range<usize>], range: &Range<usize>) -> Option<&'s Range<usize>> {
    let k = spans.partition_point(|s| s.end <= range.start);
    spans
        .get(k)
        .filter(|s| s.start <= range.start && range.end <= s.end)
}

/// `range` without the whitespace and line terminators it ends with: a block's range takes
/// its line break, which no span does.
fn trimmed(source: &str, range: &Range<usize>) -> Range<usize> {
    let text = &source[range.clone()];
    range.start..range.start + text.trim_end().len()
}
