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
    /// ```
    ///
    /// ## Fix
    /// Moves the whole summary section (heading and body, up to the next section, `---` or
    /// excerpt marker) to just before the first other level-2 section. Text above that section
    /// (the lede) stays where it is, so the summary never swallows it. An excerpt marker
    /// (`<!--more-->`, `<!-- truncate -->`) never moves: a summary below one is reported, not
    /// moved above it, since that would change what the blog shows as the excerpt.
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
        let Some(&(first, _)) = section_headings(doc)
            .iter()
            .find(|&&(i, l)| i != node && l <= self.style.level)
        else {
            return;
        };
        if first > node {
            return;
        }
        // A level-1 heading above the summary is a title that does not open the post (or a
        // section `structure/title` demotes first): moving the summary above it would bury the
        // title, so the summary is only reported.
        let above_title = doc.node(first).kind == NodeKind::Heading(1);
        let nl = doc.newline();
        let source = doc.source();
        let section = summary.section.clone();
        let moved = format!("{}{nl}{nl}", source[section.clone()].trim_end());
        // A summary that ends the file takes the blank lines before it along, so the file
        // does not end in blank lines.
        let delete_start = if section.end == source.len() {
            start_of_trailing_blank_lines(source, section.start)
        } else {
            section.start
        };
        let insert_at = doc.line_start_of(doc.node(first).range.start);
        // Moving the summary above an excerpt marker would put it in the excerpt the blog
        // shows: the marker's place relative to the summary is the author's call.
        let crosses_marker = doc.blocks_after(first).any(|i| {
            doc.node(i).range.start < section.start && self.style.is_excerpt_marker(doc, i)
        });
        let gap = if section.end == source.len() || follows_blank_line(source, delete_start) {
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
        if above_title || crosses_marker || indented(insert_at) || indented(section.end) {
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

/// Walk back from `offset` (a line start) over blank lines; returns the start of the first one.
fn start_of_trailing_blank_lines(source: &str, mut offset: usize) -> usize {
    while offset > 0 {
        let line_start = source[..offset - 1].rfind('\n').map_or(0, |i| i + 1);
        if !source[line_start..offset].trim().is_empty() {
            break;
        }
        offset = line_start;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let text = "# T\n\nLede.\n\n<!-- truncate -->\n\n## One\n\nA.\n\n## TL;DR\n\nShort.\n";
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
    fn trailing_blank_lines_are_found() {
        let text = "a\n\n\nb";
        assert_eq!(start_of_trailing_blank_lines(text, 4), 2);
        assert_eq!(start_of_trailing_blank_lines("a\nb", 2), 2);
    }
}
