//! Real-world markdown from `../shared/` (seeds and the Rust blog corpus) through check and fix.
//!
//! Skips with a message when `../shared` is not beside the checkout.

use std::path::{Path, PathBuf};

use blogfmt::document::NodeKind;
use blogfmt::{Config, Document, lint};

fn shared() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping: {} is absent", dir.display());
        None
    }
}

/// Every markdown-ish file under the seeds and the corpus.
fn documents(shared: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![shared.join("seeds"), shared.join("corpus")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md" || e == "txt")
                && path.file_name().is_some_and(|n| n != "README.md")
            {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn code_blocks(text: &str) -> Vec<String> {
    let doc = Document::parse(text.to_string());
    doc.nodes()
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.kind, NodeKind::CodeBlock { .. }))
        .map(|(i, _)| doc.text(i).trim_end().to_string())
        .collect()
}

#[test]
fn check_and_fix_every_shared_document() {
    let Some(shared) = shared() else { return };
    let config = Config::default_style();
    let files = documents(&shared);
    assert!(
        files.len() > 700,
        "expected the corpus, found {} files",
        files.len()
    );
    for path in &files {
        let source = std::fs::read_to_string(path).unwrap();
        let name = path.display();
        let doc = Document::parse(source.clone());
        lint(&doc, &config);
        let fixed = blogfmt::fix(&source, &config).unwrap_or_else(|e| panic!("{name}: {e}"));
        let again = blogfmt::fix(&fixed.text, &config).unwrap();
        assert_eq!(again.text, fixed.text, "{name}: fix is not idempotent");
        assert!(
            again.changes.is_empty(),
            "{name}: second fix changed something"
        );
        assert_eq!(
            code_blocks(&source),
            code_blocks(&fixed.text),
            "{name}: code changed"
        );
    }
}
