use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{AssetRequest, Edit};
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::assets::{AssetsStyle, Context};
use crate::template::Template;

declare_rule! {
    /// ## What it does
    /// Finds visual placeholders such as `[Placeholder 3: Screenshot of the dashboard]`,
    /// `[Diagram: ...]` or `TODO: add a chart of ...` (the `[assets] patterns`). A placeholder
    /// that is a paragraph of its own, at top level, in a list item or in a blockquote, is
    /// replaced by a reference rendered from its kind's template. One inside a sentence, a
    /// table cell or a heading is only reported. Code blocks, inline code and HTML are never
    /// searched.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// title: The Cache Invalidation Episode
    /// ---
    ///
    /// [Placeholder 3: Screenshot of the Grafana dashboard showing the latency drop]
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ![Grafana dashboard showing the latency drop](/images/the-cache-invalidation-episode/03-grafana-dashboard-latency-drop.png)
    /// ```
    ///
    /// ## Fix
    /// Replaces only the placeholder's own bytes, so list markers, indentation and `>` markers
    /// stay. The kind is the first in `[[assets.kinds]]` whose keywords appear in the
    /// placeholder. `{n}` is the placeholder's own number, else its position among the post's
    /// placeholders; `{slug}` is the front matter `slug`, else the slugified title; `{name}` is
    /// the alt text ASCII-folded, without stop words, at most `name-max-words` words, made
    /// unique in the post (`-2`, `-3`). `{slug}` and `{name}` only ever hold `[a-z0-9-]`.
    /// `{alt}` and `{text}` are escaped so they read back exactly. The changes log lists every
    /// file to produce under **Assets to produce**.
    ///
    /// ## Options
    /// `standalone`, `unknown-kind`, `in-sentence`, `in-table-cell`, `in-heading`: the
    /// `{action}` of the message (`standalone` may use `{kind}`).
    id: "assets/placeholder",
    fix: Always,
    vars: ["placeholder", "action", "kind", "reference"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        let options: Options = ctx.options()?;
        let parse = |t: &Spanned<String>, vars: &[&str]| {
            Template::parse(t.get_ref(), vars).map_err(|m| OptionsError::at(t.span(), m))
        };
        Ok(Box::new(Placeholder {
            style: AssetsStyle::load(ctx)?,
            standalone: parse(&options.standalone, &["kind"])?,
            unknown_kind: parse(&options.unknown_kind, &[])?,
            in_sentence: parse(&options.in_sentence, &[])?,
            in_table_cell: parse(&options.in_table_cell, &[])?,
            in_heading: parse(&options.in_heading, &[])?,
        }))
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    standalone: Spanned<String>,
    unknown_kind: Spanned<String>,
    in_sentence: Spanned<String>,
    in_table_cell: Spanned<String>,
    in_heading: Spanned<String>,
}

struct Placeholder {
    style: std::sync::Arc<AssetsStyle>,
    standalone: Template,
    unknown_kind: Template,
    in_sentence: Template,
    in_table_cell: Template,
    in_heading: Template,
}

impl Rule for Placeholder {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        for (placeholder, conversion) in self.style.conversions(doc) {
            let shown = placeholder.text.replace('`', "'");
            let action = match (placeholder.context, &conversion) {
                (Context::Standalone, Some(c)) => self.standalone.render(&[("kind", &c.kind)]),
                (Context::Standalone, None) => self.unknown_kind.render(&[]),
                (Context::Sentence, _) => self.in_sentence.render(&[]),
                (Context::TableCell, _) => self.in_table_cell.render(&[]),
                (Context::Heading, _) => self.in_heading.render(&[]),
            };
            let Some(conversion) = conversion else {
                // Not converted, so there is no reference; the kind, when the description
                // names one, is still worth a house style's message.
                let kind = placeholder
                    .kind
                    .map_or("", |k| self.style.kinds[k].name.as_str());
                checker.report(
                    placeholder.range,
                    &[
                        ("placeholder", &shown),
                        ("action", &action),
                        ("kind", kind),
                        ("reference", ""),
                    ],
                );
                continue;
            };
            let reference = conversion.reference.replace('`', "'");
            let vars = [
                ("placeholder", shown.as_str()),
                ("action", action.as_str()),
                ("kind", conversion.kind.as_str()),
                ("reference", reference.as_str()),
            ];
            let edits = vec![Edit::replacement(
                placeholder.range.clone(),
                conversion.reference.clone(),
            )];
            match &conversion.path {
                Some(path) => checker.report_asset_fix(
                    placeholder.range.clone(),
                    &vars,
                    edits,
                    AssetRequest {
                        path: path.clone(),
                        alt: conversion.alt.clone(),
                        kind: conversion.kind.clone(),
                        placeholder: doc.source()[placeholder.range].to_string(),
                    },
                ),
                None => checker.report_fix(placeholder.range, &vars, edits),
            }
        }
    }
}
