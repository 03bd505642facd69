use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{NoOptions, OptionsError, RuleContext};
use crate::rules::structure::{headings, set_level};

declare_rule! {
    /// ## What it does
    /// Checks that heading levels rise one at a time: a level-2 section holds level-3
    /// subsections, never level-4 ones directly.
    ///
    /// ## Example
    /// ```markdown
    /// # Title
    ///
    /// ### Details
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # Title
    ///
    /// ## Details
    /// ```
    ///
    /// ## Fix
    /// Lowers a heading that skips levels to one below the heading before it (as fixed), so
    /// `#`, `###`, `####` becomes `#`, `##`, `###` in one pass. Only the `#` marker changes.
    id: "structure/heading-increment",
    fix: Always,
    vars: ["found", "expected", "previous"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<NoOptions>()?;
        Ok(Box::new(HeadingIncrement))
    },
}

struct HeadingIncrement;

impl Rule for HeadingIncrement {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let mut previous: Option<u8> = None;
        for (node, level) in headings(doc) {
            let before = previous;
            let fixed = match previous {
                Some(prev) if level > prev + 1 => prev + 1,
                _ => level,
            };
            previous = Some(fixed);
            let Some(before) = before.filter(|_| fixed != level) else {
                continue;
            };
            let range = doc.trimmed_range(node);
            let found = level.to_string();
            let expected = fixed.to_string();
            let before = before.to_string();
            let vars = [
                ("found", found.as_str()),
                ("expected", expected.as_str()),
                ("previous", before.as_str()),
            ];
            match set_level(doc, node, fixed) {
                Some(edit) => checker.report_fix(range, &vars, vec![edit]),
                None => checker.report(range, &vars),
            }
        }
    }
}
