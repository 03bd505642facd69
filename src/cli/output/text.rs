//! Text output for people: `path:line:col: severity rule message`, with a source excerpt and
//! a caret under the span on a terminal.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthChar;

use super::FileReport;
use crate::diagnostic::{Diagnostic, Severity};
use crate::markdown::Document;

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
    let name = crate::cli::one_line(&report.path);
    let path = style.paint(Style::new().bold(), &name);
    let mut text = String::new();
    let mut numbers = itoa::Buffer::new();
    for located in report.located() {
        let d = located.diagnostic;
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
        if let Some(excerpt) = located.excerpt {
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
}
