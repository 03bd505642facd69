//! The nodes of a parsed draft's flattened tree.

use std::ops::Range;

/// What a node of the markdown tree is. Containers own the nodes that follow them up to
/// [`Node::end`]; code blocks, HTML blocks, front matter and embedded blocks are opaque leaves
/// because no prose rule may look inside them.
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
    /// Inline text in another language that the dialect embeds: a shortcode, a Liquid tag,
    /// a JSX tag or expression, math. Opaque, like inline code.
    Embedded,
    /// A block of such text: ESM, a code-like shortcode or Liquid pair, a paragraph that is
    /// only template tags. Opaque, like an HTML block.
    EmbeddedBlock,
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
                | NodeKind::Embedded
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
