//! The checker a rule reports through: it renders the rule's configured templates, so a rule
//! only names its variables.

use std::ops::Range;

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
}

/// What a rule sees while it checks: the document, and a place to report.
pub struct Checker<'a> {
    doc: &'a Document,
    rule: &'a RuleReport,
    diagnostics: &'a mut Vec<Diagnostic>,
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

    fn fix(&self, vars: &[(&str, &str)], edits: Vec<Edit>) -> Fix {
        let title = self
            .rule
            .fix
            .as_ref()
            .map(|t| t.render(vars))
            .unwrap_or_default();
        Fix::new(edits, title)
    }

    fn push(&mut self, range: Range<usize>, vars: &[(&str, &str)], fix: Option<Fix>) {
        self.diagnostics.push(Diagnostic {
            rule: self.rule.id.clone(),
            severity: self.rule.severity,
            range,
            message: self.rule.message.render(vars),
            fix,
        });
    }
}
