use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{NoOptions, OptionsError, RuleContext};
use crate::rules::assets::images;

declare_rule! {
    /// ## What it does
    /// Checks that every image has alt text.
    ///
    /// ## Example
    /// ```markdown
    /// ![](/images/post/01-dashboard.png)
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ![Grafana dashboard showing the latency drop](/images/post/01-dashboard.png)
    /// ```
    id: "assets/alt-text",
    fix: None,
    vars: ["destination"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<NoOptions>()?;
        Ok(Box::new(AltText))
    },
}

struct AltText;

impl Rule for AltText {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        for image in images(doc) {
            if doc.plain_text(image).trim().is_empty() {
                let destination = doc.destination(image).replace('`', "'");
                checker.report(
                    doc.node(image).range.clone(),
                    &[("destination", &destination)],
                );
            }
        }
    }
}
