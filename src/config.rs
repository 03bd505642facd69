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
//! so an error in a merged key still names the file, line and column it came from.

use std::any::Any;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::ops::Range;
use std::path::Path;
use std::sync::{Arc, LazyLock};

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::Error;
use crate::diagnostic::Severity;
use crate::rules::{RULES, Rule, RuleMeta, RuleReport, RuleSpec};
use crate::template::Template;

/// The embedded default house style.
pub const DEFAULT_TOML: &str = include_str!("../rules/default.toml");

/// Keys every rule table has, handled here rather than by the rule.
const COMMON_KEYS: &[&str] = &["severity", "message", "why", "fix"];

/// A problem in a config, located by a byte span of the config text.
#[derive(Debug)]
pub struct ConfigError {
    /// Where in the config text, when known.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
}

impl ConfigError {
    /// An error at `span`.
    pub fn at(span: Range<usize>, message: impl Into<String>) -> Self {
        ConfigError {
            span: Some(span),
            message: message.into(),
        }
    }
}

impl From<toml::de::Error> for ConfigError {
    fn from(err: toml::de::Error) -> Self {
        ConfigError {
            span: err.span(),
            message: err.message().trim().to_string(),
        }
    }
}

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
        let located = |err: ConfigError| sources.locate(err);
        let mut tables = Vec::new();
        for source in &sources.0 {
            let root = source.parse().map(Cow::into_owned).map_err(|e| {
                let mut err = ConfigError::from(e);
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
        let rules = build_rules(Spanned::new(span, root)).map_err(located)?;
        Ok(Config {
            name: sources.0[0].name.clone(),
            rules,
        })
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
            let known = pattern == crate::rules::custom::KEY
                || ids.iter().any(|id| selector_matches(pattern, id));
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

/// 1-based line and character column of a byte offset in `text`.
pub(crate) fn line_col(text: &str, offset: usize) -> (usize, usize) {
    crate::markdown::LineIndex::new(text).line_col(text, offset)
}

type Table<'i> = Spanned<DeTable<'i>>;

/// One TOML text of an `extends` chain. Its spans are shifted by `offset` so that spans from
/// different files never collide once their tables are merged, and an error's span tells which
/// file (and line and column) it belongs to.
struct ChainSource {
    name: String,
    text: String,
    offset: usize,
    /// The embedded default, whose parse is shared: see [`EMBEDDED_TABLE`].
    embedded: bool,
}

/// The embedded default, parsed once per process. Every house style extends it, and parsing
/// its 16 KB is a tenth of checking one draft (about 0.4 ms).
static EMBEDDED_TABLE: LazyLock<Spanned<DeTable<'static>>> =
    LazyLock::new(|| DeTable::parse(DEFAULT_TOML).expect("checked by tests"));

impl ChainSource {
    fn file(name: String, text: String) -> Self {
        ChainSource {
            name,
            text,
            offset: 0,
            embedded: false,
        }
    }

    fn embedded() -> Self {
        ChainSource {
            name: "default (embedded)".to_string(),
            text: DEFAULT_TOML.to_string(),
            offset: 0,
            embedded: true,
        }
    }

    /// The parsed table: borrowed for the embedded default, so following `extends` does not
    /// copy it.
    fn parse(&self) -> Result<Cow<'_, Spanned<DeTable<'_>>>, toml::de::Error> {
        if self.embedded {
            Ok(Cow::Borrowed(&*EMBEDDED_TABLE))
        } else {
            DeTable::parse(&self.text).map(Cow::Owned)
        }
    }
}

/// The config first, then what it extends, and so on; the last one extends nothing.
struct Chain(Vec<ChainSource>);

impl Chain {
    /// Turn an error with a shifted span into one naming the file, line and column.
    fn locate(&self, err: ConfigError) -> Error {
        let first = &self.0[0];
        let (source, local) = match err.span {
            Some(span) => {
                let source = self
                    .0
                    .iter()
                    .rev()
                    .find(|s| s.offset <= span.start)
                    .unwrap_or(first);
                (source, Some(span.start - source.offset))
            }
            None => (first, None),
        };
        let (line, column) = local.map_or((1, 1), |offset| line_col(&source.text, offset));
        Error::Config {
            path: source.name.clone(),
            line,
            column,
            message: err.message,
        }
    }
}

/// The most configs one `extends` chain may hold: deeper is surely a mistake.
const MAX_EXTENDS: usize = 16;

/// Follow `extends` from the config `name`: `"default"` is the embedded default, anything else
/// a path relative to the directory of the file that names it.
fn extends_chain(first: ChainSource) -> Result<Chain, Error> {
    let mut chain = Chain(Vec::new());
    let mut next = Some(first);
    let mut seen: Vec<std::path::PathBuf> = Vec::new();
    while let Some(mut source) = next.take() {
        source.offset = chain
            .0
            .last()
            .map_or(0, |s: &ChainSource| s.offset + s.text.len() + 1);
        chain.0.push(source);
        let source = chain.0.last().expect("just pushed");
        let at = |span: Range<usize>, message: String| {
            chain.locate(ConfigError::at(
                span.start + source.offset..span.end + source.offset,
                message,
            ))
        };
        let root = source.parse().map_err(|e| {
            let err = ConfigError::from(e);
            let span = err.span.clone().unwrap_or(0..0);
            at(span, err.message)
        })?;
        let Some(value) = root.get_ref().get("extends") else {
            break;
        };
        let target = match value.get_ref().as_str() {
            Some("default") => ChainSource::embedded(),
            Some(relative) if !relative.is_empty() => {
                let dir = Path::new(&source.name).parent().unwrap_or(Path::new(""));
                let path = dir.join(relative);
                let canonical = path.canonicalize().unwrap_or_else(|_| path.clone());
                if seen.contains(&canonical) || chain.0.len() > MAX_EXTENDS {
                    return Err(at(
                        value.span(),
                        format!("`extends` loops back to `{}`", path.display()),
                    ));
                }
                seen.push(canonical);
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    at(
                        value.span(),
                        format!("cannot read `{}`: {e}", path.display()),
                    )
                })?;
                ChainSource::file(path.display().to_string(), text)
            }
            _ => {
                return Err(at(
                    value.span(),
                    "`extends` must be \"default\" or the path of another config".to_string(),
                ));
            }
        };
        next = Some(target);
    }
    Ok(chain)
}

/// `table` with every span moved by `offset`.
fn shift_table(table: DeTable<'_>, offset: usize) -> DeTable<'_> {
    table
        .into_iter()
        .map(|(key, value)| {
            let key_span = key.span();
            (
                Spanned::new(
                    key_span.start + offset..key_span.end + offset,
                    key.into_inner(),
                ),
                shift_value(value, offset),
            )
        })
        .collect()
}

fn shift_value(value: Spanned<DeValue<'_>>, offset: usize) -> Spanned<DeValue<'_>> {
    let span = value.span();
    let inner = match value.into_inner() {
        DeValue::Table(table) => DeValue::Table(shift_table(table, offset)),
        DeValue::Array(items) => DeValue::Array(
            items
                .into_iter()
                .map(|item| shift_value(item, offset))
                .collect(),
        ),
        other => other,
    };
    Spanned::new(span.start + offset..span.end + offset, inner)
}

/// Merge `over` into `base`: tables merge recursively, any other value replaces.
fn merge<'i>(base: &mut DeTable<'i>, over: DeTable<'i>) {
    for (key, value) in over {
        let existing = base.get_mut(key.get_ref().as_ref());
        match (existing, value.get_ref().is_table()) {
            (Some(existing), true) if existing.get_ref().is_table() => {
                let span = value.span();
                let DeValue::Table(over_table) = value.into_inner() else {
                    unreachable!("checked is_table above")
                };
                let DeValue::Table(base_table) = existing.get_mut() else {
                    unreachable!("checked is_table above")
                };
                merge(base_table, over_table);
                // Errors inside the merged table should point into the overriding file.
                *existing = Spanned::new(span, existing.get_ref().clone());
            }
            _ => {
                base.insert(key, value);
            }
        }
    }
}

fn build_rules(root: Table<'_>) -> Result<Vec<ConfiguredRule>, ConfigError> {
    let families: Vec<&str> = {
        let mut f: Vec<&str> = RULES.iter().map(|s| s.family()).collect();
        f.dedup();
        f
    };
    let mut family_tables = Vec::new();
    let mut custom = Vec::new();
    for (key, value) in root.into_inner() {
        let name = key.get_ref().as_ref();
        if name == crate::rules::custom::KEY {
            custom = crate::rules::custom::load(value)?;
            continue;
        }
        if !families.contains(&name) {
            return Err(ConfigError::at(
                key.span(),
                format!(
                    "unknown key `{name}`{}; expected `extends`, `[[custom]]` or a rule family: {}",
                    did_you_mean(name, families.iter().copied()),
                    families.join(", ")
                ),
            ));
        }
        let span = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            return Err(ConfigError::at(span, format!("`{name}` must be a table")));
        };
        family_tables.push((name.to_string(), span, table));
    }

    let mut rules = Vec::new();
    for (family, span, table) in family_tables {
        let specs: Vec<&'static RuleSpec> = RULES
            .iter()
            .copied()
            .filter(|s| s.family() == family)
            .collect();
        let mut shared = DeTable::new();
        let mut rule_tables = Vec::new();
        for (key, value) in table {
            let name = key.get_ref().as_ref();
            if let Some(spec) = specs.iter().find(|s| s.name() == name) {
                rule_tables.push((*spec, key.span(), value));
            } else if value.get_ref().is_table() {
                let names = specs.iter().map(|s| s.name());
                return Err(ConfigError::at(
                    key.span(),
                    format!(
                        "unknown rule `{family}/{name}`{}",
                        did_you_mean(name, names)
                    ),
                ));
            } else {
                shared.insert(key, value);
            }
        }
        let family_state = FamilyState::default();
        let shared_keys: Vec<(String, Range<usize>)> = shared
            .iter()
            .map(|(k, _)| (k.get_ref().to_string(), k.span()))
            .collect();
        let shared = Spanned::new(span.clone(), shared);
        for spec in &specs {
            let Some((_, _, value)) = rule_tables.iter().find(|(s, _, _)| s.id == spec.id) else {
                continue;
            };
            rules.push(build_rule(spec, &shared, &family_state, value.clone())?);
        }
        if let Some((key, key_span)) = shared_keys.first().filter(|_| !family_state.used.get()) {
            return Err(ConfigError::at(
                key_span.clone(),
                format!("unknown key `{key}` in [{family}]"),
            ));
        }
    }
    rules.sort_by_key(|r| RULES.iter().position(|s| s.id == r.id()));
    // Custom rules follow the built-ins, in the order the config lists them.
    rules.extend(custom);
    Ok(rules)
}

fn build_rule(
    spec: &'static RuleSpec,
    shared: &Spanned<DeTable<'_>>,
    family: &FamilyState,
    value: Spanned<DeValue<'_>>,
) -> Result<ConfiguredRule, ConfigError> {
    let span = value.span();
    let DeValue::Table(mut table) = value.into_inner() else {
        return Err(ConfigError::at(
            span,
            format!("`{}` must be a table", spec.id),
        ));
    };
    let mut take_string =
        |key: &str, required: bool| -> Result<Option<Spanned<String>>, ConfigError> {
            match table.remove(key) {
                Some(v) => {
                    let s = v.span();
                    v.get_ref()
                        .as_str()
                        .map(|text| Some(Spanned::new(s.clone(), text.to_string())))
                        .ok_or_else(|| ConfigError::at(s, format!("`{key}` must be a string")))
                }
                None if required => Err(ConfigError::at(
                    span.clone(),
                    format!("[{}.{}] needs `{key}`", spec.family(), spec.name()),
                )),
                None => Ok(None),
            }
        };
    let severity = take_string("severity", true)?.expect("required");
    let severity_value = parse_severity(&severity)?;
    let message = take_string("message", true)?.expect("required");
    let why = take_string("why", true)?.expect("required");
    let fix = take_string("fix", spec.fix.is_fixable())?;
    if let Some(fix) = fix.as_ref().filter(|_| !spec.fix.is_fixable()) {
        return Err(ConfigError::at(
            fix.span(),
            format!("`{}` fixes nothing, so it takes no `fix`", spec.id),
        ));
    }
    let template = |t: &Spanned<String>| {
        Template::parse(t.get_ref(), spec.vars).map_err(|m| ConfigError::at(t.span(), m))
    };
    let report = RuleReport {
        id: Arc::from(spec.id),
        severity: severity_value.unwrap_or(Severity::Error),
        message: template(&message)?,
        fix: fix.as_ref().map(template).transpose()?,
    };
    let options = table
        .iter()
        .filter(|(k, _)| !COMMON_KEYS.contains(&k.get_ref().as_ref()))
        .map(|(k, v)| (k.get_ref().to_string(), display_value(v.get_ref())))
        .collect();
    let ctx = RuleContext {
        shared,
        family,
        options: Spanned::new(span, table),
    };
    let check = (spec.build)(&ctx)?;
    Ok(ConfiguredRule {
        spec: RuleMeta::from(spec),
        severity: severity_value,
        why: why.into_inner(),
        options,
        report,
        check,
    })
}

/// A `severity` value: `None` for "off".
pub(crate) fn parse_severity(value: &Spanned<String>) -> Result<Option<Severity>, ConfigError> {
    match value.get_ref().as_str() {
        "error" => Ok(Some(Severity::Error)),
        "warning" => Ok(Some(Severity::Warning)),
        "off" => Ok(None),
        other => Err(ConfigError::at(
            value.span(),
            format!("severity must be \"error\", \"warning\" or \"off\", not \"{other}\""),
        )),
    }
}

pub(crate) fn display_value(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("{s:?}"),
        DeValue::Integer(i) => i.as_str().to_string(),
        DeValue::Float(f) => f.as_str().to_string(),
        DeValue::Boolean(b) => b.to_string(),
        DeValue::Datetime(d) => d.to_string(),
        DeValue::Array(items) => {
            let items: Vec<String> = items.iter().map(|v| display_value(v.get_ref())).collect();
            format!("[{}]", items.join(", "))
        }
        DeValue::Table(_) => "{ … }".to_string(),
    }
}

/// What a rule's `build` reads its configuration from.
pub struct RuleContext<'a> {
    shared: &'a Spanned<DeTable<'a>>,
    family: &'a FamilyState,
    options: Spanned<DeTable<'a>>,
}

/// What the rules of one family share while a config loads.
#[derive(Default)]
struct FamilyState {
    /// Whether any rule read the family's shared keys (else they are reported as unknown).
    used: Cell<bool>,
    /// The family's style, built once (regexes compiled once) and shared by its rules.
    built: RefCell<Option<Arc<dyn Any + Send + Sync>>>,
}

impl RuleContext<'_> {
    /// The family's shared keys (`[summary]`), deserialized into the family's options struct.
    pub fn family<T: DeserializeOwned>(&self) -> Result<T, ConfigError> {
        self.family.used.set(true);
        deserialize(self.shared.span(), self.shared.get_ref().clone())
    }

    /// The family's style built by `build` from its shared keys, once per config: every rule of
    /// the family gets the same `Arc`, so regexes and word lists are compiled once.
    pub fn family_shared<T: Any + Send + Sync>(
        &self,
        build: impl FnOnce(&Self) -> Result<T, ConfigError>,
    ) -> Result<Arc<T>, ConfigError> {
        let cached = self.family.built.borrow().clone();
        if let Some(style) = cached.and_then(|any| any.downcast::<T>().ok()) {
            return Ok(style);
        }
        let style = Arc::new(build(self)?);
        *self.family.built.borrow_mut() = Some(style.clone());
        Ok(style)
    }

    /// The rule's own options (its table minus severity, message, why and fix).
    pub fn options<T: DeserializeOwned>(&self) -> Result<T, ConfigError> {
        deserialize(self.options.span(), self.options.get_ref().clone())
    }
}

fn deserialize<T: DeserializeOwned>(
    span: Range<usize>,
    table: DeTable<'_>,
) -> Result<T, ConfigError> {
    T::deserialize(ValueDeserializer::from(Spanned::new(
        span.clone(),
        DeValue::Table(table),
    )))
    .map_err(|e| {
        let mut err = ConfigError::from(e);
        err.span.get_or_insert(span);
        err
    })
}

/// The options of a rule that has none of its own: its table holds only the common keys.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoOptions {}

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
