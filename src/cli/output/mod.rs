//! Printing diagnostics: text for people, JSON for tools, GitHub workflow commands for
//! annotations, SARIF for code scanning, and per-rule statistics.
//!
//! Lines and columns are 1-based everywhere and columns count characters (Unicode scalar
//! values), which SARIF is told through `columnKind`. Text output shows a source excerpt with a
//! caret under the span only on a terminal; the caret is placed by display width (tabs
//! expanded, wide CJK and emoji counted as two cells) so it lands under the right characters.

mod github;
mod json;
mod sarif;
mod statistics;
mod text;

pub(crate) use github::write_github;
pub(crate) use json::write_json;
pub(crate) use sarif::sarif;
pub(crate) use statistics::{statistics, write_statistics};
pub(crate) use text::{TextStyle, write_text};

use crate::diagnostic::Diagnostic;
use crate::markdown::Document;

/// Diagnostics of one file, ready to print: positions and excerpts are resolved when the
/// report is made, so the file's document can be dropped right after linting instead of being
/// kept (with its whole text) until every file is done.
///
/// The places sit beside the diagnostics rather than wrapping them: wrapping would copy every
/// diagnostic into a second vector while the first is still alive, and a hostile draft has
/// one every few bytes.
pub(crate) struct FileReport {
    pub path: String,
    diagnostics: Vec<Diagnostic>,
    /// Where each diagnostic starts and ends, by index.
    places: Vec<Place>,
    /// Each diagnostic's excerpt, by index; empty when the output shows none.
    excerpts: Vec<String>,
}

/// 1-based line and character column where a span starts, and where it ends.
#[derive(Debug, Clone, Copy)]
struct Place {
    start: (usize, usize),
    end: (usize, usize),
}

/// A diagnostic with its place in the file resolved.
pub(crate) struct Located<'a> {
    pub diagnostic: &'a Diagnostic,
    /// 1-based line and character column where the span starts.
    pub start: (usize, usize),
    /// 1-based line and character column where the span ends.
    pub end: (usize, usize),
    /// The source line with a caret under the span, when the text output shows excerpts.
    pub excerpt: Option<&'a str>,
}

impl FileReport {
    /// Resolve each diagnostic's position in `doc`, and its excerpt when `style` shows them.
    pub(crate) fn new(
        path: String,
        doc: &Document,
        diagnostics: Vec<Diagnostic>,
        style: TextStyle,
    ) -> Self {
        let places = diagnostics
            .iter()
            .map(|d| Place {
                start: doc.line_col(d.range.start),
                end: doc.line_col(d.range.end),
            })
            .collect();
        let excerpts = if style.excerpt {
            diagnostics
                .iter()
                .map(|d| text::excerpt(doc, d, style))
                .collect()
        } else {
            Vec::new()
        };
        FileReport {
            path,
            diagnostics,
            places,
            excerpts,
        }
    }

    /// Each diagnostic with its place, in order.
    pub(crate) fn located(&self) -> impl Iterator<Item = Located<'_>> {
        self.diagnostics
            .iter()
            .zip(&self.places)
            .enumerate()
            .map(|(i, (diagnostic, place))| Located {
                diagnostic,
                start: place.start,
                end: place.end,
                excerpt: self.excerpts.get(i).map(String::as_str),
            })
    }

    /// The diagnostics alone.
    pub(crate) fn diagnostics(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter()
    }
}
