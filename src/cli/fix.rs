//! `blogfmt fix DRAFT`: write the fixed draft and the changes log, atomically.
//! `blogfmt fix --in-place PATHS...`: rewrite the files that change, atomically, for hooks.
//!
//! `--in-place` promises, per run: every changed file is staged before any is renamed, and
//! if one cannot be staged (a full disk, a read-only folder) none is renamed; just before
//! each rename the file is checked to be still what was read (the same file, size,
//! modification time and bytes), and one that changed meanwhile is left as it now is, with
//! an error naming it; a file with several hard links is refused, because a rename would
//! split them. A file that cannot be read or fixed is reported and left alone while the
//! others are fixed. The summary counts only the files written.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use rayon::prelude::*;
use similar::TextDiff;

use super::files::{FileArgs, Styles, collect, display_name};
use super::output::{FileReport, TextStyle, write_text};
use super::read::{Snapshot, read_draft, read_draft_file, unchanged};
use super::{Common, exit_for, interrupt, one_line, report_error, stale, test_hooks, write};
use crate::error::Error;
use crate::fix::FixOutcome;
use crate::report::changes_log::{self, LogContext};
use crate::settings::Config;

/// Arguments of `blogfmt fix`.
#[derive(Debug, Args)]
pub(super) struct FixArgs {
    /// The draft to fix; with `--in-place`, markdown files and directories.
    #[arg(required = true, value_name = "DRAFT")]
    paths: Vec<PathBuf>,
    /// Where the fixed draft goes [default: fixed-draft.md].
    #[arg(short, long, value_name = "FILE", conflicts_with = "in_place")]
    output: Option<PathBuf>,
    /// Where the changes log goes [default: changes-log.md; with --in-place, no log].
    #[arg(long, value_name = "FILE")]
    log: Option<PathBuf>,
    /// Print a unified diff of the fix and write nothing.
    #[arg(long)]
    diff: bool,
    /// Rewrite the files themselves (only those that change) instead of writing
    /// fixed-draft.md; for pre-commit hooks.
    #[arg(long)]
    in_place: bool,
    #[command(flatten)]
    files: FileArgs,
}

pub(super) fn run(
    args: &FixArgs,
    styles: &mut Styles<'_>,
    common: &Common,
) -> Result<ExitCode, Error> {
    if args.in_place {
        return in_place(args, styles, common);
    }
    let [draft] = args.paths.as_slice() else {
        return Err(Error::Usage(
            "fix takes one DRAFT; use --in-place to fix several files in place".to_string(),
        ));
    };
    let (config, syntax) = styles.for_draft(draft)?;
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| PathBuf::from("fixed-draft.md"));
    let log_path = args
        .log
        .clone()
        .unwrap_or_else(|| PathBuf::from("changes-log.md"));
    let source = read_draft(draft, common.max_file_size)?;
    stale::warn(&[], &[draft.clone(), output.clone(), log_path.clone()]);
    let outcome = crate::fix::fix_as(&source, &config, &syntax)?;
    let name = draft.display().to_string();
    if args.diff {
        print_out(&unified_diff(&name, &source, outcome.text()))?;
        return Ok(exit_for(&outcome.remaining, common.strict));
    }
    for path in [&output, &log_path] {
        if draft != Path::new("-") && same_file(draft, path) {
            return Err(Error::Usage(format!(
                "{}: output would overwrite the draft; choose another -o/--log path",
                path.display()
            )));
        }
    }
    if same_file(&output, &log_path) {
        return Err(Error::Usage(format!(
            "{}: the fixed draft and the log cannot be the same file",
            output.display()
        )));
    }
    let log = render_log(&outcome, &name, &output.display().to_string(), &config);
    // Both files are staged before either is put in place, so a failure leaves neither.
    let staged = vec![
        write::stage(&output, outcome.text().as_bytes())?,
        write::stage(&log_path, log.as_bytes())?,
    ];
    write::commit(staged)?;
    if !common.quiet {
        let errors = outcome
            .remaining
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .count();
        print_out(&format!(
            "Wrote {} ({} change(s) applied) and {} ({} item(s) left for the author, {errors} error(s)).\n",
            output.display(),
            outcome.changes.len(),
            log_path.display(),
            outcome.remaining.len(),
        ))?;
    }
    Ok(exit_for(&outcome.remaining, common.strict))
}

fn unified_diff(name: &str, before: &str, after: &str) -> String {
    TextDiff::from_lines(before, after)
        .unified_diff()
        .header(name, &format!("{name} (fixed)"))
        .to_string()
}

fn render_log(outcome: &FixOutcome, source: &str, output: &str, config: &Config) -> String {
    let title = outcome.document.title();
    changes_log::render(
        outcome,
        &LogContext {
            title: title.as_deref(),
            source_name: source,
            output_name: output,
            config,
        },
    )
}

/// How many files `fix --in-place` stages at once. Staging waits on the disk (fsync), not on
/// the CPU, so more writers than cores let the waits overlap. Measured on the corpus (about
/// 580 files rewritten, 2 cores): 2 writers 1.7 s, 8 writers 0.9 s, 16 writers 1.0 s.
const WRITERS: usize = 8;

/// Run `work` on the writer pool, or on the current one when there is none.
fn on_writers<R: Send>(writers: Option<&rayon::ThreadPool>, work: impl FnOnce() -> R + Send) -> R {
    match writers {
        Some(pool) => pool.install(work),
        None => work(),
    }
}

/// A file read and fixed: its text, what the file was when read, its fix and house style.
struct Fixed<'a> {
    path: &'a Path,
    source: String,
    snapshot: Snapshot,
    outcome: FixOutcome,
    config: Arc<Config>,
}

impl Fixed<'_> {
    fn changes(&self) -> bool {
        self.outcome.text() != self.source
    }
}

/// `fix --in-place`: fix every file in parallel, rewrite those that changed (or print their
/// diff with `--diff`), list them, then print what remains for the author. See the module
/// docs for what a run promises.
fn in_place(args: &FixArgs, styles: &mut Styles<'_>, common: &Common) -> Result<ExitCode, Error> {
    if args.paths.iter().any(|p| p.as_os_str() == "-") {
        return Err(Error::Usage(
            "--in-place cannot rewrite standard input; give files".to_string(),
        ));
    }
    let paths = collect(&args.paths, &args.files)?;
    stale::warn(&args.paths, &paths);
    let jobs = paths
        .iter()
        .map(|path| Ok((path, styles.for_draft(path)?)))
        .collect::<Result<Vec<_>, Error>>()?;
    let results: Vec<Result<Fixed, Error>> = jobs
        .par_iter()
        .map(|(path, (config, syntax))| {
            let (source, snapshot) = read_draft_file(path, common.max_file_size)?;
            let outcome = crate::fix::fix_as(&source, config, syntax)?;
            Ok(Fixed {
                path,
                source,
                snapshot,
                outcome,
                config: config.clone(),
            })
        })
        .collect();
    let mut errored = false;
    let mut fixed = Vec::new();
    for result in results {
        match result {
            Ok(file) => fixed.push(file),
            Err(err) => {
                report_error(&err);
                errored = true;
            }
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let mut log = String::new();
    let changing = fixed.iter().filter(|f| f.changes()).count();
    let mut written = 0;
    if args.diff {
        for file in fixed.iter().filter(|f| f.changes()) {
            let name = display_name(file.path);
            let diff = unified_diff(&name, &file.source, file.outcome.text());
            let _ = write!(out, "{diff}");
        }
    } else {
        let mut to_write = Vec::new();
        for file in fixed.iter().filter(|f| f.changes()) {
            if file.snapshot.links > 1 {
                report_error(&Error::Usage(format!(
                    "{}: has {} hard links, which a rewrite would split; not rewritten (`--in-place` replaces files: copy it to break the links first)",
                    file.path.display(),
                    file.snapshot.links
                )));
                errored = true;
            } else {
                to_write.push(file);
            }
        }
        let (renamed, ok) = stage_and_rename(&to_write);
        errored |= !ok;
        let mut targets = Vec::new();
        let mut interrupted = 0;
        for (file, result) in to_write.iter().zip(renamed) {
            match result {
                Some(Ok(Some(target))) => targets.push(target),
                Some(Ok(None)) => {
                    interrupted += 1;
                    continue;
                }
                Some(Err(err)) => {
                    report_error(&err);
                    errored = true;
                    continue;
                }
                None => continue,
            }
            written += 1;
            let name = display_name(file.path);
            if args.log.is_some() {
                log.push_str(&render_log(&file.outcome, &name, &name, &file.config));
                log.push('\n');
            }
            let shown = one_line(&name);
            let _ = writeln!(
                out,
                "Fixed {shown} ({} change(s))",
                file.outcome.changes.len()
            );
        }
        if let Err(err) = write::sync_directories(&targets) {
            report_error(&err);
            errored = true;
        }
        if let Some(code) = interrupt::received() {
            let _ = out.flush();
            interrupt::report(&format!(
                "interrupted by {}: {written} of {} changed file(s) rewritten (each listed as Fixed), {interrupted} left unchanged",
                interrupt::signal_name(code),
                to_write.len()
            ));
            return Ok(ExitCode::from(code));
        }
    }
    let style = TextStyle::for_stdout(common.no_color);
    for file in fixed.iter().filter(|f| !f.outcome.remaining.is_empty()) {
        let remaining = file.outcome.remaining.clone();
        let name = display_name(file.path);
        let report = FileReport::new(name, &file.outcome.document, remaining, style);
        let _ = write_text(&mut out, &report, style);
    }
    if let Some(log_path) = &args.log
        && !args.diff
        && !log.is_empty()
    {
        write::commit(vec![write::stage(log_path, log.as_bytes())?])?;
    }
    let remaining: Vec<crate::diagnostic::Diagnostic> = fixed
        .into_iter()
        .flat_map(|file| file.outcome.remaining)
        .collect();
    if !common.quiet {
        let errors = remaining
            .iter()
            .filter(|d| d.severity == crate::diagnostic::Severity::Error)
            .count();
        let (count, verb) = if args.diff {
            (changing, "would change")
        } else {
            (written, "changed")
        };
        let _ = writeln!(
            out,
            "{count} of {} file(s) {verb}; {} item(s) left for the author, {errors} error(s).",
            paths.len(),
            remaining.len()
        );
    }
    if errored {
        return Ok(ExitCode::from(2));
    }
    Ok(exit_for(&remaining, common.strict))
}

/// What became of each file to write: `None` when nothing was renamed because staging
/// failed, else the rename's result (`Ok(None)`: interrupted first). The flag is false when
/// an error was reported here.
type Renames = (Vec<Option<Result<Option<PathBuf>, Error>>>, bool);

/// Stage every file, then, only if all staged, rename each after checking it is unchanged
/// since it was read. Staging failures are reported here, with a last line saying nothing was
/// rewritten.
fn stage_and_rename(files: &[&Fixed<'_>]) -> Renames {
    let writers = rayon::ThreadPoolBuilder::new()
        .num_threads(files.len().clamp(1, WRITERS))
        .build()
        .ok()
        .filter(|_| files.len() > 1);
    let staged: Vec<Result<write::Staged, Error>> = on_writers(writers.as_ref(), || {
        files
            .par_iter()
            .map(|file| write::stage(file.path, file.outcome.text().as_bytes()))
            .collect()
    });
    let failed = staged.iter().filter(|s| s.is_err()).count();
    if failed > 0 {
        let mut staged_ok = Vec::new();
        for result in staged {
            match result {
                Ok(staged) => staged_ok.push(staged),
                Err(err) => report_error(&err),
            }
        }
        // Dropped before the line that says so: the temporary files are gone.
        drop(staged_ok);
        report_error(&Error::Usage(format!(
            "no file was rewritten: {failed} of {} changed file(s) could not be staged",
            files.len()
        )));
        return (files.iter().map(|_| None).collect(), false);
    }
    test_hooks::pause_before_renames();
    interrupt::begin_commit();
    // Renamed in parallel too: each rename frees the old file's blocks, and one after another
    // they were a quarter of a corpus fix.
    let renamed = on_writers(writers.as_ref(), || {
        files
            .par_iter()
            .zip(staged)
            .map(|(file, staged)| {
                let staged = staged.expect("all staged");
                Some(write::rename(staged, |target| {
                    if unchanged(target, &file.snapshot, file.source.as_bytes())? {
                        Ok(())
                    } else {
                        Err(Error::Usage(format!(
                            "{}: changed while blogfmt was fixing it; left as it is now, not rewritten (run blogfmt again)",
                            file.path.display()
                        )))
                    }
                }))
            })
            .collect()
    });
    (renamed, true)
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
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Io {
            path: "<stdout>".into(),
            source: e,
        }),
        _ => Ok(()),
    }
}
