//! Every built-in rule, in documentation order: adding a rule adds one line here.

use super::{assets, bio, structure, summary, typography};
use crate::rule::RuleSpec;

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
    fn every_rule_has_a_fixture_folder() {
        // A rule is shown doing its job (bad.md) and leaving a clean draft alone (good.md),
        // whether or not it fixes anything.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for spec in RULES {
            let folder = spec.id.replace('/', "-");
            for file in ["bad.md", "good.md"] {
                assert!(
                    root.join(&folder).join(file).is_file(),
                    "rule {} has no fixtures/{folder}/{file}",
                    spec.id
                );
            }
        }
    }
}
