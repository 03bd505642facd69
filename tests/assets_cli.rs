//! Issue 4's acceptance, run through the binary as a user would: `blogfmt fix` on the shared
//! seed draft converts its ten placeholders, a second fix changes nothing, and once an editor
//! fills in the two `TODO` links `blogfmt check` passes.
//!
//! The seed lives in `../shared/seeds/` beside the checkout; without it the test says so and
//! passes, as the corpus tests do.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn seed() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds/draft-to-fix.md");
    path.is_file().then_some(path)
}

fn blogfmt(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blogfmt"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("blogfmt runs")
}

#[test]
fn seed_draft_placeholders_become_references() {
    let Some(seed) = seed() else {
        eprintln!("../shared/seeds/draft-to-fix.md not found; skipping");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let draft = std::fs::read_to_string(&seed).unwrap();
    std::fs::write(dir.path().join("draft.md"), &draft).unwrap();

    let out = blogfmt(dir.path(), &["fix", "draft.md"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "two TODO links remain as errors"
    );
    let fixed = std::fs::read_to_string(dir.path().join("fixed-draft.md")).unwrap();
    let log = std::fs::read_to_string(dir.path().join("changes-log.md")).unwrap();

    let images = "/images/the-cache-invalidation-episode/";
    let expected = [
        (
            1,
            format!(
                "![Terminal showing the API response times during peak load]({images}01-terminal-api-response-times-during-peak.png)"
            ),
        ),
        (
            2,
            format!(
                "![The Redis config file showing the TTL settings]({images}02-redis-config-file-ttl-settings.png)"
            ),
        ),
        (
            3,
            format!(
                "![Grafana dashboard showing the latency drop after adding the cache]({images}03-grafana-dashboard-latency-drop-after-adding.png)"
            ),
        ),
        (
            4,
            format!(
                "![Slack message from the pricing team reporting the stale price issue]({images}04-slack-message-pricing-team-reporting-stale.png)"
            ),
        ),
        (
            5,
            format!(
                "![The webhook configuration for cache invalidation events]({images}05-webhook-configuration-cache-invalidation-events.png)"
            ),
        ),
        (
            6,
            format!(
                "![Code showing the webhook handler registration]({images}06-code-webhook-handler-registration.png)"
            ),
        ),
        (
            7,
            format!(
                "![Grafana dashboard showing the before/after stale read duration]({images}07-grafana-dashboard-before-after-stale-read.png)"
            ),
        ),
        (
            8,
            format!(
                "![Architecture diagram of the event-driven invalidation flow]({images}08-architecture-diagram-event-driven-invalidation-flow.svg)"
            ),
        ),
        (
            9,
            "[the Gang of Four Observer pattern for reference](TODO)".to_string(),
        ),
        (
            10,
            "[the Redis documentation on cache invalidation patterns](TODO)".to_string(),
        ),
    ];

    // Line for line: each placeholder line became its reference; every other line is either
    // untouched or belongs to another rule's fix (the TL;DR heading, the bio section, the one
    // ` -- ` that typography/dashes turns into an em dash).
    let before: Vec<&str> = draft.lines().collect();
    let after: Vec<&str> = fixed.lines().collect();
    assert_eq!(before.len(), after.len());
    let mut converted = 0;
    for (old, new) in before.iter().zip(&after) {
        if let Some(rest) = old.strip_prefix("[Placeholder ") {
            let n: usize = rest.split(':').next().unwrap().parse().unwrap();
            let (_, reference) = &expected[n - 1];
            assert_eq!(new, reference, "placeholder {n}");
            converted += 1;
        } else if old != new {
            assert!(
                *old == "## TLDR"
                    || *old == "---"
                    || old.starts_with("*Alex Torres")
                    || old.replace(" -- ", " — ") == **new,
                "unexpected change: {old:?} -> {new:?}"
            );
        }
    }
    assert_eq!(converted, 10);
    // Line endings and the final newline are as they were.
    assert_eq!(draft.ends_with('\n'), fixed.ends_with('\n'));
    assert_eq!(draft.matches('\r').count(), fixed.matches('\r').count());

    // The log lists the eight images to produce, and only them.
    let table: Vec<&str> = log
        .split("## Assets to produce")
        .nth(1)
        .expect("an Assets to produce table")
        .lines()
        .take_while(|l| !l.starts_with("## "))
        .filter(|l| l.starts_with("| ") && !l.starts_with("| Line") && !l.starts_with("| ---"))
        .collect();
    assert_eq!(table.len(), 8, "{table:#?}");
    assert!(table[7].contains("08-architecture-diagram-event-driven-invalidation-flow.svg"));
    assert!(table[7].contains("| diagram |"));

    // A second fix changes nothing.
    let again = blogfmt(
        dir.path(),
        &[
            "fix",
            "fixed-draft.md",
            "-o",
            "again.md",
            "--log",
            "again-log.md",
        ],
    );
    assert_eq!(again.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("again.md")).unwrap(),
        fixed
    );

    // check reports the TODO links as errors, the code screenshots and 7-8 as warnings.
    let check = blogfmt(dir.path(), &["check", "fixed-draft.md"]);
    assert_eq!(check.status.code(), Some(1));
    let stdout = String::from_utf8(check.stdout).unwrap();
    let lines = |rule: &str| -> Vec<String> {
        stdout
            .lines()
            .filter(|l| l.contains(rule))
            .map(|l| l.split(':').nth(1).unwrap().to_string())
            .collect()
    };
    assert_eq!(lines("assets/unresolved"), ["67", "75"], "{stdout}");
    assert_eq!(
        lines("assets/code-screenshot"),
        ["21", "44", "55"],
        "{stdout}"
    );
    assert_eq!(lines("assets/consecutive"), ["61"], "{stdout}");
    assert!(stdout.contains("follows the one on line 59"), "{stdout}");

    // An editor fills in the two links: check passes (warnings don't fail a run).
    let edited = fixed.replace("(TODO)", "(https://example.org/reference)");
    std::fs::write(dir.path().join("edited.md"), edited).unwrap();
    let check = blogfmt(dir.path(), &["check", "edited.md"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}
