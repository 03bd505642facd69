//! Blog-defined rules: the check of a `[[custom]]` rule.
//!
//! A custom rule is a regex matched against one kind of prose (`scope`), with an optional
//! `replace` (with `$1`-style captures) that makes it fixable. It is matched inside single text
//! nodes only, so code blocks, inline code, HTML and front matter are never matched. The settings
//! layer reads the `[[custom]]` tables, validates them and builds this rule once per config.

use regex::Regex;

use crate::diagnostic::Edit;
use crate::markdown::Document;
use crate::markdown::prose::{is_autolink, text_nodes};
use crate::rule::{Checker, Rule};

/// The variables a custom rule's `message` may use.
pub(crate) const VARS: &[&str] = &["match", "replacement"];

/// Which prose a custom rule reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Body text: paragraphs, lists, quotes, tables and link text; not headings.
    Prose,
    /// Heading text.
    Headings,
    /// Link text and the destinations of inline links and images.
    Links,
    /// All of the above.
    All,
}

impl Scope {
    /// The scope a `scope` value names.
    pub(crate) fn parse(text: &str) -> Option<Scope> {
        match text {
            "prose" => Some(Scope::Prose),
            "headings" => Some(Scope::Headings),
            "links" => Some(Scope::Links),
            "all" => Some(Scope::All),
            _ => None,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Scope::Prose => "body text (paragraphs, lists, quotes, tables, link text)",
            Scope::Headings => "heading text",
            Scope::Links => "link text and link destinations",
            Scope::All => "all prose, headings, link text and link destinations",
        }
    }
}

/// A compiled custom rule.
pub(crate) struct CustomRule {
    /// What to match.
    pub pattern: Regex,
    /// Where to match it.
    pub scope: Scope,
    /// The replacement, with `$1`-style references, that makes the rule fixable.
    pub replace: Option<String>,
}

impl Rule for CustomRule {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let mut ranges = Vec::new();
        for text in text_nodes(doc) {
            let in_link = text.link.is_some_and(|l| !is_autolink(doc, l));
            let wanted = match self.scope {
                Scope::Prose => text.heading.is_none() && text.link.is_none_or(|_| in_link),
                Scope::Headings => text.heading.is_some(),
                Scope::Links => in_link,
                Scope::All => true,
            };
            if wanted {
                ranges.push(doc.node(text.node).range.clone());
            }
        }
        if matches!(self.scope, Scope::Links | Scope::All) {
            ranges.extend(destinations(checker.doc()));
            ranges.sort_by_key(|r| r.start);
        }
        for range in ranges {
            let text = &doc.source()[range.clone()];
            for caps in self.pattern.captures_iter(text) {
                let found = caps.get(0).expect("group 0 always matches");
                if found.is_empty() {
                    continue;
                }
                let at = range.start + found.start()..range.start + found.end();
                match &self.replace {
                    Some(replace) => {
                        let mut replacement = String::new();
                        caps.expand(replace, &mut replacement);
                        if replacement == found.as_str() {
                            continue;
                        }
                        let vars = [("match", found.as_str()), ("replacement", &replacement)];
                        let edit = Edit::replacement(at.clone(), replacement.clone());
                        checker.report_fix(at, &vars, vec![edit]);
                    }
                    // A rule without `replace` has no replacement: `{replacement}` renders empty.
                    None => checker.report(at, &[("match", found.as_str()), ("replacement", "")]),
                }
            }
        }
    }
}

/// Byte ranges of the destinations of inline links and images, as written in the source.
fn destinations(doc: &Document) -> Vec<std::ops::Range<usize>> {
    use crate::markdown::NodeKind;
    let mut out = Vec::new();
    for (index, node) in doc.nodes().iter().enumerate() {
        if !matches!(node.kind, NodeKind::Link { .. } | NodeKind::Image { .. }) {
            continue;
        }
        let dest = doc.destination(index);
        let source = doc.text(index);
        if dest.is_empty() || !source.ends_with(')') {
            continue;
        }
        // The destination follows the last `](`; reference links have none here.
        let Some(open) = source.rfind("](") else {
            continue;
        };
        if let Some(at) = source[open..].find(dest) {
            let start = node.range.start + open + at;
            out.push(start..start + dest.len());
        }
    }
    out
}

/// The documentation `blogfmt explain` prints for a custom rule.
pub(crate) fn doc(message: &str, pattern: &str, scope: Scope, replace: Option<&str>) -> String {
    let mut doc = format!(
        " ## What it does\n {}.\n\n A custom rule of this blog's house style: it matches the regex `{pattern}` in {}. Code blocks, inline code, HTML and front matter are never matched.\n",
        message.trim_end_matches('.'),
        scope.describe()
    );
    if let Some(replace) = replace {
        doc.push_str(&format!(
            "\n ## Fix\n Each match is replaced with `{replace}` (`$1`-style references are the pattern's capture groups).\n"
        ));
    }
    doc
}
