//! Markup that sits in a heading's text in any dialect: attribute lists (`{#id}`, `{.class}`,
//! `{: …}`), template tags (`{{ … }}`, `{% … %}`) and emoji shortcodes (`:pray:`). In the Hugo
//! and Jekyll dialects most of it is an embedded node already; in CommonMark it is text, so
//! heading case and the fixer's guard look for it here.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{Document, NodeKind};

static MARKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\{[#.:][^{}]*\}|\{\{.*?\}\}|\{%.*?%\}|:[a-z0-9_+-]*[a-z][a-z0-9_+-]*:")
        .expect("valid pattern")
});

/// The markup spans of `text`. An emoji needs a boundary on both sides: `a:b:c` and
/// `std::env::x` hold none.
pub(crate) fn spans(text: &str) -> Vec<Range<usize>> {
    // Most text holds no markup: the regex runs only when it may.
    if !text.contains(['{', ':']) {
        return Vec::new();
    }
    let bytes = text.as_bytes();
    let bounded = |at: Option<&u8>| at.is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b':');
    MARKUP
        .find_iter(text)
        .filter(|m| {
            !m.as_str().starts_with(':')
                || (bounded(m.start().checked_sub(1).and_then(|i| bytes.get(i)))
                    && bounded(bytes.get(m.end())))
        })
        .map(|m| m.range())
        .collect()
}

/// Every markup span in the text of the headings of `doc`, sorted: what no fix may change.
pub(crate) fn heading_markup(doc: &Document) -> Vec<&str> {
    let mut found = Vec::new();
    let mut heading_end = 0;
    for (index, node) in doc.nodes().iter().enumerate() {
        match node.kind {
            NodeKind::Heading(_) => heading_end = node.end,
            NodeKind::Text if index < heading_end => {
                let text = doc.text(index);
                found.extend(spans(text).into_iter().map(|span| &text[span]));
            }
            _ => {}
        }
    }
    found.sort_unstable();
    found
}

/// How many more `(` than `)`, and `[` than `]`, the document's text holds (code, HTML tags
/// and link syntax are not text): a fix that moves or cuts prose keeps both.
pub(crate) fn bracket_balance(doc: &Document) -> [isize; 2] {
    let mut balance = [0isize; 2];
    for (index, node) in doc.nodes().iter().enumerate() {
        if node.kind == NodeKind::Text {
            for byte in doc.text(index).bytes() {
                match byte {
                    b'(' => balance[0] += 1,
                    b')' => balance[0] -= 1,
                    b'[' => balance[1] += 1,
                    b']' => balance[1] -= 1,
                    _ => {}
                }
            }
        }
    }
    balance
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_found_in_heading_text_only() {
        let doc = Document::parse(
            "# Title {#top}\n\n## :pray: thanks {.x} `{#code}`\n\nBody {#not-a-heading} :x:\n"
                .to_string(),
        );
        assert_eq!(heading_markup(&doc), [":pray:", "{#top}", "{.x}"]);
        assert!(spans("std::env::x and a:b:c").is_empty());
    }

    #[test]
    fn brackets_are_counted_in_text() {
        // The code span's `)`, the link's syntax and the HTML tag are not text.
        let doc = Document::parse("(a [b] `)` [link](x) <span a=\"(\">\n".to_string());
        assert_eq!(bracket_balance(&doc), [1, 0]);
    }
}
