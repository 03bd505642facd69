//! The benchmark floor: read the same files blogfmt reads and run pulldown-cmark over each, with
//! exactly blogfmt's parser options, to the end. Nothing else.
//!
//! `cargo run --release --example parse_only -- PATHS...` (files or directories of `.md`).

use std::path::{Path, PathBuf};

use pulldown_cmark::Parser;

fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for entry in entries {
            collect(&entry, out)?;
        }
    } else if path
        .extension()
        .is_some_and(|e| e == "md" || e == "markdown")
    {
        out.push(path.to_path_buf());
    }
    Ok(())
}

fn main() -> std::io::Result<()> {
    let mut files = Vec::new();
    for arg in std::env::args_os().skip(1) {
        collect(Path::new(&arg), &mut files)?;
    }
    let mut events = 0usize;
    for file in &files {
        let text = std::fs::read_to_string(file)?;
        events += Parser::new_ext(&text, blogfmt::markdown::PARSE_OPTIONS).count();
    }
    // Printing the count keeps the parse from being optimised away.
    eprintln!("{} files, {events} events", files.len());
    Ok(())
}
