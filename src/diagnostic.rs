//! Diagnostics and the edits that fix them.
//!
//! A diagnostic points at a byte range of the source it was found in; lines and columns are
//! computed only when printing. A fix is a set of non-overlapping byte-range edits on that same
//! source, plus a one-line title for the changes log.

use std::ops::Range;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// How serious a rule's violations are. `error` fails `check`; `warning` only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, never fails a run unless `--strict`.
    Warning,
    /// Fails `check` and `fix` while it remains.
    Error,
}

impl Severity {
    /// The lower-case name used in output and config.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One replacement of a byte range of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// The replaced byte range of the source the diagnostic was found in.
    pub range: Range<usize>,
    /// The new text.
    pub replacement: String,
}

impl Edit {
    /// Replace `range` with `replacement`.
    pub fn replacement(range: Range<usize>, replacement: impl Into<String>) -> Self {
        debug_assert!(range.start <= range.end);
        Edit {
            range,
            replacement: replacement.into(),
        }
    }

    /// Insert `text` at `offset`.
    pub fn insertion(offset: usize, text: impl Into<String>) -> Self {
        Edit::replacement(offset..offset, text)
    }

    /// Delete `range`.
    pub fn deletion(range: Range<usize>) -> Self {
        Edit::replacement(range, String::new())
    }
}

/// A file that a fix's new text refers to and that someone still has to make, such as the image
/// behind a reference created from a placeholder. The changes log lists these under
/// **Assets to produce** so a designer can work from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetRequest {
    /// The path the new reference points to.
    pub path: String,
    /// The alt text of the new reference, as readers will see it (unescaped).
    pub alt: String,
    /// The kind of visual (`diagram`, `screenshot`, ...).
    pub kind: String,
    /// The text the fix replaced, as written in the draft.
    pub placeholder: String,
}

/// A fix: edits sorted by start, non-overlapping, and what they do in one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// The edits, sorted by start and non-overlapping.
    pub edits: Vec<Edit>,
    /// What the fix changes the text to, for the changes log ("Changed to"). Shared: a rule
    /// that reports thousands of times mostly renders the same title.
    pub title: Arc<str>,
    /// A file the new text refers to that does not exist yet, for the changes log. Boxed,
    /// as most fixes have none.
    pub asset: Option<Box<AssetRequest>>,
}

impl Fix {
    /// Build a fix, sorting its edits.
    pub fn new(mut edits: Vec<Edit>, title: impl Into<Arc<str>>) -> Self {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        debug_assert!(edits.windows(2).all(|w| w[0].range.end <= w[1].range.start));
        Fix {
            edits,
            title: title.into(),
            asset: None,
        }
    }

    /// The same fix, asking for `asset` to be produced.
    pub fn with_asset(mut self, asset: AssetRequest) -> Self {
        self.asset = Some(Box::new(asset));
        self
    }

    /// The span from the first edit's start to the last edit's end.
    pub fn span(&self) -> Range<usize> {
        let start = self.edits.first().map_or(0, |e| e.range.start);
        let end = self.edits.last().map_or(0, |e| e.range.end);
        start..end
    }
}

/// A violation of a rule at a byte range of a source.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule id, such as `summary/heading`.
    pub rule: Arc<str>,
    /// The configured severity of the rule.
    pub severity: Severity,
    /// The byte range the violation covers.
    pub range: Range<usize>,
    /// What is wrong, rendered from the rule's message template. Shared between the
    /// diagnostics of a rule that render the same message.
    pub message: Arc<str>,
    /// The fix, when the rule can make one here. Boxed, so a diagnostic stays small: a
    /// hostile draft can have one every few bytes.
    pub fix: Option<Box<Fix>>,
}

/// Apply sorted, non-overlapping edits to `text`.
pub fn apply_edits(text: &str, edits: &[&Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for edit in edits {
        out.push_str(&text[last..edit.range.start]);
        out.push_str(&edit.replacement);
        last = edit.range.end;
    }
    out.push_str(&text[last..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order() {
        let a = Edit::replacement(0..2, "AB");
        let b = Edit::insertion(3, "-");
        let c = Edit::deletion(4..5);
        assert_eq!(apply_edits("abcdef", &[&a, &b, &c]), "ABc-df");
    }

    #[test]
    fn fix_sorts_edits() {
        let fix = Fix::new(
            vec![Edit::deletion(5..6), Edit::insertion(1, "x")],
            String::new(),
        );
        assert_eq!(fix.span(), 1..6);
    }
}
