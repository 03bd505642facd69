//! The parsed draft that every rule reads.
//!
//! A [`Document`] is built once per file (and once per fix pass): the source text, a line index,
//! the front matter, and a compact tree of pulldown-cmark nodes with their byte ranges in the
//! original source. Rules never re-parse; they walk this tree and slice the source.
//!
//! Invariant: every range stored here indexes `source` (the whole file, BOM included), so an
//! edit built from a node range lands on the right bytes even after a BOM or front matter.

use std::any::{Any, TypeId};
use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::{Arc, Mutex};

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag};

/// The pulldown-cmark extensions blogfmt parses with. Shared with the parse-only benchmark so
/// that the comparison measures the same work.
pub const PARSE_OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_FOOTNOTES)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS)
    .union(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);

const BOM: &str = "\u{feff}";

/// What a node of the markdown tree is. Containers own the nodes that follow them up to
/// [`Node::end`]; code blocks, HTML blocks and front matter are opaque leaves because no prose
/// rule may look inside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    /// A paragraph.
    Paragraph,
    /// An ATX or setext heading with its level (1 to 6).
    Heading(u8),
    /// A block quote.
    BlockQuote,
    /// A fenced (`fenced == true`) or indented code block.
    CodeBlock {
        /// Whether the block is fenced with backticks or tildes.
        fenced: bool,
    },
    /// A raw HTML block.
    HtmlBlock,
    /// An ordered or bullet list.
    List,
    /// A list item.
    Item,
    /// A GFM table and its parts.
    Table,
    /// A cell of a table (header or body).
    TableCell,
    /// Another table part (head, row).
    TablePart,
    /// A footnote definition.
    FootnoteDefinition,
    /// YAML or TOML front matter.
    FrontMatter,
    /// A thematic break (`---`, `***`, `___`).
    ThematicBreak,
    /// Emphasis (`*x*`).
    Emphasis,
    /// Strong emphasis (`**x**`).
    Strong,
    /// Strikethrough (`~~x~~`).
    Strikethrough,
    /// A link; `dest` indexes [`Document::destination`].
    Link {
        /// Index of the destination URL.
        dest: u32,
    },
    /// An image; `dest` indexes [`Document::destination`].
    Image {
        /// Index of the destination URL.
        dest: u32,
    },
    /// Plain text.
    Text,
    /// An inline code span.
    Code,
    /// Inline HTML, such as a comment or a `<span>`.
    InlineHtml,
    /// A soft line break inside a paragraph.
    SoftBreak,
    /// A hard line break.
    HardBreak,
    /// Anything else (footnote references, task markers, math): kept so the tree is complete.
    Other,
}

impl NodeKind {
    /// Whether this node is inline content (inside a paragraph, heading or cell).
    pub fn is_inline(self) -> bool {
        matches!(
            self,
            NodeKind::Emphasis
                | NodeKind::Strong
                | NodeKind::Strikethrough
                | NodeKind::Link { .. }
                | NodeKind::Image { .. }
                | NodeKind::Text
                | NodeKind::Code
                | NodeKind::InlineHtml
                | NodeKind::SoftBreak
                | NodeKind::HardBreak
        )
    }
}

/// One node of the flattened tree, stored in pre-order.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the node is.
    pub kind: NodeKind,
    /// Byte range in [`Document::source`].
    pub range: Range<usize>,
    /// Index one past this node's last descendant: children are `index + 1 .. end`.
    pub end: usize,
    /// Nesting depth: 0 for top-level blocks.
    pub depth: u32,
}

/// Front matter: its syntax and its top-level scalar keys.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Byte range of the whole block, delimiters included.
    pub range: Range<usize>,
    /// Top-level keys with scalar values (`title`, `author`, `slug`, ...), as strings.
    pub keys: BTreeMap<String, String>,
}

/// Maps byte offsets to 1-based lines and character columns.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text` (a line ends after `\n`).
    pub fn new(text: &str) -> Self {
        // Room for lines of 32 bytes on average: prose lines are longer, so the vector is
        // rarely grown (growing it was a fifth of the cost).
        let mut line_starts = Vec::with_capacity(text.len() / 32 + 1);
        line_starts.push(0);
        line_starts.extend(newline_offsets(text).map(|i| i + 1));
        LineIndex { line_starts }
    }

    /// The 1-based line holding `offset`.
    pub fn line(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&start| start <= offset)
    }

    /// 1-based line and 1-based column in characters of `offset` in `text`.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let column = text[start..offset.max(start)].chars().count() + 1;
        (line, column)
    }

    /// Byte offsets where the lines start, in order: 0, then one past each `\n`.
    pub fn starts(&self) -> &[usize] {
        &self.line_starts
    }

    /// Byte offset where 1-based `line` starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts[line.clamp(1, self.line_starts.len()) - 1]
    }

    /// Byte range of the whole lines covering `range`, line terminators included.
    pub fn line_span(&self, text: &str, range: Range<usize>) -> Range<usize> {
        let first = self.line(range.start);
        let last_byte = range.end.max(range.start + 1) - 1;
        let last = self.line(last_byte.min(text.len().saturating_sub(1)));
        let start = self.line_start(first);
        let end = self.line_starts.get(last).copied().unwrap_or(text.len());
        start..end.max(start)
    }
}

/// CRLF when the text uses it anywhere, else LF.
fn line_ending(text: &str) -> &'static str {
    // A search for the rare `\r` alone, then a look at the byte after it: cheaper than a
    // substring search for `\r\n` through the whole text.
    let bytes = text.as_bytes();
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) == Some(&b'\n')) {
        "\r\n"
    } else {
        "\n"
    }
}

fn newline_offsets(text: &str) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', text.as_bytes())
}

/// The largest char boundary at or below `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// An order-independent digest of a document's literal text: the contents of its code blocks,
/// HTML blocks, front matter, code spans and inline HTML, as the parser reads them (container
/// markers such as `> ` excluded), and the link reference definitions in force. Two documents with equal digests hold the same literals,
/// possibly moved; the fixer uses it to refuse a fix that would change code.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LiteralDigest {
    count: usize,
    sum: u64,
}

impl LiteralDigest {
    fn add(&mut self, hasher: LiteralHasher) {
        use std::hash::Hasher;
        self.count += 1;
        self.sum = self.sum.wrapping_add(hasher.finish());
    }
}

/// The hash of one literal. foldhash's quality hasher, not SipHash: hashing every code block
/// with SipHash was 1.5% of a corpus check. Unlike SipHash it hashes each `write` as a unit,
/// so a block's text is gathered first and written once.
type LiteralHasher = foldhash::quality::FoldHasher<'static>;

/// Start hashing one literal of the given kind.
fn literal_hasher(kind: &str) -> LiteralHasher {
    use std::hash::{BuildHasher, Hash};
    let mut hasher = foldhash::quality::FixedState::default().build_hasher();
    kind.hash(&mut hasher);
    hasher
}

/// A parsed draft. See the module docs.
#[derive(Debug)]
pub struct Document {
    source: String,
    literals: LiteralDigest,
    line_index: LineIndex,
    front_matter: Option<FrontMatter>,
    nodes: Vec<Node>,
    destinations: Vec<String>,
    newline: &'static str,
    facts: Facts,
}

/// Facts derived from a document that several rules need (where the summary is, the
/// placeholders), computed by the first rule that asks and shared with the others.
type Facts = Mutex<Vec<Fact>>;

/// One memoized fact: its type, its key, and its value.
type Fact = (TypeId, usize, Arc<dyn Any + Send + Sync>);

impl Document {
    /// Parse `source` once. Never fails: any text is some markdown.
    pub fn parse(source: String) -> Self {
        let body_start = if source.starts_with(BOM) {
            BOM.len()
        } else {
            0
        };
        let Tree {
            nodes,
            destinations,
            front_matter,
            literals,
        } = build_tree(&source, body_start);
        let newline = line_ending(&source);
        Document {
            line_index: LineIndex::new(&source),
            source,
            literals,
            front_matter,
            nodes,
            destinations,
            newline,
            facts: Mutex::default(),
        }
    }

    /// A fact about this document, computed once by `compute` and shared by every later
    /// call with the same result type and `key`. The key tells apart facts of one type
    /// computed under different settings: callers pass the address of the settings they
    /// compute with (a family's style), which lives as long as the config the document is
    /// linted with, and so outlives the document.
    pub fn memo<T: Any + Send + Sync>(&self, key: usize, compute: impl FnOnce() -> T) -> Arc<T> {
        let id = TypeId::of::<T>();
        let cached = |facts: &[Fact]| {
            facts
                .iter()
                .find(|(t, k, _)| *t == id && *k == key)
                .and_then(|(_, _, fact)| Arc::clone(fact).downcast::<T>().ok())
        };
        if let Some(fact) = cached(&self.lock_facts()) {
            return fact;
        }
        // Computed without the lock held: `compute` may ask for other facts.
        let fact = Arc::new(compute());
        let mut facts = self.lock_facts();
        if let Some(earlier) = cached(&facts) {
            return earlier;
        }
        facts.push((id, key, fact.clone()));
        fact
    }

    fn lock_facts(&self) -> std::sync::MutexGuard<'_, Vec<Fact>> {
        // A panic while the lock was held left the list as it was: still usable.
        self.facts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The whole source text, as read.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Give back the source text.
    pub fn into_source(self) -> String {
        self.source
    }

    /// The digest of the document's code, HTML and front matter contents.
    pub fn literal_digest(&self) -> LiteralDigest {
        self.literals
    }

    /// The line index of the source.
    pub fn line_index(&self) -> &LineIndex {
        &self.line_index
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        self.line_index.line_col(&self.source, offset)
    }

    /// The line ending new text should use: CRLF when the draft uses it, else LF.
    pub fn newline(&self) -> &'static str {
        self.newline
    }

    /// The front matter, if the draft has one.
    pub fn front_matter(&self) -> Option<&FrontMatter> {
        self.front_matter.as_ref()
    }

    /// A front matter key (`title`, `author`, `slug`), if present and non-empty.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.front_matter
            .as_ref()
            .and_then(|fm| fm.keys.get(key))
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }

    /// All nodes in pre-order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    /// The node at `index`.
    pub fn node(&self, index: usize) -> &Node {
        &self.nodes[index]
    }

    /// The source text of a node.
    pub fn text(&self, index: usize) -> &str {
        &self.source[self.nodes[index].range.clone()]
    }

    /// The destination URL of a link or image node.
    pub fn destination(&self, index: usize) -> &str {
        match self.nodes[index].kind {
            NodeKind::Link { dest } | NodeKind::Image { dest } => &self.destinations[dest as usize],
            _ => "",
        }
    }

    /// Indices of the direct children of node `index`.
    pub fn children(&self, index: usize) -> Children<'_> {
        Children {
            nodes: &self.nodes,
            next: index + 1,
            end: self.nodes[index].end,
        }
    }

    /// Indices of the top-level blocks, front matter excluded.
    pub fn blocks(&self) -> impl Iterator<Item = usize> + '_ {
        Children {
            nodes: &self.nodes,
            next: 0,
            end: self.nodes.len(),
        }
        .filter(|&i| self.nodes[i].kind != NodeKind::FrontMatter)
    }

    /// Indices of the top-level blocks after top-level block `index`, in order: a walk that
    /// starts there rather than filtering every block from the first.
    pub fn blocks_after(&self, index: usize) -> impl Iterator<Item = usize> + '_ {
        Children {
            nodes: &self.nodes,
            next: self.nodes.get(index).map_or(self.nodes.len(), |n| n.end),
            end: self.nodes.len(),
        }
    }

    /// The plain text of a node: its text and code spans, with line breaks as spaces.
    pub fn plain_text(&self, index: usize) -> String {
        let mut out = String::new();
        for node in &self.nodes[index..self.nodes[index].end] {
            match node.kind {
                NodeKind::Text | NodeKind::Code => {
                    let raw = &self.source[node.range.clone()];
                    if node.kind == NodeKind::Code {
                        out.push_str(raw.trim_matches('`').trim());
                    } else {
                        out.push_str(&unescape(raw));
                    }
                }
                NodeKind::SoftBreak | NodeKind::HardBreak => out.push(' '),
                _ => {}
            }
        }
        out
    }

    /// The document title: front matter `title`, else the text of the first top-level H1.
    pub fn title(&self) -> Option<String> {
        if let Some(title) = self.meta("title") {
            return Some(title.to_string());
        }
        self.blocks()
            .find(|&i| self.nodes[i].kind == NodeKind::Heading(1))
            .map(|i| self.plain_text(i))
    }

    /// Byte range of a node with its trailing line terminator removed.
    pub fn trimmed_range(&self, index: usize) -> Range<usize> {
        let range = self.nodes[index].range.clone();
        let text = &self.source[range.clone()];
        range.start..range.start + text.trim_end_matches(['\n', '\r']).len()
    }

    /// The offset where the line holding `offset` starts.
    pub fn line_start_of(&self, offset: usize) -> usize {
        let start = self
            .line_index
            .line_start(self.line_index.line(offset.min(self.source.len())));
        // The first line starts after the BOM: text inserted there must not go before it.
        if start == 0 && self.source.starts_with(BOM) && offset >= BOM.len() {
            BOM.len()
        } else {
            start
        }
    }

    /// The offset just past the end of the line holding `offset` (after its terminator).
    pub fn line_end_of(&self, offset: usize) -> usize {
        // The next line's start, from the index: no scan of a long line.
        let line = self.line_index.line(offset.min(self.source.len()));
        self.line_index
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.source.len())
    }
}

/// Iterator over the direct children of a node.
pub struct Children<'a> {
    nodes: &'a [Node],
    next: usize,
    end: usize,
}

impl Iterator for Children<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.next >= self.end {
            return None;
        }
        let current = self.next;
        self.next = self.nodes[current].end;
        Some(current)
    }
}

/// Remove backslash escapes from a text node's source (`\*` reads as `*`).
fn unescape(raw: &str) -> std::borrow::Cow<'_, str> {
    if !raw.contains('\\') {
        return raw.into();
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            continue;
        }
        out.push(c);
    }
    out.into()
}

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
struct Tree {
    nodes: Vec<Node>,
    destinations: Vec<String>,
    front_matter: Option<FrontMatter>,
    literals: LiteralDigest,
}

fn build_tree(source: &str, offset: usize) -> Tree {
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
    let mut events = Parser::new_ext(body, PARSE_OPTIONS).into_offset_iter();
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
                if let Event::Code(text) | Event::InlineHtml(text) | Event::Html(text) = &other {
                    let mut hasher = literal_hasher("inline");
                    text.hash(&mut hasher);
                    literals.add(hasher);
                }
                let kind = match other {
                    Event::Text(_) => NodeKind::Text,
                    Event::Code(_) => NodeKind::Code,
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
    Tree {
        nodes,
        destinations,
        front_matter,
        literals,
    }
}

fn parse_front_matter(source: &str, range: Range<usize>, kind: MetadataBlockKind) -> FrontMatter {
    let block = &source[range.clone()];
    // The content sits between the first and last delimiter lines.
    let inner_start = block.find('\n').map_or(block.len(), |i| i + 1);
    let inner_end = block
        .trim_end_matches(['\n', '\r'])
        .rfind('\n')
        .map_or(inner_start, |i| i + 1)
        .max(inner_start);
    let inner = &block[inner_start..inner_end];
    let keys = match kind {
        MetadataBlockKind::YamlStyle => yaml_keys(inner),
        MetadataBlockKind::PlusesStyle => toml_keys(inner),
    };
    FrontMatter { range, keys }
}

fn yaml_keys(text: &str) -> BTreeMap<String, String> {
    use yaml_rust2::{Yaml, YamlLoader};
    let mut keys = BTreeMap::new();
    let Ok(docs) = YamlLoader::load_from_str(text) else {
        return keys;
    };
    if let Some(Yaml::Hash(hash)) = docs.first() {
        for (key, value) in hash {
            let (Some(key), Some(value)) = (key.as_str(), yaml_scalar(value)) else {
                continue;
            };
            keys.insert(key.to_string(), value);
        }
    }
    keys
}

fn yaml_scalar(value: &yaml_rust2::Yaml) -> Option<String> {
    use yaml_rust2::Yaml;
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        // A list of authors reads as its first entry.
        Yaml::Array(items) => items.first().and_then(yaml_scalar),
        _ => None,
    }
}

fn toml_keys(text: &str) -> BTreeMap<String, String> {
    use toml::de::{DeTable, DeValue};
    // The borrowed parse: the keys are read once, so the owned `toml::Table` (a String per
    // key and value, through serde) would only be built to be copied from.
    let Ok(table) = DeTable::parse(text) else {
        return BTreeMap::new();
    };
    let scalar = |value: &DeValue<'_>| match value {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|i| i.to_string()),
        DeValue::Boolean(b) => Some(b.to_string()),
        DeValue::Datetime(d) => Some(d.to_string()),
        _ => None,
    };
    let mut keys = BTreeMap::new();
    for (key, value) in table.get_ref() {
        let value = match value.get_ref() {
            DeValue::Array(items) => match items.first().map(|v| v.get_ref()) {
                Some(first @ DeValue::String(_)) => scalar(first),
                _ => None,
            },
            other => scalar(other),
        };
        if let Some(value) = value {
            keys.insert(key.get_ref().to_string(), value);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_counts_characters_not_bytes() {
        let text = "ab\néé x\n";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        assert_eq!(index.line_col(text, 3), (2, 1));
        let x = text.find('x').unwrap();
        assert_eq!(index.line_col(text, x), (2, 4));
        assert_eq!(index.line_span(text, 4..5), 3..text.len());
    }

    #[test]
    fn yaml_front_matter_keys_are_readable() {
        let doc = Document::parse(
            "---\ntitle: \"Hello: world\"\nauthor: [Jane Doe, Bob]\nslug: hi\n---\n# Hi\n".into(),
        );
        assert_eq!(doc.meta("title"), Some("Hello: world"));
        assert_eq!(doc.meta("author"), Some("Jane Doe"));
        assert_eq!(doc.meta("slug"), Some("hi"));
    }

    #[test]
    fn toml_front_matter_keys_are_readable() {
        let doc =
            Document::parse("+++\ntitle = \"Rust 1.0\"\nauthors = [\"Ann\"]\n+++\n\nText\n".into());
        assert_eq!(doc.meta("title"), Some("Rust 1.0"));
        assert_eq!(doc.meta("authors"), Some("Ann"));
        assert_eq!(doc.title().as_deref(), Some("Rust 1.0"));
    }

    #[test]
    fn literal_digest_sees_code_changes_not_moves() {
        let digest = |text: &str| Document::parse(text.to_string()).literal_digest();
        let code = "Intro\n\n```\nlet x = 1;\nlet y = 2;\n```\n";
        assert_ne!(digest(code), digest(&code.replace("x = 1", "x = 2")));
        // The same block quoted (one text event per line) or after other prose.
        assert_eq!(
            digest(code),
            digest("> ```\n> let x = 1;\n> let y = 2;\n> ```\n\nIntro\n")
        );
        // The same bytes as another kind of block are another literal.
        assert_ne!(digest("<div>\n</div>\n"), digest("    <div>\n    </div>\n"));
    }

    #[test]
    fn only_the_opening_metadata_block_is_front_matter() {
        let doc =
            Document::parse("+++\ntitle = \"A\"\n+++\n\nText\n\n+++\ntitle = \"B\"\n+++\n".into());
        assert_eq!(doc.meta("title"), Some("A"));
        assert_eq!(doc.front_matter().map(|f| f.range.clone()), Some(0..19));
        let doc = Document::parse("Text\n\n---\ntitle: B\n---\n".into());
        assert!(doc.front_matter().is_none());
        assert_eq!(doc.title(), None);
    }

    #[test]
    fn bom_keeps_ranges_on_the_original_bytes() {
        let doc = Document::parse("\u{feff}---\ntitle: T\n---\n## TLDR\n".into());
        assert_eq!(doc.meta("title"), Some("T"));
        let heading = doc.blocks().next().unwrap();
        assert_eq!(doc.node(heading).kind, NodeKind::Heading(2));
        assert_eq!(doc.text(heading), "## TLDR\n");
    }

    #[test]
    fn code_blocks_are_opaque_leaves() {
        let doc = Document::parse("```\n# not a heading\n```\n\npara `code`\n".into());
        let blocks: Vec<_> = doc.blocks().collect();
        assert_eq!(blocks.len(), 2);
        assert_eq!(
            doc.node(blocks[0]).kind,
            NodeKind::CodeBlock { fenced: true }
        );
        assert_eq!(doc.node(blocks[0]).end, blocks[0] + 1);
        assert_eq!(doc.plain_text(blocks[1]), "para code");
    }

    #[test]
    fn memo_computes_once_per_type_and_key() {
        let doc = Document::parse("text\n".into());
        let calls = std::cell::Cell::new(0);
        let count = |value: u32| {
            calls.set(calls.get() + 1);
            value
        };
        assert_eq!(*doc.memo(1, || count(7)), 7);
        assert_eq!(*doc.memo(1, || count(8)), 7);
        assert_eq!(*doc.memo(2, || count(9)), 9);
        assert_eq!(*doc.memo(1, || String::from("other type")), "other type");
        assert_eq!(calls.get(), 2);
    }
}
