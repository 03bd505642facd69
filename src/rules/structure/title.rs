use serde::Deserialize;

use crate::diagnostic::Edit;
use crate::markdown::NodeKind;
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::structure::set_level;

declare_rule! {
    /// ## What it does
    /// Checks that the post has exactly one level-1 heading, its title, as the first block
    /// after the front matter. A front matter `title` is the title when the post has one: then
    /// a level-1 heading is allowed only as the first block, and any other is a section
    /// heading at the wrong level.
    ///
    /// ## Example
    /// ```markdown
    /// # The Cache Invalidation Episode
    ///
    /// # The Setup
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # The Cache Invalidation Episode
    ///
    /// ## The Setup
    /// ```
    ///
    /// ## Fix
    /// Demotes every level-1 heading after the title to level 2 (ATX headings; a setext
    /// `===` underline becomes `---`). A missing title, or text before the title, is reported
    /// for the author: only they can write or move it.
    ///
    /// ## Options
    /// `missing`, `not-first`, `extra`: the phrases that make up `{problem}` in the message
    /// (`{found}` in `extra` is the heading as written).
    id: "structure/title",
    fix: Sometimes,
    vars: ["problem"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        Ok(Box::new(Title { phrases: ctx.options()? }))
    },
}

/// How each problem is described in the message.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Phrases {
    missing: String,
    not_first: String,
    extra: String,
}

struct Title {
    phrases: Phrases,
}

impl Rule for Title {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let h1s: Vec<usize> = doc
            .blocks()
            .filter(|&i| doc.node(i).kind == NodeKind::Heading(1))
            .collect();
        // The preamble (comments such as suppression comments, ESM imports, template tags)
        // may sit above the title.
        let first = doc.blocks().find(|&i| !doc.is_preamble(i));
        let extras = match h1s.first() {
            None => {
                if doc.meta("title").is_none() {
                    let range = first.map_or(0..0, |i| doc.trimmed_range(i));
                    checker.report(range, &[("problem", &self.phrases.missing)]);
                }
                return;
            }
            Some(&h1) if first == Some(h1) => &h1s[1..],
            // The front matter holds the title, so a later level-1 heading opens a section.
            Some(_) if doc.meta("title").is_some() => &h1s[..],
            Some(&h1) => {
                checker.report(
                    doc.trimmed_range(h1),
                    &[("problem", &self.phrases.not_first)],
                );
                &h1s[1..]
            }
        };
        for &extra in extras {
            let range = doc.trimmed_range(extra);
            let found = &doc.source()[range.clone()];
            // A setext heading's underline adds nothing to the message.
            let first_line = found.lines().next().unwrap_or_default().trim();
            let problem = self.phrases.extra.replace("{found}", first_line);
            let edit = set_level(doc, extra, 2).or_else(|| {
                // A setext heading: its last line is the `===` underline.
                let text = &doc.source()[range.clone()];
                let underline = text.rfind('\n').map(|i| range.start + i + 1)?;
                let marks = doc.source()[underline..range.end].trim_end();
                Some(Edit::replacement(
                    underline..underline + marks.len(),
                    marks.replace('=', "-"),
                ))
            });
            match edit {
                Some(edit) => checker.report_fix(range, &[("problem", &problem)], vec![edit]),
                None => checker.report(range, &[("problem", &problem)]),
            }
        }
    }
}
