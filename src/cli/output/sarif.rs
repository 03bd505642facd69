//! `--format sarif`: a SARIF 2.1.0 log for code scanning.

use serde_json::json;

use super::FileReport;
use crate::diagnostic::Severity;
use crate::settings::Config;

/// them up) and one result per diagnostic.
pub(crate) fn sarif(reports: &[FileReport], config: &Config) -> serde_json::Value {
    let rules: Vec<serde_json::Value> = config
        .rules()
        .iter()
        .map(|rule| {
            let level = rule.severity.map_or("none", sarif_level);
            json!({
                "id": rule.id(),
                "name": rule.id().replace('/', "-"),
                "shortDescription": { "text": crate::report::rule_reference::summary(&rule.spec.doc) },
                "fullDescription": { "text": rule.why },
                "help": { "text": format!("{}\n\nRun `blogfmt explain {}` for an example.", rule.why, rule.id()) },
                "defaultConfiguration": { "level": level, "enabled": rule.severity.is_some() },
                "properties": { "fixable": rule.spec.fix.is_fixable() },
            })
        })
        .collect();
    let index_of = |id: &str| config.rules().iter().position(|r| r.id() == id);
    let mut results = Vec::new();
    for report in reports {
        for located in report.located() {
            let d = located.diagnostic;
            let ((line, column), (end_line, end_column)) = (located.start, located.end);
            let mut result = json!({
                "ruleId": &*d.rule,
                "level": sarif_level(d.severity),
                "message": { "text": &*d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&report.path) },
                        "region": {
                            "startLine": line,
                            "startColumn": column,
                            "endLine": end_line,
                            "endColumn": end_column,
                        }
                    }
                }],
                "properties": { "fixable": d.fix.is_some() },
            });
            if let Some(index) = index_of(&d.rule) {
                result["ruleIndex"] = json!(index);
            }
            results.push(result);
        }
    }
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "blogfmt",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A relative path as a URI reference: `/` separators, other reserved bytes percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("posts/a b#1.md"), "posts/a%20b%231.md");
        assert_eq!(uri("posts/ü.md"), "posts/%C3%BC.md");
    }
}
