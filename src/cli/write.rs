//! Writing outputs safely: all or nothing, through symlinks, keeping permissions.
//!
//! A regular file (new or existing) is staged in a temporary file in the directory of its final
//! path, synced, and renamed into place only after every output of the run is staged, so a
//! failure leaves no output half-written and no temporary file behind (the staged files are
//! removed when dropped). An existing file keeps its permissions; a new one gets the usual
//! `0o666` less the umask. A path that is a symlink is written through: the link stays and the
//! file it points to gets the new content, staged beside that file. A path that exists and is
//! not a regular file (`/dev/stdout`, `/dev/full`, a FIFO) is written directly, after the
//! regular files are staged and before they are renamed, because renaming over a device would
//! replace it.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// One output, staged and waiting to be committed.
pub(super) enum Staged {
    /// A temporary file to rename to `target`.
    File {
        file: tempfile::NamedTempFile,
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
    let mut builder = tempfile::Builder::new();
    builder.prefix(".blogfmt-");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir).map_err(&io)?;
    if let Some(meta) = &existing {
        file.as_file()
            .set_permissions(meta.permissions())
            .map_err(&io)?;
    }
    file.write_all(bytes).map_err(&io)?;
    file.as_file().sync_all().map_err(&io)?;
    Ok(Staged::File {
        file,
        target,
        shown: path.to_path_buf(),
    })
}

/// Put every staged output in place: direct writes first (they can fail on a full device or
/// a closed pipe; the staged files are then dropped, which deletes them), then the renames,
/// then a sync of each directory a file was renamed into.
pub(super) fn commit(staged: Vec<Staged>) -> Result<(), Error> {
    let (direct, files): (Vec<_>, Vec<_>) = staged
        .into_iter()
        .partition(|s| matches!(s, Staged::Direct { .. }));
    for output in direct {
        rename(output)?;
    }
    let renamed = files
        .into_iter()
        .map(rename)
        .collect::<Result<Vec<_>, _>>()?;
    sync_directories(&renamed)
}

/// Put one staged output in place (rename it, or write a device directly), without syncing
/// its directory; returns the path written. Callers end with [`sync_directories`].
pub(super) fn rename(output: Staged) -> Result<PathBuf, Error> {
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
            Ok(target)
        }
        Staged::File {
            file,
            target,
            shown,
        } => {
            file.persist(&target).map_err(|e| Error::Io {
                path: shown,
                source: e.error,
            })?;
            Ok(target)
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
