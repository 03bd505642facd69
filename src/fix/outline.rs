//! The outline half of the fixer's guard: a pass may rewrite headings, never lose or reorder
//! the ones it did not touch, nor move the title.

use std::ops::Range;

use crate::diagnostic::Edit;
use crate::markdown::Document;

/// Whether `after` (`before` with `edits` applied) keeps the post's outline: the headings no
/// edit touched are all still there, with their text and in their order, and no heading is
/// lost, and a title (a level-1 heading opening the outline) stays first. Headings an edit
/// rewrote (a level changed, a summary section moved, a label renamed) are the rules' to
/// change; a fix that drops or reorders any other heading, or moves the title, is refused.
pub(super) fn outline_kept(before: &Document, edits: &[&Edit], after: &Document) -> bool {
    // Each edit's text in `after`, and how far the text after it has moved.
    let mut shift = 0isize;
    let written: Vec<(Range<usize>, isize)> = edits
        .iter()
        .map(|e| {
            let start = e.range.start.saturating_add_signed(shift);
            shift += e.replacement.len() as isize - e.range.len() as isize;
            (start..start + e.replacement.len(), shift)
        })
        .collect();
    // Where a heading of `after` starting at `at` came from in `before`, unless edits wrote it.
    let origin = |at: usize| -> Option<usize> {
        let k = written.partition_point(|(w, _)| w.start <= at);
        match k.checked_sub(1).map(|k| &written[k]) {
            Some((w, _)) if at < w.end => None,
            Some((_, shift)) => Some(at.saturating_add_signed(-shift)),
            None => Some(at),
        }
    };
    let headings = |doc: &Document| {
        doc.nodes()
            .iter()
            .enumerate()
            .filter(|(_, n)| matches!(n.kind, crate::markdown::NodeKind::Heading(_)))
            .map(|(i, _)| doc.trimmed_range(i))
            .collect::<Vec<_>>()
    };
    let old = headings(before);
    let new = headings(after);
    if new.len() < old.len() {
        return false;
    }
    // A level-1 heading that opens the outline is the title: the outline still opens with it,
    // kept or rewritten in place, whatever moves.
    let key = |doc: &Document, range: &Range<usize>| heading_key(&doc.source()[range.clone()]);
    if let (Some(title), Some(first)) = (old.first(), new.first())
        && before.source()[title.clone()].starts_with("# ")
    {
        let rewritten_in_place = || {
            let k = written.partition_point(|(w, _)| w.start <= first.start);
            k.checked_sub(1)
                .is_some_and(|k| touches(&edits[k].range, title))
        };
        let opens = match origin(first.start) {
            Some(from) => from == title.start,
            None => rewritten_in_place(),
        };
        if !opens {
            return false;
        }
    }
    let replaced: Vec<&Range<usize>> = edits.iter().map(|e| &e.range).collect();
    let untouched: Vec<&Range<usize>> = old
        .iter()
        .filter(|h| {
            // The edits are sorted and disjoint: only those from the first one ending past
            // the heading's start can touch it.
            let first = replaced.partition_point(|c| c.end <= h.start);
            !replaced[first..]
                .iter()
                .take_while(|c| c.start < h.end)
                .any(|c| touches(c, h))
        })
        .collect();
    // The headings of `after` that are untouched headings of `before`, matched by start.
    let mut expected = untouched.iter();
    for heading in &new {
        let Some(from) = origin(heading.start) else {
            continue;
        };
        // A heading that is not an untouched one is one the edits rewrote: skip it, but an
        // untouched heading met out of order means the outline moved.
        if untouched.binary_search_by_key(&from, |u| u.start).is_ok() {
            let Some(next) = expected.next() else {
                return false;
            };
            if next.start != from || key(before, next) != key(after, heading) {
                return false;
            }
        }
    }
    expected.next().is_none()
}

/// Whether an edit's range `edit` touches the heading at `heading`: overlaps it, or, for an
/// empty range, falls strictly inside it (text inserted just before a heading leaves it be).
fn touches(edit: &Range<usize>, heading: &Range<usize>) -> bool {
    if edit.is_empty() {
        heading.start < edit.start && edit.start < heading.end
    } else {
        edit.start < heading.end && heading.start < edit.end
    }
}

/// A heading's identity: the hash of its letters and digits in lower case, so the markers
/// (`##`, a setext underline) and the case a rule may change do not count.
fn heading_key(text: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = foldhash::quality::FixedState::default().build_hasher();
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        for lower in c.to_lowercase() {
            hasher.write_u32(lower as u32);
        }
    }
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::apply_edits;

    /// Whether the outline guard accepts `edits` (replacing the first `from` with `to`; an empty
    /// `from` inserts at the start) on `text`.
    fn outline_accepts(text: &str, edits: &[(&str, &str)]) -> bool {
        let doc = Document::parse(text.to_string());
        let mut edits: Vec<Edit> = edits
            .iter()
            .map(|(from, to)| {
                let at = text.find(from).expect("edit text present");
                Edit::replacement(at..at + from.len(), *to)
            })
            .collect();
        edits.sort_by_key(|e| e.range.start);
        let refs: Vec<&Edit> = edits.iter().collect();
        let after = doc.reparse(apply_edits(text, &refs));
        outline_kept(&doc, &refs, &after)
    }

    #[test]
    fn the_outline_guard_lets_rules_rewrite_headings_but_not_lose_or_reorder_others() {
        let text = "# Title\n\nLede.\n\n## One\n\nA.\n\n## TLDR\n\nShort.\n\n## Two   \n\nB.\n";
        // Levels, labels, case and trailing spaces of the headings edited: the rules' to change.
        assert!(outline_accepts(text, &[("# Title", "## Title")]));
        assert!(outline_accepts(text, &[("## TLDR", "## TL;DR")]));
        assert!(outline_accepts(text, &[("## Two   ", "## Two")]));
        // The title rewritten in place.
        assert!(outline_accepts(text, &[("Title", "New Title")]));
        // A section moved whole, with text inserted before the heading it lands above.
        assert!(outline_accepts(
            text,
            &[
                ("## One", "## TLDR\n\nShort.\n\n## One"),
                ("## TLDR\n\nShort.\n\n", "")
            ]
        ));
        // A section deleted, a heading made a paragraph, the title carried below a section.
        assert!(!outline_accepts(text, &[("## Two   \n\nB.\n", "")]));
        assert!(!outline_accepts(text, &[("A.\n\n## TLDR", "A.\n\nTLDR")]));
        assert!(!outline_accepts(
            text,
            &[("# Title\n\n", ""), ("Short.\n", "Short.\n\n# Title\n")]
        ));
        // A summary moved above the title (inserted at the start of the text).
        assert!(!outline_accepts(
            text,
            &[("", "## TLDR\n\nShort.\n\n"), ("## TLDR\n\nShort.\n\n", "")]
        ));
    }
}
