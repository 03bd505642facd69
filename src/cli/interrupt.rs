//! SIGINT and SIGTERM while `fix` writes: every temporary file goes, and what was written is
//! said.
//!
//! Every temporary file is created and registered, and every staged file renamed, while a
//! shared gate is held for reading; the signal thread takes it for writing, so when it acts no
//! temporary file is half-created or unregistered and no rename is half-done. It then:
//!
//! - before the renames ([`begin_commit`] not called yet): removes every registered temporary
//!   file, says nothing was changed, and exits 130 (SIGINT) or 143 (SIGTERM) at once;
//! - during or after the renames: records the signal; each rename not yet started sees it and
//!   is not done, the run removes the remaining temporary files, reports which files it wrote
//!   ([`report`]), and exits 130 or 143 ([`finish`]).
//!
//! SIGKILL cannot be caught: its leftovers carry a recognisable name ([`super::stale`]).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, RwLock, RwLockReadGuard};

use signal_hook::consts::{SIGINT, SIGTERM};

/// Held for reading while a temporary file is created and registered or a staged file is
/// renamed; for writing by the signal thread.
static GATE: RwLock<()> = RwLock::new(());

static STATE: Mutex<State> = Mutex::new(State {
    temps: BTreeSet::new(),
    committing: false,
    signal: None,
    reported: false,
});

struct State {
    /// Temporary files that exist and are not renamed yet.
    temps: BTreeSet<PathBuf>,
    /// Renames have begun: a signal is left to the run to handle.
    committing: bool,
    /// The signal received, if any.
    signal: Option<i32>,
    /// The run already said, in one line, what the signal left written.
    reported: bool,
}

fn state() -> MutexGuard<'static, State> {
    // A panic elsewhere must not keep the cleanup from running.
    STATE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Hold the gate for reading (see the module docs); `None` once a signal came, when nothing
/// more may be created or renamed.
pub(super) fn enter() -> Option<RwLockReadGuard<'static, ()>> {
    let guard = GATE.read().unwrap_or_else(|e| e.into_inner());
    state().signal.is_none().then_some(guard)
}

/// Remember a temporary file for removal on a signal; call while [`enter`]'s guard is held.
pub(super) fn register(path: &Path) {
    state().temps.insert(path.to_path_buf());
}

/// Forget a temporary file that was renamed or removed.
pub(super) fn unregister(path: &Path) {
    state().temps.remove(path);
}

/// Renames begin: from now on a signal stops the renames not yet started and the run reports
/// what it wrote.
pub(super) fn begin_commit() {
    state().committing = true;
}

/// The exit code for the signal received during the run, if one was.
pub(super) fn received() -> Option<u8> {
    state().signal.map(exit_code)
}

/// Print the line that says what a signal during the renames left written, and remember
/// that it was said.
pub(super) fn report(line: &str) {
    mark_reported();
    eprintln!("blogfmt: {line}");
}

/// Remember that the run says, in an error of its own, what a signal left written.
pub(super) fn mark_reported() {
    state().reported = true;
}

/// The exit code for a signal received during the run, if one was, after saying so unless
/// the run already did: a signal that came once the writes were over stopped nothing.
pub(super) fn finish() -> Option<u8> {
    let (code, reported) = {
        let state = state();
        (state.signal.map(exit_code)?, state.reported)
    };
    if !reported {
        eprintln!(
            "blogfmt: interrupted by {} after the writes were done; the output above is complete",
            signal_name(code)
        );
    }
    Some(code)
}

/// The shell's convention: 128 plus the signal number.
fn exit_code(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(u8::MAX)
}

/// The name of a signal this module handles.
pub(super) fn signal_name(code: u8) -> &'static str {
    if i32::from(code) == 128 + SIGINT {
        "SIGINT"
    } else {
        "SIGTERM"
    }
}

/// Start the signal thread. Without it (if the system refuses), a signal ends the process
/// as usual and its temporary files are reported as stale by the next run.
pub(super) fn install() {
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("signals".to_string())
        .spawn(move || {
            for signal in signals.forever() {
                let _gate = GATE.write().unwrap_or_else(|e| e.into_inner());
                let mut state = state();
                state.signal = Some(signal);
                if state.committing {
                    continue;
                }
                for temp in std::mem::take(&mut state.temps) {
                    let _ = std::fs::remove_file(temp);
                }
                let code = exit_code(signal);
                eprintln!(
                    "blogfmt: interrupted by {}; no file was changed",
                    signal_name(code)
                );
                std::process::exit(code.into());
            }
        });
    drop(spawned);
}
