use regex::Regex;
use serde::Deserialize;
use toml::Spanned;

use crate::markdown::NodeKind;
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};

declare_rule! {
    /// ## What it does
    /// Checks that every link and image has a real destination: not empty, not `#`, not
    /// starting with `TODO` (the `pattern` option). Links made from link placeholders point to
    /// `TODO` until an editor fills in the address.
    ///
    /// ## Example
    /// ```markdown
    /// See [the Redis documentation on cache invalidation](TODO).
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// See [the Redis documentation on cache invalidation](https://redis.io/docs/).
    /// ```
    ///
    /// ## Options
    /// `pattern`: a regex matched against the whole destination.
    id: "assets/unresolved",
    fix: None,
    vars: ["what", "label", "destination"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        let options: Options = ctx.options()?;
        let pattern = Regex::new(&format!("^(?:{})$", options.pattern.get_ref()))
            .map_err(|e| OptionsError::at(options.pattern.span(), format!("invalid regex: {e}")))?;
        Ok(Box::new(Unresolved { pattern }))
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    pattern: Spanned<String>,
}

struct Unresolved {
    pattern: Regex,
}

impl Rule for Unresolved {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        for (index, node) in doc.nodes().iter().enumerate() {
            let what = match node.kind {
                NodeKind::Link { .. } => "link",
                NodeKind::Image { .. } => "image",
                _ => continue,
            };
            let destination = doc.destination(index);
            if !self.pattern.is_match(destination) {
                continue;
            }
            let label = doc.plain_text(index).replace('`', "'");
            let shown = if destination.is_empty() {
                "an empty destination".to_string()
            } else {
                format!("`{}`", destination.replace('`', "'"))
            };
            checker.report(
                node.range.clone(),
                &[("what", what), ("label", &label), ("destination", &shown)],
            );
        }
    }
}
