use crate::diagnostic::Edit;
use crate::markdown::NodeKind;
use crate::markdown::prose::follows_blank_line;
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{NoOptions, OptionsError, RuleContext};
use crate::rules::summary::{SummaryKind, SummaryStyle, find_summary, section_headings};

declare_rule! {
    /// ## What it does
    /// Checks that the summary is the first level-2 section of the post. A lede paragraph
    /// between the title and the first section may stay where it is.
    ///
    /// ## Example
    /// ```markdown
    /// # Title
    ///
    /// ## Background
    ///
    /// Some history.
    ///
    /// ## TL;DR
    ///
    /// The short version.
    ///
    /// ## Results
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// # Title
    ///
    /// ## TL;DR
    ///
    /// The short version.
    ///
    /// ## Background
    ///
    /// Some history.
    ///
    /// ## Results
    /// ```
    ///
    /// ## Fix
    /// Moves the whole summary section (heading and body, up to the next section, `---` or
    /// excerpt marker) to just before the first other level-2 section. Text above that section
    /// (the lede) stays where it is, so the summary never swallows it. An excerpt marker
    /// (`<!--more-->`, `<!-- truncate -->`) never moves: a summary below one is reported, not
    /// moved above it, since that would change what the blog shows as the excerpt. A summary
    /// that closes the post (no section after it) is a recap, a conclusion: it is reported,
    /// never moved, so the post's end (a signature, link definitions) stays where it is.
    id: "summary/position",
    fix: Always,
    vars: ["heading", "before"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<NoOptions>()?;
        Ok(Box::new(Position { style: SummaryStyle::load(ctx)? }))
    },
}

struct Position {
    style: std::sync::Arc<SummaryStyle>,
}

impl Rule for Position {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let Some(summary) = find_summary(doc, &self.style) else {
            return;
        };
        // A lead-in is placed by `summary/heading`; a heading at the wrong level is fixed there
        // first, so that the section moved here has its final extent.
        let SummaryKind::Heading { node, level } = summary.kind else {
            return;
        };
        if level != self.style.level {
            return;
        }
        let sections = section_headings(doc);
        let Some(&(first, _)) = sections
            .iter()
            .find(|&&(i, l)| i != node && l <= self.style.level)
        else {
            return;
        };
        if first > node {
            return;
        }
        // A summary that closes the post (no section and no prose after it) is a recap, a
        // conclusion: moving it up would carry the post's end (signature, link definitions)
        // along, so it is only reported.
        let section_end = summary.section.end;
        let closes_post = !sections
            .iter()
            .any(|&(i, l)| i > node && l <= self.style.level)
            && doc.blocks().all(|i| {
                doc.node(i).range.start < section_end
                    || matches!(
                        doc.node(i).kind,
                        NodeKind::HtmlBlock | NodeKind::ThematicBreak
                    )
            });
        // A level-1 heading above the summary is a title that does not open the post (or a
        // section `structure/title` demotes first): moving the summary above it would bury the
        // title, so the summary is only reported.
        let above_title = doc.node(first).kind == NodeKind::Heading(1);
        let nl = doc.newline();
        let source = doc.source();
        let section = summary.section.clone();
        let moved = format!("{}{nl}{nl}", source[section.clone()].trim_end());
        // The section is followed by another one (a summary that closes the post is not
        // moved), so it never takes the file's end along.
        let delete_start = section.start;
        let insert_at = doc.line_start_of(doc.node(first).range.start);
        // Moving the summary above an excerpt marker would put it in the excerpt the blog
        // shows: the marker's place relative to the summary is the author's call.
        let crosses_marker = doc.blocks_after(first).any(|i| {
            doc.node(i).range.start < section.start && self.style.is_excerpt_marker(doc, i)
        });
        let gap = if follows_blank_line(source, delete_start) {
            ""
        } else {
            nl
        };
        let before = doc.plain_text(first);
        let heading = doc.plain_text(node);
        let vars = [("heading", heading.trim()), ("before", before.trim())];
        // An indented line where text is inserted or joined (a setext heading's first line,
        // a heading indented by a space) could be taken into a list, quote or footnote that
        // now ends just above it: the author moves such a summary.
        let indented = |at: usize| source[at..].starts_with([' ', '\t']);
        let author_moves = above_title || closes_post || crosses_marker;
        if author_moves || indented(insert_at) || indented(section.end) {
            checker.report(doc.trimmed_range(node), &vars);
            return;
        }
        checker.report_fix(
            doc.trimmed_range(node),
            &vars,
            vec![
                Edit::insertion(insert_at, moved),
                Edit::replacement(delete_start..section.end, gap),
            ],
        );
    }
}

#[cfg(test)]
mod tests {
    fn fixed(text: &str) -> String {
        let config = crate::Config::default_style();
        crate::fix(text, &config).unwrap().text().to_string()
    }

    #[test]
    fn excerpt_markers_stay_where_they_are() {
        // A summary above the marker moves up, its section ending at the marker.
        let text = "# T\n\nLede.\n\n## One\n\nA.\n\n## TL;DR\n\nShort.\n\n<!--more-->\n\nRest.\n";
        let out = fixed(text);
        assert!(
            out.contains("## TL;DR\n\nShort.\n\n## One\n\nA.\n\n<!--more-->\n\nRest."),
            "{out}"
        );
        // A marker above the first section stays above the summary moved there.
        let text = "# T\n\nLede.\n\n<!-- truncate -->\n\n## One\n\nA.\n\n## TL;DR\n\nShort.\n\n\
                    ## Two\n";
        let out = fixed(text);
        assert!(
            out.contains("<!-- truncate -->\n\n## TL;DR\n\nShort.\n\n## One"),
            "{out}"
        );
        // A summary below a marker that sits after the first section is not moved above it.
        let text = "# T\n\nLede.\n\n## One\n\nA.\n\n<!--more-->\n\n## TL;DR\n\nShort.\n";
        assert_eq!(fixed(text), text);
    }

    #[test]
    fn a_summary_that_closes_the_post_stays() {
        // A recap at the end keeps the post's end (signature, definitions) where it is.
        let text = "# T\n\n## One\n\nSee [docs].\n\n## tl;dr\n\nShort.\n\n<div>Jane</div>\n\n\
                    [docs]: https://docs.example\n";
        let out = fixed(text);
        assert!(
            out.ends_with("Short.\n\n<div>Jane</div>\n\n[docs]: https://docs.example\n"),
            "{out}"
        );
        assert!(out.find("## One") < out.find("## TL;DR"), "{out}");
    }
}
