//! Linting: every active rule over one parsed document, then the suppression comments.

use crate::diagnostic::Diagnostic;
use crate::markdown::Document;
use crate::settings::Config;
use crate::suppress;

/// Lint a parsed document: every active rule's diagnostics, in document order, minus those
/// the document's `<!-- blogfmt-disable … -->` comments suppress (which are then not fixed
/// either).
pub fn lint(doc: &Document, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for rule in config.active_rules() {
        let mut checker = crate::rule::Checker::new(doc, &rule.report, &mut diagnostics);
        rule.check.check(&mut checker);
    }
    suppress::Suppressions::new(doc).apply(&mut diagnostics);
    // Unstable, so the sort needs no scratch copy (a stable sort borrows half the vector
    // again, and a hostile draft has a diagnostic every few bytes). The message breaks ties, so
    // the order stays one a reader can predict.
    diagnostics.sort_unstable_by(|a, b| {
        (a.range.start, a.range.end, &a.rule, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            &b.rule,
            &b.message,
        ))
    });
    diagnostics
}
