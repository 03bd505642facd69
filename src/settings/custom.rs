//! The `[[custom]]` tables of a house style: blog-defined rules with their own id
//! (`custom/...`), message, why and severity. Everything is validated and the regex compiled
//! once, when the config loads; errors point at the offending value.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use regex::Regex;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ConfiguredRule;
use super::build::{display_value, parse_severity};
use crate::diagnostic::Severity;
use crate::rule::{FixAvailability, OptionsError, RuleMeta, RuleReport};
use crate::rules::custom::{CustomRule, Scope, VARS, doc};
use crate::template::Template;

/// The top-level config key holding the custom rules.
pub(crate) const KEY: &str = "custom";

/// The keys a `[[custom]]` table may have.
const KEYS: &[&str] = &[
    "id", "pattern", "scope", "message", "why", "severity", "replace",
];

/// Build every rule of the `custom` array of tables.
pub(crate) fn load(value: Spanned<DeValue<'_>>) -> Result<Vec<ConfiguredRule>, OptionsError> {
    let span = value.span();
    let DeValue::Array(items) = value.into_inner() else {
        return Err(OptionsError::at(
            span,
            "`custom` must be an array of tables: write each rule as `[[custom]]`",
        ));
    };
    let mut rules: Vec<ConfiguredRule> = Vec::new();
    // A set, not a scan of the rules so far: 32,000 rules took seconds to load that way.
    let mut ids = std::collections::HashSet::new();
    for item in items {
        let span = item.span();
        let DeValue::Table(table) = item.into_inner() else {
            return Err(OptionsError::at(
                span,
                "each `[[custom]]` entry must be a table",
            ));
        };
        let (rule, id_span) = build(span, table)?;
        if !ids.insert(rule.id().to_string()) {
            return Err(OptionsError::at(
                id_span,
                format!("custom rule `{}` is defined twice", rule.id()),
            ));
        }
        rules.push(rule);
    }
    Ok(rules)
}

fn build(
    span: std::ops::Range<usize>,
    table: DeTable<'_>,
) -> Result<(ConfiguredRule, std::ops::Range<usize>), OptionsError> {
    for (key, _) in table.iter() {
        let name = key.get_ref().as_ref();
        if !KEYS.contains(&name) {
            return Err(OptionsError::at(
                key.span(),
                format!(
                    "unknown key `{name}` in [[custom]]{}; expected one of: {}",
                    super::did_you_mean(name, KEYS.iter().copied()),
                    KEYS.join(", ")
                ),
            ));
        }
    }
    let string = |key: &str, required: bool| -> Result<Option<Spanned<String>>, OptionsError> {
        match table.get(key) {
            Some(v) => v
                .get_ref()
                .as_str()
                .map(|s| Some(Spanned::new(v.span(), s.to_string())))
                .ok_or_else(|| OptionsError::at(v.span(), format!("`{key}` must be a string"))),
            None if required => Err(OptionsError::at(
                span.clone(),
                format!("[[custom]] needs `{key}`"),
            )),
            None => Ok(None),
        }
    };
    let required = |key: &str| string(key, true).map(|v| v.expect("required"));

    let id = required("id")?;
    let name = id.get_ref().strip_prefix("custom/").unwrap_or_default();
    if name.is_empty() || name.contains(['/', ',', ' ']) {
        return Err(OptionsError::at(
            id.span(),
            format!(
                "custom rule id `{}` must start with `custom/` followed by a name without `/`, `,` or spaces, e.g. `custom/click-here`",
                id.get_ref()
            ),
        ));
    }
    let pattern = required("pattern")?;
    let regex = Regex::new(pattern.get_ref()).map_err(|e| {
        // The regex error spans several lines (pattern, caret, reason); keep the reason.
        let text = e.to_string();
        let reason = text
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or(&text);
        OptionsError::at(
            pattern.span(),
            format!(
                "invalid regex in `pattern` of `{}`: {}",
                id.get_ref(),
                reason.trim().trim_start_matches("error: ")
            ),
        )
    })?;
    let scope_value = string("scope", false)?;
    let scope = match &scope_value {
        Some(s) => Scope::parse(s.get_ref()).ok_or_else(|| {
            OptionsError::at(
                s.span(),
                format!(
                    "unknown scope `{}` in `{}`; expected prose, headings, links or all",
                    s.get_ref(),
                    id.get_ref()
                ),
            )
        })?,
        None => Scope::Prose,
    };
    let replace = string("replace", false)?;
    if let Some(replace) = &replace {
        check_captures(replace, &regex)?;
    }
    let message = required("message")?;
    let why = required("why")?;
    let severity = match string("severity", false)? {
        Some(s) => parse_severity(&s)?,
        // As for built-in rules: a fixable rule fails CI until fixed, a report is advice.
        None if replace.is_some() => Some(Severity::Error),
        None => Some(Severity::Warning),
    };
    let message_template = Template::parse(message.get_ref(), VARS)
        .map_err(|m| OptionsError::at(message.span(), m))?;
    let fix = if replace.is_some() {
        FixAvailability::Always
    } else {
        FixAvailability::None
    };
    let options = table
        .iter()
        .filter(|(k, _)| ["pattern", "scope", "replace"].contains(&k.get_ref().as_ref()))
        .map(|(k, v)| (k.get_ref().to_string(), display_value(v.get_ref())))
        .collect();
    let id_arc: Arc<str> = Arc::from(id.get_ref().as_str());
    let doc = doc(
        message.get_ref(),
        pattern.get_ref(),
        scope,
        replace.as_ref().map(|r| r.get_ref().as_str()),
    );
    let rule = ConfiguredRule {
        spec: RuleMeta {
            id: id_arc.clone(),
            fix,
            vars: VARS,
            doc: Cow::Owned(doc),
        },
        severity,
        why: why.into_inner(),
        options,
        report: RuleReport {
            id: id_arc,
            severity: severity.unwrap_or(Severity::Error),
            message: message_template,
            fix: replace.as_ref().map(|_| {
                Template::parse("`{replacement}`", VARS).expect("a fixed, valid template")
            }),
            vars: VARS,
        },
        check: Box::new(CustomRule {
            pattern: regex,
            scope,
            replace: replace.map(Spanned::into_inner),
        }),
    };
    Ok((rule, id.span()))
}

/// Reject `$n` / `${n}` references to groups the pattern does not have: they would silently
/// expand to nothing and delete text.
fn check_captures(replace: &Spanned<String>, regex: &Regex) -> Result<(), OptionsError> {
    let groups = regex.captures_len();
    let names: Vec<&str> = regex.capture_names().flatten().collect();
    // The regex crate's syntax: `$name` takes the longest run of `[0-9A-Za-z_]`, `${name}`
    // is explicit, and `$$` is a literal dollar.
    static REFERENCE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\$(?:\{([^}]*)\}|([0-9A-Za-z_]+))").expect("a valid regex"));
    let reference = &*REFERENCE;
    let text = replace.get_ref().replace("$$", "");
    for caps in reference.captures_iter(&text) {
        let whole = caps.get(0).expect("group 0");
        let name = caps.get(1).or(caps.get(2)).map_or("", |m| m.as_str());
        let known = match name.parse::<usize>() {
            Ok(n) => n < groups,
            Err(_) => names.contains(&name),
        };
        if !known {
            return Err(OptionsError::at(
                replace.span(),
                format!(
                    "`replace` refers to `{}`, but the pattern has {} capture group(s)",
                    whole.as_str(),
                    groups - 1
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::{Config, Document, lint};

    /// The byte ranges' texts a one-rule config with `scope` matches in `text`.
    fn matches(scope: &str, pattern: &str, text: &str) -> Vec<String> {
        let config = format!(
            "[[custom]]\nid = \"custom/t\"\npattern = '{pattern}'\nscope = \"{scope}\"\nmessage = \"m\"\nwhy = \"w\"\n"
        );
        let config = Config::from_toml("t.toml", &config).unwrap();
        let doc = Document::parse(text.to_string());
        lint(&doc, &config)
            .iter()
            .map(|d| doc.source()[d.range.clone()].to_string())
            .collect()
    }

    const TEXT: &str = "# http title\n\nSee http prose and [http text](http://a.example) or <http://b.example>.\n\n`http` code\n\n```\nhttp block\n```\n\n<p>http html</p>\n";

    #[test]
    fn scopes_select_their_prose_and_never_code() {
        assert_eq!(matches("headings", "http", TEXT), ["http"]);
        assert_eq!(matches("prose", "http\\b", TEXT), ["http", "http"]);
        assert_eq!(matches("links", "http[:a-z]*", TEXT), ["http", "http:"]);
        assert_eq!(matches("all", "http ", TEXT), ["http ", "http ", "http "]);
    }

    #[test]
    fn replace_expands_captures() {
        let config = "[[custom]]\nid = \"custom/t\"\npattern = '(\\d+)ms'\nreplace = \"$1 ms\"\nmessage = \"{match} to {replacement}\"\nwhy = \"w\"\n";
        let config = Config::from_toml("t.toml", config).unwrap();
        let fixed = crate::fix("It took 80ms.\n", &config).unwrap();
        assert_eq!(fixed.text(), "It took 80 ms.\n");
        assert_eq!(&*fixed.changes[0].message, "80ms to 80 ms");
        assert_eq!(&*fixed.changes[0].title, "`80 ms`");
    }
}
