//! Fuzz `lint` and `fix` with the full default house style.
//!
//! Any input that `blogfmt` would read (UTF-8 without NUL) must lint and fix without a panic,
//! reach a fixpoint, fix idempotently, keep every byte outside the ranges it reports as
//! changed, in order, and leave code, HTML and front matter as they were.
#![no_main]

use std::sync::LazyLock;

use blogfmt::{Config, Document, fix, lint};
use libfuzzer_sys::fuzz_target;

static CONFIG: LazyLock<Config> = LazyLock::new(Config::default_style);

fuzz_target!(|data: &[u8]| {
    if data.contains(&0) {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let doc = Document::parse(text.to_string());
    for diagnostic in lint(&doc, &CONFIG) {
        let _ = doc.line_col(diagnostic.range.start);
    }
    let once = fix(text, &CONFIG).unwrap_or_else(|e| panic!("fix failed: {e}"));
    let twice = fix(&once.text, &CONFIG).unwrap_or_else(|e| panic!("refix failed: {e}"));
    assert_eq!(once.text, twice.text, "fix is not idempotent");
    assert!(twice.changes.is_empty(), "a second fix applied changes");
    assert_kept(text, &once.text, &once.changed);
    assert_eq!(
        doc.literal_digest(),
        Document::parse(once.text).literal_digest(),
        "code, HTML or front matter changed"
    );
});

/// Every original byte outside `changed` is in `fixed`: the first piece as a prefix, the last
/// as a suffix, the others in order between them.
fn assert_kept(original: &str, fixed: &str, changed: &[std::ops::Range<usize>]) {
    let mut kept = Vec::new();
    let mut last = 0;
    for range in changed {
        kept.push(&original[last..range.start]);
        last = range.end;
    }
    kept.push(&original[last..]);
    let (first, tail) = (kept[0], kept[kept.len() - 1]);
    assert!(
        fixed.starts_with(first),
        "bytes before the first change were lost"
    );
    assert!(
        kept.len() == 1 || fixed.len() >= first.len() + tail.len() && fixed.ends_with(tail),
        "bytes after the last change were lost"
    );
    let mut at = first.len();
    for piece in kept.iter().take(kept.len().saturating_sub(1)).skip(1) {
        let found = fixed[at..].find(piece).expect("a kept piece was lost");
        at += found + piece.len();
    }
}
