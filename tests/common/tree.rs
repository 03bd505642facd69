//! Running the built binary on a copy of a corpus tree, for the corpus tests
//! (`dialects_corpus.rs`, `editor_promises_corpus.rs`): copy a read-only tree into a scratch
//! folder, snapshot its files, run `blogfmt fix --in-place` on it and tell a normal exit from a
//! crash. Uses the binary only, never blogfmt's library.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const BIN: &str = env!("CARGO_BIN_EXE_blogfmt");

/// The extensions the run takes, and so the files the oracle checks.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "mdx"];

/// Copy the tree `from` to `to`; the copies are writable even when the corpus is read-only.
pub fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("readable dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::write(&target, fs::read(entry.path()).expect("read")).expect("write");
        }
    }
}

/// A scratch copy of `../shared/corpus/<name>` (the folder holding it, and the copy), or
/// `None`, with a message, when `../shared` or the corpus is absent.
pub fn corpus_copy(name: &str) -> Option<(tempfile::TempDir, PathBuf)> {
    let source = super::shared()?.join("corpus").join(name);
    if !source.is_dir() {
        eprintln!("skipping: {} is absent", source.display());
        return None;
    }
    let scratch = tempfile::tempdir().expect("temp dir");
    let copy = scratch.path().join(name);
    copy_tree(&source, &copy);
    Some((scratch, copy))
}

/// Every regular file under `dir`, relative path to bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = fs::read(&path).expect("readable file");
                out.insert(path.strip_prefix(dir).expect("under").to_path_buf(), bytes);
            }
        }
    }
    out
}

/// `blogfmt fix --in-place <options> --extension md,markdown,mdx <dir>`, run from the folder
/// above it.
pub fn fix_in_place(dir: &Path, options: &[&str]) -> Output {
    Command::new(BIN)
        .args(["fix", "--in-place"])
        .args(options)
        .args(["--extension", &EXTENSIONS.join(",")])
        .arg(dir)
        .current_dir(dir.parent().expect("the copy has a parent"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the binary runs")
}

/// Exit 0 (all fixed) or 1 (problems remain), and no panic; else what went wrong.
pub fn ran(output: &Output, what: &str) -> Result<(), String> {
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !matches!(output.status.code(), Some(0 | 1)) {
        return Err(format!(
            "{what}: exit status {:?}\nstderr (tail): {}",
            output.status,
            tail(&stderr, 3000)
        ));
    }
    if stderr.contains("panicked") {
        return Err(format!(
            "{what}: blogfmt panicked\nstderr (tail): {}",
            tail(&stderr, 3000)
        ));
    }
    Ok(())
}

pub fn tail(text: &str, max: usize) -> &str {
    let mut start = text.len().saturating_sub(max);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

pub fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}
