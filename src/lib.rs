//! blogfmt brings a contributor's markdown draft to a blog's house style.
//!
//! The library is what the `blogfmt` binary runs: parse a draft once into a [`Document`], lint
//! it with the rules a [`Config`] (TOML house style) sets up, and [`fix`] it to a fixpoint with
//! byte-range edits that leave every other byte as it was. [`changes_log`] explains each change
//! to the author.

pub mod changes_log;
pub mod cli;
pub mod diagnostic;
pub mod docs;
pub mod fixer;
pub mod markdown;
pub mod rule;
pub mod rules;
pub mod settings;
mod suppress;
pub mod template;

use std::path::PathBuf;

pub use diagnostic::{Diagnostic, Edit, Fix, Severity};
pub use fixer::{FixOutcome, fix};
pub use markdown::Document;
pub use settings::Config;

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
    /// Fixes kept changing the text: a bug in the named rules.
    #[error("fixes did not settle after {max} passes (rules: {0}); please report this draft", max = fixer::MAX_PASSES)]
    NoFixpoint(String),
}

/// Lint a parsed document: every active rule's diagnostics, in document order, minus those
/// the document's `<!-- blogfmt-disable … -->` comments suppress (which are then not fixed
/// either).
pub fn lint(doc: &Document, config: &Config) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for rule in config.active_rules() {
        let mut checker = rule::Checker::new(doc, &rule.report, &mut diagnostics);
        rule.check.check(&mut checker);
    }
    suppress::Suppressions::new(doc).apply(&mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.rule).cmp(&(b.range.start, b.range.end, &b.rule))
    });
    diagnostics
}

/// Decode file bytes as markdown text: UTF-8 without NUL bytes.
pub fn decode(path: &std::path::Path, bytes: Vec<u8>) -> Result<String, Error> {
    if let Some(position) = memchr::memchr(0, &bytes) {
        return Err(Error::NotText {
            path: path.to_path_buf(),
            reason: format!("NUL byte at offset {position}"),
        });
    }
    String::from_utf8(bytes).map_err(|e| Error::NotText {
        path: path.to_path_buf(),
        reason: format!(
            "invalid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        ),
    })
}
