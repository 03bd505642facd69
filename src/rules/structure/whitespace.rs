use std::ops::Range;

use serde::Deserialize;

use crate::diagnostic::Edit;
use crate::markdown::{Document, NodeKind};
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks for trailing spaces and tabs, runs of blank lines and a missing or repeated final
    /// newline. Code blocks, HTML blocks, inline code, front matter and what the dialect
    /// embeds (shortcodes, Liquid, JSX, ESM, math) are left as they are,
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
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
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
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    text_end: usize,
    end: usize,
}

/// The lines of `doc` that start before `until`, in order, read off the document's line
/// index rather than searching for each newline again.
fn lines(doc: &Document, until: usize) -> impl Iterator<Item = Line> + '_ {
    let source = doc.source();
    let starts = doc.line_index().starts();
    starts
        .iter()
        .enumerate()
        .map(move |(k, &start)| {
            let end = starts.get(k + 1).copied().unwrap_or(source.len());
            let text = &source.as_bytes()[start..end];
            let text = text.strip_suffix(b"\n").unwrap_or(text);
            let text = text.strip_suffix(b"\r").unwrap_or(text);
            Line {
                start,
                text_end: start + text.len(),
                end,
            }
        })
        .take_while(move |line| line.start < until)
}

/// A run of blank lines, kept as its ends and length rather than a list of its lines.
#[derive(Default)]
struct Run {
    first: Option<Line>,
    second_start: usize,
    last_end: usize,
    len: usize,
}

impl Run {
    fn push(&mut self, line: Line) {
        match self.len {
            0 => self.first = Some(line),
            1 => self.second_start = line.start,
            _ => {}
        }
        self.last_end = line.end;
        self.len += 1;
    }
}

/// Whether `range` (an empty range counts as one byte) overlaps one of `ranges`, which are in
/// document order and disjoint, so their ends are sorted too: a binary search, not a scan per
/// line, keeps the rule linear on large files.
fn overlaps(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    let range = range.start..range.end.max(range.start + 1);
    let first = ranges.partition_point(|r| r.end <= range.start);
    ranges.get(first).is_some_and(|r| r.start < range.end)
}

/// [`overlaps`] for queries whose starts never go back, as lines in order: a cursor that
/// only moves forward answers each in constant time on average.
struct Sweep<'a> {
    ranges: &'a [Range<usize>],
    next: usize,
}

impl Sweep<'_> {
    fn overlaps(&mut self, range: &Range<usize>) -> bool {
        let range = range.start..range.end.max(range.start + 1);
        while self
            .ranges
            .get(self.next)
            .is_some_and(|r| r.end <= range.start)
        {
            self.next += 1;
        }
        self.ranges
            .get(self.next)
            .is_some_and(|r| r.start < range.end)
    }
}

impl Rule for Whitespace {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let source = doc.source();
        // One pass over the tree collects everything the lines are checked against.
        // Whole lines of `opaque` are not prose; their whitespace may be meaningful.
        let mut opaque = Vec::new();
        let mut inline = Vec::new();
        let mut hard_breaks = Vec::new();
        // pulldown-cmark reads `> ---` at the top as front matter inside the quote, and then
        // how many blank lines follow decides where the quote ends: such runs are left alone.
        let mut keep_runs = false;
        for node in doc.nodes() {
            match node.kind {
                NodeKind::CodeBlock { .. } | NodeKind::HtmlBlock | NodeKind::EmbeddedBlock => {
                    opaque.push(node.range.clone());
                }
                NodeKind::FrontMatter => {
                    opaque.push(node.range.clone());
                    keep_runs |= node.depth > 0;
                }
                NodeKind::Code | NodeKind::InlineHtml | NodeKind::Embedded => {
                    inline.push(node.range.clone());
                }
                NodeKind::HardBreak => hard_breaks.push(node.range.clone()),
                _ => {}
            }
        }
        let content_end = source.trim_end_matches(['\n', '\r']).len();
        let mut opaque_lines = Sweep {
            ranges: &opaque,
            next: 0,
        };
        // The dialect's spans may hold blank lines between blocks (an ESM statement, a
        // `{% highlight %}` body), which no node covers.
        let mut embedded_lines = Sweep {
            ranges: doc.embedded(),
            next: 0,
        };
        let mut run = Run::default();
        for line in lines(doc, content_end) {
            let text = &source.as_bytes()[line.start..line.text_end];
            let blank = text.iter().all(|&b| b == b' ' || b == b'\t');
            // Most lines have text and end in a visible character: such a line only ends a
            // run of blank lines.
            if !blank && !matches!(text.last(), Some(b' ' | b'\t')) {
                if run.len > 0 {
                    self.blank_run(checker, &std::mem::take(&mut run));
                }
                continue;
            }
            let is_opaque = opaque_lines.overlaps(&(line.start..line.text_end))
                | embedded_lines.overlaps(&(line.start..line.text_end));
            if blank && !is_opaque && !keep_runs {
                run.push(line);
                continue;
            }
            if run.len > 0 {
                self.blank_run(checker, &std::mem::take(&mut run));
            }
            if !is_opaque {
                self.trailing(checker, &line, &inline, &hard_breaks);
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
        // Most lines end in a visible character: one byte decides that.
        let last = source.as_bytes()[line.start..line.text_end].last();
        if !matches!(last, Some(b' ' | b'\t')) {
            return;
        }
        let text = &source[line.start..line.text_end];
        let kept = text.trim_end_matches([' ', '\t']).len();
        let ws = line.start + kept..line.text_end;
        // Whitespace right after a lone `\r` is a line of its own (CommonMark ends lines at
        // `\r` too); deleting it would join that `\r` and the next `\n` into one ending.
        if ws.is_empty()
            || overlaps(inline, &ws)
            || overlaps(checker.doc().embedded(), &ws)
            || source[..ws.start].ends_with('\r')
        {
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
    fn blank_run(&self, checker: &mut Checker<'_>, run: &Run) {
        let Some(first) = &run.first else {
            return;
        };
        // The common run: one empty line between two blocks.
        if run.len == 1 && first.start == first.text_end {
            return;
        }
        self.trailing(checker, first, &[], &[]);
        if run.len < 2 {
            return;
        }
        let extra = run.second_start..run.last_end;
        let problem = self
            .phrases
            .blank_lines
            .replace("{count}", &run.len.to_string());
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
        let at = crate::markdown::floor_char_boundary(source, content_end - 1)..content_end;
        checker.report_fix(at, &vars, vec![edit]);
    }
}
