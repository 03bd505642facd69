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
use super::read::read_draft;
use super::{Common, Format, exit_for, report_error};
use crate::error::Error;
use crate::lint::lint;
use crate::markdown::Document;

pub(super) fn run(
    paths: &[PathBuf],
    styles: &mut Styles<'_>,
    common: &Common,
) -> Result<ExitCode, Error> {
    let jobs = paths
        .iter()
        .map(|path| Ok((path, styles.for_draft(path)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let style = match common.format {
        Format::Text => TextStyle::for_stdout(common.no_color),
        _ => TextStyle::default(),
    };
    // Files are independent: lint them in parallel; `collect` keeps the sorted order. One
    // file (a hook, an editor) skips starting the thread pool.
    let results: Vec<Result<_, Error>> = if jobs.len() == 1 {
        jobs.iter()
            .map(|(path, (config, syntax))| {
                check_one(path, config, syntax, style, common.max_file_size)
            })
            .collect()
    } else {
        jobs.par_iter()
            .map(|(path, (config, syntax))| {
                check_one(path, config, syntax, style, common.max_file_size)
            })
            .collect()
    };
    let mut reports = Vec::new();
    let mut errored = false;
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(err) => {
                report_error(&err);
                errored = true;
            }
        }
    }
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
            Format::Text => reports
                .iter()
                .try_for_each(|r| write_text(&mut out, r, style)),
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
    let exit = exit_for(
        reports.iter().flat_map(FileReport::diagnostics),
        common.strict,
    );
    // The process ends right after this: freeing every report one by one would only cost
    // time, so their memory goes back with the process.
    std::mem::forget(reports);
    Ok(exit)
}

/// Read, parse and lint one file, and resolve what printing needs. The document is dropped
/// here: the next file's parse reuses its memory instead of asking the kernel for fresh pages
/// (page faults were 5–14% of a corpus check in `perf` while every document was kept).
fn check_one(
    path: &std::path::Path,
    config: &crate::settings::Config,
    syntax: &crate::markdown::Syntax,
    style: TextStyle,
    max_file_size: u64,
) -> Result<FileReport, Error> {
    let doc = Document::parse_as(read_draft(path, max_file_size)?, syntax);
    let diagnostics = lint(&doc, config);
    Ok(FileReport::new(
        display_name(path),
        &doc,
        diagnostics,
        style,
    ))
}

pub(super) fn write_summary(out: &mut impl Write, reports: &[FileReport]) -> std::io::Result<()> {
    let all = || reports.iter().flat_map(FileReport::diagnostics);
    let total = all().count();
    if total == 0 {
        return writeln!(
            out,
            "All clear: {} file(s) follow the house style.",
            reports.len()
        );
    }
    let errors = all()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .count();
    let fixable = all().filter(|d| d.fix.is_some()).count();
    writeln!(
        out,
        "Found {total} problem(s) ({errors} error(s), {} warning(s)); {fixable} fixable with `blogfmt fix`.",
        total - errors
    )
}
