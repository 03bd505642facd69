use serde::Deserialize;

use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::bio::{BioStyle, find_bio};
use crate::rules::text::count_sentences;

declare_rule! {
    /// ## What it does
    /// Checks that the author bio has at most `max-sentences` sentences.
    ///
    /// ## Example
    /// ```markdown
    /// ## About the Author
    ///
    /// Alex is an engineer. He likes caches. He also likes tea. And cats.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## About the Author
    ///
    /// Alex Torres is an engineer who likes caches, tea and cats.
    /// ```
    ///
    /// ## Options
    /// `max-sentences`.
    id: "bio/length",
    fix: None,
    vars: ["sentences", "max-sentences"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        Ok(Box::new(Length { style: BioStyle::load(ctx)?, options: ctx.options()? }))
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    max_sentences: usize,
}

struct Length {
    style: std::sync::Arc<BioStyle>,
    options: Options,
}

impl Rule for Length {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let Some(bio) = find_bio(doc, &self.style) else {
            return;
        };
        let sentences = count_sentences(&bio.text, &self.style.abbreviations);
        if sentences <= self.options.max_sentences {
            return;
        }
        let first = bio.heading.map_or(bio.blocks[0], |(node, _)| node);
        checker.report(
            doc.trimmed_range(first),
            &[
                ("sentences", &sentences.to_string()),
                ("max-sentences", &self.options.max_sentences.to_string()),
            ],
        );
    }
}
