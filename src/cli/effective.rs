//! `blogfmt config PATH`: the house style one file follows, as `check` and `fix` find it: the
//! config files in the order they apply, the dialect chosen and why, and the rules that run.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use super::files::Styles;
use crate::error::Error;
use crate::markdown::Dialect;

pub(super) fn run(path: &Path, styles: &mut Styles<'_>) -> Result<ExitCode, Error> {
    let config = styles.for_file(path)?;
    let choice = styles.syntax_for(path, &config);
    let syntax = &choice.syntax;
    let mut out = String::new();
    out.push_str(&format!("file: {}\n", path.display()));
    out.push_str("house style, each file overriding the ones below it:\n");
    for source in &config.chain {
        out.push_str(&format!("  {source}\n"));
    }
    out.push_str(&format!(
        "dialect: {} ({})\n",
        syntax.dialect.name(),
        choice.reason
    ));
    out.push_str(&format!(
        "math: {}\n",
        if syntax.math {
            "on ($…$ and $$…$$ are opaque)"
        } else {
            "off"
        }
    ));
    out.push_str(&format!("opaque: {}\n", opaque(syntax)));
    let active: Vec<String> = config
        .active_rules()
        .map(|r| {
            let severity = r.severity.map_or("off", |s| s.as_str());
            format!("  {} ({severity})", r.id())
        })
        .collect();
    out.push_str(&format!("rules that run ({}):\n", active.len()));
    for line in active {
        out.push_str(&line);
        out.push('\n');
    }
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(out.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Err(err) if err.kind() != std::io::ErrorKind::BrokenPipe => Err(Error::Io {
            path: "<stdout>".into(),
            source: err,
        }),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// What the dialect keeps from every rule, besides code, HTML and front matter.
fn opaque(syntax: &crate::markdown::Syntax) -> String {
    let own = match syntax.dialect {
        Dialect::CommonMark => String::new(),
        Dialect::Hugo => format!(
            "shortcodes {{{{< … >}}}} and {{{{% … %}}}}, attribute lists {{#id .class}}, the bodies of {}",
            syntax
                .code_shortcodes
                .iter()
                .map(|n| format!("{{{{< {n} >}}}}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Dialect::Jekyll => "Liquid {% … %} and {{ … }}, highlight/raw/comment bodies, kramdown \
                            {: … }, {#id}, {.class} and {::… /}"
            .to_string(),
        Dialect::Mdx => {
            "import/export, JSX tags, {…} expressions, ::: admonition lines".to_string()
        }
    };
    let mut parts = vec!["code, HTML, front matter".to_string()];
    if !own.is_empty() {
        parts.push(own);
    }
    if syntax.math {
        parts.push("math".to_string());
    }
    parts.join("; ")
}
