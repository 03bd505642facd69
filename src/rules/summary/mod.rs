//! The `summary/*` family: where a post's TL;DR is, and what it should look like.
//!
//! Detection is shared by the four rules and configured by the `[summary]` table. A summary is
//! recognised from clear signals only: a heading reading like `TL;DR` anywhere, a
//! `Summary`/`In short` heading only as the first section (at the end it is a conclusion), or a
//! bold lead-in paragraph (`**TL;DR:** text`) in the lede, before the first section.

use std::ops::Range;

use serde::Deserialize;

use crate::markdown::{Document, FactKey, NodeKind};
use crate::rule::OptionsError;
use crate::rules::text::{normalize, normalize_into, plain_text_is_one_of};

pub(crate) mod heading;
pub(crate) mod length;
pub(crate) mod missing;
pub(crate) mod position;

/// The `[summary]` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct SummaryStyle {
    /// Tells this style's facts apart in a document's memo.
    #[serde(skip)]
    pub fact_key: FactKey,
    #[serde(rename = "heading-text")]
    pub heading: String,
    #[serde(rename = "heading-level")]
    pub level: u8,
    anywhere: Vec<String>,
    first_section: Vec<String>,
    excerpt_markers: Vec<String>,
    pub abbreviations: Vec<String>,
}

impl SummaryStyle {
    /// The `[summary]` style, built once per config and shared by the family's rules.
    pub(crate) fn load(
        ctx: &crate::rule::RuleContext<'_>,
    ) -> Result<std::sync::Arc<Self>, OptionsError> {
        ctx.family_shared(|ctx| ctx.family::<SummaryStyle>()?.prepared())
    }

    /// Validate the level and normalise the label lists once, at load time.
    fn prepared(mut self) -> Result<Self, OptionsError> {
        if !(1..=6).contains(&self.level) {
            return Err(OptionsError {
                span: None,
                message: format!("[summary] heading-level must be 1 to 6, not {}", self.level),
            });
        }
        self.anywhere = self.anywhere.iter().map(|s| normalize(s)).collect();
        self.first_section = self.first_section.iter().map(|s| normalize(s)).collect();
        self.excerpt_markers = self.excerpt_markers.iter().map(|s| marker_key(s)).collect();
        Ok(self)
    }

    /// Whether top-level block `index` is an excerpt marker (`<!--more-->`).
    pub(crate) fn is_excerpt_marker(&self, doc: &Document, index: usize) -> bool {
        doc.node(index).kind == NodeKind::HtmlBlock
            && self.excerpt_markers.contains(&marker_key(doc.text(index)))
    }

    /// The heading line the house style wants, without line ending.
    pub(crate) fn heading_line(&self) -> String {
        format!("{} {}", "#".repeat(self.level as usize), self.heading)
    }
}

/// How the summary was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SummaryKind {
    /// A section heading at node `node`.
    Heading { node: usize, level: u8 },
    /// A lead-in paragraph at node `node` whose text starts at `body_start`; `reopen` is the
    /// emphasis delimiter the body must re-open when the label's emphasis wraps the body too;
    /// `closer` is the offset of the `)` or `]` that closes a bracket the label opened
    /// (`_(TL;DR: …)_`), which goes with the label.
    LeadIn {
        node: usize,
        body_start: usize,
        reopen: &'static str,
        closer: Option<usize>,
    },
}

/// A summary found in a document.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    pub kind: SummaryKind,
    /// The heading or lead-in label as written.
    pub found: String,
    /// The whole section: heading line start to the start of what follows it.
    pub section: Range<usize>,
    /// The summary's text, for counting.
    pub body: String,
}

/// The top-level headings that open sections: every top-level heading but the title (a level-1
/// heading that only the preamble precedes).
pub(crate) fn section_headings(doc: &Document) -> Vec<(usize, u8)> {
    let mut headings = Vec::new();
    let mut seen_title = false;
    let mut in_preamble = true;
    for index in doc.blocks() {
        let opens_body = in_preamble && !doc.is_preamble(index);
        in_preamble &= doc.is_preamble(index);
        let NodeKind::Heading(level) = doc.node(index).kind else {
            continue;
        };
        if level == 1 && !seen_title && headings.is_empty() && opens_body {
            seen_title = true;
            continue;
        }
        headings.push((index, level));
    }
    headings
}

/// An excerpt marker as compared: lower case, without whitespace.
fn marker_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The byte range of the section opened by the heading at `node`: up to the next top-level
/// heading of the same or a higher level, a top-level thematic break, an excerpt marker, or the
/// end.
pub(crate) fn section_range(
    doc: &Document,
    style: &SummaryStyle,
    node: usize,
    level: u8,
) -> Range<usize> {
    let start = doc.line_start_of(doc.node(node).range.start);
    let end = doc
        .blocks_after(node)
        .find(|&i| match doc.node(i).kind {
            NodeKind::Heading(l) => l <= level,
            NodeKind::ThematicBreak => true,
            _ => style.is_excerpt_marker(doc, i),
        })
        .map_or(doc.source().len(), |i| {
            doc.line_start_of(doc.node(i).range.start)
        });
    start..end
}

/// Find the post's summary, if it has one.
pub(crate) fn find_summary(doc: &Document, style: &SummaryStyle) -> Option<Summary> {
    // Every rule of the family asks: look once per document.
    doc.memo(style.fact_key, || locate_summary(doc, style))
        .as_ref()
        .clone()
}

fn locate_summary(doc: &Document, style: &SummaryStyle) -> Option<Summary> {
    let headings = section_headings(doc);
    let heading_summary = |&(node, level): &(usize, u8)| {
        let section = section_range(doc, style, node, level);
        let body = doc
            .blocks_after(node)
            .take_while(|&i| doc.node(i).range.start < section.end)
            .filter(|&i| doc.node(i).kind == NodeKind::Paragraph)
            .map(|i| doc.plain_text(i))
            .collect::<Vec<_>>()
            .join(" ");
        Summary {
            kind: SummaryKind::Heading { node, level },
            found: doc.text(node).trim().to_string(),
            section,
            body,
        }
    };
    // One buffer for every label normalised while looking.
    let mut label = String::new();
    if let Some(found) = headings
        .iter()
        .find(|(node, _)| plain_text_is_one_of(doc, *node, &style.anywhere, &mut label))
    {
        return Some(heading_summary(found));
    }
    if let Some(first) = headings.first()
        && headings.len() > 1
        && plain_text_is_one_of(doc, first.0, &style.first_section, &mut label)
    {
        return Some(heading_summary(first));
    }
    let first_section = headings.first().map_or(usize::MAX, |&(node, _)| node);
    doc.blocks()
        .take_while(|&i| i < first_section)
        .filter(|&i| doc.node(i).kind == NodeKind::Paragraph)
        .find_map(|node| lead_in(doc, style, node, &mut label))
}

/// A paragraph such as `**TL;DR:** text`, `TLDR: text` or `*TL;DR* text`.
fn lead_in(
    doc: &Document,
    style: &SummaryStyle,
    node: usize,
    normalized: &mut String,
) -> Option<Summary> {
    let range = doc.trimmed_range(node);
    let text = &doc.source()[range.clone()];
    let delimiter = ["**", "__", "*", "_"]
        .into_iter()
        .find(|d| text.starts_with(d))
        .unwrap_or("");
    let window = crate::markdown::floor_char_boundary(text, 48);
    let ends = text[..window]
        .char_indices()
        .filter(|&(i, c)| {
            // A closing delimiter starts after the opening one (`****x*` has no label).
            c == ':'
                || (!delimiter.is_empty()
                    && i >= delimiter.len()
                    && text[i..].starts_with(delimiter))
        })
        .map(|(i, _)| i);
    for end in ends {
        let label = text[delimiter.len()..end].trim_matches(['*', '_', ' ']);
        if label.is_empty() {
            continue;
        }
        normalize_into(label, normalized);
        if !style.anywhere.contains(normalized) {
            continue;
        }
        let mut rest = &text[end..];
        let mut closed = delimiter.is_empty();
        if !closed && let Some(after) = rest.strip_prefix(delimiter) {
            rest = after;
            closed = true;
        }
        let trimmed = rest.trim_start();
        if let Some(after) = ["--", ":", "—", "–", "-"]
            .iter()
            .find_map(|s| trimmed.strip_prefix(s))
        {
            rest = after;
        }
        if !closed && let Some(after) = rest.trim_start().strip_prefix(delimiter) {
            rest = after;
            closed = true;
        }
        let rest = rest.trim_start();
        let body_start = range.end - rest.len();
        // The label is plain or emphasised text: `[TLDR:](url)` is a link, not a lead-in, and
        // cutting it would split the link.
        let literal_in_label = (node + 1..doc.node(node).end).any(|i| {
            matches!(
                doc.node(i).kind,
                NodeKind::Link { .. }
                    | NodeKind::Image { .. }
                    | NodeKind::Code
                    | NodeKind::InlineHtml
                    | NodeKind::Embedded
            ) && doc.node(i).range.start < body_start
        });
        if literal_in_label {
            return None;
        }
        // `**TL;DR: the whole point**` keeps its emphasis: the body re-opens it.
        let reopen = if closed { "" } else { delimiter };
        // A bracket the label opens (`_(TL;DR: …)_`) closes at the paragraph's end: it goes
        // with the label, or the body would keep an unbalanced `)`. One that does not close
        // there is no lead-in blogfmt can cut cleanly.
        let opened = text[delimiter.len()..].trim_start_matches(['*', '_', ' ']);
        let closer = match opened.chars().next() {
            Some(open @ ('(' | '[')) => {
                let close = if open == '(' { ')' } else { ']' };
                let tail = text
                    .trim_end()
                    .strip_suffix(reopen)
                    .unwrap_or(text.trim_end());
                let tail = tail.trim_end_matches(['*', '_']).trim_end();
                if !tail.ends_with(close) {
                    return None;
                }
                let at = range.start + tail.len() - 1;
                let inside = doc.source().get(body_start..at).unwrap_or_default();
                if inside.matches(open).count() != inside.matches(close).count() {
                    return None;
                }
                Some(at)
            }
            _ => None,
        };
        return Some(Summary {
            kind: SummaryKind::LeadIn {
                node,
                body_start,
                reopen,
                closer,
            },
            found: text[..body_start - range.start].trim().to_string(),
            section: doc.line_start_of(range.start)..doc.node(node).range.end,
            body: rest.to_string(),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style() -> SummaryStyle {
        let mut summary = crate::settings::default_family_table("summary");
        summary.retain(|_, v| !v.is_table());
        let style: SummaryStyle = summary.try_into().unwrap();
        style.prepared().unwrap()
    }

    fn find(text: &str) -> Option<Summary> {
        find_summary(&Document::parse(text.into()), &style())
    }

    #[test]
    fn tldr_variants_are_found_anywhere() {
        for heading in [
            "## TLDR",
            "## TL DR",
            "### tl-dr",
            "## TL:DR",
            "## Too long; didn't read",
        ] {
            let text = format!("# T\n\n## Intro\n\nx\n\n{heading}\n\nShort.\n");
            let summary = find(&text).unwrap_or_else(|| panic!("{heading}"));
            assert_eq!(summary.body, "Short.");
        }
    }

    #[test]
    fn summary_heading_at_the_end_is_a_conclusion() {
        assert!(find("# T\n\n## Intro\n\nx\n\n## Summary\n\nWe did it.\n").is_none());
        let first = find("# T\n\n## Summary\n\nShort.\n\n## Intro\n\nx\n").unwrap();
        assert_eq!(first.found, "## Summary");
    }

    #[test]
    fn bold_lead_ins_are_found_in_the_lede_only() {
        let s = find("# T\n\n**TL;DR:** It works.\n\n## A\n\nx\n").unwrap();
        assert_eq!(s.found, "**TL;DR:**");
        assert_eq!(s.body, "It works.");
        let s = find("# T\n\nTL:DR: It works.\n\n## A\n").unwrap();
        assert_eq!(s.body, "It works.");
        let s = find("# T\n\n**TLDR**: It works.\n").unwrap();
        assert_eq!(s.body, "It works.");
        let s = find("# T\n\n**TLDR** -- It works.\n").unwrap();
        assert_eq!(s.body, "It works.");
        let s = find("# T\n\n**TL;DR: it all works**.\n").unwrap();
        assert_eq!(s.body, "it all works**.");
        assert!(matches!(s.kind, SummaryKind::LeadIn { reopen: "**", .. }));
        // A bracket the label opens closes at the end; the link's own stay in the body.
        let text = "# T\n\n_(TL;DR: see our [page](https://x.y/a))_\n\n## A\n";
        let closer = text.rfind("))").map(|i| i + 1);
        let s = find(text).unwrap();
        assert!(matches!(s.kind, SummaryKind::LeadIn { closer: c, .. } if c == closer));
        assert!(find("# T\n\n_(TL;DR: see our [page](https://x.y/a)_\n\n## A\n").is_none());
        assert!(find("# T\n\n## A\n\n**TL;DR:** late.\n").is_none());
        assert!(find("# T\n\nSummary: not a lead-in.\n\n## A\n").is_none());
    }
}
