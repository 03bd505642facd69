//! `--format json`: one array of every file's diagnostics, for tools.

use std::io::Write;

use serde::Serialize;

use super::FileReport;

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

/// One JSON array holding every file's diagnostics.
pub(crate) fn write_json(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    let mut items = Vec::new();
    for report in reports {
        for located in report.located() {
            let d = located.diagnostic;
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
