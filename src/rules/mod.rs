//! The rule trait, the context a rule checks in, and the registry of built-in rules.
//!
//! One rule lives in one file under `src/rules/<family>/`: its documentation (a `///` comment
//! captured by [`declare_rule!`]), its options struct (deserialized from its table in
//! `rules/default.toml`) and its `check`, which reports diagnostics and their fixes together.
//! Shared detection for a family (where the summary is, where the bio is) sits in the family's
//! `mod.rs`, configured by the family table's own keys.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::config::{ConfigError, RuleContext};
use crate::diagnostic::{AssetRequest, Diagnostic, Edit, Fix, Severity};
use crate::markdown::Document;
use crate::template::Template;

pub(crate) mod assets;
pub(crate) mod bio;
pub(crate) mod custom;
pub(crate) mod structure;
pub(crate) mod summary;
pub(crate) mod text;
pub(crate) mod typography;

/// Whether a rule can fix what it reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// Every violation comes with a fix.
    Always,
    /// Some violations come with a fix; the others only the author can resolve.
    Sometimes,
    /// The rule only reports.
    None,
}

impl FixAvailability {
    /// Whether the rule fixes anything at all.
    pub fn is_fixable(self) -> bool {
        self != FixAvailability::None
    }
}

/// A configured rule's check.
pub trait Rule: Send + Sync {
    /// Report this rule's violations in `checker.doc()`.
    fn check(&self, checker: &mut Checker<'_>);
}

/// What the registry knows of a built-in rule before any config is read.
pub struct RuleSpec {
    /// `family/name`.
    pub id: &'static str,
    /// Whether the rule fixes what it finds.
    pub fix: FixAvailability,
    /// The variables the rule's `message` and `fix` templates may use.
    pub vars: &'static [&'static str],
    /// The rule's documentation: what it does, an example, what to write instead.
    pub doc: &'static str,
    /// Build the rule from its family's shared keys and its own options.
    pub build: fn(&RuleContext<'_>) -> Result<Box<dyn Rule>, ConfigError>,
}

impl RuleSpec {
    /// The family part of the id (`summary` of `summary/heading`).
    pub fn family(&self) -> &'static str {
        self.id
            .split_once('/')
            .map_or(self.id, |(family, _)| family)
    }

    /// The name part of the id (`heading` of `summary/heading`), the key of its config table.
    pub fn name(&self) -> &'static str {
        self.id.split_once('/').map_or(self.id, |(_, name)| name)
    }
}

/// What `blogfmt rules`, `blogfmt explain` and the fixer know of a configured rule: copied
/// from the registry for a built-in rule, built from its table for a `[[custom]]` rule (whose
/// id and documentation exist only once the config is read, hence owned rather than static).
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// `family/name`.
    pub id: Arc<str>,
    /// Whether the rule fixes what it finds.
    pub fix: FixAvailability,
    /// The variables the rule's `message` and `fix` templates may use.
    pub vars: &'static [&'static str],
    /// The rule's documentation, as `blogfmt explain` prints it.
    pub doc: Cow<'static, str>,
}

impl From<&'static RuleSpec> for RuleMeta {
    fn from(spec: &'static RuleSpec) -> Self {
        RuleMeta {
            id: Arc::from(spec.id),
            fix: spec.fix,
            vars: spec.vars,
            doc: Cow::Borrowed(spec.doc),
        }
    }
}

/// Declare a rule's spec with its `///` documentation captured as text for `blogfmt explain`.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])+
        id: $id:literal,
        fix: $fix:ident,
        vars: [$($var:literal),* $(,)?],
        build: $build:expr $(,)?
    ) => {
        /// This rule's registry entry.
        pub(crate) static SPEC: $crate::rules::RuleSpec = $crate::rules::RuleSpec {
            id: $id,
            fix: $crate::rules::FixAvailability::$fix,
            vars: &[$($var),*],
            doc: concat!($($doc, "\n"),+),
            build: $build,
        };
    };
}
pub(crate) use declare_rule;

/// Every built-in rule, in documentation order.
pub(crate) static RULES: &[&RuleSpec] = &[
    &summary::heading::SPEC,
    &summary::position::SPEC,
    &summary::missing::SPEC,
    &summary::length::SPEC,
    &bio::structure::SPEC,
    &bio::missing::SPEC,
    &bio::length::SPEC,
    &bio::opening::SPEC,
    &assets::placeholder::SPEC,
    &assets::unresolved::SPEC,
    &assets::alt_text::SPEC,
    &assets::consecutive::SPEC,
    &assets::code_screenshot::SPEC,
    &assets::missing_file::SPEC,
    &structure::title::SPEC,
    &structure::heading_increment::SPEC,
    &structure::heading_case::SPEC,
    &structure::code_language::SPEC,
    &structure::whitespace::SPEC,
    &typography::dashes::SPEC,
];

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_documented_and_unique() {
        let mut ids = std::collections::HashSet::new();
        for spec in RULES {
            assert!(ids.insert(spec.id), "duplicate rule id {}", spec.id);
            assert!(spec.id.contains('/'), "{} is not family/name", spec.id);
            for section in ["## What it does", "## Example", "## Use instead"] {
                assert!(spec.doc.contains(section), "{} lacks `{section}`", spec.id);
            }
            if spec.fix.is_fixable() {
                assert!(spec.doc.contains("## Fix"), "{} lacks `## Fix`", spec.id);
            }
        }
    }

    #[test]
    fn every_fixable_rule_has_a_fixture() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for spec in RULES.iter().filter(|s| s.fix.is_fixable()) {
            let dir = root.join(spec.id.replace('/', "-"));
            assert!(
                dir.join("bad.md").is_file(),
                "fixable rule {} has no fixtures/{}/bad.md",
                spec.id,
                spec.id.replace('/', "-")
            );
        }
    }
}
