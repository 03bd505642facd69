//! Text templates from the house style: `{name}` variables, `{n:02}` zero padding, `{{`/`}}`
//! for literal braces.
//!
//! Templates are parsed when the config loads, against the variables their use offers, so an
//! unknown variable is a config error naming the line instead of a surprise in the output.

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    source: String,
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Literal(String),
    Variable { name: String, zero_pad: usize },
}

impl Template {
    /// Parse `source`, accepting only the variables in `allowed`.
    pub fn parse(source: &str, allowed: &[&str]) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = source.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' if chars.peek().map(|&(_, n)| n) == Some('{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek().map(|&(_, n)| n) == Some('}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let close = source[i..]
                        .find('}')
                        .ok_or_else(|| format!("unclosed `{{` in template `{source}`"))?;
                    let inner = &source[i + 1..i + close];
                    let (name, spec) = inner.split_once(':').unwrap_or((inner, ""));
                    if !allowed.contains(&name) {
                        return Err(format!(
                            "unknown template variable `{{{name}}}`; available: {}",
                            list(allowed)
                        ));
                    }
                    let zero_pad = parse_spec(spec).ok_or_else(|| {
                        format!(
                            "unknown format `{spec}` in `{{{inner}}}`; use e.g. `{{{name}:02}}`"
                        )
                    })?;
                    if !literal.is_empty() {
                        parts.push(Part::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(Part::Variable {
                        name: name.to_string(),
                        zero_pad,
                    });
                    while chars.peek().is_some_and(|&(j, _)| j <= i + close) {
                        chars.next();
                    }
                }
                '}' => {
                    return Err(format!(
                        "unmatched `}}` in template `{source}`; write `}}}}`"
                    ));
                }
                c => literal.push(c),
            }
        }
        if !literal.is_empty() {
            parts.push(Part::Literal(literal));
        }
        Ok(Template {
            source: source.to_string(),
            parts,
        })
    }

    /// The template as written in the config.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Render with `vars`; a variable missing from `vars` renders empty.
    pub fn render(&self, vars: &[(&str, &str)]) -> String {
        let value = |name: &str| vars.iter().find(|(k, _)| *k == name).map_or("", |(_, v)| v);
        // Sized up front: the message of every diagnostic is rendered, and growing the string
        // as variables were pushed was a third of the cost.
        let len = self
            .parts
            .iter()
            .map(|part| match part {
                Part::Literal(text) => text.len(),
                Part::Variable { name, zero_pad } => value(name).len() + zero_pad,
            })
            .sum();
        let mut out = String::with_capacity(len);
        for part in &self.parts {
            match part {
                Part::Literal(text) => out.push_str(text),
                Part::Variable { name, zero_pad } => {
                    let value = value(name);
                    for _ in value.chars().count()..*zero_pad {
                        out.push('0');
                    }
                    out.push_str(value);
                }
            }
        }
        out
    }
}

fn parse_spec(spec: &str) -> Option<usize> {
    if spec.is_empty() {
        return Some(0);
    }
    let digits = spec.strip_prefix('0')?;
    digits.parse().ok()
}

fn list(allowed: &[&str]) -> String {
    if allowed.is_empty() {
        return "none".into();
    }
    allowed
        .iter()
        .map(|v| format!("{{{v}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_variables_padding_and_braces() {
        let t = Template::parse("{{x}} /{slug}/{n:02}-{name}.png", &["slug", "n", "name"]).unwrap();
        assert_eq!(
            t.render(&[("slug", "post"), ("n", "3"), ("name", "a-b")]),
            "{x} /post/03-a-b.png"
        );
        assert_eq!(
            t.render(&[("slug", "s"), ("n", "123"), ("name", "z")]),
            "{x} /s/123-z.png"
        );
    }

    #[test]
    fn rejects_unknown_variables_and_bad_braces() {
        let err = Template::parse("{nme}", &["name"]).unwrap_err();
        assert!(err.contains("unknown template variable `{nme}`"), "{err}");
        assert!(Template::parse("{name", &["name"]).is_err());
        assert!(Template::parse("name}", &["name"]).is_err());
        assert!(Template::parse("{name:x}", &["name"]).is_err());
    }
}
