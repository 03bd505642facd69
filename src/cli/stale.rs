//! Temporary files left by a run that was killed, and `blogfmt clean`, which removes them.
//!
//! A staged output is named `.blogfmt-<pid>-<random>.tmp` beside its final path: the process
//! id tells a live run's file (left alone) from a dead run's (stale). Versions before this one
//! named them `.blogfmt-<6 random characters>`, with no process id; those are stale too.
//! `check` and `fix` look in the folders they read and print one warning line when stale
//! files are there; `blogfmt clean PATHS...` removes them.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::files::display_name;
use crate::error::Error;

/// The start of every temporary file's name.
pub(super) const PREFIX: &str = ".blogfmt-";
/// The end of every temporary file's name.
pub(super) const SUFFIX: &str = ".tmp";

/// The prefix of this process's temporary files.
pub(super) fn prefix() -> String {
    format!("{PREFIX}{}-", std::process::id())
}

/// Whether `name` is a temporary file of a blogfmt run that no longer exists.
fn is_stale(name: &str) -> bool {
    let Some(rest) = name.strip_prefix(PREFIX) else {
        return false;
    };
    // The older form: six random characters, nothing else.
    if rest.len() == 6 && rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return true;
    }
    let Some(rest) = rest.strip_suffix(SUFFIX) else {
        return false;
    };
    let Some((pid, random)) = rest.split_once('-') else {
        return false;
    };
    let Ok(pid) = pid.parse::<i32>() else {
        return false;
    };
    !random.is_empty() && pid > 0 && !alive(pid)
}

/// Whether a process with this id exists (it may be another program that reused the id:
/// then its file is kept, and the next run reports it).
fn alive(pid: i32) -> bool {
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let sent = unsafe { libc::kill(pid, 0) };
    sent == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// The stale temporary files directly in any of `dirs`, sorted.
fn stale_in(dirs: &mut Vec<PathBuf>) -> Vec<PathBuf> {
    dirs.sort();
    dirs.dedup();
    let mut stale = Vec::new();
    for dir in dirs.iter() {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && entry.file_name().to_str().is_some_and(is_stale) {
                stale.push(entry.path());
            }
        }
    }
    stale.sort();
    stale
}

/// The folder a file is in, as a path that can be listed.
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Warn, in one line on stderr, about stale temporary files in the folders of `files` and in
/// the folders named in `args`. Nothing is printed when there are none.
pub(super) fn warn(args: &[PathBuf], files: &[PathBuf]) {
    let mut dirs: Vec<PathBuf> = files
        .iter()
        .filter(|f| f.as_os_str() != "-")
        .map(|f| folder(f))
        .collect();
    dirs.extend(args.iter().filter(|a| a.is_dir()).cloned());
    let stale = stale_in(&mut dirs);
    let Some(first) = stale.first() else {
        return;
    };
    let roots: Vec<String> = args
        .iter()
        .filter(|a| a.as_os_str() != "-")
        .map(|a| super::one_line(&display_name(a)).into_owned())
        .collect();
    eprintln!(
        "blogfmt: warning: {} temporary file(s) left by an interrupted blogfmt run (such as {}); `blogfmt clean {}` removes them",
        stale.len(),
        super::one_line(&first.display().to_string()),
        roots.join(" ")
    );
}

/// `blogfmt clean PATHS...`: remove the stale temporary files in these folders and the
/// folders under them (walked as `check` walks them, hidden folders skipped) and in the
/// folders of these files.
pub(super) fn clean(paths: &[PathBuf]) -> Result<ExitCode, Error> {
    let mut dirs = Vec::new();
    for path in paths {
        if !path.is_dir() {
            dirs.push(folder(path));
            continue;
        }
        let walker = ignore::WalkBuilder::new(path)
            .hidden(true)
            .git_global(false)
            .require_git(false)
            .build();
        for entry in walker.flatten() {
            if entry.file_type().is_some_and(|t| t.is_dir()) {
                dirs.push(entry.path().to_path_buf());
            }
        }
    }
    let mut errored = false;
    let mut removed = 0;
    for stale in stale_in(&mut dirs) {
        match std::fs::remove_file(&stale) {
            Ok(()) => removed += 1,
            Err(source) => {
                super::report_error(&Error::Io {
                    path: stale,
                    source,
                });
                errored = true;
            }
        }
    }
    let _ = writeln!(
        std::io::stdout(),
        "Removed {removed} temporary file(s) left by interrupted runs."
    );
    Ok(ExitCode::from(if errored { 2 } else { 0 }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_names_are_those_of_dead_runs() {
        assert!(is_stale(".blogfmt-a1B2c3"));
        assert!(!is_stale(".blogfmt.toml"));
        assert!(!is_stale(".blogfmt-notes.md"));
        assert!(
            !is_stale(&format!("{}abc123.tmp", prefix())),
            "this run is alive"
        );
        // Process ids are below 2^22 on Linux: this one cannot be running.
        assert!(is_stale(".blogfmt-2147483647-abc123.tmp"));
        assert!(!is_stale(".blogfmt-2147483647-.tmp"));
    }
}
