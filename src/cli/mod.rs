//! The command line: argument parsing, subcommands, and the mapping to exit codes.
//!
//! Exit codes: 0 clean, 1 violations remain (errors, or any with `--strict`), 2 usage, config
//! or I/O error. Every error prints as one line on stderr naming the file.

mod check;
mod effective;
mod files;
mod fix;
mod init;
mod interrupt;
mod output;
mod read;
mod rules;
mod site;
mod stale;
mod test_hooks;
mod write;

use std::ffi::OsString;
use std::path::PathBuf;
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
    /// Refuse drafts and configs larger than this (bytes, or with K, M or G) [default: 64M].
    #[arg(long, global = true, value_name = "SIZE", value_parser = read::parse_size,
          default_value_t = read::DEFAULT_MAX_FILE_SIZE, hide_default_value = true)]
    max_file_size: u64,
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
    /// Show the house style a file follows: the config files that apply, in order, the
    /// dialect it is read in and why, and the rules that run.
    Config {
        /// A markdown file (it need not exist yet: a post about to be written).
        path: PathBuf,
    },
    /// Write a starter blogfmt.toml: the default house style, every key explained.
    Init,
    /// Remove the temporary files that interrupted or killed runs left in these folders.
    Clean {
        /// Folders (walked like `check` walks them) and files (their folders).
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
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
    let code = match run(cli) {
        Ok(code) => code,
        Err(err) => {
            report_error(&err);
            ExitCode::from(2)
        }
    };
    // A signal that came while outputs were renamed or later: the run said what it wrote.
    interrupt::finish().map_or(code, ExitCode::from)
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let common = &cli.common;
    let styles = || {
        files::Styles::new(
            common.config.as_deref(),
            &common.select,
            &common.ignore,
            common.max_file_size,
        )
    };
    match &cli.command {
        Command::Check { paths, files } => {
            let mut styles = styles()?;
            let files = files::collect(paths, files)?;
            stale::warn(paths, &files);
            check::run(&files, &mut styles, common)
        }
        Command::Fix(args) => {
            interrupt::install();
            fix::run(args, &mut styles()?, common)
        }
        Command::Rules => rules::list(&*styles()?.for_cwd()?),
        Command::Explain { rule } => rules::explain(&*styles()?.for_cwd()?, rule),
        Command::Config { path } => effective::run(path, &mut styles()?),
        Command::Init => init::run(common),
        Command::Clean { paths } => stale::clean(paths),
    }
}

/// Print an error as one line on stderr.
fn report_error(err: &Error) {
    eprintln!("blogfmt: error: {}", one_line(&err.to_string()));
}

/// `text` with control characters escaped (`\n`, `\t`, `\u{1b}`), so a file name holding a
/// newline cannot split a one-line message or diagnostic in two.
pub(crate) fn one_line(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
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
