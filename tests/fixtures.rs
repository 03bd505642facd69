//! Snapshot tests over `fixtures/<case>/*.md`.
//!
//! For every markdown file under `fixtures/`, one snapshot pins what a user sees: the
//! diagnostics `check` prints, the diff `fix` makes, the fixed draft and the changes log. A
//! folder may hold a `config.toml` (a house style; use `extends = "default"`).
//!
//! Invariants checked in code for every file, from markdownlint and ruff:
//! - `fix(fix(x)) == fix(x)` and nothing fixable remains after a fix;
//! - fenced and indented code blocks come back byte-identical;
//! - a CRLF draft stays CRLF;
//! - files named `good*.md` are left byte-identical, and files named `good*.md` or
//!   `lookalike*.md` get no diagnostic from the rule the folder is named after
//!   (`summary-heading` is `summary/heading`).

mod common;

use std::path::Path;

use blogfmt::report::changes_log::{self, LogContext};
use blogfmt::{Config, Document, lint};

use common::code_blocks;

fn config_for(dir: &Path) -> Config {
    let path = dir.join("config.toml");
    if path.exists() {
        // Named relative to fixtures/ so snapshots do not depend on where the checkout is.
        let name = format!("{}/config.toml", dir.file_name().unwrap().to_string_lossy());
        let text = std::fs::read_to_string(&path).unwrap();
        Config::from_toml(&name, &text).unwrap_or_else(|e| panic!("{e}"))
    } else {
        Config::default_style()
    }
}

/// The rule a folder is named after, if it is one (`bio-structure` -> `bio/structure`).
fn folder_rule(dir: &Path, config: &Config) -> Option<String> {
    let name = dir.file_name()?.to_str()?;
    let (family, rule) = name.split_once('-')?;
    let id = format!("{family}/{rule}");
    config.rule(&id).map(|_| id)
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*/*.md", |path| {
        let dir = path.parent().unwrap();
        let config = config_for(dir);
        let source = std::fs::read_to_string(path).unwrap();
        let name = format!(
            "{}/{}",
            dir.file_name().unwrap().to_string_lossy(),
            path.file_name().unwrap().to_string_lossy()
        );
        let file = path.file_name().unwrap().to_string_lossy().to_string();

        // Read as `fix` reads it: in the dialect the folder's config names.
        let doc = Document::parse_as(source.clone(), &config.syntax());
        let diagnostics = lint(&doc, &config);
        let outcome = blogfmt::fix(&source, &config).unwrap_or_else(|e| panic!("{name}: {e}"));

        // Idempotence and nothing fixable left.
        let again = blogfmt::fix(outcome.text(), &config).unwrap();
        assert_eq!(
            again.text(),
            outcome.text(),
            "{name}: fix is not idempotent"
        );
        assert!(
            outcome.remaining.iter().all(|d| d.fix.is_none()),
            "{name}: fixable diagnostics remain after fix"
        );
        for d in &diagnostics {
            if d.fix.is_some() {
                let rule = config.rule(&d.rule).unwrap();
                assert!(
                    rule.spec.fix.is_fixable(),
                    "{name}: {} fixed but not fixable",
                    d.rule
                );
            }
        }
        assert_eq!(
            code_blocks(&source),
            code_blocks(outcome.text()),
            "{name}: a code block changed"
        );
        if source.contains("\r\n") && !source.replace("\r\n", "").contains('\n') {
            assert!(
                !outcome.text().replace("\r\n", "").contains('\n'),
                "{name}: CRLF draft gained LF line endings"
            );
        }
        if file.starts_with("good") {
            assert_eq!(outcome.text(), source, "{name}: a good file was changed");
        }
        if (file.starts_with("good") || file.starts_with("lookalike"))
            && let Some(rule) = folder_rule(dir, &config)
        {
            let hits: Vec<_> = diagnostics.iter().filter(|d| *d.rule == *rule).collect();
            assert!(hits.is_empty(), "{name}: {rule} reported {hits:?}");
        }

        let mut snapshot = String::from("## check\n\n");
        for d in &diagnostics {
            let (line, column) = doc.line_col(d.range.start);
            let fixable = if d.fix.is_some() { " [fixable]" } else { "" };
            snapshot.push_str(&format!(
                "{line}:{column}: {} {} {}{fixable}\n",
                d.severity.as_str(),
                d.rule,
                d.message
            ));
        }
        snapshot.push_str("\n## diff\n\n");
        let diff = similar::TextDiff::from_lines(&source, outcome.text());
        snapshot.push_str(&diff.unified_diff().context_radius(1).to_string());
        snapshot.push_str("\n## fixed\n\n");
        snapshot.push_str(outcome.text());
        snapshot.push_str("\n## changes-log.md\n\n");
        let title = outcome.document.title();
        snapshot.push_str(&changes_log::render(
            &outcome,
            &LogContext {
                title: title.as_deref(),
                source_name: &name,
                output_name: "fixed-draft.md",
                config: &config,
            },
        ));
        insta::assert_snapshot!(snapshot);
    });
}
