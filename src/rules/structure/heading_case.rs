use std::ops::Range;

use serde::Deserialize;

use crate::config::{ConfigError, RuleContext};
use crate::diagnostic::Edit;
use crate::document::{Document, NodeKind};
use crate::rules::structure::headings;
use crate::rules::text::normalize;
use crate::rules::{Checker, Rule, declare_rule};

declare_rule! {
    /// ## What it does
    /// Checks that headings are in the house case: title case by default (every word
    /// capitalised except small words such as "a", "of", "the" in the middle), or sentence
    /// case. Words with inner capitals (gRPC, iOS, macOS, GitHub), acronyms (API, TTL), words
    /// with digits (p99, x86), paths and code spans, links and inline HTML are kept as written,
    /// and so are the house headings listed in `keep-headings` (`TL;DR`, `About the Author`).
    ///
    /// ## Example
    /// ```markdown
    /// ## How we cut the p99 of the `search` API in half
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## How We Cut the p99 of the `search` API in Half
    /// ```
    ///
    /// ## Fix
    /// Changes the case of single letters inside the heading's text only; emphasis, code
    /// spans, links and the heading markers are untouched. Hyphenated words are cased part by
    /// part (`Event-Driven`).
    ///
    /// ## Options
    /// `style`: `"title"`, `"sentence"` or `"off"`. `small-words`: words kept lower case in
    /// title case unless first or last. `keep-words`: words always kept as written (`npm`;
    /// proper nouns in sentence case). `keep-headings`: headings left alone entirely (case and
    /// punctuation ignored), such as the summary and bio headings other rules own.
    id: "structure/heading-case",
    fix: Always,
    vars: ["found", "expected", "style"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, ConfigError> {
        let options: Options = ctx.options()?;
        Ok(Box::new(HeadingCase {
            small_words: options.small_words.iter().map(|w| w.to_lowercase()).collect(),
            keep_words: options.keep_words.iter().map(|w| w.to_lowercase()).collect(),
            keep_headings: options.keep_headings.iter().map(|h| normalize(h)).collect(),
            style: options.style,
        }))
    },
}

/// The rule's table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    style: Style,
    small_words: Vec<String>,
    keep_words: Vec<String>,
    keep_headings: Vec<String>,
}

/// Which case headings are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Style {
    Title,
    Sentence,
    Off,
}

struct HeadingCase {
    style: Style,
    small_words: Vec<String>,
    keep_words: Vec<String>,
    keep_headings: Vec<String>,
}

/// A whitespace-separated word of a heading.
struct Word {
    range: Range<usize>,
    /// Whether the whole word lies in text nodes (not code, links or HTML).
    editable: bool,
}

impl Rule for HeadingCase {
    fn check(&self, checker: &mut Checker<'_>) {
        if self.style == Style::Off {
            return;
        }
        let doc = checker.doc();
        let headings: Vec<usize> = headings(doc).map(|(node, _)| node).collect();
        for node in headings {
            if self
                .keep_headings
                .contains(&normalize(&doc.plain_text(node)))
            {
                continue;
            }
            let edits = self.heading_edits(doc, node);
            if edits.is_empty() {
                continue;
            }
            let range = doc.trimmed_range(node);
            let found = doc.source()[range.clone()].trim().to_string();
            // The heading as the fix leaves it, for the message and the log.
            let expected = {
                let shifted: Vec<Edit> = edits
                    .iter()
                    .map(|e| {
                        Edit::replacement(
                            e.range.start - range.start..e.range.end - range.start,
                            e.replacement.clone(),
                        )
                    })
                    .collect();
                crate::diagnostic::apply_edits(
                    &doc.source()[range.clone()],
                    &shifted.iter().collect::<Vec<_>>(),
                )
                .trim()
                .to_string()
            };
            let style = match self.style {
                Style::Title => "title",
                _ => "sentence",
            };
            let vars = [
                ("found", found.as_str()),
                ("expected", expected.as_str()),
                ("style", style),
            ];
            checker.report_fix(range, &vars, edits);
        }
    }
}

impl HeadingCase {
    /// The per-letter edits that bring heading `node` to the house case.
    fn heading_edits(&self, doc: &Document, node: usize) -> Vec<Edit> {
        let source = doc.source();
        let (texts, content) = segments(doc, node);
        let Some(content) = content else {
            return Vec::new();
        };
        let words = words(source, content, &texts);
        let mut edits = Vec::new();
        let mut after_colon = false;
        for (k, word) in words.iter().enumerate() {
            let raw = &source[word.range.clone()];
            let first = k == 0;
            let last = k + 1 == words.len();
            let previous_colon = after_colon;
            after_colon = raw
                .trim_end_matches(['*', '_', '"', '\'', ')', '”', '’'])
                .ends_with(':');
            if !word.editable || raw.contains(['&', '\\', '<', '>']) {
                continue;
            }
            let Some((start, core)) = core(raw) else {
                continue;
            };
            let cased = self.case_word(core, first || previous_colon, last, previous_colon);
            let at = word.range.start + start;
            for ((offset, old), new) in core.char_indices().zip(cased.chars()) {
                if old != new {
                    edits.push(Edit::replacement(
                        at + offset..at + offset + old.len_utf8(),
                        new.to_string(),
                    ));
                }
            }
        }
        edits
    }

    /// `core` in the house case; `first`/`last` place it in the heading.
    fn case_word(&self, core: &str, first: bool, last: bool, after_colon: bool) -> String {
        let parts: Vec<&str> = core.split('-').collect();
        let count = parts.len();
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let lower = part.to_lowercase();
                let kept = part.is_empty()
                    || part.chars().any(|c| c.is_ascii_digit())
                    || part.chars().skip(1).any(char::is_uppercase)
                    || self.keep_words.contains(&lower);
                if kept {
                    return part.to_string();
                }
                let opens = first && i == 0;
                match self.style {
                    Style::Title => {
                        let small = self.small_words.contains(&lower);
                        let closes = last && i + 1 == count;
                        if small && !opens && !closes {
                            lower
                        } else {
                            capitalize(part)
                        }
                    }
                    _ if opens && !after_colon => capitalize(part),
                    _ if after_colon && i == 0 => part.to_string(),
                    _ if *part == "I" || part.starts_with("I'") || part.starts_with("I’") => {
                        part.to_string()
                    }
                    _ => lower,
                }
            })
            .collect::<Vec<_>>()
            .join("-")
    }
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The part of a word between leading and trailing punctuation (`*fast*,` → `fast`), with its
/// offset; `None` when the word holds anything but letters, digits, hyphens and apostrophes
/// (paths, versions, `e.g.`), which are kept as written.
fn core(raw: &str) -> Option<(usize, &str)> {
    let start = raw.find(|c: char| c.is_alphanumeric())?;
    let end = raw.rfind(|c: char| c.is_alphanumeric())?;
    let end = end + raw[end..].chars().next()?.len_utf8();
    let core = &raw[start..end];
    core.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’'))
        .then_some((start, core))
}

/// The text-node ranges of a heading that may be edited, and the byte span of its content.
/// Text inside links and images is not: a link's words name another page.
fn segments(doc: &Document, node: usize) -> (Vec<Range<usize>>, Option<Range<usize>>) {
    let mut texts = Vec::new();
    let mut content: Option<Range<usize>> = None;
    let mut index = node + 1;
    let end = doc.node(node).end;
    while index < end {
        let child = doc.node(index);
        let span = content.get_or_insert(child.range.clone());
        span.start = span.start.min(child.range.start);
        span.end = span.end.max(child.range.end);
        match child.kind {
            NodeKind::Text => texts.push(child.range.clone()),
            NodeKind::Link { .. } | NodeKind::Image { .. } => {
                index = child.end;
                continue;
            }
            _ => {}
        }
        index += 1;
    }
    (texts, content)
}

fn words(source: &str, content: Range<usize>, texts: &[Range<usize>]) -> Vec<Word> {
    let text = &source[content.clone()];
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_whitespace(), start) {
            (false, None) => start = Some(i),
            (true, Some(s)) => {
                let range = content.start + s..content.start + i;
                out.push(Word {
                    editable: letters_in_text(source, &range, texts),
                    range,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// Whether every letter and digit of `range` lies in a text node.
fn letters_in_text(source: &str, range: &Range<usize>, texts: &[Range<usize>]) -> bool {
    source[range.clone()]
        .char_indices()
        .filter(|(_, c)| c.is_alphanumeric())
        .all(|(i, _)| {
            let at = range.start + i;
            texts.iter().any(|t| t.contains(&at))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(style: Style) -> HeadingCase {
        HeadingCase {
            style,
            small_words: ["a", "an", "the", "of", "in", "to", "and", "for", "on"]
                .map(String::from)
                .to_vec(),
            keep_words: vec!["npm".into()],
            keep_headings: vec![normalize("TL;DR")],
        }
    }

    fn fixed(style: Style, heading: &str) -> String {
        let doc = Document::parse(format!("{heading}\n"));
        let node = doc.blocks().next().unwrap();
        let edits = rule(style).heading_edits(&doc, node);
        let refs: Vec<&Edit> = edits.iter().collect();
        crate::diagnostic::apply_edits(doc.source(), &refs)
            .trim_end()
            .to_string()
    }

    #[test]
    fn title_case_keeps_acronyms_brands_and_code() {
        let cases = [
            (
                "## how we cut the p99 of the API",
                "## How We Cut the p99 of the API",
            ),
            (
                "## using gRPC on iOS and macOS",
                "## Using gRPC on iOS and macOS",
            ),
            (
                "## a tour of `foo_bar` in GitHub",
                "## A Tour of `foo_bar` in GitHub",
            ),
            ("## the TTL is *too* long", "## The TTL Is *Too* Long"),
            (
                "## event-driven up-to-date caches",
                "## Event-Driven Up-to-Date Caches",
            ),
            (
                "## see [the docs](https://x.y/a) for more",
                "## See [the docs](https://x.y/a) for More",
            ),
            ("## caching: a story to tell", "## Caching: A Story to Tell"),
            ("## install with npm", "## Install With npm"),
            (
                "## what's in 1.88.0, e.g. stuff",
                "## What's in 1.88.0, e.g. Stuff",
            ),
            ("## fish &amp; chips", "## Fish &amp; Chips"),
            ("Setext title of it\n===", "Setext Title of It\n==="),
        ];
        for (input, expected) in cases {
            assert_eq!(fixed(Style::Title, input), expected, "{input}");
        }
    }

    #[test]
    fn sentence_case_lowers_all_but_the_first_word() {
        let cases = [
            ("## How We Cut The API Bill", "## How we cut the API bill"),
            ("## Why I Use gRPC", "## Why I use gRPC"),
            ("## `code` First Then Words", "## `code` first then words"),
        ];
        for (input, expected) in cases {
            assert_eq!(fixed(Style::Sentence, input), expected, "{input}");
        }
    }
}
