use serde::Deserialize;

use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::summary::{SummaryKind, SummaryStyle, find_summary};
use crate::rules::text::{count_sentences, count_words};

declare_rule! {
    /// ## What it does
    /// Checks that the summary is short: at most `max-sentences` sentences and `max-words`
    /// words. Trimming is the author's call, so this rule never cuts text.
    ///
    /// ## Example
    /// ```markdown
    /// ## TL;DR
    ///
    /// We built a cache. It was slow. We fixed it. Then we wrote about it.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## TL;DR
    ///
    /// We built a cache, found it slow, and fixed it with event-driven invalidation.
    /// ```
    ///
    /// ## Options
    /// `max-sentences`, `max-words`.
    id: "summary/length",
    fix: None,
    vars: ["sentences", "words", "max-sentences", "max-words"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        Ok(Box::new(Length { style: SummaryStyle::load(ctx)?, options: ctx.options()? }))
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    max_sentences: usize,
    max_words: usize,
}

struct Length {
    style: std::sync::Arc<SummaryStyle>,
    options: Options,
}

impl Rule for Length {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let Some(summary) = find_summary(doc, &self.style) else {
            return;
        };
        let sentences = count_sentences(&summary.body, &self.style.abbreviations);
        let words = count_words(&summary.body);
        if sentences <= self.options.max_sentences && words <= self.options.max_words {
            return;
        }
        let range = match summary.kind {
            SummaryKind::Heading { node, .. } => doc.trimmed_range(node),
            SummaryKind::LeadIn { node, .. } => doc.trimmed_range(node),
        };
        checker.report(
            range,
            &[
                ("sentences", &sentences.to_string()),
                ("words", &words.to_string()),
                ("max-sentences", &self.options.max_sentences.to_string()),
                ("max-words", &self.options.max_words.to_string()),
            ],
        );
    }
}
