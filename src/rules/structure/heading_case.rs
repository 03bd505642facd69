use std::cell::OnceCell;

use serde::Deserialize;

use crate::diagnostic::Edit;
use crate::markdown::Document;
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::structure::heading_words::heading_words;
use crate::rules::structure::headings;
use crate::rules::structure::names::{Evidence, Known, Names, Usage};
use crate::rules::text::{normalize, plain_text_is_one_of};

declare_rule! {
    /// ## What it does
    /// Checks that headings are in the house case: title case by default (every word
    /// capitalised except small words such as "a", "of", "the" in the middle), or sentence
    /// case. Only prose words change. Kept as written: heading attributes (`{#id}`,
    /// `{.class}`, `{: …}`), template tags and shortcodes, emoji shortcodes (`:pray:`), code
    /// spans, links, inline HTML, URLs, paths and file names, flags (`--dry-run`, `-v`),
    /// words joined to code punctuation (`std::mem`, `foo_bar`, `.env`, `foo()`), a word after
    /// a comment marker (`// lint-ignore`), words with inner capitals or digits (gRPC, p99),
    /// and the house headings listed in `keep-headings` (`TL;DR`, `About the Author`).
    ///
    /// Names are spelled as listed in `names` (API, GitHub, JavaScript, Google Analytics), in
    /// both styles, possessives and plurals included (`Hugo's`, `APIs`). A hyphenated compound
    /// the post writes as code elsewhere (`serde-json` in a code span or a link's address) is
    /// a name too and kept. In sentence case, a capitalised word is kept when the post's
    /// running text writes it capitalised mid-sentence more often than not (a proper noun by
    /// evidence) and never in lower case; it is reported, not lowered, when the running text
    /// writes it both ways (`Cache` and `cache`), and lowered when it never writes it with a
    /// capital mid-sentence.
    ///
    /// A word after `:`, `?`, `!` or a dash starts anew, as the first word does: capitalised
    /// in both styles. The word before one ends a clause, as the last word does: title case
    /// capitalises it even when it is a small word.
    ///
    /// ## Example
    /// ```markdown
    /// ## how we cut the p99 of the `search` api in half
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## How We Cut the p99 of the `search` API in Half
    /// ```
    ///
    /// ## Fix
    /// Changes the case of single letters inside the heading's prose words only; emphasis,
    /// code spans, links and the heading markers are untouched. Each part of a hyphenated
    /// compound is cased as a word of its own (`Event-Driven`, `Up-to-Date`), the first part
    /// always capitalised in title case (`In-Place`), unless the whole compound is a name, a
    /// kept word or code in the post.
    ///
    /// ## Options
    /// `style`: `"title"`, `"sentence"` or `"off"`. `small-words`: words kept lower case in
    /// title case unless they start or end the heading or a clause. `names`: names as they
    /// are spelled. `keep-words`: words always kept as written (proper nouns for sentence
    /// case); they match possessives and plurals too. `keep-headings`: headings left alone
    /// entirely (case and punctuation ignored), such as the summary and bio headings other
    /// rules own. `unsure`: the note added to the message, `{words}` naming the words left
    /// for the author.
    id: "structure/heading-case",
    fix: Always,
    vars: ["found", "expected", "style", "unsure"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        let options: Options = ctx.options()?;
        Ok(Box::new(HeadingCase {
            small_words: options.small_words.iter().map(|w| w.to_lowercase()).collect(),
            names: Names::new(&options.names, &options.keep_words),
            keep_headings: options.keep_headings.iter().map(|h| normalize(h)).collect(),
            unsure: options.unsure,
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
    names: Vec<String>,
    keep_words: Vec<String>,
    keep_headings: Vec<String>,
    unsure: String,
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
    names: Names,
    keep_headings: Vec<String>,
    unsure: String,
}

/// What heading case would do to one heading.
#[derive(Default)]
struct Plan<'s> {
    /// The letters to change.
    edits: Vec<Edit>,
    /// Capitalised words sentence case would lower, but the post writes both ways.
    unsure: Vec<&'s str>,
}

/// Where a word, or a part of a hyphenated compound, sits in its heading.
#[derive(Clone, Copy)]
struct Place {
    /// It starts the heading or a clause.
    opens: bool,
    /// It ends the heading or a clause.
    closes: bool,
    /// It is the first part of a compound, which title case always capitalises (`In-Place`).
    leads: bool,
}

/// What casing does to one part of a word.
enum Case<'a> {
    /// Left as written.
    Keep,
    /// Every letter lower case.
    Lower,
    /// The first letter upper case, the others as written.
    Capitalize,
    /// Spelled as a listed name: its first bytes take the name's letters.
    Spell(&'a str),
    /// Left as written and reported: the post writes it both capitalised and not.
    Unsure,
}

impl Rule for HeadingCase {
    fn check(&self, checker: &mut Checker<'_>) {
        if self.style == Style::Off {
            return;
        }
        let doc = checker.doc();
        let evidence = OnceCell::new();
        let mut label = String::new();
        for (node, _) in headings(doc) {
            // Most headings need nothing; only those that do are looked up in `keep-headings`.
            let plan = self.plan(doc, node, &evidence);
            if plan.edits.is_empty() && plan.unsure.is_empty() {
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
            for edit in &plan.edits {
                expected.push_str(&doc.source()[last..edit.range.start]);
                expected.push_str(&edit.replacement);
                last = edit.range.end;
            }
            expected.push_str(&doc.source()[last..range.end]);
            let style = match self.style {
                Style::Title => "title",
                _ => "sentence",
            };
            let unsure = if plan.unsure.is_empty() {
                String::new()
            } else {
                let words: Vec<String> = plan.unsure.iter().map(|w| format!("\"{w}\"")).collect();
                self.unsure.replace("{words}", &words.join(", "))
            };
            let vars = [
                ("found", heading.trim()),
                ("expected", expected.trim()),
                ("style", style),
                ("unsure", unsure.as_str()),
            ];
            if plan.edits.is_empty() {
                checker.report(range, &vars);
            } else {
                checker.report_fix(range, &vars, plan.edits);
            }
        }
    }
}

impl HeadingCase {
    /// The per-letter edits that bring heading `node` to the house case, and the words left
    /// for the author. `evidence` is read from the post the first time a word needs it.
    fn plan<'s>(
        &self,
        doc: &'s Document,
        node: usize,
        evidence: &OnceCell<Evidence<'s>>,
    ) -> Plan<'s> {
        let source = doc.source();
        let words = heading_words(doc, node);
        // The letters of each prose word, with their offset.
        let cores: Vec<Option<(usize, &str)>> = words
            .iter()
            .map(|w| {
                let raw = &source[w.range.clone()];
                w.prose
                    .then(|| core(raw).map(|(at, core)| (w.range.start + at, core)))
                    .flatten()
            })
            .collect();
        let mut plan = Plan::default();
        let mut k = 0;
        while k < words.len() {
            let Some((at, core)) = cores[k] else {
                k += 1;
                continue;
            };
            // A name of several words (`Google Analytics`) is spelled word by word.
            let phrase = if self.names.opens_phrase(core) {
                let run: Vec<&str> = cores[k..]
                    .iter()
                    .map_while(|c| c.map(|(_, core)| core))
                    .collect();
                self.names.phrase_at(&run)
            } else {
                None
            };
            if let Some(phrase) = phrase {
                for (j, spelling) in phrase.iter().enumerate() {
                    if let Some((at, core)) = cores[k + j] {
                        spell(core, at, spelling, &mut plan.edits);
                    }
                }
                k += phrase.len();
                continue;
            }
            let place = Place {
                opens: words[k].starts_anew,
                closes: words[k].ends,
                leads: false,
            };
            let mut edits = Vec::new();
            let unsure = self.case_edits(core, at, place, &mut edits, &|| {
                evidence.get_or_init(|| Evidence::of(doc))
            });
            // A compound the post writes as code is a name, whatever the style says.
            let changes = !edits.is_empty() || unsure;
            let code = || evidence.get_or_init(|| Evidence::of(doc)).is_code(core);
            if changes && !(core.contains('-') && code()) {
                plan.edits.append(&mut edits);
                if unsure {
                    plan.unsure.push(core);
                }
            }
            k += 1;
        }
        plan
    }

    /// Push the edits that bring `core`, which starts at byte `at`, to the house case;
    /// whether a part of it was left unsure.
    fn case_edits<'e>(
        &self,
        core: &str,
        at: usize,
        place: Place,
        edits: &mut Vec<Edit>,
        evidence: &dyn Fn() -> &'e Evidence<'e>,
    ) -> bool {
        let count = core.matches('-').count() + 1;
        // The whole compound may be a name (`Open-Source` is not, `rust-analyzer` is); a
        // single word is looked up as a part below.
        if count > 1
            && let Some(known) = self.names.lookup(core)
        {
            if let Known::Name { spelling, .. } = known {
                spell(core, at, spelling, edits);
            }
            return false;
        }
        let mut unsure = false;
        let mut part_at = at;
        for (i, part) in core.split('-').enumerate() {
            let part_place = Place {
                opens: place.opens && i == 0,
                closes: place.closes && i + 1 == count,
                leads: count > 1 && i == 0,
            };
            match self.part_case(part, part_place, evidence) {
                Case::Keep => {}
                Case::Unsure => unsure = true,
                Case::Spell(spelling) => spell(part, part_at, spelling, edits),
                Case::Lower if part.is_ascii() => {
                    recase_ascii(part, part_at, u8::to_ascii_lowercase, edits);
                }
                Case::Capitalize if part.is_ascii() => {
                    recase_ascii(&part[..1], part_at, u8::to_ascii_uppercase, edits);
                }
                Case::Lower => recase(part, part_at, &part.to_lowercase(), edits),
                Case::Capitalize => recase(part, part_at, &capitalize(part), edits),
            }
            part_at += part.len() + 1;
        }
        unsure
    }

    /// How one hyphen-separated part of a word is cased.
    fn part_case<'a, 'e>(
        &'a self,
        part: &str,
        place: Place,
        evidence: &dyn Fn() -> &'e Evidence<'e>,
    ) -> Case<'a> {
        let inner_capital = part.chars().skip(1).any(char::is_uppercase);
        if part.is_empty() || part.bytes().any(|b| b.is_ascii_digit()) || inner_capital {
            return Case::Keep;
        }
        match self.names.lookup(part) {
            Some(Known::Kept) => return Case::Keep,
            Some(Known::Name { spelling, len }) => return Case::Spell(&spelling[..len]),
            None => {}
        }
        let small = self
            .small_words
            .iter()
            .any(|w| w.eq_ignore_ascii_case(part));
        match self.style {
            Style::Title if small && !place.opens && !place.closes && !place.leads => Case::Lower,
            Style::Title => Case::Capitalize,
            _ if place.opens => Case::Capitalize,
            _ if part == "I" || part.starts_with("I'") || part.starts_with("I’") => Case::Keep,
            _ if small || !part.starts_with(char::is_uppercase) => Case::Lower,
            _ => match evidence().usage(part) {
                Usage::Proper => Case::Keep,
                Usage::Common => Case::Lower,
                Usage::Mixed => Case::Unsure,
            },
        }
    }
}

/// Push the edits that turn `word`, at byte `at`, into `cased`, char by char. Unicode case
/// mapping can change a word's length (`İ` lower-cases to two chars): then only the chars
/// that line up are compared.
fn recase(word: &str, at: usize, cased: &str, edits: &mut Vec<Edit>) {
    for ((offset, old), new) in word.char_indices().zip(cased.chars()) {
        if old != new {
            edits.push(Edit::replacement(
                at + offset..at + offset + old.len_utf8(),
                new.to_string(),
            ));
        }
    }
}

/// Push the edits that apply `case` to the bytes of the ASCII `word` at byte `at`: ASCII case
/// mapping is byte for byte, so no cased copy of the word is built.
fn recase_ascii(word: &str, at: usize, case: fn(&u8) -> u8, edits: &mut Vec<Edit>) {
    for (offset, old) in word.bytes().enumerate() {
        let new = case(&old);
        if new != old {
            let at = at + offset;
            edits.push(Edit::replacement(at..at + 1, char::from(new).to_string()));
        }
    }
}

/// Push the edits that spell the start of `word` as `spelling` (the same letters in another
/// case), leaving an ending such as `'s` as written.
fn spell(word: &str, at: usize, spelling: &str, edits: &mut Vec<Edit>) {
    let len = spelling.len().min(word.len());
    if word.is_char_boundary(len) {
        recase(&word[..len], at, spelling, edits);
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
    let start = raw.find(char::is_alphanumeric)?;
    let end = raw.rfind(char::is_alphanumeric)?;
    let end = end + raw[end..].chars().next()?.len_utf8();
    let core = &raw[start..end];
    core.chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '\'' | '’'))
        .then_some((start, core))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(style: Style) -> HeadingCase {
        let words = |list: &[&str]| list.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        HeadingCase {
            style,
            small_words: words(&["a", "an", "the", "of", "in", "to", "and", "for", "on"]),
            names: Names::new(
                &words(&["API", "GitHub", "Hugo", "Google Analytics"]),
                &words(&["npm"]),
            ),
            keep_headings: vec![normalize("TL;DR")],
            unsure: "; unsure: {words}".into(),
        }
    }

    /// `post` (a heading, then running text) with its first heading brought to `style`, and
    /// the words left unsure.
    fn fixed(style: Style, post: &str) -> (String, Vec<String>) {
        let doc = Document::parse(format!("{post}\n"));
        let node = doc.blocks().next().unwrap();
        let plan = rule(style).plan(&doc, node, &OnceCell::new());
        let refs: Vec<&Edit> = plan.edits.iter().collect();
        let text = crate::diagnostic::apply_edits(doc.source(), &refs);
        let heading = text.lines().next().unwrap().to_string();
        (heading, plan.unsure.iter().map(|w| w.to_string()).collect())
    }

    fn title(heading: &str) -> String {
        fixed(Style::Title, heading).0
    }

    #[test]
    fn title_case_keeps_acronyms_brands_and_code() {
        let cases = [
            (
                "## how we cut the p99 of the api",
                "## How We Cut the p99 of the API",
            ),
            (
                "## using gRPC on iOS and macOS",
                "## Using gRPC on iOS and macOS",
            ),
            (
                "## a tour of `foo_bar` in github",
                "## A Tour of `foo_bar` in GitHub",
            ),
            ("## the TTL is *too* long", "## The TTL Is *Too* Long"),
            (
                "## event-driven up-to-date caches",
                "## Event-Driven Up-to-Date Caches",
            ),
            (
                "## sorting in-place by-value",
                "## Sorting In-Place By-Value",
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
            ("## released in 2024", "## Released in 2024"),
            ("## apis and hugo's themes", "## APIs and Hugo's Themes"),
            ("## adding google analytics", "## Adding Google Analytics"),
        ];
        for (input, expected) in cases {
            assert_eq!(title(input), expected, "{input}");
        }
        assert_eq!(title("Setext title of it\n==="), "Setext Title of It");
    }

    #[test]
    fn title_case_leaves_markup_and_code_words() {
        let cases = [
            "## Configuration {#configuration-disqus}",
            "## :pray: Upgrade",
            "## New in {{< new-in 0.123 >}} Releases",
            "## The --dry-run Flag",
            "## Using \"// lint-ignore\" Comments",
        ];
        for input in cases {
            assert_eq!(title(input), input);
        }
    }

    #[test]
    fn a_compound_the_post_writes_as_code_is_a_name() {
        let post = "## the serde-json crate\n\nAdd `serde-json` to the manifest.";
        assert_eq!(title(post), "## The serde-json Crate");
        let post = "## the serde-json crate\n\nNothing else here.";
        assert_eq!(title(post), "## The Serde-Json Crate");
    }

    #[test]
    fn sentence_case_lowers_only_words_the_post_does_not_capitalise() {
        let body = "\n\nWe cut the bill and use gRPC. Why use Redis? It is what we use. \
                    We run Redis in the cache, the Cache of Zanzibar and Zanzibar itself.";
        let cases = [
            (
                "## How We Cut The API Bill",
                "## How we cut the API bill",
                vec![],
            ),
            ("## Why I Use gRPC", "## Why I use gRPC", vec![]),
            (
                "## `code` First Then Words",
                "## `code` first then words",
                vec![],
            ),
            ("## We Use Redis", "## We use Redis", vec![]),
            ("## Why now? Because", "## Why now? Because", vec![]),
            ("## Moving To Zanzibar", "## Moving to Zanzibar", vec![]),
            ("## A Bigger Cache", "## A bigger Cache", vec!["Cache"]),
        ];
        for (input, expected, unsure) in cases {
            let (heading, left) = fixed(Style::Sentence, &format!("{input}{body}"));
            assert_eq!(heading, expected, "{input}");
            assert_eq!(left, unsure, "{input}");
        }
    }
}
