//! Test hooks: environment variables, read only here, that make the races and failures of
//! `fix --in-place` happen on demand in the integration tests. They are not options: nothing
//! about them is promised to users, and a normal run never sets them.
//!
//! - `BLOGFMT_TEST_PAUSE_BEFORE_RENAME=FILE`: once every output is staged, and before the
//!   first rename, create FILE and wait (up to a minute) until it is removed. A test edits a
//!   draft in that window, or sends a signal there.
//! - `BLOGFMT_TEST_FAIL_STAGE=TEXT`: staging an output whose path contains TEXT fails as a
//!   full disk would (`ENOSPC`), after its temporary file is created.

use std::ffi::{OsStr, OsString};
use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// The value of a hook's variable, read once per process.
fn var(cell: &'static OnceLock<Option<OsString>>, name: &str) -> Option<&'static OsStr> {
    cell.get_or_init(|| std::env::var_os(name)).as_deref()
}

static PAUSE: OnceLock<Option<OsString>> = OnceLock::new();
static FAIL: OnceLock<Option<OsString>> = OnceLock::new();

/// The `BLOGFMT_TEST_PAUSE_BEFORE_RENAME` hook (see the module docs).
pub(super) fn pause_before_renames() {
    let Some(marker) = var(&PAUSE, "BLOGFMT_TEST_PAUSE_BEFORE_RENAME") else {
        return;
    };
    let marker = Path::new(marker);
    if std::fs::write(marker, b"").is_err() {
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    while marker.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The `BLOGFMT_TEST_FAIL_STAGE` hook (see the module docs): the error staging `path` meets.
pub(super) fn stage_failure(path: &Path) -> Option<std::io::Error> {
    let text = var(&FAIL, "BLOGFMT_TEST_FAIL_STAGE")?.to_str()?;
    path.to_str()?
        .contains(text)
        .then(|| std::io::Error::from_raw_os_error(libc::ENOSPC))
}
