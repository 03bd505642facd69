//! `--statistics`: how many diagnostics each rule reported.

use std::collections::BTreeMap;
use std::io::Write;

use super::FileReport;

/// `--statistics`: how many diagnostics each rule reported, most first.
pub(crate) fn statistics(reports: &[FileReport]) -> Vec<(String, usize, bool)> {
    let mut counts: BTreeMap<&str, (usize, bool)> = BTreeMap::new();
    for d in reports.iter().flat_map(FileReport::diagnostics) {
        let entry = counts.entry(&d.rule).or_default();
        entry.0 += 1;
        entry.1 |= d.fix.is_some();
    }
    let mut rows: Vec<(String, usize, bool)> = counts
        .into_iter()
        .map(|(rule, (count, fixable))| (rule.to_string(), count, fixable))
        .collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

/// The statistics as a table: count, rule, `[fixable]`.
pub(crate) fn write_statistics(
    out: &mut impl Write,
    rows: &[(String, usize, bool)],
) -> std::io::Result<()> {
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    for (rule, count, fixable) in rows {
        let line = if *fixable {
            format!("{count:>5}  {rule:width$} [fixable]")
        } else {
            format!("{count:>5}  {rule}")
        };
        writeln!(out, "{line}")?;
    }
    Ok(())
}
