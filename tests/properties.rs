//! Property tests: over generated drafts built from the constructs real drafts use, `check`
//! and `fix` with the full default house style never panic, `fix` is idempotent, every byte
//! outside the ranges `fix` reports as changed survives in order, and code, HTML and front
//! matter come back byte-identical.
//!
//! Each property runs 2,000 drafts by default; `PROPTEST_CASES` overrides the number (CI may
//! raise it, a quick local run may lower it).

mod common;

use std::sync::LazyLock;

use proptest::prelude::*;
use proptest::test_runner::Config as ProptestConfig;

use blogfmt::{Config, fix};

static CONFIG: LazyLock<Config> = LazyLock::new(Config::default_style);

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2_000)
}

/// Words of prose, with the labels and names the default rules react to, and non-ASCII.
fn word() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "the",
        "cache",
        "is",
        "works",
        "Jane",
        "Doe",
        "Alex",
        "Torres",
        "TL;DR",
        "TLDR:",
        "Summary",
        "--",
        "—",
        "café",
        "naïve",
        "日本語",
        "😀",
        "e.g.",
        "Dr.",
        "end.",
        "why?",
        "*",
        "_",
        "\\*",
        "[",
        "]",
        "<",
        "&amp;",
        "#",
        ">",
        "|",
        "`",
        "1.",
        "-",
    ])
}

fn words(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(word(), 1..max).prop_map(|w| w.join(" "))
}

/// Inline content: words mixed with code spans, emphasis, links, images and inline HTML.
fn inline() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => words(6),
        1 => words(3).prop_map(|w| format!("`{w}`")),
        1 => words(3).prop_map(|w| format!("*{w}*")),
        1 => words(3).prop_map(|w| format!("**{w}**")),
        1 => words(3).prop_map(|w| format!("[{w}](https://example.com/{})", w.len())),
        1 => words(2).prop_map(|w| format!("![{w}](/images/x.png)")),
        1 => words(2).prop_map(|w| format!("<span class=\"x\">{w}</span>")),
        1 => Just("<!-- note -->".to_string()),
    ];
    prop::collection::vec(piece, 1..5).prop_map(|p| p.join(" "))
}

fn heading() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        prop::sample::select(vec![
            "TL;DR",
            "TLDR",
            "TL DR",
            "tl-dr",
            "TL:DR",
            "Too long; didn't read",
            "Summary",
            "In short",
            "In brief",
            "About the Author",
            "About me",
            "Author",
            "Bio",
            "Intro",
            "Résumé ☕",
            "`code` heading",
        ])
        .prop_map(str::to_string),
        inline(),
    ];
    (1..=4usize, text, any::<bool>()).prop_map(|(level, text, setext)| {
        if setext && level <= 2 {
            let underline = if level == 1 { "===" } else { "---" };
            format!("{text}\n{underline}")
        } else {
            format!("{} {text}", "#".repeat(level))
        }
    })
}

fn paragraph() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::collection::vec(inline(), 1..3).prop_map(|l| l.join("\n")),
        1 => inline().prop_map(|t| format!("**TL;DR:** {t}")),
        1 => inline().prop_map(|t| format!("TLDR: {t}")),
        1 => (1..20u32, words(5)).prop_map(|(n, w)| format!("[Placeholder {n}: {w}]")),
        1 => words(4).prop_map(|w| format!("[Screenshot: {w}]")),
        1 => words(5).prop_map(|w| format!("*Jane Doe is a writer at {w}.*")),
        1 => words(5).prop_map(|w| format!("Alex Torres works on {w}. {w}.")),
        1 => inline().prop_map(|t| format!("{t}  \n{t}")),
    ]
}

fn code_block() -> impl Strategy<Value = String> {
    let body = prop::collection::vec(
        prop_oneof![
            words(5),
            Just("## TLDR".to_string()),
            Just("---".to_string()),
            Just("*Jane Doe is a writer.*".to_string()),
            Just("[Placeholder 1: a diagram]".to_string()),
            Just("  indented -- text  ".to_string()),
        ],
        0..4,
    )
    .prop_map(|l| l.join("\n"));
    prop_oneof![
        (body.clone(), prop::sample::select(vec!["", "rust", "md"]))
            .prop_map(|(b, lang)| format!("```{lang}\n{b}\n```")),
        body.clone().prop_map(|b| format!("~~~\n{b}\n~~~")),
        body.clone().prop_map(|b| format!("````\n```\n{b}\n````")),
        body.prop_map(|b| b
            .lines()
            .map(|l| format!("    {l}"))
            .collect::<Vec<_>>()
            .join("\n")),
    ]
}

fn html_block() -> impl Strategy<Value = String> {
    prop_oneof![
        words(4).prop_map(|w| format!("<div>\n## TLDR\n{w}\n</div>")),
        words(4).prop_map(|w| format!("<!--\n{w} -- x\n-->")),
        Just("<details><summary>TL;DR</summary>\n\nHidden **text**.\n\n</details>".to_string()),
    ]
}

fn table() -> impl Strategy<Value = String> {
    prop::collection::vec(words(3), 2..5).prop_map(|cells| {
        let header = "| a | b |\n| --- | :-: |";
        let rows: Vec<String> = cells
            .chunks(2)
            .map(|c| format!("| {} | {} |", c[0], c.get(1).map_or("", String::as_str)))
            .collect();
        format!("{header}\n{}", rows.join("\n"))
    })
}

/// A leaf block: anything but a container.
fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => paragraph(),
        2 => heading(),
        1 => code_block(),
        1 => html_block(),
        1 => table(),
        1 => prop::sample::select(vec!["---", "***", "___", "- - -"]).prop_map(str::to_string),
    ]
}

/// Prefix every line of `block` (the first with `first`, the rest with `rest`).
fn indent(block: &str, first: &str, rest: &str) -> String {
    block
        .lines()
        .enumerate()
        .map(|(i, l)| format!("{}{l}", if i == 0 { first } else { rest }))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Blocks with nested lists and blockquotes around leaves.
fn block() -> impl Strategy<Value = String> {
    leaf().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            (inner.clone(), 1..3usize, any::<bool>()).prop_map(|(b, depth, lazy)| {
                let marker = "> ".repeat(depth);
                let rest = if lazy { "" } else { marker.as_str() };
                indent(&b, &marker, rest)
            }),
            (
                prop::collection::vec(inner, 1..4),
                prop::sample::select(vec!["- ", "* ", "+ ", "1. ", "2) "]),
                any::<bool>()
            )
                .prop_map(|(items, marker, loose)| {
                    let pad = " ".repeat(marker.len());
                    let sep = if loose { "\n\n" } else { "\n" };
                    items
                        .iter()
                        .map(|b| indent(b, marker, &pad))
                        .collect::<Vec<_>>()
                        .join(sep)
                }),
        ]
    })
}

fn front_matter() -> impl Strategy<Value = String> {
    prop_oneof![
        2 => Just(String::new()),
        1 => (words(3), prop::sample::select(vec!["Jane Doe", "Alex Torres", "日本 太郎"]))
            .prop_map(|(t, a)| format!("---\ntitle: \"{t}\"\nauthor: {a}\nslug: my-post\n---\n")),
        1 => words(3).prop_map(|t| format!("+++\ntitle = \"{t}\"\nauthor = \"Jane Doe\"\n+++\n")),
        1 => Just("---\n: not yaml [\n---\n".to_string()),
    ]
}

/// What a draft often opens with: a lede (maybe after a title), then a summary in one of
/// its many spellings.
fn opener() -> impl Strategy<Value = String> {
    let summary = prop_oneof![
        heading().prop_map(|h| format!("{h}\n\n")),
        (
            prop::sample::select(vec![
                "## TLDR",
                "## TL;DR",
                "### tl-dr",
                "## Summary",
                "# TL:DR"
            ]),
            inline()
        )
            .prop_map(|(h, t)| format!("{h}\n\n{t}\n\n")),
        inline().prop_map(|t| format!("**TL;DR:** {t}\n\n")),
    ];
    prop_oneof![
        1 => Just(String::new()),
        3 => (any::<bool>(), summary, words(4)).prop_map(|(title, summary, lede)| {
            let title = if title { "# A Post Title\n\n" } else { "" };
            format!("{title}{lede}\n\n{summary}")
        }),
    ]
}

/// What a draft often ends with: a bio in one of the shapes contributors write.
fn closer() -> impl Strategy<Value = String> {
    prop_oneof![
        1 => Just(String::new()),
        3 => (
            prop::sample::select(vec![
                "---\n\n*Jane Doe is a writer at {w}.*",
                "---\n\nAlex Torres works on {w}.\n\nMore about {w}.",
                "## About me\n\nJane Doe writes {w}.",
                "> Jane Doe is an engineer at {w}.\n> She builds {w}.",
                "***\n\n> *Alex Torres leads {w}.*",
                "## Wrap-up\n\n{w}\n\n## TL;DR\n\n{w}",
            ]),
            words(3)
        )
            .prop_map(|(template, w)| format!("{}\n", template.replace("{w}", &w))),
    ]
}

/// How lines end: LF, CRLF, or a mix.
#[derive(Debug, Clone, Copy)]
enum Endings {
    Lf,
    Crlf,
    Mixed,
}

/// A whole draft: optional BOM and front matter, blocks, a chosen line ending, and an optional
/// final newline.
fn draft() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        front_matter(),
        opener(),
        prop::collection::vec(
            (block(), prop::sample::select(vec!["\n\n", "\n", "\n\n\n"])),
            0..8,
        ),
        closer(),
        prop_oneof![Just(Endings::Lf), Just(Endings::Crlf), Just(Endings::Mixed)],
        any::<bool>(),
    )
        .prop_map(
            |(bom, front, opener, blocks, closer, endings, final_newline)| {
                let mut text = front;
                text.push_str(&opener);
                for (b, sep) in blocks {
                    text.push_str(&b);
                    text.push_str(sep);
                }
                text.push_str(&closer);
                if !final_newline {
                    text.truncate(text.trim_end_matches('\n').len());
                }
                let text = match endings {
                    Endings::Lf => text,
                    Endings::Crlf => text.replace('\n', "\r\n"),
                    Endings::Mixed => text
                        .split('\n')
                        .enumerate()
                        .map(|(i, l)| {
                            if i % 3 == 1 {
                                format!("{l}\r")
                            } else {
                                l.to_string()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join("\n"),
                };
                if bom { format!("\u{feff}{text}") } else { text }
            },
        )
}

/// A house style reading drafts in `dialect`.
fn dialect_config(dialect: &str) -> Config {
    let toml = format!("extends = \"default\"\n[markdown]\ndialect = \"{dialect}\"\nmath = true\n");
    Config::from_toml("dialect.toml", &toml).expect("a valid dialect config")
}

static DIALECTS: LazyLock<Vec<(&'static str, Config)>> = LazyLock::new(|| {
    ["hugo", "jekyll", "mdx"]
        .into_iter()
        .map(|d| (d, dialect_config(d)))
        .collect()
});

/// Constructs of each dialect holding the texts rules react to, as whole lines (`block`) or
/// inside a sentence. The oracle is the generator itself: every construct put in must come out
/// byte-identical, as often as it went in.
fn construct(dialect: usize) -> impl Strategy<Value = (&'static str, bool)> {
    let constructs: [&[(&str, bool)]; 3] = [
        &[
            (
                "{{< figure src=\"/a.png\" caption=\"Before -- after TLDR\" >}}",
                false,
            ),
            ("{{% note \"x -- y\" %}}", false),
            (
                "{{< highlight go >}}\n## a tldr heading\nx -- y   \n\n\n[Placeholder 1: a diagram]\n{{< /highlight >}}",
                true,
            ),
            ("$a -- b$", false),
            ("$$\n## a -- b\n\n\\text{TLDR}\n$$", true),
        ],
        &[
            ("{% include note.html text=\"a -- b\" %}", false),
            ("{{ page.title | append: \" -- TLDR\" }}", false),
            (
                "{% highlight ruby %}\n# a -- b\n\n\n## tldr\n{% endhighlight %}",
                true,
            ),
            ("{% raw %}{{ x -- y }}{% endraw %}", false),
            ("{: .note title=\"a -- b\"}", true),
        ],
        &[
            (
                "import A from './a -- b.js'\nexport const meta = {\n\n  tldr: \"a -- b\",\n}",
                true,
            ),
            (
                "<Chart title=\"a -- b\" data={{x: \"TLDR -- y\"}} />",
                false,
            ),
            ("{props.count -- 1}", false),
            (":::note TLDR -- a title", true),
            ("$a -- b$", false),
        ],
    ];
    prop::sample::select(constructs[dialect].to_vec())
}

/// A draft of `dialect` with constructs placed between its blocks and inside its sentences,
/// and the constructs placed.
fn dialect_draft() -> impl Strategy<Value = (usize, String, Vec<&'static str>)> {
    (0..3usize).prop_flat_map(|dialect| {
        (
            Just(dialect),
            draft(),
            prop::collection::vec((construct(dialect), any::<prop::sample::Index>()), 1..6),
        )
            .prop_map(|(dialect, text, placed)| {
                // Spots of the generated draft (between blocks for a block construct, after a
                // space for an inline one), filled from the end so no construct lands inside
                // another.
                let mut inserts: Vec<(usize, String, &'static str)> = Vec::new();
                for ((construct, block), at) in placed {
                    let spots: Vec<usize> = text
                        .match_indices(if block { "\n\n" } else { " " })
                        .map(|(i, m)| i + m.len())
                        .collect();
                    if spots.is_empty() {
                        continue;
                    }
                    let spot = spots[at.index(spots.len())];
                    let insert = if block {
                        format!("{construct}\n\n")
                    } else {
                        format!("{construct} ")
                    };
                    inserts.push((spot, insert, construct));
                }
                inserts.sort_by_key(|(spot, _, _)| std::cmp::Reverse(*spot));
                let mut text = text;
                let mut used = Vec::new();
                for (spot, insert, construct) in inserts {
                    text.insert_str(spot, &insert);
                    used.push(construct);
                }
                (dialect, text, used)
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases()))]

    /// In each dialect, every construct placed in a draft comes out of `fix` byte-identical,
    /// as often as it went in, and every promise of `fix` still holds.
    #[test]
    fn dialect_constructs_survive_fix((dialect, text, placed) in dialect_draft()) {
        let (name, config) = &DIALECTS[dialect];
        let outcome = common::check_fix_invariants(&text, config);
        for construct in placed {
            prop_assert_eq!(
                outcome.text().matches(construct).count(),
                text.matches(construct).count(),
                "{} construct {:?} changed: {:?} became {:?}",
                name, construct, text, outcome.text()
            );
        }
    }

    /// `check` and `fix` never panic; `fix` reaches a fixpoint, is idempotent, keeps every
    /// byte outside its changed ranges, and leaves code, HTML and front matter alone.
    #[test]
    fn fix_keeps_its_promises(text in draft()) {
        common::check_fix_invariants(&text, &CONFIG);
    }

    /// A draft's line endings survive a fix: a CRLF-only draft has no bare LF afterwards.
    #[test]
    fn crlf_drafts_stay_crlf(text in draft()) {
        let text = format!("{}\r\n", text.replace("\r\n", "\n").replace('\n', "\r\n"));
        let fixed = fix(&text, &CONFIG).expect("fix reaches a fixpoint").text().to_string();
        prop_assert!(
            !fixed.replace("\r\n", "").contains('\n'),
            "bare LF in the fix of a CRLF draft: {:?}",
            fixed
        );
    }

    /// Fixing what was fixed changes nothing, also for text proptest makes up from any
    /// characters at all (not only markdown constructs).
    #[test]
    fn arbitrary_text_never_breaks_fix(text in "(?s).{0,200}") {
        common::check_fix_invariants(&text, &CONFIG);
    }
}

/// The generator is worth its cases: a fair share of drafts get fixes applied, and the
/// constructs the promises are about (code, CRLF, BOM, front matter) do occur.
#[test]
fn generated_drafts_exercise_the_fixer() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let strategy = draft();
    let (mut fixed, mut code, mut crlf, mut bom, mut front) = (0, 0, 0, 0, 0);
    for _ in 0..500 {
        let text = strategy.new_tree(&mut runner).expect("a draft").current();
        fixed += usize::from(!fix(&text, &CONFIG).expect("fixpoint").changes.is_empty());
        code += usize::from(text.contains("```") || text.contains("~~~"));
        crlf += usize::from(text.contains("\r\n"));
        bom += usize::from(text.starts_with('\u{feff}'));
        front += usize::from(text.trim_start_matches('\u{feff}').starts_with("---\n"));
    }
    for (what, count) in [
        ("fixed", fixed),
        ("code", code),
        ("crlf", crlf),
        ("bom", bom),
        ("front matter", front),
    ] {
        assert!(count >= 50, "only {count} of 500 drafts have {what}");
    }
}
