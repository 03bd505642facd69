//! The `[assets]` style: the family table read, validated and compiled once per config.

use std::collections::HashSet;
use std::path::PathBuf;

use serde::Deserialize;
use toml::Spanned;

use super::lazy_regex::{LazyRegex, Prefilter, has_capture};
use crate::markdown::escape::slug_words;
use crate::markdown::{Document, FactKey};
use crate::rule::{OptionsError, RuleContext};
use crate::template::Template;

/// Variables a kind's path template may use.
const PATH_VARS: &[&str] = &["slug", "n", "name", "ext"];
/// Variables a kind's reference template may use.
const TEMPLATE_VARS: &[&str] = &["alt", "text", "slug", "n", "name", "ext", "path"];

/// The `[assets]` table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(super) struct RawStyle {
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
pub(super) enum Escape {
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
pub(super) struct Pattern {
    pub(super) whole: LazyRegex,
    pub(super) anywhere: LazyRegex,
}

/// A kind of visual: how it is recognised and how its reference is written.
pub(crate) struct Kind {
    /// The kind's name (`diagram`), shown in messages and the changes log.
    pub name: String,
    /// Whole-word, case-insensitive keywords; `None` matches everything (the fallback).
    pub(super) keywords: Option<LazyRegex>,
    /// Where the asset file goes; `None` for kinds that point at no file of ours (links).
    pub(super) path: Option<Template>,
    pub(super) ext: String,
    pub(super) template: Template,
    pub(super) escape: Escape,
}

impl Kind {
    fn matches(&self, text: &str) -> bool {
        self.keywords.as_ref().is_none_or(|k| k.is_match(text))
    }
}

/// The `[assets]` table, validated and compiled.
pub(crate) struct AssetsStyle {
    /// Tells this style's facts apart in a document's memo.
    pub(super) fact_key: FactKey,
    pub(super) patterns: Vec<Pattern>,
    /// Where any pattern could start to match: one scan of the source that rules out most
    /// posts, and most blocks of the rest, before any text is searched or pattern compiled.
    pub(super) any_pattern: Prefilter,
    /// The kinds, in the order they are tried.
    pub kinds: Vec<Kind>,
    pub(super) alt_drop: LazyRegex,
    pub(super) text_drop: LazyRegex,
    pub(super) stop_words: HashSet<String>,
    pub(super) name_max_words: usize,
    pub(super) fallback_slug: String,
    pub(super) fallback_name: String,
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
    pub(super) fn from_raw(
        raw: RawStyle,
        is_default: &impl Fn(&str) -> bool,
    ) -> Result<Self, OptionsError> {
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
            fact_key: FactKey::unique(),
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
    pub(super) fn alt(&self, description: &str) -> String {
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
    pub(super) fn name(&self, alt: &str) -> String {
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
}

/// `text` with what `drop` matches at its start removed (`text` itself when `drop` could not
/// be compiled).
pub(super) fn drop_prefix<'t>(drop: &LazyRegex, text: &'t str) -> std::borrow::Cow<'t, str> {
    match drop.find(text) {
        Some(found) => std::borrow::Cow::Owned([&text[..found.start], &text[found.end..]].concat()),
        None => std::borrow::Cow::Borrowed(text),
    }
}
