use serde::Deserialize;

use crate::diagnostic::Edit;
use crate::markdown::prose::follows_blank_line;
use crate::markdown::{Document, NodeKind};
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{OptionsError, RuleContext};
use crate::rules::bio::{BioStyle, Signal, find_bio, wrapping_emphasis};

declare_rule! {
    /// ## What it does
    /// Checks that the author bio is the last section of the post: a level-2 heading
    /// `About the Author`, then the bio as plain paragraphs, with no emphasis wrapping the
    /// whole bio, no blockquote, and no thematic break before the heading.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    ///
    /// *Alex Torres is a backend engineer at ShopGrid.*
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ## About the Author
    ///
    /// Alex Torres is a backend engineer at ShopGrid.
    /// ```
    ///
    /// ## Fix
    /// Replaces the `---` (or inserts a heading, or renames a variant heading such as
    /// `## About Me`), removes the emphasis delimiters that wrap a whole paragraph and the `>`
    /// markers of a quoted bio. The words of the bio are kept byte for byte.
    ///
    /// ## Options
    /// `after-rule`, `rule-before-heading`, `no-heading`, `wrong-heading`, `emphasis`, `blockquote`: the phrases that
    /// make up `{problems}` in the message.
    id: "bio/structure",
    fix: Always,
    vars: ["problems", "expected", "level"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        Ok(Box::new(Structure { style: BioStyle::load(ctx)?, phrases: ctx.options()? }))
    },
}

/// How each problem is described in the message.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Phrases {
    after_rule: String,
    rule_before_heading: String,
    no_heading: String,
    wrong_heading: String,
    emphasis: String,
    blockquote: String,
}

struct Structure {
    style: std::sync::Arc<BioStyle>,
    phrases: Phrases,
}

impl Rule for Structure {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let Some(bio) = find_bio(doc, &self.style) else {
            return;
        };
        let heading_line = self.style.heading_line();
        let nl = doc.newline();
        let mut problems: Vec<String> = Vec::new();
        let mut edits = Vec::new();

        match (bio.heading, bio.rule) {
            (Some((node, level)), rule) => {
                if level != self.style.level || doc.plain_text(node).trim() != self.style.heading {
                    let found = doc.source()[doc.trimmed_range(node)].to_string();
                    problems.push(self.phrases.wrong_heading.replace("{found}", &found));
                    edits.push(Edit::replacement(
                        doc.trimmed_range(node),
                        heading_line.clone(),
                    ));
                }
                if let Some(rule) = rule {
                    problems.push(self.phrases.rule_before_heading.clone());
                    let start = doc.line_start_of(doc.node(rule).range.start);
                    edits.push(Edit::deletion(
                        start..doc.line_start_of(doc.node(node).range.start),
                    ));
                }
            }
            (None, Some(rule)) => {
                problems.push(self.phrases.after_rule.clone());
                edits.push(Edit::replacement(
                    doc.trimmed_range(rule),
                    heading_line.clone(),
                ));
            }
            (None, None) => {
                problems.push(self.phrases.no_heading.clone());
                let start = doc.line_start_of(doc.node(bio.blocks[0]).range.start);
                edits.push(Edit::insertion(start, format!("{heading_line}{nl}{nl}")));
            }
        }

        let mut wrapped = false;
        let mut quoted = false;
        for &block in &bio.blocks {
            match doc.node(block).kind {
                NodeKind::Paragraph => wrapped |= unwrap_emphasis(doc, block, &mut edits),
                // Only a quote of plain paragraphs is unwrapped: without its markers a quoted
                // list or code block could merge with its neighbours.
                NodeKind::BlockQuote
                    if doc
                        .children(block)
                        .all(|c| doc.node(c).kind == NodeKind::Paragraph) =>
                {
                    quoted = true;
                    strip_quote_markers(doc, block, &mut edits);
                    for child in doc.children(block) {
                        if doc.node(child).kind == NodeKind::Paragraph {
                            wrapped |= unwrap_emphasis(doc, child, &mut edits);
                        }
                    }
                }
                _ => {}
            }
        }
        if wrapped {
            problems.push(self.phrases.emphasis.clone());
        }
        if quoted {
            problems.push(self.phrases.blockquote.clone());
        }
        if edits.is_empty() {
            return;
        }
        let range = match (bio.heading, bio.rule, bio.signal) {
            (Some((node, _)), _, _) => doc.trimmed_range(node),
            (None, Some(rule), Signal::AfterRule) => doc.trimmed_range(rule),
            _ => doc.trimmed_range(bio.blocks[0]),
        };
        let problems = join_phrases(&problems);
        let level = self.style.level.to_string();
        checker.report_fix(
            range,
            &[
                ("problems", problems.as_str()),
                ("expected", self.style.heading.as_str()),
                ("level", level.as_str()),
            ],
            edits,
        );
    }
}

/// Delete the delimiters of emphasis wrapping the whole paragraph; true when there were any.
fn unwrap_emphasis(doc: &Document, paragraph: usize, edits: &mut Vec<Edit>) -> bool {
    let Some(emphasis) = wrapping_emphasis(doc, paragraph) else {
        return false;
    };
    let range = doc.node(emphasis).range.clone();
    let width = if doc.node(emphasis).kind == NodeKind::Strong {
        2
    } else {
        1
    };
    edits.push(Edit::deletion(range.start..range.start + width));
    edits.push(Edit::deletion(range.end - width..range.end));
    true
}

/// Delete one level of `>` markers (and the space after each) on the lines of a blockquote.
fn strip_quote_markers(doc: &Document, quote: usize, edits: &mut Vec<Edit>) {
    let source = doc.source();
    let range = doc.node(quote).range.clone();
    let mut line_start = doc.line_start_of(range.start);
    let first_edit = edits.len();
    let quote_end = doc.line_end_of(range.end.saturating_sub(1).max(range.start));
    while line_start < range.end {
        let line_end = doc.line_end_of(line_start);
        let line = &source[line_start..line_end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent <= 3 && line[indent..].starts_with('>') {
            let mut end = line_start + indent + 1;
            if source[end..].starts_with([' ', '\t']) {
                end += 1;
            }
            edits.push(Edit::deletion(line_start..end));
        }
        line_start = line_end;
    }
    // Without its markers the quote's text would join a paragraph written right against it
    // (or a line after it would join the text): keep the blocks apart with a blank line.
    let nl = doc.newline();
    let first_line = doc.line_start_of(range.start);
    let touches_before = first_line > 0 && !follows_blank_line(source, first_line);
    if touches_before && let Some(edit) = edits.get_mut(first_edit) {
        edit.replacement.insert_str(0, nl);
    }
    let after = &source[quote_end.min(source.len())..];
    let next_line = after.split('\n').next().unwrap_or("");
    if quote_end < source.len() && !next_line.trim().is_empty() {
        edits.push(Edit::insertion(quote_end, nl));
    }
}

fn join_phrases(phrases: &[String]) -> String {
    match phrases {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phrases_join_like_a_sentence() {
        let p = |v: &[&str]| join_phrases(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(p(&["a"]), "a");
        assert_eq!(p(&["a", "b"]), "a and b");
        assert_eq!(p(&["a", "b", "c"]), "a, b and c");
    }
}
