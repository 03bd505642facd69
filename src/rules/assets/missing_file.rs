use std::path::{Component, Path, PathBuf};

use crate::rule::{Checker, Rule, declare_rule};
use crate::rule::{NoOptions, OptionsError, RuleContext};
use crate::rules::assets::{AssetsStyle, images};

declare_rule! {
    /// ## What it does
    /// When `[assets] root` is set, checks that every local image path exists under it:
    /// `/images/post/01-a.png` is looked up as `ROOT/images/post/01-a.png`. URLs with a scheme
    /// (`https:`, `data:`), protocol-relative URLs and unresolved destinations (`TODO`, `#`,
    /// empty; see `assets/unresolved`) are not checked, nor is a path leaving the root with
    /// `..`, which is reported.
    ///
    /// ## Example
    /// ```markdown
    /// ![Architecture diagram](/images/post/08-architecture.svg)
    /// ```
    /// when `static/images/post/08-architecture.svg` does not exist and `root = "static"`.
    ///
    /// ## Use instead
    /// Add the file, or point the reference at the file that exists.
    id: "assets/missing-file",
    fix: None,
    vars: ["destination", "root"],
    build: |ctx: &RuleContext<'_>| -> Result<Box<dyn Rule>, OptionsError> {
        ctx.options::<NoOptions>()?;
        Ok(Box::new(MissingFile { root: AssetsStyle::load(ctx)?.root.clone() }))
    },
}

struct MissingFile {
    root: Option<PathBuf>,
}

/// The file a local destination names under `root`; `None` for URLs and unresolved
/// destinations, `Some(None)` for a path that climbs out of the root.
fn local_file(root: &Path, destination: &str) -> Option<Option<PathBuf>> {
    let path = destination.split(['?', '#']).next().unwrap_or("").trim();
    let has_scheme = path.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if path.is_empty()
        || has_scheme
        || path.starts_with("//")
        || path.to_ascii_lowercase().starts_with("todo")
    {
        return None;
    }
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
    {
        return Some(None);
    }
    Some(Some(root.join(relative)))
}

impl Rule for MissingFile {
    fn check(&self, checker: &mut Checker<'_>) {
        let Some(root) = &self.root else {
            return;
        };
        let doc = checker.doc();
        for image in images(doc) {
            let destination = doc.destination(image);
            let exists = match local_file(root, destination) {
                None => continue,
                Some(Some(file)) => file.is_file(),
                Some(None) => false,
            };
            if !exists {
                checker.report(
                    doc.node(image).range.clone(),
                    &[
                        ("destination", &destination.replace('`', "'")),
                        ("root", &root.display().to_string().replace('`', "'")),
                    ],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_files() {
        let root = Path::new("static");
        assert_eq!(
            local_file(root, "/images/a.png?v=2"),
            Some(Some(PathBuf::from("static/images/a.png")))
        );
        assert_eq!(local_file(root, "https://x.org/a.png"), None);
        assert_eq!(local_file(root, "data:image/png;base64,xx"), None);
        assert_eq!(local_file(root, "//cdn.x.org/a.png"), None);
        assert_eq!(local_file(root, "TODO"), None);
        assert_eq!(local_file(root, "../../etc/passwd"), Some(None));
    }
}
