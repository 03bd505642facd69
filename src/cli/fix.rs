//! `blogfmt fix DRAFT`: write the fixed draft and the changes log, atomically.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use similar::TextDiff;

use super::{Common, exit_for, read_draft, write};
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
        print_out(&text)?;
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
    // Both files are staged before either is put in place, so a failure leaves neither.
    let staged = vec![
        write::stage(&args.output, outcome.text.as_bytes())?,
        write::stage(&args.log, log.as_bytes())?,
    ];
    write::commit(staged)?;
    if !common.quiet {
        let errors = outcome
            .remaining
            .iter()
            .filter(|d| d.severity == crate::Severity::Error)
            .count();
        print_out(&format!(
            "Wrote {} ({} change(s) applied) and {} ({} item(s) left for the author, {errors} error(s)).\n",
            args.output.display(),
            outcome.changes.len(),
            args.log.display(),
            outcome.remaining.len(),
        ))?;
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

/// Print to stdout; a closed pipe (`blogfmt fix … | head`) is not an error, and not a panic.
fn print_out(text: &str) -> Result<(), Error> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Io {
            path: "<stdout>".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}
