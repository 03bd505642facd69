use serde::Deserialize;
use toml::Spanned;

use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::assets::{AssetsStyle, Context, images};

declare_rule! {
    /// ## What it does
    /// Reports visuals of code or configuration: an image whose alt text, or a placeholder
    /// whose text, is of one of the `kinds` (by the `[[assets.kinds]]` keywords).
    ///
    /// ## Example
    /// ```markdown
    /// ![The Redis config file showing the TTL settings](/images/post/02-redis-config.png)
    /// ```
    ///
    /// ## Use instead
    /// ````markdown
    /// ```conf
    /// maxmemory-policy allkeys-lru
    /// ```
    /// ````
    ///
    /// ## Options
    /// `kinds`: names of `[[assets.kinds]]` entries that show code.
    id: "assets/code-screenshot",
    fix: None,
    vars: ["description", "kind"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        let options: Options = ctx.options()?;
        let style = AssetsStyle::load(ctx)?;
        let mut kinds = Vec::new();
        for name in &options.kinds {
            let Some(index) = style.kinds.iter().position(|k| k.name == *name.get_ref()) else {
                let known: Vec<&str> = style.kinds.iter().map(|k| k.name.as_str()).collect();
                return Err(OptionsError::at(
                    name.span(),
                    format!(
                        "[assets.code-screenshot] kinds names `{}`, which [[assets.kinds]] lacks (it has: {}); set `kinds` to the kinds that show code",
                        name.get_ref(),
                        known.join(", ")
                    ),
                ));
            };
            kinds.push(index);
        }
        Ok(Box::new(CodeScreenshot { style, kinds }))
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Options {
    kinds: Vec<Spanned<String>>,
}

struct CodeScreenshot {
    style: std::sync::Arc<AssetsStyle>,
    kinds: Vec<usize>,
}

impl Rule for CodeScreenshot {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let mut found = Vec::new();
        for image in images(doc) {
            let alt = doc.plain_text(image);
            if let Some(kind) = self.style.kind_of(&alt).filter(|k| self.kinds.contains(k)) {
                found.push((doc.node(image).range.clone(), alt, kind));
            }
        }
        for p in self.style.placeholders(doc) {
            if p.context == Context::Standalone
                && let Some(kind) = p.kind.filter(|k| self.kinds.contains(k))
            {
                found.push((p.range, p.description, kind));
            }
        }
        found.sort_by_key(|(range, _, _)| range.start);
        for (range, description, kind) in found {
            checker.report(
                range,
                &[
                    ("description", &description.replace('`', "'")),
                    ("kind", &self.style.kinds[kind].name),
                ],
            );
        }
    }
}
