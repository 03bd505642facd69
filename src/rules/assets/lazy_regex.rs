//! Regexes of the `[assets]` table, checked when the config loads but compiled on first use.
//!
//! Compiling the family's regexes (placeholder patterns twice each, one per kind's keywords,
//! the alt and text drops) took most of a `check` of one small draft, and most drafts never
//! need them: they hold no placeholder. So the config load only parses each pattern (syntax
//! errors stay config errors at their line), and the regex is built the first time a text could
//! match it.
//!
//! A regex that only ever searches short texts (a kind's keywords, run over an alt text or a
//! placeholder's words) is built without the regex engine's own prefilter: that prefilter
//! speeds up a search through a long text for a rare match, and building it was three quarters
//! of each compile (for a `(?i)` pattern it extracts a literal per case variant). Matching is
//! unchanged: the same engine, configured as `regex::Regex` configures it.
//!
//! Invariant: a pattern that parsed compiles to exactly the regex the eager code built; the only
//! error left is a size limit, so patterns that are not the embedded defaults are compiled at
//! load (see `AssetsStyle::from_raw`) and a size limit there is a config error.

use std::ops::Range;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, Input, MatchKind, packed};
use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_syntax::hir::{Hir, HirKind, literal::Extractor};

/// A regex compiled on first use.
pub(crate) struct LazyRegex {
    pattern: String,
    /// Whether the engine builds its prefilter (see the module docs).
    prefilter: bool,
    compiled: OnceLock<Option<meta::Regex>>,
}

impl LazyRegex {
    /// Parse `pattern` (with the same syntax options `Regex::new` uses) and keep it for later
    /// compilation; the error is the one `Regex::new` would give.
    pub(crate) fn parse(pattern: String) -> Result<(Self, Hir), regex::Error> {
        let hir = regex_syntax::Parser::new()
            .parse(&pattern)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        Ok((Self::unchecked(pattern), hir))
    }

    /// Like [`LazyRegex::parse`], without translating the pattern to HIR (a third of the
    /// cost): for a pattern that wraps one already parsed whole, so only its own syntax (the
    /// wrapper's groups and anchors) is left to check.
    pub(crate) fn parse_wrapper(pattern: String) -> Result<Self, regex::Error> {
        regex_syntax::ast::parse::Parser::new()
            .parse(&pattern)
            .map_err(|e| regex::Error::Syntax(regex_syntax::Error::from(e).to_string()))?;
        Ok(Self::unchecked(pattern))
    }

    /// A pattern that cannot be a syntax error (built from escaped literals).
    pub(crate) fn unchecked(pattern: String) -> Self {
        LazyRegex {
            pattern,
            prefilter: true,
            compiled: OnceLock::new(),
        }
    }

    /// For a regex that only searches short texts: built without the engine's prefilter.
    pub(crate) fn for_short_texts(self) -> Self {
        LazyRegex {
            prefilter: false,
            ..self
        }
    }

    /// The compiled regex; `None` only when it exceeds the regex size limits.
    fn get(&self) -> Option<&meta::Regex> {
        self.compiled
            .get_or_init(|| build(&self.pattern, self.prefilter).ok())
            .as_ref()
    }

    /// Compile now, giving the error (a size limit) that [`LazyRegex::get`] would hide.
    pub(crate) fn compile(&self) -> Result<(), regex::Error> {
        if self.compiled.get().is_none() {
            let regex = build(&self.pattern, self.prefilter)?;
            let _ = self.compiled.set(Some(regex));
        }
        Ok(())
    }

    /// Whether the regex matches somewhere in `text`.
    pub(crate) fn is_match(&self, text: &str) -> bool {
        self.get().is_some_and(|r| r.is_match(text))
    }

    /// The leftmost match in `text`.
    pub(crate) fn find(&self, text: &str) -> Option<Range<usize>> {
        self.get()?.find(text).map(|m| m.range())
    }

    /// The groups of the leftmost match in `text`.
    pub(crate) fn captures<'t>(&self, text: &'t str) -> Option<Groups<'t>> {
        let regex = self.get()?;
        let mut caps = regex.create_captures();
        regex.captures(text, &mut caps);
        caps.is_match().then_some(Groups { text, caps })
    }

    /// The groups of every successive non-overlapping match in `text`.
    pub(crate) fn captures_iter<'t>(&self, text: &'t str) -> impl Iterator<Item = Groups<'t>> {
        self.get()
            .into_iter()
            .flat_map(move |r| r.captures_iter(text).map(move |caps| Groups { text, caps }))
    }
}

/// The capture groups of one match.
pub(crate) struct Groups<'t> {
    text: &'t str,
    caps: Captures,
}

impl<'t> Groups<'t> {
    /// Byte range of the whole match in the searched text.
    pub(crate) fn range(&self) -> Range<usize> {
        self.caps.get_match().expect("a match").range()
    }

    /// The text of the whole match.
    pub(crate) fn as_str(&self) -> &'t str {
        &self.text[self.range()]
    }

    /// Byte range of the group called `name`, when it took part in the match.
    pub(crate) fn group(&self, name: &str) -> Option<Range<usize>> {
        self.caps.get_group_by_name(name).map(|span| span.range())
    }

    /// The text of the group called `name`, when it took part in the match.
    pub(crate) fn name(&self, name: &str) -> Option<&'t str> {
        self.group(name).map(|range| &self.text[range])
    }
}

/// Build `pattern` as `regex::Regex::new` does (with or without the engine's prefilter, see
/// the module docs), with the error `regex::Regex::new` would give.
fn build(pattern: &str, prefilter: bool) -> Result<meta::Regex, regex::Error> {
    // `regex::RegexBuilder`'s defaults.
    let config = meta::Config::new()
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .auto_prefilter(prefilter);
    meta::Builder::new()
        .configure(config)
        .syntax(regex_automata::util::syntax::Config::new().utf8(true))
        .build(pattern)
        .map_err(|e| match (e.size_limit(), e.syntax_error()) {
            (Some(limit), _) => regex::Error::CompiledTooBig(limit),
            (None, Some(syntax)) => regex::Error::Syntax(syntax.to_string()),
            (None, None) => regex::Error::Syntax(e.to_string()),
        })
}

/// Whether a parsed pattern has a capture group called `name`.
pub(crate) fn has_capture(hir: &Hir, name: &str) -> bool {
    match hir.kind() {
        HirKind::Capture(c) => c.name.as_deref() == Some(name) || has_capture(&c.sub, name),
        HirKind::Repetition(r) => has_capture(&r.sub, name),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().any(|h| has_capture(h, name))
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => false,
    }
}

/// A cheap test that rules out texts a pattern cannot match, so its regex need not be built.
///
/// Every match of the pattern starts with one of a finite set of literal prefixes (the same
/// extraction the regex crate uses for its own prefilters), searched for with the literal
/// searchers the regex crate uses (aho-corasick). A `(?i)` pattern yields one literal per case
/// variant (128 for `(?i)\[placeho`), more than the vectorized searcher takes, so the prefixes
/// are shortened until at most [`MAX_PREFIXES`] distinct ones are left: a shorter prefix lets
/// more texts through, never fewer. Testing each variant where its first byte occurred was a
/// fifth of a corpus `check`. Each place the searcher finds is then checked against the
/// prefixes as extracted, before shortening (`(?i)todo`, not `(?i)tod`, which "today" also
/// starts): in the corpus that kept about a tenth of the places, and most posts need no block
/// searched at all. Patterns whose matches can start with anything always pass.
pub(crate) struct Prefilter {
    /// `None` when the pattern has no usable prefixes: every text passes.
    prefixes: Option<Prefixes>,
    /// The prefixes before they were shortened for the searcher, sorted; empty when they were
    /// not shortened.
    full: Vec<Vec<u8>>,
    /// The distinct lengths in `full`.
    full_lengths: Vec<usize>,
}

/// A searcher for a set of literals that reports where the leftmost one starts.
enum Prefixes {
    /// The vectorized (Teddy) searcher, built directly: about 10 µs, where the regex crate's
    /// own prefilter, which also builds an automaton, took about 0.2 ms of every config load.
    Packed(packed::Searcher),
    /// For CPUs without the vector instructions Teddy needs.
    Automaton(AhoCorasick),
}

impl Prefixes {
    fn new(literals: &[&[u8]]) -> Option<Self> {
        match packed::Searcher::new(literals.iter()) {
            Some(searcher) => Some(Prefixes::Packed(searcher)),
            None => Self::automaton(literals),
        }
    }

    fn automaton(literals: &[&[u8]]) -> Option<Self> {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(literals)
            .ok()
            .map(Prefixes::Automaton)
    }

    /// Every offset where a literal starts, in order (overlapping ones included).
    fn starts(&self, text: &[u8]) -> Vec<usize> {
        let mut found = Vec::new();
        let mut at = 0;
        while let Some(start) = self.find_from(text, at) {
            found.push(start);
            at = start + 1;
        }
        found
    }

    /// Where the leftmost literal at or after `at` starts.
    fn find_from(&self, text: &[u8], at: usize) -> Option<usize> {
        let found = match self {
            Prefixes::Packed(searcher) => {
                searcher.find_in(text, aho_corasick::Span::from(at..text.len()))
            }
            Prefixes::Automaton(automaton) => automaton.find(Input::new(text).range(at..)),
        };
        found.map(|m| m.start())
    }
}

/// The most literals the vectorized (Teddy) searcher handles; past it the search falls back
/// to a much slower automaton.
const MAX_PREFIXES: usize = 64;

impl Prefilter {
    /// The prefilter of a parsed pattern.
    pub(crate) fn new(hir: &Hir) -> Self {
        let mut seq = Extractor::new().extract(hir);
        seq.dedup();
        let mut full: Vec<Vec<u8>> = seq
            .literals()
            .unwrap_or_default()
            .iter()
            .map(|l| l.as_bytes().to_vec())
            .collect();
        while let Some(longest) = seq.max_literal_len()
            && seq.len().is_some_and(|n| n > MAX_PREFIXES)
            && longest > 1
        {
            seq.keep_first_bytes(longest - 1);
            seq.dedup();
        }
        let literals: Vec<&[u8]> = seq
            .literals()
            .unwrap_or_default()
            .iter()
            .map(|l| l.as_bytes())
            .collect();
        let usable = seq.is_finite() && !literals.is_empty() && seq.min_literal_len() > Some(0);
        let prefixes = usable.then(|| Prefixes::new(&literals)).flatten();
        if full.len() == literals.len() {
            full.clear();
        }
        full.sort();
        let mut full_lengths: Vec<usize> = full.iter().map(Vec::len).collect();
        full_lengths.sort_unstable();
        full_lengths.dedup();
        Prefilter {
            prefixes,
            full,
            full_lengths,
        }
    }

    /// Every offset in `text` where a match could start, in order; `None` when a match could
    /// start anywhere.
    pub(crate) fn candidates(&self, text: &str) -> Option<Vec<usize>> {
        let text = text.as_bytes();
        let mut starts = self.prefixes.as_ref()?.starts(text);
        if !self.full.is_empty() {
            starts.retain(|&at| self.full_prefix_at(text, at));
        }
        Some(starts)
    }

    /// Whether one of the unshortened prefixes starts at `at`.
    fn full_prefix_at(&self, text: &[u8], at: usize) -> bool {
        self.full_lengths.iter().any(|&len| {
            text.get(at..at + len)
                .is_some_and(|head| self.full.binary_search_by(|l| l[..].cmp(head)).is_ok())
        })
    }

    /// Whether the pattern could match somewhere in `text`.
    #[cfg(test)]
    fn may_match(&self, text: &str) -> bool {
        self.candidates(text).is_none_or(|c| !c.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    #[test]
    fn matches_and_errors_are_those_of_regex() {
        let cases = [
            (
                r"(?i)\b(?:code|config)\b",
                "The CONFIG file, code-ish; ſnippet Kode",
            ),
            (
                r"(?i)\[Image\s*:\s*(?<desc>.+?)\]",
                "a [image: one] b [IMAGE:two]",
            ),
            (
                r"^(?:Screenshot of (?:the )?)",
                "Screenshot of the dashboard",
            ),
            (r"(?<n>\d*)", "a1é22"),
        ];
        for (pattern, text) in cases {
            let expected: Vec<(Range<usize>, Option<&str>)> = Regex::new(pattern)
                .unwrap()
                .captures_iter(text)
                .map(|c| {
                    (
                        c.get(0).unwrap().range(),
                        c.name("desc").map(|m| m.as_str()),
                    )
                })
                .collect();
            for lazy in [
                LazyRegex::unchecked(pattern.into()),
                LazyRegex::unchecked(pattern.into()).for_short_texts(),
            ] {
                let found: Vec<_> = lazy
                    .captures_iter(text)
                    .map(|c| (c.range(), c.name("desc")))
                    .collect();
                assert_eq!(found, expected, "{pattern}");
                assert_eq!(lazy.find(text), expected.first().map(|e| e.0.clone()));
            }
        }
        let huge = r"\w{1000}\w{1000}\w{1000}";
        assert_eq!(
            LazyRegex::unchecked(huge.into())
                .compile()
                .unwrap_err()
                .to_string(),
            Regex::new(huge).unwrap_err().to_string()
        );
    }

    fn prefilter(pattern: &str) -> Prefilter {
        Prefilter::new(&LazyRegex::parse(pattern.into()).unwrap().1)
    }

    #[test]
    fn prefilter_never_rules_out_a_match() {
        let cases = [
            (
                r"(?i)\[Placeholder\s*:\s*(?<desc>.+?)\]",
                "x [PLACEHOLDER: a] y",
            ),
            (r"(?i)\[Placeholder\s*:\s*(?<desc>.+?)\]", "[placeholder:b]"),
            (
                r"(?i)TODO\s*:?\s*add\s+(?<desc>.*)",
                "ok, todo: add a screenshot",
            ),
            (r"(?i)\b(?:screenshot|slack)\b", "ſlack"),
            (r"\s*x", "  x"),
        ];
        for (pattern, text) in cases {
            assert!(Regex::new(pattern).unwrap().is_match(text), "{pattern}");
            assert!(prefilter(pattern).may_match(text), "{pattern} on {text}");
        }
    }

    #[test]
    fn places_are_checked_against_the_unshortened_prefixes() {
        // Five words of case variants are more than the searcher takes, so it looks for
        // shortened prefixes (`tod`); the full ones (`todo`) still decide.
        let filter = prefilter(
            r"(?i)(?:TODO|\[Placeholder|\[Image|\[Screenshot|\[Diagram|\[Figure|\[Chart)\s*:",
        );
        assert!(!filter.full.is_empty(), "the prefixes were shortened");
        assert_eq!(filter.candidates("today, [chess] [plot]"), Some(vec![]));
        assert_eq!(filter.candidates("x ToDo: y [CHART: z]"), Some(vec![2, 10]));
    }

    #[test]
    fn prefilter_rules_out_texts_without_the_prefix() {
        let p = prefilter(r"(?i)\[Placeholder\s*:\s*(?<desc>.+?)\]");
        assert!(!p.may_match("A post with [brackets] but no placeholder."));
        let p = prefilter(r"(?i)TODO\s*:?\s*add\s+(?<desc>.*)");
        assert!(!p.may_match("Together we went to the store."));
        // A pattern that can match at any byte has no prefilter.
        assert!(prefilter(r"\s*x").prefixes.is_none());
        let p = prefilter(r"(?i)TODO\s*:?\s*add\s+(?<desc>.*)");
        assert_eq!(p.candidates("todo, then ToDo"), Some(vec![0, 11]));
    }

    #[test]
    fn the_fallback_searcher_finds_the_same_starts() {
        let literals: [&[u8]; 4] = [b"[Pl", b"[pl", b"tod", b"od"];
        let starts = |prefixes: Prefixes| prefixes.starts(b"todo [pl [Pl [x, tod");
        // Where the vector instructions exist, the fast searcher is the one built.
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("ssse3") {
            assert!(matches!(
                Prefixes::new(&literals),
                Some(Prefixes::Packed(_))
            ));
        }
        let expected = vec![0, 1, 5, 9, 17, 18];
        assert_eq!(starts(Prefixes::new(&literals).unwrap()), expected);
        assert_eq!(starts(Prefixes::automaton(&literals).unwrap()), expected);
    }

    #[test]
    fn syntax_errors_read_as_regex_new_errors() {
        // Built at run time so clippy does not reject the deliberately broken pattern.
        let broken = String::from("(?<desc>");
        let err = LazyRegex::parse(broken.clone()).err().unwrap();
        assert_eq!(
            err.to_string(),
            Regex::new(&broken).unwrap_err().to_string()
        );
    }

    #[test]
    fn capture_names_are_found_anywhere() {
        let hir = |p: &str| LazyRegex::parse(p.into()).unwrap().1;
        assert!(has_capture(&hir(r"a(?:b|(c(?<desc>d))*)"), "desc"));
        assert!(!has_capture(&hir(r"a(?<n>b)"), "desc"));
    }
}
