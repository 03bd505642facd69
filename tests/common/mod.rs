//! Checks shared by the trust tests (properties, CommonMark conformance, regressions): what
//! `fix` must never do to a draft, whatever rules are enabled. The corpus tests' own oracles
//! live apart, in [`scan`] (byte scanners) and [`tree`] (running the binary on a copy), which
//! use neither blogfmt's library nor pulldown-cmark.

#![allow(dead_code)]

pub mod scan;
pub mod tree;

use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use blogfmt::markdown::{NodeKind, PARSE_OPTIONS};
use blogfmt::report::changes_log::{self, LogContext};
use blogfmt::{Config, Document, FixOutcome, fix, lint};

/// Every original byte outside `changed` is in `fixed`: the first kept piece as a prefix, the
/// last as a suffix, the others in order between them.
pub fn assert_kept(original: &str, fixed: &str, changed: &[Range<usize>]) {
    let mut kept = Vec::new();
    let mut last = 0;
    for range in changed {
        assert!(
            last <= range.start && range.start <= range.end && range.end <= original.len(),
            "changed ranges out of order or out of bounds: {changed:?}"
        );
        kept.push(&original[last..range.start]);
        last = range.end;
    }
    kept.push(&original[last..]);
    let first = kept[0];
    let tail = kept[kept.len() - 1];
    assert!(
        fixed.starts_with(first),
        "bytes before the first change were lost\noriginal: {original:?}\nfixed: {fixed:?}\nchanged: {changed:?}"
    );
    if kept.len() > 1 {
        assert!(
            fixed.len() >= first.len() + tail.len() && fixed.ends_with(tail),
            "bytes after the last change were lost\noriginal: {original:?}\nfixed: {fixed:?}\nchanged: {changed:?}"
        );
    }
    let mut at = first.len();
    for piece in kept.iter().take(kept.len().saturating_sub(1)).skip(1) {
        let found = fixed[at..].find(piece).unwrap_or_else(|| {
            panic!(
                "kept bytes {piece:?} were lost\noriginal: {original:?}\nfixed: {fixed:?}\nchanged: {changed:?}"
            )
        });
        at += found + piece.len();
    }
}

/// The literal contents no prose rule may rewrite: fenced and indented code, inline code,
/// HTML blocks and inline HTML, and front matter, as pulldown-cmark reads them (so a
/// blockquote marker removed around a code block does not count as a change to it). Sorted,
/// because a rule may move a whole section.
pub fn literal_contents(text: &str) -> Vec<String> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut block: Option<String> = None;
    for event in Parser::new_ext(body, PARSE_OPTIONS) {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                block = Some(String::new());
            }
            Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock | TagEnd::MetadataBlock(_)) => {
                out.extend(block.take());
            }
            Event::Text(t) | Event::Html(t) if block.is_some() => {
                block.as_mut().expect("checked").push_str(&t);
            }
            Event::Code(t) => out.push(format!("`{t}`")),
            Event::InlineHtml(t) => out.push(t.to_string()),
            _ => {}
        }
    }
    out.sort();
    out
}

/// Lint and fix `text` under `config` and check everything `fix` promises; returns the outcome.
pub fn check_fix_invariants(text: &str, config: &Config) -> FixOutcome {
    let doc = Document::parse(text.to_string());
    for diagnostic in lint(&doc, config) {
        let range = diagnostic.range.clone();
        assert!(
            range.start <= range.end
                && range.end <= text.len()
                && text.is_char_boundary(range.start)
                && text.is_char_boundary(range.end),
            "{} reported a bad range {range:?} in {text:?}",
            diagnostic.rule
        );
        let _ = doc.line_col(range.start);
    }
    let once = fix(text, config).unwrap_or_else(|e| panic!("fix failed: {e}\n{text:?}"));
    assert_kept(text, once.text(), &once.changed);
    if once.changes.is_empty() {
        assert_eq!(once.text(), text, "no change applied, yet the text changed");
        assert!(once.changed.is_empty());
    }
    let twice = fix(once.text(), config).unwrap_or_else(|e| panic!("refix failed: {e}\n{text:?}"));
    assert_eq!(
        twice.text(),
        once.text(),
        "fix is not idempotent on {text:?}"
    );
    assert!(twice.changes.is_empty(), "a second fix applied changes");
    assert_eq!(
        literal_contents(text),
        literal_contents(once.text()),
        "code, HTML or front matter changed in {text:?}"
    );
    assert_untouched_blocks_render_alike(text, once.text(), &once.changed);
    assert_outline_kept(text, once.text());
    // The changes log renders for any outcome.
    let title = once.document.title();
    let log = changes_log::render(
        &once,
        &LogContext {
            title: title.as_deref(),
            source_name: "draft.md",
            output_name: "fixed-draft.md",
            config,
        },
    );
    assert!(!log.is_empty());
    once
}

/// The HTML pulldown-cmark renders for each top-level block of `text`, with the block's byte
/// range (in `text`). Rendered from the whole document's events, so link references resolve.
pub fn block_html(text: &str) -> Vec<(Range<usize>, String)> {
    let offset = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[offset..];
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut events = Vec::new();
    let mut start = 0;
    for (event, range) in Parser::new_ext(body, PARSE_OPTIONS).into_offset_iter() {
        let (opens, closes) = match &event {
            Event::Start(_) => (true, false),
            Event::End(_) => (false, true),
            _ => (false, false),
        };
        if depth == 0 {
            start = range.start;
        }
        if opens {
            depth += 1;
        }
        if closes {
            depth -= 1;
        }
        events.push(event);
        if depth == 0 {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, events.drain(..));
            out.push((start + offset..range.end + offset, html));
        }
    }
    out
}

/// Every top-level block of `original` that no changed range reaches into renders to the same
/// HTML in `fixed` (a block moved whole still counts: blocks are compared as a multiset).
pub fn assert_untouched_blocks_render_alike(original: &str, fixed: &str, changed: &[Range<usize>]) {
    let touched = |block: &Range<usize>| {
        changed.iter().any(|c| {
            if c.is_empty() {
                block.start < c.start && c.start < block.end
            } else {
                c.start < block.end && block.start < c.end
            }
        })
    };
    let mut after: Vec<String> = block_html(fixed).into_iter().map(|(_, h)| h).collect();
    after.sort();
    let mut before: Vec<String> = block_html(original)
        .into_iter()
        .filter(|(range, _)| !touched(range))
        .map(|(_, h)| h)
        .collect();
    before.sort();
    // Multiset inclusion: every untouched block's HTML, as often as it occurs.
    let mut rest = after.iter().peekable();
    for html in &before {
        loop {
            match rest.next() {
                Some(h) if h == html => break,
                Some(h) if h < html => continue,
                _ => panic!(
                    "a block no edit touched renders differently after the fix: {html:?}\noriginal: {original:?}\nfixed: {fixed:?}\nchanged: {changed:?}"
                ),
            }
        }
    }
}

/// The headings of `text` as pulldown-cmark reads them, in order: level and text reduced to
/// lower-case letters and digits (a fix may change case and levels).
pub fn outline(text: &str) -> Vec<(u8, String)> {
    outline_and_title(text).0
}

/// [`outline`], and whether the first heading is the post's title: a level-1 heading before
/// which the post has only front matter and HTML (comments).
fn outline_and_title(text: &str) -> (Vec<(u8, String)>, bool) {
    let mut out = Vec::new();
    let mut current: Option<(u8, String)> = None;
    let mut depth = 0usize;
    let mut before_title = true;
    let mut titled = false;
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    for event in Parser::new_ext(body, PARSE_OPTIONS) {
        match &event {
            Event::Start(tag) => {
                if depth == 0 && before_title {
                    titled = matches!(tag, Tag::Heading { level, .. } if *level as u8 == 1);
                    before_title = matches!(tag, Tag::HtmlBlock | Tag::MetadataBlock(_));
                }
                depth += 1;
            }
            Event::End(_) => depth -= 1,
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                current = Some((level as u8, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => out.extend(current.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, words)) = current.as_mut() {
                    words.extend(
                        t.chars()
                            .filter(|c| c.is_alphanumeric())
                            .flat_map(char::to_lowercase),
                    );
                }
            }
            _ => {}
        }
    }
    (out, titled)
}

/// Heading texts the default house style renames (summary and bio labels), normalised as
/// [`outline`] does: the only heading texts a fix may make disappear.
const RENAMED_HEADINGS: &[&str] = &[
    "summary",
    "inshort",
    "inbrief",
    "toolongdidntread",
    "aboutme",
    "author",
    "bio",
    "theauthor",
    "aboutthewriter",
    "abouttheauthor",
    "tldr",
];

/// The outline promise: no heading is lost (only the summary and bio labels may be renamed),
/// and the title (a level-1 heading that opens the post) stays first.
pub fn assert_outline_kept(original: &str, fixed: &str) {
    let (before, titled) = outline_and_title(original);
    let after = outline(fixed);
    assert!(
        after.len() >= before.len(),
        "a heading was lost:\n{before:?}\n{after:?}\noriginal: {original:?}\nfixed: {fixed:?}"
    );
    let mut left: Vec<&String> = after.iter().map(|(_, t)| t).collect();
    for (_, text) in &before {
        if let Some(at) = left.iter().position(|t| *t == text) {
            left.remove(at);
        } else {
            assert!(
                RENAMED_HEADINGS.contains(&text.as_str()),
                "heading {text:?} is gone:\noriginal: {original:?}\nfixed: {fixed:?}"
            );
        }
    }
    if let (true, Some((_, title)), Some((_, first))) = (titled, before.first(), after.first()) {
        assert_eq!(
            title, first,
            "the title no longer opens the post:\n{original:?}\n{fixed:?}"
        );
    }
}

/// `../shared` beside the checkout, or `None` (with a note) when it is absent.
pub fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

/// Every markdown-ish file under the seeds and the corpus, sorted.
pub fn shared_documents(shared: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![shared.join("seeds"), shared.join("corpus")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md" || e == "txt")
                && path.file_name().is_some_and(|n| n != "README.md")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The contents of every code block, as blogfmt's `Document` reads them.
pub fn code_blocks(text: &str) -> Vec<String> {
    let doc = Document::parse(text.to_string());
    doc.nodes()
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.kind, NodeKind::CodeBlock { .. }))
        .map(|(i, _)| doc.text(i).trim_end().to_string())
        .collect()
}
