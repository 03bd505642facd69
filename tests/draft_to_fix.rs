//! Issue 5 acceptance 1: on the reference draft (`../shared/seeds/draft-to-fix.md`) the
//! structure and typography rules change exactly one thing, the ` -- ` in "The Broader Point",
//! on top of what the summary and bio rules do; a second fix changes nothing. Skips with a
//! message when `../shared` is not beside the checkout.

use std::path::Path;

use blogfmt::Config;

#[test]
fn structure_and_typography_change_only_the_dash_on_the_reference_draft() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/draft-to-fix.md");
    let Ok(source) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} is absent", path.display());
        return;
    };
    assert_eq!(source.matches(" -- ").count(), 1);
    let full = Config::default_style();
    let mut without = Config::default_style();
    without
        .restrict(&[], &["structure".into(), "typography".into()])
        .unwrap();

    let fixed = blogfmt::fix(&source, &full).unwrap();
    let baseline = blogfmt::fix(&source, &without).unwrap();
    assert_eq!(fixed.text(), baseline.text().replacen(" -- ", " — ", 1));
    let ours: Vec<&str> = fixed
        .changes
        .iter()
        .map(|c| &*c.rule)
        .filter(|r| r.starts_with("structure/") || r.starts_with("typography/"))
        .collect();
    assert_eq!(ours, ["typography/dashes"]);

    let again = blogfmt::fix(fixed.text(), &full).unwrap();
    assert_eq!(again.text(), fixed.text());
    assert!(again.changes.is_empty());
}
