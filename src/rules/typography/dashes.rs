use serde::Deserialize;

use crate::config::{ConfigError, RuleContext};
use crate::diagnostic::Edit;
use crate::rules::text::{is_autolink, text_nodes};
use crate::rules::{Checker, Rule, declare_rule};

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
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, ConfigError> {
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
        // Most posts have no ` -- ` anywhere: one vectorised scan of the whole file is far
        // cheaper than walking its text nodes.
        if memchr::memmem::find(doc.source().as_bytes(), b" -- ").is_none() {
            return;
        }
        for text in text_nodes(doc) {
            if text.link.is_some_and(|l| is_autolink(doc, l)) {
                continue;
            }
            let range = doc.node(text.node).range.clone();
            let source = &doc.source()[range.clone()];
            // Most text has no hyphen at all; a byte scan is far cheaper than setting up a
            // substring search per text node.
            if memchr::memchr(b'-', source.as_bytes()).is_none() {
                continue;
            }
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
