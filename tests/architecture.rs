//! The crate's architecture, held by tests: layers import one way, top-level modules import in
//! no cycle, files stay small enough to read, and every rule file is built the same way.
//!
//! Imports are read from each file's tokens (so comments and strings never count), leaving out
//! items under `#[cfg(test)]`: a rule's unit tests may load a whole house style, but the rule
//! itself may not know one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// The layers, lowest first. A module may import from its own layer and the ones before it.
const LAYERS: &[&[&str]] = &[
    &["error", "diagnostic", "template", "markdown"],
    &["rule"],
    &["rules"],
    &["settings"],
    &["lint", "suppress", "fix"],
    &["report"],
    &["cli"],
];

/// The longest a source file may be, its unit tests included.
const MAX_LINES: usize = 700;

fn layer(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

fn source_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&src(), &mut files);
    files.sort();
    files
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level module a file belongs to (`rules` for `src/rules/assets/style.rs`); `None`
/// for the crate root and the binary.
fn module_of(file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src()).unwrap();
    let first = relative.components().next()?.as_os_str().to_str()?;
    match first.strip_suffix(".rs") {
        Some("lib" | "main") => None,
        Some(module) => Some(module.to_string()),
        None => Some(first.to_string()),
    }
}

/// Whether `attr` (the bracketed group of `#[…]`) is `cfg(test)`.
fn is_cfg_test(attr: &TokenStream) -> bool {
    let tokens: Vec<TokenTree> = attr.clone().into_iter().collect();
    matches!(tokens.as_slice(),
        [TokenTree::Ident(cfg), TokenTree::Group(args)]
            if cfg == "cfg" && args.stream().to_string() == "test")
}

/// `tokens` with every item under `#[cfg(test)]` left out, at any depth: the attribute, then
/// the item up to its first `;` or its first braced block, whichever comes first.
fn without_tests(tokens: TokenStream) -> Vec<TokenTree> {
    let mut out = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(token) = iter.next() {
        if let TokenTree::Punct(p) = &token
            && p.as_char() == '#'
            && let Some(TokenTree::Group(attr)) = iter.peek()
            && attr.delimiter() == Delimiter::Bracket
            && is_cfg_test(&attr.stream())
        {
            iter.next();
            for skipped in iter.by_ref() {
                match skipped {
                    TokenTree::Punct(p) if p.as_char() == ';' => break,
                    TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => break,
                    _ => {}
                }
            }
            continue;
        }
        match token {
            TokenTree::Group(group) => {
                let inner: TokenStream = without_tests(group.stream()).into_iter().collect();
                out.push(TokenTree::Group(proc_macro2::Group::new(
                    group.delimiter(),
                    inner,
                )));
            }
            other => out.push(other),
        }
    }
    out
}

/// The first segment of every `crate::…` path in `tokens` (`$crate::…` in macros included;
/// each entry of a `crate::{a, b}` group counts).
fn crate_paths(tokens: &[TokenTree], out: &mut BTreeSet<String>) {
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Ident(ident) if ident == "crate" => {
                let next = &tokens[i + 1..];
                let [TokenTree::Punct(a), TokenTree::Punct(b), target, ..] = next else {
                    continue;
                };
                if a.as_char() != ':' || b.as_char() != ':' {
                    continue;
                }
                match target {
                    TokenTree::Ident(name) => {
                        out.insert(name.to_string());
                    }
                    TokenTree::Group(group) if group.delimiter() == Delimiter::Brace => {
                        let entries: Vec<TokenTree> = group.stream().into_iter().collect();
                        let mut at_start = true;
                        for entry in &entries {
                            match entry {
                                TokenTree::Ident(name) if at_start => {
                                    out.insert(name.to_string());
                                    at_start = false;
                                }
                                TokenTree::Punct(p) if p.as_char() == ',' => at_start = true,
                                _ => at_start = false,
                            }
                        }
                    }
                    _ => {}
                }
            }
            TokenTree::Group(group) => {
                let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                crate_paths(&inner, out);
            }
            _ => {}
        }
    }
}

/// What each top-level module imports from the others, outside its test code.
fn imports() -> BTreeMap<String, BTreeMap<String, Vec<PathBuf>>> {
    let mut graph: BTreeMap<String, BTreeMap<String, Vec<PathBuf>>> = BTreeMap::new();
    for file in source_files() {
        let Some(module) = module_of(&file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).unwrap();
        let tokens: TokenStream = text.parse().unwrap_or_else(|e| panic!("{file:?}: {e:?}"));
        let mut paths = BTreeSet::new();
        crate_paths(&without_tests(tokens), &mut paths);
        let entry = graph.entry(module.clone()).or_default();
        for target in paths.into_iter().filter(|t| *t != module) {
            entry.entry(target).or_default().push(file.clone());
        }
    }
    graph
}

fn shown(file: &Path) -> String {
    file.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap()
        .display()
        .to_string()
}

#[test]
fn every_module_has_a_layer() {
    for file in source_files() {
        if let Some(module) = module_of(&file) {
            assert!(
                layer(&module).is_some(),
                "{}: module `{module}` is in no layer; add it to LAYERS in tests/architecture.rs",
                shown(&file)
            );
        }
    }
}

#[test]
fn layers_import_only_from_below() {
    let mut wrong = Vec::new();
    for (module, targets) in imports() {
        let own = layer(&module).expect("checked by every_module_has_a_layer");
        for (target, files) in targets {
            let problem = match layer(&target) {
                None => format!(
                    "names `crate::{target}`, which is no module: import it from its module"
                ),
                Some(theirs) if theirs > own => {
                    format!("imports `crate::{target}`, a higher layer than `{module}`")
                }
                Some(_) => continue,
            };
            for file in files {
                wrong.push(format!("{}: {problem}", shown(&file)));
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn top_level_modules_import_in_no_cycle() {
    let graph = imports();
    // Depth-first search; a module met again while still on the path closes a cycle.
    fn visit<'g>(
        module: &'g str,
        graph: &'g BTreeMap<String, BTreeMap<String, Vec<PathBuf>>>,
        path: &mut Vec<&'g str>,
        done: &mut BTreeSet<&'g str>,
    ) {
        if let Some(at) = path.iter().position(|m| *m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module);
            panic!("import cycle: {}", cycle.join(" → "));
        }
        if !done.insert(module) {
            return;
        }
        path.push(module);
        for target in graph.get(module).into_iter().flat_map(|t| t.keys()) {
            visit(target, graph, path, done);
        }
        path.pop();
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        visit(module, &graph, &mut Vec::new(), &mut done);
    }
}

#[test]
fn source_files_stay_readable() {
    for file in source_files() {
        let lines = std::fs::read_to_string(&file).unwrap().lines().count();
        assert!(
            lines <= MAX_LINES,
            "{} has {lines} lines (at most {MAX_LINES}): split it by concern",
            shown(&file)
        );
    }
}

/// `heading_case` → `HeadingCase`.
fn camel_case(snake: &str) -> String {
    snake
        .split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map_or(String::new(), |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect()
}

#[test]
fn each_rule_file_holds_one_rule_named_after_it() {
    let implementation = regex::Regex::new(r"impl Rule for (\w+)").unwrap();
    let mut rule_files = 0;
    for file in source_files() {
        let text = std::fs::read_to_string(&file).unwrap();
        if !text.contains("declare_rule! {") {
            continue;
        }
        rule_files += 1;
        let stem = file.file_stem().unwrap().to_str().unwrap();
        let names: Vec<&str> = implementation
            .captures_iter(&text)
            .map(|c| c.get(1).unwrap().as_str())
            .collect();
        assert_eq!(
            names,
            [camel_case(stem)],
            "{}: a rule file declares one rule, its struct named after the file",
            shown(&file)
        );
    }
    assert!(rule_files >= 20, "found only {rule_files} rule files");
}

#[test]
fn the_scanner_sees_imports_and_skips_test_code() {
    let source = r#"
        use crate::rule::Rule;
        use crate::{markdown::Document, template};
        // use crate::comment;
        const TEXT: &str = "crate::string";
        macro_rules! m { () => { $crate::diagnostic::Edit } }
        #[cfg(test)]
        mod tests { use crate::settings::Config; }
        #[cfg(test)]
        fn helper() -> crate::lint::X { crate::fix::fix() }
        fn after() { crate::error::Error }
    "#;
    let mut paths = BTreeSet::new();
    crate_paths(&without_tests(source.parse().unwrap()), &mut paths);
    let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
    assert_eq!(
        paths,
        ["diagnostic", "error", "markdown", "rule", "template"]
    );
}
