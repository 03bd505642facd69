//! Escaping and reading back markdown text, and safe slugs made of it.

/// Lower-case ASCII words of `text`: Unicode folded to ASCII (`é` -> `e`,
/// emoji and other symbols dropped), everything outside `[a-z0-9]` a separator. Joined with `-`, this is a safe slug.
pub(crate) fn slug_words(text: &str) -> Vec<String> {
    // Emoji and other symbols would fold to their names ("rocket"); they name nothing here.
    let letters: String = text
        .chars()
        .map(|c| {
            if c.is_ascii() || c.is_alphanumeric() {
                c
            } else {
                ' '
            }
        })
        .collect();
    deunicode::deunicode(&letters)
        .to_ascii_lowercase()
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// Text as readers see it: backslash escapes and the common character references resolved.
pub(crate) fn reader_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(c) = rest.chars().next() {
        if c == '\\'
            && let Some(next) = rest[1..].chars().next()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            rest = &rest[1 + next.len_utf8()..];
            continue;
        }
        if c == '&'
            && let Some(end) = rest.find(';').filter(|&e| e <= 10)
            && let Some(decoded) = character_reference(&rest[1..end])
        {
            out.push(decoded);
            rest = &rest[end + 1..];
            continue;
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

fn character_reference(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => {
            let number = name.strip_prefix('#')?;
            let code = match number.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => number.parse().ok()?,
            };
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

/// Escape `text` for markdown link text or alt text, so that it reads back exactly.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reader_text_resolves_escapes() {
        assert_eq!(reader_text(r"a\*b\c &amp; &#42;&x;"), r"a*b\c & *&x;");
    }
}
