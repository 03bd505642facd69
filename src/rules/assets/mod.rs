//! The `assets/*` family: visual placeholders and the image and link references a post
//! publishes.
//!
//! Contributors mark visuals with placeholders such as `[Placeholder 3: Screenshot of the
//! dashboard]`. Detection, kind classification and reference rendering are shared by the family
//! and configured by the `[assets]` table: placeholder regexes, kinds (keywords, path and
//! reference templates) tried in order, and the words used to build file names.
//!
//! Invariants:
//! - Placeholders are matched only on the raw source of contiguous text nodes, so code blocks,
//!   inline code, HTML blocks, inline HTML (and text between inline HTML tags), link text and
//!   alt text are never matched.
//! - `{slug}` and `{name}` only ever hold `[a-z0-9-]` and are never empty, and path templates
//!   may not contain `..`, so a generated path cannot leave the template's own directory.
//! - `{alt}` and `{text}` are escaped for the place the kind's template puts them (markdown
//!   link text, or a double-quoted shortcode/HTML attribute), so they read back exactly.

use std::collections::HashSet;
use std::ops::Range;
use std::path::PathBuf;

use self::lazy_regex::{Groups, LazyRegex, Prefilter, has_capture};
use serde::Deserialize;
use toml::Spanned;

use crate::markdown::{Document, NodeKind};
use crate::rule::{OptionsError, RuleContext};
use crate::template::Template;

pub(crate) mod alt_text;
pub(crate) mod code_screenshot;
pub(crate) mod consecutive;
mod lazy_regex;
pub(crate) mod missing_file;
pub(crate) mod placeholder;
pub(crate) mod unresolved;

/// Variables a kind's path template may use.
const PATH_VARS: &[&str] = &["slug", "n", "name", "ext"];
/// Variables a kind's reference template may use.
const TEMPLATE_VARS: &[&str] = &["alt", "text", "slug", "n", "name", "ext", "path"];

/// The `[assets]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawStyle {
    patterns: Vec<Spanned<String>>,
    kinds: Vec<RawKind>,
    alt_drop: Spanned<String>,
    text_drop: Spanned<String>,
    stop_words: Vec<String>,
    name_max_words: usize,
    fallback_slug: String,
    fallback_name: String,
    root: String,
}

/// One `[[assets.kinds]]` entry as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawKind {
    name: String,
    #[serde(default)]
    keywords: Vec<String>,
    #[serde(default)]
    path: Option<Spanned<String>>,
    #[serde(default)]
    ext: String,
    template: Spanned<String>,
    #[serde(default)]
    escape: Escape,
}

/// How `{alt}` and `{text}` are escaped for the place the template puts them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Escape {
    /// Markdown link text or alt text: `\`, `` ` ``, `*`, `_`, `[`, `]`, `<`, `>`, `&`, `~`
    /// are backslash-escaped.
    #[default]
    Markdown,
    /// Inside a double-quoted attribute (a Hugo shortcode, an HTML tag): `\` and `"` are
    /// backslash-escaped.
    Quoted,
}

/// A placeholder regex in two forms: anchored for a whole paragraph, free for a sentence. Each
/// is compiled only once a document passes the family's prefilter (see [`lazy_regex`]).
struct Pattern {
    whole: LazyRegex,
    anywhere: LazyRegex,
}

/// A kind of visual: how it is recognised and how its reference is written.
pub(crate) struct Kind {
    /// The kind's name (`diagram`), shown in messages and the changes log.
    pub name: String,
    /// Whole-word, case-insensitive keywords; `None` matches everything (the fallback).
    keywords: Option<LazyRegex>,
    /// Where the asset file goes; `None` for kinds that point at no file of ours (links).
    path: Option<Template>,
    ext: String,
    template: Template,
    escape: Escape,
}

impl Kind {
    fn matches(&self, text: &str) -> bool {
        self.keywords.as_ref().is_none_or(|k| k.is_match(text))
    }
}

/// The `[assets]` table, validated and compiled.
pub(crate) struct AssetsStyle {
    patterns: Vec<Pattern>,
    /// Where any pattern could start to match: one scan of the source that rules out most
    /// posts, and most blocks of the rest, before any text is searched or pattern compiled.
    any_pattern: Prefilter,
    /// The kinds, in the order they are tried.
    pub kinds: Vec<Kind>,
    alt_drop: LazyRegex,
    text_drop: LazyRegex,
    stop_words: HashSet<String>,
    name_max_words: usize,
    fallback_slug: String,
    fallback_name: String,
    /// The directory local image paths resolve under, when set.
    pub root: Option<PathBuf>,
}

/// Parse (not compile) the regex `wrap` makes of `source`; a syntax error points at `source`.
fn regex_at(
    source: &Spanned<String>,
    wrap: impl Fn(&str) -> String,
) -> Result<(LazyRegex, regex_syntax::hir::Hir), OptionsError> {
    LazyRegex::parse(wrap(source.get_ref())).map_err(|e| regex_error(source, &e))
}

/// A prefix dropped from descriptions, anchored at their start. The embedded defaults are
/// known to build (a test builds them) and stay lazy; a house style's own pattern is built
/// now, like its placeholder patterns, so a size limit is a config error at its line.
fn drop_regex(
    source: &Spanned<String>,
    is_default: &impl Fn(&str) -> bool,
) -> Result<LazyRegex, OptionsError> {
    let pattern = format!("^(?:{})", source.get_ref());
    if is_default(source.get_ref()) {
        return Ok(LazyRegex::unchecked(pattern));
    }
    let regex = regex_at(source, |_| pattern.clone())?.0;
    regex.compile().map_err(|e| regex_error(source, &e))?;
    Ok(regex)
}

/// A regex error as a config error at the pattern: its last line, the one saying what is wrong.
fn regex_error(source: &Spanned<String>, e: &regex::Error) -> OptionsError {
    let detail = e.to_string();
    let last = detail.lines().last().unwrap_or("invalid regex").trim();
    OptionsError::at(source.span(), format!("invalid regex: {last}"))
}

fn template_at(source: &Spanned<String>, vars: &[&str]) -> Result<Template, OptionsError> {
    Template::parse(source.get_ref(), vars).map_err(|m| OptionsError::at(source.span(), m))
}

impl AssetsStyle {
    /// Read and compile the family table (regexes and templates are built here, once).
    /// The `[assets]` style, built once per config and shared by the family's rules.
    pub(crate) fn load(ctx: &RuleContext<'_>) -> Result<std::sync::Arc<Self>, OptionsError> {
        ctx.family_shared(|ctx| Self::from_raw(ctx.family()?, &|p| ctx.is_default_literal(p)))
    }

    /// Build the style; `is_default` tells which patterns the embedded house style holds.
    fn from_raw(raw: RawStyle, is_default: &impl Fn(&str) -> bool) -> Result<Self, OptionsError> {
        let mut patterns = Vec::new();
        let mut hirs = Vec::new();
        for pattern in &raw.patterns {
            let (anywhere, hir) = regex_at(pattern, str::to_string)?;
            if !has_capture(&hir, "desc") {
                return Err(OptionsError::at(
                    pattern.span(),
                    "a placeholder pattern needs a `(?<desc>...)` group for the description",
                ));
            }
            let whole = LazyRegex::parse_wrapper(format!(r"^(?:{})$", pattern.get_ref()))
                .map_err(|e| regex_error(pattern, &e))?;
            // A house style's own pattern may parse yet exceed the regex size limits: build it
            // now, so that is a config error at its line and not a pattern that never matches.
            // The embedded defaults are known to build (a test does), so they stay lazy.
            if !is_default(pattern.get_ref()) {
                for regex in [&anywhere, &whole] {
                    regex.compile().map_err(|e| regex_error(pattern, &e))?;
                }
            }
            patterns.push(Pattern { whole, anywhere });
            hirs.push(hir);
        }
        let any_pattern = Prefilter::new(&regex_syntax::hir::Hir::alternation(hirs));
        let mut kinds: Vec<Kind> = Vec::new();
        for kind in raw.kinds {
            if kind.name.trim().is_empty() || kinds.iter().any(|k| k.name == kind.name) {
                return Err(OptionsError::at(
                    kind.template.span(),
                    format!("kind names must be unique and non-empty: `{}`", kind.name),
                ));
            }
            let keywords = (!kind.keywords.is_empty()).then(|| {
                let words: Vec<String> = kind
                    .keywords
                    .iter()
                    .map(|k| regex::escape(k.trim()))
                    .collect();
                LazyRegex::unchecked(format!(r"(?i)\b(?:{})\b", words.join("|"))).for_short_texts()
            });
            let path = kind
                .path
                .as_ref()
                .map(|p| {
                    let unsafe_char = p
                        .get_ref()
                        .chars()
                        .find(|c| c.is_whitespace() || "()<>\"'\\`".contains(*c));
                    if p.get_ref().contains("..") || unsafe_char.is_some() {
                        return Err(OptionsError::at(
                            p.span(),
                            "a path template may not contain `..`, spaces, quotes, backslashes or `()<>`",
                        ));
                    }
                    template_at(p, PATH_VARS)
                })
                .transpose()?;
            kinds.push(Kind {
                name: kind.name,
                keywords,
                path,
                ext: slug_words(&kind.ext).join("-"),
                template: template_at(&kind.template, TEMPLATE_VARS)?,
                escape: kind.escape,
            });
        }
        let fallback = |s: &str, what: &str| {
            let slug = slug_words(s).join("-");
            if slug.is_empty() {
                Err(OptionsError {
                    span: None,
                    message: format!("[assets] {what} must hold a letter or digit"),
                })
            } else {
                Ok(slug)
            }
        };
        Ok(AssetsStyle {
            patterns,
            any_pattern,
            kinds,
            alt_drop: drop_regex(&raw.alt_drop, is_default)?,
            text_drop: drop_regex(&raw.text_drop, is_default)?,
            stop_words: raw.stop_words.iter().map(|w| w.to_lowercase()).collect(),
            name_max_words: raw.name_max_words.max(1),
            fallback_slug: fallback(&raw.fallback_slug, "fallback-slug")?,
            fallback_name: fallback(&raw.fallback_name, "fallback-name")?,
            root: (!raw.root.trim().is_empty()).then(|| PathBuf::from(raw.root.trim())),
        })
    }

    /// The index of the first kind whose keywords appear in `text`.
    pub(crate) fn kind_of(&self, text: &str) -> Option<usize> {
        self.kinds.iter().position(|k| k.matches(text))
    }

    /// The post's `{slug}`: front matter `slug`, else the title, slugified; never empty.
    pub(crate) fn slug(&self, doc: &Document) -> String {
        let from = |text: &str| Some(slug_words(text).join("-")).filter(|s| !s.is_empty());
        doc.meta("slug")
            .and_then(from)
            .or_else(|| doc.title().as_deref().and_then(from))
            .unwrap_or_else(|| self.fallback_slug.clone())
    }

    /// The alt text for a description: a leading "Screenshot of (the)" dropped, first letter
    /// capitalised.
    fn alt(&self, description: &str) -> String {
        let dropped = drop_prefix(&self.alt_drop, description);
        let text = if dropped.trim().is_empty() {
            description
        } else {
            dropped.trim()
        };
        let mut chars = text.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }

    /// The `{name}` words of an alt text: ASCII-folded, lower case, stop words dropped.
    fn name(&self, alt: &str) -> String {
        let words: Vec<String> = slug_words(alt)
            .into_iter()
            .filter(|w| !self.stop_words.contains(w))
            .take(self.name_max_words)
            .collect();
        if words.is_empty() {
            self.fallback_name.clone()
        } else {
            words.join("-")
        }
    }

    /// Every placeholder in the document, in document order. Found once per document and
    /// shared by the family's rules.
    pub(crate) fn placeholders(&self, doc: &Document) -> Vec<Placeholder> {
        let key = std::ptr::from_ref(self) as usize;
        doc.memo(key, || self.find_placeholders(doc)).to_vec()
    }

    fn find_placeholders(&self, doc: &Document) -> Vec<Placeholder> {
        // Every text searched below is a slice of the source, and a match starts where one of
        // the patterns' prefixes does: one scan of the whole file finds those places, and only
        // blocks holding one are searched. Most posts have none at all.
        let mut found = Vec::new();
        let starts = self.any_pattern.candidates(doc.source());
        if starts.as_ref().is_some_and(Vec::is_empty) {
            return found;
        }
        for block in text_blocks(doc) {
            if let Some(starts) = &starts {
                let range = &doc.node(block.node).range;
                let next = starts.partition_point(|&s| s < range.start);
                if starts.get(next).is_none_or(|&s| s >= range.end) {
                    continue;
                }
            }
            let runs = text_runs(doc, &block);
            if block.context == Context::Standalone
                && runs.plain
                && let Some(p) = self.match_whole(doc, &block, runs.content.clone())
            {
                found.push(p);
                continue;
            }
            let context = match block.context {
                Context::Standalone => Context::Sentence,
                other => other,
            };
            for run in runs.runs {
                self.match_inline(doc, run, context, &mut found);
            }
        }
        found
    }

    fn match_whole(
        &self,
        doc: &Document,
        block: &TextBlock,
        content: Range<usize>,
    ) -> Option<Placeholder> {
        let text = &doc.source()[content.clone()];
        self.patterns.iter().find_map(|p| {
            // Most paragraphs match no pattern: a plain match test costs far less than captures.
            if !p.whole.is_match(text) {
                return None;
            }
            let caps = p.whole.captures(text)?;
            let mut placeholder = self.placeholder(&caps, content.start, Context::Standalone);
            placeholder.node =
                (doc.node(block.node).kind == NodeKind::Paragraph).then_some(block.node);
            if let Some(desc) = caps.group("desc") {
                let range = content.start + desc.start..content.start + desc.end;
                placeholder.description = collapse(&block_text(doc, block.inline.clone(), range));
            }
            Some(placeholder)
        })
    }

    fn match_inline(
        &self,
        doc: &Document,
        run: Range<usize>,
        context: Context,
        found: &mut Vec<Placeholder>,
    ) {
        let text = &doc.source()[run.clone()];
        let mut matches: Vec<Placeholder> = self
            .patterns
            .iter()
            .filter(|p| p.anywhere.is_match(text))
            .flat_map(|p| p.anywhere.captures_iter(text))
            .map(|caps| self.placeholder(&caps, run.start, context))
            .collect();
        matches.sort_by_key(|p| (p.range.start, std::cmp::Reverse(p.range.end)));
        let mut last_end = 0;
        for p in matches {
            if p.range.start >= last_end {
                last_end = p.range.end;
                found.push(p);
            }
        }
    }

    fn placeholder(&self, caps: &Groups<'_>, offset: usize, context: Context) -> Placeholder {
        let all = caps.range();
        let raw = caps.as_str();
        let description = caps.name("desc").unwrap_or("");
        Placeholder {
            range: offset + all.start..offset + all.end,
            context,
            text: raw.split_whitespace().collect::<Vec<_>>().join(" "),
            number: caps.name("n").and_then(|n| n.parse().ok()),
            description: collapse(&reader_text(description)),
            kind: self.kind_of(raw),
            node: None,
        }
    }

    /// The references the fix writes for the standalone placeholders, in document order:
    /// numbers, unique names and escaped text worked out across the whole post.
    pub(crate) fn conversions(&self, doc: &Document) -> Vec<(Placeholder, Option<Conversion>)> {
        let slug = self.slug(doc);
        let mut used = HashSet::new();
        let mut order = 0;
        let mut out = Vec::new();
        for placeholder in self.placeholders(doc) {
            if placeholder.context != Context::Standalone {
                out.push((placeholder, None));
                continue;
            }
            order += 1;
            let conversion = placeholder.kind.map(|k| {
                let kind = &self.kinds[k];
                let alt = self.alt(&placeholder.description);
                let base = self.name(&alt);
                let mut name = base.clone();
                for i in 2.. {
                    if used.insert(name.clone()) {
                        break;
                    }
                    name = format!("{base}-{i}");
                }
                let n = placeholder.number.unwrap_or(order).to_string();
                self.render(kind, &placeholder.description, &alt, &slug, &n, &name)
            });
            out.push((placeholder, conversion));
        }
        out
    }

    /// Render one reference from its parts.
    fn render(
        &self,
        kind: &Kind,
        description: &str,
        alt: &str,
        slug: &str,
        n: &str,
        name: &str,
    ) -> Conversion {
        let dropped = drop_prefix(&self.text_drop, description);
        let text = if dropped.trim().is_empty() {
            description
        } else {
            dropped.trim()
        };
        let vars = [
            ("slug", slug),
            ("n", n),
            ("name", name),
            ("ext", kind.ext.as_str()),
        ];
        let path = kind.path.as_ref().map(|t| t.render(&vars));
        let escaped_alt = escape(alt, kind.escape);
        let escaped_text = escape(text, kind.escape);
        let reference = kind.template.render(&[
            ("alt", &escaped_alt),
            ("text", &escaped_text),
            ("slug", slug),
            ("n", n),
            ("name", name),
            ("ext", &kind.ext),
            ("path", path.as_deref().unwrap_or("")),
        ]);
        Conversion {
            reference,
            path,
            alt: if kind.path.is_some() {
                alt.to_string()
            } else {
                text.to_string()
            },
            kind: kind.name.clone(),
        }
    }
}

/// `text` with what `drop` matches at its start removed (`text` itself when `drop` could not
/// be compiled).
fn drop_prefix<'t>(drop: &LazyRegex, text: &'t str) -> std::borrow::Cow<'t, str> {
    match drop.find(text) {
        Some(found) => std::borrow::Cow::Owned([&text[..found.start], &text[found.end..]].concat()),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Where a placeholder sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// A paragraph of its own (top level, in a list item, in a blockquote).
    Standalone,
    /// Inside a sentence.
    Sentence,
    /// Inside a table cell.
    TableCell,
    /// Inside a heading.
    Heading,
}

/// A placeholder found in a document.
#[derive(Debug, Clone)]
pub(crate) struct Placeholder {
    /// The placeholder's bytes in the source.
    pub range: Range<usize>,
    /// Where it sits.
    pub context: Context,
    /// The placeholder as written, whitespace collapsed.
    pub text: String,
    /// Its own number (`[Placeholder 3: ...]`).
    pub number: Option<u32>,
    /// The description as readers see it (escapes resolved), whitespace collapsed.
    pub description: String,
    /// Index of its kind in [`AssetsStyle::kinds`], when one matches.
    pub kind: Option<usize>,
    /// The paragraph node of a standalone placeholder (`None` in a tight list item).
    pub node: Option<usize>,
}

/// The reference a standalone placeholder becomes.
#[derive(Debug, Clone)]
pub(crate) struct Conversion {
    /// The markdown (or shortcode) that replaces the placeholder.
    pub reference: String,
    /// The asset file it points to, for kinds that have one.
    pub path: Option<String>,
    /// The alt text (or link text) as readers see it.
    pub alt: String,
    /// The kind's name.
    pub kind: String,
}

/// A block whose inline content is searched for placeholders.
struct TextBlock {
    /// The node (paragraph, heading, cell, or list item holding tight inline content).
    node: usize,
    /// The inline nodes, as a range of node indices.
    inline: Range<usize>,
    context: Context,
}

/// Paragraphs at any depth, headings, table cells, and the inline content of tight list items.
fn text_blocks(doc: &Document) -> Vec<TextBlock> {
    let mut blocks = Vec::new();
    for (index, node) in doc.nodes().iter().enumerate() {
        let context = match node.kind {
            NodeKind::Paragraph => Context::Standalone,
            NodeKind::Heading(_) => Context::Heading,
            NodeKind::TableCell => Context::TableCell,
            NodeKind::Item => {
                // A tight list item holds its text directly, without a paragraph.
                let mut group: Option<Range<usize>> = None;
                for child in doc.children(index) {
                    if doc.node(child).kind.is_inline() {
                        let end = doc.node(child).end;
                        group = Some(group.map_or(child..end, |g| g.start..end));
                    } else if let Some(g) = group.take() {
                        blocks.push(TextBlock {
                            node: index,
                            inline: g,
                            context: Context::Standalone,
                        });
                    }
                }
                if let Some(g) = group {
                    blocks.push(TextBlock {
                        node: index,
                        inline: g,
                        context: Context::Standalone,
                    });
                }
                continue;
            }
            _ => continue,
        };
        blocks.push(TextBlock {
            node: index,
            inline: index + 1..node.end,
            context,
        });
    }
    blocks
}

/// The text runs of a block: byte ranges of contiguous text nodes outside links, images and
/// inline HTML elements, searched for placeholders inside sentences. `plain` is true when the
/// block holds only text, emphasis and code spans, so that its whole `content` may be one
/// placeholder.
struct Runs {
    runs: Vec<Range<usize>>,
    plain: bool,
    content: Range<usize>,
}

fn text_runs(doc: &Document, block: &TextBlock) -> Runs {
    let mut runs: Vec<Range<usize>> = Vec::new();
    let mut plain = true;
    let mut content: Option<Range<usize>> = None;
    let mut html_depth = 0usize;
    let mut i = block.inline.start;
    while i < block.inline.end {
        let node = doc.node(i);
        content = Some(content.map_or(node.range.clone(), |c| {
            c.start.min(node.range.start)..c.end.max(node.range.end)
        }));
        match node.kind {
            NodeKind::Text | NodeKind::SoftBreak if html_depth == 0 => match runs.last_mut() {
                Some(run) if run.end == node.range.start => run.end = node.range.end,
                _ => runs.push(node.range.clone()),
            },
            NodeKind::Text | NodeKind::SoftBreak => {}
            NodeKind::InlineHtml => {
                plain = false;
                html_depth = html_nesting(doc.text(i), html_depth);
            }
            NodeKind::Emphasis | NodeKind::Strong | NodeKind::Strikethrough | NodeKind::Code => {}
            _ => plain = false,
        }
        // Link text and alt text are not searched: skip the whole subtree.
        i = if matches!(node.kind, NodeKind::Link { .. } | NodeKind::Image { .. }) {
            node.end
        } else {
            i + 1
        };
    }
    // A soft break at either end belongs to no placeholder.
    let trim = |range: Range<usize>| {
        let text = &doc.source()[range.clone()];
        let lead = text.len() - text.trim_start().len();
        range.start + lead..range.start + lead + text.trim().len()
    };
    let runs = runs
        .into_iter()
        .map(trim)
        .filter(|r| !r.is_empty())
        .collect();
    let content = content.map_or(0..0, trim);
    Runs {
        runs,
        plain,
        content,
    }
}

/// What readers see of `range` in a block's inline nodes: text with escapes resolved and code
/// span contents, without emphasis delimiters.
fn block_text(doc: &Document, inline: Range<usize>, range: Range<usize>) -> String {
    let mut out = String::new();
    for i in inline {
        let node = doc.node(i);
        let start = node.range.start.max(range.start);
        let end = node.range.end.min(range.end);
        if start >= end {
            continue;
        }
        match node.kind {
            NodeKind::Text => out.push_str(&reader_text(&doc.source()[start..end])),
            NodeKind::Code => out.push_str(doc.text(i).trim_matches('`').trim()),
            NodeKind::SoftBreak | NodeKind::HardBreak => out.push(' '),
            _ => {}
        }
    }
    out
}

/// Whitespace runs (line breaks included) collapsed to single spaces, ends trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The inline HTML element depth after `tag`: opening tags nest, closing tags un-nest,
/// comments, declarations, self-closing and void tags leave it.
fn html_nesting(tag: &str, depth: usize) -> usize {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr",
    ];
    let tag = tag.trim();
    if tag.starts_with("</") {
        return depth.saturating_sub(1);
    }
    if tag.starts_with("<!") || tag.starts_with("<?") || tag.ends_with("/>") {
        return depth;
    }
    let name: String = tag
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if name.is_empty() || VOID.contains(&name.as_str()) {
        depth
    } else {
        depth + 1
    }
}

/// Lower-case ASCII words of `text`: Unicode folded to ASCII (`é` -> `e`,
/// emoji and other symbols dropped), everything outside `[a-z0-9]` a separator. Joined with `-`, this is a safe slug.
pub(crate) fn slug_words(text: &str) -> Vec<String> {
    // Emoji and other symbols would fold to their names ("rocket"); they name nothing here.
    let letters: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() || c.is_alphanumeric() {
                c
            } else {
                ' '
            }
        })
        .collect();
    deunicode::deunicode(&letters)
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Text as readers see it: backslash escapes and the common character references resolved.
fn reader_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if c == '\\'
            && let Some(next) = rest[1..].chars().next()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            rest = &rest[1 + next.len_utf8()..];
            continue;
        }
        if c == '&'
            && let Some(end) = rest.find(';').filter(|&e| e <= 10)
            && let Some(decoded) = character_reference(&rest[1..end])
        {
            out.push(decoded);
            rest = &rest[end + 1..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn character_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

/// Escape `text` for markdown link text or alt text, so that it reads back exactly.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn escape(text: &str, escape: Escape) -> String {
    match escape {
        Escape::Markdown => escape_markdown(text),
        Escape::Quoted => text.replace('\\', "\\\\").replace('"', "\\\""),
    }
}

/// Whether a block is a visual of its own: a paragraph holding only images (linked or not),
/// or a standalone placeholder of a kind with a file (not a link).
pub(crate) fn is_visual_block(
    doc: &Document,
    node: usize,
    placeholders: &[Placeholder],
    style: &AssetsStyle,
) -> bool {
    if doc.node(node).kind != NodeKind::Paragraph {
        return false;
    }
    if let Some(p) = placeholders.iter().find(|p| p.node == Some(node)) {
        return p.kind.is_none_or(|k| style.kinds[k].path.is_some());
    }
    !paragraph_images(doc, node).is_empty()
}

/// The images of a paragraph that holds nothing else (whitespace and line breaks aside; an
/// image may be wrapped in a link). Empty when the paragraph holds any other content.
pub(crate) fn paragraph_images(doc: &Document, node: usize) -> Vec<usize> {
    let mut images = Vec::new();
    for child in doc.children(node) {
        let kind = doc.node(child).kind;
        match kind {
            NodeKind::Image { .. } => images.push(child),
            NodeKind::Link { .. } => {
                let mut inner = doc.children(child);
                match (inner.next(), inner.next()) {
                    (Some(image), None)
                        if matches!(doc.node(image).kind, NodeKind::Image { .. }) =>
                    {
                        images.push(image)
                    }
                    _ => return Vec::new(),
                }
            }
            NodeKind::SoftBreak | NodeKind::HardBreak => {}
            NodeKind::Text if doc.text(child).trim().is_empty() => {}
            _ => return Vec::new(),
        }
    }
    images
}

/// Every image node of the document, with its destination.
pub(crate) fn images(doc: &Document) -> impl Iterator<Item = usize> + '_ {
    doc.nodes()
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.kind, NodeKind::Image { .. }))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    /// The default `[assets]` table, changed by `edit`, compiled.
    fn style_with(edit: impl FnOnce(&mut toml::Table)) -> AssetsStyle {
        let mut table = crate::settings::default_family_table("assets");
        table.retain(|_, v| !v.is_table());
        edit(&mut table);
        let raw: RawStyle = toml::from_str(&toml::to_string(&table).unwrap()).unwrap();
        AssetsStyle::from_raw(raw, &is_default_pattern).unwrap_or_else(|e| panic!("{}", e.message))
    }

    /// What the settings layer tells a rule of the embedded house style.
    fn is_default_pattern(pattern: &str) -> bool {
        crate::settings::is_default_literal(pattern)
    }

    fn style() -> AssetsStyle {
        style_with(|_| {})
    }

    /// Parse `reference` and return (alt or link text, destination) of its only image or link.
    fn read_back(reference: &str) -> (String, String) {
        let mut text = String::new();
        let mut dest = None;
        let mut depth = 0;
        for event in Parser::new_ext(reference, crate::markdown::PARSE_OPTIONS) {
            match event {
                Event::Start(Tag::Image { dest_url, .. } | Tag::Link { dest_url, .. }) => {
                    assert!(dest.is_none(), "more than one reference in {reference}");
                    dest = Some(dest_url.to_string());
                    depth += 1;
                }
                Event::End(TagEnd::Image | TagEnd::Link) => depth -= 1,
                Event::Text(t) | Event::Code(t) if depth > 0 => text.push_str(&t),
                Event::Text(t) if t.trim().is_empty() => {}
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                other => panic!("unexpected {other:?} in {reference}"),
            }
        }
        (text, dest.expect("a reference"))
    }

    #[test]
    fn generated_references_round_trip() {
        let style = style();
        let nasty = [
            "Grafana dashboard showing the latency drop",
            "../../etc/passwd with \\back\\slashes and [brackets] and ]] [[",
            "*stars* and _underscores_ and `ticks` and ~~strike~~",
            "<b>html</b> & &amp; entities &#42; and \\* escapes",
            "Café ☕ menu 🚀 in Zürich — “quotes”",
            "trailing backslash \\",
            "![nested](image.png) [link](x) <http://auto>",
        ];
        for kind in &style.kinds {
            for description in nasty {
                let alt = style.alt(description);
                let name = style.name(&alt);
                let slug = "post";
                let c = style.render(kind, description, &alt, slug, "7", &name);
                let (text, dest) = read_back(&c.reference);
                assert_eq!(text, c.alt, "alt of {}", c.reference);
                assert_eq!(dest, c.path.clone().unwrap_or_else(|| "TODO".into()));
            }
        }
    }

    #[test]
    fn generated_paths_are_safe() {
        let style = style();
        for description in [
            "../../etc/passwd",
            "..\\..\\windows\\system32",
            "/absolute/path",
            "🚀🚀🚀",
            "the of a",
            "",
        ] {
            let name = style.name(&style.alt(description));
            assert!(!name.is_empty());
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
        }
        let doc = Document::parse("---\nslug: ../../etc/Pass Wd\n---\n# T\n".into());
        assert_eq!(style.slug(&doc), "etc-pass-wd");
        let doc = Document::parse("---\nslug: \"../..\"\n---\n".into());
        assert_eq!(style.slug(&doc), "post");
    }

    #[test]
    fn names_drop_stop_words_and_keep_six_words() {
        let style = style();
        assert_eq!(
            style.name("Grafana dashboard showing the latency drop after adding the cache"),
            "grafana-dashboard-latency-drop-after-adding"
        );
        assert_eq!(style.name("Café crème in Zürich"), "cafe-creme-zurich");
    }

    #[test]
    fn alt_text_drops_screenshot_of() {
        let style = style();
        assert_eq!(
            style.alt("Screenshot of the Grafana dashboard"),
            "Grafana dashboard"
        );
        assert_eq!(style.alt("picture of a cat"), "A cat");
        assert_eq!(style.alt("Screenshot of"), "Screenshot of");
    }

    #[test]
    fn reader_text_resolves_escapes() {
        assert_eq!(reader_text(r"a\*b\c &amp; &#42;&x;"), r"a*b\c & *&x;");
    }

    fn config_error(toml: &str) -> String {
        crate::Config::from_toml("blog.toml", toml)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn default_patterns_are_known_and_build() {
        let table = crate::settings::default_family_table("assets");
        let patterns = table["patterns"].as_array().unwrap();
        assert!(!patterns.is_empty());
        for pattern in patterns.iter().map(|p| p.as_str().unwrap()) {
            assert!(is_default_pattern(pattern), "{pattern}");
            regex::Regex::new(pattern).unwrap();
            regex::Regex::new(&format!(r"^(?:{pattern})$")).unwrap();
        }
        for key in ["alt-drop", "text-drop"] {
            let pattern = table[key].as_str().unwrap();
            assert!(is_default_pattern(pattern), "{pattern}");
            regex::Regex::new(&format!(r"^(?:{pattern})")).unwrap();
        }
        assert!(!is_default_pattern(r"\[(?<desc>.+)\]"));
    }

    #[test]
    fn a_pattern_too_big_to_build_is_a_config_error_at_its_line() {
        let err = config_error(
            "extends = \"default\"\n[assets]\npatterns = ['(?<desc>\\w{1000}){1000}']\n",
        );
        assert!(err.starts_with("blog.toml:3:13: invalid regex"), "{err}");
        let err = config_error("extends = \"default\"\n[assets]\nalt-drop = '(\\w{1000}){1000}'\n");
        assert!(err.starts_with("blog.toml:3:12: invalid regex"), "{err}");
    }

    #[test]
    fn bad_templates_and_patterns_are_config_errors_at_their_line() {
        let err = config_error(
            "extends = \"default\"\n\n[[assets.kinds]]\nname = \"x\"\ntemplate = \"![{alt}]({pth})\"\n\n[assets.code-screenshot]\nkinds = []\n",
        );
        assert!(
            err.starts_with("blog.toml:5:12: unknown template variable `{pth}`"),
            "{err}"
        );
        let err = config_error(
            "extends = \"default\"\n[[assets.kinds]]\nname = \"x\"\npath = \"/img/{alt}.png\"\ntemplate = \"x\"\n[assets.code-screenshot]\nkinds = []\n",
        );
        assert!(
            err.starts_with("blog.toml:4:8: unknown template variable `{alt}`"),
            "{err}"
        );
        let err = config_error(
            "extends = \"default\"\n[[assets.kinds]]\nname = \"x\"\npath = \"/img/../{name}.png\"\ntemplate = \"x\"\n[assets.code-screenshot]\nkinds = []\n",
        );
        assert!(
            err.starts_with("blog.toml:4:8: a path template may not"),
            "{err}"
        );
        let err = config_error("extends = \"default\"\n[assets]\npatterns = ['\\[Pic: (.+)\\]']\n");
        assert!(
            err.starts_with("blog.toml:3:13: a placeholder pattern needs"),
            "{err}"
        );
        let err = config_error("extends = \"default\"\n[assets]\npatterns = ['(?<desc>']\n");
        assert!(err.starts_with("blog.toml:3:13: invalid regex"), "{err}");
    }

    #[test]
    fn quoted_escaping_survives_a_shortcode_attribute() {
        let style = style_with(|t| {
            let kinds: toml::Value = toml::from_str::<toml::Table>(
                "kinds = [{ name = \"figure\", ext = \"webp\", path = \"/img/{slug}/{n}_{name}.{ext}\", template = '{{{{< figure src=\"{path}\" alt=\"{alt}\" >}}}}', escape = \"quoted\" }]",
            )
            .unwrap()["kinds"]
                .clone();
            t.insert("kinds".into(), kinds);
        });
        let kind = &style.kinds[0];
        let description = r#"The "Publish" button \ with a backslash"#;
        let c = style.render(kind, description, description, "post", "2", "publish");
        assert_eq!(
            c.reference,
            r#"{{< figure src="/img/post/2_publish.webp" alt="The \"Publish\" button \\ with a backslash" >}}"#
        );
        // Reading the attribute back (Hugo's quoted-string rules) gives the alt text exactly.
        let attr = c.reference.split("alt=\"").nth(1).unwrap();
        let mut back = String::new();
        let mut chars = attr.chars();
        while let Some(ch) = chars.next() {
            match ch {
                '\\' => back.push(chars.next().unwrap()),
                '"' => break,
                other => back.push(other),
            }
        }
        assert_eq!(back, c.alt);
    }

    #[test]
    fn placeholders_are_found_by_context() {
        let style = style();
        let doc = Document::parse(
            "# T\n\n[Image: alone]\n\nIn a [Image: sentence] here.\n\n| a |\n| - |\n| [Image: cell] |\n\n## [Image: heading]\n\n- [Image: tight item]\n\n> [Image: quoted]\n\n`[Image: code]`\n\n<span>[Image: html]</span>\n"
                .into(),
        );
        let found: Vec<(Context, String)> = style
            .placeholders(&doc)
            .into_iter()
            .map(|p| (p.context, p.description))
            .collect();
        let expected = [
            (Context::Standalone, "alone"),
            (Context::Sentence, "sentence"),
            (Context::TableCell, "cell"),
            (Context::Heading, "heading"),
            (Context::Standalone, "tight item"),
            (Context::Standalone, "quoted"),
        ];
        let expected: Vec<(Context, String)> =
            expected.iter().map(|(c, d)| (*c, d.to_string())).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn html_nesting_tracks_elements() {
        assert_eq!(html_nesting("<span class=x>", 0), 1);
        assert_eq!(html_nesting("</span>", 1), 0);
        assert_eq!(html_nesting("<br>", 0), 0);
        assert_eq!(html_nesting("<!-- c -->", 0), 0);
        assert_eq!(html_nesting("<x/>", 0), 0);
    }
}
