//! The bad-input matrix, run through the real binary in temporary directories.
//!
//! Bad input: one line on stderr naming the problem, exit code 2, nothing written, the input
//! untouched. Odd but valid input (empty, BOM, mixed line endings, huge or deeply nested
//! drafts): `check` and `fix` finish and write what they should. These tests do not time
//! anything; the benchmarks do.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

const BIN: &str = env!("CARGO_BIN_EXE_blogfmt");

const DRAFT: &str = "# Title\n\n## TL;DR\n\nShort.\n\n## Body\n\nText.\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the binary runs")
}

/// Every file under `dir`, relative, sorted: what a run left behind.
fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path.clone());
            }
            out.push(path.strip_prefix(dir).expect("under dir").to_path_buf());
        }
    }
    out.sort();
    out
}

/// Assert a failed run: exit 2 and one line on stderr mentioning `mention`.
fn assert_error(output: &Output, mention: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line: {stderr:?}");
    assert!(stderr.ends_with('\n'), "{stderr:?}");
    assert!(
        stderr.contains(mention),
        "{stderr:?} does not mention {mention:?}"
    );
}

/// A temp dir holding `draft.md` with `bytes`; returns the dir.
fn with_draft(bytes: &[u8]) -> TempDir {
    let dir = TempDir::new().expect("temp dir");
    fs::write(dir.path().join("draft.md"), bytes).expect("write draft");
    dir
}

/// `fix` and `check` both fail on `draft.md` naming `mention`, and `fix` writes nothing.
fn assert_rejected(dir: &TempDir, mention: &str) {
    let before = files(dir.path());
    let original = fs::read(dir.path().join("draft.md")).ok();
    assert_error(&run(dir.path(), &["fix", "draft.md"]), mention);
    assert_error(&run(dir.path(), &["check", "draft.md"]), mention);
    assert_eq!(files(dir.path()), before, "fix left files behind");
    assert_eq!(fs::read(dir.path().join("draft.md")).ok(), original);
}

#[test]
fn missing_draft() {
    let dir = TempDir::new().expect("temp dir");
    assert_rejected(&dir, "draft.md");
}

#[test]
fn directory_as_draft() {
    let dir = TempDir::new().expect("temp dir");
    fs::create_dir(dir.path().join("draft.md")).expect("mkdir");
    let before = files(dir.path());
    assert_error(&run(dir.path(), &["fix", "draft.md"]), "draft.md");
    assert_eq!(files(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn unreadable_draft() {
    use std::os::unix::fs::PermissionsExt;
    let dir = with_draft(DRAFT.as_bytes());
    let path = dir.path().join("draft.md");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&path).is_ok() {
        // Root (as in many CI containers) reads a mode-000 file anyway.
        eprintln!("skipped: this user can read a mode-000 file (running as root?)");
        return;
    }
    let before = files(dir.path());
    assert_error(&run(dir.path(), &["fix", "draft.md"]), "draft.md");
    assert_eq!(files(dir.path()), before);
}

#[test]
fn not_utf8() {
    let dir = with_draft(b"# Caf\xe9\n\nText.\n");
    assert_rejected(&dir, "UTF-8");
}

#[test]
fn nul_byte() {
    let dir = with_draft(b"# Title\n\nText\0more.\n");
    assert_rejected(&dir, "NUL");
}

#[test]
fn output_directory_missing() {
    let dir = with_draft(DRAFT.as_bytes());
    let before = files(dir.path());
    let output = run(dir.path(), &["fix", "draft.md", "-o", "missing/fixed.md"]);
    assert_error(&output, "missing/fixed.md");
    assert_eq!(files(dir.path()), before, "the log was written anyway");
    let output = run(dir.path(), &["fix", "draft.md", "--log", "missing/log.md"]);
    assert_error(&output, "missing/log.md");
    assert_eq!(files(dir.path()), before, "the draft was written anyway");
}

#[test]
fn output_equal_to_input() {
    let dir = with_draft(b"# Title\n\n## TLDR\n\nShort.\n");
    let before = files(dir.path());
    for args in [
        &["fix", "draft.md", "-o", "draft.md"][..],
        &["fix", "draft.md", "-o", "./draft.md"],
        &["fix", "draft.md", "--log", "draft.md"],
    ] {
        assert_error(&run(dir.path(), args), "draft.md");
        assert_eq!(files(dir.path()), before);
        assert_eq!(
            fs::read(dir.path().join("draft.md")).expect("draft"),
            b"# Title\n\n## TLDR\n\nShort.\n"
        );
    }
}

#[cfg(target_os = "linux")]
#[test]
fn write_failure_on_dev_full() {
    let full = Path::new("/dev/full");
    if !full.exists() {
        eprintln!("skipped: no /dev/full");
        return;
    }
    let dir = with_draft(DRAFT.as_bytes());
    let before = files(dir.path());
    let output = run(dir.path(), &["fix", "draft.md", "-o", "/dev/full"]);
    assert_error(&output, "/dev/full");
    assert_eq!(files(dir.path()), before, "the log or a temp file was left");
    let staged = fs::read_dir("/dev")
        .expect("/dev")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".blogfmt-"))
        .count();
    assert_eq!(staged, 0, "a temp file was left in /dev");
    use std::os::unix::fs::FileTypeExt;
    assert!(
        fs::metadata(full)
            .expect("/dev/full")
            .file_type()
            .is_char_device(),
        "/dev/full was replaced"
    );
    let output = run(dir.path(), &["fix", "draft.md", "--log", "/dev/full"]);
    assert_error(&output, "/dev/full");
    assert_eq!(
        files(dir.path()),
        before,
        "the draft or a temp file was left"
    );
}

/// Fix `bytes` as `draft.md`; assert both commands ran (exit 0 or 1) and return the fixed
/// draft.
fn fixes(bytes: &[u8]) -> Vec<u8> {
    let dir = with_draft(bytes);
    for args in [&["check", "draft.md"][..], &["fix", "draft.md"]] {
        let output = run(dir.path(), args);
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(dir.path().join("changes-log.md").is_file());
    fs::read(dir.path().join("fixed-draft.md")).expect("fixed draft written")
}

#[test]
fn empty_and_blank_drafts_work() {
    assert_eq!(fixes(b""), b"");
    // Only whitespace: `structure/whitespace` leaves one newline.
    assert_eq!(fixes(b"  \n\t\n\n"), b"\n");
}

#[test]
fn bom_and_mixed_line_endings_survive() {
    let text = "\u{feff}# Title\r\n\r\nOne line.\nTwo line.\r\n\r\n## TLDR\n\nShort.\r\n";
    let fixed = String::from_utf8(fixes(text.as_bytes())).expect("UTF-8");
    assert!(fixed.starts_with("\u{feff}# Title\r\n\r\nOne line.\nTwo line.\r\n"));
    assert!(fixed.contains("## TL;DR"), "{fixed:?}");
    assert!(fixed.ends_with("Short.\r\n"), "{fixed:?}");
}

#[test]
fn a_ten_megabyte_line_works() {
    let mut text = String::from("# Title\n\n");
    while text.len() < 10 * 1024 * 1024 {
        text.push_str("word *emphasis* `code` <b>x</b> ");
    }
    text.push_str("end\n");
    assert_eq!(fixes(text.as_bytes()), text.as_bytes());
}

#[test]
fn fifty_thousand_nested_blockquotes_work() {
    let text = format!("# Title\n\n{}Jane Doe is a writer.\n", "> ".repeat(50_000));
    fixes(text.as_bytes());
    let text = format!("# Title\n\n{}Quote.\n", ">".repeat(50_000));
    assert_eq!(fixes(text.as_bytes()), text.as_bytes());
}

#[test]
fn ten_thousand_nested_list_levels_work() {
    // Real nesting needs growing indentation: 1,000 levels are already 1 MB of spaces.
    let mut text = String::from("# Title\n\n");
    for level in 0..1_000 {
        text.push_str(&"  ".repeat(level));
        text.push_str("- item\n");
    }
    assert_eq!(fixes(text.as_bytes()), text.as_bytes());
    let text = format!("# Title\n\n{}item\n", "- ".repeat(10_000));
    assert_eq!(fixes(text.as_bytes()), text.as_bytes());
}

#[test]
fn a_one_megabyte_table_works() {
    let mut text = String::from("# Title\n\n| a | b | c |\n| --- | :-: | --: |\n");
    let mut row = 0;
    while text.len() < 1024 * 1024 {
        text.push_str(&format!("| {row} | `x|y` | TL;DR -- *{row}* |\n"));
        row += 1;
    }
    assert_eq!(fixes(text.as_bytes()), text.as_bytes());
}

#[test]
fn many_sections_and_blocks_work() {
    // Every heading opens a section: quadratic section scans would show here.
    let mut text = String::from("# Title\n\n## TLDR\n\nShort.\n\n");
    for i in 0..20_000 {
        text.push_str(&format!("## Part {i}\n\nText {i}.\n\n"));
    }
    text.push_str("---\n\n*Jane Doe is a writer.*\n");
    let fixed = String::from_utf8(fixes(text.as_bytes())).expect("UTF-8");
    assert!(fixed.contains("## TL;DR"));
    assert!(fixed.ends_with("## About the Author\n\nJane Doe is a writer.\n"));
}

#[cfg(unix)]
#[test]
fn symlinked_outputs_are_written_through() {
    use std::os::unix::fs::symlink;
    let dir = with_draft(b"# Title\n\n## TLDR\n\nShort.\n");
    let real = dir.path().join("posts");
    fs::create_dir(&real).expect("mkdir");
    fs::write(real.join("fixed.md"), "old\n").expect("write");
    symlink(real.join("fixed.md"), dir.path().join("out.md")).expect("symlink");
    let output = run(dir.path(), &["fix", "draft.md", "-o", "out.md"]);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    assert!(
        fs::symlink_metadata(dir.path().join("out.md"))
            .expect("link")
            .is_symlink()
    );
    let fixed = fs::read_to_string(real.join("fixed.md")).expect("target");
    assert!(fixed.contains("## TL;DR"), "{fixed:?}");
    // A link to the draft is the draft: refused.
    symlink(dir.path().join("draft.md"), dir.path().join("alias.md")).expect("symlink");
    assert_error(
        &run(dir.path(), &["fix", "draft.md", "-o", "alias.md"]),
        "alias.md",
    );
    // A dangling link is refused, and nothing is written.
    symlink(
        dir.path().join("nowhere/x.md"),
        dir.path().join("dangling.md"),
    )
    .expect("symlink");
    let before = files(dir.path());
    assert_error(
        &run(dir.path(), &["fix", "draft.md", "-o", "dangling.md"]),
        "dangling.md",
    );
    assert_eq!(files(dir.path()), before);
}

#[cfg(unix)]
#[test]
fn symlinked_drafts_are_read_through() {
    use std::os::unix::fs::symlink;
    let dir = with_draft(b"# Title\n\n## TLDR\n\nShort.\n");
    symlink(dir.path().join("draft.md"), dir.path().join("link.md")).expect("symlink");
    let output = run(dir.path(), &["fix", "link.md"]);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let fixed = fs::read_to_string(dir.path().join("fixed-draft.md")).expect("fixed");
    assert!(fixed.contains("## TL;DR"));
    assert_eq!(
        fs::read(dir.path().join("draft.md")).expect("draft"),
        b"# Title\n\n## TLDR\n\nShort.\n"
    );
}

#[cfg(unix)]
#[test]
fn existing_outputs_keep_their_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = with_draft(DRAFT.as_bytes());
    let out = dir.path().join("fixed-draft.md");
    fs::write(&out, "old\n").expect("write");
    fs::set_permissions(&out, fs::Permissions::from_mode(0o640)).expect("chmod");
    let output = run(dir.path(), &["fix", "draft.md"]);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let mode = fs::metadata(&out).expect("out").permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    // A new file is not private to the user, as a temp file would be.
    let log = fs::metadata(dir.path().join("changes-log.md")).expect("log");
    assert_ne!(log.permissions().mode() & 0o777, 0o600);
}

#[cfg(target_os = "linux")]
#[test]
fn stdout_as_output_and_a_closed_pipe() {
    use std::io::Read;
    use std::process::Stdio;
    let dir = with_draft(b"# Title\n\n## TLDR\n\nShort.\n");
    // `/dev/stdout` is a symlink to a pipe here: written in place, never replaced.
    let output = run(
        dir.path(),
        &["fix", "draft.md", "-o", "/dev/stdout", "--log", "/dev/null"],
    );
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).starts_with("# Title\n\n## TL;DR\n"));
    // A reader that goes away early (`| head -1`) is no error and no panic.
    let mut child = Command::new(BIN)
        .args(["fix", "draft.md", "--diff"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read");
    let status = child.wait().expect("wait");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(matches!(status.code(), Some(0 | 1)), "{status:?}: {stderr}");
}
