//! The markdown dialect a draft is written in, which decides what the parser treats as text in
//! another language (a shortcode, Liquid, JSX, math) rather than prose.

use std::sync::Arc;

/// A markdown dialect: CommonMark (with GFM tables, footnotes and front matter) plus what a
/// site generator adds to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// Plain CommonMark: nothing beyond code, HTML and front matter is opaque.
    #[default]
    CommonMark,
    /// Hugo: shortcodes `{{< … >}}` and `{{% … %}}`.
    Hugo,
    /// Jekyll: Liquid tags and outputs, kramdown attribute lists and extensions.
    Jekyll,
    /// MDX: ESM `import`/`export`, JSX tags, `{…}` expressions, admonition fences.
    Mdx,
}

impl Dialect {
    /// Every dialect, with the name a config writes.
    pub const ALL: [(Dialect, &'static str); 4] = [
        (Dialect::CommonMark, "commonmark"),
        (Dialect::Hugo, "hugo"),
        (Dialect::Jekyll, "jekyll"),
        (Dialect::Mdx, "mdx"),
    ];

    /// The name a config writes (`hugo`).
    pub fn name(self) -> &'static str {
        Dialect::ALL
            .iter()
            .find(|(d, _)| *d == self)
            .map_or("commonmark", |(_, n)| n)
    }

    /// The dialect a config name stands for.
    pub fn from_name(name: &str) -> Option<Dialect> {
        Dialect::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(d, _)| *d)
    }

    /// Whether math is on when the config does not say: the dialects whose sites commonly
    /// render it (MDX with remark-math, Hugo with its passthrough extension).
    pub fn math_by_default(self) -> bool {
        matches!(self, Dialect::Mdx | Dialect::Hugo)
    }
}

/// How to read one draft: its dialect, whether `$…$` is math, and the Hugo shortcodes whose
/// body is code.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Syntax {
    /// The dialect.
    pub dialect: Dialect,
    /// Whether `$…$` and `$$…$$` are math.
    pub math: bool,
    /// Hugo shortcodes whose paired body is code, not markdown (`highlight`).
    pub code_shortcodes: Arc<[String]>,
}

impl Syntax {
    /// Plain CommonMark without math.
    pub fn commonmark() -> Syntax {
        Syntax::default()
    }
}

/// What each dialect makes opaque, for the rule reference (`docs/rules.md`).
pub const DIALECT_REFERENCE: &str = include_str!("dialects.md");
