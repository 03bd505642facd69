use std::ops::Range;

use serde::Deserialize;

use crate::config::{ConfigError, RuleContext};
use crate::diagnostic::Edit;
use crate::document::{Document, NodeKind};
use crate::rules::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks for trailing spaces and tabs, runs of blank lines and a missing or repeated final
    /// newline. Code blocks, HTML blocks, inline code and front matter are left as they are,
    /// and two trailing spaces that make a hard line break are kept.
    ///
    /// ## Example
    /// ```markdown
    /// A line with trailing spaces.
    ///
    ///
    /// Two blank lines above.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// A line with trailing spaces.
    ///
    /// Two blank lines above.
    /// ```
    ///
    /// ## Fix
    /// Deletes trailing whitespace (a hard break's run becomes exactly two spaces), deletes
    /// the extra lines of a blank run, and ends the file with exactly one newline of the kind
    /// the file already uses. CRLF line endings stay CRLF.
    ///
    /// ## Options
    /// `trailing`, `blank-lines`, `final-newline`: the phrases that make up `{problem}` in the
    /// message (`{count}` in `blank-lines` is the number of blank lines).
    id: "structure/whitespace",
    fix: Always,
    vars: ["problem"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, ConfigError> {
        Ok(Box::new(Whitespace { phrases: ctx.options()? }))
    },
}

/// How each problem is described in the message.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Phrases {
    trailing: String,
    blank_lines: String,
    final_newline: String,
}

struct Whitespace {
    phrases: Phrases,
}

/// One line: where it starts, where its text ends (before `\r\n` or `\n`), where it ends.
struct Line {
    start: usize,
    text_end: usize,
    end: usize,
}

fn lines(source: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < source.len() {
        let end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i + 1);
        let text = source[start..end].trim_end_matches('\n');
        let text = text.strip_suffix('\r').unwrap_or(text);
        out.push(Line {
            start,
            text_end: start + text.len(),
            end,
        });
        start = end;
    }
    out
}

/// Whether `range` (an empty range counts as one byte) overlaps one of `ranges`, which are in
/// document order and disjoint, so their ends are sorted too: a binary search, not a scan per
/// line, keeps the rule linear on large files.
fn overlaps(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    let range = range.start..range.end.max(range.start + 1);
    let first = ranges.partition_point(|r| r.end <= range.start);
    ranges.get(first).is_some_and(|r| r.start < range.end)
}

impl Rule for Whitespace {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let source = doc.source();
        let ranges_of = |pred: fn(NodeKind) -> bool| -> Vec<Range<usize>> {
            doc.nodes()
                .iter()
                .filter(|n| pred(n.kind))
                .map(|n| n.range.clone())
                .collect()
        };
        // Whole lines of these are not prose; their whitespace may be meaningful.
        let opaque = ranges_of(|k| {
            matches!(
                k,
                NodeKind::CodeBlock { .. } | NodeKind::HtmlBlock | NodeKind::FrontMatter
            )
        });
        let inline = ranges_of(|k| matches!(k, NodeKind::Code | NodeKind::InlineHtml));
        let hard_breaks = ranges_of(|k| k == NodeKind::HardBreak);
        let content_end = source.trim_end_matches(['\n', '\r']).len();
        let lines = lines(source);

        // pulldown-cmark reads `> ---` at the top as front matter inside the quote, and then
        // how many blank lines follow decides where the quote ends: such runs are left alone.
        let keep_runs = doc
            .nodes()
            .iter()
            .any(|n| n.kind == NodeKind::FrontMatter && n.depth > 0);
        let mut run: Vec<&Line> = Vec::new();
        for line in lines.iter().filter(|l| l.start < content_end) {
            let text = &source[line.start..line.text_end];
            let blank = text.trim_matches([' ', '\t']).is_empty();
            let is_opaque = overlaps(&opaque, &(line.start..line.text_end));
            if blank && !is_opaque && !keep_runs {
                run.push(line);
                continue;
            }
            self.blank_run(checker, &run);
            run.clear();
            if !is_opaque {
                self.trailing(checker, line, &inline, &hard_breaks);
            }
        }
        self.blank_run(checker, &run);
        self.final_newline(checker, content_end, &opaque);
    }
}

impl Whitespace {
    /// Trailing spaces and tabs of a line that is not blank or of the first line of a run.
    fn trailing(
        &self,
        checker: &mut Checker<'_>,
        line: &Line,
        inline: &[Range<usize>],
        hard_breaks: &[Range<usize>],
    ) {
        let source = checker.doc().source();
        let text = &source[line.start..line.text_end];
        let kept = text.trim_end_matches([' ', '\t']).len();
        let ws = line.start + kept..line.text_end;
        // Whitespace right after a lone `\r` is a line of its own (CommonMark ends lines at
        // `\r` too); deleting it would join that `\r` and the next `\n` into one ending.
        if ws.is_empty() || overlaps(inline, &ws) || source[..ws.start].ends_with('\r') {
            return;
        }
        let hard_break = overlaps(hard_breaks, &(ws.start..ws.start + 1));
        let replacement = if hard_break { "  " } else { "" };
        if &source[ws.clone()] == replacement {
            return;
        }
        let vars = [("problem", self.phrases.trailing.as_str())];
        checker.report_fix(ws.clone(), &vars, vec![Edit::replacement(ws, replacement)]);
    }

    /// A run of blank lines keeps its first line (emptied by `trailing` if needed).
    fn blank_run(&self, checker: &mut Checker<'_>, run: &[&Line]) {
        let Some(first) = run.first() else {
            return;
        };
        self.trailing(checker, first, &[], &[]);
        let (Some(second), Some(last)) = (run.get(1), run.last()) else {
            return;
        };
        let extra = second.start..last.end;
        let problem = self
            .phrases
            .blank_lines
            .replace("{count}", &run.len().to_string());
        checker.report_fix(
            extra.clone(),
            &[("problem", problem.as_str())],
            vec![Edit::deletion(extra)],
        );
    }

    /// Exactly one final newline, of the kind the file uses.
    fn final_newline(
        &self,
        checker: &mut Checker<'_>,
        content_end: usize,
        opaque: &[Range<usize>],
    ) {
        let doc: &Document = checker.doc();
        let source = doc.source();
        if content_end == 0 {
            return;
        }
        let tail = &source[content_end..];
        // The first line ending after the content is the one kept; a lone `\r` is a line
        // ending too (CommonMark), so it stays what it is.
        let keep = if tail.starts_with("\r\n") {
            "\r\n"
        } else if tail.starts_with('\n') {
            "\n"
        } else if tail.starts_with('\r') {
            "\r"
        } else {
            doc.newline()
        };
        if tail == keep {
            return;
        }
        let edit = if tail.is_empty() {
            Edit::insertion(content_end, doc.newline())
        } else {
            // Blank lines at the end of an unclosed code block are its content.
            if overlaps(opaque, &(content_end..source.len())) {
                return;
            }
            Edit::replacement(content_end..source.len(), keep)
        };
        let vars = [("problem", self.phrases.final_newline.as_str())];
        let at = crate::document::floor_char_boundary(source, content_end - 1)..content_end;
        checker.report_fix(at, &vars, vec![edit]);
    }
}
