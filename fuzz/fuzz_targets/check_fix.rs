//! Fuzz `lint` and `fix` with the full default house style, read as CommonMark and in each
//! dialect (Hugo, Jekyll, MDX, with math).
//!
//! Any input that `blogfmt` would read (UTF-8 without NUL) must keep every promise the
//! property tests check (`tests/common/mod.rs`, shared here so both use one oracle): no
//! panic, a fixpoint, `fix` idempotent, every byte outside the changed ranges kept in order,
//! code, HTML and front matter untouched, untouched blocks rendering alike, the outline kept,
//! and a changes log.
#![no_main]

use std::sync::LazyLock;

use blogfmt::Config;
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/common/mod.rs"]
mod common;

static CONFIGS: LazyLock<Vec<Config>> = LazyLock::new(|| {
    let mut configs = vec![Config::default_style()];
    for dialect in ["hugo", "jekyll", "mdx"] {
        let toml =
            format!("extends = \"default\"\n[markdown]\ndialect = \"{dialect}\"\nmath = true\n");
        configs.push(Config::from_toml("dialect.toml", &toml).expect("a valid dialect config"));
    }
    configs
});

fuzz_target!(|data: &[u8]| {
    if data.contains(&0) {
        return;
    }
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for config in CONFIGS.iter() {
        common::check_fix_invariants(text, config);
    }
});
