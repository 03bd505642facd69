//! Apply fixes to a fixpoint.
//!
//! Each pass parses the text once, lints it, and applies every fix whose edits overlap no edit
//! already taken in that pass (a skipped fix is found again on the next pass). Passes repeat
//! until no fix applies. Every applied fix is recorded with its before and after lines and its
//! line in the original draft, for the changes log.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Edit, Fix, apply_edits};
use crate::document::Document;
use crate::{Error, lint};

/// The most passes a fix may take; real drafts settle in two or three.
pub const MAX_PASSES: usize = 10;

/// One fix as applied, for the changes log.
#[derive(Debug, Clone)]
pub struct AppliedChange {
    /// The rule id.
    pub rule: String,
    /// What was wrong (the diagnostic message).
    pub message: String,
    /// What it was changed to (the fix title).
    pub title: String,
    /// 1-based line in the original draft of what was wrong.
    pub original_line: usize,
    /// The lines the fix touched, before.
    pub before: String,
    /// The same lines after the fix.
    pub after: String,
    /// A file the new text refers to that someone still has to produce.
    pub asset: Option<crate::diagnostic::AssetRequest>,
}

/// The result of fixing a draft.
#[derive(Debug)]
pub struct FixOutcome {
    /// The fixed text.
    pub text: String,
    /// Every applied fix, in the order applied (document order within a pass).
    pub changes: Vec<AppliedChange>,
    /// Diagnostics left on the fixed text.
    pub remaining: Vec<Diagnostic>,
    /// Passes taken, the final clean lint included.
    pub passes: usize,
}

/// Fix `source` to a fixpoint under `config`.
pub fn fix(source: &str, config: &Config) -> Result<FixOutcome, Error> {
    let mut text = source.to_string();
    let mut changes: Vec<AppliedChange> = Vec::new();
    let mut history: Vec<Vec<(Range<usize>, usize)>> = Vec::new();
    let original_lines = crate::document::LineIndex::new(source);
    let mut seen = HashSet::new();
    seen.insert(text.clone());
    for pass in 1..=MAX_PASSES {
        let doc = Document::parse(text);
        let diagnostics = lint(&doc, config);
        let mut taken = Taken::default();
        let mut applied: Vec<&Diagnostic> = Vec::new();
        for diagnostic in &diagnostics {
            if let Some(fix) = &diagnostic.fix
                && taken.try_take(fix)
            {
                applied.push(diagnostic);
            }
        }
        if applied.is_empty() {
            return Ok(FixOutcome {
                text: doc.into_source(),
                changes,
                remaining: diagnostics,
                passes: pass,
            });
        }
        for diagnostic in &applied {
            let fix = diagnostic.fix.as_ref().expect("applied fixes have fixes");
            let (before, after) = fix_lines(&doc, fix);
            let offset = map_to_original(diagnostic.range.start, &history);
            changes.push(AppliedChange {
                rule: diagnostic.rule.to_string(),
                message: diagnostic.message.clone(),
                title: fix.title.clone(),
                original_line: original_lines.line(offset),
                before,
                after,
                asset: fix.asset.clone(),
            });
        }
        let mut edits: Vec<&Edit> = applied
            .iter()
            .flat_map(|d| d.fix.as_ref().map(|f| f.edits.iter()).into_iter().flatten())
            .collect();
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        history.push(
            edits
                .iter()
                .map(|e| (e.range.clone(), e.replacement.len()))
                .collect(),
        );
        text = apply_edits(doc.source(), &edits);
        if !seen.insert(text.clone()) {
            return Err(no_fixpoint(&changes));
        }
    }
    Err(no_fixpoint(&changes))
}

fn no_fixpoint(changes: &[AppliedChange]) -> Error {
    let mut rules: Vec<&str> = changes.iter().map(|c| c.rule.as_str()).collect();
    rules.sort_unstable();
    rules.dedup();
    Error::NoFixpoint(rules.join(", "))
}

/// Edits taken in the current pass, keyed by start, for overlap checks.
#[derive(Default)]
struct Taken {
    ranges: BTreeMap<usize, usize>,
}

impl Taken {
    /// Take all of `fix`'s edits if none touches an edit already taken.
    fn try_take(&mut self, fix: &Fix) -> bool {
        let clashes = |r: &Range<usize>| {
            // The nearest taken edit starting at or before r.end decides: ranges that merely
            // touch still clash, so two insertions at one point never race.
            self.ranges
                .range(..=r.end)
                .next_back()
                .is_some_and(|(&start, &end)| end >= r.start && start <= r.end)
        };
        if fix.edits.iter().any(|e| clashes(&e.range)) {
            return false;
        }
        for edit in &fix.edits {
            self.ranges.insert(edit.range.start, edit.range.end);
        }
        true
    }
}

/// The whole lines a fix touches, before and after applying just that fix.
fn fix_lines(doc: &Document, fix: &Fix) -> (String, String) {
    let source = doc.source();
    let span = doc.line_index().line_span(source, fix.span());
    let before = &source[span.clone()];
    let edits: Vec<Edit> = fix
        .edits
        .iter()
        .map(|e| {
            Edit::replacement(
                e.range.start - span.start..e.range.end - span.start,
                e.replacement.clone(),
            )
        })
        .collect();
    let after = apply_edits(before, &edits.iter().collect::<Vec<_>>());
    (before.to_string(), after)
}

/// Map an offset in the text after `history`'s passes back to the original text.
fn map_to_original(mut offset: usize, history: &[Vec<(Range<usize>, usize)>]) -> usize {
    for edits in history.iter().rev() {
        let mut shift: isize = 0;
        let mut mapped = None;
        for (range, new_len) in edits {
            let new_start = (range.start as isize + shift) as usize;
            if offset < new_start {
                break;
            }
            if offset < new_start + new_len {
                mapped = Some(range.start);
                break;
            }
            shift += *new_len as isize - range.len() as isize;
        }
        offset = mapped.unwrap_or((offset as isize - shift).max(0) as usize);
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn touching_edits_clash() {
        let mut taken = Taken::default();
        let fix = |r: Range<usize>| Fix::new(vec![Edit::replacement(r, "x")], String::new());
        assert!(taken.try_take(&fix(5..10)));
        assert!(!taken.try_take(&fix(10..12)));
        assert!(!taken.try_take(&fix(0..5)));
        assert!(!taken.try_take(&fix(7..8)));
        assert!(taken.try_take(&fix(11..12)));
        assert!(taken.try_take(&fix(0..3)));
    }

    #[test]
    fn offsets_map_back_through_passes() {
        // "abcdef" -> replace 1..3 with "XYZW" -> "aXYZWdef"
        let history = vec![vec![(1..3, 4)]];
        assert_eq!(map_to_original(0, &history), 0);
        assert_eq!(map_to_original(2, &history), 1);
        assert_eq!(map_to_original(5, &history), 3);
        assert_eq!(map_to_original(7, &history), 5);
    }
}
