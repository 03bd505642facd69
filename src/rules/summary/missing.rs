use crate::markdown::NodeKind;
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{NoOptions, OptionsError, RuleContext};
use crate::rules::summary::{SummaryStyle, find_summary};

declare_rule! {
    /// ## What it does
    /// Checks that the post has a summary: a `TL;DR` section, a first section headed like a
    /// summary, or a bold `TL;DR:` lead-in.
    ///
    /// ## Example
    /// ```markdown
    /// # Title
    ///
    /// ## Background
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # Title
    ///
    /// ## TL;DR
    ///
    /// What the reader gets from this post, in a few sentences.
    ///
    /// ## Background
    /// ```
    id: "summary/missing",
    fix: None,
    vars: ["expected"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<NoOptions>()?;
        Ok(Box::new(Missing { style: SummaryStyle::load(ctx)? }))
    },
}

struct Missing {
    style: std::sync::Arc<SummaryStyle>,
}

impl Rule for Missing {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        if find_summary(doc, &self.style).is_some() {
            return;
        }
        let range = doc
            .blocks()
            .find(|&i| doc.node(i).kind == NodeKind::Heading(1))
            .map_or(0..0, |i| doc.trimmed_range(i));
        let expected = self.style.heading_line();
        checker.report(range, &[("expected", expected.as_str())]);
    }
}
