//! `blogfmt init`: write a starter `blogfmt.toml` in the current folder.
//!
//! The starter is the embedded default house style, every key with its comment, under
//! `extends = "default"`: the blog edits the values it wants to change, and rules added to
//! blogfmt later still run with their defaults.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::Common;
use super::files::CONFIG_NAMES;
use crate::error::Error;
use crate::settings::DEFAULT_TOML;

/// The starter config text.
pub(crate) fn starter() -> String {
    format!(
        "# This blog's house style for blogfmt (https://crates.io/crates/blogfmt).\n\
         #\n\
         # It starts from blogfmt's default house style and repeats every key with its default\n\
         # value, so each can be changed here. Delete the keys you keep as they are if you\n\
         # prefer a short file: `extends = \"default\"` fills them in.\n\
         # `blogfmt rules` lists the rules, `blogfmt explain RULE` explains one.\n\
         \n\
         extends = \"default\"\n\
         \n\
         {DEFAULT_TOML}"
    )
}

pub(super) fn run(common: &Common) -> Result<ExitCode, Error> {
    let path = Path::new(CONFIG_NAMES[0]);
    if let Some(existing) = CONFIG_NAMES.iter().map(Path::new).find(|p| p.exists()) {
        return Err(Error::Usage(format!(
            "{}: already exists; blogfmt init never overwrites a config",
            existing.display()
        )));
    }
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    // `create_new` refuses to overwrite a file created since the check above.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io)?;
    file.write_all(starter().as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    if !common.quiet {
        println!(
            "Wrote {}: the default house style, ready to edit.",
            path.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    #[test]
    fn the_starter_is_the_default_house_style() {
        let starter = Config::from_toml("blogfmt.toml", &starter()).unwrap();
        let default = Config::default_style();
        assert_eq!(starter.rules().len(), default.rules().len());
        for (a, b) in starter.rules().iter().zip(default.rules()) {
            assert_eq!(a.id(), b.id());
            assert_eq!(a.severity, b.severity);
            assert_eq!(a.options, b.options);
            assert_eq!(a.message(), b.message());
        }
    }
}
