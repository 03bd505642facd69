//! Building the configured rules from a merged house style: family tables, rule tables, the
//! keys every rule table has, and the `[[custom]]` array.

use std::ops::Range;
use std::sync::Arc;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::ConfiguredRule;
use super::chain::Table;
use crate::diagnostic::Severity;
use crate::rule::{FamilyState, OptionsError, RuleContext, RuleMeta, RuleReport, RuleSpec};
use crate::rules::RULES;
use crate::template::Template;

/// Keys every rule table has, handled here rather than by the rule.
const COMMON_KEYS: &[&str] = &["severity", "message", "why", "fix"];

/// The rules of a merged house style, and how it reads markdown.
pub(super) fn build_rules(
    root: Table<'_>,
) -> Result<(Vec<ConfiguredRule>, super::MarkdownStyle), OptionsError> {
    let families: Vec<&str> = {
        let mut f: Vec<&str> = RULES.iter().map(|s| s.family()).collect();
        f.dedup();
        f
    };
    let mut family_tables = Vec::new();
    let mut custom = Vec::new();
    let mut markdown = None;
    for (key, value) in root.into_inner() {
        let name = key.get_ref().as_ref();
        if name == super::custom::KEY {
            custom = super::custom::load(value)?;
            continue;
        }
        if name == super::markdown::KEY {
            markdown = Some(super::markdown::load(value)?);
            continue;
        }
        if !families.contains(&name) {
            return Err(OptionsError::at(
                key.span(),
                format!(
                    "unknown key `{name}`{}; expected `extends`, `[markdown]`, `[[custom]]` or a rule family: {}",
                    super::did_you_mean(name, families.iter().copied()),
                    families.join(", ")
                ),
            ));
        }
        let span = value.span();
        let DeValue::Table(table) = value.into_inner() else {
            return Err(OptionsError::at(span, format!("`{name}` must be a table")));
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
                return Err(OptionsError::at(
                    key.span(),
                    format!(
                        "unknown rule `{family}/{name}`{}",
                        super::did_you_mean(name, names)
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
        if let Some((key, key_span)) = shared_keys.first().filter(|_| !family_state.was_used()) {
            return Err(OptionsError::at(
                key_span.clone(),
                format!("unknown key `{key}` in [{family}]"),
            ));
        }
    }
    rules.sort_by_key(|r| RULES.iter().position(|s| s.id == r.id()));
    // Custom rules follow the built-ins, in the order the config lists them.
    rules.extend(custom);
    Ok((
        rules,
        markdown.unwrap_or_else(super::MarkdownStyle::embedded),
    ))
}

fn build_rule(
    spec: &'static RuleSpec,
    shared: &Spanned<DeTable<'_>>,
    family: &FamilyState,
    value: Spanned<DeValue<'_>>,
) -> Result<ConfiguredRule, OptionsError> {
    let span = value.span();
    let DeValue::Table(mut table) = value.into_inner() else {
        return Err(OptionsError::at(
            span,
            format!("`{}` must be a table", spec.id),
        ));
    };
    let mut take_string =
        |key: &str, required: bool| -> Result<Option<Spanned<String>>, OptionsError> {
            match table.remove(key) {
                Some(v) => {
                    let s = v.span();
                    v.get_ref()
                        .as_str()
                        .map(|text| Some(Spanned::new(s.clone(), text.to_string())))
                        .ok_or_else(|| OptionsError::at(s, format!("`{key}` must be a string")))
                }
                None if required => Err(OptionsError::at(
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
        return Err(OptionsError::at(
            fix.span(),
            format!("`{}` fixes nothing, so it takes no `fix`", spec.id),
        ));
    }
    let template = |t: &Spanned<String>| {
        Template::parse(t.get_ref(), spec.vars).map_err(|m| OptionsError::at(t.span(), m))
    };
    let report = RuleReport {
        id: Arc::from(spec.id),
        severity: severity_value.unwrap_or(Severity::Error),
        message: template(&message)?,
        fix: fix.as_ref().map(template).transpose()?,
        vars: spec.vars,
    };
    let options = table
        .iter()
        .filter(|(k, _)| !COMMON_KEYS.contains(&k.get_ref().as_ref()))
        .map(|(k, v)| (k.get_ref().to_string(), display_value(v.get_ref())))
        .collect();
    let ctx = RuleContext::new(
        shared,
        family,
        Spanned::new(span, table),
        super::is_default_literal,
    );
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
pub(super) fn parse_severity(value: &Spanned<String>) -> Result<Option<Severity>, OptionsError> {
    match value.get_ref().as_str() {
        "error" => Ok(Some(Severity::Error)),
        "warning" => Ok(Some(Severity::Warning)),
        "off" => Ok(None),
        other => Err(OptionsError::at(
            value.span(),
            format!("severity must be \"error\", \"warning\" or \"off\", not \"{other}\""),
        )),
    }
}

pub(super) fn display_value(value: &DeValue<'_>) -> String {
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
