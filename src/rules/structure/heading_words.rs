//! The words of a heading as heading case reads them: which are prose it may recase, which
//! are markup or code it must keep, and where a new start begins.
//!
//! Kept as written, whatever the dialect: heading attributes (`{#id}`, `{.class}`, `{: …}`),
//! template tags (`{{ … }}`, `{% … %}`), emoji shortcodes (`:pray:`), words not wholly in text
//! nodes (code spans, links, inline HTML), flags and words joined to code-like punctuation
//! (`--dry-run`, `-v`, `.env`, `foo()`, `foo_bar`), and a word right after a comment or prompt
//! marker (`// lint-ignore`). In the Hugo and Jekyll dialects most markup is an embedded node
//! already; in CommonMark it is text, and heading case must leave it alone just the same.

use std::ops::Range;

use crate::markdown::{Document, NodeKind, markup};

/// The ellipsis that may open a heading's word (`...and then`): punctuation, not a path.
const ELLIPSIS: &str = "...";

/// Characters that, right before a word's letters, make it a flag, a path or a name in code.
const CODE_PREFIX: &[char] = &['-', '.', '/', '\\', '@', '$', '#', '~', '_'];

/// Tokens after which the next word is code: comment and prompt markers.
const CODE_MARKERS: &[&str] = &["//", "/*", "#", "$", ">"];

/// Punctuation that may close a word after the mark that ends a sentence or clause.
const CLOSERS: &[char] = &['*', '_', '"', '\'', ')', ']', '”', '’'];

/// A whitespace-separated word of a heading.
#[derive(Debug)]
pub(crate) struct Word {
    /// The word's bytes in the source, punctuation and markup included.
    pub range: Range<usize>,
    /// Whether heading case may change it: prose, wholly in text nodes.
    pub prose: bool,
    /// Whether it starts the heading or a new clause: the first word, or one after `:`, `?`,
    /// `!` or a dash.
    pub starts_anew: bool,
    /// Whether it ends the heading or a clause: the last word, or one before a new start.
    pub ends: bool,
}

/// The words of heading `node`, or none when it has no content.
pub(crate) fn heading_words(doc: &Document, node: usize) -> Vec<Word> {
    let source = doc.source();
    let (texts, Some(content)) = segments(doc, node) else {
        return Vec::new();
    };
    let text = &source[content.clone()];
    // Markup is looked for in text only: a code span is no attribute list.
    let markup_spans: Vec<Range<usize>> = markup::spans(text)
        .into_iter()
        .map(|m| content.start + m.start..content.start + m.end)
        .filter(|m| texts.iter().any(|t| t.contains(&m.start)))
        .collect();
    let mut words: Vec<Word> = Vec::new();
    // Whether the next word with letters starts anew, and whether the one before was a marker.
    let mut anew = true;
    let mut after_marker = false;
    for (start, token) in tokens(text) {
        let range = content.start + start..content.start + start + token.len();
        let in_markup = markup_spans
            .iter()
            .any(|m| m.start < range.end && range.start < m.end);
        // A code span of punctuation (`&`) is a word; bare punctuation is not.
        let word = token.chars().any(char::is_alphanumeric) || token.contains('`');
        if in_markup || !word {
            // Markup and bare punctuation are no words; a dash or an emoji closes a clause.
            if is_dash(token) || token.ends_with(':') {
                anew = true;
                if let Some(last) = words.last_mut() {
                    last.ends = true;
                }
            }
            after_marker = CODE_MARKERS.contains(&token.trim_matches(['"', '\'', '(', '“']));
            continue;
        }
        // A number (`1.`, `2024`) is kept as written and does not take a new start's place;
        // a code span does.
        let alphabetic = token.chars().any(char::is_alphabetic);
        let takes_place = alphabetic || token.contains('`');
        let prose = alphabetic
            && !after_marker
            && !token.contains(['&', '\\', '<', '>'])
            && letters_in_text(source, &range, &texts)
            && !code_like(source, &range, &texts);
        let closes = token
            .trim_end_matches(CLOSERS)
            .ends_with([':', '?', '!', '—']);
        let starts_anew = if takes_place {
            std::mem::replace(&mut anew, closes)
        } else {
            let was = anew;
            anew |= closes;
            was
        };
        words.push(Word {
            range,
            prose,
            starts_anew,
            ends: closes,
        });
        after_marker = false;
    }
    if let Some(last) = words.last_mut() {
        last.ends = true;
    }
    words
}

/// Whether `token` stands for a dash between clauses.
fn is_dash(token: &str) -> bool {
    matches!(token, "—" | "–" | "--" | "---")
}

/// The whitespace-separated tokens of `text`, with their offsets.
fn tokens(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |token| (token.as_ptr() as usize - text.as_ptr() as usize, token))
}

/// Whether the word at `range` is code by its punctuation: a flag or path prefix (`--x`,
/// `.env`), an underscore in it (`foo_bar`), or a call's parentheses after it. Emphasis
/// delimiters (`_word_`, `*word*`) are not text, so they do not count.
fn code_like(source: &str, range: &Range<usize>, texts: &[Range<usize>]) -> bool {
    let token = &source[range.clone()];
    let in_text = |offset: usize| texts.iter().any(|t| t.contains(&(range.start + offset)));
    let Some(first) = token.find(char::is_alphanumeric) else {
        return false;
    };
    let last = token.rfind(char::is_alphanumeric).map_or(first, |i| {
        i + token[i..].chars().next().map_or(1, char::len_utf8)
    });
    let prefix = token[..first].trim_start_matches(['"', '\'', '(', '“', '‘']);
    let prefix = prefix.strip_prefix(ELLIPSIS).unwrap_or(prefix);
    // `prefix` ends where the letters start.
    let base = first - prefix.len();
    let before = prefix
        .char_indices()
        .any(|(i, c)| CODE_PREFIX.contains(&c) && in_text(base + i));
    let after = &token[last..];
    let underscore = token.match_indices('_').any(|(i, _)| in_text(i));
    before || after.starts_with('(') || underscore
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

    /// The prose words of `heading`, with `^` before one that starts anew and `$` after one
    /// that ends a clause.
    fn read(heading: &str) -> Vec<String> {
        let doc = Document::parse(format!("{heading}\n"));
        let node = doc.blocks().next().unwrap();
        heading_words(&doc, node)
            .iter()
            .filter(|w| w.prose)
            .map(|w| {
                let text = &doc.source()[w.range.clone()];
                let open = if w.starts_anew { "^" } else { "" };
                let close = if w.ends { "$" } else { "" };
                format!("{open}{text}{close}")
            })
            .collect()
    }

    #[test]
    fn markup_and_code_are_no_prose() {
        assert_eq!(read("## ids {#an-id} here"), ["^ids", "here$"]);
        assert_eq!(read("## {.wide} {: #x .note} classes"), ["^classes$"]);
        assert_eq!(
            read("## new in {{< new-in 0.1 >}} builds"),
            ["^new", "in", "builds$"]
        );
        assert_eq!(read("## the {% include x.html %} tag"), ["^the", "tag$"]);
        assert_eq!(read("## :pray: upgrade"), ["^upgrade$"]);
        assert_eq!(
            read("## the --dry-run and -v flags"),
            ["^the", "and", "flags$"]
        );
        assert_eq!(read("## a \"// lint-ignore\" comment"), ["^a", "comment$"]);
        assert_eq!(read("## .env and foo() and foo_bar"), ["and", "and"]);
        assert_eq!(
            read("## _emphasis_ and *this*"),
            ["^_emphasis_", "and", "*this*$"]
        );
    }

    #[test]
    fn new_starts_follow_colons_questions_and_dashes() {
        assert_eq!(read("## why? because"), ["^why?$", "^because$"]);
        assert_eq!(read("## stop! now"), ["^stop!$", "^now$"]);
        assert_eq!(read("## plan: a draft"), ["^plan:$", "^a", "draft$"]);
        assert_eq!(read("## plan — a draft"), ["^plan$", "^a", "draft$"]);
        assert_eq!(read("## 1. first steps"), ["^first", "steps$"]);
        assert_eq!(read("## beyond the `&`"), ["^beyond", "the"]);
        assert_eq!(read("## `?` in tests"), ["in", "tests$"]);
        assert_eq!(read("## updates to `std::env::x()`"), ["^updates", "to"]);
        assert_eq!(read("## ...and then"), ["^...and", "then$"]);
    }
}
