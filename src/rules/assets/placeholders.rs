//! Finding placeholders: where a pattern matches in the prose of a document, and what it says.

use std::ops::Range;

use super::lazy_regex::Groups;
use super::style::AssetsStyle;
use crate::markdown::Document;
use crate::markdown::NodeKind;
use crate::markdown::escape::reader_text;
pub(crate) use crate::markdown::text_runs::Context;
use crate::markdown::text_runs::{TextBlock, block_text, collapse, text_blocks, text_runs};

impl AssetsStyle {
    /// Every placeholder in the document, in document order. Found once per document and
    /// shared by the family's rules.
    pub(crate) fn placeholders(&self, doc: &Document) -> Vec<Placeholder> {
        doc.memo(self.fact_key, || self.find_placeholders(doc))
            .to_vec()
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
