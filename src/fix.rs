//! Apply fixes to a fixpoint.
//!
//! Each pass parses the text once, lints it, and applies every fix whose edits overlap no edit
//! already taken in that pass (a skipped fix is found again on the next pass). Passes repeat
//! until no fix applies. Every applied fix is recorded with its before and after lines and its
//! line in the original draft, for the changes log.
//!
//! Three guarantees hold whatever the rules do: a pass whose edits would change a literal (code,
//! HTML, front matter, what the dialect embeds; see [`crate::markdown::LiteralDigest`]), the
//! outline (headings no edit touched keep their order, none is lost; see `outline_kept`), a
//! heading's markup (`{#id}`, `:emoji:`, template tags) or the balance of `()` and `[]` in the
//! text drops the fixes that do, which stay diagnostics for the author; and [`FixOutcome::changed`] names every original byte range
//! the edits replaced, composed across passes, so that all other bytes are provably kept.

use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Edit, Fix, apply_edits};
use crate::error::Error;
use crate::lint::lint;
use crate::markdown::{Document, Syntax, floor_char_boundary, markup};
use crate::settings::Config;

mod outline;

use outline::outline_kept;

/// The most passes a fix may take; real drafts settle in two or three.
pub const MAX_PASSES: usize = 10;

/// One fix as applied, for the changes log.
#[derive(Debug, Clone)]
pub struct AppliedChange {
    /// The rule id.
    pub rule: Arc<str>,
    /// What was wrong (the diagnostic message).
    pub message: Arc<str>,
    /// What it was changed to (the fix title).
    pub title: Arc<str>,
    /// 1-based line in the original draft of what was wrong.
    pub original_line: usize,
    /// The lines the fix touched, before.
    pub before: String,
    /// The same lines after the fix.
    pub after: String,
    /// A file the new text refers to that someone still has to produce.
    pub asset: Option<Box<crate::diagnostic::AssetRequest>>,
}

/// The result of fixing a draft.
#[derive(Debug)]
pub struct FixOutcome {
    /// The fixed draft, parsed: the last pass's document, so callers need not parse it again.
    pub document: Document,
    /// Every applied fix, in the order applied (document order within a pass).
    pub changes: Vec<AppliedChange>,
    /// Diagnostics left on the fixed text.
    pub remaining: Vec<Diagnostic>,
    /// Passes taken, the final clean lint included.
    pub passes: usize,
    /// The byte ranges of the original source that the applied edits replaced, composed across
    /// passes, sorted and merged (adjacent ranges join; an insertion is an empty range). Every
    /// byte outside them is in `text`, unchanged and in order: the pieces between the ranges
    /// are the pieces of `text` between the replacements.
    pub changed: Vec<Range<usize>>,
}

impl FixOutcome {
    /// The fixed text.
    pub fn text(&self) -> &str {
        self.document.source()
    }
}

/// Fix `source` to a fixpoint under `config`, read as [`Config::syntax`] says.
pub fn fix(source: &str, config: &Config) -> Result<FixOutcome, Error> {
    fix_as(source, config, &config.syntax())
}

/// Fix `source` to a fixpoint under `config`, read in the dialect `syntax` names.
pub fn fix_as(source: &str, config: &Config, syntax: &Syntax) -> Result<FixOutcome, Error> {
    let mut changes: Vec<AppliedChange> = Vec::new();
    // Digests of every text seen, to stop on a cycle without keeping a copy of each pass.
    let mut seen = HashSet::new();
    seen.insert(digest(source));
    let mut pieces = Pieces::new(source.len());
    let source_lines = crate::markdown::LineIndex::new(source);
    let mut doc = Document::parse_as(source.to_string(), syntax);
    for pass in 1..=MAX_PASSES {
        let diagnostics = lint(&doc, config);
        let mut taken = Taken::default();
        let mut proposed: Vec<&Diagnostic> = Vec::new();
        for diagnostic in &diagnostics {
            // A fix that would change nothing (a rule misjudging odd line endings, say) is no
            // fix: applying it would look like a cycle.
            if let Some(fix) = &diagnostic.fix
                && !is_no_op(doc.source(), fix)
                && taken.try_take(fix)
            {
                proposed.push(diagnostic);
            }
        }
        let (applied, next) = keep_literals(&doc, proposed);
        let Some(next) = next else {
            // Every fix still offered here was refused (it would change a literal), so what
            // remains is the author's to do by hand.
            let remaining = diagnostics
                .into_iter()
                .map(|d| Diagnostic { fix: None, ..d })
                .collect();
            return Ok(FixOutcome {
                document: doc,
                changes,
                remaining,
                passes: pass,
                changed: pieces.changed(),
            });
        };
        let origins = pieces.origins();
        for diagnostic in &applied {
            let fix = diagnostic.fix.as_ref().expect("applied fixes have fixes");
            let (before, after) = fix_lines(&doc, fix);
            let offset = origins.original_offset(diagnostic.range.start);
            changes.push(AppliedChange {
                rule: diagnostic.rule.clone(),
                message: diagnostic.message.clone(),
                title: fix.title.clone(),
                original_line: source_lines.line(offset),
                before,
                after,
                asset: fix.asset.clone(),
            });
        }
        pieces.apply(&sorted_edits(&applied));
        if !seen.insert(digest(next.source())) {
            return Err(no_fixpoint(&changes));
        }
        doc = next;
    }
    Err(no_fixpoint(&changes))
}

/// Whether every edit of `fix` writes back exactly what is there.
fn is_no_op(source: &str, fix: &Fix) -> bool {
    fix.edits
        .iter()
        .all(|e| source.get(e.range.clone()) == Some(e.replacement.as_str()))
}

fn digest(text: &str) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

/// Bytes of a line the changes log shows on each side of a fix.
const LOG_CONTEXT: usize = 160;

/// The edits of `fixes`, sorted by position.
fn sorted_edits<'d>(fixes: &[&'d Diagnostic]) -> Vec<&'d Edit> {
    let mut edits: Vec<&Edit> = fixes
        .iter()
        .flat_map(|d| d.fix.as_ref().map(|f| f.edits.iter()).into_iter().flatten())
        .collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    edits
}

/// The fixes of `proposed` that leave every literal (code, HTML, front matter, embedded
/// constructs) and heading markup as it was, keep bracket balance and the outline
/// ([`outline_kept`]), and the document they make
/// (`None` when no fix is left).
///
/// A rule's edit may reach past its intent, say by moving a section that ends in an unclosed
/// fence, which would turn prose into code. The pass is checked as a whole first (one parse,
/// which the next pass reuses); only when it changes a literal are the fixes split in halves
/// to find and refuse the ones that do. A refused fix stays a diagnostic for the author.
fn keep_literals<'d>(
    doc: &Document,
    proposed: Vec<&'d Diagnostic>,
) -> (Vec<&'d Diagnostic>, Option<Document>) {
    // What heading markup (ids, classes, emoji, template tags) and bracket balance the text
    // has: heading case may recase the words around them, never them.
    let markup = markup::heading_markup(doc);
    let balance = markup::bracket_balance(doc);
    let apply = |fixes: &[&Diagnostic]| {
        let edits = sorted_edits(fixes);
        let next = doc.reparse(apply_edits(doc.source(), &edits));
        let kept = next.literal_digest() == doc.literal_digest()
            && outline_kept(doc, &edits, &next)
            && markup::heading_markup(&next) == markup
            && markup::bracket_balance(&next) == balance;
        kept.then_some(next)
    };
    if proposed.is_empty() {
        return (proposed, None);
    }
    if let Some(next) = apply(&proposed) {
        return (proposed, Some(next));
    }
    fn bisect<'d>(
        accepted: &mut Vec<&'d Diagnostic>,
        candidates: &[&'d Diagnostic],
        apply: &dyn Fn(&[&Diagnostic]) -> Option<Document>,
    ) {
        if candidates.is_empty() {
            return;
        }
        let mut trial = accepted.clone();
        trial.extend_from_slice(candidates);
        if apply(&trial).is_some() {
            *accepted = trial;
        } else if candidates.len() > 1 {
            let (first, second) = candidates.split_at(candidates.len() / 2);
            bisect(accepted, first, apply);
            bisect(accepted, second, apply);
        }
    }
    let (first, second) = proposed.split_at(proposed.len() / 2);
    let mut accepted = Vec::new();
    bisect(&mut accepted, first, &apply);
    bisect(&mut accepted, second, &apply);
    let next = if accepted.is_empty() {
        None
    } else {
        apply(&accepted)
    };
    (accepted, next)
}

fn no_fixpoint(changes: &[AppliedChange]) -> Error {
    let mut rules: Vec<&str> = changes.iter().map(|c| &*c.rule).collect();
    rules.sort_unstable();
    rules.dedup();
    // A `replace` of a custom rule comes from the house style, so a cycle through one is
    // most likely the config's (two rules rewriting each other's output), not a bug.
    let advice = if rules.iter().any(|r| r.starts_with("custom/")) {
        "their fixes undo each other: check the `replace` of the custom rules named"
    } else {
        "please report this draft"
    };
    Error::NoFixpoint {
        rules: rules.join(", "),
        passes: MAX_PASSES,
        advice,
    }
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
    let fixed = fix.span();
    let mut span = doc.line_index().line_span(source, fixed.clone());
    // A long line is shown around the fix only: a 10 MB line must not be copied once per
    // change.
    let (mut head, mut tail) = ("", "");
    if fixed.start - span.start > LOG_CONTEXT {
        span.start = floor_char_boundary(source, fixed.start - LOG_CONTEXT);
        head = "…";
    }
    if span.end - fixed.end > LOG_CONTEXT {
        span.end = floor_char_boundary(source, fixed.end + LOG_CONTEXT);
        tail = "…";
    }
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
    (
        format!("{head}{before}{tail}"),
        format!("{head}{after}{tail}"),
    )
}

/// A run of the current text: either original bytes kept as they were, or text that edits
/// wrote in place of the original range `orig`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    /// Length in the current text.
    len: usize,
    /// The original bytes this piece stands for (equal in length when kept).
    orig: Range<usize>,
    /// Whether the piece is original text, unchanged.
    kept: bool,
}

/// How the current text is made of the original: pieces that tile both texts in order.
#[derive(Debug)]
struct Pieces {
    pieces: Vec<Piece>,
    orig_len: usize,
}

impl Pieces {
    fn new(orig_len: usize) -> Self {
        let pieces = (orig_len > 0)
            .then_some(Piece {
                len: orig_len,
                orig: 0..orig_len,
                kept: true,
            })
            .into_iter()
            .collect();
        Pieces { pieces, orig_len }
    }

    /// Account for one pass's edits (sorted, non-overlapping, on the current text), in one
    /// walk over the pieces: kept pieces are split at edit bounds, and every piece an edit
    /// touches joins the new piece that replaces it.
    fn apply(&mut self, edits: &[&Edit]) {
        let mut out: Vec<Piece> = Vec::with_capacity(self.pieces.len() + 2 * edits.len());
        let mut rest = std::mem::take(&mut self.pieces).into_iter();
        let mut current = rest.next();
        // Offset in the current text where `current` starts.
        let mut pos = 0;
        for edit in edits {
            let (start, end) = (edit.range.start, edit.range.end);
            // Pieces wholly before the edit stay as they are.
            while let Some(piece) = current.take_if(|p| pos + p.len <= start) {
                pos += piece.len;
                out.push(piece);
                current = rest.next();
            }
            // Now `current`, if any, holds `start`: pos <= start < pos + len.
            let mut len = edit.replacement.len();
            let mut orig_start = self.orig_len;
            if let Some(piece) = current.as_mut() {
                orig_start = piece.orig.start;
                if piece.kept && pos < start {
                    let before = start - pos;
                    out.push(Piece {
                        len: before,
                        orig: piece.orig.start..piece.orig.start + before,
                        kept: true,
                    });
                    piece.len -= before;
                    piece.orig.start += before;
                    orig_start = piece.orig.start;
                    pos = start;
                }
            }
            let mut orig_end = orig_start;
            // Consume what the edit covers; a written piece it touches joins it whole.
            while let Some(piece) = current.as_mut() {
                let piece_end = pos + piece.len;
                if pos >= end && (piece.kept || pos > start) {
                    break;
                }
                if piece.kept && piece_end > end {
                    let taken = end - pos;
                    piece.len -= taken;
                    piece.orig.start += taken;
                    orig_end = piece.orig.start;
                    pos = end;
                    break;
                }
                if !piece.kept {
                    // Its text outside the edit survives inside the new piece.
                    len += piece.len - (piece_end.min(end) - pos.max(start).min(piece_end));
                }
                orig_end = piece.orig.end;
                pos = piece_end;
                current = rest.next();
            }
            out.push(Piece {
                len,
                orig: orig_start..orig_end,
                kept: false,
            });
        }
        out.extend(current);
        out.extend(rest);
        self.pieces = out;
    }

    /// Where each piece starts in the current text, to map offsets back in O(log n).
    fn origins(&self) -> Origins<'_> {
        let mut starts = Vec::with_capacity(self.pieces.len());
        let mut pos = 0;
        for piece in &self.pieces {
            starts.push(pos);
            pos += piece.len;
        }
        Origins {
            pieces: self,
            starts,
        }
    }

    /// The original ranges that are no longer there as they were, merged.
    fn changed(&self) -> Vec<Range<usize>> {
        let mut changed: Vec<Range<usize>> = Vec::new();
        for piece in self.pieces.iter().filter(|p| !p.kept) {
            match changed.last_mut() {
                Some(last) if last.end >= piece.orig.start => {
                    last.end = last.end.max(piece.orig.end);
                }
                _ => changed.push(piece.orig.clone()),
            }
        }
        changed
    }
}

/// The current text's piece starts, for mapping offsets back to the original.
struct Origins<'p> {
    pieces: &'p Pieces,
    starts: Vec<usize>,
}

impl Origins<'_> {
    /// The original offset of `offset` in the current text: the same byte when it was kept,
    /// else the start of the original range its piece replaced.
    fn original_offset(&self, offset: usize) -> usize {
        // The last non-empty piece starting at or before `offset`.
        let index = self.starts.partition_point(|&s| s <= offset);
        let found = (0..index)
            .rev()
            .find(|&i| self.pieces.pieces[i].len > 0 || i == 0);
        match found.map(|i| (&self.pieces.pieces[i], self.starts[i])) {
            Some((piece, start)) if piece.kept => {
                (piece.orig.start + (offset - start)).min(piece.orig.end)
            }
            Some((piece, _)) => piece.orig.start,
            None => offset.min(self.pieces.orig_len),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fix of `edits` on `doc`, as a rule would report it.
    fn proposal(edits: Vec<Edit>) -> Diagnostic {
        Diagnostic {
            rule: "test/rule".into(),
            severity: crate::diagnostic::Severity::Error,
            range: 0..0,
            message: "".into(),
            fix: Some(Box::new(Fix::new(edits, ""))),
        }
    }

    #[test]
    fn the_guard_refuses_changed_heading_markup_and_unbalanced_brackets() {
        let doc = Document::parse("## intro {#intro} :pray:\n\n(See it.)\n".to_string());
        let at = |s: &str| doc.source().find(s).unwrap();
        let recase_id = proposal(vec![Edit::replacement(at("intro}")..at("intro}") + 1, "I")]);
        let recase_emoji = proposal(vec![Edit::replacement(at("pray")..at("pray") + 1, "P")]);
        let cut_paren = proposal(vec![Edit::replacement(at("(")..at("(") + 1, "")]);
        let recase_word = proposal(vec![Edit::replacement(3..4, "I")]);
        let proposed = vec![&recase_id, &recase_emoji, &cut_paren, &recase_word];
        let (kept, next) = keep_literals(&doc, proposed);
        assert_eq!(kept.len(), 1);
        assert!(std::ptr::eq(kept[0], &recase_word));
        assert_eq!(
            next.unwrap().source(),
            "## Intro {#intro} :pray:\n\n(See it.)\n"
        );
    }

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
    fn the_log_shows_a_long_line_around_the_fix_only() {
        let line = format!("{}x -- y{}\n", "a".repeat(1000), "é".repeat(1000));
        let doc = Document::parse(format!("# T\n\n{line}"));
        let at = doc.source().find("--").unwrap();
        let fix = Fix::new(vec![Edit::replacement(at..at + 2, "—")], String::new());
        let (before, after) = fix_lines(&doc, &fix);
        assert!(before.starts_with('…') && before.ends_with('…'), "{before}");
        assert!(before.len() < 2 * LOG_CONTEXT + 20, "{}", before.len());
        assert_eq!(after, before.replace("--", "—"));
        let short = Document::parse("# T\n\nx -- y\n".to_string());
        let fix = Fix::new(vec![Edit::replacement(7..9, "—")], String::new());
        assert_eq!(
            fix_lines(&short, &fix),
            ("x -- y\n".into(), "x — y\n".into())
        );
    }

    /// Apply passes of `(range, replacement)` edits to `text`, returning the final text and
    /// the changed original ranges.
    fn passes(text: &str, passes: &[&[(Range<usize>, &str)]]) -> (String, Vec<Range<usize>>) {
        let mut pieces = Pieces::new(text.len());
        let mut text = text.to_string();
        for pass in passes {
            let edits: Vec<Edit> = pass
                .iter()
                .map(|(r, s)| Edit::replacement(r.clone(), *s))
                .collect();
            let edits: Vec<&Edit> = edits.iter().collect();
            pieces.apply(&edits);
            text = apply_edits(&text, &edits);
            assert_eq!(
                pieces.pieces.iter().map(|p| p.len).sum::<usize>(),
                text.len()
            );
        }
        (text, pieces.changed())
    }

    #[test]
    fn changed_ranges_compose_across_passes() {
        // "abcdef" -> "aXYZWdef" -> "aXYZWdf": the second edit maps back to "e".
        let (text, changed) = passes("abcdef", &[&[(1..3, "XYZW")], &[(6..7, "")]]);
        assert_eq!(text, "aXYZWdf");
        assert_eq!(changed, vec![1..3, 4..5]);
        // An edit inside text an earlier pass wrote stays within that change.
        let (text, changed) = passes("abcdef", &[&[(1..3, "XYZW")], &[(2..3, "")]]);
        assert_eq!(text, "aXZWdef");
        assert_eq!(changed, vec![1..3]);
        // An edit spanning written and kept text grows the change.
        let (_, changed) = passes("abcdef", &[&[(1..2, "XY")], &[(2..5, "")]]);
        assert_eq!(changed, vec![1..4]);
        // Insertions are empty ranges; edits at both ends.
        let (text, changed) = passes("abc", &[&[(0..0, ">"), (3..3, "<")], &[(2..3, "B")]]);
        assert_eq!(text, ">aBc<");
        assert_eq!(changed, vec![0..0, 1..2, 3..3]);
        // Everything rewritten, then deleted.
        let (text, changed) = passes("abc", &[&[(0..3, "xyz")], &[(0..3, "")]]);
        assert_eq!(text, "");
        assert_eq!(changed, vec![0..3]);
        assert_eq!(passes("", &[&[(0..0, "new")]]).1, vec![0..0]);
    }

    #[test]
    fn offsets_map_back_through_passes() {
        // "abcdef" -> replace 1..3 with "XYZW" -> "aXYZWdef"
        let mut pieces = Pieces::new(6);
        let edit = Edit::replacement(1..3, "XYZW");
        pieces.apply(&[&edit]);
        let origins = pieces.origins();
        assert_eq!(origins.original_offset(0), 0);
        assert_eq!(origins.original_offset(2), 1);
        assert_eq!(origins.original_offset(5), 3);
        assert_eq!(origins.original_offset(7), 5);
        // Past a deletion, offsets land after the deleted bytes.
        let mut pieces = Pieces::new(6);
        let edit = Edit::deletion(1..3);
        pieces.apply(&[&edit]);
        assert_eq!(pieces.origins().original_offset(1), 3);
    }
}
