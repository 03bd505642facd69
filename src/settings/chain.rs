//! The `extends` chain: a config, what it extends, and so on, with each file's text kept so
//! that an error in a merged key names the file, line and column it came from.

use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;
use std::sync::LazyLock;

use toml::Spanned;
use toml::de::DeTable;

use super::DEFAULT_TOML;
use crate::error::Error;
use crate::rule::OptionsError;

/// 1-based line and character column of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    crate::markdown::LineIndex::new(text).line_col(text, offset)
}

pub(super) type Table<'i> = Spanned<DeTable<'i>>;

/// One TOML text of an `extends` chain. Its spans are shifted by `offset` so that spans from
/// different files never collide once their tables are merged, and an error's span tells which
/// file (and line and column) it belongs to.
pub(super) struct ChainSource {
    pub name: String,
    pub text: String,
    pub offset: usize,
    /// The embedded default, whose parse is shared: see [`EMBEDDED_TABLE`].
    embedded: bool,
}

/// The embedded default, parsed once per process. Every house style extends it, and parsing
/// its 16 KB is a tenth of checking one draft (about 0.4 ms).
static EMBEDDED_TABLE: LazyLock<Spanned<DeTable<'static>>> =
    LazyLock::new(|| DeTable::parse(DEFAULT_TOML).expect("checked by tests"));

impl ChainSource {
    pub(super) fn file(name: String, text: String) -> Self {
        ChainSource {
            name,
            text,
            offset: 0,
            embedded: false,
        }
    }

    pub(super) fn embedded() -> Self {
        ChainSource {
            name: "default (embedded)".to_string(),
            text: DEFAULT_TOML.to_string(),
            offset: 0,
            embedded: true,
        }
    }

    /// The parsed table: borrowed for the embedded default, so following `extends` does not
    /// copy it.
    pub(super) fn parse(&self) -> Result<Cow<'_, Spanned<DeTable<'_>>>, toml::de::Error> {
        if self.embedded {
            Ok(Cow::Borrowed(&*EMBEDDED_TABLE))
        } else {
            DeTable::parse(&self.text).map(Cow::Owned)
        }
    }
}

/// The config first, then what it extends, and so on; the last one extends nothing.
pub(super) struct Chain(pub Vec<ChainSource>);

impl Chain {
    /// Turn an error with a shifted span into one naming the file, line and column.
    pub(super) fn locate(&self, err: OptionsError) -> Error {
        let first = &self.0[0];
        let (source, local) = match err.span {
            Some(span) => {
                let source = self
                    .0
                    .iter()
                    .rev()
                    .find(|s| s.offset <= span.start)
                    .unwrap_or(first);
                (source, Some(span.start - source.offset))
            }
            None => (first, None),
        };
        let (line, column) = local.map_or((1, 1), |offset| line_col(&source.text, offset));
        Error::Config {
            path: source.name.clone(),
            line,
            column,
            message: err.message,
        }
    }
}

/// The most configs one `extends` chain may hold: deeper is surely a mistake.
const MAX_EXTENDS: usize = 16;

/// Follow `extends` from the config `name`: `"default"` is the embedded default, anything else
/// a path relative to the directory of the file that names it.
pub(super) fn extends_chain(first: ChainSource) -> Result<Chain, Error> {
    let mut chain = Chain(Vec::new());
    let mut next = Some(first);
    let mut seen: Vec<std::path::PathBuf> = Vec::new();
    while let Some(mut source) = next.take() {
        source.offset = chain
            .0
            .last()
            .map_or(0, |s: &ChainSource| s.offset + s.text.len() + 1);
        chain.0.push(source);
        let source = chain.0.last().expect("just pushed");
        let at = |span: Range<usize>, message: String| {
            chain.locate(OptionsError::at(
                span.start + source.offset..span.end + source.offset,
                message,
            ))
        };
        let root = source.parse().map_err(|e| {
            let err = OptionsError::from(e);
            let span = err.span.clone().unwrap_or(0..0);
            at(span, err.message)
        })?;
        let Some(value) = root.get_ref().get("extends") else {
            break;
        };
        let target = match value.get_ref().as_str() {
            Some("default") => ChainSource::embedded(),
            Some(relative) if !relative.is_empty() => {
                let dir = Path::new(&source.name).parent().unwrap_or(Path::new(""));
                let path = dir.join(relative);
                let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
                if seen.contains(&canonical) {
                    return Err(at(
                        value.span(),
                        format!("`extends` loops back to `{}`", path.display()),
                    ));
                }
                if chain.0.len() > MAX_EXTENDS {
                    return Err(at(
                        value.span(),
                        format!(
                            "`extends` chain is longer than {MAX_EXTENDS} configs; stopped at `{}`",
                            path.display()
                        ),
                    ));
                }
                seen.push(canonical);
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    at(
                        value.span(),
                        format!("cannot read `{}`: {e}", path.display()),
                    )
                })?;
                ChainSource::file(path.display().to_string(), text)
            }
            _ => {
                return Err(at(
                    value.span(),
                    "`extends` must be \"default\" or the path of another config".to_string(),
                ));
            }
        };
        next = Some(target);
    }
    Ok(chain)
}
