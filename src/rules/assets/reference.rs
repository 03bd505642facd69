//! Rendering references: the image or link a standalone placeholder becomes, numbered, named
//! and escaped across the whole post.

use std::collections::HashSet;

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
                let mut name = base.clone();
                for i in 2.. {
                    if used.insert(name.clone()) {
                        break;
                    }
                    name = format!("{base}-{i}");
                }
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
