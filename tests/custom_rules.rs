//! Blog-defined `[[custom]]` rules through the built binary: check (text and JSON), fix and
//! its log, rules, explain, --select/--ignore, severity, and config errors naming the line.
//! The house style is `fixtures/custom-rules/config.toml`: one report-only rule, one fixable
//! with captures, one scoped to headings.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn blogfmt(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blogfmt"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run blogfmt")
}

fn fixture(name: &str) -> String {
    let path: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/custom-rules")
        .join(name);
    path.to_str().unwrap().to_string()
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The (rule, severity, fixable, line) of every custom diagnostic `check --format json`
/// prints; `code` is the exit code expected.
fn json_check(extra: &[&str], code: i32) -> Vec<(String, String, bool, u64)> {
    let dir = tempfile::tempdir().unwrap();
    let config = fixture("config.toml");
    let draft = fixture("draft.md");
    let mut args = vec!["check", "--config", &config, "--format", "json"];
    args.extend_from_slice(extra);
    args.push(&draft);
    let output = blogfmt(dir.path(), &args);
    assert_eq!(output.status.code(), Some(code), "{}", stderr(&output));
    let items: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    items
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["fixable"].as_bool().unwrap(),
                d["line"].as_u64().unwrap(),
            )
        })
        .filter(|(rule, ..)| rule.starts_with("custom/"))
        .collect()
}

#[test]
fn check_reports_custom_rules_as_configured_in_json() {
    let found = json_check(&[], 1);
    let expect = |rule: &str, severity: &str, fixable: bool, line: u64| {
        (rule.to_string(), severity.to_string(), fixable, line)
    };
    assert_eq!(
        found,
        [
            expect("custom/heading-k8s", "error", true, 1),
            expect("custom/unit-spacing", "error", true, 5),
            expect("custom/unit-spacing", "error", true, 5),
            expect("custom/click-here", "warning", false, 5),
            expect("custom/click-here", "warning", false, 5),
            expect("custom/heading-k8s", "error", true, 7),
            expect("custom/unit-spacing", "error", true, 9),
        ]
    );
}

#[test]
fn select_and_ignore_take_custom_ids_and_the_custom_family() {
    // Warnings only: exit 0.
    let only: Vec<String> = json_check(&["--select", "custom/click-here"], 0)
        .into_iter()
        .map(|d| d.0)
        .collect();
    assert_eq!(only, ["custom/click-here", "custom/click-here"]);
    let dir = tempfile::tempdir().unwrap();
    let config = fixture("config.toml");
    let draft = fixture("draft.md");
    let output = blogfmt(
        dir.path(),
        &["check", "--config", &config, "--ignore", "custom", &draft],
    );
    assert!(!stdout(&output).contains("custom/"), "{}", stdout(&output));
}

#[test]
fn fix_applies_replacements_in_scope_only_and_logs_them() {
    let dir = tempfile::tempdir().unwrap();
    let config = fixture("config.toml");
    let draft = fixture("draft.md");
    let output = blogfmt(dir.path(), &["fix", "--config", &config, &draft]);
    // Only the warning (click here) remains.
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let fixed = std::fs::read_to_string(dir.path().join("fixed-draft.md")).unwrap();
    assert!(
        fixed.starts_with("# Running Redis on Kubernetes\n"),
        "{fixed}"
    );
    assert!(fixed.contains("\n## Why Kubernetes\n"), "{fixed}");
    assert!(fixed.contains("from 80 ms to 12 ms."), "{fixed}");
    assert!(
        fixed.contains("Our k8s cluster had 512 MB nodes"),
        "{fixed}"
    );
    // Inline code, link destinations, code blocks and HTML are never matched.
    assert!(fixed.contains("`80ms` in inline code"), "{fixed}");
    assert!(fixed.contains("(https://example.com/80ms)"), "{fixed}");
    assert!(
        fixed.contains("echo \"80ms on k8s, click here\""),
        "{fixed}"
    );
    assert!(fixed.contains("<p>click here: 80ms</p>"), "{fixed}");

    let log = std::fs::read_to_string(dir.path().join("changes-log.md")).unwrap();
    assert!(log.contains("| `custom/unit-spacing` | 3 |"), "{log}");
    assert!(log.contains("| `custom/heading-k8s` | 2 |"), "{log}");
    assert!(log.contains("SI style"), "{log}");
    assert!(log.contains("`custom/click-here`** (warning)"), "{log}");
    assert!(log.contains("Screen readers list links"), "{log}");
}

#[test]
fn rules_and_explain_list_custom_rules() {
    let dir = tempfile::tempdir().unwrap();
    let config = fixture("config.toml");
    let output = blogfmt(dir.path(), &["rules", "--config", &config]);
    let listing = stdout(&output);
    for id in [
        "custom/click-here",
        "custom/unit-spacing",
        "custom/heading-k8s",
    ] {
        assert!(listing.contains(id), "{listing}");
    }
    let output = blogfmt(
        dir.path(),
        &["explain", "--config", &config, "custom/unit-spacing"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("- Fixable: yes"), "{text}");
    assert!(text.contains("SI style"), "{text}");
    assert!(text.contains(r"\b(\d+)(ms|MB|GB)\b"), "{text}");
}

#[test]
fn severity_off_turns_a_custom_rule_off() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[[custom]]\nid = \"custom/x\"\npattern = 'k8s'\nmessage = \"m\"\nwhy = \"w\"\nseverity = \"off\"\n";
    std::fs::write(dir.path().join("blog.toml"), config).unwrap();
    std::fs::write(dir.path().join("input.md"), "k8s\n").unwrap();
    let output = blogfmt(dir.path(), &["check", "--config", "blog.toml", "input.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

/// A config with one bad custom rule: exit 2, one line naming blog.toml and `line`.
fn assert_config_error(rule: &str, line: usize, needle: &str) {
    let dir = tempfile::tempdir().unwrap();
    let config =
        format!("extends = \"default\"\n\n[[custom]]\n{rule}message = \"m\"\nwhy = \"w\"\n");
    std::fs::write(dir.path().join("blog.toml"), config).unwrap();
    std::fs::write(dir.path().join("input.md"), "# T\n").unwrap();
    let output = blogfmt(dir.path(), &["check", "--config", "blog.toml", "input.md"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains(&format!("blog.toml:{line}:")), "{err}");
    assert!(err.contains(needle), "{err}");
}

#[test]
fn bad_custom_rules_are_config_errors_naming_the_line() {
    assert_config_error(
        "id = \"custom/bad-regex\"\npattern = '(unclosed'\n",
        5,
        "invalid regex",
    );
    assert_config_error(
        "id = \"click-here\"\npattern = 'x'\n",
        4,
        "must start with `custom/`",
    );
    assert_config_error(
        "id = \"custom/x\"\npattern = 'x'\nscope = \"code\"\n",
        6,
        "unknown scope `code`",
    );
    assert_config_error(
        "id = \"custom/x\"\npattern = '(x)'\nreplace = \"$2\"\n",
        6,
        "capture group",
    );
}

#[test]
fn custom_rules_that_undo_each_other_are_named_as_the_config_s_cycle() {
    let dir = tempfile::tempdir().unwrap();
    let config = "[[custom]]\nid = \"custom/a-to-b\"\npattern = 'alpha'\nreplace = \"beta\"\n\
                  message = \"m\"\nwhy = \"w\"\n\n[[custom]]\nid = \"custom/b-to-a\"\n\
                  pattern = 'beta'\nreplace = \"alpha\"\nmessage = \"m\"\nwhy = \"w\"\n";
    std::fs::write(dir.path().join("blog.toml"), config).unwrap();
    std::fs::write(dir.path().join("input.md"), "# T\n\nalpha\n").unwrap();
    let output = blogfmt(
        dir.path(),
        &["fix", "--config", "blog.toml", "input.md", "-o", "out.md"],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("custom/a-to-b, custom/b-to-a"), "{err}");
    assert!(err.contains("check the `replace`"), "{err}");
    assert!(!err.contains("please report"), "{err}");
    assert!(!dir.path().join("out.md").exists());
}
