//! `blogfmt check`: lint files and report.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

use super::files::{Styles, display_name};
use super::output::{
    FileReport, TextStyle, sarif, statistics, write_github, write_json, write_statistics,
    write_text,
};
use super::{Common, Format, exit_for, read_draft, report_error};
use crate::{Document, Error, lint};

pub(super) fn run(
    paths: &[PathBuf],
    styles: &mut Styles<'_>,
    common: &Common,
) -> Result<ExitCode, Error> {
    let jobs = paths
        .iter()
        .map(|path| Ok((path, styles.for_file(path)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    // Files are independent: lint them in parallel; `collect` keeps the sorted order. One
    // file (a hook, an editor) skips starting the thread pool.
    let results: Vec<Result<_, Error>> = if jobs.len() == 1 {
        jobs.iter()
            .map(|(path, config)| check_one(path, config))
            .collect()
    } else {
        jobs.par_iter()
            .map(|(path, config)| check_one(path, config))
            .collect()
    };
    let mut parsed = Vec::new();
    let mut errored = false;
    for result in results {
        match result {
            Ok(file) => parsed.push(file),
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
    let written = if common.statistics {
        let rows = statistics(&reports);
        if common.format == Format::Json {
            let rows: Vec<_> = rows
                .iter()
                .map(|(rule, count, fixable)| {
                    serde_json::json!({ "rule": rule, "count": count, "fixable": fixable })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &rows)
                .map_err(std::io::Error::from)
                .and_then(|()| writeln!(out))
        } else {
            write_statistics(&mut out, &rows)
        }
    } else {
        match common.format {
            Format::Json => write_json(&mut out, &reports),
            Format::Github => write_github(&mut out, &reports),
            Format::Sarif => {
                let log = sarif(&reports, &*styles.reference()?);
                serde_json::to_writer_pretty(&mut out, &log)
                    .map_err(std::io::Error::from)
                    .and_then(|()| writeln!(out))
            }
            Format::Text => {
                let style = TextStyle::for_stdout(common.no_color);
                reports
                    .iter()
                    .try_for_each(|r| write_text(&mut out, r, style))
            }
        }
    };
    let written = written.and_then(|()| {
        // When no file could be read, the errors above are the whole story.
        if common.quiet || common.format != Format::Text || (errored && reports.is_empty()) {
            return Ok(());
        }
        write_summary(&mut out, &reports)
    });
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
    let all: Vec<crate::Diagnostic> = parsed
        .iter_mut()
        .flat_map(|(_, _, d)| std::mem::take(d))
        .collect();
    // The process ends right after this: freeing every document one by one would only cost
    // time (about 4% of a corpus run in `perf`), so their memory goes back with the process.
    std::mem::forget(parsed);
    Ok(exit_for(&all, common.strict))
}

/// Read, parse and lint one file; the node tree is freed, as printing needs only the text.
fn check_one(
    path: &std::path::Path,
    config: &crate::Config,
) -> Result<(String, Document, Vec<crate::Diagnostic>), Error> {
    let mut doc = Document::parse(read_draft(path)?);
    let diagnostics = lint(&doc, config);
    doc.release_tree();
    Ok((display_name(path), doc, diagnostics))
}

pub(super) fn write_summary(
    out: &mut impl Write,
    reports: &[FileReport<'_>],
) -> std::io::Result<()> {
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
