//! Dialects on real sites: `blogfmt fix --in-place` over a copy of each corpus folder under
//! `../shared/corpus` (the Hugo docs, the Jekyll news posts, the MDX docs and the Rust blog),
//! run through the built binary with no options but `--extension md,markdown,mdx`, as a new
//! user would run it on their site. It proves that, with `dialect = "auto"` (the default):
//!
//! - no rule changes a byte of a construct the file's dialect makes opaque: Hugo shortcodes and
//!   the bodies of `highlight` and `code-toggle` pairs; Liquid tags and outputs, the bodies of
//!   `raw`, `comment` and `highlight` blocks, kramdown attribute lists and extensions; MDX
//!   `import`/`export` statements, JSX tags, `{…}` expressions, Docusaurus admonition fences
//!   and `<!-- truncate -->`/`<!--more-->` markers; and `$…$`/`$$…$$` math (Hugo and MDX).
//!   Each file's constructs are compared as a multiset, since a rule may move a whole section;
//! - the outline survives: the ATX heading texts come back in the same order once the summary
//!   and bio headings those rules add or rename are set aside, no heading is lost, and a title
//!   stays the first heading (the summary goes under it, even after MDX imports);
//! - the fix is idempotent: a second `fix --in-place` changes no byte of any file;
//! - the run exits 0 or 1 and never panics.
//!
//! The corpora hold few rule triggers inside their constructs, so the same checks also run on
//! the dialect fixtures (`fixtures/dialect-*/draft.md`) placed in a Hugo site, a Jekyll site,
//! an `.mdx` file and a blog with math on: those put every trigger inside every construct,
//! and there the test also checks that the same triggers in the prose beside them were fixed.
//!
//! The oracle is independent of blogfmt: the dialect detection, the construct finders and the
//! heading scanner below are hand-written byte scanners over the raw file text (the `regex`
//! crate finds Liquid end tags). They use neither blogfmt's library nor pulldown-cmark, on
//! which blogfmt is built, so a wrong idea in blogfmt of where a construct starts or ends
//! cannot hide itself here. Where they must guess they are conservative: they find only what
//! is surely the construct (math needs non-space characters inside both `$`, a JSX tag needs a
//! name right after `<`, an `import` must open a block), and for MDX and math they skip fenced
//! and inline code, where those constructs do not exist. Hugo shortcodes and Liquid are found
//! in code blocks too: the site generator expands them there, and code must not change anyway.
//!
//! Skips with a message when `../shared` is not beside the checkout (the fixture test runs
//! regardless). `cargo test --test dialects_corpus -- --nocapture` prints, per tree, the files,
//! how many the fix changed, the constructs checked per kind and the headings checked.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Instant;

use common::scan::{
    LABEL_HEADINGS, atx_heading, blank, fence_closes, fence_open, find_from, front_matter_lines,
    is_blank, line_end, lines, mask_code, normalise, shorten, starts,
};
use common::tree::{corpus_copy, fix_in_place, is_markdown, ran, snapshot};

/// At most this many failure lines are printed (the count of all is always given).
const MAX_REPORTED: usize = 80;

// ---------------------------------------------------------------------------------------------
// Dialect detection, as documented for `dialect = "auto"`
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    CommonMark,
    Hugo,
    Jekyll,
    Mdx,
}

impl Dialect {
    /// Math is on by default in MDX and Hugo.
    fn math(self) -> bool {
        matches!(self, Dialect::Mdx | Dialect::Hugo)
    }
}

/// The site a folder is the root of, if any.
fn site_at(dir: &Path) -> Option<Dialect> {
    if dir.join("hugo.toml").is_file() || dir.join("hugo.yaml").is_file() {
        return Some(Dialect::Hugo);
    }
    if fs::read_to_string(dir.join("config.toml")).is_ok_and(|t| t.contains("baseURL")) {
        return Some(Dialect::Hugo);
    }
    if dir.join("_config.yml").is_file() {
        return Some(Dialect::Jekyll);
    }
    let mdx_configs = [
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "docusaurus.config.mjs",
        "astro.config.mjs",
        "astro.config.ts",
        "astro.config.js",
    ];
    if mdx_configs.iter().any(|name| dir.join(name).is_file()) {
        return Some(Dialect::Mdx);
    }
    None
}

/// `.mdx` files are MDX; otherwise the nearest site config walking up from the file (up to and
/// including `root`, the scratch folder holding the copy) decides; otherwise CommonMark.
fn dialect_of(file: &Path, root: &Path) -> Dialect {
    if file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("mdx"))
    {
        return Dialect::Mdx;
    }
    let mut dir = file.parent();
    while let Some(d) = dir {
        if let Some(dialect) = site_at(d) {
            return dialect;
        }
        if d == root {
            break;
        }
        dir = d.parent();
    }
    Dialect::CommonMark
}

// ---------------------------------------------------------------------------------------------
// The construct finders
// ---------------------------------------------------------------------------------------------

/// One construct occurrence: its kind and its exact text.
type Construct = (&'static str, String);

/// One construct occurrence as found: its kind and byte range.
type Span = (&'static str, usize, usize);

/// Hugo: every shortcode tag, `{{< … >}}`, `{{% … %}}` and the comment forms `{{</* … */>}}`,
/// `{{%/* … */%}}`; and every `highlight` and `code-toggle` pair, opener to closer, whole.
fn hugo_spans(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    struct Tag {
        start: usize,
        end: usize,
        name: String,
        closing: bool,
        self_closing: bool,
        comment: bool,
    }
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(at) = find_from(b, i, b"{{") {
        let delim = match b.get(at + 2) {
            Some(&d @ (b'<' | b'%')) => d,
            _ => {
                i = at + 1;
                continue;
            }
        };
        let comment = starts(b, at + 3, b"/*");
        let delim = if delim == b'<' { b'>' } else { b'%' };
        let closer: Vec<u8> = if comment {
            [b"*/".as_slice(), &[delim], b"}}"].concat()
        } else {
            [&[delim][..], b"}}"].concat()
        };
        let Some(close) = find_from(b, at + 3, &closer) else {
            i = at + 3;
            continue;
        };
        let end = close + closer.len();
        let inner = &text[at + 3 + if comment { 2 } else { 0 }..close];
        let inner = inner.trim();
        let closing = inner.starts_with('/');
        let name: String = inner
            .trim_start_matches('/')
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '/' | '.'))
            .collect();
        let self_closing = !closing && inner.ends_with('/');
        out.push(("hugo shortcode", at, end));
        tags.push(Tag {
            start: at,
            end,
            name,
            closing,
            self_closing,
            comment,
        });
        i = end;
    }
    for (k, open) in tags.iter().enumerate() {
        if open.comment
            || open.closing
            || open.self_closing
            || !matches!(open.name.as_str(), "highlight" | "code-toggle")
        {
            continue;
        }
        if let Some(close) = tags[k + 1..]
            .iter()
            .find(|t| !t.comment && t.closing && t.name == open.name)
        {
            out.push(("hugo code pair", open.start, close.end));
        }
    }
}

/// Jekyll: Liquid tags `{% … %}` and outputs `{{ … }}`; `raw`, `comment` and `highlight`
/// blocks whole, opener to end tag (what is inside them is not read as Liquid); kramdown
/// attribute lists `{: … }` and extensions `{::name … }`.
fn jekyll_spans(text: &str, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let end_tag = |name: &str| {
        regex::Regex::new(&format!(r"\{{%-?\s*end{name}\s*-?%\}}")).expect("valid regex")
    };
    let blocks = [
        ("raw", "liquid raw block", end_tag("raw")),
        ("comment", "liquid comment block", end_tag("comment")),
        ("highlight", "liquid highlight block", end_tag("highlight")),
    ];
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'{' {
            i += 1;
            continue;
        }
        match b.get(i + 1) {
            Some(b'%') => {
                let Some(close) = find_from(b, i + 2, b"%}") else {
                    i += 2;
                    continue;
                };
                let end = close + 2;
                let name: String = text[i + 2..close]
                    .trim_start_matches('-')
                    .trim_start()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if let Some((_, kind, re)) = blocks.iter().find(|(n, _, _)| *n == name)
                    && let Some(m) = re.find_at(text, end)
                {
                    out.push((kind, i, m.end()));
                    i = m.end();
                    continue;
                }
                out.push(("liquid tag", i, end));
                i = end;
            }
            Some(b'{') => {
                let Some(close) = find_from(b, i + 2, b"}}") else {
                    i += 2;
                    continue;
                };
                out.push(("liquid output", i, close + 2));
                i = close + 2;
            }
            Some(b':') => {
                let eol = line_end(b, i);
                let Some(close) = find_from(&b[..eol], i + 2, b"}") else {
                    i += 2;
                    continue;
                };
                let kind = if b.get(i + 2) == Some(&b':') {
                    "kramdown extension"
                } else {
                    "kramdown attribute list"
                };
                out.push((kind, i, close + 1));
                i = close + 1;
            }
            _ => i += 1,
        }
    }
}

/// The end of a quoted JS string starting at `at` (the quote), or `None` when it does not close
/// on its line (then the quote is taken as a plain character, like an apostrophe in JSX text).
fn js_string_end(m: &[u8], at: usize) -> Option<usize> {
    let q = m[at];
    let mut j = at + 1;
    while j < m.len() {
        match m[j] {
            b'\\' => j += 2,
            b'\n' if q != b'`' => return None,
            c if c == q => return Some(j + 1),
            _ => j += 1,
        }
    }
    None
}

/// Whether every `{`, `(` and `[` of the JavaScript `code` is closed, strings and comments
/// skipped.
fn js_balanced(code: &[u8]) -> bool {
    let mut depth = 0isize;
    let mut j = 0;
    while j < code.len() {
        match code[j] {
            b'{' | b'(' | b'[' => depth += 1,
            b'}' | b')' | b']' => depth -= 1,
            b'"' | b'\'' | b'`' => {
                if let Some(end) = js_string_end(code, j) {
                    j = end;
                    continue;
                }
            }
            b'/' if code.get(j + 1) == Some(&b'/') => {
                j = line_end(code, j);
                continue;
            }
            b'/' if code.get(j + 1) == Some(&b'*') => match find_from(code, j + 2, b"*/") {
                Some(close) => {
                    j = close + 2;
                    continue;
                }
                None => return false,
            },
            _ => {}
        }
        j += 1;
    }
    depth <= 0
}

/// The end of the `{ … }` expression opening at `at`: braces matched, strings and `/* */`
/// comments skipped. `None` when it never closes.
fn brace_end(m: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = at;
    while j < m.len() {
        match m[j] {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(j + 1);
                }
            }
            b'"' | b'\'' | b'`' => {
                if let Some(end) = js_string_end(m, j) {
                    j = end;
                    continue;
                }
            }
            b'/' if m.get(j + 1) == Some(&b'*') => {
                j = find_from(m, j + 2, b"*/")? + 2;
                continue;
            }
            _ => {}
        }
        j += 1;
    }
    None
}

/// The end of the JSX tag opening at `at` (a `<`): `<>`, `</>`, `</Name>` or `<Name …>`, with
/// quoted and `{…}` attribute values skipped. `None` when `<` does not start a tag: a name
/// (letter, `_` or `$` first) must follow at once, and then a space, `/`, `>` or end of line.
fn jsx_tag_end(m: &[u8], at: usize) -> Option<usize> {
    let mut j = at + 1;
    if m.get(j) == Some(&b'/') {
        j += 1;
    }
    if m.get(j) == Some(&b'>') {
        return Some(j + 1);
    }
    let first = *m.get(j)?;
    if !(first.is_ascii_alphabetic() || first == b'_' || first == b'$') {
        return None;
    }
    while j < m.len()
        && (m[j].is_ascii_alphanumeric() || matches!(m[j], b'_' | b'$' | b'.' | b'-' | b':'))
    {
        if m[j] == b':' && !m.get(j + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        j += 1;
    }
    if !matches!(m.get(j), Some(b' ' | b'\t' | b'\n' | b'\r' | b'/' | b'>')) {
        return None;
    }
    let limit = (at + 20_000).min(m.len());
    while j < limit {
        match m[j] {
            b'>' => return Some(j + 1),
            b'"' | b'\'' => j = js_string_end(m, j).unwrap_or(j + 1),
            b'{' => j = brace_end(m, j)?,
            b'<' => return None,
            _ => j += 1,
        }
    }
    None
}

/// MDX, first pass: `import`/`export` statements, from a line opening a block with the keyword
/// (not a line inside a paragraph) to the next blank line or the next such line (a blank line inside an open `{`, `(` or `[`, such as a
/// function body, does not end one).
fn mdx_esm_spans(text: &str, masked: &[u8], out: &mut Vec<Span>) {
    let (m, b) = (masked, text.as_bytes());
    let esm_at = |at: usize| {
        [b"import".as_slice(), b"export"].iter().any(|k| {
            starts(m, at, k)
                && matches!(
                    m.get(at + k.len()),
                    Some(b' ' | b'\t' | b'{' | b'*' | b'\n')
                )
        })
    };
    // A statement opens a block: it follows the front matter, a blank line or a statement.
    let all = lines(b);
    let mut i = all
        .get(front_matter_lines(text, &all))
        .map_or(m.len(), |&(s, _)| s);
    let mut block_start = true;
    while i < m.len() {
        if !(block_start && esm_at(i)) {
            let end = line_end(m, i);
            block_start = is_blank(&b[i..end]);
            i = end + 1;
            continue;
        }
        let mut end = line_end(m, i);
        while end < m.len() {
            let next = line_end(m, end + 1);
            // Blank in the text itself: masking blanks code spans in a template literal.
            if (is_blank(&b[end + 1..next]) || esm_at(end + 1)) && js_balanced(&b[i..end]) {
                break;
            }
            end = next;
        }
        out.push(("mdx esm", i, i + text[i..end].trim_end().len()));
        block_start = true;
        i = end + 1;
    }
}

/// MDX, second pass (statements and math already blanked): JSX tags, `{…}` expressions,
/// admonition fence lines (`:::note Title`, `:::`) and the `<!-- truncate -->`/`<!--more-->`
/// markers. Code is skipped (see [`mask_code`]).
fn mdx_inline_spans(text: &str, masked: &[u8], out: &mut Vec<Span>) {
    let m = masked;
    let mut i = 0;
    while i < m.len() {
        if i == 0 || m[i - 1] == b'\n' {
            let indent = m[i..]
                .iter()
                .take_while(|&&b| b == b' ' || b == b'\t')
                .count();
            if starts(m, i + indent, b":::") {
                let end = line_end(m, i);
                let end = if end > i && m[end - 1] == b'\r' {
                    end - 1
                } else {
                    end
                };
                out.push(("mdx admonition fence", i, end));
                i = end;
                continue;
            }
        }
        match m[i] {
            b'\\' => i += 2,
            b'<' if starts(m, i, b"<!--") => {
                let Some(close) = find_from(m, i + 4, b"-->") else {
                    i += 4;
                    continue;
                };
                let inner = text[i + 4..close].trim();
                if inner == "truncate" || inner == "more" {
                    out.push(("mdx marker", i, close + 3));
                }
                i = close + 3;
            }
            b'<' => match jsx_tag_end(m, i) {
                Some(end) => {
                    out.push(("mdx jsx tag", i, end));
                    i = end;
                }
                None => i += 1,
            },
            b'{' => match brace_end(m, i) {
                Some(end) => {
                    out.push(("mdx expression", i, end));
                    i = end;
                }
                None => i += 1,
            },
            _ => i += 1,
        }
    }
}

/// Math: `$$…$$` (across lines), and inline `$x$` on one line where the opening `$` is followed
/// by a non-space and the closing one preceded by a non-space; conservatively, neither `$` is
/// doubled or escaped, the opening one does not follow a letter or digit (`US$5`) and the
/// closing one is not followed by one (`$5 and $6`). Code, and the dialect's constructs found
/// before (Hugo code-toggle bodies, MDX statements), are skipped: `masked` has them blanked.
fn math_spans(masked: &[u8], out: &mut Vec<Span>) {
    let mut m = masked.to_vec();
    let mut i = 0;
    while let Some(open) = find_from(&m, i, b"$$") {
        if open > 0 && m[open - 1] == b'\\' {
            i = open + 2;
            continue;
        }
        let Some(close) = find_from(&m, open + 2, b"$$") else {
            break;
        };
        out.push(("math display", open, close + 2));
        blank(&mut m, open, close + 2);
        i = close + 2;
    }
    for (start, end) in lines(&m) {
        let line = &m[start..end];
        // Single dollars, not part of `$$`; an escaped one (`\$`) neither opens nor closes.
        let dollars: Vec<usize> = (0..line.len())
            .filter(|&k| {
                line[k] == b'$' && (k == 0 || line[k - 1] != b'$') && line.get(k + 1) != Some(&b'$')
            })
            .collect();
        let escaped = |k: usize| k > 0 && line[k - 1] == b'\\';
        let mut d = 0;
        while d + 1 < dollars.len() {
            let (open, close) = (dollars[d], dollars[d + 1]);
            let opens = !escaped(open)
                && line.get(open + 1).is_some_and(|c| !c.is_ascii_whitespace())
                && (open == 0 || !line[open - 1].is_ascii_alphanumeric());
            let closes = !escaped(close)
                && !line[close - 1].is_ascii_whitespace()
                && !line
                    .get(close + 1)
                    .is_some_and(|c| c.is_ascii_alphanumeric());
            if opens && closes && close > open + 1 {
                out.push(("math inline", start + open, start + close + 1));
                d += 2;
            } else {
                d += 1;
            }
        }
    }
}

/// Every opaque construct of `text` under `dialect`, with math or without, sorted (a multiset).
fn constructs(text: &str, dialect: Dialect, math: bool) -> Vec<Construct> {
    let mut out: Vec<Construct> = construct_spans(text, dialect, math)
        .into_iter()
        .map(|(kind, from, to)| (kind, text[from..to].to_string()))
        .collect();
    out.sort();
    out
}

/// The constructs of `text` as found, in no particular order.
fn construct_spans(text: &str, dialect: Dialect, math: bool) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut masked = mask_code(text.as_bytes());
    match dialect {
        Dialect::CommonMark => {}
        Dialect::Hugo => hugo_spans(text, &mut spans),
        Dialect::Jekyll => jekyll_spans(text, &mut spans),
        Dialect::Mdx => mdx_esm_spans(text, &masked, &mut spans),
    }
    // Math is not looked for inside what was found so far, and MDX tags and expressions are
    // not looked for inside statements or math (`$\text{…}$` holds no expression).
    for &(_, from, to) in &spans {
        blank(&mut masked, from, to);
    }
    if math {
        let first = spans.len();
        math_spans(&masked, &mut spans);
        for &(_, from, to) in &spans[first..] {
            blank(&mut masked, from, to);
        }
    }
    if dialect == Dialect::Mdx {
        mdx_inline_spans(text, &masked, &mut spans);
    }
    spans
}

/// The fixtures' fixable triggers left in prose (outside every construct and all code) after
/// a fix, as `line: text`: a spaced `--`, a `[Placeholder` and a `## TLDR` heading.
fn triggers_left_in_prose(text: &str, dialect: Dialect, math: bool) -> Vec<String> {
    let mut masked = mask_code(text.as_bytes());
    for (_, from, to) in construct_spans(text, dialect, math) {
        blank(&mut masked, from, to);
    }
    let mut out = Vec::new();
    for (n, (s, e)) in lines(&masked).into_iter().enumerate() {
        let line = String::from_utf8_lossy(&masked[s..e]);
        if line.contains(" -- ") || line.contains("[Placeholder") || line.trim_end() == "## TLDR" {
            out.push(format!("line {}: {}", n + 1, &text[s..e]));
        }
    }
    out
}

/// What is in `a` and not in `b`, as multisets (both sorted).
fn missing_from<'a>(a: &'a [Construct], b: &[Construct]) -> Vec<&'a Construct> {
    let mut out = Vec::new();
    let mut j = 0;
    for item in a {
        while j < b.len() && b[j] < *item {
            j += 1;
        }
        if j < b.len() && b[j] == *item {
            j += 1;
        } else {
            out.push(item);
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The outline
// ---------------------------------------------------------------------------------------------

/// The title the summary must stay under, as its index in [`headings`]: the first level-1
/// heading when only blank lines and (in MDX) `import`/`export` statements come between the
/// front matter and it, and the front matter names no other title. `None` otherwise (a
/// level-1 heading after prose is a section `structure/title` may demote, as documented).
fn title_index(text: &str, dialect: Dialect, outline: &[(usize, String)]) -> Option<usize> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let all = lines(body.as_bytes());
    let mut in_esm = false;
    for &(s, e) in &all[front_matter_lines(body, &all)..] {
        let line = &body[s..e];
        if line.trim().is_empty() {
            in_esm = false;
            continue;
        }
        if dialect == Dialect::Mdx
            && (in_esm || line.starts_with("import ") || line.starts_with("export "))
        {
            in_esm = true;
            continue;
        }
        let (1, title) = atx_heading(line)? else {
            return None;
        };
        let title = normalise(title);
        if front_matter_title(text).is_some_and(|t| t != title) {
            return None;
        }
        return outline.iter().position(|h| *h == (1, title.clone()));
    }
    None
}

/// The ATX headings of `text` in order, as (level, normalised text). Front matter (`---` or
/// `+++` fenced, at the very start) and fenced code blocks are skipped.
fn headings(text: &str) -> Vec<(usize, String)> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let b = body.as_bytes();
    let all = lines(b);
    let from = front_matter_lines(body, &all);
    let mut out = Vec::new();
    let mut fence: Option<(u8, usize)> = None;
    for &(s, e) in &all[from.min(all.len())..] {
        let line = &b[s..e];
        if let Some(f) = fence {
            if fence_closes(line, f) {
                fence = None;
            }
            continue;
        }
        if let Some(f) = fence_open(line) {
            fence = Some(f);
            continue;
        }
        if let Some((level, content)) = atx_heading(&body[s..e]) {
            out.push((level, normalise(content)));
        }
    }
    out
}

/// The `title` of YAML (`---`) or TOML (`+++`) front matter, normalised, if there is one.
fn front_matter_title(text: &str) -> Option<String> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = body.lines();
    let fence = lines.next()?.trim_end();
    if fence != "---" && fence != "+++" {
        return None;
    }
    for line in lines {
        if line.trim_end() == fence {
            return None;
        }
        let value = if fence == "---" {
            line.strip_prefix("title:")
        } else {
            line.strip_prefix("title")
                .and_then(|rest| rest.trim_start().strip_prefix('='))
        };
        if let Some(value) = value {
            return Some(normalise(value));
        }
    }
    None
}

/// The heading texts, levels dropped, without the summary and bio headings.
fn without_labels(headings: &[(usize, String)]) -> Vec<&str> {
    headings
        .iter()
        .map(|(_, text)| text.as_str())
        .filter(|text| !LABEL_HEADINGS.contains(text))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The check
// ---------------------------------------------------------------------------------------------

/// A tree to fix: a copy of a site in a scratch folder.
struct Tree<'a> {
    /// Names the tree in messages.
    name: &'a str,
    /// The copy `fix --in-place` runs on.
    dir: &'a Path,
    /// Where dialect detection stops walking up (the scratch folder).
    root: &'a Path,
    /// Whether math is on, when a house style in the tree says so; else the dialect's default.
    math: Option<bool>,
}

/// What [`check_tree`] saw; `failures` is empty when every invariant held.
#[derive(Default)]
struct Report {
    /// Whether the first `fix --in-place` ran (exited 0 or 1, no panic).
    ran: bool,
    files: usize,
    changed: usize,
    dialects: BTreeMap<String, usize>,
    kinds: BTreeMap<&'static str, usize>,
    headings: usize,
    failures: Vec<String>,
}

/// Check one markdown file's constructs and outline before and after the fix.
fn check_file(file: &str, dialect: Dialect, math: bool, old: &str, new: &str, report: &mut Report) {
    let found = constructs(old, dialect, math);
    for (kind, _) in &found {
        *report.kinds.entry(kind).or_insert(0) += 1;
    }
    let outline_before = headings(old);
    report.headings += outline_before.len();
    if old == new {
        return;
    }
    let kept = constructs(new, dialect, math);
    for (kind, text) in missing_from(&found, &kept) {
        report.failures.push(format!(
            "{file} ({dialect:?}): {kind} changed or lost: {}",
            shorten(text)
        ));
    }
    for (kind, text) in missing_from(&kept, &found) {
        report.failures.push(format!(
            "{file} ({dialect:?}): {kind} appeared (what the changed one became?): {}",
            shorten(text)
        ));
    }

    let outline_after = headings(new);
    if outline_after.len() < outline_before.len() {
        report.failures.push(format!(
            "{file}: {} heading(s) before the fix, {} after: a heading was lost",
            outline_before.len(),
            outline_after.len()
        ));
    }
    let (a, b) = (
        without_labels(&outline_before),
        without_labels(&outline_after),
    );
    if a != b {
        let at = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        report.failures.push(format!(
            "{file}: the outline changed at heading {} (summary and bio headings set aside): {:?} became {:?}",
            at + 1,
            a.get(at),
            b.get(at)
        ));
    }
    // The title stays where it is, at level 1, with the same headings before it (in MDX, those
    // in import/export statements): the summary goes under the title, not above it.
    if let Some(k) = title_index(old, dialect, &outline_before)
        && outline_after.get(..=k) != outline_before.get(..=k)
    {
        report.failures.push(format!(
            "{file}: the title {:?} is no longer heading {} at level 1; the outline starts {:?}",
            outline_before[k].1,
            k + 1,
            &outline_after[..outline_after.len().min(k + 2)]
        ));
    }
}

/// Fix `tree` in place twice and check every invariant of the module doc.
fn check_tree(tree: &Tree) -> Report {
    let name = tree.name;
    let before = snapshot(tree.dir);

    let start = Instant::now();
    let output = fix_in_place(tree.dir, &[]);
    let first_run = start.elapsed();
    let mut report = Report::default();
    if let Err(failure) = ran(&output, &format!("{name}: fix --in-place")) {
        report.failures.push(failure);
        return report;
    }
    report.ran = true;
    let after = snapshot(tree.dir);

    for path in before.keys().filter(|p| !after.contains_key(*p)) {
        report.failures.push(format!(
            "{name}/{}: fix --in-place removed it",
            path.display()
        ));
    }
    for path in after.keys().filter(|p| !before.contains_key(*p)) {
        report.failures.push(format!(
            "{name}/{}: fix --in-place created it",
            path.display()
        ));
    }
    for (path, old) in &before {
        let Some(new) = after.get(path) else { continue };
        let file = format!("{name}/{}", path.display());
        if !is_markdown(path) {
            if new != old {
                report
                    .failures
                    .push(format!("{file}: a file that is not markdown changed"));
            }
            continue;
        }
        report.files += 1;
        report.changed += usize::from(new != old);
        let dialect = dialect_of(&tree.dir.join(path), tree.root);
        let math = tree.math.unwrap_or(dialect.math());
        *report
            .dialects
            .entry(format!("{dialect:?}{}", if math { "+math" } else { "" }))
            .or_insert(0) += 1;
        let (old, new) = (String::from_utf8_lossy(old), String::from_utf8_lossy(new));
        check_file(&file, dialect, math, &old, &new, &mut report);
    }

    // Idempotence: a second run over the fixed tree changes no byte.
    let start = Instant::now();
    let output = fix_in_place(tree.dir, &[]);
    let second_run = start.elapsed();
    if let Err(failure) = ran(&output, &format!("{name}: second fix --in-place")) {
        report.failures.push(failure);
    }
    let again = snapshot(tree.dir);
    for (path, bytes) in &after {
        if again.get(path) != Some(bytes) {
            report.failures.push(format!(
                "{name}/{}: a second fix --in-place changed it: the fix is not idempotent",
                path.display()
            ));
        }
    }
    for path in again.keys().filter(|p| !after.contains_key(*p)) {
        report.failures.push(format!(
            "{name}/{}: a second fix --in-place created it",
            path.display()
        ));
    }

    eprintln!(
        "{name}: {} files {:?}, {} changed by fix ({first_run:.1?}; second run {second_run:.1?}); \
         {} headings checked; constructs checked: {}",
        report.files,
        report.dialects,
        report.changed,
        report.headings,
        if report.kinds.is_empty() {
            "none (no dialect construct applies)".to_string()
        } else {
            report
                .kinds
                .iter()
                .map(|(k, n)| format!("{k} {n}"))
                .collect::<Vec<_>>()
                .join(", ")
        }
    );
    report
}

fn assert_no_failures(name: &str, report: &Report) {
    let failures = &report.failures;
    assert!(
        failures.is_empty(),
        "{name}: {} failure(s){}:\n{}",
        failures.len(),
        if failures.len() > MAX_REPORTED {
            format!(", the first {MAX_REPORTED}")
        } else {
            String::new()
        },
        failures
            .iter()
            .take(MAX_REPORTED)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Copy `../shared/corpus/<name>` into a scratch folder and check it.
fn check_corpus(name: &str) {
    let Some((scratch, copy)) = corpus_copy(name) else {
        return;
    };
    let report = check_tree(&Tree {
        name,
        dir: &copy,
        root: scratch.path(),
        math: None,
    });
    assert_no_failures(name, &report);
    assert!(report.files > 0, "{name}: no markdown file was checked");
}

#[test]
fn hugo_docs_keep_shortcodes_math_and_outline() {
    check_corpus("hugo-docs");
}

#[test]
fn jekyll_posts_keep_liquid_kramdown_and_outline() {
    check_corpus("jekyll-posts");
}

#[test]
fn mdx_docs_keep_esm_jsx_expressions_math_and_outline() {
    check_corpus("mdx-docs");
}

#[test]
fn rust_blog_keeps_its_outline_and_is_idempotent() {
    check_corpus("rust-blog");
}

/// The dialect fixtures (`fixtures/dialect-*/draft.md`, every rule's trigger inside every
/// construct) placed in the sites a user would have them in, so `auto` detects the dialect:
/// a Hugo site, a Jekyll site, an `.mdx` file, and a blog whose `blogfmt.toml` turns math on.
/// Unlike the corpora, these drafts are built to trip every rule inside every construct, so
/// this test shows the oracle notices when a construct changes. It also checks the other half
/// of the fixtures' promise: the same triggers in the prose beside the constructs are fixed
/// (no spaced `--`, `[Placeholder` or `## TLDR` is left outside a construct or code).
#[test]
fn dialect_fixtures_keep_their_constructs_in_their_sites() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let draft = |name: &str| fs::read(fixtures.join(name).join("draft.md")).expect("fixture");
    let scratch = tempfile::tempdir().expect("temp dir");
    let root = scratch.path();
    let put = |path: &str, bytes: &[u8]| {
        let path = root.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    };
    put(
        "hugo-site/hugo.toml",
        b"baseURL = 'https://example.org/'\ntitle = 'Example'\n",
    );
    put("hugo-site/content/posts/draft.md", &draft("dialect-hugo"));
    put("jekyll-site/_config.yml", b"title: Example\n");
    put(
        "jekyll-site/_posts/2024-05-01-draft.md",
        &draft("dialect-jekyll"),
    );
    put("mdx-site/docs/draft.mdx", &draft("dialect-mdx"));
    put(
        "math-site/blogfmt.toml",
        &fs::read(fixtures.join("dialect-math/config.toml")).unwrap(),
    );
    put("math-site/posts/draft.md", &draft("dialect-math"));

    let mut failures = Vec::new();
    for (site, math) in [
        ("hugo-site", None),
        ("jekyll-site", None),
        ("mdx-site", None),
        ("math-site", Some(true)),
    ] {
        let dir = root.join(site);
        let report = check_tree(&Tree {
            name: site,
            dir: &dir,
            root,
            math,
        });
        if report.failures.is_empty() {
            assert_eq!(report.files, 1, "{site}: one draft");
            assert_eq!(
                report.changed, 1,
                "{site}: the prose beside the constructs was not fixed"
            );
        }
        failures.extend(report.failures);
        // And the prose beside the constructs was fixed: no trigger is left outside them.
        for (path, bytes) in snapshot(&dir) {
            if report.ran && is_markdown(&path) {
                let dialect = dialect_of(&dir.join(&path), root);
                let text = String::from_utf8_lossy(&bytes);
                let math = math.unwrap_or(dialect.math());
                for left in triggers_left_in_prose(&text, dialect, math) {
                    failures.push(format!(
                        "{site}/{}: a trigger in prose was not fixed: {left}",
                        path.display()
                    ));
                }
            }
        }
    }
    assert_no_failures(
        "dialect fixtures",
        &Report {
            failures,
            ..Report::default()
        },
    );
}

// ---------------------------------------------------------------------------------------------
// The oracle's own checks: the finders find what the dialect lists name, and nothing more
// ---------------------------------------------------------------------------------------------

fn texts(found: &[Construct], kind: &str) -> Vec<String> {
    found
        .iter()
        .filter(|(k, _)| *k == kind)
        .map(|(_, t)| t.clone())
        .collect()
}

#[test]
fn oracle_finds_hugo_shortcodes_and_code_pairs() {
    let text = "A {{< figure src=\"a -- b.png\" >}} and {{% note %}}x{{% /note %}}.\n\
                {{</* highlight go */>}}\n\
                {{< highlight go \"linenos=true\" >}}\nfoo -- bar\n{{< /highlight >}}\n\
                {{< code-toggle config=privacy.x />}}\n\
                {{< code-toggle file=hugo >}}\na = 1\n{{< /code-toggle >}}\n";
    let found = constructs(text, Dialect::Hugo, Dialect::Hugo.math());
    assert_eq!(
        texts(&found, "hugo shortcode"),
        [
            "{{% /note %}}",
            "{{% note %}}",
            "{{< /code-toggle >}}",
            "{{< /highlight >}}",
            "{{< code-toggle config=privacy.x />}}",
            "{{< code-toggle file=hugo >}}",
            "{{< figure src=\"a -- b.png\" >}}",
            "{{< highlight go \"linenos=true\" >}}",
            "{{</* highlight go */>}}",
        ]
    );
    assert_eq!(
        texts(&found, "hugo code pair"),
        [
            "{{< code-toggle file=hugo >}}\na = 1\n{{< /code-toggle >}}",
            "{{< highlight go \"linenos=true\" >}}\nfoo -- bar\n{{< /highlight >}}",
        ]
    );
}

#[test]
fn oracle_finds_liquid_and_kramdown() {
    let text = "Use {% raw %}`{{ site.url }}` and {% raw %}{% endraw %} or {{ page.title | upcase }}.\n\
                {% highlight ruby %}\nx -- y\n{% endhighlight %}\n\
                {%- comment -%}\nTLDR\n{%- endcomment -%}\n\
                {% include note.html %}\n\
                A paragraph.\n{: .note #id}\n{::comment /}\n";
    let found = constructs(text, Dialect::Jekyll, Dialect::Jekyll.math());
    assert_eq!(
        texts(&found, "liquid raw block"),
        ["{% raw %}`{{ site.url }}` and {% raw %}{% endraw %}"]
    );
    assert_eq!(
        texts(&found, "liquid output"),
        ["{{ page.title | upcase }}"]
    );
    assert_eq!(
        texts(&found, "liquid highlight block"),
        ["{% highlight ruby %}\nx -- y\n{% endhighlight %}"]
    );
    assert_eq!(
        texts(&found, "liquid comment block"),
        ["{%- comment -%}\nTLDR\n{%- endcomment -%}"]
    );
    assert_eq!(texts(&found, "liquid tag"), ["{% include note.html %}"]);
    assert_eq!(texts(&found, "kramdown attribute list"), ["{: .note #id}"]);
    assert_eq!(texts(&found, "kramdown extension"), ["{::comment /}"]);
}

#[test]
fn oracle_finds_mdx_constructs_outside_code() {
    let text = "import {Note} from './note.jsx'\nexport const meta = {\n  a: 'b -- c'\n}\n\n\
                # Title\n\n<Note type=\"info\" data={{a: '}'}}>\nText {1 + 1} and <>frag</>.\n</Note>\n\n\
                :::note Title -- here\nBody\n:::\n\n<!-- truncate -->\n\n\
                `{not} <Code>` and\n\n```js\nimport x from 'y'\n<A>{b}</A>\n```\n\n\
                a < b, <https://example.com> and it's {/* more */}.\n";
    let found = constructs(text, Dialect::Mdx, Dialect::Mdx.math());
    assert_eq!(
        texts(&found, "mdx esm"),
        [
            "export const meta = {\n  a: 'b -- c'\n}",
            "import {Note} from './note.jsx'",
        ]
    );
    assert_eq!(
        texts(&found, "mdx jsx tag"),
        [
            "</>",
            "</Note>",
            "<>",
            "<Note type=\"info\" data={{a: '}'}}>"
        ]
    );
    assert_eq!(texts(&found, "mdx expression"), ["{/* more */}", "{1 + 1}"]);
    let prose = "A JavaScript import or\nexport statement.\n";
    assert!(constructs(prose, Dialect::Mdx, false).is_empty());
    let function = "export function Button(props) {\n  const style = {color: 'red'}\n\n  return <button style={style} />\n}\n\nText.\n";
    assert_eq!(
        texts(&constructs(function, Dialect::Mdx, false), "mdx esm"),
        [function.trim_end_matches("\n\nText.\n")]
    );
    assert_eq!(
        texts(&found, "mdx admonition fence"),
        [":::", ":::note Title -- here"]
    );
    assert_eq!(texts(&found, "mdx marker"), ["<!-- truncate -->"]);
}

#[test]
fn oracle_finds_math_conservatively() {
    let text = "Solve $y = x^2$ and $a$, not $5 and $6, not $ x $, not `$a$`.\n\
                $$\n\\sqrt{a -- b}\n$$\nUS$5 or $HOME/bin. Also \\$x$ no.\n";
    let found = constructs(text, Dialect::Hugo, Dialect::Hugo.math());
    assert_eq!(texts(&found, "math inline"), ["$a$", "$y = x^2$"]);
    assert_eq!(texts(&found, "math display"), ["$$\n\\sqrt{a -- b}\n$$"]);
    assert!(constructs(text, Dialect::Jekyll, Dialect::Jekyll.math()).is_empty());
}

#[test]
fn oracle_reads_the_outline() {
    let text = "---\n# not: a heading\n---\n# Title #\n\n```\n# code\n```\n\n    # indented code\n\
                ## TLDR\n\n#hashtag\n\n### Why -- Not? ###\n";
    assert_eq!(
        headings(text),
        [
            (1, "title".to_string()),
            (2, "tldr".to_string()),
            (3, "why not".to_string())
        ]
    );
    assert_eq!(without_labels(&headings(text)), ["title", "why not"]);
    assert_eq!(front_matter_title(text), None);
    assert_eq!(
        front_matter_title("---\ntitle: \"A -- Post\"\n---\n"),
        Some("a post".to_string())
    );
    assert_eq!(
        front_matter_title("+++\ntitle = 'Rust 1.0'\n+++\n"),
        Some("rust 10".to_string())
    );
}

#[test]
fn oracle_finds_the_title_the_summary_stays_under() {
    let title = |text: &str, dialect| title_index(text, dialect, &headings(text));
    let mdx = "---\ntitle: A Post\n---\n\nimport {A} from './a.js'\nexport const x = `\n## in a literal\n`\n\n# A Post\n\nIntro.\n";
    assert_eq!(title(mdx, Dialect::Mdx), Some(1));
    assert_eq!(
        title(mdx, Dialect::CommonMark),
        None,
        "imports are prose outside MDX"
    );
    assert_eq!(title("# Post\n\n## TLDR\n", Dialect::CommonMark), Some(0));
    assert_eq!(title("Text first.\n\n# Post\n", Dialect::CommonMark), None);
    assert_eq!(
        title("+++\ntitle = 'Other'\n+++\n# Post\n", Dialect::CommonMark),
        None
    );
}

#[test]
fn oracle_finds_triggers_left_outside_constructs() {
    let text = "{{< figure caption=\"a -- b\" >}} and `c -- d`.\n\n## TLDR\n\nProse -- here.\n\n[Placeholder 1: a diagram]\n";
    assert_eq!(
        triggers_left_in_prose(text, Dialect::Hugo, true),
        [
            "line 3: ## TLDR",
            "line 5: Prose -- here.",
            "line 7: [Placeholder 1: a diagram]"
        ]
    );
    assert_eq!(
        triggers_left_in_prose(text, Dialect::CommonMark, false).len(),
        4
    );
}

#[test]
fn oracle_detects_dialects_like_auto() {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path();
    let hugo = root.join("hugo/content/posts");
    let jekyll = root.join("jekyll/_posts");
    let plain = root.join("plain");
    for dir in [&hugo, &jekyll, &plain] {
        fs::create_dir_all(dir).unwrap();
    }
    fs::write(
        root.join("hugo/config.toml"),
        "baseURL = 'https://example.com/'\n",
    )
    .unwrap();
    fs::write(root.join("jekyll/_config.yml"), "title: x\n").unwrap();
    fs::write(root.join("plain/config.toml"), "title = 'not hugo'\n").unwrap();
    assert_eq!(dialect_of(&hugo.join("a.md"), root), Dialect::Hugo);
    assert_eq!(
        dialect_of(&jekyll.join("a.markdown"), root),
        Dialect::Jekyll
    );
    assert_eq!(dialect_of(&plain.join("a.md"), root), Dialect::CommonMark);
    assert_eq!(dialect_of(&plain.join("a.mdx"), root), Dialect::Mdx);
}
