//! The `assets/*` family: visual placeholders and the image and link references a post
//! publishes.
//!
//! Contributors mark visuals with placeholders such as `[Placeholder 3: Screenshot of the
//! dashboard]`. Detection, kind classification and reference rendering are shared by the family
//! and configured by the `[assets]` table: placeholder regexes, kinds (keywords, path and
//! reference templates) tried in order, and the words used to build file names.
//!
//! Invariants:
//! - Placeholders are matched only on the raw source of contiguous text nodes, so code blocks,
//!   inline code, HTML blocks, inline HTML (and text between inline HTML tags), link text and
//!   alt text are never matched.
//! - `{slug}` and `{name}` only ever hold `[a-z0-9-]` and are never empty, and path templates
//!   may not contain `..`, so a generated path cannot leave the template's own directory.
//! - `{alt}` and `{text}` are escaped for the place the kind's template puts them (markdown
//!   link text, or a double-quoted shortcode/HTML attribute), so they read back exactly.

pub(crate) mod alt_text;
pub(crate) mod code_screenshot;
pub(crate) mod consecutive;
mod lazy_regex;
pub(crate) mod missing_file;
pub(crate) mod placeholder;
mod placeholders;
mod reference;
mod style;
pub(crate) mod unresolved;

pub(crate) use placeholders::{Context, Placeholder};
pub(crate) use style::AssetsStyle;

use std::collections::HashMap;

use crate::markdown::{Document, NodeKind};

/// Whether a block is a visual of its own: a paragraph holding only images (linked or not),
/// or a standalone placeholder of a kind with a file (not a link).
pub(crate) fn is_visual_block(
    doc: &Document,
    node: usize,
    placeholders: &HashMap<usize, &Placeholder>,
    style: &AssetsStyle,
) -> bool {
    if doc.node(node).kind != NodeKind::Paragraph {
        return false;
    }
    if let Some(p) = placeholders.get(&node) {
        return p.kind.is_none_or(|k| style.kinds[k].path.is_some());
    }
    !paragraph_images(doc, node).is_empty()
}

/// The images of a paragraph that holds nothing else (whitespace and line breaks aside; an
/// image may be wrapped in a link). Empty when the paragraph holds any other content.
pub(crate) fn paragraph_images(doc: &Document, node: usize) -> Vec<usize> {
    let mut images = Vec::new();
    for child in doc.children(node) {
        let kind = doc.node(child).kind;
        match kind {
            NodeKind::Image { .. } => images.push(child),
            NodeKind::Link { .. } => {
                let mut inner = doc.children(child);
                match (inner.next(), inner.next()) {
                    (Some(image), None)
                        if matches!(doc.node(image).kind, NodeKind::Image { .. }) =>
                    {
                        images.push(image)
                    }
                    _ => return Vec::new(),
                }
            }
            NodeKind::SoftBreak | NodeKind::HardBreak => {}
            NodeKind::Text if doc.text(child).trim().is_empty() => {}
            _ => return Vec::new(),
        }
    }
    images
}

/// Every image node of the document, with its destination.
pub(crate) fn images(doc: &Document) -> impl Iterator<Item = usize> + '_ {
    doc.nodes()
        .iter()
        .enumerate()
        .filter(|(_, n)| matches!(n.kind, NodeKind::Image { .. }))
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::style::RawStyle;
    use super::*;
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};

    /// The default `[assets]` table, changed by `edit`, compiled.
    fn style_with(edit: impl FnOnce(&mut toml::Table)) -> AssetsStyle {
        let mut table = crate::settings::default_family_table("assets");
        table.retain(|_, v| !v.is_table());
        edit(&mut table);
        let raw: RawStyle = toml::from_str(&toml::to_string(&table).unwrap()).unwrap();
        AssetsStyle::from_raw(raw, &is_default_pattern).unwrap_or_else(|e| panic!("{}", e.message))
    }

    /// What the settings layer tells a rule of the embedded house style.
    fn is_default_pattern(pattern: &str) -> bool {
        crate::settings::is_default_literal(pattern)
    }

    fn style() -> AssetsStyle {
        style_with(|_| {})
    }

    /// Parse `reference` and return (alt or link text, destination) of its only image or link.
    fn read_back(reference: &str) -> (String, String) {
        let mut text = String::new();
        let mut dest = None;
        let mut depth = 0;
        for event in Parser::new_ext(reference, crate::markdown::PARSE_OPTIONS) {
            match event {
                Event::Start(Tag::Image { dest_url, .. } | Tag::Link { dest_url, .. }) => {
                    assert!(dest.is_none(), "more than one reference in {reference}");
                    dest = Some(dest_url.to_string());
                    depth += 1;
                }
                Event::End(TagEnd::Image | TagEnd::Link) => depth -= 1,
                Event::Text(t) | Event::Code(t) if depth > 0 => text.push_str(&t),
                Event::Text(t) if t.trim().is_empty() => {}
                Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => {}
                other => panic!("unexpected {other:?} in {reference}"),
            }
        }
        (text, dest.expect("a reference"))
    }

    #[test]
    fn generated_references_round_trip() {
        let style = style();
        let nasty = [
            "Grafana dashboard showing the latency drop",
            "../../etc/passwd with \\back\\slashes and [brackets] and ]] [[",
            "*stars* and _underscores_ and `ticks` and ~~strike~~",
            "<b>html</b> & &amp; entities &#42; and \\* escapes",
            "Café ☕ menu 🚀 in Zürich — “quotes”",
            "trailing backslash \\",
            "![nested](image.png) [link](x) <http://auto>",
        ];
        for kind in &style.kinds {
            for description in nasty {
                let alt = style.alt(description);
                let name = style.name(&alt);
                let slug = "post";
                let c = style.render(kind, description, &alt, slug, "7", &name);
                let (text, dest) = read_back(&c.reference);
                assert_eq!(text, c.alt, "alt of {}", c.reference);
                assert_eq!(dest, c.path.clone().unwrap_or_else(|| "TODO".into()));
            }
        }
    }

    #[test]
    fn generated_paths_are_safe() {
        let style = style();
        for description in [
            "../../etc/passwd",
            "..\\..\\windows\\system32",
            "/absolute/path",
            "🚀🚀🚀",
            "the of a",
            "",
        ] {
            let name = style.name(&style.alt(description));
            assert!(!name.is_empty());
            assert!(
                name.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{name}"
            );
        }
        let doc = Document::parse("---\nslug: ../../etc/Pass Wd\n---\n# T\n".into());
        assert_eq!(style.slug(&doc), "etc-pass-wd");
        let doc = Document::parse("---\nslug: \"../..\"\n---\n".into());
        assert_eq!(style.slug(&doc), "post");
    }

    #[test]
    fn names_drop_stop_words_and_keep_six_words() {
        let style = style();
        assert_eq!(
            style.name("Grafana dashboard showing the latency drop after adding the cache"),
            "grafana-dashboard-latency-drop-after-adding"
        );
        assert_eq!(style.name("Café crème in Zürich"), "cafe-creme-zurich");
    }

    #[test]
    fn alt_text_drops_screenshot_of() {
        let style = style();
        assert_eq!(
            style.alt("Screenshot of the Grafana dashboard"),
            "Grafana dashboard"
        );
        assert_eq!(style.alt("picture of a cat"), "A cat");
        assert_eq!(style.alt("Screenshot of"), "Screenshot of");
    }

    fn config_error(toml: &str) -> String {
        crate::Config::from_toml("blog.toml", toml)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn default_patterns_are_known_and_build() {
        let table = crate::settings::default_family_table("assets");
        let patterns = table["patterns"].as_array().unwrap();
        assert!(!patterns.is_empty());
        for pattern in patterns.iter().map(|p| p.as_str().unwrap()) {
            assert!(is_default_pattern(pattern), "{pattern}");
            regex::Regex::new(pattern).unwrap();
            regex::Regex::new(&format!(r"^(?:{pattern})$")).unwrap();
        }
        for key in ["alt-drop", "text-drop"] {
            let pattern = table[key].as_str().unwrap();
            assert!(is_default_pattern(pattern), "{pattern}");
            regex::Regex::new(&format!(r"^(?:{pattern})")).unwrap();
        }
        assert!(!is_default_pattern(r"\[(?<desc>.+)\]"));
    }

    #[test]
    fn a_pattern_too_big_to_build_is_a_config_error_at_its_line() {
        let err = config_error(
            "extends = \"default\"\n[assets]\npatterns = ['(?<desc>\\w{1000}){1000}']\n",
        );
        assert!(err.starts_with("blog.toml:3:13: invalid regex"), "{err}");
        let err = config_error("extends = \"default\"\n[assets]\nalt-drop = '(\\w{1000}){1000}'\n");
        assert!(err.starts_with("blog.toml:3:12: invalid regex"), "{err}");
    }

    #[test]
    fn bad_templates_and_patterns_are_config_errors_at_their_line() {
        let err = config_error(
            "extends = \"default\"\n\n[[assets.kinds]]\nname = \"x\"\ntemplate = \"![{alt}]({pth})\"\n\n[assets.code-screenshot]\nkinds = []\n",
        );
        assert!(
            err.starts_with("blog.toml:5:12: unknown template variable `{pth}`"),
            "{err}"
        );
        let err = config_error(
            "extends = \"default\"\n[[assets.kinds]]\nname = \"x\"\npath = \"/img/{alt}.png\"\ntemplate = \"x\"\n[assets.code-screenshot]\nkinds = []\n",
        );
        assert!(
            err.starts_with("blog.toml:4:8: unknown template variable `{alt}`"),
            "{err}"
        );
        let err = config_error(
            "extends = \"default\"\n[[assets.kinds]]\nname = \"x\"\npath = \"/img/../{name}.png\"\ntemplate = \"x\"\n[assets.code-screenshot]\nkinds = []\n",
        );
        assert!(
            err.starts_with("blog.toml:4:8: a path template may not"),
            "{err}"
        );
        let err = config_error("extends = \"default\"\n[assets]\npatterns = ['\\[Pic: (.+)\\]']\n");
        assert!(
            err.starts_with("blog.toml:3:13: a placeholder pattern needs"),
            "{err}"
        );
        let err = config_error("extends = \"default\"\n[assets]\npatterns = ['(?<desc>']\n");
        assert!(err.starts_with("blog.toml:3:13: invalid regex"), "{err}");
    }

    #[test]
    fn quoted_escaping_survives_a_shortcode_attribute() {
        let style = style_with(|t| {
            let kinds: toml::Value = toml::from_str::<toml::Table>(
                "kinds = [{ name = \"figure\", ext = \"webp\", path = \"/img/{slug}/{n}_{name}.{ext}\", template = '{{{{< figure src=\"{path}\" alt=\"{alt}\" >}}}}', escape = \"quoted\" }]",
            )
            .unwrap()["kinds"]
                .clone();
            t.insert("kinds".into(), kinds);
        });
        let kind = &style.kinds[0];
        let description = r#"The "Publish" button \ with a backslash"#;
        let c = style.render(kind, description, description, "post", "2", "publish");
        assert_eq!(
            c.reference,
            r#"{{< figure src="/img/post/2_publish.webp" alt="The \"Publish\" button \\ with a backslash" >}}"#
        );
        // Reading the attribute back (Hugo's quoted-string rules) gives the alt text exactly.
        let attr = c.reference.split("alt=\"").nth(1).unwrap();
        let mut back = String::new();
        let mut chars = attr.chars();
        while let Some(ch) = chars.next() {
            match ch {
                '\\' => back.push(chars.next().unwrap()),
                '"' => break,
                other => back.push(other),
            }
        }
        assert_eq!(back, c.alt);
    }

    #[test]
    fn placeholders_are_found_by_context() {
        let style = style();
        let doc = Document::parse(
            "# T\n\n[Image: alone]\n\nIn a [Image: sentence] here.\n\n| a |\n| - |\n| [Image: cell] |\n\n## [Image: heading]\n\n- [Image: tight item]\n\n> [Image: quoted]\n\n`[Image: code]`\n\n<span>[Image: html]</span>\n"
                .into(),
        );
        let found: Vec<(Context, String)> = style
            .placeholders(&doc)
            .into_iter()
            .map(|p| (p.context, p.description))
            .collect();
        let expected = [
            (Context::Standalone, "alone"),
            (Context::Sentence, "sentence"),
            (Context::TableCell, "cell"),
            (Context::Heading, "heading"),
            (Context::Standalone, "tight item"),
            (Context::Standalone, "quoted"),
        ];
        let expected: Vec<(Context, String)> =
            expected.iter().map(|(c, d)| (*c, d.to_string())).collect();
        assert_eq!(found, expected);
    }
}
