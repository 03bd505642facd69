//! The `typography/*` family: punctuation in prose. Rules rewrite text nodes only, so code,
//! inline code, HTML, link destinations and front matter are never touched.

pub(crate) mod dashes;
