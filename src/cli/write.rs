//! Writing outputs safely: all or nothing, through symlinks, keeping permissions.
//!
//! A regular file (new or existing) is staged in a temporary file in the directory of its final
//! path, synced and closed (so a run holds a handful of files open, however many it writes),
//! and renamed into place only after every output of the run is staged, so a failure leaves no
//! output half-written and no temporary file behind (a staged file is removed when dropped,
//! and on SIGINT or SIGTERM: see [`super::interrupt`]). An existing file keeps its
//! permissions; a new one gets the usual `0o666` less the umask. A path that is a symlink is
//! written through: the link stays and the file it points to gets the new content, staged
//! beside that file. A path that exists and is not a regular file (`/dev/stdout`, `/dev/full`,
//! a FIFO) is written directly, after the regular files are staged and before they are
//! renamed, because renaming over a device would replace it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::{interrupt, stale, test_hooks};
use crate::error::Error;

/// A staged temporary file, closed. It is removed when dropped, unless it was renamed.
pub(super) struct Temp {
    path: Option<PathBuf>,
}

impl Temp {
    /// The file was renamed: nothing is left to remove.
    fn renamed(mut self) {
        if let Some(path) = self.path.take() {
            interrupt::unregister(&path);
        }
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(path) = self.path.take() {
            let _ = fs::remove_file(&path);
            interrupt::unregister(&path);
        }
    }
}

/// One output, staged and waiting to be committed.
pub(super) enum Staged {
    /// A temporary file to rename to `target`.
    File {
        temp: Temp,
        target: PathBuf,
        shown: PathBuf,
    },
    /// Bytes to write straight to a device or pipe.
    Direct {
        bytes: Vec<u8>,
        target: PathBuf,
        shown: PathBuf,
    },
}

/// The error of an output not written because a signal came first.
fn interrupted(path: &Path) -> Error {
    Error::Usage(format!("{}: not written: interrupted", path.display()))
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Stage `bytes` for `path` (see the module docs). Nothing visible changes until [`commit`].
pub(super) fn stage(path: &Path, bytes: &[u8]) -> Result<Staged, Error> {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    // `metadata` follows links: what a write would actually reach.
    let existing = match fs::metadata(path) {
        Ok(meta) => Some(meta),
        Err(_) if is_link => {
            return Err(Error::Usage(format!(
                "{}: is a symlink to a missing file; not writing through it",
                path.display()
            )));
        }
        Err(_) => None,
    };
    if let Some(meta) = &existing
        && !meta.is_file()
    {
        if meta.is_dir() {
            return Err(Error::Usage(format!(
                "{}: is a directory; give a file path",
                path.display()
            )));
        }
        // A device or pipe, maybe behind a link (`/dev/stdout`): written in place.
        return Ok(Staged::Direct {
            bytes: bytes.to_vec(),
            target: path.to_path_buf(),
            shown: path.to_path_buf(),
        });
    }
    let target = if is_link {
        fs::canonicalize(path).map_err(io_error(path))?
    } else {
        path.to_path_buf()
    };
    let io = io_error(path);
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{}: directory {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    let prefix = stale::prefix();
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(stale::SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // Created and registered under the gate, so a signal finds it and removes it.
    let (mut file, temp) = {
        let Some(_gate) = interrupt::enter() else {
            return Err(interrupted(path));
        };
        let (file, temp) = builder.tempfile_in(dir).and_then(keep).map_err(&io)?;
        interrupt::register(&temp);
        (file, Temp { path: Some(temp) })
    };
    if let Some(err) = test_hooks::stage_failure(path) {
        return Err(io(err));
    }
    if let Some(meta) = &existing {
        file.set_permissions(meta.permissions()).map_err(&io)?;
    }
    file.write_all(bytes).map_err(&io)?;
    file.sync_all().map_err(&io)?;
    Ok(Staged::File {
        temp,
        target,
        shown: path.to_path_buf(),
    })
}

/// The open file and path of a new temporary file, which is no longer removed when dropped:
/// [`Temp`] does that, and closing the file early must not remove it.
fn keep(file: tempfile::NamedTempFile) -> std::io::Result<(fs::File, PathBuf)> {
    file.keep().map_err(|e| e.error)
}

/// Put every staged output in place: direct writes first (they can fail on a full device or
/// a closed pipe; the staged files are then dropped, which deletes them), then the renames,
/// then a sync of each directory a file was renamed into. A signal during the renames stops
/// the ones not yet done; the error then says which outputs were written.
pub(super) fn commit(staged: Vec<Staged>) -> Result<(), Error> {
    interrupt::begin_commit();
    let (direct, files): (Vec<_>, Vec<_>) = staged
        .into_iter()
        .partition(|s| matches!(s, Staged::Direct { .. }));
    let mut renamed = Vec::new();
    for output in direct.into_iter().chain(files) {
        let shown = output.shown().to_path_buf();
        match rename(output, |_| Ok(()))? {
            Some(target) => renamed.push((target, shown)),
            None => {
                let written: Vec<String> = renamed
                    .iter()
                    .map(|(_, s)| s.display().to_string())
                    .collect();
                // This error, printed by the caller, is the line that says what was written.
                interrupt::mark_reported();
                return Err(Error::Usage(format!(
                    "{}: not written: interrupted{}",
                    shown.display(),
                    if written.is_empty() {
                        String::new()
                    } else {
                        format!(" after writing {}", written.join(", "))
                    }
                )));
            }
        }
    }
    let renamed: Vec<PathBuf> = renamed.into_iter().map(|(target, _)| target).collect();
    sync_directories(&renamed)
}

impl Staged {
    /// The path the output was asked for, as the user wrote it.
    pub(super) fn shown(&self) -> &Path {
        match self {
            Staged::File { shown, .. } | Staged::Direct { shown, .. } => shown,
        }
    }
}

/// Put one staged output in place (rename it, or write a device directly), without syncing
/// its directory; returns the path written, or `None` when a signal came first (the output is
/// then dropped: a temporary file is removed). `check` runs on the final path just before a
/// rename, and an error from it leaves the file alone. Callers end with [`sync_directories`].
pub(super) fn rename(
    output: Staged,
    check: impl FnOnce(&Path) -> Result<(), Error>,
) -> Result<Option<PathBuf>, Error> {
    let Some(_gate) = interrupt::enter() else {
        return Ok(None);
    };
    match output {
        Staged::Direct {
            bytes,
            target,
            shown,
        } => {
            let io = io_error(&shown);
            let mut file = fs::OpenOptions::new()
                .write(true)
                .open(&target)
                .map_err(&io)?;
            file.write_all(&bytes)
                .and_then(|()| file.flush())
                .map_err(&io)?;
            Ok(Some(target))
        }
        Staged::File {
            temp,
            target,
            shown,
        } => {
            check(&target)?;
            let from = temp.path.as_deref().expect("a staged file has its path");
            fs::rename(from, &target).map_err(io_error(&shown))?;
            temp.renamed();
            Ok(Some(target))
        }
    }
}

/// Sync the directories of renamed files, each once: a rename is durable only once its
/// directory is synced, and one sync covers every rename into that directory.
pub(super) fn sync_directories(renamed: &[PathBuf]) -> Result<(), Error> {
    let mut dirs: Vec<&Path> = renamed
        .iter()
        .filter(|p| fs::metadata(p).is_ok_and(|m| m.is_file()))
        .map(|p| match p.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    for dir in dirs {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(io_error(dir))?;
    }
    Ok(())
}
