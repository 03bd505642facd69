//! Editor promises on real sites: `blogfmt fix --in-place --quiet` over a copy of each corpus
//! folder under `../shared/corpus` (the Rust blog, the Hugo docs, the Jekyll news posts and the
//! MDX docs), run through the built binary with `--extension md,markdown,mdx`, as a new user
//! would run it on their site. Each markdown file is compared before and after the fix. It
//! proves that the fix keeps what an editor relies on and a house-style rule has no business
//! touching:
//!
//! - **heading attributes**: every attribute block at the end of an ATX heading (`{#id}`,
//!   `{.class}`, kramdown `{: #id .class}`) is still at the end of a heading, byte for byte.
//!   Anchors are linked from other pages; recasing `{#intro}` to `{#Intro}` breaks those links;
//! - **emoji shortcodes**: every `:name:` (lower-case letters, digits, `_`, `+`, `-`) keeps its
//!   spelling, counted once in heading lines and once in the whole file. `:Tada:` is no emoji;
//! - **template tags**: every Hugo shortcode `{{< … >}}`, `{{% … %}}`, Go/Liquid output
//!   `{{ … }}` and Liquid tag `{% … %}` is unchanged, anywhere in the file (code included:
//!   the site generator expands them there too);
//! - **link reference definitions** (and footnote definitions, which look the same, but whose
//!   text is prose a rule may fix, so only their `[^label]:` is compared) are unchanged as a
//!   multiset, and each stays where it was:
//!   - a definition in the middle of the post stays in its section: the last ATX heading above
//!     it is the same heading after the fix. Headings are matched before and after by their
//!     text with case and punctuation ignored (heading case may recase them), moved headings by
//!     equal text, the summary and bio headings `summary/heading` and `bio/structure` rename by
//!     their being such labels, and other renamed ones by position between headings kept. A
//!     heading the fix adds (a `TL;DR` or `About the Author` it writes) is not a section a
//!     definition could have been in, so it is looked through;
//!   - the definitions after the last heading of the post belong to the whole post, not to
//!     that section: each of them still follows the last heading after the fix (added headings
//!     looked through again; others may join them when the last section moves away, as long
//!     as they stay in their own sections). Asking that they stay in their section would be the
//!     wrong promise: when `summary/position` moves a summary that ends the post to the top,
//!     keeping its section would have the definitions that ended the post go up with it, which
//!     is exactly the damage to catch;
//! - **bracket balance**: for `()` and `[]`, count(open) - count(close) over the post, outside
//!   front matter, fenced code and inline code spans, is the same after the fix (a rule that
//!   rewrites a link or an image must not leave half of it behind).
//!
//! Every item is compared as a multiset per file, since a rule may move a whole section. The
//! run must exit 0 or 1 and never panic.
//!
//! The corpora hold few of the triggers (no post ends with a summary that has definitions
//! after it), so the same check also runs on three small drafts that trip each kind of damage
//! seen so far; and the oracle's own tests show it tells a definition carried off from one
//! left in place.
//!
//! The oracle is independent of blogfmt: the scanners below (and those of `common::scan`) are
//! hand-written over the raw bytes, with the `regex` crate for the shape of a definition line;
//! they use neither blogfmt's library nor pulldown-cmark, on which blogfmt is built. (The
//! `common` module as a whole links both for other tests; nothing here calls them.) Where they
//! must guess they are conservative: front matter (`---` or `+++` fenced at the start) and
//! fenced code are skipped except for template tags; an emoji shortcode needs a letter or
//! digit in its name and neither a letter, a digit nor `:` right outside its colons, so `std::io::`,
//! `10:30:`, `a:b:` and the table alignment `:-:` are not emoji, and inline code is skipped;
//! a definition has at most three spaces of indentation, so none is found in indented code;
//! a template tag must close before a blank line.
//!
//! Skips with a message when `../shared` is not beside the checkout. `cargo test --test
//! editor_promises_corpus -- --nocapture` prints, per corpus, the files, how many the fix
//! changed, the items checked per check and the violations per check.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::sync::LazyLock;
use std::time::Instant;

use regex::Regex;

use common::scan::{
    LABEL_HEADINGS, atx_heading, blank, fenced_blocks, find_from, front_matter_lines, is_blank,
    lines, mask_code, normalise, shorten, starts,
};
use common::tree::{corpus_copy, fix_in_place, is_markdown, ran, snapshot};

/// At most this many violation lines are printed (the count of all is always given).
const MAX_REPORTED: usize = 80;

/// A template tag longer than this is taken for a stray `{{` that met a far `}}`.
const MAX_TAG: usize = 4000;

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Check {
    HeadingAttributes,
    HeadingEmoji,
    Emoji,
    TemplateTags,
    Definitions,
    DefinitionSections,
    DefinitionsAtEnd,
    BracketBalance,
}

impl Check {
    fn name(self) -> &'static str {
        match self {
            Check::HeadingAttributes => "heading attributes",
            Check::HeadingEmoji => "emoji in headings",
            Check::Emoji => "emoji in the file",
            Check::TemplateTags => "template tags",
            Check::Definitions => "link definitions",
            Check::DefinitionSections => "definition sections",
            Check::DefinitionsAtEnd => "definitions at the end",
            Check::BracketBalance => "bracket balance",
        }
    }
}

/// One found item: its exact text and its line (1-based) in the file.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Item {
    text: String,
    line: usize,
}

/// A link reference (or footnote) definition, and the heading it is under.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Definition {
    /// The line, trimmed; for a footnote, only its label (`[^name]:`).
    text: String,
    line: usize,
    /// Its section: the index in [`Scan::headings`] of the last heading above it.
    section: Option<usize>,
}

/// An ATX heading outside front matter and fenced code.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Heading {
    /// The text as written (closing `#`s dropped), for messages.
    text: String,
    /// [`normalise`]d: lower-case words, punctuation dropped.
    key: String,
    line: usize,
}

/// Everything the oracle reads from one file.
#[derive(Debug, Default)]
struct Scan {
    headings: Vec<Heading>,
    attributes: Vec<Item>,
    heading_emoji: Vec<Item>,
    emoji: Vec<Item>,
    tags: Vec<Item>,
    definitions: Vec<Definition>,
    /// count(`(`) - count(`)`) and count(`[`) - count(`]`).
    balance: (isize, isize),
    /// How many brackets of the four kinds were counted.
    brackets: usize,
}

/// `^ {0,3}\[[^\]]+\]:\s*\S+`, on one line: a definition's label and destination.
static DEFINITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ {0,3}\[[^\]]+\]:\s*\S+").expect("valid regex"));

fn scan(text: &str) -> Scan {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let b = body.as_bytes();
    let all = lines(b);
    let front = front_matter_lines(body, &all);
    let front_end = if front == 0 {
        0
    } else {
        all.get(front).map_or(b.len(), |&(s, _)| s)
    };
    // Front matter blanked first, so a fence inside it opens no code block.
    let mut outside = b.to_vec();
    blank(&mut outside, 0, front_end);
    let code = fenced_blocks(&outside);
    let masked = mask_code(&outside);

    let mut out = Scan {
        tags: template_tags(body),
        ..Scan::default()
    };
    let mut block = 0;
    for (n, &(s, e)) in all.iter().enumerate() {
        while block < code.len() && code[block].1 < s {
            block += 1;
        }
        if s < front_end
            || code
                .get(block)
                .is_some_and(|&(from, to)| from <= s && s <= to)
        {
            continue;
        }
        let line = &body[s..e];
        let heading = atx_heading(line);
        if let Some((_, content)) = heading {
            out.headings.push(Heading {
                text: content.to_string(),
                key: normalise(content),
                line: n + 1,
            });
            if let Some(attribute) = heading_attribute(content) {
                out.attributes.push(Item {
                    text: attribute.to_string(),
                    line: n + 1,
                });
            }
        }
        for (from, to) in emoji_in(&masked[s..e]) {
            let item = Item {
                text: line[from..to].to_string(),
                line: n + 1,
            };
            if heading.is_some() {
                out.heading_emoji.push(item.clone());
            }
            out.emoji.push(item);
        }
        if DEFINITION.is_match(line) {
            let text = line.trim();
            // A footnote's text is prose, which rules may fix: it is known by its label.
            let text = match text.strip_prefix("[^") {
                Some(rest) => &text[..text.len() - rest.len() + rest.find("]:").unwrap_or(0) + 2],
                None => text,
            };
            out.definitions.push(Definition {
                text: text.to_string(),
                line: n + 1,
                section: out.headings.len().checked_sub(1),
            });
        }
    }
    for &c in &masked {
        match c {
            b'(' => out.balance.0 += 1,
            b')' => out.balance.0 -= 1,
            b'[' => out.balance.1 += 1,
            b']' => out.balance.1 -= 1,
            _ => continue,
        }
        out.brackets += 1;
    }
    out
}

/// The attribute block ending an ATX heading's text: `{#…}`, `{.…}` or `{: …}` (not a
/// kramdown extension `{::…}`, not the end of a `{{ … }}` tag), with no brace inside.
fn heading_attribute(content: &str) -> Option<&str> {
    let content = content.trim_end();
    if !content.ends_with('}') {
        return None;
    }
    let open = content.rfind('{')?;
    let attribute = &content[open..];
    let inner = &attribute[1..attribute.len() - 1];
    let opens_right = inner.starts_with('#')
        || inner.starts_with('.')
        || (inner.starts_with(':') && !inner.starts_with("::"));
    if !opens_right || inner.contains('}') || content[..open].ends_with('{') {
        return None;
    }
    Some(attribute)
}

/// The `:name:` shortcodes of one line (code already blanked), as byte ranges: the name of
/// lower-case ASCII letters, digits, `_`, `+` and `-` with at least one letter or digit; before
/// the first colon the start of the line, a space or ASCII punctuation other than `:`; after
/// the last, the end of the line or anything but a letter, a digit or `:`.
fn emoji_in(line: &[u8]) -> Vec<(usize, usize)> {
    let name_char = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit() || b"_+-".contains(&c);
    let opens_after = |c: u8| c.is_ascii_whitespace() || (c.is_ascii_punctuation() && c != b':');
    let mut out = Vec::new();
    let mut i = 0;
    while i < line.len() {
        if line[i] == b':' && (i == 0 || opens_after(line[i - 1])) {
            let n = line[i + 1..].iter().take_while(|&&c| name_char(c)).count();
            let close = i + 1 + n;
            let name = &line[i + 1..close];
            if line.get(close) == Some(&b':')
                && name.iter().any(|c| c.is_ascii_alphanumeric())
                && !line
                    .get(close + 1)
                    .is_some_and(|&c| c == b':' || c.is_ascii_alphanumeric())
            {
                out.push((i, close + 1));
                i = close + 1;
                continue;
            }
        }
        i += 1;
    }
    out
}

/// Every template tag of the whole file, code and front matter included: `{{< … >}}`,
/// `{{% … %}}` (and their `/* … */` comment forms), `{{ … }}` and `{% … %}`. A tag closes
/// before a blank line and within [`MAX_TAG`] bytes, or it is not one.
fn template_tags(body: &str) -> Vec<Item> {
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut line = 1;
    let mut counted = 0;
    while let Some(at) = find_from(b, i, b"{") {
        let (open, close): (usize, &[u8]) = if starts(b, at, b"{{<") {
            (3, b">}}")
        } else if starts(b, at, b"{{%") {
            (3, b"%}}")
        } else if starts(b, at, b"{{") {
            (2, b"}}")
        } else if starts(b, at, b"{%") {
            (2, b"%}")
        } else {
            i = at + 1;
            continue;
        };
        let end = find_from(b, at + open, close).map(|c| c + close.len());
        let Some(end) = end.filter(|&end| end - at <= MAX_TAG && !has_blank_line(&b[at..end]))
        else {
            i = at + 1;
            continue;
        };
        line += b[counted..at].iter().filter(|&&c| c == b'\n').count();
        counted = at;
        out.push(Item {
            text: body[at..end].to_string(),
            line,
        });
        i = end;
    }
    out
}

/// Whether a blank line lies inside `span` (not counting its first and last lines).
fn has_blank_line(span: &[u8]) -> bool {
    let all = lines(span);
    all.len() > 2
        && all[1..all.len() - 1]
            .iter()
            .any(|&(s, e)| is_blank(&span[s..e]))
}

// ---------------------------------------------------------------------------------------------
// Headings before and after
// ---------------------------------------------------------------------------------------------

/// For each heading of `before`, the heading of `after` it became, if any. The longest common
/// subsequence of the normalised texts pairs the headings left in place; of the rest, equal
/// texts pair up first (a moved section), then summary and bio labels in order (a label moved
/// or renamed), then, between two headings left in place, the others in order (renamed).
fn align(before: &[Heading], after: &[Heading]) -> Vec<Option<usize>> {
    let (n, m) = (before.len(), after.len());
    let mut lcs = vec![0u32; (n + 1) * (m + 1)];
    let at = |i: usize, j: usize| i * (m + 1) + j;
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[at(i, j)] = if before[i].key == after[j].key {
                lcs[at(i + 1, j + 1)] + 1
            } else {
                lcs[at(i + 1, j)].max(lcs[at(i, j + 1)])
            };
        }
    }
    let mut pair = vec![None; n];
    let mut taken = vec![false; m];
    let mut anchors = vec![(0, 0)];
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if before[i].key == after[j].key {
            pair[i] = Some(j);
            taken[j] = true;
            i += 1;
            j += 1;
            anchors.push((i, j));
        } else if lcs[at(i + 1, j)] >= lcs[at(i, j + 1)] {
            i += 1;
        } else {
            j += 1;
        }
    }
    anchors.push((n, m));
    /// Pair each unpaired `before` heading in `from..to` with the first free `after` heading in
    /// `after_from..after_to` that `ok` accepts.
    fn pair_up(
        pair: &mut [Option<usize>],
        taken: &mut [bool],
        ok: &dyn Fn(usize, usize) -> bool,
        (from, to): (usize, usize),
        (after_from, after_to): (usize, usize),
    ) {
        for (i, paired) in pair.iter_mut().enumerate().take(to).skip(from) {
            if paired.is_some() {
                continue;
            }
            if let Some(j) = (after_from..after_to).find(|&j| !taken[j] && ok(i, j)) {
                *paired = Some(j);
                taken[j] = true;
            }
        }
    }
    let label = |key: &str| LABEL_HEADINGS.contains(&key);
    let same = |i: usize, j: usize| before[i].key == after[j].key;
    let labels = |i: usize, j: usize| label(&before[i].key) && label(&after[j].key);
    pair_up(&mut pair, &mut taken, &same, (0, n), (0, m));
    pair_up(&mut pair, &mut taken, &labels, (0, n), (0, m));
    for w in anchors.windows(2) {
        let ((i0, j0), (i1, j1)) = (w[0], w[1]);
        pair_up(&mut pair, &mut taken, &|_, _| true, (i0, i1), (j0, j1));
    }
    pair
}

// ---------------------------------------------------------------------------------------------
// Comparing one file
// ---------------------------------------------------------------------------------------------

/// What [`check_corpus`] saw.
#[derive(Default)]
struct Report {
    files: usize,
    changed: usize,
    /// Items checked per check (found before the fix, in every file).
    checked: BTreeMap<Check, usize>,
    violations: BTreeMap<Check, Vec<String>>,
    /// The run itself went wrong.
    errors: Vec<String>,
}

impl Report {
    fn count(&mut self, check: Check, n: usize) {
        *self.checked.entry(check).or_insert(0) += n;
    }

    fn violation(&mut self, check: Check, line: String) {
        self.violations.entry(check).or_default().push(line);
    }
}

/// The items of `before` and `after` (found in `new`) that differ, as multisets of their
/// texts; each lost item is shown beside an appeared one where there is one (in line order),
/// as before vs after, else beside what became of it if only its case changed (`:Tada:` is no
/// emoji, so it appears as nothing).
fn compare(
    check: Check,
    file: &str,
    (before, after): (&[Item], &[Item]),
    new: &str,
    report: &mut Report,
) {
    let mut left: Vec<&Item> = after.iter().collect();
    let mut lost = Vec::new();
    for item in before {
        match left.iter().position(|x| x.text == item.text) {
            Some(k) => {
                left.remove(k);
            }
            None => lost.push(item),
        }
    }
    let n = lost.len().max(left.len());
    for k in 0..n {
        let line = match (lost.get(k), left.get(k)) {
            (Some(b), Some(a)) => format!(
                "{file}: before line {}: {}; after line {}: {}",
                b.line,
                shorten(&b.text),
                a.line,
                shorten(&a.text)
            ),
            (Some(b), None) => format!(
                "{file}: before line {}: {}; after: gone{}",
                b.line,
                shorten(&b.text),
                recased(new, &b.text)
                    .map(|(line, text)| format!(" (line {line} has {})", shorten(text)))
                    .unwrap_or_default()
            ),
            (None, Some(a)) => format!(
                "{file}: before: not there; after line {}: {}",
                a.line,
                shorten(&a.text)
            ),
            (None, None) => unreachable!(),
        };
        report.violation(check, line);
    }
}

/// The first occurrence of `text` in `new` with ASCII case ignored: its line and bytes.
fn recased<'a>(new: &'a str, text: &str) -> Option<(usize, &'a str)> {
    let at = new.to_ascii_lowercase().find(&text.to_ascii_lowercase())?;
    let line = new[..at].bytes().filter(|&c| c == b'\n').count() + 1;
    Some((line, &new[at..at + text.len()]))
}

fn definition_items(scan: &Scan) -> Vec<Item> {
    scan.definitions
        .iter()
        .map(|d| Item {
            text: d.text.clone(),
            line: d.line,
        })
        .collect()
}

/// The heading `section` names, for messages.
fn section_name(headings: &[Heading], section: Option<usize>) -> String {
    match section {
        Some(k) => format!("{:?} (line {})", headings[k].text, headings[k].line),
        None => "no heading (the top of the post)".to_string(),
    }
}

/// Each definition found before and after stays under the same heading (see the module doc),
/// and as many definitions follow the post's last heading.
fn compare_sections(file: &str, old: &Scan, new: &Scan, report: &mut Report) {
    let pair = align(&old.headings, &new.headings);
    let mut back = vec![None; new.headings.len()];
    for (i, j) in pair.iter().enumerate() {
        if let Some(j) = *j {
            back[j] = Some(i);
        }
    }
    // After the fix, a definition's section is the last heading above it that was there
    // before (added headings are looked through), as an index into the old headings.
    let old_section_of = |d: &Definition| {
        let mut k = d.section?;
        loop {
            if let Some(i) = back[k] {
                return Some((i, k));
            }
            k = k.checked_sub(1)?;
        }
    };
    let last_before = old.headings.len().checked_sub(1);
    let mut left: Vec<&Definition> = new.definitions.iter().collect();
    for d in &old.definitions {
        let Some(k) = left.iter().position(|x| x.text == d.text) else {
            continue; // Lost: the definitions check reports it.
        };
        let a = left.remove(k);
        let now = old_section_of(a);
        // Those after the last heading are held by the count below.
        if d.section.is_some() && d.section == last_before {
            continue;
        }
        if now.map(|(i, _)| i) != d.section {
            report.violation(
                Check::DefinitionSections,
                format!(
                    "{file}: {} was under {} before; after (line {}) it is under {}",
                    shorten(&d.text),
                    section_name(&old.headings, d.section),
                    a.line,
                    section_name(&new.headings, now.map(|(_, k)| k)),
                ),
            );
        }
    }

    // The definitions after the last heading still follow the last heading (after the fix:
    // the last one that was there before), whatever came to join them.
    let Some(last_before) = last_before else {
        return;
    };
    let last_after = (0..new.headings.len()).rev().find(|&k| back[k].is_some());
    let at_end = |d: &&Definition| match (d.section, last_after) {
        (Some(s), Some(last)) => s >= last,
        (_, None) => true,
        (None, Some(_)) => false,
    };
    let mut left: Vec<&Definition> = new.definitions.iter().filter(at_end).collect();
    let mut elsewhere: Vec<&Definition> = new.definitions.iter().collect();
    for d in old
        .definitions
        .iter()
        .filter(|d| d.section == Some(last_before))
    {
        if let Some(k) = left.iter().position(|x| x.text == d.text) {
            left.remove(k);
            continue;
        }
        let now = elsewhere
            .iter()
            .position(|x| x.text == d.text)
            .map(|k| elsewhere.remove(k));
        let Some(now) = now else {
            continue; // Lost: the definitions check reports it.
        };
        report.violation(
            Check::DefinitionsAtEnd,
            format!(
                "{file}: {} followed the last heading {} before; after (line {}) it is under {}, \
                 and the last heading is {}",
                shorten(&d.text),
                section_name(&old.headings, Some(last_before)),
                now.line,
                section_name(&new.headings, now.section),
                section_name(&new.headings, last_after),
            ),
        );
    }
}

/// Count what `old` holds, and compare it with `new` when the fix changed the file.
fn check_file(file: &str, old: &str, new: &str, report: &mut Report) {
    let before = scan(old);
    report.count(Check::HeadingAttributes, before.attributes.len());
    report.count(Check::HeadingEmoji, before.heading_emoji.len());
    report.count(Check::Emoji, before.emoji.len());
    report.count(Check::TemplateTags, before.tags.len());
    report.count(Check::Definitions, before.definitions.len());
    let last = before.headings.len().checked_sub(1);
    let at_end = before
        .definitions
        .iter()
        .filter(|d| last.is_some() && d.section == last)
        .count();
    report.count(Check::DefinitionSections, before.definitions.len() - at_end);
    report.count(Check::DefinitionsAtEnd, at_end);
    report.count(Check::BracketBalance, before.brackets);
    if old == new {
        return;
    }
    let after = scan(new);
    compare(
        Check::HeadingAttributes,
        file,
        (&before.attributes, &after.attributes),
        new,
        report,
    );
    compare(
        Check::HeadingEmoji,
        file,
        (&before.heading_emoji, &after.heading_emoji),
        new,
        report,
    );
    compare(
        Check::Emoji,
        file,
        (&before.emoji, &after.emoji),
        new,
        report,
    );
    let tags = (&before.tags[..], &after.tags[..]);
    compare(Check::TemplateTags, file, tags, new, report);
    let definitions = (&definition_items(&before), &definition_items(&after));
    compare(
        Check::Definitions,
        file,
        (definitions.0, definitions.1),
        new,
        report,
    );
    compare_sections(file, &before, &after, report);
    if before.balance != after.balance {
        report.violation(
            Check::BracketBalance,
            format!(
                "{file}: before, ( minus ) is {} and [ minus ] is {}; after, {} and {}",
                before.balance.0, before.balance.1, after.balance.0, after.balance.1
            ),
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The corpora
// ---------------------------------------------------------------------------------------------

/// Copy `../shared/corpus/<name>` into a scratch folder and check it.
fn check_corpus(name: &str) {
    let Some((_scratch, copy)) = corpus_copy(name) else {
        return;
    };
    check_tree(name, &copy);
}

/// Fix the tree `copy` in place and check every markdown file; panics with the violations,
/// grouped by check.
fn check_tree(name: &str, copy: &Path) {
    let before = snapshot(copy);

    let start = Instant::now();
    let output = fix_in_place(copy, &["--quiet"]);
    let run = start.elapsed();
    let mut report = Report::default();
    if let Err(error) = ran(&output, &format!("{name}: fix --in-place")) {
        report.errors.push(error);
    } else {
        let after = snapshot(copy);
        for (path, old) in before.iter().filter(|(p, _)| is_markdown(p)) {
            let file = format!("{name}/{}", path.display());
            let Some(new) = after.get(path) else {
                report
                    .errors
                    .push(format!("{file}: fix --in-place removed it"));
                continue;
            };
            report.files += 1;
            report.changed += usize::from(new != old);
            let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
            check_file(&file, &old, &new, &mut report);
        }
    }

    let checks = [
        Check::HeadingAttributes,
        Check::HeadingEmoji,
        Check::Emoji,
        Check::TemplateTags,
        Check::Definitions,
        Check::DefinitionSections,
        Check::DefinitionsAtEnd,
        Check::BracketBalance,
    ];
    let per_check = |check: &Check| {
        let violations = report.violations.get(check).map_or(0, Vec::len);
        let checked = report.checked.get(check).copied().unwrap_or(0);
        let unit = if *check == Check::BracketBalance {
            "brackets"
        } else {
            "checked"
        };
        format!(
            "{}: {checked} {unit}, {violations} violation(s)",
            check.name()
        )
    };
    eprintln!(
        "{name}: {} files, {} changed by fix ({run:.1?}, {:.1?} in all); {}",
        report.files,
        report.changed,
        start.elapsed(),
        checks.iter().map(per_check).collect::<Vec<_>>().join("; ")
    );
    assert!(report.errors.is_empty(), "{}", report.errors.join("\n"));
    assert!(report.files > 0, "{name}: no markdown file was checked");
    if report.violations.is_empty() {
        return;
    }
    // Every failing check gets its share of the lines printed.
    let share = MAX_REPORTED / report.violations.len();
    let mut message = format!(
        "{name}: {} violation(s) of the editor promises ({})",
        report.violations.values().map(Vec::len).sum::<usize>(),
        report
            .violations
            .iter()
            .map(|(check, v)| format!("{} {}", check.name(), v.len()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (check, lines) in &report.violations {
        message.push_str(&format!(
            "\n-- {} ({} violation(s){}):",
            check.name(),
            lines.len(),
            if lines.len() > share {
                format!(", the first {share}")
            } else {
                String::new()
            }
        ));
        for line in lines.iter().take(share) {
            message.push_str("\n   ");
            message.push_str(line);
        }
    }
    panic!("{message}");
}

#[test]
fn rust_blog_keeps_editor_promises() {
    check_corpus("rust-blog");
}

#[test]
fn hugo_docs_keep_editor_promises() {
    check_corpus("hugo-docs");
}

#[test]
fn jekyll_posts_keep_editor_promises() {
    check_corpus("jekyll-posts");
}

#[test]
fn mdx_docs_keep_editor_promises() {
    check_corpus("mdx-docs");
}

/// Drafts that trip, with the binary, the damage the corpora hardly hold: a summary that ends
/// the post and moves to the top with the definition after it (no corpus post has one), a
/// `TL;DR` in parentheses that the summary heading takes out with half of them (one Jekyll
/// post), and a heading's id, class and emoji (one Rust blog post has ids; two Jekyll posts
/// have emoji). Each shows the oracle sees the damage through the binary, not only in the
/// texts of the oracle tests below; written the way a user would have them, in plain folders.
#[test]
fn drafts_keep_editor_promises() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let dir = scratch.path().join("drafts");
    fs::create_dir_all(&dir).expect("mkdir");
    let drafts: [(&str, &str); 3] = [
        (
            "summary-at-end.md",
            "# A Post\n\nIntro text.\n\n## Why\n\nSee [docs] for more.\n\n\
             [why]: https://why.example\n\n## TLDR\n\nIt is short. See [docs].\n\n\
             [docs]: https://docs.example\n",
        ),
        (
            "tldr-in-parentheses.md",
            "---\ntitle: Sponsoring\n---\n\n_(TL;DR: We are open for sponsorships on our \
             [OpenCollective page](https://opencollective.com/jekyll))_\n\n## Why\n\nText.\n",
        ),
        (
            "heading-ids.md",
            "# Release notes\n\n## TLDR\n\nShort.\n\n## What changed {#what-changed}\n\n\
             ### ship it :tada: {.release}\n\nText.\n",
        ),
    ];
    for (name, text) in drafts {
        fs::write(dir.join(name), text).expect("write");
    }
    check_tree("drafts", &dir);
}

// ---------------------------------------------------------------------------------------------
// The oracle's own checks: the scanners find what the promises name, and nothing more
// ---------------------------------------------------------------------------------------------

fn texts(items: &[Item]) -> Vec<&str> {
    items.iter().map(|i| i.text.as_str()).collect()
}

#[test]
fn oracle_finds_heading_attributes() {
    let text = "---\n# fm {#front}\n---\n# A {#id}\n## B {.c}\n### C {: #x .y}\n#### D `{#no}`\n\
                ##### E {{< x >}}\n###### F {::comment}\n```\n# G {#code}\n```\n\
                \x20   # H {#indented}\n# I {#a} ##\n";
    assert_eq!(
        texts(&scan(text).attributes),
        ["{#id}", "{.c}", "{: #x .y}", "{#a}"]
    );
}

#[test]
fn oracle_finds_emoji_outside_code() {
    let text = "+++\ntitle = ':fm:'\n+++\n## Ship it :tada:\n\n\
                Text :+1: and `:code:` and std::io::Result, at 10:30: and a:b: and \
                | :-: | :---: | and :Upper: and (:heart:) and :x:s and :a:b:\n\
                ```\n:fence:\n```\n### `core::hint::black_box` :bug:\n";
    let found = scan(text);
    assert_eq!(texts(&found.emoji), [":tada:", ":+1:", ":heart:", ":bug:"]);
    assert_eq!(texts(&found.heading_emoji), [":tada:", ":bug:"]);
    assert_eq!(found.emoji[3].line, 10);
}

#[test]
fn oracle_finds_template_tags_everywhere() {
    let text = "---\ntitle: '{{ .Site }}'\n---\n{{< figure src=\"x\" >}} {{% note %}}\n\
                {{</* c */>}} {% include a.html %}\n```\n{{ range .Pages }}\n```\n\
                {{ stray\n\nx }} and {{< multi\n  line >}}\n";
    let found = scan(text);
    assert_eq!(
        texts(&found.tags),
        [
            "{{ .Site }}",
            "{{< figure src=\"x\" >}}",
            "{{% note %}}",
            "{{</* c */>}}",
            "{% include a.html %}",
            "{{ range .Pages }}",
            "{{< multi\n  line >}}",
        ]
    );
    assert_eq!(
        found.tags.iter().map(|t| t.line).collect::<Vec<_>>(),
        [2, 4, 4, 5, 5, 7, 11]
    );
}

#[test]
fn oracle_finds_definitions_and_their_sections() {
    let text = "---\n[fm]: x\n---\n[top]: /t\n# A\n[a]: https://a\n    [code]: b\n\
                ```\n[fence]: c\n```\n## B\n   [b]: <https://b> \"t\"\n[^1]: A note.\n\
                [not] : x\n[empty]:\n[^long]: A note -- with ]: in it.\n";
    let found = scan(text);
    let defs: Vec<(&str, Option<usize>)> = found
        .definitions
        .iter()
        .map(|d| (d.text.as_str(), d.section))
        .collect();
    assert_eq!(
        defs,
        [
            ("[top]: /t", None),
            ("[a]: https://a", Some(0)),
            ("[b]: <https://b> \"t\"", Some(1)),
            ("[^1]:", Some(1)),
            ("[^long]:", Some(1)),
        ]
    );
}

#[test]
fn oracle_counts_brackets_outside_code() {
    let text = "---\nx: (\n---\na (b [c) `(` ``[`` and ![i](u)\n```\n(\n```\n    ]\n";
    let found = scan(text);
    // `    ]` is indented code, which the oracle does not tell from prose: it counts the same
    // before and after, so only a change to it can show.
    assert_eq!(found.balance, (0, 0));
    assert_eq!(found.brackets, 8);
}

#[test]
fn oracle_aligns_headings_recased_moved_renamed_and_added() {
    let h = |keys: &[&str]| {
        keys.iter()
            .enumerate()
            .map(|(k, t)| Heading {
                text: t.to_string(),
                key: normalise(t),
                line: k + 1,
            })
            .collect::<Vec<_>>()
    };
    // Recased in place, the TLDR moved up and renamed, a bio heading added.
    let before = h(&["# A post", "## Why", "## How", "## TLDR"]);
    let after = h(&[
        "# A Post",
        "## TL;DR",
        "## Why",
        "## How",
        "## About the Author",
    ]);
    assert_eq!(align(&before, &after), [Some(0), Some(2), Some(3), Some(1)]);
    // A heading renamed in place pairs by position between the headings kept.
    let before = h(&["# A", "## Bio", "## C"]);
    let after = h(&["# A", "## About the Author", "## C"]);
    assert_eq!(align(&before, &after), [Some(0), Some(1), Some(2)]);
    let before = h(&["# A", "## Old", "## C"]);
    let after = h(&["# A", "## New", "## C"]);
    assert_eq!(align(&before, &after), [Some(0), Some(1), Some(2)]);
}

#[test]
fn oracle_sees_definitions_leave_their_section_and_the_end() {
    // As blogfmt fixes it today: the summary that ended the post moved above `Why`, taking the
    // definition that ended the post with it, and `Why`'s own definition now ends the post
    // (so the number of definitions at the end is the same).
    let old = "# Post\n\nIntro.\n\n## Why\n\nText [a].\n\n[w]: https://w\n\n## TLDR\n\nShort.\n\n[a]: https://a\n";
    let carried = "# Post\n\nIntro.\n\n## TL;DR\n\nShort.\n\n[a]: https://a\n\n## Why\n\nText [a].\n\n[w]: https://w\n";
    // The summary moved, the definition left at the end.
    let kept = "# Post\n\nIntro.\n\n## TL;DR\n\nShort.\n\n## Why\n\nText [a].\n\n[w]: https://w\n\n[a]: https://a\n";
    let mut report = Report::default();
    check_file("carried.md", old, carried, &mut report);
    assert_eq!(
        report.violations.keys().copied().collect::<Vec<_>>(),
        [Check::DefinitionsAtEnd]
    );
    let mut report = Report::default();
    check_file("kept.md", old, kept, &mut report);
    assert!(report.violations.is_empty(), "{:?}", report.violations);
    // A definition in the middle that a moved summary takes along leaves its section.
    let old = "# Post\n\n## Why\n\n[w]: https://w\n\n## TLDR\n\nShort.\n\n## End\n";
    let moved = "# Post\n\n## TL;DR\n\nShort.\n\n[w]: https://w\n\n## Why\n\n## End\n";
    let mut report = Report::default();
    check_file("moved.md", old, moved, &mut report);
    assert_eq!(
        report.violations.keys().copied().collect::<Vec<_>>(),
        [Check::DefinitionSections]
    );
    // An added bio heading above the definitions is looked through.
    let bio = "# Post\n\nIntro.\n\n## TLDR\n\nShort.\n\n## About the Author\n\nJane Doe writes.\n\n[a]: https://a\n";
    let mut report = Report::default();
    check_file(
        "bio.md",
        "# Post\n\nIntro.\n\n## TLDR\n\nShort.\n\nJane Doe writes.\n\n[a]: https://a\n",
        bio,
        &mut report,
    );
    assert!(report.violations.is_empty(), "{:?}", report.violations);
}
