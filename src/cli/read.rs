//! Reading drafts and configs: regular files only, and never more than the size cap.
//!
//! A draft or config named by a user may be anything: a FIFO (opening it for reading would
//! block until a writer comes, and `fix --in-place` would then write into it), a device
//! (`/dev/zero` never ends), or a huge sparse file. So a file is opened without blocking,
//! asked what it is through the open handle, and refused with one line unless it is a regular
//! file no larger than the cap. The bytes are then read in chunks, stopping at the first NUL
//! byte (markdown never holds one) or past the cap, so memory stays bounded by the cap even
//! for input whose size the system does not know (standard input).
//!
//! Reading through the handle also yields a [`Snapshot`] of what was read, which
//! `fix --in-place` compares with the file just before replacing it.

use std::fs::{File, Metadata};
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// The default size cap: far above any blog post (the corpus's largest is under 200 KB), far
/// below what would strain memory.
pub(super) const DEFAULT_MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// How much is read at a time, so a NUL or the cap stops the read after at most this much more.
const CHUNK: u64 = 1024 * 1024;

/// What a draft was when it was read: enough to tell, before replacing it, whether anyone
/// wrote to it or replaced it since.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Snapshot {
    dev: u64,
    ino: u64,
    len: u64,
    mtime: (i64, i64),
    /// Hard links to the file: `fix --in-place` refuses a file with more than one.
    pub(super) links: u64,
}

impl Snapshot {
    fn of(meta: &Metadata) -> Snapshot {
        use std::os::unix::fs::MetadataExt;
        Snapshot {
            dev: meta.dev(),
            ino: meta.ino(),
            len: meta.len(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            links: meta.nlink(),
        }
    }
}

/// Read a draft as markdown text; `-` reads standard input. See the module docs.
pub(super) fn read_draft(path: &Path, max: u64) -> Result<String, Error> {
    if path == Path::new("-") {
        let bytes = read_capped(std::io::stdin().lock(), path, max, 0, true)?;
        return crate::markdown::decode(path, bytes);
    }
    read_draft_file(path, max).map(|(text, _)| text)
}

/// Read a draft file as markdown text, with a snapshot of the file it was read from.
pub(super) fn read_draft_file(path: &Path, max: u64) -> Result<(String, Snapshot), Error> {
    let (file, meta) = open_regular(path, max)?;
    let bytes = read_capped(file, path, max, meta.len(), true)?;
    Ok((crate::markdown::decode(path, bytes)?, Snapshot::of(&meta)))
}

/// Whether the file at `path` is still the one `snapshot` describes and still holds exactly
/// `bytes`: the same file (not replaced), the same size and modification time, and the same
/// content (a write within the file system's timestamp granularity keeps the mtime).
pub(super) fn unchanged(path: &Path, snapshot: &Snapshot, bytes: &[u8]) -> Result<bool, Error> {
    let (file, meta) = match open_regular(path, snapshot.len) {
        Ok(opened) => opened,
        // Replaced by something else, grown past what was read, or gone: changed.
        Err(Error::Usage(_)) => return Ok(false),
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(false);
        }
        Err(err) => return Err(err),
    };
    let now = Snapshot::of(&meta);
    if (now.dev, now.ino, now.len, now.mtime)
        != (snapshot.dev, snapshot.ino, snapshot.len, snapshot.mtime)
    {
        return Ok(false);
    }
    let mut current = Vec::with_capacity(bytes.len() + 1);
    file.take(snapshot.len + 1)
        .read_to_end(&mut current)
        .map_err(io_error(path))?;
    Ok(current == bytes)
}

/// Read a config file as text: a regular file within the cap. A NUL is left to the TOML
/// parser, which reports it with a line and column.
pub(super) fn read_config(path: &Path, max: u64) -> Result<String, Error> {
    let (file, meta) = open_regular(path, max)?;
    let bytes = read_capped(file, path, max, meta.len(), false)?;
    String::from_utf8(bytes).map_err(|_| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "stream did not contain valid UTF-8",
        ),
    })
}

/// The most configs an `extends` chain is followed through here; the config loader reports
/// longer chains and loops itself.
const MAX_EXTENDS: usize = 17;

/// Load the house style in `path` after checking every file its `extends` chain names the
/// way drafts are checked: regular files within the cap. The config loader reads `extends`
/// targets itself, whole and whatever they are, so an `extends = "/dev/zero"` would grow
/// without bound there; this walks the chain first and refuses such a target with one line.
/// A target that cannot be read or parsed is left to the loader, whose errors name the line.
pub(super) fn load_config(path: &Path, max: u64) -> Result<crate::settings::Config, Error> {
    let text = read_config(path, max)?;
    let mut name = path.to_path_buf();
    let mut current = text.clone();
    for _ in 0..MAX_EXTENDS {
        let Some(target) = extends_target(&name, &current) else {
            break;
        };
        match read_config(&target, max) {
            Ok(next) => (name, current) = (target, next),
            Err(Error::Usage(reason)) => {
                return Err(Error::Usage(format!(
                    "{}: `extends` target {reason}",
                    name.display()
                )));
            }
            Err(_) => break,
        }
    }
    crate::settings::Config::from_toml(&path.display().to_string(), &text)
}

/// The file a config's `extends` names, resolved as the loader resolves it; `None` for the
/// embedded default, no `extends`, or a config that does not parse.
fn extends_target(name: &Path, text: &str) -> Option<PathBuf> {
    let table = text.parse::<toml::Table>().ok()?;
    let relative = table.get("extends")?.as_str()?;
    if relative == "default" || relative.is_empty() {
        return None;
    }
    Some(name.parent().unwrap_or(Path::new("")).join(relative))
}

fn io_error(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Open `path` for reading without blocking on a FIFO, and refuse anything but a regular file
/// of at most `max` bytes.
fn open_regular(path: &Path, max: u64) -> Result<(File, Metadata), Error> {
    use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(io_error(path))?;
    let meta = file.metadata().map_err(io_error(path))?;
    let kind = meta.file_type();
    let what = if kind.is_file() {
        None
    } else if kind.is_dir() {
        return Err(Error::Usage(format!(
            "{}: is a directory; give a markdown file",
            path.display()
        )));
    } else if kind.is_fifo() {
        Some("a FIFO (named pipe)")
    } else if kind.is_char_device() {
        Some("a character device")
    } else if kind.is_block_device() {
        Some("a block device")
    } else if kind.is_socket() {
        Some("a socket")
    } else {
        Some("not a file")
    };
    if let Some(what) = what {
        return Err(Error::Usage(format!(
            "{}: is {what}, not a regular file; blogfmt reads only regular files",
            path.display()
        )));
    }
    if meta.len() > max {
        return Err(too_large(path, max));
    }
    Ok((file, meta))
}

fn too_large(path: &Path, max: u64) -> Error {
    Error::Usage(format!(
        "{}: larger than the {} limit; raise it with --max-file-size",
        super::files::display_name(path),
        show_size(max)
    ))
}

/// A size as people write it: `64 MiB`, `512 KiB`, `100 bytes`.
fn show_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    UNITS
        .iter()
        .find(|(unit, _)| bytes >= *unit && bytes.is_multiple_of(*unit))
        .map_or_else(
            || format!("{bytes} bytes"),
            |(unit, name)| format!("{} {name}", bytes / unit),
        )
}

/// Parse a size for `--max-file-size`: bytes, or a number with `K`, `M` or `G` (powers of
/// 1024, with or without `iB`).
pub(super) fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let digits = text.trim_end_matches(|c: char| c.is_ascii_alphabetic() || c == ' ');
    let unit = text[digits.len()..].trim().to_ascii_lowercase();
    let shift = match unit.as_str() {
        "" | "b" => 0,
        "k" | "kib" | "kb" => 10,
        "m" | "mib" | "mb" => 20,
        "g" | "gib" | "gb" => 30,
        _ => return Err(format!("unknown unit `{unit}`; use K, M or G")),
    };
    let number: u64 = digits
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a size, e.g. 64M"))?;
    number
        .checked_mul(1 << shift)
        .ok_or_else(|| format!("`{text}` is too large"))
}

/// Read `reader` to its end in chunks, stopping with an error at the first NUL (when
/// `stop_at_nul`) or once more than `max` bytes came. `hint` is the expected size.
fn read_capped(
    mut reader: impl Read,
    path: &Path,
    max: u64,
    hint: u64,
    stop_at_nul: bool,
) -> Result<Vec<u8>, Error> {
    // One byte more than the file's size, so the end is found without growing the buffer.
    let mut bytes = Vec::with_capacity(hint.min(max).saturating_add(1) as usize);
    loop {
        let start = bytes.len();
        let read = (&mut reader)
            .take(CHUNK)
            .read_to_end(&mut bytes)
            .map_err(io_error(path))?;
        if stop_at_nul && let Some(at) = memchr::memchr(0, &bytes[start..]) {
            return Err(Error::NotText {
                path: path.to_path_buf(),
                reason: format!("NUL byte at offset {}", start + at),
            });
        }
        if bytes.len() as u64 > max {
            return Err(too_large(path, max));
        }
        if read == 0 {
            return Ok(bytes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("64M"), Ok(64 << 20));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("2 GiB"), Ok(2 << 30));
        assert_eq!(parse_size("1k"), Ok(1024));
        assert!(parse_size("12 parsecs").is_err());
        assert!(parse_size("M").is_err());
        assert_eq!(show_size(64 << 20), "64 MiB");
        assert_eq!(show_size(1000), "1000 bytes");
    }

    #[test]
    fn reading_stops_at_the_first_nul_and_at_the_cap() {
        let path = Path::new("x.md");
        let zeros = std::io::repeat(0);
        let err = read_capped(zeros, path, 1 << 30, 0, true).unwrap_err();
        assert!(err.to_string().contains("NUL byte at offset 0"), "{err}");
        let text = std::io::repeat(b'a');
        let err = read_capped(text, path, 3 << 20, 0, true).unwrap_err();
        assert!(err.to_string().contains("3 MiB limit"), "{err}");
        let exact = read_capped(&b"abc"[..], path, 3, 3, true).unwrap();
        assert_eq!(exact, b"abc");
        assert!(read_capped(&b"abcd"[..], path, 3, 3, true).is_err());
    }
}
