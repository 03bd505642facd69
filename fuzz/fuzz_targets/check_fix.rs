//! Fuzz `lint` and `fix` with the full default house style.
//!
//! Any input that `blogfmt` would read (UTF-8 without NUL) must keep every promise the
//! property tests check (`tests/common/mod.rs`, shared here so both use one oracle): no
//! panic, a fixpoint, `fix` idempotent, every byte outside the changed ranges kept in order,
//! code, HTML and front matter untouched, untouched blocks rendering alike, and a changes log.
#![no_main]

use std::sync::LazyLock;

use blogfmt::Config;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/mod.rs"]
mod common;

static CONFIG: LazyLock<Config> = LazyLock::new(Config::default_style);

fuzz_target!(|data: &[u8]| {
    if data.contains(&0) {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    common::check_fix_invariants(text, &CONFIG);
});
