//! The rule reference, `docs/rules.md`, generated from the registry and the embedded default
//! house style, so it can never describe a rule differently from the binary. A test compares
//! the checked-in file with [`rules_reference`] and rewrites it when `BLOGFMT_UPDATE_DOCS=1`.

use std::fmt::Write;

use crate::rules::RULES;
use crate::settings::Config;
use crate::settings::DEFAULT_TOML;

/// The one-line summary of a rule: the first sentence of its "What it does".
pub fn summary(doc: &str) -> String {
    let what = doc.split("## What it does").nth(1).unwrap_or(doc);
    what.split("\n \n")
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .split(". ")
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_string()
}

/// A rule's `///` documentation as markdown, its headings moved down by `levels`.
pub fn rule_doc(doc: &str, levels: usize) -> String {
    let mut out = String::new();
    let mut in_code = false;
    for line in doc.lines() {
        let line = line.strip_prefix(' ').unwrap_or(line);
        if line.starts_with("```") {
            in_code = !in_code;
        }
        if !in_code && line.starts_with('#') {
            out.push_str(&"#".repeat(levels));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn yes_no(fixable: bool) -> &'static str {
    if fixable { "yes" } else { "no" }
}

/// Text safe inside a markdown table cell.
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Text as an inline code span, fenced by enough backticks for the ones inside it.
fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// A GitHub heading anchor for a rule id (`summary/heading` -> `summaryheading`).
fn anchor(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .collect::<String>()
        .to_lowercase()
}

/// `docs/rules.md`: every rule with its default severity, whether it fixes, its message, why,
/// options with their defaults and its examples, grouped by family with the family's shared
/// keys.
pub fn rules_reference() -> String {
    let config = Config::default_style();
    let defaults: toml::Table = DEFAULT_TOML
        .parse()
        .expect("the embedded default parses (checked by tests)");
    let mut out = String::new();
    out.push_str("# blogfmt rules\n\n");
    out.push_str(
        "<!-- Generated from the rule registry and rules/default.toml. Do not edit by hand: \
         run `BLOGFMT_UPDATE_DOCS=1 cargo test --test docs`. -->\n\n",
    );
    out.push_str(
        "Every rule blogfmt runs, with its settings in the default house style. A blog changes \
         any of them in its `blogfmt.toml` (start one with `blogfmt init`); `blogfmt explain \
         RULE` prints a rule's entry with the blog's own settings.\n\n",
    );
    out.push_str("| Rule | Severity | Fixable | What it checks |\n| --- | --- | --- | --- |\n");
    for spec in RULES {
        let severity = config
            .rule(spec.id)
            .and_then(|r| r.severity)
            .map_or("off", |s| s.as_str());
        let _ = writeln!(
            out,
            "| [`{}`](#{}) | {severity} | {} | {} |",
            spec.id,
            anchor(spec.id),
            yes_no(spec.fix.is_fixable()),
            cell(&summary(spec.doc))
        );
    }
    out.push_str("\n## Dialects\n\n");
    out.push_str(crate::markdown::DIALECT_REFERENCE);
    let mut families: Vec<&str> = RULES.iter().map(|s| s.family()).collect();
    families.dedup();
    for family in families {
        let _ = writeln!(out, "\n## {family}\n");
        let shared: Vec<(&String, &toml::Value)> = defaults
            .get(family)
            .and_then(|v| v.as_table())
            .map(|t| t.iter().filter(|(_, v)| !v.is_table()).collect())
            .unwrap_or_default();
        if !shared.is_empty() {
            let _ = writeln!(
                out,
                "Keys of `[{family}]` shared by its rules:\n\n| Key | Default |\n| --- | --- |"
            );
            for (key, value) in shared {
                let _ = writeln!(out, "| `{key}` | {} |", cell(&code(&value.to_string())));
            }
        }
        for spec in RULES.iter().filter(|s| s.family() == family) {
            let _ = writeln!(out, "\n### {}\n", spec.id);
            let Some(rule) = config.rule(spec.id) else {
                out.push_str("Not in the default house style.\n");
                continue;
            };
            let _ = writeln!(
                out,
                "- **Severity:** {}",
                rule.severity.map_or("off", |s| s.as_str())
            );
            let _ = writeln!(out, "- **Fixable:** {}", yes_no(spec.fix.is_fixable()));
            let _ = writeln!(out, "- **Message:** {}", rule.message());
            let why: Vec<&str> = rule.why.split_whitespace().collect();
            let _ = writeln!(out, "- **Why:** {}", why.join(" "));
            if !rule.options.is_empty() {
                out.push_str("- **Options:**\n");
                for (key, value) in &rule.options {
                    let _ = writeln!(out, "  - `{key}` = {}", code(value));
                }
            }
            out.push('\n');
            out.push_str(&rule_doc(spec.doc, 2));
        }
    }
    out
}
