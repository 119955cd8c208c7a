//! The whole pipeline on en-2021 (v1.0 + beta): pages read from disk, the model built, every
//! type emitted and printed (nothing written). Issue 3's goal is ≤ 2 s. Falls back to
//! docs-input/ when ../shared/corpus is missing.
//!
//! `cargo bench -p graphdoc --bench generate`

use std::path::PathBuf;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    divan::main();
}

fn docs() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let corpus = manifest.join("../../shared/corpus/en-2021");
    if corpus.is_dir() {
        corpus
    } else {
        eprintln!("notice: ../shared/corpus is missing; benchmarking docs-input/ instead");
        manifest.join("../docs-input")
    }
}

/// Read, model, emit.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn generate_en_2021() -> usize {
    let generated = graphdoc::Config::new()
        .docs(docs())
        .render()
        .expect("renders");
    generated.files.values().map(String::len).sum()
}

/// The reading part alone, for comparison.
#[divan::bench(sample_count = 3, sample_size = 1)]
fn read_en_2021() -> usize {
    let (files, _) = graphdoc::docset::collect_pages(&[docs()]);
    graphdoc::Reader::read_files(&graphdoc::ReaderOptions::default(), &files).len()
}
