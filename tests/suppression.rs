//! Inline suppression comments: what they disable stays byte-identical through `fix`.

use blogfmt::{Config, Document, lint};

const TITLE: &str = "# Moving the Cache\n\n## TL;DR\n\nWe made the cache faster.\n\n";
const BIO: &str = "\n## About the Author\n\nJane Doe is an engineer at Example.\n";
/// Text that several fixable rules would change: heading case, dashes, trailing spaces,
/// a blank run and a skipped heading level.
const VIOLATIONS: &str =
    "## a lower case heading -- with a dash   \n\n\n\n#### Skipped Level\n\nText -- here.  \n";

fn fixed(text: &str) -> String {
    blogfmt::fix(text, &Config::default_style())
        .unwrap()
        .text()
        .to_string()
}

#[test]
fn a_disabled_region_stays_byte_identical() {
    let region = format!("<!-- blogfmt-disable -->\n\n{VIOLATIONS}\n<!-- blogfmt-enable -->\n");
    let draft = format!("{TITLE}{region}\n{VIOLATIONS}{BIO}");
    let out = fixed(&draft);
    assert!(out.contains(&region), "the disabled region changed:\n{out}");
    // The same text outside the region is fixed, so the region is what kept it.
    assert!(
        out.contains("## A Lower Case Heading — With a Dash\n"),
        "{out}"
    );
    assert_eq!(out.matches(VIOLATIONS).count(), 1, "{out}");
}

#[test]
fn a_region_disabling_some_rules_keeps_only_their_text() {
    let draft = format!(
        "{TITLE}<!-- blogfmt-disable typography/dashes, structure/whitespace -->\n\n{VIOLATIONS}\n<!-- blogfmt-enable typography/dashes, structure/whitespace -->\n{BIO}"
    );
    let out = fixed(&draft);
    assert!(
        out.contains("## A Lower Case Heading -- With a Dash   \n\n\n\n### Skipped Level\n"),
        "{out}"
    );
}

#[test]
fn suppressed_diagnostics_are_not_reported() {
    let draft =
        format!("{TITLE}<!-- blogfmt-disable-next-line typography/dashes -->\nA -- b.\n{BIO}");
    let doc = Document::parse(draft);
    let rules: Vec<String> = lint(&doc, &Config::default_style())
        .iter()
        .map(|d| d.rule.to_string())
        .collect();
    assert!(
        !rules.contains(&"typography/dashes".to_string()),
        "{rules:?}"
    );
}
