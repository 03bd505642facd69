//! The built `blogfmt` binary on real trees: directory walking, per-file house styles, output
//! formats, `fix --in-place` and `init`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// A draft with no summary (summary/missing, an error) and no bio (bio/missing, a warning).
const NO_SUMMARY: &str = "# A Post\n\nSome text.\n";

/// A draft whose `**TL;DR:**` lead-in `summary/heading` fixes; only bio/missing remains.
const FIXABLE: &str = "# A Post\n\n**TL;DR:** We made it faster.\n\n## Body\n\nText.\n";

fn blogfmt(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blogfmt"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("run blogfmt")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn write(root: &Path, path: &str, text: &str) -> PathBuf {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// Two blogs with different summary headings, an ignored folder and a hidden folder.
fn monorepo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, ".gitignore", "build/\n");
    write(
        root,
        "alpha/blogfmt.toml",
        "extends = \"default\"\n[summary]\nheading-text = \"Summary\"\n",
    );
    write(
        root,
        "beta/.blogfmt.toml",
        "extends = \"../shared.toml\"\n[summary]\nheading-text = \"In brief\"\n",
    );
    write(
        root,
        "shared.toml",
        "extends = \"default\"\n[bio.missing]\nseverity = \"off\"\n",
    );
    for path in [
        "alpha/posts/2024/one.md",
        "alpha/posts/two.markdown",
        "beta/posts/deep/er/three.md",
        "top.md",
        "build/ignored.md",
        ".hidden/secret.md",
        "alpha/.drafts/draft.md",
        "alpha/posts/four.mdx",
    ] {
        write(root, path, NO_SUMMARY);
    }
    dir
}

#[test]
fn check_walks_a_tree_with_each_file_under_its_own_house_style() {
    let dir = monorepo();
    let output = blogfmt(dir.path(), &["check", "."]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let text = stdout(&output);
    let files: Vec<&str> = text
        .lines()
        .filter_map(|l| l.split_once(':').map(|(path, _)| path))
        .filter(|p| p.ends_with(".md") || p.ends_with(".markdown"))
        .collect();
    let mut unique = files.clone();
    unique.dedup();
    assert_eq!(
        unique,
        [
            "alpha/posts/2024/one.md",
            "alpha/posts/two.markdown",
            "beta/posts/deep/er/three.md",
            "top.md"
        ],
        "{text}"
    );
    let line = |path: &str, rule: &str| {
        text.lines()
            .find(|l| l.starts_with(path) && l.contains(rule))
            .unwrap_or_else(|| panic!("no {rule} for {path} in\n{text}"))
            .to_string()
    };
    assert!(line("alpha/posts/2024/one.md", "summary/missing").contains("`## Summary`"));
    assert!(line("alpha/posts/two.markdown", "summary/missing").contains("`## Summary`"));
    assert!(line("beta/posts/deep/er/three.md", "summary/missing").contains("`## In brief`"));
    assert!(line("top.md", "summary/missing").contains("`## TL;DR`"));
    // beta extends shared.toml, which turns bio/missing off.
    assert!(line("alpha/posts/2024/one.md", "bio/missing").contains("warning"));
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("beta/") && l.contains("bio/missing")),
        "{text}"
    );

    for _ in 0..10 {
        let again = blogfmt(dir.path(), &["check", "."]);
        assert_eq!(stdout(&again), text);
    }
}

#[test]
fn config_overrides_discovery_and_extensions_and_excludes_choose_files() {
    let dir = monorepo();
    let output = blogfmt(
        dir.path(),
        &[
            "check",
            "--config",
            "shared.toml",
            "--extension",
            "mdx",
            "--exclude",
            "2024",
            "alpha",
        ],
    );
    let text = stdout(&output);
    assert!(text.contains("alpha/posts/four.mdx:1:1"), "{text}");
    assert!(!text.contains("one.md"), "{text}");
    assert!(!text.contains("two.markdown"), "{text}");
    assert!(text.contains("`## TL;DR`"), "{text}");
    assert!(!text.contains("`## Summary`"), "{text}");
}

#[test]
fn a_bad_discovered_config_names_its_file_and_exits_2() {
    let dir = monorepo();
    write(
        dir.path(),
        "shared.toml",
        "extends = \"default\"\n[bio.missing]\nseverity = \"loud\"\n",
    );
    let output = blogfmt(dir.path(), &["check", "beta"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).unwrap();
    assert!(err.contains("shared.toml:3:12: severity must be"), "{err}");
}

#[test]
fn github_lines_escape_properties_and_messages() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "blogfmt.toml",
        "extends = \"default\"\n[summary.missing]\nmessage = \"100% missing,\\r\\nadd: {expected}\"\n",
    );
    write(dir.path(), "a,b:c%.md", NO_SUMMARY);
    let output = blogfmt(dir.path(), &["check", "--format", "github", "."]);
    let text = stdout(&output);
    let line = text
        .lines()
        .find(|l| l.contains("summary/missing"))
        .unwrap();
    assert_eq!(
        line,
        "::error file=a%2Cb%3Ac%25.md,line=1,col=1,endLine=1,endColumn=9,\
         title=summary/missing::100%25 missing,%0D%0Aadd: ## TL;DR"
    );
    let syntax = regex::Regex::new(
        r"^::(error|warning) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]+::[^\r\n]*$",
    )
    .unwrap();
    for line in text.lines() {
        assert!(syntax.is_match(line), "{line}");
    }
}

#[test]
fn sarif_has_the_required_structure() {
    let dir = monorepo();
    let output = blogfmt(dir.path(), &["check", "--format", "sarif", "."]);
    assert_eq!(output.status.code(), Some(1));
    let log: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    assert!(log["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "blogfmt");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for rule in rules {
        assert!(rule["id"].as_str().unwrap().contains('/'));
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(!rule["fullDescription"]["text"].as_str().unwrap().is_empty());
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["none", "note", "warning", "error"].contains(&level));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 9, "5 summary/missing, 4 bio/missing");
    for result in results {
        let id = result["ruleId"].as_str().unwrap();
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], id);
        assert!(["warning", "error"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        let uri = location["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            [".md", ".markdown", ".mdx"]
                .iter()
                .any(|e| uri.ends_with(e))
        );
        assert!(!uri.starts_with('/') && !uri.contains('\\'));
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key}");
        }
    }
}

#[test]
fn statistics_count_per_rule() {
    let dir = monorepo();
    let output = blogfmt(dir.path(), &["check", "--statistics", "-q", "."]);
    assert_eq!(
        stdout(&output),
        "    5  summary/missing\n    4  bio/missing\n"
    );
}

#[test]
fn piped_text_has_no_excerpt_and_no_colour() {
    let dir = monorepo();
    let text = stdout(&blogfmt(dir.path(), &["check", "top.md"]));
    assert!(!text.contains('\x1b'), "{text}");
    assert!(!text.contains(" | "), "{text}");
}

#[cfg(unix)]
#[test]
fn fix_in_place_rewrites_only_changed_files_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;

    let dir = tempfile::tempdir().unwrap();
    let fixable = write(dir.path(), "posts/fixable.md", FIXABLE);
    std::fs::set_permissions(&fixable, std::fs::Permissions::from_mode(0o640)).unwrap();
    let clean = write(
        dir.path(),
        "posts/clean.md",
        "# A Post\n\n## TL;DR\n\nFast.\n\n## Body\n\nText.\n",
    );
    let before = std::fs::metadata(&clean).unwrap().modified().unwrap();

    let output = blogfmt(dir.path(), &["fix", "--in-place", "posts"]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "warnings only: {text}");
    assert!(
        text.contains("Fixed posts/fixable.md (1 change(s))"),
        "{text}"
    );
    assert!(!text.contains("Fixed posts/clean.md"), "{text}");
    let fixed = std::fs::read_to_string(&fixable).unwrap();
    assert!(fixed.contains("## TL;DR\n\nWe made it faster."), "{fixed}");
    let mode = std::fs::metadata(&fixable).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(
        std::fs::metadata(&clean).unwrap().modified().unwrap(),
        before
    );
    assert!(!dir.path().join("fixed-draft.md").exists());
    assert!(!dir.path().join("changes-log.md").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("posts"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");

    // Unfixable errors remain: exit 1, and the diagnostic is printed.
    write(dir.path(), "posts/bad.md", NO_SUMMARY);
    let output = blogfmt(
        dir.path(),
        &["fix", "--in-place", "--log", "log.md", "posts/bad.md"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("posts/bad.md:1:1: error summary/missing"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("posts/bad.md")).unwrap(),
        NO_SUMMARY
    );
}

#[cfg(unix)]
#[test]
fn walks_stay_in_the_tree_and_in_place_writes_through_links() {
    use std::os::unix::fs::symlink;

    let outside = tempfile::tempdir().unwrap();
    let elsewhere = write(outside.path(), "elsewhere.md", NO_SUMMARY);
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "posts/real.md", NO_SUMMARY);
    // A loop back up the tree and a link out of it: a walk follows neither.
    symlink(dir.path().join("posts"), dir.path().join("posts/loop")).unwrap();
    symlink(outside.path(), dir.path().join("posts/outside")).unwrap();
    let output = blogfmt(dir.path(), &["check", "--format", "json", "posts"]);
    let mut files: Vec<String> = serde_json::from_str::<Value>(&stdout(&output))
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    files.dedup();
    assert_eq!(files, ["posts/real.md"]);

    // A draft named through a symlink is fixed in its target; the link stays a link.
    let target = write(dir.path(), "drafts/target.md", FIXABLE);
    symlink(&target, dir.path().join("link.md")).unwrap();
    let output = blogfmt(dir.path(), &["fix", "--in-place", "link.md"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        std::fs::symlink_metadata(dir.path().join("link.md"))
            .unwrap()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("## TL;DR")
    );
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), NO_SUMMARY);
}

#[test]
fn fix_draft_still_writes_the_fixed_draft_and_log() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "draft.md", FIXABLE);
    let output = blogfmt(dir.path(), &["fix", "draft.md"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(dir.path().join("fixed-draft.md").exists());
    assert!(dir.path().join("changes-log.md").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("draft.md")).unwrap(),
        FIXABLE
    );
    let output = blogfmt(dir.path(), &["fix", "draft.md", "other.md"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn init_writes_a_loadable_config_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let output = blogfmt(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let written = std::fs::read_to_string(dir.path().join("blogfmt.toml")).unwrap();
    assert!(written.contains("extends = \"default\""));
    write(dir.path(), "post.md", NO_SUMMARY);
    let check = blogfmt(dir.path(), &["check", "post.md"]);
    assert!(stdout(&check).contains("`## TL;DR`"));

    std::fs::write(dir.path().join("blogfmt.toml"), "# mine\n").unwrap();
    let output = blogfmt(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("blogfmt.toml")).unwrap(),
        "# mine\n"
    );
}

#[test]
fn a_missing_file_is_reported_and_the_others_still_checked() {
    let dir = monorepo();
    let output = blogfmt(dir.path(), &["check", "nope.md", "top.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nope.md"));
    assert!(stdout(&output).contains("top.md:1:1: error summary/missing"));
    // Only a missing file: an error, and no claim that all is clear.
    let output = blogfmt(dir.path(), &["check", "nope.md"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
}

#[test]
fn standard_input_is_still_read() {
    let dir = monorepo();
    let mut child = Command::new(env!("CARGO_BIN_EXE_blogfmt"))
        .args(["check", "-"])
        .current_dir(dir.path().join("alpha"))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(NO_SUMMARY.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    let text = stdout(&output);
    assert!(
        text.contains("<stdin>:1:1: error summary/missing"),
        "{text}"
    );
    assert!(
        text.contains("`## Summary`"),
        "the cwd's config applies: {text}"
    );
}
