use crate::markdown::NodeKind;
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{NoOptions, OptionsError, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that every fenced code block names its language after the opening fence.
    ///
    /// ## Example
    /// ````markdown
    /// ```
    /// cargo build --release
    /// ```
    /// ````
    ///
    /// ## Use instead
    /// ````markdown
    /// ```sh
    /// cargo build --release
    /// ```
    /// ````
    id: "structure/code-language",
    fix: None,
    vars: [],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<NoOptions>()?;
        Ok(Box::new(CodeLanguage))
    },
}

struct CodeLanguage;

impl Rule for CodeLanguage {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        for (index, node) in doc.nodes().iter().enumerate() {
            if node.kind != (NodeKind::CodeBlock { fenced: true }) {
                continue;
            }
            let text = doc.text(index);
            let first = text.lines().next().unwrap_or("").trim_start();
            let info = first.trim_start_matches(['`', '~']).trim();
            if info.is_empty() {
                let start = node.range.start;
                checker.report(start..start + first.len(), &[]);
            }
        }
    }
}
