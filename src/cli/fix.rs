//! `blogfmt fix DRAFT`: write the fixed draft and the changes log, atomically.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use similar::TextDiff;

use super::{Common, exit_for, read_draft};
use crate::changes_log::{self, LogContext};
use crate::{Config, Document, Error};

/// Arguments of `blogfmt fix`.
#[derive(Debug, Args)]
pub(super) struct FixArgs {
    /// The draft to fix.
    draft: PathBuf,
    /// Where the fixed draft goes.
    #[arg(short, long, value_name = "FILE", default_value = "fixed-draft.md")]
    output: PathBuf,
    /// Where the changes log goes.
    #[arg(long, value_name = "FILE", default_value = "changes-log.md")]
    log: PathBuf,
    /// Print a unified diff of the fix and write nothing.
    #[arg(long)]
    diff: bool,
}

pub(super) fn run(args: &FixArgs, config: &Config, common: &Common) -> Result<ExitCode, Error> {
    let source = read_draft(&args.draft)?;
    let outcome = crate::fix(&source, config)?;
    let name = args.draft.display().to_string();
    if args.diff {
        let diff = TextDiff::from_lines(&source, &outcome.text);
        let text = diff
            .unified_diff()
            .header(&name, &format!("{name} (fixed)"))
            .to_string();
        print!("{text}");
        return Ok(exit_for(&outcome.remaining, common.strict));
    }
    for output in [&args.output, &args.log] {
        if args.draft != Path::new("-") && same_file(&args.draft, output) {
            return Err(Error::Usage(format!(
                "{}: output would overwrite the draft; choose another -o/--log path",
                output.display()
            )));
        }
    }
    if same_file(&args.output, &args.log) {
        return Err(Error::Usage(format!(
            "{}: the fixed draft and the log cannot be the same file",
            args.output.display()
        )));
    }
    let title = Document::parse(outcome.text.clone()).title();
    let log = changes_log::render(
        &outcome,
        &LogContext {
            title: title.as_deref(),
            source_name: &name,
            output_name: &args.output.display().to_string(),
            config,
        },
    );
    // Both files are staged before either is renamed into place, so a failure leaves neither.
    let draft_file = stage(&args.output, outcome.text.as_bytes())?;
    let log_file = stage(&args.log, log.as_bytes())?;
    persist(draft_file, &args.output)?;
    persist(log_file, &args.log)?;
    if !common.quiet {
        let errors = outcome
            .remaining
            .iter()
            .filter(|d| d.severity == crate::Severity::Error)
            .count();
        println!(
            "Wrote {} ({} change(s) applied) and {} ({} item(s) left for the author, {errors} error(s)).",
            args.output.display(),
            outcome.changes.len(),
            args.log.display(),
            outcome.remaining.len(),
        );
    }
    Ok(exit_for(&outcome.remaining, common.strict))
}

/// Whether two paths name the same existing file, or the same path.
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Write `bytes` to a temporary file beside `path`, synced to disk.
fn stage(path: &Path, bytes: &[u8]) -> Result<tempfile::NamedTempFile, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".blogfmt-")
        .tempfile_in(dir)
        .map_err(io)?;
    file.write_all(bytes).map_err(io)?;
    file.as_file().sync_all().map_err(io)?;
    Ok(file)
}

/// Rename a staged file into place.
fn persist(file: tempfile::NamedTempFile, path: &Path) -> Result<(), Error> {
    file.persist(path).map_err(|e| Error::Io {
        path: path.to_path_buf(),
        source: e.error,
    })?;
    Ok(())
}
