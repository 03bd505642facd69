//! The errors that stop blogfmt from doing its job, each printed as one line naming the file.

use std::path::PathBuf;

/// Everything that stops blogfmt from doing its job. Each prints as one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A file is not markdown text: not UTF-8, or it holds a NUL byte.
    #[error("{}: {reason}; blogfmt reads UTF-8 markdown text", path.display())]
    NotText {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// A house style config is invalid.
    #[error("{path}:{line}:{column}: {message}")]
    Config {
        /// The config file.
        path: String,
        /// 1-based line.
        line: usize,
        /// 1-based column in characters.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The command line asks for something that cannot be done.
    #[error("{0}")]
    Usage(String),
    /// Fixes kept changing the text: the named rules undo each other's fixes.
    #[error("fixes did not settle after {passes} passes (rules: {rules}); {advice}")]
    NoFixpoint {
        /// The rules whose fixes kept applying.
        rules: String,
        /// The passes taken.
        passes: usize,
        /// What to do about it: a house style's own rules are the user's to change, a cycle
        /// among built-in rules is a bug to report.
        advice: &'static str,
    },
}
