use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{NoOptions, OptionsError, RuleContext};
use crate::rules::bio::{BioStyle, find_bio};

declare_rule! {
    /// ## What it does
    /// Checks that the author bio opens with the author's full name, in the third person: the
    /// front matter `author` when there is one, else a capitalised name of two or more words.
    ///
    /// ## Example
    /// ```markdown
    /// ## About the Author
    ///
    /// I'm a backend engineer at ShopGrid.
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## About the Author
    ///
    /// Alex Torres is a backend engineer at ShopGrid.
    /// ```
    id: "bio/opening",
    fix: None,
    vars: ["opening"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<NoOptions>()?;
        Ok(Box::new(Opening { style: BioStyle::load(ctx)? }))
    },
}

struct Opening {
    style: std::sync::Arc<BioStyle>,
}

impl Rule for Opening {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let Some(bio) = find_bio(doc, &self.style) else {
            return;
        };
        let Some(&first) = bio.blocks.first() else {
            return;
        };
        let text = bio.text.trim_start();
        let ok = match doc.meta("author") {
            Some(author) => text.starts_with(author),
            None => self.style.opens_with_name(text),
        };
        if ok || text.is_empty() {
            return;
        }
        let opening: Vec<&str> = text.split_whitespace().take(3).collect();
        let opening = format!("{}…", opening.join(" "));
        checker.report(doc.trimmed_range(first), &[("opening", opening.as_str())]);
    }
}
