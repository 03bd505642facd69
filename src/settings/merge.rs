//! Merging the tables of an `extends` chain, spans kept per file.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// `table` with every span moved by `offset`.
pub(super) fn shift_table(table: DeTable<'_>, offset: usize) -> DeTable<'_> {
    table
        .into_iter()
        .map(|(key, value)| {
            let key_span = key.span();
            (
                Spanned::new(
                    key_span.start + offset..key_span.end + offset,
                    key.into_inner(),
                ),
                shift_value(value, offset),
            )
        })
        .collect()
}

fn shift_value(value: Spanned<DeValue<'_>>, offset: usize) -> Spanned<DeValue<'_>> {
    let span = value.span();
    let inner = match value.into_inner() {
        DeValue::Table(table) => DeValue::Table(shift_table(table, offset)),
        DeValue::Array(items) => DeValue::Array(
            items
                .into_iter()
                .map(|item| shift_value(item, offset))
                .collect(),
        ),
        other => other,
    };
    Spanned::new(span.start + offset..span.end + offset, inner)
}

/// Merge `over` into `base`: tables merge recursively, any other value replaces.
pub(super) fn merge<'i>(base: &mut DeTable<'i>, over: DeTable<'i>) {
    for (key, value) in over {
        let existing = base.get_mut(key.get_ref().as_ref());
        match (existing, value.get_ref().is_table()) {
            (Some(existing), true) if existing.get_ref().is_table() => {
                let span = value.span();
                let DeValue::Table(over_table) = value.into_inner() else {
                    unreachable!("checked is_table above")
                };
                let DeValue::Table(base_table) = existing.get_mut() else {
                    unreachable!("checked is_table above")
                };
                merge(base_table, over_table);
                // Errors inside the merged table should point into the overriding file.
                *existing = Spanned::new(span, existing.get_ref().clone());
            }
            _ => {
                base.insert(key, value);
            }
        }
    }
}
