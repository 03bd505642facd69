use std::ops::Range;

use serde::Deserialize;

use crate::diagnostic::Edit;
use crate::markdown::{Document, NodeKind};
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::structure::headings;
use crate::rules::text::{normalize, plain_text_is_one_of};

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
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
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
        let mut label = String::new();
        for (node, _) in headings(doc) {
            // Most headings need no edit; only those that do are looked up in `keep-headings`.
            let edits = self.heading_edits(doc, node);
            if edits.is_empty() {
                continue;
            }
            if plain_text_is_one_of(doc, node, &self.keep_headings, &mut label) {
                continue;
            }
            let range = doc.trimmed_range(node);
            let heading = &doc.source()[range.clone()];
            // The heading as the fix leaves it, for the message and the log: the edits are
            // sorted and disjoint, so they splice straight into a copy of the heading.
            let mut expected = String::with_capacity(heading.len());
            let mut last = range.start;
            for edit in &edits {
                expected.push_str(&doc.source()[last..edit.range.start]);
                expected.push_str(&edit.replacement);
                last = edit.range.end;
            }
            expected.push_str(&doc.source()[last..range.end]);
            let style = match self.style {
                Style::Title => "title",
                _ => "sentence",
            };
            let vars = [
                ("found", heading.trim()),
                ("expected", expected.trim()),
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
            let at = word.range.start + start;
            self.case_edits(
                core,
                at,
                first || previous_colon,
                last,
                previous_colon,
                &mut edits,
            );
        }
        edits
    }

    /// Push the edits that bring `core`, which starts at byte `at`, to the house case;
    /// `first`/`last` place it in the heading.
    fn case_edits(
        &self,
        core: &str,
        at: usize,
        first: bool,
        last: bool,
        after_colon: bool,
        edits: &mut Vec<Edit>,
    ) {
        if !core.is_ascii() {
            // Unicode case mapping can change a word's length (`İ` lower-cases to two chars):
            // build the cased word and compare it char by char.
            let cased = self.case_word(core, first, last, after_colon);
            for ((offset, old), new) in core.char_indices().zip(cased.chars()) {
                if old != new {
                    edits.push(Edit::replacement(
                        at + offset..at + offset + old.len_utf8(),
                        new.to_string(),
                    ));
                }
            }
            return;
        }
        // ASCII case mapping is byte for byte: compare and edit bytes, no String per word.
        let count = core.bytes().filter(|&b| b == b'-').count() + 1;
        let mut part_at = at;
        for (i, part) in core.split('-').enumerate() {
            // The lists hold lower-cased words, so this is `list.contains(&part.to_lowercase())`.
            let in_list = |list: &[String]| list.iter().any(|w| w.eq_ignore_ascii_case(part));
            let (to_change, case): (&str, fn(&u8) -> u8) =
                match self.part_case(part, in_list, i, count, first, last, after_colon) {
                    Case::Keep => ("", u8::to_ascii_lowercase),
                    Case::Lower => (part, u8::to_ascii_lowercase),
                    Case::Capitalize => (&part[..1], u8::to_ascii_uppercase),
                };
            for (offset, old) in to_change.bytes().enumerate() {
                let new = case(&old);
                if new != old {
                    let at = part_at + offset;
                    edits.push(Edit::replacement(at..at + 1, char::from(new).to_string()));
                }
            }
            part_at += part.len() + 1;
        }
    }

    /// `core` in the house case, for words with non-ASCII letters.
    fn case_word(&self, core: &str, first: bool, last: bool, after_colon: bool) -> String {
        let parts: Vec<&str> = core.split('-').collect();
        let count = parts.len();
        parts
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let lower = part.to_lowercase();
                let in_list = |list: &[String]| list.contains(&lower);
                match self.part_case(part, in_list, i, count, first, last, after_colon) {
                    Case::Keep => part.to_string(),
                    Case::Lower => lower.clone(),
                    Case::Capitalize => capitalize(part),
                }
            })
            .collect::<Vec<_>>()
            .join("-")
    }

    /// How part `i` of the `count` hyphen-separated parts of a word is cased. `in_list` tells
    /// whether the part, lower-cased, is in a word list.
    #[allow(clippy::too_many_arguments)]
    fn part_case(
        &self,
        part: &str,
        in_list: impl Fn(&[String]) -> bool,
        i: usize,
        count: usize,
        first: bool,
        last: bool,
        after_colon: bool,
    ) -> Case {
        let upper_after_first = if part.is_ascii() {
            part.bytes().skip(1).any(|b| b.is_ascii_uppercase())
        } else {
            part.chars().skip(1).any(char::is_uppercase)
        };
        let kept = part.is_empty()
            || part.bytes().any(|b| b.is_ascii_digit())
            || upper_after_first
            || in_list(&self.keep_words);
        if kept {
            return Case::Keep;
        }
        let opens = first && i == 0;
        match self.style {
            Style::Title => {
                let small = in_list(&self.small_words);
                let closes = last && i + 1 == count;
                if small && !opens && !closes {
                    Case::Lower
                } else {
                    Case::Capitalize
                }
            }
            _ if opens && !after_colon => Case::Capitalize,
            _ if after_colon && i == 0 => Case::Keep,
            _ if part == "I" || part.starts_with("I'") || part.starts_with("I’") => Case::Keep,
            _ => Case::Lower,
        }
    }
}

/// What casing does to one part of a word.
enum Case {
    /// Left as written.
    Keep,
    /// Every letter lower case.
    Lower,
    /// The first letter upper case, the others as written.
    Capitalize,
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
    if raw.is_ascii() {
        // The same test on bytes: every ASCII byte is a char.
        let bytes = raw.as_bytes();
        let start = bytes.iter().position(u8::is_ascii_alphanumeric)?;
        let end = bytes.iter().rposition(u8::is_ascii_alphanumeric)? + 1;
        let core = &raw[start..end];
        return core
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'\''))
            .then_some((start, core));
    }
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
    // Most words lie inside one text node whole: no need to look at their letters.
    if texts
        .iter()
        .any(|t| t.start <= range.start && range.end <= t.end)
    {
        return true;
    }
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

    /// The ASCII path edits bytes in place; for ASCII words it must agree with building the
    /// cased word, which the non-ASCII path still does.
    #[test]
    fn ascii_edits_agree_with_the_cased_word() {
        let words = [
            "a",
            "A",
            "of",
            "OF",
            "Of",
            "i",
            "I",
            "I'm",
            "npm",
            "NPM",
            "event-driven",
            "up-to-date",
            "UP-TO-DATE",
            "x-",
            "-x",
            "a--b",
            "gRPC",
            "p99",
            "it's",
            "rock-'n'-roll",
        ];
        for style in [Style::Title, Style::Sentence] {
            let rule = rule(style);
            for word in words {
                for (first, last, colon) in [
                    (false, false, false),
                    (true, false, false),
                    (false, true, false),
                    (true, false, true),
                ] {
                    let mut edits = Vec::new();
                    rule.case_edits(word, 10, first, last, colon, &mut edits);
                    let cased = rule.case_word(word, first, last, colon);
                    let expected: Vec<(usize, String)> = word
                        .char_indices()
                        .zip(cased.chars())
                        .filter(|((_, old), new)| old != new)
                        .map(|((at, _), new)| (10 + at, new.to_string()))
                        .collect();
                    let got: Vec<(usize, String)> = edits
                        .iter()
                        .map(|e| (e.range.start, e.replacement.clone()))
                        .collect();
                    assert_eq!(got, expected, "{style:?} {word} {first} {last} {colon}");
                }
            }
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
