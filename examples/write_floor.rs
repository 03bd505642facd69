//! The filesystem's share of `fix --in-place`: replace each given file with its own bytes the
//! way blogfmt replaces a fixed file (a temporary file beside it, renamed over it), on all
//! cores, and nothing else: no markdown work and no fsync (blogfmt also syncs each file and
//! directory), so it is a lower bound for any rewrite that keeps files whole on a crash.
//!
//! `cargo run --release --example write_floor -- FILES...` (the bench passes the files a fix
//! changes, in a scratch copy of the corpus).

use std::io::Write;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

fn replace(path: &Path) -> std::io::Result<()> {
    let bytes = std::fs::read(path)?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".write-floor-")
        .tempfile_in(dir)?;
    file.write_all(&bytes)?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

fn main() -> std::io::Result<()> {
    let files: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    files.par_iter().try_for_each(|path| replace(path))?;
    eprintln!("{} files replaced", files.len());
    Ok(())
}
