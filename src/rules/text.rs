//! Text measures shared by rules: label normalisation, words and sentences.

use crate::markdown::{Document, NodeKind};

/// Lower-case alphanumerics only: "TL;DR", "tl-dr" and "TL DR" all become "tldr".
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::new();
    push_normalized(text, &mut out, usize::MAX);
    out
}

/// Append [`normalize`]`(text)` to `out`, stopping once `out` is longer than `limit` bytes;
/// false when it stopped.
fn push_normalized(text: &str, out: &mut String, limit: usize) -> bool {
    if text.is_ascii() {
        // Most labels are ASCII, where the byte tests agree with the Unicode ones.
        for b in text.bytes().filter(u8::is_ascii_alphanumeric) {
            out.push(char::from(b.to_ascii_lowercase()));
            if out.len() > limit {
                return false;
            }
        }
        return true;
    }
    for c in text.chars().filter(|c| c.is_alphanumeric()) {
        out.extend(c.to_lowercase());
        if out.len() > limit {
            return false;
        }
    }
    true
}

/// [`normalize`]`(text)` into `out`, a buffer the caller reuses across labels.
pub(crate) fn normalize_into(text: &str, out: &mut String) {
    out.clear();
    push_normalized(text, out, usize::MAX);
}

/// Whether `normalize(&doc.plain_text(node))` is one of `labels` (normalised already);
/// `scratch` is a buffer the caller reuses. The label is normalised straight from the
/// source of the node's text and code spans: what `plain_text` drops from or adds to it (the
/// backslash of an escape, a code span's backticks and padding, a space for a line break) is
/// never a letter or digit. It stops as soon as it is longer than every label, so a long
/// heading costs no more than a short one.
pub(crate) fn plain_text_is_one_of(
    doc: &Document,
    node: usize,
    labels: &[String],
    scratch: &mut String,
) -> bool {
    let Some(limit) = labels.iter().map(String::len).max() else {
        return false;
    };
    scratch.clear();
    for inner in &doc.nodes()[node..doc.node(node).end] {
        if matches!(inner.kind, NodeKind::Text | NodeKind::Code)
            && !push_normalized(&doc.source()[inner.range.clone()], scratch, limit)
        {
            return false;
        }
    }
    labels.contains(scratch)
}

/// Number of words: whitespace-separated tokens holding a letter or digit.
pub(crate) fn count_words(text: &str) -> usize {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
}

/// Number of sentences. A sentence ends at a word ending in `.`, `!` or `?` (closing quotes
/// and brackets allowed after it), unless that word is one of `abbreviations`.
pub(crate) fn count_sentences(text: &str, abbreviations: &[String]) -> usize {
    let mut sentences = 0;
    let mut open = false;
    for word in text.split_whitespace() {
        if word.chars().any(char::is_alphanumeric) {
            open = true;
        }
        let core = word.trim_end_matches(['"', '\'', '”', '’', ')', ']', '*', '_']);
        let ends = core.ends_with(['.', '!', '?', '…']);
        let core = core.trim_start_matches(['"', '\'', '“', '‘', '(', '[', '*', '_']);
        let abbreviation = abbreviations.iter().any(|a| a.eq_ignore_ascii_case(core));
        if ends && open && !abbreviation {
            sentences += 1;
            open = false;
        }
    }
    sentences + usize::from(open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_ignores_case_spacing_and_punctuation() {
        for label in ["TL;DR", "tldr", "TL DR", "TL-DR", "tl:dr", " TL; DR! "] {
            assert_eq!(normalize(label), "tldr", "{label}");
        }
        assert_eq!(normalize("Too long; didn't read"), "toolongdidntread");
    }

    #[test]
    fn labels_match_as_normalized_plain_text_would() {
        let doc = Document::parse(
            "# TL;DR\n\n## Too *long*; didn't\\_read\n\n## `TL` DR &amp; Ünïcode\n\n\
             ## Tl\\;dr\n\nSome *text* \\* with `code`  \nand a break.\n"
                .into(),
        );
        let label_sets = [
            vec![],
            vec![normalize("TL;DR")],
            vec![normalize("TL;DR"), normalize("Too long; didn't read")],
            vec![normalize("tl dr amp ünïcode"), normalize("x")],
            vec![normalize("Some text with code and a break")],
        ];
        let mut scratch = String::from("stale");
        for labels in &label_sets {
            for node in doc.blocks() {
                assert_eq!(
                    plain_text_is_one_of(&doc, node, labels, &mut scratch),
                    labels.contains(&normalize(&doc.plain_text(node))),
                    "node {node} in {labels:?}"
                );
            }
        }
    }

    #[test]
    fn counts_sentences_with_abbreviations_and_quotes() {
        let abbr = vec!["e.g.".to_string()];
        assert_eq!(count_sentences("One. Two! Three?", &abbr), 3);
        assert_eq!(count_sentences("Use a cache, e.g. Redis. Done", &abbr), 2);
        assert_eq!(count_sentences("He said \"stop.\" Then left.", &abbr), 2);
        assert_eq!(count_sentences("Version 1.5 is out", &abbr), 1);
        assert_eq!(count_sentences("", &abbr), 0);
    }

    #[test]
    fn counts_words() {
        assert_eq!(count_words("We spent a week -- building it."), 6);
    }
}
