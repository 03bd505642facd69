use serde::Deserialize;

use crate::diagnostic::Edit;
use crate::markdown::prose::is_autolink;
use crate::markdown::{Document, NodeKind};
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks for a spaced double hyphen (` -- `) standing in for a dash in prose.
    ///
    /// ## Example
    /// ```markdown
    /// Caching isn't a storage problem -- it's a consistency problem.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// Caching isn't a storage problem — it's a consistency problem.
    /// ```
    ///
    /// ## Fix
    /// Replaces the hyphens with an em dash: ` — ` with style `spaced`, `—` (spaces removed)
    /// with style `closed`. Only text nodes change: code, inline code, HTML, URLs, front
    /// matter and `---` rules never do.
    ///
    /// ## Options
    /// `style`: `"spaced"` or `"closed"`.
    id: "typography/dashes",
    fix: Always,
    vars: ["found", "expected"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        Ok(Box::new(Dashes { options: ctx.options()? }))
    },
}

/// The rule's table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    style: Style,
}

/// How the em dash is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Style {
    /// `a — b`.
    Spaced,
    /// `a—b`.
    Closed,
}

struct Dashes {
    options: Options,
}

impl Rule for Dashes {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        // ` -- ` is rare: find where it occurs in the whole file first (a vectorised scan),
        // then look only at the text nodes that hold one.
        // Walking every text node of a post that has one somewhere was most of this rule.
        let finder = memchr::memmem::Finder::new(b" -- ");
        let bytes = doc.source().as_bytes();
        let mut next = finder.find(bytes);
        if next.is_none() {
            return;
        }
        let mut links = EnclosingLinks::default();
        for (index, node) in doc.nodes().iter().enumerate() {
            let link = links.at(doc, index);
            if node.kind != NodeKind::Text {
                continue;
            }
            let range = node.range.clone();
            // Nodes are in pre-order, so text nodes come in source order and the next place
            // only moves forward: search again from this node once it is behind.
            if next.is_some_and(|at| at < range.start) {
                next = finder.find(&bytes[range.start..]).map(|i| range.start + i);
            }
            let Some(at) = next else {
                break;
            };
            if at + 4 > range.end || link.is_some_and(|l| is_autolink(doc, l)) {
                continue;
            }
            let source = &doc.source()[range.clone()];
            for (at, _) in source.match_indices(" -- ") {
                // `a --- b` or `a ---- b` is something else; leave it.
                if source[..at].ends_with('-') {
                    continue;
                }
                let start = range.start + at;
                let (edit, expected) = match self.options.style {
                    Style::Spaced => (Edit::replacement(start + 1..start + 3, "—"), " — "),
                    Style::Closed => (Edit::replacement(start..start + 4, "—"), "—"),
                };
                let vars = [("found", " -- "), ("expected", expected)];
                checker.report_fix(start..start + 4, &vars, vec![edit]);
            }
        }
    }
}

/// The innermost link or image around each node, asked in document order: the links still
/// open are kept on a stack. Walking back through siblings instead made a paragraph of many
/// text nodes (a draft with lone-CR line endings) quadratic.
#[derive(Default)]
struct EnclosingLinks {
    open: Vec<usize>,
}

impl EnclosingLinks {
    /// The innermost link or image holding node `index`; `index` must not decrease.
    fn at(&mut self, doc: &Document, index: usize) -> Option<usize> {
        while self.open.last().is_some_and(|&l| doc.node(l).end <= index) {
            self.open.pop();
        }
        let around = self.open.last().copied();
        if matches!(
            doc.node(index).kind,
            NodeKind::Link { .. } | NodeKind::Image { .. }
        ) {
            self.open.push(index);
        }
        around
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_around_a_text_node_is_found_through_other_inlines() {
        let doc = Document::parse("A [link *to -- it*](u) then -- more\n\n- [x](v) y\n".into());
        let text_at = |needle: &str| {
            let at = doc.source().find(needle).unwrap();
            (0..doc.nodes().len())
                .find(|&i| doc.node(i).kind == NodeKind::Text && doc.node(i).range.contains(&at))
                .unwrap()
        };
        let mut links = EnclosingLinks::default();
        let around: Vec<_> = (0..doc.nodes().len()).map(|i| links.at(&doc, i)).collect();
        let link = |needle: &str| around[text_at(needle)];
        assert!(matches!(
            doc.node(link("to --").unwrap()).kind,
            NodeKind::Link { .. }
        ));
        assert_eq!(link("then"), None);
        assert_eq!(link("y"), None);
        assert!(link("x").is_some());
    }
}
