//! Real-world markdown from `../shared/` (seeds and the Rust blog corpus) through check and fix.
//!
//! Skips with a message when `../shared` is not beside the checkout.

mod common;

use blogfmt::markdown::NodeKind;
use blogfmt::{Config, Document, lint};

use common::{code_blocks, shared, shared_documents};

#[test]
fn check_and_fix_every_shared_document() {
    let Some(shared) = shared() else { return };
    let config = Config::default_style();
    let files = shared_documents(&shared);
    assert!(
        files.len() > 700,
        "expected the corpus, found {} files",
        files.len()
    );
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        let name = path.display();
        let doc = Document::parse(source.clone());
        lint(&doc, &config);
        let fixed = blogfmt::fix(&source, &config).unwrap_or_else(|e| panic!("{name}: {e}"));
        let again = blogfmt::fix(fixed.text(), &config).unwrap();
        assert_eq!(again.text(), fixed.text(), "{name}: fix is not idempotent");
        assert!(
            again.changes.is_empty(),
            "{name}: second fix changed something"
        );
        assert_eq!(
            code_blocks(&source),
            code_blocks(fixed.text()),
            "{name}: code changed"
        );
    }
}

/// Words a rule is documented to change, normalised as in [`prose_words`]: the summary and
/// bio headings that `summary/heading` and `bio/structure` rewrite to the house texts (and
/// the `---` they replace). Heading case and dashes need no entry: words are compared in lower
/// case with punctuation dropped.
const CHANGED_WORDS: &[&str] = &[
    // summary/heading: TLDR, TL DR, "Too long; didn't read", Summary, In short, In brief.
    "tldr", "tl", "dr", "too", "long", "didnt", "read", "summary", "in", "short", "brief",
    // bio/structure: About me, Author, Bio, The author, About the writer.
    "about", "me", "author", "bio", "the", "writer",
];

/// The source with what `assets/placeholder` is documented to drop removed: the label and number
/// of a placeholder (`[Placeholder 3: `, `TODO: add `) and the leading "Screenshot of the" /
/// "Link to" of its description. The description's other words must survive as alt or link text.
fn without_placeholder_labels(text: &str) -> String {
    let label = regex::Regex::new(
        r"(?im)(\[(?:Placeholder|Image|Screenshot|Diagram|Figure|Chart)(?:\s+\d+)?\s*:\s*|TODO\s*:?\s*add\s+)(?:(?:a|an|the)\s+)?(?:(?:screenshot|image|picture)\s+of\s+(?:the\s+)?|link\s+to\s+)?",
    )
    .unwrap();
    label.replace_all(text, "[").into_owned()
}

/// The words of the prose (text nodes) in lower case with punctuation dropped, counted, and
/// the inline code spans as written, counted.
fn prose_words(
    text: &str,
) -> (
    std::collections::BTreeMap<String, usize>,
    std::collections::BTreeMap<String, usize>,
) {
    let doc = Document::parse(text.to_string());
    let mut words = std::collections::BTreeMap::new();
    let mut code = std::collections::BTreeMap::new();
    for (index, node) in doc.nodes().iter().enumerate() {
        match node.kind {
            NodeKind::Text => {
                for word in doc.text(index).split_whitespace() {
                    let word: String = word
                        .chars()
                        .filter(|c| c.is_alphanumeric())
                        .flat_map(char::to_lowercase)
                        .collect();
                    if !word.is_empty() {
                        *words.entry(word).or_insert(0) += 1;
                    }
                }
            }
            NodeKind::Code => *code.entry(doc.text(index).to_string()).or_insert(0) += 1,
            _ => {}
        }
    }
    (words, code)
}

/// Issue 5: `fix` with the full default style is idempotent on every shared document, keeps
/// code blocks and inline code byte-identical, and loses no word of prose except the words a
/// rule is documented to change.
#[test]
fn fix_keeps_code_and_every_word_of_prose() {
    let Some(shared) = shared() else { return };
    let config = Config::default_style();
    let mut failures = Vec::new();
    let mut changed_files = 0;
    for path in shared_documents(&shared) {
        let source = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let fixed = match blogfmt::fix(&source, &config) {
            Ok(outcome) => outcome.text().to_string(),
            Err(err) => {
                failures.push(format!("{name}: {err}"));
                continue;
            }
        };
        changed_files += usize::from(fixed != source);
        let again = blogfmt::fix(&fixed, &config).unwrap().text().to_string();
        if again != fixed {
            failures.push(format!("{name}: a second fix changed the text"));
        }
        if code_blocks(&source) != code_blocks(&fixed) {
            failures.push(format!("{name}: a code block changed"));
        }
        let (before, code_before) = prose_words(&without_placeholder_labels(&source));
        let (after, code_after) = prose_words(&fixed);
        if code_before != code_after {
            failures.push(format!("{name}: inline code changed"));
        }
        let lost: Vec<&String> = before
            .iter()
            .filter(|(word, count)| {
                after.get(*word).copied().unwrap_or(0) < **count
                    && !CHANGED_WORDS.contains(&word.as_str())
            })
            .map(|(word, _)| word)
            .collect();
        if !lost.is_empty() {
            failures.push(format!("{name}: prose words lost: {lost:?}"));
        }
    }
    eprintln!("fix changed {changed_files} shared document(s)");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
