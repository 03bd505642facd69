//! `blogfmt check`: lint files and report.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::output::{FileReport, write_json, write_text};
use super::{Common, Format, exit_for, read_draft, report_error};
use crate::{Config, Document, Error, lint};

pub(super) fn run(paths: &[PathBuf], config: &Config, common: &Common) -> Result<ExitCode, Error> {
    let mut parsed = Vec::new();
    let mut errored = false;
    for path in paths {
        match read_draft(path) {
            Ok(text) => {
                let doc = Document::parse(text);
                let diagnostics = lint(&doc, config);
                let name = if path.as_os_str() == "-" {
                    "<stdin>".to_string()
                } else {
                    path.display().to_string()
                };
                parsed.push((name, doc, diagnostics));
            }
            Err(err) => {
                report_error(&err);
                errored = true;
            }
        }
    }
    let reports: Vec<FileReport<'_>> = parsed
        .iter()
        .map(|(path, doc, diagnostics)| FileReport {
            path: path.clone(),
            doc,
            diagnostics,
        })
        .collect();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let written = match common.format {
        Format::Json => write_json(&mut out, &reports),
        Format::Text => reports
            .iter()
            .try_for_each(|r| write_text(&mut out, r))
            .and_then(|()| {
                if common.quiet {
                    return Ok(());
                }
                write_summary(&mut out, &reports)
            }),
    };
    let flushed = written.and_then(|()| out.flush());
    if let Err(err) = flushed
        && err.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(Error::Io {
            path: "<stdout>".into(),
            source: err,
        });
    }
    if errored {
        return Ok(ExitCode::from(2));
    }
    let all: Vec<crate::Diagnostic> = parsed.into_iter().flat_map(|(_, _, d)| d).collect();
    Ok(exit_for(&all, common.strict))
}

fn write_summary(out: &mut impl Write, reports: &[FileReport<'_>]) -> std::io::Result<()> {
    let all = || reports.iter().flat_map(|r| r.diagnostics.iter());
    let total = all().count();
    if total == 0 {
        return writeln!(
            out,
            "All clear: {} file(s) follow the house style.",
            reports.len()
        );
    }
    let errors = all()
        .filter(|d| d.severity == crate::Severity::Error)
        .count();
    let fixable = all().filter(|d| d.fix.is_some()).count();
    writeln!(
        out,
        "Found {total} problem(s) ({errors} error(s), {} warning(s)); {fixable} fixable with `blogfmt fix`.",
        total - errors
    )
}
