//! `blogfmt rules` and `blogfmt explain RULE`.

use std::process::ExitCode;

use crate::error::Error;
use crate::rule::FixAvailability;
use crate::settings::Config;
use crate::settings::{ConfiguredRule, did_you_mean};

/// The one-line summary of a rule: the first sentence of its "What it does".
fn summary(rule: &ConfiguredRule) -> String {
    crate::report::rule_reference::summary(&rule.spec.doc)
}

fn fixable(rule: &ConfiguredRule) -> &'static str {
    match rule.spec.fix {
        FixAvailability::Always => "yes",
        FixAvailability::Sometimes => "partly",
        FixAvailability::None => "no",
    }
}

fn severity(rule: &ConfiguredRule) -> &'static str {
    rule.severity.map_or("off", |s| s.as_str())
}

pub(super) fn list(config: &Config) -> Result<ExitCode, Error> {
    let width = config
        .rules()
        .iter()
        .map(|r| r.id().len())
        .max()
        .unwrap_or(0);
    println!("{:width$}  {:8} {:6} summary", "rule", "severity", "fix");
    for rule in config.rules() {
        let fix = fixable(rule);
        println!(
            "{:width$}  {:8} {:6} {}",
            rule.id(),
            severity(rule),
            fix,
            summary(rule)
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn explain(config: &Config, id: &str) -> Result<ExitCode, Error> {
    let Some(rule) = config.rule(id) else {
        return Err(Error::Usage(format!(
            "unknown rule `{id}`{}; `blogfmt rules` lists them",
            did_you_mean(id, config.rules().iter().map(|r| r.id()))
        )));
    };
    println!("# {}\n", rule.id());
    println!("- Severity: {}", severity(rule));
    println!("- Fixable: {}", fixable(rule));
    println!("- Message: {}", rule.message());
    if !rule.spec.vars.is_empty() {
        let vars: Vec<String> = rule.spec.vars.iter().map(|v| format!("{{{v}}}")).collect();
        println!("- Template variables: {}", vars.join(", "));
    }
    println!("\n## Why\n\n{}\n", rule.why);
    if !rule.options.is_empty() {
        println!("## Current options\n");
        for (key, value) in &rule.options {
            println!("- `{key}` = {value}");
        }
        println!();
    }
    for line in rule.spec.doc.lines() {
        println!("{}", line.strip_prefix(' ').unwrap_or(line));
    }
    Ok(ExitCode::SUCCESS)
}
