//! Regression inputs: every file in `tests/regressions/` is a draft that once broke a promise
//! of `fix` (most were found by the fuzz target, `fuzz-<hash>.md`; the others by the property
//! tests). Each must now pass every check the property tests make.

mod common;

use blogfmt::Config;

#[test]
fn regression_inputs_keep_every_promise() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions");
    let config = Config::default_style();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/regressions exists")
        .map(|e| e.expect("entry").path())
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    let mut failed = Vec::new();
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("UTF-8 regression input");
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            common::check_fix_invariants(&text, &config)
        }));
        if result.is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "failing regression inputs: {failed:?}");
}

/// Every seed document and every post of the real-world corpus in `../shared/` keeps every
/// promise too. Skips with a note when `../shared` is absent.
#[test]
fn shared_documents_keep_every_promise() {
    let Some(shared) = common::shared() else {
        return;
    };
    let paths = common::shared_documents(&shared);
    let config = Config::default_style();
    let mut failed = Vec::new();
    for path in &paths {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            common::check_fix_invariants(&text, &config)
        }));
        if result.is_err() {
            failed.push(path.display().to_string());
        }
    }
    assert!(failed.is_empty(), "failing documents: {failed:?}");
}
