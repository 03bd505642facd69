use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{NoOptions, OptionsError, RuleContext};
use crate::rules::bio::{BioStyle, find_bio};

declare_rule! {
    /// ## What it does
    /// Checks that the post ends with an author bio, recognised from clear signals only (see
    /// the `bio` family).
    ///
    /// ## Example
    /// ```markdown
    /// That's all for today.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// That's all for today.
    ///
    /// ## About the Author
    ///
    /// Alex Torres is a backend engineer at ShopGrid.
    /// ```
    id: "bio/missing",
    fix: None,
    vars: ["expected"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<NoOptions>()?;
        Ok(Box::new(Missing { style: BioStyle::load(ctx)? }))
    },
}

struct Missing {
    style: std::sync::Arc<BioStyle>,
}

impl Rule for Missing {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        if find_bio(doc, &self.style).is_some() {
            return;
        }
        let range = doc.blocks().last().map_or(0..0, |i| doc.trimmed_range(i));
        let expected = self.style.heading_line();
        checker.report(range, &[("expected", expected.as_str())]);
    }
}
