//! The site a post belongs to, which picks its dialect under `dialect = "auto"`: the nearest
//! Hugo, Jekyll, Docusaurus or Astro config found walking up from the post's folder, stopping
//! at the repository root (a folder holding `.git`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::markdown::{Dialect, Syntax};
use crate::settings::Config;

/// A site generator whose config marks a folder as a site's root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Generator {
    Hugo,
    Jekyll,
    Docusaurus,
    Astro,
}

/// The config files that mark each generator's site, in the order they are looked for.
const MARKERS: &[(Generator, &str)] = &[
    (Generator::Hugo, "hugo.toml"),
    (Generator::Hugo, "hugo.yaml"),
    (Generator::Hugo, "hugo.yml"),
    (Generator::Hugo, "hugo.json"),
    (Generator::Jekyll, "_config.yml"),
    (Generator::Jekyll, "_config.yaml"),
    (Generator::Docusaurus, "docusaurus.config.js"),
    (Generator::Docusaurus, "docusaurus.config.ts"),
    (Generator::Docusaurus, "docusaurus.config.mjs"),
    (Generator::Docusaurus, "docusaurus.config.cjs"),
    (Generator::Astro, "astro.config.mjs"),
    (Generator::Astro, "astro.config.js"),
    (Generator::Astro, "astro.config.ts"),
    (Generator::Astro, "astro.config.mts"),
];

/// Hugo's older config names, which other generators use too: Hugo's only when they set
/// `baseURL` (Zola writes `base_url`).
const HUGO_LEGACY: &[&str] = &["config.toml", "config.yaml", "config.yml", "config.json"];

/// A site's root: its generator and the config file that shows it.
#[derive(Debug, Clone)]
struct Site {
    generator: Generator,
    marker: PathBuf,
}

/// The dialect chosen for one file, and why, as `blogfmt config` prints it.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    /// The syntax the file is read with.
    pub syntax: Syntax,
    /// Why this dialect, in a phrase (`Hugo site: docs/hugo.toml`).
    pub reason: String,
}

/// The sites found so far, per folder, so a tree of posts looks at each folder once.
#[derive(Default)]
pub(super) struct Sites {
    by_dir: HashMap<PathBuf, Option<Site>>,
}

impl Sites {
    /// The dialect of the post at `path` (absolute) under `config`; site configs are named
    /// relative to `cwd` when under it.
    pub(super) fn choose(&mut self, path: &Path, config: &Config, cwd: &Path) -> Choice {
        let style = &config.markdown;
        if let Some(dialect) = style.dialect {
            return Choice {
                syntax: style.syntax(dialect),
                reason: format!(
                    "`[markdown] dialect = \"{}\"` in {}",
                    dialect.name(),
                    config.name
                ),
            };
        }
        let is_mdx = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("mdx"));
        let site = path.parent().and_then(|dir| self.site_of(dir));
        let (dialect, reason) = match (is_mdx, &site) {
            (true, _) => (Dialect::Mdx, "the file is .mdx".to_string()),
            (false, Some(site)) => {
                let marker = site
                    .marker
                    .strip_prefix(cwd)
                    .unwrap_or(&site.marker)
                    .display();
                match site.generator {
                    Generator::Hugo => (Dialect::Hugo, format!("Hugo site ({marker})")),
                    Generator::Jekyll => (Dialect::Jekyll, format!("Jekyll site ({marker})")),
                    Generator::Docusaurus => (
                        Dialect::Mdx,
                        format!("Docusaurus site ({marker}), which reads .md as MDX"),
                    ),
                    Generator::Astro => (
                        Dialect::CommonMark,
                        format!("Astro site ({marker}), which reads only .mdx as MDX"),
                    ),
                }
            }
            (false, None) => (
                Dialect::CommonMark,
                "no .mdx extension and no Hugo, Jekyll, Docusaurus or Astro config above the file"
                    .to_string(),
            ),
        };
        Choice {
            syntax: style.syntax(dialect),
            reason: format!("{reason}; `dialect = \"auto\"` in {}", config.name),
        }
    }

    /// The nearest site at or above `dir`, up to the repository root.
    fn site_of(&mut self, dir: &Path) -> Option<Site> {
        super::files::nearest(&mut self.by_dir, dir, site_in, |d| d.join(".git").exists())
    }
}

/// The site whose root is `dir`, if it is one.
fn site_in(dir: &Path) -> Option<Site> {
    let marked = |name: &str| {
        let path = dir.join(name);
        path.is_file().then_some(path)
    };
    if let Some((generator, marker)) = MARKERS
        .iter()
        .find_map(|&(generator, name)| marked(name).map(|m| (generator, m)))
    {
        return Some(Site { generator, marker });
    }
    HUGO_LEGACY
        .iter()
        .filter_map(|name| marked(name))
        .find(|path| sets_base_url(path))
        .map(|marker| Site {
            generator: Generator::Hugo,
            marker,
        })
}

/// Whether a config file's first 64 KiB mention Hugo's `baseURL` key.
fn sets_base_url(path: &Path) -> bool {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(64 * 1024).read_to_end(&mut head))
        .is_ok()
        && memchr::memmem::find(&head, b"baseURL").is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choose(files: &[&str], post: &str) -> Choice {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        for file in files {
            let (name, text) = file.split_once(':').unwrap_or((file, ""));
            let path = dir.path().join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        Sites::default().choose(&dir.path().join(post), &Config::default_style(), dir.path())
    }

    #[test]
    fn the_nearest_site_config_picks_the_dialect() {
        let hugo = choose(&["hugo.toml"], "content/posts/a.md");
        assert_eq!(hugo.syntax.dialect, Dialect::Hugo);
        assert!(hugo.syntax.math);
        assert!(hugo.reason.contains("hugo.toml"), "{}", hugo.reason);
        let jekyll = choose(&["_config.yml"], "_posts/a.markdown");
        assert_eq!(jekyll.syntax.dialect, Dialect::Jekyll);
        assert!(!jekyll.syntax.math);
        let docusaurus = choose(&["docusaurus.config.ts"], "blog/a.md");
        assert_eq!(docusaurus.syntax.dialect, Dialect::Mdx);
        let astro = choose(&["astro.config.mjs"], "src/a.md");
        assert_eq!(astro.syntax.dialect, Dialect::CommonMark);
        let nested = choose(&["_config.yml", "docs/hugo.toml"], "docs/content/a.md");
        assert_eq!(nested.syntax.dialect, Dialect::Hugo);
    }

    #[test]
    fn mdx_files_and_legacy_hugo_configs() {
        assert_eq!(choose(&[], "a.mdx").syntax.dialect, Dialect::Mdx);
        assert_eq!(choose(&[], "a.md").syntax.dialect, Dialect::CommonMark);
        let hugo = choose(&["config.toml:baseURL = 'https://x/'"], "content/a.md");
        assert_eq!(hugo.syntax.dialect, Dialect::Hugo);
        let zola = choose(&["config.toml:base_url = 'https://x/'"], "content/a.md");
        assert_eq!(zola.syntax.dialect, Dialect::CommonMark);
    }
}
