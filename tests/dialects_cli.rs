//! Dialects as a user meets them: `blogfmt config` on a post in each kind of site, a config that
//! forces a dialect, a bad dialect name, and `fix` in a site leaving its constructs alone.

use std::path::Path;
use std::process::{Command, Output};

fn blogfmt(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_blogfmt"))
        .args(args)
        .current_dir(dir)
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("run blogfmt")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A fresh repository holding `files` (`name` or `name:contents`).
fn site(files: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    for file in files {
        let (name, text) = file.split_once(':').unwrap_or((file, ""));
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

/// The `dialect:` line `blogfmt config` prints for `post` in a site of `files`.
fn dialect_line(files: &[&str], post: &str) -> String {
    let dir = site(files);
    let output = blogfmt(dir.path(), &["config", post]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    stdout(&output)
        .lines()
        .find(|l| l.starts_with("dialect: "))
        .unwrap_or_else(|| panic!("no dialect line: {output:?}"))
        .to_string()
}

#[test]
fn config_names_the_dialect_of_a_post_in_each_kind_of_site_and_why() {
    let cases: &[(&[&str], &str, &str, &str)] = &[
        (
            &["hugo.toml"],
            "content/posts/a.md",
            "dialect: hugo",
            "Hugo site (hugo.toml)",
        ),
        (
            &["config.toml:baseURL = 'https://example.org/'"],
            "content/a.md",
            "dialect: hugo",
            "Hugo site (config.toml)",
        ),
        (
            &["_config.yml"],
            "_posts/2024-01-01-a.markdown",
            "dialect: jekyll",
            "Jekyll site",
        ),
        (
            &["docusaurus.config.js"],
            "blog/a.md",
            "dialect: mdx",
            "Docusaurus site",
        ),
        (
            &["astro.config.mjs"],
            "src/content/a.md",
            "dialect: commonmark",
            "Astro site",
        ),
        (
            &["astro.config.mjs"],
            "src/content/a.mdx",
            "dialect: mdx",
            "the file is .mdx",
        ),
        (&[], "a.md", "dialect: commonmark", "no .mdx extension"),
    ];
    for (files, post, dialect, why) in cases {
        let line = dialect_line(files, post);
        assert!(line.starts_with(dialect), "{post} in {files:?}: {line}");
        assert!(line.contains(why), "{post} in {files:?}: {line}");
    }
}

#[test]
fn config_lists_the_config_files_in_order_and_a_forced_dialect() {
    let dir = site(&[
        "hugo.toml",
        "base.toml:extends = \"default\"\n[markdown]\ndialect = \"jekyll\"\n",
        "blog/blogfmt.toml:extends = \"../base.toml\"\n",
    ]);
    let output = blogfmt(dir.path(), &["config", "blog/post.md"]);
    let out = stdout(&output);
    let chain: Vec<&str> = out
        .lines()
        .skip_while(|l| !l.starts_with("house style"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(str::trim)
        .collect();
    assert_eq!(
        chain,
        [
            "blog/blogfmt.toml",
            "blog/../base.toml",
            "default (embedded)"
        ],
        "{out}"
    );
    assert!(
        out.contains("dialect: jekyll (`[markdown] dialect = \"jekyll\"` in blog/blogfmt.toml)"),
        "{out}"
    );
}

#[test]
fn an_unknown_dialect_is_an_error_at_its_line_and_column() {
    let dir = site(&["blog.toml:extends = \"default\"\n[markdown]\ndialect = \"hugu\"\n"]);
    let output = blogfmt(dir.path(), &["--config", "blog.toml", "config", "a.md"]);
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8_lossy(&output.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("blog.toml:3:11"), "{err}");
    assert!(err.contains("did you mean `hugo`"), "{err}");
}

#[test]
fn fix_in_a_hugo_site_keeps_shortcodes_and_fixes_the_prose_beside_them() {
    let post = "---\ntitle: A post\n---\n\nBefore -- after.\n\n\
                {{< figure src=\"/img/a.png\" caption=\"Before -- after\" >}}\n";
    let dir = site(&["hugo.toml", &format!("content/a.md:{post}")]);
    let output = blogfmt(dir.path(), &["fix", "--diff", "content/a.md"]);
    let diff = stdout(&output);
    assert!(diff.contains("+Before — after."), "{diff}");
    assert!(
        !diff.contains("+{{< figure"),
        "the shortcode changed: {diff}"
    );
}

#[test]
fn an_mdx_title_after_its_imports_stays_first_and_the_summary_lands_under_it() {
    let post = "---\ntitle: Caching at the Edge\n---\nimport {Chart} from './chart.jsx'\n\
                export const meta = {minutes: 4}\n\n# Caching at the Edge\n\nThe lede.\n\n\
                ## Background\n\nHistory.\n\n<Chart data={meta.minutes} />\n\n## TL;DR\n\n\
                Edge caching halved latency.\n\n## Results\n\nFaster pages.\n";
    let dir = site(&[&format!("blog/post.mdx:{post}")]);
    let output = blogfmt(
        dir.path(),
        &[
            "fix",
            "--in-place",
            "--select",
            "summary,structure/title",
            "blog",
        ],
    );
    assert!(matches!(output.status.code(), Some(0 | 1)), "{output:?}");
    let fixed = std::fs::read_to_string(dir.path().join("blog/post.mdx")).unwrap();
    let expected = post.replace(
        "## Background\n\nHistory.\n\n<Chart data={meta.minutes} />\n\n## TL;DR\n\n\
         Edge caching halved latency.\n",
        "## TL;DR\n\nEdge caching halved latency.\n\n## Background\n\nHistory.\n\n\
         <Chart data={meta.minutes} />\n",
    );
    assert_ne!(expected, post, "the replacement applies");
    assert_eq!(fixed, expected);
}
