use crate::diagnostic::Edit;
use crate::markdown::prose::follows_blank_line;
use crate::markdown::{Document, NodeKind};
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::summary::{SummaryKind, SummaryStyle, find_summary, section_headings};

declare_rule! {
    /// ## What it does
    /// Checks that the summary is introduced by a level-2 heading reading exactly `TL;DR`.
    /// Recognises `TLDR`, `TL DR`, `TL-DR`, `TL:DR` and "Too long; didn't read" anywhere in the
    /// post (case, spacing and punctuation ignored), `Summary`, `In short` and `In brief` only as
    /// the first section, and a bold lead-in paragraph in the lede (`**TL;DR:** text`).
    ///
    /// ## Example
    /// ```markdown
    /// **TLDR:** We cut p99 latency in half with a cache.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## TL;DR
    ///
    /// We cut p99 latency in half with a cache.
    /// ```
    ///
    /// ## Fix
    /// Rewrites the heading line. A lead-in paragraph becomes the heading plus its text as the
    /// section's paragraph; when other lede paragraphs follow it, the new section is placed just
    /// before the first section so that it does not swallow them. The summary text is kept
    /// byte for byte. A lead-in whose text would not stay a paragraph on its own line
    /// (`**TL;DR:** 1. Cache it` would become a list) is reported, not fixed, and so is one
    /// whose move would join the blocks around it (two lists, quotes or indented code blocks,
    /// or an indented block taken into the list above it).
    id: "summary/heading",
    fix: Always,
    vars: ["found", "expected", "level", "marker"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<crate::rule::NoOptions>()?;
        Ok(Box::new(Heading { style: SummaryStyle::load(ctx)? }))
    },
}

struct Heading {
    style: std::sync::Arc<SummaryStyle>,
}

impl Rule for Heading {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let Some(summary) = find_summary(doc, &self.style) else {
            return;
        };
        // A summary already headed as the house style wants is the common case: nothing to
        // build for it.
        if let SummaryKind::Heading { node, level } = summary.kind
            && level == self.style.level
            && doc.plain_text(node).trim() == self.style.heading
        {
            return;
        }
        let expected = self.style.heading_line();
        let level = self.style.level.to_string();
        let marker = "#".repeat(self.style.level as usize);
        let vars = [
            ("found", summary.found.as_str()),
            ("expected", self.style.heading.as_str()),
            ("level", level.as_str()),
            ("marker", marker.as_str()),
        ];
        match summary.kind {
            SummaryKind::Heading { node, .. } => {
                let range = doc.trimmed_range(node);
                checker.report_fix(
                    range.clone(),
                    &vars,
                    vec![Edit::replacement(range, expected)],
                );
            }
            SummaryKind::LeadIn {
                node,
                body_start,
                reopen,
                closer,
            } => {
                let nl = doc.newline();
                let paragraph = doc.trimmed_range(node);
                let source = doc.source();
                // The bracket the label opened closes with it.
                let body = match closer {
                    Some(at) => format!(
                        "{}{}",
                        &source[body_start..at],
                        &source[at + 1..paragraph.end]
                    ),
                    None => source[body_start..paragraph.end].to_string(),
                };
                let body = body.as_str();
                if !stays_a_paragraph(body) || removal_merges_neighbours(doc, node) {
                    // `**TL;DR:** 1. Cache` would leave `1. Cache` as a list, and moving it
                    // from between two lists would join them: the author decides.
                    checker.report(paragraph.start..body_start, &vars);
                    return;
                }
                // Other lede blocks after the lead-in would end up inside the new section, so
                // the section goes just before the first section instead.
                let next_block = doc.blocks().find(|&i| i > node);
                let first_section = section_headings(doc).first().map(|&(i, _)| i);
                let edits = match (next_block, first_section) {
                    (Some(next), Some(section)) if next != section && !body.is_empty() => {
                        let delete_end = doc.line_start_of(doc.node(next).range.start);
                        // An indented block after the lead-in would be taken into a list or
                        // quote that now ends just above it: the author moves such a summary.
                        if doc.source()[delete_end..].starts_with([' ', '\t']) {
                            checker.report(paragraph.start..body_start, &vars);
                            return;
                        }
                        let insert_at = doc.line_start_of(doc.node(section).range.start);
                        let start = doc.line_start_of(paragraph.start);
                        let gap = if follows_blank_line(doc.source(), start) {
                            ""
                        } else {
                            nl
                        };
                        vec![
                            Edit::replacement(start..delete_end, gap),
                            Edit::insertion(
                                insert_at,
                                format!("{expected}{nl}{nl}{reopen}{body}{nl}{nl}"),
                            ),
                        ]
                    }
                    _ if body.is_empty() => vec![Edit::replacement(paragraph.clone(), expected)],
                    _ => {
                        let label = Edit::replacement(
                            paragraph.start..body_start,
                            format!("{expected}{nl}{nl}{reopen}"),
                        );
                        let close = closer.map(|at| Edit::replacement(at..at + 1, ""));
                        std::iter::once(label).chain(close).collect()
                    }
                };
                checker.report_fix(paragraph.start..body_start, &vars, edits);
            }
        }
    }
}

/// Whether `body`, standing on its own lines, still reads as one paragraph (not a list item,
/// heading, quote or code). Parses only the lead-in's text, a few words.
fn stays_a_paragraph(body: &str) -> bool {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut events = Parser::new_ext(body, crate::markdown::PARSE_OPTIONS);
    if body.is_empty() {
        return true;
    }
    if !matches!(events.next(), Some(Event::Start(Tag::Paragraph))) {
        return false;
    }
    let mut depth = 1;
    for event in events.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::Paragraph) if depth == 1 => break,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
    events.next().is_none()
}

/// Whether taking top-level block `node` out would join the blocks on either side of it: two
/// lists, two quotes or two indented code blocks separated only by blank lines are one.
fn removal_merges_neighbours(doc: &Document, node: usize) -> bool {
    let before = doc.blocks().take_while(|&i| i < node).last();
    let after = doc.blocks_after(node).next();
    let (Some(before), Some(after)) = (before, after) else {
        return false;
    };
    let kind = doc.node(before).kind;
    kind == doc.node(after).kind
        && matches!(
            kind,
            NodeKind::List | NodeKind::BlockQuote | NodeKind::CodeBlock { fenced: false }
        )
}
