//! Printing diagnostics: text for people, JSON for tools.

use std::io::Write;

use serde::Serialize;

use crate::Diagnostic;
use crate::document::Document;

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

/// Diagnostics of one file, ready to print.
pub(crate) struct FileReport<'a> {
    pub path: String,
    pub doc: &'a Document,
    pub diagnostics: &'a [Diagnostic],
}

/// `path:line:col: severity rule message`, one per line.
pub(crate) fn write_text(out: &mut impl Write, report: &FileReport<'_>) -> std::io::Result<()> {
    for d in report.diagnostics {
        let (line, column) = report.doc.line_col(d.range.start);
        let fixable = if d.fix.is_some() { " [fixable]" } else { "" };
        writeln!(
            out,
            "{}:{line}:{column}: {} {} {}{fixable}",
            report.path,
            d.severity.as_str(),
            d.rule,
            d.message
        )?;
    }
    Ok(())
}

/// One JSON array holding every file's diagnostics.
pub(crate) fn write_json(out: &mut impl Write, reports: &[FileReport<'_>]) -> std::io::Result<()> {
    let mut items = Vec::new();
    for report in reports {
        for d in report.diagnostics {
            let (line, column) = report.doc.line_col(d.range.start);
            let (end_line, end_column) = report.doc.line_col(d.range.end);
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
