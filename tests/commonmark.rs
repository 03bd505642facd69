//! CommonMark conformance: every example of the CommonMark spec
//! (`../shared/commonmark/spec-examples.json`, 655 examples) goes through `check` and `fix`.
//!
//! - With the full default house style: no panic, a fixpoint, `fix` idempotent, every byte
//!   outside the changed ranges kept, code and HTML untouched, and every top-level block no
//!   edit reached renders to the same HTML as before.
//! - With only the structure-neutral rules: every example comes back byte-identical.
//!
//! Structure-neutral rules are those that cannot add, move or remove a block, so they cannot
//! change what a spec example means: every report-only rule, plus the fixable rules that only
//! rewrite text inside one block (`typography/dashes`, `structure/heading-case`, custom rules)
//! and only fire on house-style words the spec does not use. Rules that insert or move blocks
//! (`summary/heading` turns a lead-in into a heading, `summary/position` moves a section,
//! `bio/structure` adds a heading, `assets/placeholder` rewrites a paragraph, the structure
//! rules that add a final newline or demote headings) are left out. A rule merged later is in
//! the neutral set only when listed in `NEUTRAL_FIXABLE`.
//!
//! The file is found relative to the crate; without it the tests print a note and pass.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use serde::Deserialize;

use blogfmt::{Config, fix};

/// Fixable rules that rewrite text within one block and never touch a spec example.
const NEUTRAL_FIXABLE: &[&str] = &["typography/dashes"];

#[derive(Deserialize)]
struct Example {
    example: u32,
    section: String,
    markdown: String,
}

fn examples() -> Option<Vec<Example>> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/commonmark/spec-examples.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return None;
    };
    let examples: Vec<Example> = serde_json::from_str(&text).expect("spec examples parse");
    assert!(examples.len() >= 600, "only {} examples", examples.len());
    Some(examples)
}

/// Run `check` on every example, collecting the examples it fails on.
fn failures(examples: &[Example], check: impl Fn(&str)) -> Vec<String> {
    examples
        .iter()
        .filter_map(|e| {
            catch_unwind(AssertUnwindSafe(|| check(&e.markdown)))
                .err()
                .map(|panic| {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    format!("example {} ({}): {message}", e.example, e.section)
                })
        })
        .collect()
}

#[test]
fn default_style_keeps_every_promise_on_the_spec() {
    let Some(examples) = examples() else { return };
    let config = Config::default_style();
    let failed = failures(&examples, |markdown| {
        common::check_fix_invariants(markdown, &config);
    });
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}

#[test]
fn structure_neutral_rules_leave_the_spec_byte_identical() {
    let Some(examples) = examples() else { return };
    let mut config = Config::default_style();
    let neutral: Vec<String> = config
        .rules()
        .iter()
        .filter(|r| !r.spec.fix.is_fixable() || NEUTRAL_FIXABLE.contains(&r.id()))
        .map(|r| r.id().to_string())
        .collect();
    config.restrict(&neutral, &[]).expect("known rules");
    let failed = failures(&examples, |markdown| {
        let outcome = fix(markdown, &config).expect("fix reaches a fixpoint");
        assert_eq!(outcome.text(), markdown, "changed by {:?}", outcome.changes);
        assert!(outcome.changed.is_empty());
    });
    assert!(failed.is_empty(), "{}", failed.join("\n\n"));
}
