//! `fix --in-place` at scale, under interrupts, concurrent edits and hostile input, through the
//! real binary: no edit is lost, no temporary file is left (or it is reported), and every
//! file is wholly old or wholly new.
//!
//! The races are made deterministic with the CLI's test hooks (`src/cli/test_hooks.rs`). The
//! signal and SIGKILL loops run `BLOGFMT_TEST_TRIALS` trials each (3 by default; 30 for the
//! full check: `BLOGFMT_TEST_TRIALS=30 cargo test --test in_place_safety`), on a copy of
//! `../shared/corpus/rust-blog` when it is beside the checkout, else on generated drafts.
//!
//! See: issue 20 (file safety of `fix --in-place`).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use tempfile::TempDir;

use common::tree::{copy_tree, snapshot};

const BIN: &str = env!("CARGO_BIN_EXE_blogfmt");

/// A draft every run changes (`## TLDR` becomes `## TL;DR`).
fn draft(n: usize) -> String {
    format!("# Post {n}\n\n## TLDR\n\nShort.\n\n## Body\n\nText {n}.\n")
}

fn blogfmt(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

fn run(dir: &Path, args: &[&str]) -> Output {
    blogfmt(dir, args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn is_temp(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with(".blogfmt-"))
}

/// The temporary files of blogfmt runs under `dir`.
fn temps(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir).into_keys().filter(|p| is_temp(p)).collect()
}

/// `dir/posts` holding `n` drafts that all change.
fn generated(dir: &Path, n: usize) -> PathBuf {
    let posts = dir.join("posts");
    fs::create_dir(&posts).expect("mkdir");
    for i in 0..n {
        fs::write(posts.join(format!("post-{i:04}.md")), draft(i)).expect("write");
    }
    posts
}

/// The tree the loops fix: the Rust blog corpus when it is beside the checkout (578 of its
/// 751 posts change), else 600 generated drafts.
fn source_tree(scratch: &Path) -> PathBuf {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/rust-blog");
    if corpus.is_dir() {
        return corpus;
    }
    generated(scratch, 600)
}

/// The tree before and after a complete `fix --in-place`, and how long that run took.
struct Reference {
    source: PathBuf,
    old: BTreeMap<PathBuf, Vec<u8>>,
    new: BTreeMap<PathBuf, Vec<u8>>,
    took: Duration,
}

fn reference(scratch: &Path) -> Reference {
    let source = source_tree(scratch);
    let work = scratch.join("reference");
    copy_tree(&source, &work);
    let old = snapshot(&work);
    let start = Instant::now();
    let output = run(&work, &["fix", "--in-place", "."]);
    let took = start.elapsed();
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let new = snapshot(&work);
    assert_ne!(old, new, "the reference run changed nothing");
    Reference {
        source,
        old,
        new,
        took,
    }
}

impl Reference {
    /// Assert every file of `dir` is wholly old or wholly new, and no other file is there
    /// but temporary ones; returns how many are new.
    fn assert_whole(&self, dir: &Path) -> usize {
        let now = snapshot(dir);
        let mut new = 0;
        for (path, bytes) in &now {
            if is_temp(path) {
                continue;
            }
            let old = self
                .old
                .get(path)
                .unwrap_or_else(|| panic!("{path:?} appeared"));
            if bytes == old {
                continue;
            }
            assert_eq!(
                Some(bytes),
                self.new.get(path),
                "{path:?} is neither the old nor the new text"
            );
            new += 1;
        }
        for path in self.old.keys() {
            assert!(now.contains_key(path), "{path:?} disappeared");
        }
        new
    }
}

fn trials() -> usize {
    std::env::var("BLOGFMT_TEST_TRIALS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3)
}

/// A small pseudo-random generator: the trials need spread, not quality. The seed is
/// printed, so a failing trial can be told apart.
struct Random(u64);

impl Random {
    fn new() -> Random {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("clock")
            .subsec_nanos() as u64
            | 1;
        eprintln!("random seed {seed}");
        Random(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn signal(child: &Child, name: &str) {
    // The run may have ended already: then `kill` fails, which is fine.
    let _ = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .stderr(Stdio::null())
        .status();
}

/// Start `fix --in-place .` in `dir` with the pause hook, and wait until it is paused with
/// every output staged. Returns the child and the marker to remove to let it go on.
fn paused_fix(dir: &Path, scratch: &Path) -> (Child, PathBuf) {
    let marker = scratch.join("paused");
    let child = blogfmt(dir, &["fix", "--in-place", "."])
        .env("BLOGFMT_TEST_PAUSE_BEFORE_RENAME", &marker)
        .spawn()
        .expect("spawn");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !marker.exists() {
        assert!(Instant::now() < deadline, "the run never paused");
        std::thread::sleep(Duration::from_millis(5));
    }
    (child, marker)
}

#[test]
fn an_edit_made_during_fix_in_place_survives() {
    let scratch = TempDir::new().expect("temp dir");
    let posts = generated(scratch.path(), 3);
    let (child, marker) = paused_fix(&posts, scratch.path());
    // An append, as `echo EDIT >>` does, and a save by rename, as many editors do.
    let appended = posts.join("post-0000.md");
    let mut edited = fs::read_to_string(&appended).expect("read");
    edited.push_str("EDIT\n");
    fs::write(&appended, &edited).expect("append");
    let replaced = posts.join("post-0001.md");
    fs::write(scratch.path().join("saved.md"), "# Saved\n").expect("write");
    fs::rename(scratch.path().join("saved.md"), &replaced).expect("rename");
    fs::remove_file(&marker).expect("resume");
    let output = child.wait_with_output().expect("wait");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 2, "{stderr}");
    for name in ["post-0000.md", "post-0001.md"] {
        assert!(
            stderr
                .lines()
                .any(|l| l.contains(name) && l.contains("changed while blogfmt was fixing it")),
            "{stderr}"
        );
    }
    assert_eq!(fs::read_to_string(&appended).expect("read"), edited);
    assert_eq!(fs::read_to_string(&replaced).expect("read"), "# Saved\n");
    let fixed = fs::read_to_string(posts.join("post-0002.md")).expect("read");
    assert!(fixed.contains("## TL;DR"), "{fixed}");
    let stdout = text(&output.stdout);
    assert!(stdout.contains("1 of 3 file(s) changed"), "{stdout}");
    assert!(temps(&posts).is_empty());
}

#[test]
fn two_thousand_changed_posts_fit_in_256_open_files() {
    let scratch = TempDir::new().expect("temp dir");
    let posts = generated(scratch.path(), 2_000);
    let output = Command::new("sh")
        .args([
            "-c",
            "ulimit -n 256 && exec \"$0\" fix --in-place posts",
            BIN,
        ])
        .current_dir(scratch.path())
        .output()
        .expect("sh runs");
    let stderr = text(&output.stderr);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(text(&output.stdout).contains("2000 of 2000 file(s) changed"));
    for (path, bytes) in snapshot(&posts) {
        assert!(text(&bytes).contains("## TL;DR"), "{path:?} not fixed");
    }
}

#[test]
fn a_file_that_cannot_be_staged_means_no_file_is_rewritten() {
    let scratch = TempDir::new().expect("temp dir");
    let posts = generated(scratch.path(), 3);
    let before = snapshot(&posts);
    let output = blogfmt(&posts, &["fix", "--in-place", "."])
        .env("BLOGFMT_TEST_FAIL_STAGE", "post-0001")
        .output()
        .expect("runs");
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 2, "{stderr}");
    assert!(lines[0].contains("post-0001.md") && lines[0].contains("No space left on device"));
    assert!(lines[1].contains("no file was rewritten: 1 of 3 changed file(s) could not be staged"));
    let stdout = text(&output.stdout);
    assert!(!stdout.contains("Fixed"), "{stdout}");
    assert!(stdout.contains("0 of 3 file(s) changed"), "{stdout}");
    assert_eq!(
        snapshot(&posts),
        before,
        "a file was written or a temp file left"
    );
}

#[test]
fn signals_at_random_points_leave_no_temporary_file() {
    let scratch = TempDir::new().expect("temp dir");
    let reference = reference(scratch.path());
    let mut random = Random::new();
    let window = reference.took.as_millis() as u64 + 50;
    for trial in 0..trials() {
        for (name, code) in [("INT", 130), ("TERM", 143)] {
            let dir = scratch.path().join(format!("{name}-{trial}"));
            copy_tree(&reference.source, &dir);
            let child = blogfmt(&dir, &["fix", "--in-place", "."])
                .spawn()
                .expect("spawn");
            let delay = random.below(window);
            std::thread::sleep(Duration::from_millis(delay));
            signal(&child, name);
            let output = child.wait_with_output().expect("wait");
            let stderr = text(&output.stderr);
            let stdout = text(&output.stdout);
            let fixed: Vec<&str> = stdout.lines().filter(|l| l.starts_with("Fixed ")).collect();
            let at = format!(
                "SIG{name} after {delay} ms: {:?}, stderr {stderr:?}, {} Fixed lines, first {:?}",
                output.status,
                fixed.len(),
                fixed.first()
            );
            assert!(temps(&dir).is_empty(), "temp files left, {at}");
            let new = reference.assert_whole(&dir);
            let fixed = fixed.len();
            assert_eq!(new, fixed, "rewritten files not as reported, {at}");
            match output.status.code() {
                Some(0 | 1) => assert_eq!(new, reference.changed(), "{at}"),
                Some(c) if c == code => {
                    assert_eq!(stderr.lines().count(), 1, "{at}");
                    assert!(
                        stderr.contains(&format!("interrupted by SIG{name}")),
                        "{at}"
                    );
                }
                // Before the handler is installed, at start-up, the signal ends the process
                // as usual: nothing was staged yet.
                None => {
                    use std::os::unix::process::ExitStatusExt;
                    assert_eq!(output.status.signal(), Some(code - 128), "{at}");
                    assert_eq!(new, 0, "{at}");
                }
                other => panic!("exit {other:?}, {at}"),
            }
            fs::remove_dir_all(&dir).expect("clean up");
        }
    }
}

impl Reference {
    fn changed(&self) -> usize {
        self.new
            .iter()
            .filter(|(path, bytes)| self.old.get(*path) != Some(*bytes))
            .count()
    }
}

#[test]
fn a_signal_once_everything_is_staged_removes_every_temporary_file() {
    let scratch = TempDir::new().expect("temp dir");
    let posts = generated(scratch.path(), 50);
    let before = snapshot(&posts);
    for (name, code) in [("INT", 130), ("TERM", 143)] {
        let (child, marker) = paused_fix(&posts, scratch.path());
        assert_eq!(temps(&posts).len(), 50, "every output is staged");
        signal(&child, name);
        let output = child.wait_with_output().expect("wait");
        fs::remove_file(&marker).expect("marker");
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{stderr}");
        assert_eq!(
            stderr,
            format!("blogfmt: interrupted by SIG{name}; no file was changed\n")
        );
        assert_eq!(
            snapshot(&posts),
            before,
            "a file changed or a temp file was left"
        );
    }
}

#[test]
fn after_sigkill_files_are_whole_and_the_next_run_reports_the_temporary_files() {
    let scratch = TempDir::new().expect("temp dir");
    let reference = reference(scratch.path());
    let mut random = Random::new();
    let window = reference.took.as_millis() as u64 + 50;
    for trial in 0..trials() {
        let dir = scratch.path().join(format!("kill-{trial}"));
        copy_tree(&reference.source, &dir);
        let mut child = blogfmt(&dir, &["fix", "--in-place", "."])
            .spawn()
            .expect("spawn");
        let delay = random.below(window);
        std::thread::sleep(Duration::from_millis(delay));
        child.kill().expect("kill");
        child.wait().expect("wait");
        reference.assert_whole(&dir);
        assert_reported_and_cleaned(&dir, &format!("SIGKILL after {delay} ms"));
        fs::remove_dir_all(&dir).expect("clean up");
    }
    // Killed while every output is staged: the temporary files are surely there.
    let posts = generated(scratch.path(), 20);
    let (mut child, marker) = paused_fix(&posts, scratch.path());
    child.kill().expect("kill");
    child.wait().expect("wait");
    fs::remove_file(&marker).expect("marker");
    assert_eq!(temps(&posts).len(), 20);
    assert_reported_and_cleaned(&posts, "SIGKILL while paused");
}

/// The stale temporary files in `dir`, if any, are reported by `check` and `fix` in one
/// warning line each, and `blogfmt clean` removes them.
fn assert_reported_and_cleaned(dir: &Path, at: &str) {
    let stale = temps(dir).len();
    for args in [&["check", "."][..], &["fix", "--in-place", "--diff", "."]] {
        let output = run(dir, args);
        let stderr = text(&output.stderr);
        if stale == 0 {
            assert!(stderr.is_empty(), "{args:?}: {stderr}, {at}");
            continue;
        }
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}, {at}");
        assert!(
            stderr.starts_with(&format!(
                "blogfmt: warning: {stale} temporary file(s) left by an interrupted blogfmt run"
            )) && stderr.contains("`blogfmt clean .` removes them"),
            "{args:?}: {stderr}, {at}"
        );
    }
    let output = run(dir, &["clean", "."]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(
        text(&output.stdout),
        format!("Removed {stale} temporary file(s) left by interrupted runs.\n")
    );
    assert!(temps(dir).is_empty(), "{at}");
}

/// Run `blogfmt args` in `dir`, waiting for it with `wait4` to learn its peak memory; assert
/// it fails with one line mentioning `mention`, exit 2, within a second and under 100 MB.
#[expect(
    clippy::zombie_processes,
    reason = "reaped by wait4, which also reports its peak memory"
)]
fn assert_refused_quickly(dir: &Path, args: &[&str], mention: &str) {
    let start = Instant::now();
    let child = blogfmt(dir, args)
        .stdout(Stdio::null())
        .spawn()
        .expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value, filled by wait4.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let deadline = start + Duration::from_secs(5);
    loop {
        // SAFETY: waits for our own child, writing into the two locals.
        let done = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if done == pid {
            break;
        }
        if Instant::now() > deadline {
            // SAFETY: our own child, still running.
            unsafe { libc::kill(pid, libc::SIGKILL) };
            panic!("{args:?} still running after 5 s");
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let took = start.elapsed();
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.expect("stderr"), &mut stderr).expect("read");
    assert!(libc::WIFEXITED(status), "{args:?}: {status}");
    assert_eq!(libc::WEXITSTATUS(status), 2, "{args:?}: {stderr}");
    assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr:?}");
    assert!(
        stderr.contains(mention),
        "{args:?}: {stderr:?} lacks {mention:?}"
    );
    assert!(took < Duration::from_secs(1), "{args:?} took {took:?}");
    // ru_maxrss is in KiB on Linux.
    assert!(
        usage.ru_maxrss < 100 * 1024,
        "{args:?}: {} KiB",
        usage.ru_maxrss
    );
}

#[test]
fn fifos_devices_and_huge_files_are_refused_in_one_line() {
    let scratch = TempDir::new().expect("temp dir");
    let dir = scratch.path();
    let fifo = dir.join("pipe.md");
    let made = Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
    assert!(made.success());
    let fifo_line = "pipe.md: is a FIFO (named pipe), not a regular file";
    assert_refused_quickly(dir, &["check", "pipe.md"], fifo_line);
    assert_refused_quickly(dir, &["fix", "pipe.md"], fifo_line);
    assert_refused_quickly(dir, &["fix", "--in-place", "pipe.md"], fifo_line);
    let device = "/dev/zero: is a character device, not a regular file";
    assert_refused_quickly(dir, &["check", "/dev/zero"], device);
    assert_refused_quickly(dir, &["fix", "--in-place", "/dev/zero"], device);
    // Sparse: no disk used. Over the cap, refused unread; under it, stopped at the first NUL.
    let huge = fs::File::create(dir.join("huge.md")).expect("create");
    huge.set_len(2 << 30).expect("sparse 2 GiB");
    assert_refused_quickly(
        dir,
        &["check", "huge.md"],
        "huge.md: larger than the 64 MiB limit",
    );
    let zeros = fs::File::create(dir.join("zeros.md")).expect("create");
    zeros.set_len(60 << 20).expect("sparse 60 MiB");
    assert_refused_quickly(
        dir,
        &["check", "zeros.md"],
        "zeros.md: NUL byte at offset 0",
    );
    let limit = "larger than the 1 KiB limit; raise it with --max-file-size";
    fs::write(dir.join("long.md"), "a".repeat(2000)).expect("write");
    assert_refused_quickly(dir, &["check", "--max-file-size", "1K", "long.md"], limit);
    fs::write(dir.join("draft.md"), draft(0)).expect("write");
    for (config, target) in [("zero.toml", "/dev/zero"), ("fifo.toml", "pipe.md")] {
        fs::write(dir.join(config), format!("extends = \"{target}\"\n")).expect("write");
        let mention = format!("{config}: `extends` target {target}: is a");
        assert_refused_quickly(dir, &["--config", config, "check", "draft.md"], &mention);
    }
    // Devices stay allowed as outputs.
    let output = run(dir, &["fix", "draft.md", "-o", "/dev/null"]);
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
}

#[cfg(target_os = "linux")]
#[test]
fn hard_linked_files_are_refused_for_in_place() {
    use std::os::unix::fs::MetadataExt;
    let scratch = TempDir::new().expect("temp dir");
    let posts = generated(scratch.path(), 1);
    let path = posts.join("post-0000.md");
    fs::hard_link(&path, scratch.path().join("other-link.md")).expect("link");
    let output = run(&posts, &["fix", "--in-place", "post-0000.md"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("post-0000.md: has 2 hard links"),
        "{stderr}"
    );
    assert_eq!(fs::read_to_string(&path).expect("read"), draft(0));
    let (a, b) = (
        fs::metadata(&path).expect("meta"),
        fs::metadata(scratch.path().join("other-link.md")).expect("meta"),
    );
    assert_eq!((a.ino(), a.nlink()), (b.ino(), 2), "the links were split");
}

#[test]
fn a_newline_in_a_file_name_stays_on_one_line() {
    let scratch = TempDir::new().expect("temp dir");
    let dir = scratch.path();
    fs::write(dir.join("two\nlines.md"), draft(0)).expect("write");
    let output = run(dir, &["check", "--no-color", "."]);
    let stdout = text(&output.stdout);
    let diagnostics: Vec<&str> = stdout.lines().filter(|l| l.contains(": error ")).collect();
    assert!(!diagnostics.is_empty(), "{stdout}");
    for line in diagnostics {
        assert!(line.starts_with("two\\nlines.md:"), "{line:?}");
    }
    fs::write(dir.join("bad\n.md"), b"\xff").expect("write");
    let output = run(dir, &["check", "bad\n.md"]);
    let stderr = text(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr:?}");
    assert!(stderr.contains("bad\\n.md"), "{stderr:?}");
}
