//! The parse stage against a bare pulldown-cmark pass over the same pages, in the same run.
//!
//! Reads en-2021 (v1.0 + beta) from ../shared/corpus when it is there, else docs-input/, into
//! memory once; both benchmarks then work on the same in-memory texts. The goal: the
//! parse stage takes at most twice the bare pass.
//!
//! `cargo bench -p graphdoc --bench parse`

use graphdoc::{Reader, ReaderOptions};
use pulldown_cmark::{Options, Parser};
use std::path::PathBuf;
use std::sync::LazyLock;

/// The allocator the `graphdoc` binary uses, set up as it does, for both sides of the
/// comparison.
#[global_allocator]
static ALLOCATOR: graphdoc::allocator::MiMalloc = graphdoc::allocator::MiMalloc;

fn main() {
    graphdoc::allocator::keep_freed_memory();
    let (set, pages) = &*PAGES;
    let bytes: usize = pages.iter().map(|(_, t)| t.len()).sum();
    eprintln!("{set}: {} pages, {:.1} MB", pages.len(), bytes as f64 / 1e6);
    divan::main();
}

static PAGES: LazyLock<(String, Vec<(PathBuf, String)>)> = LazyLock::new(|| {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest.join("../../shared/corpus/en-2021");
    let (set, roots) = if corpus.is_dir() {
        let r = corpus.join("api-reference");
        ("en-2021 v1.0 + beta", vec![r.join("v1.0"), r.join("beta")])
    } else {
        eprintln!("notice: ../shared/corpus is missing; benchmarking docs-input/ instead");
        ("docs-input", vec![manifest.join("../docs-input")])
    };
    let (files, _) = graphdoc::docset::collect_pages(&roots);
    let pages = files
        .into_iter()
        .filter_map(|f| std::fs::read_to_string(&f).ok().map(|t| (f, t)))
        .collect();
    (set.to_string(), pages)
});

/// The baseline: every event of every page, with offsets, as the reader asks for them.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn bare_pulldown_cmark() -> usize {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    PAGES
        .1
        .iter()
        .map(|(_, text)| Parser::new_ext(text, options).into_offset_iter().count())
        .sum()
}

/// The parse stage: pages into page models, includes and diagnostics included.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn graphdoc_parse_stage() -> usize {
    let mut reader = Reader::new(ReaderOptions::default());
    PAGES
        .1
        .iter()
        .map(|(path, text)| reader.read_str(path, text).fences.len())
        .sum()
}

/// The parse stage as the command line runs it: pages read on all cores.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn graphdoc_parse_stage_parallel() -> usize {
    use rayon::prelude::*;
    PAGES
        .1
        .par_iter()
        .map_init(
            || Reader::new(ReaderOptions::default()),
            |reader, (path, text)| reader.read_str(path, text).fences.len(),
        )
        .sum()
}
