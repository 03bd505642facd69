//! blogfmt brings a contributor's markdown draft to a blog's house style.
//!
//! The library is what the `blogfmt` binary runs: parse a draft once into a [`Document`], lint
//! it with the rules a [`Config`] (TOML house style) sets up, and [`fix`] it to a fixpoint with
//! byte-range edits that leave every other byte as it was. [`report::changes_log`] explains
//! each change to the author.
//!
//! The modules form layers, and each imports only from the layers before it (a test in
//! `tests/layers.rs` holds them to it):
//!
//! 1. [`markdown`], [`diagnostic`], [`template`], [`error`]: the parsed draft, what a rule
//!    reports, message templates, errors. They know nothing of rules.
//! 2. [`rule`]: the rule API, what every rule is built with and checks through.
//! 3. [`rules`]: the built-in rules and their registry.
//! 4. [`settings`]: the TOML house style that configures and builds the rules.
//! 5. [`lint`] and [`fix`] (with the suppression comments): running the configured rules.
//! 6. [`report`]: the changes log and the generated rule reference.
//! 7. [`cli`]: the commands, on top of everything.

pub mod diagnostic;
pub mod error;
pub mod markdown;
pub mod template;

pub mod rule;

pub mod rules;

pub mod settings;

pub mod fix;
pub mod lint;
mod suppress;

pub mod report;

pub mod cli;

pub use diagnostic::{Diagnostic, Edit, Fix, Severity};
pub use error::Error;
pub use fix::{FixOutcome, fix, fix_as};
pub use lint::lint;
pub use markdown::{Document, decode};
pub use settings::Config;
