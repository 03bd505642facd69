//! `docs/rules.md` is generated from the rule registry; this test fails when the checked-in
//! file is stale. Regenerate it with `BLOGFMT_UPDATE_DOCS=1 cargo test --test docs`.

use std::path::Path;

#[test]
fn rules_reference_is_up_to_date() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let expected = blogfmt::report::rule_reference::rules_reference();
    if std::env::var_os("BLOGFMT_UPDATE_DOCS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).unwrap();
        return;
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "docs/rules.md is stale: run `BLOGFMT_UPDATE_DOCS=1 cargo test --test docs` and commit it"
    );
}

#[test]
fn rules_reference_covers_every_rule() {
    let text = blogfmt::report::rule_reference::rules_reference();
    let config = blogfmt::Config::default_style();
    for rule in config.rules() {
        assert!(
            text.contains(&format!("\n### {}\n", rule.id())),
            "{}",
            rule.id()
        );
        let why: Vec<&str> = rule.why.split_whitespace().collect();
        assert!(text.contains(&why.join(" ")), "{} why", rule.id());
        for (key, _) in &rule.options {
            assert!(
                text.contains(&format!("- `{key}` = ")),
                "{} {key}",
                rule.id()
            );
        }
    }
}
