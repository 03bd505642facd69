//! One pass of pulldown-cmark over a draft, flattened into the nodes every rule reads.

use pulldown_cmark::{Event, Options, Parser, Tag};

use super::embedded;
use super::front_matter::{FrontMatter, parse_front_matter};
use super::literal::{LiteralDigest, literal_hasher};
use super::node::{Node, NodeKind};
use super::syntax::{Dialect, Syntax};

/// The pulldown-cmark extensions blogfmt parses with. Shared with the parse-only benchmark so
/// that the comparison measures the same work.
pub const PARSE_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
    .union(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);

fn node_kind(tag: &Tag<'_>, destinations: &mut Vec<String>) -> NodeKind {
    match tag {
        Tag::Paragraph => NodeKind::Paragraph,
        Tag::Heading { level, .. } => NodeKind::Heading(*level as u8),
        Tag::BlockQuote(_) => NodeKind::BlockQuote,
        Tag::CodeBlock(kind) => NodeKind::CodeBlock {
            fenced: matches!(kind, pulldown_cmark::CodeBlockKind::Fenced(_)),
        },
        Tag::HtmlBlock => NodeKind::HtmlBlock,
        Tag::List(_) => NodeKind::List,
        Tag::Item => NodeKind::Item,
        Tag::Table(_) => NodeKind::Table,
        Tag::TableCell => NodeKind::TableCell,
        Tag::TableHead | Tag::TableRow => NodeKind::TablePart,
        Tag::FootnoteDefinition(_) => NodeKind::FootnoteDefinition,
        Tag::MetadataBlock(_) => NodeKind::FrontMatter,
        Tag::Emphasis => NodeKind::Emphasis,
        Tag::Strong => NodeKind::Strong,
        Tag::Strikethrough => NodeKind::Strikethrough,
        Tag::Link { dest_url, .. } => {
            destinations.push(dest_url.as_ref().to_owned());
            NodeKind::Link {
                dest: (destinations.len() - 1) as u32,
            }
        }
        Tag::Image { dest_url, .. } => {
            destinations.push(dest_url.as_ref().to_owned());
            NodeKind::Image {
                dest: (destinations.len() - 1) as u32,
            }
        }
        _ => NodeKind::Other,
    }
}

/// Whether the children of a container are skipped: their text is not prose.
fn is_opaque(kind: NodeKind) -> bool {
    matches!(
        kind,
        NodeKind::CodeBlock { .. } | NodeKind::HtmlBlock | NodeKind::FrontMatter
    )
}

/// What one parse of the source yields.
pub(super) struct Tree {
    pub nodes: Vec<Node>,
    pub destinations: Vec<String>,
    pub front_matter: Option<FrontMatter>,
    pub literals: LiteralDigest,
    /// The dialect's embedded spans, sorted and disjoint.
    pub embedded: Vec<std::ops::Range<usize>>,
}

pub(super) fn build_tree(source: &str, offset: usize, syntax: &Syntax) -> Tree {
    use std::hash::{Hash, Hasher};
    let body = &source[offset..];
    let mut literals = LiteralDigest::default();
    // The kind of the opaque block being read, and its text so far.
    let mut literal: Option<&'static str> = None;
    let mut literal_text: Vec<u8> = Vec::new();
    let mut nodes: Vec<Node> = Vec::with_capacity(body.len() / 16);
    let mut destinations = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut front_matter = None;
    let mut opaque_depth = 0usize;
    let options = if syntax.math {
        PARSE_OPTIONS.union(Options::ENABLE_MATH)
    } else {
        PARSE_OPTIONS
    };
    let mut events = Parser::new_ext(body, options).into_offset_iter();
    for (event, range) in events.by_ref() {
        let range = range.start + offset..range.end + offset;
        let depth = open.len() as u32;
        match event {
            Event::Start(tag) => {
                if opaque_depth > 0 {
                    opaque_depth += 1;
                    continue;
                }
                let kind = node_kind(&tag, &mut destinations);
                // pulldown-cmark also reads a `+++` or `---` block later in the post as a
                // metadata block; only the one the post opens with is its front matter.
                if let Tag::MetadataBlock(meta_kind) = &tag
                    && range.start == offset
                {
                    front_matter = Some(parse_front_matter(source, range.clone(), *meta_kind));
                }
                if is_opaque(kind) {
                    opaque_depth = 1;
                    // The kind is part of the literal: text that a fix turns from front matter
                    // into an HTML block (pulldown-cmark reads a `> ---` line as the start of
                    // front matter) has changed even though its bytes have not.
                    literal = Some(match kind {
                        NodeKind::FrontMatter => "front matter",
                        NodeKind::HtmlBlock => "html block",
                        _ => "code block",
                    });
                    literal_text.clear();
                }
                open.push(nodes.len());
                nodes.push(Node {
                    kind,
                    range,
                    end: 0,
                    depth,
                });
            }
            Event::End(_) => {
                if opaque_depth > 1 {
                    opaque_depth -= 1;
                    continue;
                }
                opaque_depth = 0;
                if let Some(kind) = literal.take() {
                    let mut hasher = literal_hasher(kind);
                    hasher.write(&literal_text);
                    literals.add(hasher);
                }
                if let Some(index) = open.pop() {
                    nodes[index].end = nodes.len();
                }
            }
            Event::Text(text) | Event::Html(text) if opaque_depth > 0 => {
                // Gathered whole: the hash of a block is the same however its text is split
                // into events (a quoted block yields one event per line).
                literal_text.extend_from_slice(text.as_bytes());
            }
            _ if opaque_depth > 0 => {}
            other => {
                if let Event::Code(text)
                | Event::InlineHtml(text)
                | Event::Html(text)
                | Event::InlineMath(text)
                | Event::DisplayMath(text) = &other
                {
                    let mut hasher = literal_hasher("inline");
                    text.hash(&mut hasher);
                    literals.add(hasher);
                }
                let kind = match other {
                    Event::Text(_) => NodeKind::Text,
                    Event::Code(_) => NodeKind::Code,
                    Event::InlineMath(_) | Event::DisplayMath(_) => NodeKind::Embedded,
                    Event::InlineHtml(_) | Event::Html(_) => NodeKind::InlineHtml,
                    Event::SoftBreak => NodeKind::SoftBreak,
                    Event::HardBreak => NodeKind::HardBreak,
                    Event::Rule => NodeKind::ThematicBreak,
                    _ => NodeKind::Other,
                };
                nodes.push(Node {
                    kind,
                    range,
                    end: nodes.len() + 1,
                    depth,
                });
            }
        }
    }
    // Link reference definitions count as literals: moving one above a duplicate label
    // would change where every `[label]` link points.
    for (label, def) in events.reference_definitions().iter() {
        let mut hasher = literal_hasher("definition");
        label.to_lowercase().hash(&mut hasher);
        def.dest.hash(&mut hasher);
        def.title.as_deref().hash(&mut hasher);
        literals.add(hasher);
    }
    let mut embedded = Vec::new();
    if syntax.dialect != Dialect::CommonMark || syntax.math {
        embedded = dialect_spans(source, offset, syntax, &nodes);
        for span in &embedded {
            let mut hasher = literal_hasher("embedded");
            hasher.write(source[span.clone()].as_bytes());
            literals.add(hasher);
        }
        nodes = embedded::nodes::mark(nodes, &embedded, source);
    }
    Tree {
        nodes,
        destinations,
        front_matter,
        literals,
        embedded,
    }
}

/// The dialect's embedded spans of the body after the front matter, none starting inside
/// code or the front matter.
fn dialect_spans(
    source: &str,
    offset: usize,
    syntax: &Syntax,
    nodes: &[Node],
) -> Vec<std::ops::Range<usize>> {
    let literal: Vec<_> = nodes
        .iter()
        .filter(|n| {
            matches!(
                n.kind,
                NodeKind::CodeBlock { .. } | NodeKind::Code | NodeKind::FrontMatter
            )
        })
        .map(|n| n.range.clone())
        .collect();
    let body = nodes
        .first()
        .filter(|n| n.kind == NodeKind::FrontMatter && n.range.start == offset)
        .map_or(offset, |n| n.range.end);
    embedded::find_embedded(source, body, syntax, &literal)
}
