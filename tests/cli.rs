//! The command line as a user runs it: the built binary in a temporary directory.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn blogfmt(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blogfmt"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run blogfmt")
}

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(path)
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Exit 2, exactly one line on stderr mentioning `needle`, and no file written in `dir`.
fn assert_clean_failure(dir: &Path, output: &Output, needle: &str) {
    assert_eq!(output.status.code(), Some(2), "stderr: {}", stderr(output));
    let err = stderr(output);
    assert_eq!(err.lines().count(), 1, "not one line: {err:?}");
    assert!(err.contains(needle), "{err:?} does not mention {needle:?}");
    let written: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .filter(|n| n != "input.md" && n != "blog.toml" && n != "sub")
        .collect();
    assert!(written.is_empty(), "files written: {written:?}");
}

#[test]
fn fix_writes_the_draft_and_log_in_the_current_directory() {
    let dir = tempfile::tempdir().unwrap();
    let draft = fixture("example/draft.md");
    let original = std::fs::read_to_string(&draft).unwrap();
    let output = blogfmt(dir.path(), &["fix", draft.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    let fixed = std::fs::read_to_string(dir.path().join("fixed-draft.md")).unwrap();
    assert!(fixed.contains("\n## TL;DR\n"));
    assert!(fixed.contains("\n## About the Author\n\nPriya Raman is a staff engineer"));
    assert!(!fixed.contains("*Priya"));
    // Outside the two fixes, every line is as it was.
    let unchanged = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.contains("TLDR") && !l.contains("TL;DR") && !l.contains("Priya"))
            .filter(|l| *l != "---" && *l != "## About the Author")
            .map(String::from)
            .collect()
    };
    assert_eq!(unchanged(&original), unchanged(&fixed));

    let log = std::fs::read_to_string(dir.path().join("changes-log.md")).unwrap();
    for needle in [
        "# Changes log: Moving Our Search Index to Postgres",
        "### 1. `summary/heading` (line 3)",
        "### 2. `bio/structure` (line 20)",
        "**What was wrong:**",
        "**Changed to:**",
        "**Why:**",
        "```diff\n-## TLDR\n+## TL;DR\n```",
        "## Needs the Author",
        "`summary/length`",
    ] {
        assert!(log.contains(needle), "log lacks {needle:?}:\n{log}");
    }

    // A second fix of the fixed draft changes nothing.
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
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("again.md")).unwrap(),
        fixed
    );
}

#[test]
fn check_exit_codes_follow_severity_and_strict() {
    let dir = tempfile::tempdir().unwrap();
    let draft = fixture("example/draft.md");
    let draft = draft.to_str().unwrap();
    let output = blogfmt(dir.path(), &["check", draft]);
    assert_eq!(output.status.code(), Some(1));
    let text = stdout(&output);
    assert!(text.contains(":3:1: error summary/heading "), "{text}");

    let fixed = dir.path().join("fixed.md");
    blogfmt(dir.path(), &["fix", draft, "-o", "fixed.md"]);
    let fixed = fixed.to_str().unwrap();
    // Only a warning (summary/length) remains: exit 0, unless --strict.
    assert_eq!(
        blogfmt(dir.path(), &["check", fixed]).status.code(),
        Some(0)
    );
    assert_eq!(
        blogfmt(dir.path(), &["check", "--strict", fixed])
            .status
            .code(),
        Some(1)
    );
    // Selecting only warnings-free rules is clean even with --strict.
    let output = blogfmt(dir.path(), &["check", "--strict", "--select", "bio", fixed]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let output = blogfmt(dir.path(), &["check", "--ignore", "summary,bio", draft]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn check_reads_stdin_and_prints_json() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_blogfmt"))
        .args(["check", "--format", "json", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .current_dir(dir.path())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all("# Title\n\nBody, éé.\n\n## TL DR\n\nShort.\n".as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let items = json.as_array().unwrap();
    let heading = items
        .iter()
        .find(|d| d["rule"] == "summary/heading")
        .expect("summary/heading reported");
    assert_eq!(heading["path"], "<stdin>");
    assert_eq!(heading["line"], 5);
    assert_eq!(heading["column"], 1);
    assert_eq!(heading["end_line"], 5);
    assert_eq!(heading["end_column"], 9); // exclusive: "## TL DR" is 8 characters
    assert_eq!(heading["severity"], "error");
    assert_eq!(heading["fixable"], true);
    let keys: Vec<&str> = heading
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    for key in [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "rule",
        "severity",
        "message",
        "fixable",
    ] {
        assert!(keys.contains(&key), "missing {key}");
    }
}

#[test]
fn diff_prints_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let draft = fixture("example/draft.md");
    let output = blogfmt(dir.path(), &["fix", "--diff", draft.to_str().unwrap()]);
    let text = stdout(&output);
    assert!(text.contains("-## TLDR\n+## TL;DR\n"), "{text}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn rules_and_explain_cover_every_rule() {
    let dir = tempfile::tempdir().unwrap();
    let list = stdout(&blogfmt(dir.path(), &["rules"]));
    let ids: Vec<&str> = list
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(ids.len() >= 8, "{list}");
    for id in ids {
        let output = blogfmt(dir.path(), &["explain", id]);
        assert_eq!(output.status.code(), Some(0), "{id}");
        let text = stdout(&output);
        for section in ["## Why", "## What it does", "## Example", "## Use instead"] {
            assert!(text.contains(section), "explain {id} lacks {section}");
        }
    }
    let output = blogfmt(dir.path(), &["explain", "summary/lenght"]);
    assert_clean_failure(dir.path(), &output, "did you mean `summary/length`");
}

#[test]
fn bad_input_fails_cleanly_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    let missing = blogfmt(path, &["fix", "nope.md"]);
    assert_clean_failure(path, &missing, "nope.md");

    std::fs::create_dir(path.join("sub")).unwrap();
    let directory = blogfmt(path, &["fix", "sub"]);
    assert_clean_failure(path, &directory, "sub: is a directory");

    std::fs::write(path.join("input.md"), b"# Title\n\n\xff\xfe bad bytes\n").unwrap();
    let binary = blogfmt(path, &["fix", "input.md"]);
    assert_clean_failure(path, &binary, "input.md: invalid UTF-8");
    let binary = blogfmt(path, &["check", "input.md"]);
    assert_clean_failure(path, &binary, "input.md: invalid UTF-8");

    std::fs::write(path.join("input.md"), "# Title\n\n## TLDR\n\nShort.\n").unwrap();
    std::fs::write(path.join("blog.toml"), "extends = \"default\"\n[summary\n").unwrap();
    let config = blogfmt(path, &["fix", "--config", "blog.toml", "input.md"]);
    assert_clean_failure(path, &config, "blog.toml:2:");

    let select = blogfmt(path, &["fix", "--select", "summary/nope", "input.md"]);
    assert_clean_failure(path, &select, "unknown rule `summary/nope`");

    let same = blogfmt(path, &["fix", "input.md", "-o", "input.md"]);
    assert_clean_failure(path, &same, "would overwrite the draft");
    assert_eq!(
        std::fs::read_to_string(path.join("input.md")).unwrap(),
        "# Title\n\n## TLDR\n\nShort.\n"
    );
}

#[test]
fn readme_links_the_rule_reference_instead_of_repeating_it() {
    // docs/rules.md is generated from the registry (tests/docs.rs keeps it current); a table
    // in the README would be a second copy to forget when a rule is added.
    let dir = tempfile::tempdir().unwrap();
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(
        readme.contains("](docs/rules.md)"),
        "README does not link docs/rules.md"
    );
    let list = stdout(&blogfmt(dir.path(), &["rules"]));
    let ids: Vec<&str> = list
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    assert!(ids.len() >= 20, "`blogfmt rules` listed {ids:?}");
    for id in ids {
        assert!(
            !readme.contains(&format!("| `{id}` |")),
            "README repeats the rule table row of {id}: link docs/rules.md instead"
        );
    }
}

#[test]
fn the_log_shows_a_hostile_front_matter_title_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let title = "<img src=x onerror=alert(1)> [click](javascript:alert(1)) *loud*";
    let draft = format!("---\ntitle: \"{title}\"\n---\n\n# Post\n\nSome -- text.\n");
    std::fs::write(dir.path().join("input.md"), draft).unwrap();
    let output = blogfmt(dir.path(), &["fix", "input.md", "--log", "log.md"]);
    assert!(output.status.code() != Some(2), "{}", stderr(&output));
    let log = std::fs::read_to_string(dir.path().join("log.md")).unwrap();
    let heading = log.lines().next().unwrap();
    // Rendered by an independent CommonMark parser, the heading is only text: no HTML, no
    // link, no emphasis, and it reads as the title.
    use pulldown_cmark::{Event, Parser, Tag};
    let mut text = String::new();
    for event in Parser::new(heading) {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::Html(_) | Event::InlineHtml(_) => panic!("HTML in {heading:?}"),
            Event::Start(Tag::Link { .. } | Tag::Emphasis) => panic!("markup in {heading:?}"),
            _ => {}
        }
    }
    assert_eq!(text, format!("Changes log: {title}"));
}

#[test]
fn lone_cr_line_endings_give_each_diagnostic_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    let lf = "# Title\n\n## TL;DR\n\nShort.\n\nFirst -- one.\n\nSecond -- two.\n";
    // The same draft with classic Mac line endings: CommonMark reads the same lines.
    std::fs::write(dir.path().join("lf.md"), lf).unwrap();
    std::fs::write(dir.path().join("cr.md"), lf.replace('\n', "\r")).unwrap();
    let places = |name: &str| -> Vec<(String, u64, u64)> {
        let output = blogfmt(dir.path(), &["check", "--format", "json", name]);
        let items: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        items
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let rule = d["rule"].as_str().unwrap().to_string();
                (
                    rule,
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let cr = places("cr.md");
    assert_eq!(places("lf.md"), cr);
    // Independently of the LF run: the dashes sit on lines 7 and 9 of the draft.
    let dashes: Vec<u64> = cr
        .iter()
        .filter(|(rule, _, _)| rule == "typography/dashes")
        .map(|(_, line, _)| *line)
        .collect();
    assert_eq!(dashes, [7, 9]);
}
