//! The parsed draft that every rule reads.
//!
//! A [`Document`] is built once per file (and once per fix pass): the source text, a line index,
//! the front matter, and a compact tree of pulldown-cmark nodes with their byte ranges in the
//! original source. Rules never re-parse; they walk this tree and slice the source.
//!
//! Invariant: every range stored here indexes `source` (the whole file, BOM included), so an
//! edit built from a node range lands on the right bytes even after a BOM or front matter.

mod embedded;
pub(crate) mod escape;
mod front_matter;
mod line_index;
mod literal;
pub(crate) mod markup;
mod node;
pub(crate) mod prose;
mod syntax;
pub(crate) mod text_runs;
mod tree;

use std::any::{Any, TypeId};
use std::ops::Range;
use std::sync::{Arc, Mutex};

pub use front_matter::FrontMatter;
pub use line_index::{LineIndex, floor_char_boundary};
pub use literal::LiteralDigest;
pub use node::{Node, NodeKind};
pub use syntax::{DIALECT_REFERENCE, Dialect, Syntax};
pub use tree::PARSE_OPTIONS;

use line_index::line_ending;
use tree::{Tree, build_tree};

const BOM: &str = "\u{feff}";

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
    syntax: Syntax,
    embedded: Vec<Range<usize>>,
    facts: Facts,
}

/// Facts derived from a document that several rules need (where the summary is, the
/// placeholders), computed by the first rule that asks and shared with the others.
type Facts = Mutex<Vec<Fact>>;

/// One memoized fact: its type, the key it was computed under, and its value.
type Fact = (TypeId, FactKey, Arc<dyn Any + Send + Sync>);

/// Names the settings a memoized fact is computed under (a family's style). Each key is new to
/// the process, so a fact computed under one house style is never served under another, even
/// one built later at the same address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FactKey(u64);

impl FactKey {
    /// A key no other call has returned.
    pub fn unique() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        FactKey(NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
    }
}

impl Default for FactKey {
    fn default() -> Self {
        FactKey::unique()
    }
}

impl Document {
    /// Parse `source` once as CommonMark. Never fails: any text is some markdown.
    pub fn parse(source: String) -> Self {
        Document::parse_as(source, &Syntax::commonmark())
    }

    /// Parse `source` once in the dialect `syntax` names.
    pub fn parse_as(source: String, syntax: &Syntax) -> Self {
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
            embedded,
        } = build_tree(&source, body_start, syntax);
        let newline = line_ending(&source);
        Document {
            line_index: LineIndex::new(&source),
            source,
            literals,
            front_matter,
            nodes,
            destinations,
            newline,
            syntax: syntax.clone(),
            embedded,
            facts: Mutex::default(),
        }
    }

    /// Parse `source` in this document's dialect: the text a fix made of it.
    pub fn reparse(&self, source: String) -> Self {
        Document::parse_as(source, &self.syntax)
    }

    /// The dialect the document was read in.
    pub fn syntax(&self) -> &Syntax {
        &self.syntax
    }

    /// Byte ranges of text in another language the dialect embeds (shortcodes, Liquid, JSX,
    /// ESM, display math blocks), sorted and disjoint. Inline math is not listed: the parser
    /// reads it as its own nodes.
    pub fn embedded(&self) -> &[Range<usize>] {
        &self.embedded
    }

    /// A fact about this document, computed once by `compute` and shared by every later
    /// call with the same result type and `key`. The key tells apart facts of one type
    /// computed under different settings: callers pass the [`FactKey`] of the settings they
    /// compute with.
    pub fn memo<T: Any + Send + Sync>(&self, key: FactKey, compute: impl FnOnce() -> T) -> Arc<T> {
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

    /// Whether top-level block `index` may come before the title: an HTML block (a comment,
    /// a suppression comment) or an embedded block (ESM imports, template tags).
    pub fn is_preamble(&self, index: usize) -> bool {
        matches!(
            self.nodes[index].kind,
            NodeKind::HtmlBlock | NodeKind::EmbeddedBlock
        )
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
            .starts()
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

/// Decode file bytes as markdown text: UTF-8 without NUL bytes.
pub fn decode(path: &std::path::Path, bytes: Vec<u8>) -> Result<String, crate::error::Error> {
    if let Some(position) = memchr::memchr(0, &bytes) {
        return Err(crate::error::Error::NotText {
            path: path.to_path_buf(),
            reason: format!("NUL byte at offset {position}"),
        });
    }
    String::from_utf8(bytes).map_err(|e| crate::error::Error::NotText {
        path: path.to_path_buf(),
        reason: format!(
            "invalid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let (one, two) = (FactKey::unique(), FactKey::unique());
        assert_eq!(*doc.memo(one, || count(7)), 7);
        assert_eq!(*doc.memo(one, || count(8)), 7);
        assert_eq!(*doc.memo(two, || count(9)), 9);
        assert_eq!(*doc.memo(one, || String::from("other type")), "other type");
        assert_eq!(calls.get(), 2);
    }
}
