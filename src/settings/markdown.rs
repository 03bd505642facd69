//! The `[markdown]` table of a house style: which dialect drafts are read in.

use std::sync::{Arc, LazyLock};

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeValue, ValueDeserializer};

use crate::markdown::{Dialect, Syntax};
use crate::rule::OptionsError;

/// The top-level config key.
pub(crate) const KEY: &str = "markdown";

/// How a house style reads markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownStyle {
    /// The dialect, or `None` for `auto` (decided per file from its extension and site).
    pub dialect: Option<Dialect>,
    /// Whether `$…$` is math; `None`: as the dialect has it ([`Dialect::math_by_default`]).
    pub math: Option<bool>,
    /// Hugo shortcodes whose paired body is code.
    pub code_shortcodes: Arc<[String]>,
}

/// The table as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Table {
    dialect: Option<Spanned<String>>,
    math: Option<bool>,
    code_shortcodes: Option<Vec<String>>,
}

impl MarkdownStyle {
    /// The `[markdown]` table of the embedded default, which a config without one follows:
    /// reading a post in the wrong dialect could damage it, whatever rules the config runs.
    pub fn embedded() -> MarkdownStyle {
        static EMBEDDED: LazyLock<MarkdownStyle> = LazyLock::new(|| {
            let root = toml::de::DeTable::parse(super::DEFAULT_TOML).expect("valid default");
            let (_, value) = root
                .into_inner()
                .into_iter()
                .find(|(key, _)| key.get_ref() == KEY)
                .expect("the default has [markdown]");
            parse(value, || Arc::from([])).expect("the default [markdown] is valid")
        });
        EMBEDDED.clone()
    }

    /// The style `table` sets; a key it leaves out is `auto`, unset math, or, for the code
    /// shortcodes, `default_shortcodes()` (only read when needed: the embedded default sets
    /// every key, so loading it never parses it twice).
    fn from_table(
        table: Table,
        default_shortcodes: impl FnOnce() -> Arc<[String]>,
    ) -> Result<MarkdownStyle, OptionsError> {
        let dialect = match table.dialect {
            None => None,
            Some(name) if name.get_ref() == "auto" => None,
            Some(name) => Some(Dialect::from_name(name.get_ref()).ok_or_else(|| {
                let names: Vec<&str> = Dialect::ALL.iter().map(|(_, n)| *n).collect();
                OptionsError::at(
                    name.span(),
                    format!(
                        "unknown dialect `{}`{}; expected auto, {}",
                        name.get_ref(),
                        super::did_you_mean(name.get_ref(), names.iter().copied()),
                        names.join(", ")
                    ),
                )
            })?),
        };
        Ok(MarkdownStyle {
            dialect,
            math: table.math,
            code_shortcodes: table
                .code_shortcodes
                .map_or_else(default_shortcodes, Arc::from),
        })
    }

    /// The syntax a draft in `dialect` is read with under this style.
    pub fn syntax(&self, dialect: Dialect) -> Syntax {
        Syntax {
            dialect,
            math: self.math.unwrap_or_else(|| dialect.math_by_default()),
            code_shortcodes: self.code_shortcodes.clone(),
        }
    }
}

/// Read the `[markdown]` table (merged across the `extends` chain already); what it leaves
/// out is as the embedded default has it.
pub(crate) fn load(value: Spanned<DeValue<'_>>) -> Result<MarkdownStyle, OptionsError> {
    parse(value, || MarkdownStyle::embedded().code_shortcodes)
}

fn parse(
    value: Spanned<DeValue<'_>>,
    default_shortcodes: impl FnOnce() -> Arc<[String]>,
) -> Result<MarkdownStyle, OptionsError> {
    let span = value.span();
    if !value.get_ref().is_table() {
        return Err(OptionsError::at(span, "`markdown` must be a table"));
    }
    let table = Table::deserialize(ValueDeserializer::from(value)).map_err(|e| {
        let mut err = OptionsError::from(e);
        err.span.get_or_insert(span);
        err
    })?;
    MarkdownStyle::from_table(table, default_shortcodes)
}
