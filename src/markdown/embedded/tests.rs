use super::*;

fn spans_of(dialect: Dialect, text: &str) -> Vec<&str> {
    let syntax = Syntax {
        dialect,
        math: false,
        code_shortcodes: vec!["highlight".to_string()].into(),
    };
    find_embedded(text, 0, &syntax, &[])
        .into_iter()
        .map(|r| &text[r])
        .collect()
}

#[test]
fn hugo_shortcodes_are_whole_with_their_parameters() {
    let text = "a {{< figure src=\"x\" caption=\"a >}} b -- c\" >}} and {{% note %}}x{{% /note %}}";
    assert_eq!(
        spans_of(Dialect::Hugo, text),
        [
            "{{< figure src=\"x\" caption=\"a >}} b -- c\" >}}",
            "{{% note %}}",
            "{{% /note %}}"
        ]
    );
}

#[test]
fn hugo_code_pairs_take_their_body() {
    let text = "{{< highlight go >}}\nx -- y\n{{< /highlight >}}\n{{< new-in 1 >}}\nprose\n{{< /new-in >}}\n";
    assert_eq!(
        spans_of(Dialect::Hugo, text),
        [
            "{{< highlight go >}}\nx -- y\n{{< /highlight >}}",
            "{{< new-in 1 >}}",
            "{{< /new-in >}}"
        ]
    );
}

#[test]
fn hugo_closing_tags_may_space_the_slash_and_pairs_do_not_nest() {
    let text = "{{< highlight >}}\na\n{{</ highlight >}}\n\n## prose\n\n{{< highlight >}}\nb\n{{< highlight >}}\nc\n{{< /highlight >}}";
    assert_eq!(
        spans_of(Dialect::Hugo, text),
        [
            "{{< highlight >}}\na\n{{</ highlight >}}",
            "{{< highlight >}}",
            "{{< highlight >}}\nc\n{{< /highlight >}}"
        ]
    );
}

#[test]
fn heading_ids_and_classes_are_kept_in_hugo_and_jekyll() {
    let text = "### Settings {#settings-asciidoc}\n\n{.foo .bar #baz}\n\na {b} {# c}\n";
    for dialect in [Dialect::Hugo, Dialect::Jekyll] {
        assert_eq!(
            spans_of(dialect, text),
            ["{#settings-asciidoc}", "{.foo .bar #baz}"],
            "{dialect:?}"
        );
    }
}

#[test]
fn liquid_tags_outputs_and_code_bodies() {
    let text = "{% raw %}{{ x -- y }}{% endraw %} {{ page.title }} {%- highlight ruby -%}\na -- b\n{% endhighlight %} {% include a.html %}";
    assert_eq!(
        spans_of(Dialect::Jekyll, text),
        [
            "{% raw %}{{ x -- y }}{% endraw %}",
            "{{ page.title }}",
            "{%- highlight ruby -%}\na -- b\n{% endhighlight %}",
            "{% include a.html %}"
        ]
    );
}

#[test]
fn kramdown_attributes_and_extensions() {
    let text = "{: .note}\n{::options parse_block_html=\"true\" /}\n{::comment}\nx -- y\n{:/comment}\n{ not }";
    assert_eq!(
        spans_of(Dialect::Jekyll, text),
        [
            "{: .note}",
            "{::options parse_block_html=\"true\" /}",
            "{::comment}\nx -- y\n{:/comment}"
        ]
    );
}

#[test]
fn mdx_esm_jsx_and_expressions() {
    let text = "import A from 'a'\nexport const meta = {\n\n  author: \"Jane -- Doe\",\n}\n\n# Title\n\n<A b={{c: 1}} d=\"e > f\">x -- y</A> {props.count -- 1}\n\n:::note Title -- x\nbody\n:::\n";
    assert_eq!(
        spans_of(Dialect::Mdx, text),
        [
            "import A from 'a'\nexport const meta = {\n\n  author: \"Jane -- Doe\",\n}",
            "<A b={{c: 1}} d=\"e > f\">",
            "</A>",
            "{props.count -- 1}",
            ":::note Title -- x",
            ":::"
        ]
    );
}

#[test]
fn mdx_prose_comparisons_and_indented_imports_are_prose() {
    let text = "a < b and c <= d\n\nSome text\nimport x from 'y'\n";
    assert!(spans_of(Dialect::Mdx, text).is_empty());
}

#[test]
fn unclosed_constructs_are_prose_and_cost_one_scan() {
    let text = "{% x ".repeat(10_000);
    assert!(spans_of(Dialect::Jekyll, &text).is_empty());
    let text = "{{< x ".repeat(10_000);
    assert!(spans_of(Dialect::Hugo, &text).is_empty());
    let text = "{ x ".repeat(10_000);
    assert!(spans_of(Dialect::Mdx, &text).is_empty());
}

#[test]
fn display_math_blocks_run_over_blank_lines_and_headings() {
    let text = "a\n\n$$\n## x -- y\n\n\\text{b}\n$$\n\nprose $$x$$ and\n";
    let syntax = Syntax {
        dialect: Dialect::CommonMark,
        math: true,
        ..Syntax::default()
    };
    let spans: Vec<&str> = find_embedded(text, 0, &syntax, &[])
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(spans, ["$$\n## x -- y\n\n\\text{b}\n$$"]);
}

#[test]
fn constructs_never_start_in_code() {
    let text = "`{{< x >}}` {{< y >}}";
    let syntax = Syntax {
        dialect: Dialect::Hugo,
        ..Syntax::default()
    };
    let code = [Range { start: 0, end: 11 }];
    let spans: Vec<&str> = find_embedded(text, 0, &syntax, &code)
        .into_iter()
        .map(|r| &text[r])
        .collect();
    assert_eq!(spans, ["{{< y >}}"]);
}
