//! Which files a run reads, and which house style each one follows.
//!
//! Directories are walked with the `ignore` crate, as ripgrep does: `.gitignore`, `.ignore` and
//! hidden files and folders are skipped, and only markdown extensions are taken. A file named
//! on the command line is always read (a pre-commit hook names staged files), unless an
//! `--exclude` glob matches it. The list comes back sorted, so output never depends on the
//! order the file system or the threads return things in.
//!
//! Each file follows the nearest `blogfmt.toml` (or `.blogfmt.toml`) found walking up from its
//! folder, so one repository can hold blogs with different house styles; `--config` overrides
//! that for every file, and without either the embedded default applies.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Args;
use globset::{Glob, GlobSet, GlobSetBuilder};

use super::read::load_config;
use super::site::{Choice, Sites};
use crate::error::Error;
use crate::settings::Config;

/// The config file names looked for in each folder, in order of preference.
pub(crate) const CONFIG_NAMES: &[&str] = &["blogfmt.toml", ".blogfmt.toml"];

/// Options choosing the files of a run.
#[derive(Debug, Args)]
pub(super) struct FileArgs {
    /// Skip paths matching this glob (matched against the path and each of its names, e.g.
    /// `drafts`, `**/archive/**`, `*.draft.md`); repeatable.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Markdown file extensions taken from directories (comma-separated).
    #[arg(
        long = "extension",
        value_name = "EXT",
        value_delimiter = ',',
        default_values = ["md", "markdown", "mdx"]
    )]
    extensions: Vec<String>,
}

/// Expand `paths` into the sorted, deduplicated list of markdown files to read. `-` (standard
/// input) is kept as it is.
pub(super) fn collect(paths: &[PathBuf], args: &FileArgs) -> Result<Vec<PathBuf>, Error> {
    let exclude = exclude_set(&args.exclude)?;
    let excluded = |path: &Path| is_excluded(&exclude, path);
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(path.clone());
            continue;
        }
        // A path that cannot be read is kept: reading it reports the error and the run goes
        // on with the other files.
        if !path.is_dir() {
            if !excluded(path) {
                files.push(path.clone());
            }
            continue;
        }
        let set = exclude.clone();
        let walker = ignore::WalkBuilder::new(path)
            .hidden(true)
            .ignore(true)
            .git_ignore(true)
            .git_exclude(true)
            .git_global(false)
            .require_git(false)
            .filter_entry(move |entry| !is_excluded(&set, entry.path()))
            .build();
        for entry in walker {
            let entry = entry.map_err(|err| Error::Io {
                path: path.clone(),
                source: std::io::Error::other(err.to_string()),
            })?;
            let is_file = entry.file_type().is_some_and(|t| t.is_file());
            if is_file && has_extension(entry.path(), &args.extensions) {
                files.push(clean(entry.path()));
            }
        }
    }
    // In `Path` order, with each path's key built once: comparing paths parses both each
    // time, and sorting the walk that way (by name in each directory, or all at the end) was
    // 1-2% of a corpus check.
    files.sort_by_cached_key(|path| sort_key(path));
    files.dedup();
    Ok(files)
}

/// A key that sorts as `Path` does, component by component (the kind of component first,
/// then its bytes): each component is its kind, its bytes and a NUL, which no path holds, so
/// a component sorts before any longer one it begins.
fn sort_key(path: &Path) -> Vec<u8> {
    use std::path::Component;
    let mut key = Vec::with_capacity(path.as_os_str().len() + 8);
    for component in path.components() {
        key.push(match component {
            Component::Prefix(_) => 0,
            Component::RootDir => 1,
            Component::CurDir => 2,
            Component::ParentDir => 3,
            Component::Normal(_) => 4,
        });
        key.extend_from_slice(component.as_os_str().as_encoded_bytes());
        key.push(0);
    }
    key
}

fn exclude_set(globs: &[String]) -> Result<GlobSet, Error> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let glob = Glob::new(glob.trim_start_matches("./"))
            .map_err(|e| Error::Usage(format!("--exclude `{glob}`: {e}")))?;
        builder.add(glob);
    }
    builder
        .build()
        .map_err(|e| Error::Usage(format!("--exclude: {e}")))
}

/// Whether a glob matches the path (without a leading `./`) or any one of its names.
fn is_excluded(set: &GlobSet, path: &Path) -> bool {
    if set.is_empty() {
        return false;
    }
    let path = clean(path);
    set.is_match(&path) || path.iter().any(|name| set.is_match(Path::new(name)))
}

fn has_extension(path: &Path, extensions: &[String]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|ext| {
            extensions
                .iter()
                .any(|want| want.trim_start_matches('.').eq_ignore_ascii_case(ext))
        })
}

/// `path` without a leading `./`, as people write paths in output.
fn clean(path: &Path) -> PathBuf {
    path.strip_prefix(".").unwrap_or(path).to_path_buf()
}

/// The name a file is reported under.
pub(super) fn display_name(path: &Path) -> String {
    if path.as_os_str() == "-" {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    }
}

/// The house style of each file: `--config` for all, or the nearest config file, loaded once
/// per config file and shared between the files under it.
pub(super) struct Styles<'a> {
    fixed: Option<Arc<Config>>,
    select: &'a [String],
    ignore: &'a [String],
    /// The config that applies in a folder (`None`: the embedded default).
    by_dir: HashMap<PathBuf, Option<PathBuf>>,
    loaded: HashMap<PathBuf, Arc<Config>>,
    default: Option<Arc<Config>>,
    cwd: PathBuf,
    /// The size cap for config files (`--max-file-size`).
    max_file_size: u64,
    sites: Sites,
}

impl<'a> Styles<'a> {
    /// Styles for a run; `config` is the `--config` file, if given; config files are read
    /// as [`super::read::load_config`] reads them.
    pub(super) fn new(
        config: Option<&Path>,
        select: &'a [String],
        ignore: &'a [String],
        max_file_size: u64,
    ) -> Result<Self, Error> {
        let mut styles = Styles {
            fixed: None,
            select,
            ignore,
            by_dir: HashMap::new(),
            loaded: HashMap::new(),
            default: None,
            cwd: std::env::current_dir().unwrap_or_default(),
            max_file_size,
            sites: Sites::default(),
        };
        if let Some(path) = config {
            styles.fixed = Some(styles.build(load_config(path, max_file_size)?)?);
        } else {
            // Unknown --select/--ignore names fail before any file is read.
            styles.default_style()?;
        }
        Ok(styles)
    }

    fn build(&self, mut config: Config) -> Result<Arc<Config>, Error> {
        config.restrict(self.select, self.ignore)?;
        Ok(Arc::new(config))
    }

    fn default_style(&mut self) -> Result<Arc<Config>, Error> {
        if let Some(config) = &self.default {
            return Ok(config.clone());
        }
        let config = self.build(Config::default_style())?;
        self.default = Some(config.clone());
        Ok(config)
    }

    /// The house style of the file at `path` (`-`: a file in the current folder).
    pub(super) fn for_file(&mut self, path: &Path) -> Result<Arc<Config>, Error> {
        if let Some(config) = &self.fixed {
            return Ok(config.clone());
        }
        let absolute = if path.as_os_str() == "-" {
            self.cwd.join("-")
        } else {
            self.cwd.join(path)
        };
        let dir = absolute.parent().unwrap_or(&self.cwd).to_path_buf();
        match self.config_in(&dir) {
            Some(file) => self.load(&file),
            None => self.default_style(),
        }
    }

    /// The house style of the file at `path` and the syntax it is read with.
    pub(super) fn for_draft(
        &mut self,
        path: &Path,
    ) -> Result<(Arc<Config>, crate::markdown::Syntax), Error> {
        let config = self.for_file(path)?;
        let syntax = self.syntax_for(path, &config).syntax;
        Ok((config, syntax))
    }

    /// The dialect the file at `path` is read in under `config` (its house style), and why.
    pub(super) fn syntax_for(&mut self, path: &Path, config: &Config) -> Choice {
        let absolute = if path.as_os_str() == "-" {
            self.cwd.join("-")
        } else {
            self.cwd.join(path)
        };
        self.sites.choose(&absolute, config, &self.cwd)
    }

    /// The house style that describes the rules in output that covers many files (SARIF's
    /// rule metadata): `--config`, else the embedded default.
    pub(super) fn reference(&mut self) -> Result<Arc<Config>, Error> {
        match &self.fixed {
            Some(config) => Ok(config.clone()),
            None => self.default_style(),
        }
    }

    /// The house style that applies in the current folder, for `rules` and `explain`.
    pub(super) fn for_cwd(&mut self) -> Result<Arc<Config>, Error> {
        self.for_file(Path::new("-"))
    }

    /// The nearest config file at or above `dir`, remembered for every folder on the way.
    fn config_in(&mut self, dir: &Path) -> Option<PathBuf> {
        nearest(
            &mut self.by_dir,
            dir,
            |ancestor| {
                CONFIG_NAMES
                    .iter()
                    .map(|name| ancestor.join(name))
                    .find(|file| file.is_file())
            },
            |_| false,
        )
    }

    fn load(&mut self, file: &Path) -> Result<Arc<Config>, Error> {
        if let Some(config) = self.loaded.get(file) {
            return Ok(config.clone());
        }
        // Name the config relative to the current folder when it is under it, as the user
        // would type it.
        let name = file.strip_prefix(&self.cwd).unwrap_or(file);
        let config = self.build(load_config(name, self.max_file_size)?)?;
        self.loaded.insert(file.to_path_buf(), config.clone());
        Ok(config)
    }
}

/// What `find` finds in `dir` or the nearest folder above it, stopping after a folder for
/// which `last` holds; remembered in `cache` for every folder on the way, so a tree of posts
/// looks at each folder once.
pub(super) fn nearest<T: Clone>(
    cache: &mut HashMap<PathBuf, Option<T>>,
    dir: &Path,
    find: impl Fn(&Path) -> Option<T>,
    last: impl Fn(&Path) -> bool,
) -> Option<T> {
    let mut visited = Vec::new();
    let mut found = None;
    for ancestor in dir.ancestors() {
        if let Some(known) = cache.get(ancestor) {
            found = known.clone();
            break;
        }
        visited.push(ancestor.to_path_buf());
        found = find(ancestor);
        if found.is_some() || last(ancestor) {
            break;
        }
    }
    for dir in visited {
        cache.insert(dir, found.clone());
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_key_orders_as_path_does() {
        let names = [
            "a/b", "a-b", "a.md", "a/b/c", "a/b.md", "/abs/x", "/", "./rel", "../up", "a//b",
            "a/./b", "b", "A", "a b", "é/x", "e/x", "a", "ab", "a/", "..", ".", "x/../y",
        ];
        let mut expected: Vec<PathBuf> = names.iter().map(PathBuf::from).collect();
        let mut by_key = expected.clone();
        expected.sort();
        by_key.sort_by_cached_key(|p| sort_key(p));
        assert_eq!(by_key, expected);
        for a in &names {
            for b in &names {
                let (a, b) = (Path::new(a), Path::new(b));
                assert_eq!(sort_key(a).cmp(&sort_key(b)), a.cmp(b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn excludes_match_the_path_or_any_name() {
        let set = exclude_set(&["drafts".into(), "**/old/*.md".into()]).unwrap();
        assert!(is_excluded(&set, Path::new("./blog/drafts/a.md")));
        assert!(is_excluded(&set, Path::new("blog/old/a.md")));
        assert!(!is_excluded(&set, Path::new("blog/posts/a.md")));
    }

    #[test]
    fn extensions_are_matched_without_case_or_dot() {
        let exts = vec!["md".to_string(), ".markdown".to_string()];
        assert!(has_extension(Path::new("a.MD"), &exts));
        assert!(has_extension(Path::new("a.markdown"), &exts));
        assert!(!has_extension(Path::new("a.mdx"), &exts));
    }
}
