//! The house style: `rules/default.toml` embedded in the binary, or a blog's own TOML.
//!
//! A config is a table per rule family (`[summary]`) holding the family's shared keys and a
//! sub-table per rule (`[summary.length]`) with `severity`, `message`, `why`, `fix` and the
//! rule's own options. Loading validates everything up front: unknown families, rules and keys,
//! wrong types and bad templates are errors naming the file, line and column, and a rule is
//! built (regexes compiled, templates parsed) exactly once per config.
//!
//! `extends = "default"` starts from the embedded default and overrides single keys;
//! `extends = "../base.toml"` does the same over another config, found relative to the file that
//! names it (which may itself extend another). Without `extends` the file replaces the default,
//! and a rule whose table is absent does not run. Each file of a chain keeps its own span range,

mod build;
mod chain;
mod custom;
mod markdown;
mod merge;

use std::borrow::Cow;
use std::path::Path;

use toml::Spanned;

use crate::diagnostic::Severity;
use crate::error::Error;
use crate::rule::{OptionsError, Rule, RuleMeta, RuleReport};
use crate::rules::RULES;

use build::build_rules;
use chain::{Chain, ChainSource, extends_chain};
use merge::{merge, shift_table};

pub use markdown::MarkdownStyle;

/// The embedded default house style.
pub const DEFAULT_TOML: &str = include_str!("../../rules/default.toml");

/// One rule as the config sets it up.
pub struct ConfiguredRule {
    /// What is known of the rule: its registry entry, or its `[[custom]]` table.
    pub spec: RuleMeta,
    /// `None` when the config turns the rule off.
    pub severity: Option<Severity>,
    /// Why the house style has this rule, for the log and `explain`.
    pub why: String,
    /// The rule's own option values as written, for `explain`.
    pub options: Vec<(String, String)>,
    /// Id, severity and templates handed to the checker.
    pub(crate) report: RuleReport,
    pub(crate) check: Box<dyn Rule>,
}

impl ConfiguredRule {
    /// The rule id.
    pub fn id(&self) -> &str {
        &self.spec.id
    }

    /// The diagnostic message template.
    pub fn message(&self) -> &str {
        self.report.message.source()
    }
}

/// A loaded house style: every configured rule, built and ready to check.
pub struct Config {
    /// Where the house style came from: `default (embedded)` or the config path.
    pub name: String,
    /// The files the house style was built from, in order: the config, then what it extends.
    pub chain: Vec<String>,
    /// How drafts are read: the dialect and math.
    pub markdown: MarkdownStyle,
    rules: Vec<ConfiguredRule>,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("name", &self.name)
            .field(
                "rules",
                &self.rules.iter().map(|r| r.id()).collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl Config {
    /// The embedded default house style.
    pub fn default_style() -> Config {
        extends_chain(ChainSource::embedded())
            .and_then(Config::from_chain)
            .expect("the embedded rules/default.toml is valid (checked by tests)")
    }

    /// Load a house style from a TOML file. A relative `extends` path is resolved against the
    /// file's own directory.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let text = std::fs::read_to_string(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::from_toml(&path.display().to_string(), &text)
    }

    /// Parse a house style from TOML text; `name` names it in errors and in the log, and is the
    /// path a relative `extends` is resolved against.
    pub fn from_toml(name: &str, text: &str) -> Result<Config, Error> {
        Config::from_chain(extends_chain(ChainSource::file(
            name.to_string(),
            text.to_string(),
        ))?)
    }

    fn from_chain(sources: Chain) -> Result<Config, Error> {
        let located = |err: OptionsError| sources.locate(err);
        let mut tables = Vec::new();
        for source in &sources.0 {
            let root = source.parse().map(Cow::into_owned).map_err(|e| {
                let mut err = OptionsError::from(e);
                err.span = err
                    .span
                    .map(|s| s.start + source.offset..s.end + source.offset);
                located(err)
            })?;
            let mut root = shift_table(root.into_inner(), source.offset);
            root.remove("extends");
            tables.push(root);
        }
        let mut root = tables
            .pop()
            .expect("the chain holds at least the config itself");
        while let Some(over) = tables.pop() {
            merge(&mut root, over);
        }
        let span = sources.0[0].offset..sources.0[0].offset + sources.0[0].text.len();
        let (rules, markdown) = build_rules(Spanned::new(span, root)).map_err(located)?;
        Ok(Config {
            name: sources.0[0].name.clone(),
            chain: sources.0.iter().map(|s| s.name.clone()).collect(),
            markdown,
            rules,
        })
    }

    /// The syntax of a draft whose site is unknown: the configured dialect, and CommonMark
    /// for `auto` (the CLI decides `auto` per file, from its extension and site).
    pub fn syntax(&self) -> crate::markdown::Syntax {
        self.markdown
            .syntax(self.markdown.dialect.unwrap_or_default())
    }

    /// Every configured rule, in registry order, including rules turned off.
    pub fn rules(&self) -> &[ConfiguredRule] {
        &self.rules
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&ConfiguredRule> {
        self.rules.iter().find(|r| r.id() == id)
    }

    /// The rules that run: configured and not turned off.
    pub fn active_rules(&self) -> impl Iterator<Item = &ConfiguredRule> {
        self.rules.iter().filter(|r| r.severity.is_some())
    }

    /// Keep only rules matching `select` (when given) and not matching `ignore`. Each entry is
    /// a rule id or a family name (`custom` for every custom rule); an entry that matches no
    /// built-in rule and no custom rule of this config is a usage error.
    pub fn restrict(&mut self, select: &[String], ignore: &[String]) -> Result<(), Error> {
        let ids: Vec<&str> = RULES
            .iter()
            .map(|s| s.id)
            .chain(self.rules.iter().map(|r| r.id()))
            .collect();
        for pattern in select.iter().chain(ignore) {
            // `custom` is a valid family even in a config without custom rules, so a hook can
            // pass `--ignore custom` whatever the blog's config holds.
            let known =
                pattern == custom::KEY || ids.iter().any(|id| selector_matches(pattern, id));
            if !known {
                return Err(Error::Usage(format!(
                    "unknown rule `{pattern}`{}; `blogfmt rules` lists them",
                    did_you_mean(pattern, ids.iter().copied())
                )));
            }
        }
        for rule in &mut self.rules {
            let id = &rule.spec.id;
            let selected = select.is_empty() || select.iter().any(|p| selector_matches(p, id));
            let ignored = ignore.iter().any(|p| selector_matches(p, id));
            if !selected || ignored {
                rule.severity = None;
            }
        }
        Ok(())
    }
}

fn selector_matches(pattern: &str, id: &str) -> bool {
    pattern == id
        || id
            .split_once('/')
            .is_some_and(|(family, _)| family == pattern)
}

/// " (did you mean `x`?)" when a candidate is close to `word`.
pub(crate) fn did_you_mean<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    candidates
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// Whether `text` is written, as a single-quoted literal, in the embedded house style.
pub(crate) fn is_default_literal(text: &str) -> bool {
    DEFAULT_TOML.contains(&format!("'{text}'"))
}

/// A family's table of the embedded default, for unit tests of family detection.
#[cfg(test)]
pub(crate) fn default_family_table(family: &str) -> toml::Table {
    let table: toml::Table = DEFAULT_TOML.parse().expect("default.toml parses");
    table[family].as_table().expect("family table").clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Document;

    fn error(text: &str) -> String {
        Config::from_toml("blog.toml", text)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn default_style_loads_every_rule() {
        let config = Config::default_style();
        for spec in RULES {
            assert!(
                config.rule(spec.id).is_some(),
                "{} missing from default.toml",
                spec.id
            );
        }
    }

    #[test]
    fn extends_overrides_single_keys() {
        let config = Config::from_toml(
            "blog.toml",
            "extends = \"default\"\n[summary.length]\nmax-sentences = 5\n",
        )
        .unwrap();
        let rule = config.rule("summary/length").unwrap();
        assert!(rule.options.contains(&("max-sentences".into(), "5".into())));
        assert!(rule.options.contains(&("max-words".into(), "80".into())));
    }

    #[test]
    fn unknown_keys_name_file_line_and_column() {
        let err = error("extends = \"default\"\n\n[summary.length]\nmax-sentence = 5\n");
        assert!(err.starts_with("blog.toml:4:1: "), "{err}");
        assert!(err.contains("max-sentence"), "{err}");
    }

    #[test]
    fn unknown_rules_and_families_are_errors() {
        let err = error("extends = \"default\"\n[summary.lenght]\nseverity = \"off\"\n");
        assert!(
            err.starts_with("blog.toml:2:10: unknown rule `summary/lenght`"),
            "{err}"
        );
        assert!(err.contains("did you mean `length`"), "{err}");
        let err = error("[sumary]\n");
        assert!(
            err.starts_with("blog.toml:1:2: unknown key `sumary`"),
            "{err}"
        );
    }

    #[test]
    fn wrong_types_are_errors() {
        let err = error("extends = \"default\"\n[summary.length]\nmax-words = \"many\"\n");
        assert!(err.starts_with("blog.toml:3:13: "), "{err}");
        let err = error("extends = \"default\"\n[summary.length]\nseverity = \"fatal\"\n");
        assert!(err.starts_with("blog.toml:3:12: severity must be"), "{err}");
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = error("[summary\n");
        assert!(err.starts_with("blog.toml:1:"), "{err}");
    }

    #[test]
    fn unknown_template_variables_are_errors() {
        let err = error("extends = \"default\"\n[summary.length]\nmessage = \"{nope}\"\n");
        assert!(
            err.starts_with("blog.toml:3:11: unknown template variable"),
            "{err}"
        );
    }

    #[test]
    fn extends_a_relative_path_and_names_the_file_of_each_error() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().join("base.toml");
        let blog = dir.path().join("blog");
        std::fs::create_dir(&blog).unwrap();
        let child = blog.join("blogfmt.toml");
        std::fs::write(
            &base,
            "extends = \"default\"\n[summary]\nheading-text = \"Summary\"\n",
        )
        .unwrap();
        std::fs::write(
            &child,
            "extends = \"../base.toml\"\n[summary.length]\nmax-words = 10\n",
        )
        .unwrap();
        let config = Config::load(&child).unwrap();
        let rule = config.rule("summary/length").unwrap();
        assert!(rule.options.contains(&("max-words".into(), "10".into())));
        assert!(rule.options.contains(&("max-sentences".into(), "3".into())));
        let doc = Document::parse("# T\n\n## Summary\n\nShort.\n\n## Body\n\nText.\n".into());
        let ids: Vec<String> = crate::lint(&doc, &config)
            .iter()
            .map(|d| d.rule.to_string())
            .collect();
        assert!(!ids.iter().any(|id| id.starts_with("summary/")), "{ids:?}");

        // An error in the base names the base, even when loaded through the child.
        std::fs::write(
            &base,
            "extends = \"default\"\n\n[summary.length]\nmax-sentence = 5\n",
        )
        .unwrap();
        let err = Config::load(&child).unwrap_err().to_string();
        let expected = format!("{}:4:1: ", blog.join("../base.toml").display());
        assert!(err.starts_with(&expected), "{err}");

        // An error in the child names the child, after the base's lines.
        std::fs::write(&base, "extends = \"default\"\n").unwrap();
        std::fs::write(
            &child,
            "extends = \"../base.toml\"\n[summary.length]\nmax-words = \"many\"\n",
        )
        .unwrap();
        let err = Config::load(&child).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}:3:13: ", child.display())),
            "{err}"
        );
    }

    #[test]
    fn extends_loops_and_missing_files_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.toml");
        std::fs::write(&a, "extends = \"b.toml\"\n").unwrap();
        std::fs::write(dir.path().join("b.toml"), "extends = \"a.toml\"\n").unwrap();
        let err = Config::load(&a).unwrap_err().to_string();
        assert!(err.contains("loops back"), "{err}");
        std::fs::write(&a, "\nextends = \"nope.toml\"\n").unwrap();
        let err = Config::load(&a).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("{}:2:11: cannot read", a.display())),
            "{err}"
        );
    }

    #[test]
    fn a_chain_past_the_depth_limit_is_not_called_a_loop() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..30 {
            let text = format!("extends = \"c{}.toml\"\n", i + 1);
            std::fs::write(dir.path().join(format!("c{i}.toml")), text).unwrap();
        }
        std::fs::write(dir.path().join("c30.toml"), "extends = \"default\"\n").unwrap();
        let err = Config::load(&dir.path().join("c0.toml"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("chain is longer than"), "{err}");
        assert!(!err.contains("loops back"), "{err}");
    }

    #[test]
    fn a_replacing_config_runs_only_its_rules() {
        let default: toml::Table = DEFAULT_TOML.parse().unwrap();
        let mut only = toml::Table::new();
        let mut family = default["summary"].as_table().unwrap().clone();
        family.retain(|k, v| !v.is_table() || k == "missing");
        only.insert("summary".into(), toml::Value::Table(family));
        let config = Config::from_toml("blog.toml", &toml::to_string(&only).unwrap()).unwrap();
        let ids: Vec<&str> = config.active_rules().map(|r| r.id()).collect();
        assert_eq!(ids, ["summary/missing"]);
    }
}
