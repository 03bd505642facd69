//! The checker a rule reports through: it renders the rule's configured templates, so a rule
//! only names its variables.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::{AssetRequest, Diagnostic, Edit, Fix, Severity};
use crate::markdown::Document;
use crate::template::Template;

/// The id, severity and templates of the rule being checked, as configured.
#[derive(Debug, Clone)]
pub struct RuleReport {
    /// The rule id.
    pub id: std::sync::Arc<str>,
    /// The configured severity.
    pub severity: Severity,
    /// The diagnostic message template.
    pub message: Template,
    /// The "Changed to" template of fixable rules.
    pub fix: Option<Template>,
    /// The variables the rule declares for its templates: every report must pass each one,
    /// since a house style may use any of them.
    pub vars: &'static [&'static str],
}

/// What a rule sees while it checks: the document, and a place to report.
pub struct Checker<'a> {
    doc: &'a Document,
    rule: &'a RuleReport,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Every message and title rendered so far, so repeats share one allocation. foldhash,
    /// not SipHash (seeded per process, as SipHash is): SipHash was 1% of a corpus check.
    rendered: HashSet<Arc<str>, foldhash::fast::RandomState>,
}

impl<'a> Checker<'a> {
    pub(crate) fn new(
        doc: &'a Document,
        rule: &'a RuleReport,
        diagnostics: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Checker {
            doc,
            rule,
            diagnostics,
            rendered: HashSet::default(),
        }
    }

    /// The document being checked.
    pub fn doc(&self) -> &'a Document {
        self.doc
    }

    /// Report a violation that only the author can fix.
    pub fn report(&mut self, range: Range<usize>, vars: &[(&str, &str)]) {
        self.push(range, vars, None);
    }

    /// Report a violation together with the edits that fix it.
    pub fn report_fix(&mut self, range: Range<usize>, vars: &[(&str, &str)], edits: Vec<Edit>) {
        let fix = self.fix(vars, edits);
        self.push(range, vars, Some(fix));
    }

    /// Report a violation with the edits that fix it, when the new text refers to a file
    /// (`asset`) that someone still has to produce.
    pub fn report_asset_fix(
        &mut self,
        range: Range<usize>,
        vars: &[(&str, &str)],
        edits: Vec<Edit>,
        asset: AssetRequest,
    ) {
        let fix = self.fix(vars, edits).with_asset(asset);
        self.push(range, vars, Some(fix));
    }

    fn fix(&mut self, vars: &[(&str, &str)], edits: Vec<Edit>) -> Fix {
        let title = self
            .rule
            .fix
            .as_ref()
            .map(|t| t.render(vars))
            .unwrap_or_default();
        Fix::new(edits, self.shared(title))
    }

    /// `text` as an `Arc` shared with every equal text this checker rendered before. A draft
    /// with a violation every few bytes repeats the same few messages: one copy of each, not
    /// one per diagnostic.
    fn shared(&mut self, text: String) -> Arc<str> {
        if let Some(seen) = self.rendered.get(text.as_str()) {
            return seen.clone();
        }
        let text: Arc<str> = text.into();
        self.rendered.insert(text.clone());
        text
    }

    fn push(&mut self, range: Range<usize>, vars: &[(&str, &str)], fix: Option<Fix>) {
        // A declared variable left out would render empty in a house style that uses it, and
        // no default template might show it: debug builds (every test) refuse it.
        debug_assert!(
            self.rule
                .vars
                .iter()
                .all(|declared| vars.iter().any(|(name, _)| name == declared)),
            "rule {} declares template variables {:?} but passed {:?}",
            self.rule.id,
            self.rule.vars,
            vars.iter().map(|(name, _)| name).collect::<Vec<_>>()
        );
        let message = self.shared(self.rule.message.render(vars));
        self.diagnostics.push(Diagnostic {
            rule: self.rule.id.clone(),
            severity: self.rule.severity,
            range,
            message,
            fix: fix.map(Box::new),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(vars: &[(&str, &str)]) -> Vec<Diagnostic> {
        let doc = Document::parse("text\n".into());
        let rule = RuleReport {
            id: "family/rule".into(),
            severity: Severity::Error,
            message: Template::parse("{a} and {b}", &["a", "b"]).unwrap(),
            fix: None,
            vars: &["a", "b"],
        };
        let mut diagnostics = Vec::new();
        Checker::new(&doc, &rule, &mut diagnostics).report(0..4, vars);
        diagnostics
    }

    #[test]
    fn every_declared_variable_is_rendered() {
        assert_eq!(&*report(&[("a", "x"), ("b", "")])[0].message, "x and ");
    }

    #[test]
    #[should_panic(expected = "declares template variables")]
    fn a_declared_variable_left_out_fails_in_tests() {
        report(&[("a", "x")]);
    }
}
