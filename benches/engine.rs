//! Criterion benchmarks of each stage against the parse-only floor, on the Rust blog corpus in
//! `../shared/corpus/rust-blog` (or the fixtures when it is absent).
//!
//! `cargo bench --bench engine`

use std::hint::black_box;
use std::path::{Path, PathBuf};

use blogfmt::{Config, Document, lint};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
}

fn corpus() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    markdown_files(&root.join("../shared/corpus/rust-blog"), &mut files);
    if files.is_empty() {
        markdown_files(&root.join("fixtures"), &mut files);
    }
    files.sort();
    files
        .iter()
        .map(|f| std::fs::read_to_string(f).expect("corpus file is UTF-8"))
        .collect()
}

fn stages(c: &mut Criterion) {
    let texts = corpus();
    let bytes: usize = texts.iter().map(String::len).sum();
    let config = Config::default_style();
    let mut group = c.benchmark_group("corpus");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.sample_size(20);
    group.bench_function("parse-only", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(
                    pulldown_cmark::Parser::new_ext(text, blogfmt::markdown::PARSE_OPTIONS).count(),
                );
            }
        })
    });
    group.bench_function("document", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(Document::parse(text.clone()));
            }
        })
    });
    group.bench_function("document+lint", |b| {
        b.iter(|| {
            for text in &texts {
                let doc = Document::parse(text.clone());
                black_box(lint(&doc, &config));
            }
        })
    });
    group.bench_function("fix", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(blogfmt::fix(text, &config).expect("fix settles"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
