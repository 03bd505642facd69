//! Render `changes-log.md`: what the fix changed and why, then what only the author can fix.
//!
//! The log is itself markdown in house style: one H1, level-2 sections, tables and fenced
//! `diff` blocks, so it reads well on GitHub and passes `blogfmt check`'s structure rules.

use std::collections::BTreeMap;
use std::fmt::Write;

use similar::TextDiff;

use crate::diagnostic::Diagnostic;
use crate::fix::FixOutcome;
use crate::markdown::LineIndex;
use crate::settings::Config;

/// What the log needs to know besides the fix outcome.
pub struct LogContext<'a> {
    /// The post's title, when it has one.
    pub title: Option<&'a str>,
    /// How the source file is named in the log.
    pub source_name: &'a str,
    /// The fixed text's name (`fixed-draft.md`).
    pub output_name: &'a str,
    /// The house style used.
    pub config: &'a Config,
}

/// Render the changes log for a fix run.
pub fn render(outcome: &FixOutcome, ctx: &LogContext<'_>) -> String {
    let mut out = String::new();
    let remaining = &outcome.remaining;
    let _ = writeln!(
        out,
        "# Changes log: {}\n",
        // Copied from the draft's front matter: escaped, so raw HTML or a link in a title is
        // shown as text rather than run or followed where the log is rendered.
        crate::markdown::escape::escape_markdown(&inline(ctx.title.unwrap_or(ctx.source_name)))
    );
    let _ = writeln!(
        out,
        "blogfmt brought `{}` to the house style ({}) and wrote `{}`.\n",
        code(ctx.source_name),
        ctx.config.name,
        code(ctx.output_name)
    );
    let _ = writeln!(out, "- Changes applied: {}", outcome.changes.len());
    let _ = writeln!(out, "- Items left for the author: {}\n", remaining.len());

    if !outcome.changes.is_empty() {
        out.push_str("## Changes by Rule\n\n| Rule | Changes |\n| --- | ---: |\n");
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for change in &outcome.changes {
            *counts.entry(&*change.rule).or_default() += 1;
        }
        for (rule, count) in counts {
            let _ = writeln!(out, "| `{rule}` | {count} |");
        }
        out.push('\n');

        write_assets(&mut out, outcome);

        out.push_str("## Changes\n\n");
        let mut ordered: Vec<_> = outcome.changes.iter().collect();
        ordered.sort_by_key(|c| c.original_line);
        for (n, change) in ordered.iter().enumerate() {
            let _ = writeln!(
                out,
                "### {}. `{}` (line {})\n",
                n + 1,
                change.rule,
                change.original_line
            );
            let _ = writeln!(out, "- **What was wrong:** {}", inline(&change.message));
            let _ = writeln!(out, "- **Changed to:** {}", inline(&change.title));
            let _ = writeln!(
                out,
                "- **Why:** {}\n",
                inline(&why(ctx.config, &change.rule))
            );
            out.push_str(&diff_block(&change.before, &change.after));
            out.push('\n');
        }
    }

    out.push_str("## Needs the Author\n\n");
    if remaining.is_empty() {
        out.push_str("Nothing: the draft follows the house style.\n");
    } else {
        let index = outcome.document.line_index();
        out.push_str("blogfmt cannot fix these; the line numbers refer to the fixed draft.\n\n");
        for diagnostic in remaining {
            write_remaining(&mut out, diagnostic, index, outcome.text(), ctx.config);
        }
    }
    out
}

fn write_remaining(
    out: &mut String,
    diagnostic: &Diagnostic,
    index: &LineIndex,
    text: &str,
    config: &Config,
) {
    let (line, _) = index.line_col(text, diagnostic.range.start);
    let _ = writeln!(
        out,
        "- **Line {line}, `{}`** ({}): {}  \n  *Why:* {}",
        diagnostic.rule,
        diagnostic.severity.as_str(),
        inline(&diagnostic.message),
        inline(&why(config, &diagnostic.rule))
    );
}

/// The **Assets to produce** table: every file a fix's new references point to, so a designer
/// can work from the log. Absent when the fix created no such reference.
fn write_assets(out: &mut String, outcome: &FixOutcome) {
    let mut assets: Vec<_> = outcome
        .changes
        .iter()
        .filter_map(|c| c.asset.as_ref().map(|a| (c.original_line, a)))
        .collect();
    if assets.is_empty() {
        return;
    }
    assets.sort_by_key(|(line, _)| *line);
    out.push_str("## Assets to produce\n\n");
    out.push_str(
        "| Line | File | Alt text | Kind | Placeholder |\n| ---: | --- | --- | --- | --- |\n",
    );
    for (line, asset) in assets {
        let _ = writeln!(
            out,
            "| {line} | `{}` | {} | {} | `{}` |",
            cell(&code(&asset.path)),
            cell(&crate::markdown::escape::escape_markdown(&inline(
                &asset.alt
            ))),
            cell(&inline(&asset.kind)),
            cell(&code(&inline(&asset.placeholder))),
        );
    }
    out.push('\n');
}

/// Text safe inside a table cell: pipes escaped (GFM reads `\|` as a pipe even in code spans).
fn cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn why(config: &Config, rule: &str) -> String {
    config.rule(rule).map(|r| r.why.clone()).unwrap_or_default()
}

/// The touched lines as a diff (changes with two lines of context; `@@` separates distant
/// groups), in a fenced block longer than any backtick run in it.
fn diff_block(before: &str, after: &str) -> String {
    let before = normalize_newlines(before);
    let after = normalize_newlines(after);
    let diff = TextDiff::from_lines(&before, &after);
    let mut body = String::new();
    for (n, group) in diff.grouped_ops(2).iter().enumerate() {
        if n > 0 {
            body.push_str("@@\n");
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    similar::ChangeTag::Delete => '-',
                    similar::ChangeTag::Insert => '+',
                    similar::ChangeTag::Equal => ' ',
                };
                let _ = write!(body, "{sign}{}", change.value());
                if !change.value().ends_with('\n') {
                    body.push('\n');
                }
            }
        }
    }
    let fence = "`".repeat(longest_backtick_run(&body).max(2) + 1);
    format!("{fence}diff\n{body}{fence}\n")
}

/// LF for every line ending (CRLF, lone CR), so the diff shows one line per line.
fn normalize_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// Text for a single markdown line: newlines become spaces.
fn inline(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text safe inside a single-backtick code span.
fn code(text: &str) -> String {
    text.replace('`', "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_fence_outgrows_backticks_in_the_text() {
        let block = diff_block("a ```x```\n", "b\n");
        assert!(
            block.starts_with("````diff\n-a ```x```\n+b\n````"),
            "{block}"
        );
    }
}
