//! Printing diagnostics: text for people, JSON for tools, GitHub workflow commands for
//! annotations, SARIF for code scanning, and per-rule statistics.
//!
//! Lines and columns are 1-based everywhere and columns count characters (Unicode scalar
//! values), which SARIF is told through `columnKind`. Text output shows a source excerpt with a
//! caret under the span only on a terminal; the caret is placed by display width (tabs
//! expanded, wide CJK and emoji counted as two cells) so it lands under the right characters.

use std::collections::BTreeMap;
use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde::Serialize;
use serde_json::json;
use unicode_width::UnicodeWidthChar;

use crate::document::Document;
use crate::{Config, Diagnostic, Severity};

/// One diagnostic as `--format json` prints it (lines and columns 1-based, columns in chars).
#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    fixable: bool,
}

/// Diagnostics of one file, ready to print: positions and excerpts are resolved when the
/// report is made, so the file's document can be dropped right after linting instead of being
/// kept (with its whole text) until every file is done.
pub(crate) struct FileReport {
    pub path: String,
    pub diagnostics: Vec<Located>,
}

/// A diagnostic with its place in the file resolved.
pub(crate) struct Located {
    pub diagnostic: Diagnostic,
    /// 1-based line and character column where the span starts.
    pub start: (usize, usize),
    /// 1-based line and character column where the span ends.
    pub end: (usize, usize),
    /// The source line with a caret under the span, when the text output shows excerpts.
    pub excerpt: Option<String>,
}

impl FileReport {
    /// Resolve each diagnostic's position in `doc`, and its excerpt when `style` shows them.
    pub(crate) fn new(
        path: String,
        doc: &Document,
        diagnostics: Vec<Diagnostic>,
        style: TextStyle,
    ) -> Self {
        let diagnostics = diagnostics
            .into_iter()
            .map(|d| Located {
                start: doc.line_col(d.range.start),
                end: doc.line_col(d.range.end),
                excerpt: style.excerpt.then(|| excerpt(doc, &d, style)),
                diagnostic: d,
            })
            .collect();
        FileReport { path, diagnostics }
    }

    /// The diagnostics alone.
    pub(crate) fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().map(|l| &l.diagnostic)
    }
}

/// How text output looks: excerpts and colours are for a person at a terminal.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct TextStyle {
    /// Show the source line and a caret under the span.
    pub excerpt: bool,
    /// Use ANSI colours.
    pub color: bool,
}

impl TextStyle {
    /// The style for standard output: excerpts on a terminal, colours on a terminal unless
    /// `NO_COLOR` is set (to anything but the empty string) or `--no-color` is given.
    pub(crate) fn for_stdout(no_color: bool) -> Self {
        use std::io::IsTerminal;
        let tty = std::io::stdout().is_terminal();
        let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        TextStyle {
            excerpt: tty,
            color: tty && !no_color && !no_color_env,
        }
    }

    fn paint<'t>(&self, style: Style, text: &'t str) -> std::borrow::Cow<'t, str> {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset()).into()
        } else {
            text.into()
        }
    }
}

fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

/// `path:line:col: severity rule message`, one per line, each followed by an excerpt when
/// `style.excerpt` is set.
pub(crate) fn write_text(
    out: &mut impl Write,
    report: &FileReport,
    style: TextStyle,
) -> std::io::Result<()> {
    // Each line is assembled in one buffer and written whole: `writeln!` through the
    // formatting machinery was 2% of a corpus check, which prints thousands of lines.
    // A newline in a file name must not split the diagnostic line.
    let name = super::one_line(&report.path);
    let path = style.paint(Style::new().bold(), &name);
    let mut text = String::new();
    let mut numbers = itoa::Buffer::new();
    for located in &report.diagnostics {
        let d = &located.diagnostic;
        let (line, column) = located.start;
        text.clear();
        text.push_str(&path);
        text.push(':');
        text.push_str(numbers.format(line));
        text.push(':');
        text.push_str(numbers.format(column));
        text.push_str(": ");
        text.push_str(&style.paint(severity_style(d.severity), d.severity.as_str()));
        text.push(' ');
        text.push_str(&style.paint(Style::new().bold(), &d.rule));
        text.push(' ');
        text.push_str(&d.message);
        if d.fix.is_some() {
            text.push_str(" [fixable]");
        }
        text.push('\n');
        if let Some(excerpt) = &located.excerpt {
            text.push_str(excerpt);
        }
        out.write_all(text.as_bytes())?;
    }
    Ok(())
}

/// Columns a tab advances to the next multiple of.
const TAB_WIDTH: usize = 4;

/// The first line of a diagnostic's span, with a caret line under the span:
///
/// ```text
///   |
/// 3 |     Some text
///   |          ^^^^
/// ```
///
/// Tabs are expanded to spaces in both lines, so the caret cannot drift by how a terminal
/// sets tab stops; other characters take their Unicode display width.
pub(crate) fn excerpt(doc: &Document, d: &Diagnostic, style: TextStyle) -> String {
    let source = doc.source();
    let index = doc.line_index();
    let start = d.range.start.min(source.len());
    let (line, _) = index.line_col(source, start);
    let line_start = index.line_start(line);
    let line_end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i);
    let text = source[line_start..line_end].trim_end_matches('\r');
    let span_start = start - line_start;
    let span_end = d.range.end.clamp(start, line_start + text.len()) - line_start;

    let mut shown = String::new();
    let mut carets = String::new();
    let mut width = 0;
    for (i, c) in text.char_indices() {
        let cells = if c == '\t' {
            TAB_WIDTH - width % TAB_WIDTH
        } else {
            c.width().unwrap_or(0)
        };
        if c == '\t' {
            shown.extend(std::iter::repeat_n(' ', cells));
        } else {
            shown.push(c);
        }
        let marker = if (span_start..span_end).contains(&i) {
            '^'
        } else {
            ' '
        };
        if i < span_end.max(span_start + 1) {
            carets.extend(std::iter::repeat_n(marker, cells));
        }
        width += cells;
    }
    if !carets.contains('^') {
        // An empty span, or one at the end of the line: one caret where it starts.
        carets = " ".repeat(prefix_width(text, span_start));
        carets.push('^');
    }
    let carets = carets.trim_end();
    let number = line.to_string();
    let gutter = " ".repeat(number.len());
    let blue = Style::new().bold().fg_color(Some(AnsiColor::Blue.into()));
    let bar = style.paint(blue, "|");
    format!(
        "{gutter} {bar}\n{} {bar} {shown}\n{gutter} {bar} {}\n",
        style.paint(blue, &number),
        style.paint(severity_style(d.severity), carets)
    )
}

/// Display cells taken by `text[..end]`, tabs expanded.
fn prefix_width(text: &str, end: usize) -> usize {
    let mut width = 0;
    for c in text[..end.min(text.len())].chars() {
        width += if c == '\t' {
            TAB_WIDTH - width % TAB_WIDTH
        } else {
            c.width().unwrap_or(0)
        };
    }
    width
}

/// One JSON array holding every file's diagnostics.
pub(crate) fn write_json(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    let mut items = Vec::new();
    for report in reports {
        for located in &report.diagnostics {
            let d = &located.diagnostic;
            let ((line, column), (end_line, end_column)) = (located.start, located.end);
            items.push(JsonDiagnostic {
                path: &report.path,
                line,
                column,
                end_line,
                end_column,
                rule: &d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                fixable: d.fix.is_some(),
            });
        }
    }
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

/// GitHub Actions workflow commands, one per diagnostic:
/// `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=RULE::message`.
pub(crate) fn write_github(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    for report in reports {
        for located in &report.diagnostics {
            let d = &located.diagnostic;
            let ((line, column), (end_line, end_column)) = (located.start, located.end);
            writeln!(
                out,
                "::{} file={},line={line},col={column},endLine={end_line},endColumn={end_column},title={}::{}",
                d.severity.as_str(),
                escape_property(&report.path),
                escape_property(&d.rule),
                escape_data(&d.message)
            )?;
        }
    }
    Ok(())
}

/// A workflow command's message, escaped as GitHub's toolkit does (`escapeData`).
pub(crate) fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A workflow command's property value: the message escapes plus `:` and `,`, which would
/// otherwise end the value (`escapeProperty`).
pub(crate) fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The SARIF 2.1.0 log of a run: the rules' metadata from the registry (as `config` sets
/// them up) and one result per diagnostic.
pub(crate) fn sarif(reports: &[FileReport], config: &Config) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = config
        .rules()
        .iter()
        .map(|rule| {
            let level = rule.severity.map_or("none", sarif_level);
            json!({
                "id": rule.id(),
                "name": rule.id().replace('/', "-"),
                "shortDescription": { "text": crate::docs::summary(&rule.spec.doc) },
                "fullDescription": { "text": rule.why },
                "help": { "text": format!("{}\n\nRun `blogfmt explain {}` for an example.", rule.why, rule.id()) },
                "defaultConfiguration": { "level": level, "enabled": rule.severity.is_some() },
                "properties": { "fixable": rule.spec.fix.is_fixable() },
            })
        })
        .collect();
    let index_of = |id: &str| config.rules().iter().position(|r| r.id() == id);
    let mut results = Vec::new();
    for report in reports {
        for located in &report.diagnostics {
            let d = &located.diagnostic;
            let ((line, column), (end_line, end_column)) = (located.start, located.end);
            let mut result = json!({
                "ruleId": &*d.rule,
                "level": sarif_level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&report.path) },
                        "region": {
                            "startLine": line,
                            "startColumn": column,
                            "endLine": end_line,
                            "endColumn": end_column,
                        }
                    }
                }],
                "properties": { "fixable": d.fix.is_some() },
            });
            if let Some(index) = index_of(&d.rule) {
                result["ruleIndex"] = json!(index);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "blogfmt",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A relative path as a URI reference: `/` separators, other reserved bytes percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `--statistics`: how many diagnostics each rule reported, most first.
pub(crate) fn statistics(reports: &[FileReport]) -> Vec<(String, usize, bool)> {
    let mut counts: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for d in reports.iter().flat_map(FileReport::diagnostics) {
        let entry = counts.entry(&d.rule).or_default();
        entry.0 += 1;
        entry.1 |= d.fix.is_some();
    }
    let mut rows: Vec<(String, usize, bool)> = counts
        .into_iter()
        .map(|(rule, (count, fixable))| (rule.to_string(), count, fixable))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// The statistics as a table: count, rule, `[fixable]`.
pub(crate) fn write_statistics(
    out: &mut impl Write,
    rows: &[(String, usize, bool)],
) -> std::io::Result<()> {
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    for (rule, count, fixable) in rows {
        let line = if *fixable {
            format!("{count:>5}  {rule:width$} [fixable]")
        } else {
            format!("{count:>5}  {rule}")
        };
        writeln!(out, "{line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn diagnostic(range: std::ops::Range<usize>) -> Diagnostic {
        Diagnostic {
            rule: Arc::from("summary/missing"),
            severity: Severity::Error,
            range,
            message: "m".into(),
            fix: None,
        }
    }

    fn excerpt_of(source: &str, needle: &str) -> (String, String) {
        let doc = Document::parse(source.to_string());
        let start = source.find(needle).unwrap();
        let style = TextStyle {
            excerpt: true,
            color: false,
        };
        lines(&excerpt(
            &doc,
            &diagnostic(start..start + needle.len()),
            style,
        ))
    }

    /// The shown line and the caret line, without gutters.
    fn lines(excerpt: &str) -> (String, String) {
        let lines: Vec<&str> = excerpt.lines().collect();
        let strip = |l: &str| {
            l.split_once("| ")
                .map_or(String::new(), |p| p.1.to_string())
        };
        (strip(lines[1]), strip(lines[2]))
    }

    /// The display column where the carets start and how many cells they cover.
    fn caret_cells(caret: &str) -> (usize, usize) {
        let start = caret.find('^').unwrap();
        (start, caret.trim().len())
    }

    #[test]
    fn caret_sits_under_the_span_after_tabs_emoji_and_cjk() {
        let (shown, caret) = excerpt_of("# T\n\n\tTab then target here\n", "target");
        assert_eq!(shown, "    Tab then target here");
        assert_eq!(caret_cells(&caret), (13, 6));

        let (shown, caret) = excerpt_of("# T\n\n🎉🎉 party target\n", "target");
        assert_eq!(caret_cells(&caret), (4 + 7, 6), "{shown}\n{caret}");

        let (_, caret) = excerpt_of("# T\n\n漢字のtarget\n", "target");
        assert_eq!(caret_cells(&caret), (6, 6));

        let (_, caret) = excerpt_of("# T\n\nab\t漢字\n", "漢字");
        assert_eq!(caret_cells(&caret), (4, 4));
    }

    #[test]
    fn empty_and_multi_line_spans_get_a_caret() {
        let doc = Document::parse("# Title\r\nnext\n".to_string());
        let style = TextStyle {
            excerpt: true,
            color: false,
        };
        let (shown, caret) = lines(&excerpt(&doc, &diagnostic(0..0), style));
        assert_eq!((shown.as_str(), caret.as_str()), ("# Title", "^"));
        let (_, caret) = lines(&excerpt(&doc, &diagnostic(2..12), style));
        assert_eq!(caret, "  ^^^^^");
    }

    #[test]
    fn github_escapes_data_and_properties_differently() {
        assert_eq!(escape_data("50% a:b, c\r\nd"), "50%25 a:b, c%0D%0Ad");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("posts/a b#1.md"), "posts/a%20b%231.md");
        assert_eq!(uri("posts/ü.md"), "posts/%C3%BC.md");
    }
}
