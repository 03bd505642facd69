//! The `bio/*` family: the author bio at the end of a post.
//!
//! Restructuring the wrong paragraph is worse than missing a bio, so a bio is recognised only
//! from clear signals, tried in order:
//! 1. a final section whose heading is a bio variant (`About me`, `Author`, ...);
//! 2. the content after a final `---` that reads as a bio;
//! 3. a final paragraph wrapped whole in emphasis, or a final blockquote, that reads as a bio;
//! 4. a final plain paragraph that starts with the front matter `author`.
//!
//! "Reads as a bio" means: starts with the front matter `author`, or with a capitalised name of
//! two to four words followed by a verb such as "is" or "works".

use serde::Deserialize;

use crate::markdown::{Document, FactKey, NodeKind};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::summary::section_headings;
use crate::rules::text::{normalize, plain_text_is_one_of};

pub(crate) mod length;
pub(crate) mod missing;
pub(crate) mod opening;
pub(crate) mod structure;

/// The `[bio]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct BioStyle {
    /// Tells this style's facts apart in a document's memo.
    #[serde(skip)]
    pub fact_key: FactKey,
    #[serde(rename = "heading-text")]
    pub heading: String,
    #[serde(rename = "heading-level")]
    pub level: u8,
    variants: Vec<String>,
    verbs: Vec<String>,
    name_words_min: usize,
    name_words_max: usize,
    not_names: Vec<String>,
    pub abbreviations: Vec<String>,
}

impl BioStyle {
    /// The `[bio]` style, built once per config and shared by the family's rules.
    pub(crate) fn load(ctx: &RuleContext<'_>) -> Result<std::sync::Arc<Self>, OptionsError> {
        ctx.family_shared(|ctx| ctx.family::<BioStyle>()?.prepared())
    }

    /// Validate numbers and normalise the heading variants once, at load time.
    fn prepared(mut self) -> Result<Self, OptionsError> {
        if !(1..=6).contains(&self.level)
            || self.name_words_min == 0
            || self.name_words_min > self.name_words_max
        {
            return Err(OptionsError {
                span: None,
                message:
                    "[bio] needs heading-level 1 to 6 and 0 < name-words-min <= name-words-max"
                        .into(),
            });
        }
        self.variants = self.variants.iter().map(|h| normalize(h)).collect();
        self.verbs = self.verbs.iter().map(|v| v.to_lowercase()).collect();
        Ok(self)
    }

    /// The heading line the house style wants, without line ending.
    pub(crate) fn heading_line(&self) -> String {
        format!("{} {}", "#".repeat(self.level as usize), self.heading)
    }

    /// Whether `text` opens with a capitalised name of the configured length followed by a verb.
    pub(crate) fn opens_with_name_and_verb(&self, text: &str) -> bool {
        let words: Vec<&str> = text
            .split_whitespace()
            .take(self.name_words_max + 1)
            .collect();
        (self.name_words_min..=self.name_words_max).any(|n| {
            words.len() > n
                && words[..n].iter().all(|w| self.is_name_word(w))
                && self.verbs.contains(&words[n].to_lowercase())
        })
    }

    /// Whether `text` opens with a capitalised name of the configured length.
    pub(crate) fn opens_with_name(&self, text: &str) -> bool {
        let words: Vec<&str> = text.split_whitespace().take(self.name_words_min).collect();
        words.len() == self.name_words_min && words.iter().all(|w| self.is_name_word(w))
    }

    fn is_name_word(&self, word: &str) -> bool {
        let mut chars = word.chars();
        chars.next().is_some_and(char::is_uppercase)
            && chars.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’' | '.'))
            && !self.not_names.iter().any(|n| n == word)
    }
}

/// How the bio was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Signal {
    /// A final section with a bio heading.
    Heading,
    /// Content after a final thematic break.
    AfterRule,
    /// A final emphasis-wrapped paragraph or blockquote.
    Wrapped,
    /// A final plain paragraph starting with the front matter author.
    AuthorParagraph,
}

/// A bio found in a document.
#[derive(Debug, Clone)]
pub(crate) struct Bio {
    pub signal: Signal,
    /// The bio heading node and its level, when it has one.
    pub heading: Option<(usize, u8)>,
    /// A thematic break directly before the heading or the content.
    pub rule: Option<usize>,
    /// The content blocks (paragraphs, blockquotes).
    pub blocks: Vec<usize>,
    /// The plain text of the content.
    pub text: String,
}

/// The node of emphasis or strong emphasis wrapping all of paragraph `node`, if any.
pub(crate) fn wrapping_emphasis(doc: &Document, node: usize) -> Option<usize> {
    let mut children = doc.children(node);
    let only = children.next()?;
    let wraps = children.next().is_none()
        && matches!(doc.node(only).kind, NodeKind::Emphasis | NodeKind::Strong)
        && doc.node(only).range == doc.trimmed_range(node);
    wraps.then_some(only)
}

/// Find the author bio, if the post has one.
pub(crate) fn find_bio(doc: &Document, style: &BioStyle) -> Option<Bio> {
    // Every rule of the family asks: look once per document.
    doc.memo(style.fact_key, || locate_bio(doc, style))
        .as_ref()
        .clone()
}

fn locate_bio(doc: &Document, style: &BioStyle) -> Option<Bio> {
    let mut blocks: Vec<usize> = doc.blocks().collect();
    // Trailing HTML and template blocks (comments, widgets, includes) do not hide a bio above.
    while blocks.last().is_some_and(|&i| {
        matches!(
            doc.node(i).kind,
            NodeKind::HtmlBlock | NodeKind::EmbeddedBlock
        )
    }) {
        blocks.pop();
    }
    let last = *blocks.last()?;
    let text_of = |indices: &[usize]| {
        indices
            .iter()
            .map(|&i| doc.plain_text(i))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let author = doc.meta("author");
    let reads_as_bio = |text: &str| {
        let text = text.trim_start();
        author.is_some_and(|a| text.starts_with(a)) || style.opens_with_name_and_verb(text)
    };
    let rule_before = |first: usize| {
        let position = blocks.iter().position(|&i| i == first)?;
        let previous = *blocks.get(position.checked_sub(1)?)?;
        (doc.node(previous).kind == NodeKind::ThematicBreak).then_some(previous)
    };

    let mut label = String::new();
    if let Some(&(node, level)) = section_headings(doc).last()
        && plain_text_is_one_of(doc, node, &style.variants, &mut label)
    {
        let content: Vec<usize> = blocks.iter().copied().filter(|&i| i > node).collect();
        return Some(Bio {
            signal: Signal::Heading,
            heading: Some((node, level)),
            rule: rule_before(node),
            text: text_of(&content),
            blocks: content,
        });
    }

    let is_prose =
        |i: usize| matches!(doc.node(i).kind, NodeKind::Paragraph | NodeKind::BlockQuote);
    if let Some(position) = blocks
        .iter()
        .rposition(|&i| doc.node(i).kind == NodeKind::ThematicBreak)
    {
        let content = blocks[position + 1..].to_vec();
        if !content.is_empty()
            && content.iter().all(|&i| is_prose(i))
            && reads_as_bio(&doc.plain_text(content[0]))
        {
            return Some(Bio {
                signal: Signal::AfterRule,
                heading: None,
                rule: Some(blocks[position]),
                text: text_of(&content),
                blocks: content,
            });
        }
    }

    let kind = doc.node(last).kind;
    let wrapped = kind == NodeKind::BlockQuote
        || (kind == NodeKind::Paragraph && wrapping_emphasis(doc, last).is_some());
    // Neither signal below can hold: skip copying out the last block's text.
    if !wrapped && (kind != NodeKind::Paragraph || author.is_none()) {
        return None;
    }
    let text = doc.plain_text(last);
    let signal = if wrapped && reads_as_bio(&text) {
        Signal::Wrapped
    } else if kind == NodeKind::Paragraph
        && author.is_some_and(|a| text.trim_start().starts_with(a))
    {
        Signal::AuthorParagraph
    } else {
        return None;
    };
    Some(Bio {
        signal,
        heading: None,
        rule: None,
        blocks: vec![last],
        text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> BioStyle {
        let mut table = crate::settings::default_family_table("bio");
        table.retain(|_, v| !v.is_table());
        let style: BioStyle = table.try_into().unwrap();
        style.prepared().unwrap()
    }

    fn find(text: &str) -> Option<Bio> {
        find_bio(&Document::parse(text.into()), &style())
    }

    #[test]
    fn italic_bio_after_a_rule_is_found() {
        let bio = find("# T\n\nText.\n\n---\n\n*Alex Torres is an engineer.*\n").unwrap();
        assert_eq!(bio.signal, Signal::AfterRule);
        assert_eq!(bio.text, "Alex Torres is an engineer.");
    }

    #[test]
    fn closing_paragraphs_are_not_bios() {
        assert!(find("# T\n\n---\n\nKubernetes is an open-source system.\n").is_none());
        assert!(find("# T\n\n---\n\n*Thanks to Jane Doe for reviewing.*\n").is_none());
        assert!(find("# T\n\n*The Rust Team is happy to help.*\n").is_none());
        assert!(find("# T\n\nAlex Torres is an engineer.\n").is_none());
    }

    #[test]
    fn final_plain_paragraph_needs_the_front_matter_author() {
        let bio =
            find("---\nauthor: Alex Torres\n---\n# T\n\nAlex Torres builds things.\n").unwrap();
        assert_eq!(bio.signal, Signal::AuthorParagraph);
    }

    #[test]
    fn bio_headings_and_quotes_are_found() {
        let bio = find("# T\n\n## Setup\n\nx\n\n## About Me\n\nI write code.\n").unwrap();
        assert_eq!(bio.signal, Signal::Heading);
        let bio = find("# T\n\nx\n\n> Jane Q. Doe writes about databases.\n").unwrap();
        assert_eq!(bio.signal, Signal::Wrapped);
    }
}
