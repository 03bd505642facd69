//! What heading case knows about names: the spellings a house style lists (`API`, `GitHub`,
//! `Google Analytics`), the words it keeps as written, and what the post itself shows about a
//! word (written with a capital mid-sentence, written as code).

use std::cell::OnceCell;

// foldhash, not SipHash: these maps are looked up for every heading word of every post, and
// their keys come from the house style and the post, not from an attacker choosing collisions.
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::markdown::text_runs::{Context, text_blocks};
use crate::markdown::{Document, NodeKind};

/// Endings a listed name may carry and still be the name: possessives and plurals (`Hugo's`,
/// `APIs`, `GitHub’s`). The longest is tried first.
const ENDINGS: [&str; 5] = ["'s", "’s", "es", "s", "'"];

/// What the house style says of one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Known<'a> {
    /// A listed name: its first `len` bytes are spelled as `spelling`, the rest (an ending)
    /// is left as written.
    Name { spelling: &'a str, len: usize },
    /// A `keep-words` entry: left exactly as written.
    Kept,
}

/// The names and kept words of a house style, looked up without regard to case.
#[derive(Debug)]
pub(crate) struct Names {
    /// One-word names by their lower-case form.
    words: HashMap<String, String>,
    /// Names of several words, by their first word in lower case: each as its words' spellings.
    phrases: HashMap<String, Vec<Vec<String>>>,
    /// `keep-words`, lower case.
    kept: HashSet<String>,
    /// The length of the longest word in `words` or `kept`, with the longest ending.
    longest: usize,
}

impl Names {
    /// The lookup for `names` (spelled as listed) and `kept` (kept as written).
    pub(crate) fn new(names: &[String], kept: &[String]) -> Names {
        let mut out = Names {
            words: HashMap::new(),
            phrases: HashMap::new(),
            kept: HashSet::new(),
            longest: 0,
        };
        for name in names {
            let words: Vec<String> = name.split_whitespace().map(String::from).collect();
            match words.as_slice() {
                [] => {}
                [one] => {
                    out.words.insert(one.to_lowercase(), one.clone());
                }
                [first, ..] => out
                    .phrases
                    .entry(first.to_lowercase())
                    .or_default()
                    .push(words),
            }
        }
        out.kept = kept.iter().map(|w| w.to_lowercase()).collect();
        let ending = ENDINGS.iter().map(|e| e.len()).max().unwrap_or(0);
        out.longest = out
            .words
            .keys()
            .chain(&out.kept)
            .map(String::len)
            .max()
            .unwrap_or(0)
            + ending;
        out
    }

    /// What the style says of `word` (a word's letters, without surrounding punctuation).
    pub(crate) fn lookup(&self, word: &str) -> Option<Known<'_>> {
        if word.len() > self.longest {
            return None;
        }
        with_lower(word, |lower| {
            // Lower-casing keeps byte lengths for the ASCII words names are made of; a word
            // it does not is no listed name.
            if lower.len() != word.len() {
                return self.kept.contains(lower).then_some(Known::Kept);
            }
            let stems = std::iter::once(lower)
                .chain(ENDINGS.iter().filter_map(|e| lower.strip_suffix(e)))
                .filter(|stem| stem.len() >= 2);
            for stem in stems {
                if !self.kept.is_empty() && self.kept.contains(stem) {
                    return Some(Known::Kept);
                }
                if let Some(spelling) = self.words.get(stem) {
                    return Some(Known::Name {
                        spelling,
                        len: stem.len(),
                    });
                }
            }
            None
        })
    }

    /// Whether some listed name of several words starts with `word`.
    pub(crate) fn opens_phrase(&self, word: &str) -> bool {
        !self.phrases.is_empty() && with_lower(word, |lower| self.phrases.contains_key(lower))
    }

    /// The spellings of the longest listed name of several words that `words` (each a word's
    /// letters) begins with.
    pub(crate) fn phrase_at(&self, words: &[&str]) -> Option<&[String]> {
        let first = words.first()?.to_lowercase();
        self.phrases
            .get(&first)?
            .iter()
            .filter(|phrase| {
                phrase.len() <= words.len()
                    && phrase
                        .iter()
                        .zip(words)
                        .skip(1)
                        .all(|(name, word)| same_name(name, word))
            })
            .max_by_key(|phrase| phrase.len())
            .map(Vec::as_slice)
    }
}

/// `f` of `word` in lower case. Every heading word is looked up: short ASCII words are
/// lower-cased on the stack.
fn with_lower<T>(word: &str, f: impl FnOnce(&str) -> T) -> T {
    let mut buffer = [0u8; 64];
    match buffer.get_mut(..word.len()) {
        Some(bytes) if word.is_ascii() => {
            bytes.copy_from_slice(word.as_bytes());
            bytes.make_ascii_lowercase();
            f(std::str::from_utf8(bytes).unwrap_or_default())
        }
        _ => f(&word.to_lowercase()),
    }
}

/// Whether `word` is `name`, ignoring case and a possessive or plural ending.
fn same_name(name: &str, word: &str) -> bool {
    word.eq_ignore_ascii_case(name)
        || ENDINGS.iter().any(|e| {
            word.len() == name.len() + e.len()
                && word.is_char_boundary(name.len())
                && word[..name.len()].eq_ignore_ascii_case(name)
                && word[name.len()..].eq_ignore_ascii_case(e)
        })
}

/// What a post's own text shows about its words, outside its headings: read when a heading
/// word asks, since most headings never need it.
#[derive(Debug)]
pub(crate) struct Evidence<'d> {
    doc: &'d Document,
    /// The code spans, links and images of the post, found on first use.
    code: OnceCell<Vec<usize>>,
    /// How the running text writes its words, read on first use: only sentence case asks.
    sentences: OnceCell<Sentences>,
}

/// How often the running text writes each word (lower case) mid-sentence.
#[derive(Debug)]
struct Sentences {
    /// With a capital.
    capitalised: HashMap<String, u32>,
    /// All in lower case.
    lower: HashMap<String, u32>,
}

/// What the evidence says of a capitalised word that sentence case would lower.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Usage {
    /// Mid-sentence, the post writes it with a capital only: a proper noun.
    Proper,
    /// The post never writes it with a capital mid-sentence: a common word.
    Common,
    /// The post writes it both ways mid-sentence (`Cache` and `cache`): the author decides.
    Mixed,
}

impl<'d> Evidence<'d> {
    /// The evidence of `doc`.
    pub(crate) fn of(doc: &'d Document) -> Evidence<'d> {
        Evidence {
            doc,
            code: OnceCell::new(),
            sentences: OnceCell::new(),
        }
    }

    /// How the post writes `word` (letters only) mid-sentence.
    pub(crate) fn usage(&self, word: &str) -> Usage {
        let sentences = self.sentences.get_or_init(|| Sentences::of(self.doc));
        let key = word.to_lowercase();
        let capitalised = sentences.capitalised.get(&key).copied().unwrap_or(0);
        let lower = sentences.lower.get(&key).copied().unwrap_or(0);
        match (capitalised, lower) {
            (0, _) => Usage::Common,
            (_, 0) => Usage::Proper,
            _ => Usage::Mixed,
        }
    }

    /// Whether the post writes the hyphenated compound `word` as code, exactly as written: as
    /// a word of a code span (`serde-json`), or as a segment of a link's address (between
    /// `/`, `#`, `?`, `&` and `=`, without a file extension: `build-std.html` is
    /// `build-std`). Single words do not count: code spans hold `with` and `match` as often
    /// as names.
    pub(crate) fn is_code(&self, word: &str) -> bool {
        let doc = self.doc;
        let code = self.code.get_or_init(|| {
            let kinds = doc.nodes().iter().enumerate();
            kinds
                .filter(|(_, node)| {
                    matches!(
                        node.kind,
                        NodeKind::Code | NodeKind::Link { .. } | NodeKind::Image { .. }
                    )
                })
                .map(|(index, _)| index)
                .collect()
        });
        code.iter().any(|&index| match doc.node(index).kind {
            NodeKind::Code => doc
                .text(index)
                .trim_matches('`')
                .split(|c: char| c.is_whitespace() || c == '=')
                .any(|w| trim_punctuation(w) == word),
            NodeKind::Link { .. } | NodeKind::Image { .. } => doc
                .destination(index)
                .split(['/', '#', '?', '&', '='])
                .any(|segment| without_extension(segment) == word),
            _ => false,
        })
    }
}

impl Sentences {
    /// Read the running text of `doc`: every block of inline content but headings.
    fn of(doc: &Document) -> Sentences {
        let mut sentences = Sentences {
            capitalised: HashMap::new(),
            lower: HashMap::new(),
        };
        let source = doc.source();
        for block in text_blocks(doc) {
            if block.context == Context::Heading || block.inline.is_empty() {
                continue;
            }
            let start = doc.node(block.inline.start).range.start;
            let end = doc.node(block.inline.end - 1).range.end.max(start);
            sentences.read(&source[start..end]);
        }
        sentences
    }

    /// Count the words of `text` that are not at a sentence's start.
    fn read(&mut self, text: &str) {
        let mut sentence_start = true;
        for token in text.split_whitespace() {
            let word = trim_punctuation(token);
            let opens = std::mem::replace(
                &mut sentence_start,
                token
                    .trim_end_matches(['*', '_', '"', '\'', ')', ']', '”', '’'])
                    .ends_with(['.', '!', '?', ':']),
            );
            if opens
                || !word
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
            {
                continue;
            }
            let mut chars = word.chars();
            let Some(initial) = chars.next() else {
                continue;
            };
            let counts = if initial.is_uppercase() && !chars.any(char::is_uppercase) {
                &mut self.capitalised
            } else if !word.chars().any(char::is_uppercase) {
                &mut self.lower
            } else {
                continue;
            };
            *counts.entry(word.to_lowercase()).or_default() += 1;
        }
    }
}

/// A link segment without a file extension of up to five letters or digits.
fn without_extension(segment: &str) -> &str {
    match segment.rsplit_once('.') {
        Some((stem, ext))
            if (1..=5).contains(&ext.len()) && ext.bytes().all(|b| b.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => segment,
    }
}

/// `token` without the punctuation and markup around its letters.
fn trim_punctuation(token: &str) -> &str {
    token.trim_matches(|c: char| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        let names = [
            "API",
            "GitHub",
            "Hugo",
            "Google Analytics",
            "Open Graph",
            "VS Code",
        ];
        Names::new(&names.map(String::from), &["Redis".to_string()])
    }

    #[test]
    fn names_match_their_possessives_and_plurals() {
        let names = names();
        let name = |spelling, len| Some(Known::Name { spelling, len });
        assert_eq!(names.lookup("api"), name("API", 3));
        assert_eq!(names.lookup("apis"), name("API", 3));
        assert_eq!(names.lookup("hugo's"), name("Hugo", 4));
        assert_eq!(names.lookup("Github’s"), name("GitHub", 6));
        assert_eq!(names.lookup("redis's"), Some(Known::Kept));
        assert_eq!(names.lookup("apiary"), None);
        assert_eq!(names.lookup("s"), None);
    }

    #[test]
    fn phrases_match_word_by_word() {
        let names = names();
        let google: &[String] = &["Google".into(), "Analytics".into()];
        assert_eq!(
            names.phrase_at(&["google", "analytics", "tags"]),
            Some(google)
        );
        assert_eq!(
            names.phrase_at(&["open", "graph's"]).map(<[_]>::len),
            Some(2)
        );
        assert_eq!(names.phrase_at(&["open", "source"]), None);
        assert_eq!(names.phrase_at(&["google"]), None);
    }

    #[test]
    fn evidence_reads_words_mid_sentence_only() {
        let doc = Document::parse(
            "# Title\n\nWe moved to Hugo. Hugo is fast, and the cache is warm. The Cache \
             of Hugo too.\n\nRun `serde-json`, see [docs](https://x.y/jekyll-seo-tag.html) \
             and [chat](https://z.y/topic/non-canonical.20downloads).\n"
                .to_string(),
        );
        let evidence = Evidence::of(&doc);
        assert_eq!(evidence.usage("hugo"), Usage::Proper);
        assert_eq!(evidence.usage("cache"), Usage::Mixed);
        assert_eq!(evidence.usage("we"), Usage::Common);
        assert!(evidence.is_code("serde-json"));
        assert!(evidence.is_code("jekyll-seo-tag"));
        assert!(!evidence.is_code("Serde-json"));
        assert!(!evidence.is_code("non-canonical"));
    }
}
