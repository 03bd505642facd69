use std::collections::HashMap;

use crate::markdown::NodeKind;
use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{NoOptions, OptionsError, RuleContext};
use crate::rules::assets::{AssetsStyle, is_visual_block, paragraph_images};

declare_rule! {
    /// ## What it does
    /// Reports a visual that directly follows another with no text between them: two
    /// paragraphs in a row that hold only images (or visual placeholders), or a paragraph
    /// holding several images. A code block or heading between them also separates them.
    ///
    /// ## Example
    /// ```markdown
    /// ![Grafana dashboard showing the stale read duration](/images/post/07-grafana.png)
    ///
    /// ![Architecture diagram of the invalidation flow](/images/post/08-architecture.svg)
    /// ```
    ///
    /// ## Use instead
    /// ```markdown
    /// ![Grafana dashboard showing the stale read duration](/images/post/07-grafana.png)
    ///
    /// The webhook fires on every price change, so the cache never serves an old price:
    ///
    /// ![Architecture diagram of the invalidation flow](/images/post/08-architecture.svg)
    /// ```
    id: "assets/consecutive",
    fix: None,
    vars: ["previous"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<NoOptions>()?;
        Ok(Box::new(Consecutive { style: AssetsStyle::load(ctx)? }))
    },
}

struct Consecutive {
    style: std::sync::Arc<AssetsStyle>,
}

impl Rule for Consecutive {
    fn check(&self, checker: &mut Checker<'_>) {
        let doc = checker.doc();
        let placeholders = self.style.placeholders(doc);
        // By paragraph, so judging a block is a lookup (a scan per block was quadratic).
        let mut by_node = HashMap::new();
        for p in placeholders.iter() {
            if let Some(node) = p.node {
                by_node.entry(node).or_insert(p);
            }
        }
        let visual = |node: usize| is_visual_block(doc, node, &by_node, &self.style);
        let mut found: Vec<(usize, usize)> = Vec::new();
        // Each block is judged once, as it comes: most are not visual, and a pair needs both.
        let siblings = |children: &mut dyn Iterator<Item = usize>, found: &mut Vec<_>| {
            let mut previous: Option<usize> = None;
            for child in children {
                let is_visual = visual(child);
                if is_visual && let Some(previous) = previous {
                    found.push((previous, child));
                }
                previous = is_visual.then_some(child);
            }
        };
        siblings(&mut doc.blocks(), &mut found);
        for (index, node) in doc.nodes().iter().enumerate() {
            if matches!(
                node.kind,
                NodeKind::BlockQuote | NodeKind::Item | NodeKind::FootnoteDefinition
            ) {
                siblings(&mut doc.children(index), &mut found);
            }
            if node.kind == NodeKind::Paragraph {
                let images = paragraph_images(doc, index);
                for pair in images.windows(2) {
                    found.push((pair[0], pair[1]));
                }
            }
        }
        found.sort_unstable();
        for (previous, current) in found {
            let (line, _) = doc.line_col(doc.node(previous).range.start);
            checker.report(
                doc.trimmed_range(current),
                &[("previous", &line.to_string())],
            );
        }
    }
}
