//! Front matter: the block a post opens with, and its top-level scalar keys.

use std::collections::BTreeMap;
use std::ops::Range;

use pulldown_cmark::MetadataBlockKind;

/// Front matter: its syntax and its top-level scalar keys.
#[derive(Debug, Clone, Default)]
pub struct FrontMatter {
    /// Byte range of the whole block, delimiters included.
    pub range: Range<usize>,
    /// Top-level keys with scalar values (`title`, `author`, `slug`, ...), as strings.
    pub keys: BTreeMap<String, String>,
}

pub(super) fn parse_front_matter(
    source: &str,
    range: Range<usize>,
    kind: MetadataBlockKind,
) -> FrontMatter {
    let block = &source[range.clone()];
    // The content sits between the first and last delimiter lines.
    let inner_start = block.find('\n').map_or(block.len(), |i| i + 1);
    let inner_end = block
        .trim_end_matches(['\n', '\r'])
        .rfind('\n')
        .map_or(inner_start, |i| i + 1)
        .max(inner_start);
    let inner = &block[inner_start..inner_end];
    let keys = match kind {
        MetadataBlockKind::YamlStyle => yaml_keys(inner),
        MetadataBlockKind::PlusesStyle => toml_keys(inner),
    };
    FrontMatter { range, keys }
}

fn yaml_keys(text: &str) -> BTreeMap<String, String> {
    use yaml_rust2::{Yaml, YamlLoader};
    let mut keys = BTreeMap::new();
    let Ok(docs) = YamlLoader::load_from_str(text) else {
        return keys;
    };
    if let Some(Yaml::Hash(hash)) = docs.first() {
        for (key, value) in hash {
            let (Some(key), Some(value)) = (key.as_str(), yaml_scalar(value)) else {
                continue;
            };
            keys.insert(key.to_string(), value);
        }
    }
    keys
}

fn yaml_scalar(value: &yaml_rust2::Yaml) -> Option<String> {
    use yaml_rust2::Yaml;
    match value {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        // A list of authors reads as its first entry.
        Yaml::Array(items) => items.first().and_then(yaml_scalar),
        _ => None,
    }
}

fn toml_keys(text: &str) -> BTreeMap<String, String> {
    use toml::de::{DeTable, DeValue};
    // The borrowed parse: the keys are read once, so the owned `toml::Table` (a String per
    // key and value, through serde) would only be built to be copied from.
    let Ok(table) = DeTable::parse(text) else {
        return BTreeMap::new();
    };
    let scalar = |value: &DeValue<'_>| match value {
        DeValue::String(s) => Some(s.to_string()),
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix())
            .ok()
            .map(|i| i.to_string()),
        DeValue::Boolean(b) => Some(b.to_string()),
        DeValue::Datetime(d) => Some(d.to_string()),
        _ => None,
    };
    let mut keys = BTreeMap::new();
    for (key, value) in table.get_ref() {
        let value = match value.get_ref() {
            DeValue::Array(items) => match items.first().map(|v| v.get_ref()) {
                Some(first @ DeValue::String(_)) => scalar(first),
                _ => None,
            },
            other => scalar(other),
        };
        if let Some(value) = value {
            keys.insert(key.get_ref().to_string(), value);
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use crate::markdown::Document;

    #[test]
    fn yaml_front_matter_keys_are_readable() {
        let doc = Document::parse(
            "---\ntitle: \"Hello: world\"\nauthor: [Jane Doe, Bob]\nslug: hi\n---\n# Hi\n".into(),
        );
        assert_eq!(doc.meta("title"), Some("Hello: world"));
        assert_eq!(doc.meta("author"), Some("Jane Doe"));
        assert_eq!(doc.meta("slug"), Some("hi"));
    }

    #[test]
    fn toml_front_matter_keys_are_readable() {
        let doc =
            Document::parse("+++\ntitle = \"Rust 1.0\"\nauthors = [\"Ann\"]\n+++\n\nText\n".into());
        assert_eq!(doc.meta("title"), Some("Rust 1.0"));
        assert_eq!(doc.meta("authors"), Some("Ann"));
        assert_eq!(doc.title().as_deref(), Some("Rust 1.0"));
    }

    #[test]
    fn only_the_opening_metadata_block_is_front_matter() {
        let doc =
            Document::parse("+++\ntitle = \"A\"\n+++\n\nText\n\n+++\ntitle = \"B\"\n+++\n".into());
        assert_eq!(doc.meta("title"), Some("A"));
        assert_eq!(doc.front_matter().map(|f| f.range.clone()), Some(0..19));
        let doc = Document::parse("Text\n\n---\ntitle: B\n---\n".into());
        assert!(doc.front_matter().is_none());
        assert_eq!(doc.title(), None);
    }
}
