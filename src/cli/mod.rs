//! The command line: argument parsing, subcommands, and the mapping to exit codes.
//!
//! Exit codes: 0 clean, 1 violations remain (errors, or any with `--strict`), 2 usage, config
//! or I/O error. Every error prints as one line on stderr naming the file.

mod check;
mod fix;
mod output;
mod rules;
mod write;

use std::ffi::OsString;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::{Config, Error};

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
    /// House style TOML; replaces the embedded default (use `extends = "default"` to override
    /// single keys).
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
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// `path:line:col: severity rule message`.
    Text,
    /// One JSON array of diagnostics.
    Json,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Lint drafts and report what breaks the house style ('-' reads stdin).
    Check {
        /// Markdown files to check; '-' for standard input.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
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
    let mut config = match &cli.common.config {
        Some(path) => Config::load(path)?,
        None => Config::default_style(),
    };
    config.restrict(&cli.common.select, &cli.common.ignore)?;
    match cli.command {
        Command::Check { paths } => check::run(&paths, &config, &cli.common),
        Command::Fix(args) => fix::run(&args, &config, &cli.common),
        Command::Rules => rules::list(&config),
        Command::Explain { rule } => rules::explain(&config, &rule),
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
        if path.is_dir() {
            return Err(Error::Usage(format!(
                "{}: is a directory; give a markdown file",
                path.display()
            )));
        }
        std::fs::read(path).map_err(io)?
    };
    crate::decode(path, bytes)
}

/// The exit code for what remains: 1 when an error (or, with `--strict`, anything) remains.
fn exit_for(diagnostics: &[crate::Diagnostic], strict: bool) -> ExitCode {
    let fails = diagnostics
        .iter()
        .any(|d| strict || d.severity == crate::Severity::Error);
    ExitCode::from(u8::from(fails))
}
