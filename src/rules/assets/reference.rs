//! Rendering references: the image or link a standalone placeholder becomes, numbered, named
//! and escaped across the whole post.

use std::collections::{HashMap, HashSet};

use super::placeholders::{Context, Placeholder};
use super::style::{AssetsStyle, Escape, Kind, drop_prefix};
use crate::markdown::Document;
use crate::markdown::escape::escape_markdown;

impl AssetsStyle {
    /// The references the fix writes for the standalone placeholders, in document order:
    /// numbers, unique names and escaped text worked out across the whole post.
    pub(crate) fn conversions(&self, doc: &Document) -> Vec<(Placeholder, Option<Conversion>)> {
        let slug = self.slug(doc);
        let mut used = HashSet::new();
        // The next suffix to try for each base name, so a post repeating one description
        // thousands of times stays linear instead of re-trying `-2`, `-3`, … each time.
        let mut next_suffix: HashMap<String, usize> = HashMap::new();
        let mut order = 0;
        let mut out = Vec::new();
        for placeholder in self.placeholders(doc) {
            if placeholder.context != Context::Standalone {
                out.push((placeholder, None));
                continue;
            }
            order += 1;
            let conversion = placeholder.kind.map(|k| {
                let kind = &self.kinds[k];
                let alt = self.alt(&placeholder.description);
                let base = self.name(&alt);
                let name = unique_name(&base, &mut used, &mut next_suffix);
                let n = placeholder.number.unwrap_or(order).to_string();
                self.render(kind, &placeholder.description, &alt, &slug, &n, &name)
            });
            out.push((placeholder, conversion));
        }
        out
    }

    /// Render one reference from its parts.
    pub(super) fn render(
        &self,
        kind: &Kind,
        description: &str,
        alt: &str,
        slug: &str,
        n: &str,
        name: &str,
    ) -> Conversion {
        let dropped = drop_prefix(&self.text_drop, description);
        let text = if dropped.trim().is_empty() {
            description
        } else {
            dropped.trim()
        };
        let vars = [
            ("slug", slug),
            ("n", n),
            ("name", name),
            ("ext", kind.ext.as_str()),
        ];
        let path = kind.path.as_ref().map(|t| t.render(&vars));
        let escaped_alt = escape(alt, kind.escape);
        let escaped_text = escape(text, kind.escape);
        let reference = kind.template.render(&[
            ("alt", &escaped_alt),
            ("text", &escaped_text),
            ("slug", slug),
            ("n", n),
            ("name", name),
            ("ext", &kind.ext),
            ("path", path.as_deref().unwrap_or("")),
        ]);
        Conversion {
            reference,
            path,
            alt: if kind.path.is_some() {
                alt.to_string()
            } else {
                text.to_string()
            },
            kind: kind.name.clone(),
        }
    }
}

/// The reference a standalone placeholder becomes.
#[derive(Debug, Clone)]
pub(crate) struct Conversion {
    /// The markdown (or shortcode) that replaces the placeholder.
    pub reference: String,
    /// The asset file it points to, for kinds that have one.
    pub path: Option<String>,
    /// The alt text (or link text) as readers see it.
    pub alt: String,
    /// The kind's name.
    pub kind: String,
}

fn escape(text: &str, escape: Escape) -> String {
    match escape {
        Escape::Markdown => escape_markdown(text),
        Escape::Quoted => text.replace('\\', "\\\\").replace('"', "\\\""),
    }
}

/// `base`, or `base-2`, `base-3`, … : the first not yet in `used`, which it joins.
fn unique_name(
    base: &str,
    used: &mut HashSet<String>,
    next_suffix: &mut HashMap<String, usize>,
) -> String {
    if used.insert(base.to_string()) {
        return base.to_string();
    }
    let mut i = next_suffix.get(base).copied().unwrap_or(2);
    loop {
        let name = format!("{base}-{i}");
        i += 1;
        if used.insert(name.clone()) {
            next_suffix.insert(base.to_string(), i);
            return name;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unique_names_count_up_and_skip_names_taken_literally() {
        let (mut used, mut next) = (HashSet::new(), HashMap::new());
        let mut name = |base: &str| unique_name(base, &mut used, &mut next);
        assert_eq!(name("chart"), "chart");
        assert_eq!(name("chart-3"), "chart-3");
        assert_eq!(name("chart"), "chart-2");
        assert_eq!(name("chart"), "chart-4");
        assert_eq!(name("chart-3"), "chart-3-2");
    }
}
