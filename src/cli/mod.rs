//! The command line: argument parsing, subcommands, and the mapping to exit codes.
//!
//! Exit codes: 0 clean, 1 violations remain (errors, or any with `--strict`), 2 usage, config
//! or I/O error. Every error prints as one line on stderr naming the file.

mod check;
mod files;
mod fix;
mod init;
mod output;
mod rules;
mod write;

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::error::Error;

/// Bring markdown blog drafts to the blog's house style, and explain every change.
#[derive(Debug, Parser)]
#[command(name = "blogfmt", version, about, max_term_width = 100)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    #[command(flatten)]
    common: Common,
}

/// Options every subcommand takes.
#[derive(Debug, Args)]
struct Common {
    /// House style TOML for every file. Without it each file follows the nearest blogfmt.toml
    /// or .blogfmt.toml in its folder or above, else the embedded default.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Run only these rules or families (comma-separated, e.g. `summary,bio/structure`).
    #[arg(long, global = true, value_delimiter = ',', value_name = "RULE")]
    select: Vec<String>,
    /// Skip these rules or families (comma-separated).
    #[arg(long, global = true, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,
    /// Fail on warnings too.
    #[arg(long, global = true)]
    strict: bool,
    /// Output format for diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Print only diagnostics and errors, no summary lines.
    #[arg(long, short, global = true)]
    quiet: bool,
    /// Print how many diagnostics each rule reported instead of the diagnostics.
    #[arg(long, global = true)]
    statistics: bool,
    /// Never colour the output (colour is only used on a terminal, and never with NO_COLOR).
    #[arg(long, global = true)]
    no_color: bool,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `path:line:col: severity rule message`.
    Text,
    /// One JSON array of diagnostics.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`), shown as annotations.
    Github,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint drafts and report what breaks the house style ('-' reads stdin).
    Check {
        /// Markdown files and directories to check; '-' for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        files: files::FileArgs,
    },
    /// Fix a draft: write the fixed draft and a changes log explaining each change.
    Fix(fix::FixArgs),
    /// List every rule: id, severity, whether it fixes, what it checks.
    Rules,
    /// Explain a rule: its message, why, options and an example.
    Explain {
        /// The rule id, e.g. `summary/heading`.
        rule: String,
    },
    /// Write a starter blogfmt.toml: the default house style, every key explained.
    Init,
}

/// Run the command line; returns the process exit code.
pub fn main(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return ExitCode::from(if err.use_stderr() { 2 } else { 0 });
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(err) => {
            report_error(&err);
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let common = &cli.common;
    let styles = || files::Styles::new(common.config.as_deref(), &common.select, &common.ignore);
    match &cli.command {
        Command::Check { paths, files } => {
            let mut styles = styles()?;
            let paths = files::collect(paths, files)?;
            check::run(&paths, &mut styles, common)
        }
        Command::Fix(args) => fix::run(args, &mut styles()?, common),
        Command::Rules => rules::list(&*styles()?.for_cwd()?),
        Command::Explain { rule } => rules::explain(&*styles()?.for_cwd()?, rule),
        Command::Init => init::run(common),
    }
}

/// Print an error as one line on stderr.
fn report_error(err: &Error) {
    eprintln!("blogfmt: error: {err}");
}

/// Read a draft as markdown text; `-` reads standard input.
fn read_draft(path: &Path) -> Result<String, Error> {
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let bytes = if path == Path::new("-") {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map_err(io)?;
        bytes
    } else {
        // Read first and ask what went wrong after: a stat of every file beforehand was 2%
        // of a corpus check in `perf`.
        std::fs::read(path).map_err(|source| {
            if source.kind() == std::io::ErrorKind::IsADirectory || path.is_dir() {
                Error::Usage(format!(
                    "{}: is a directory; give a markdown file",
                    path.display()
                ))
            } else {
                io(source)
            }
        })?
    };
    crate::markdown::decode(path, bytes)
}

/// The exit code for what remains: 1 when an error (or, with `--strict`, anything) remains.
fn exit_for<'a>(
    diagnostics: impl IntoIterator<Item = &'a crate::diagnostic::Diagnostic>,
    strict: bool,
) -> ExitCode {
    let fails = diagnostics
        .into_iter()
        .any(|d| strict || d.severity == crate::diagnostic::Severity::Error);
    ExitCode::from(u8::from(fails))
}
