//! The fuzz targets (`tests/fuzz/targets.rs`) on stable, as ordinary tests: every docs-input
//! page, a sample of the real docs in ../shared/corpus and the inputs that once failed
//! (`fuzz/regressions/`, checked in); with `--ignored`, all corpus pages and the inputs the
//! coverage-guided fuzzers kept (`fuzz/corpus/`, when present). Each page feeds the reader, its fences the
//! JSON reader, its request URLs and template lines the URL parsers.
//!
//! `GRAPHDOC_FUZZ_SEEDS=DIR cargo test -p graphdoc --test fuzz -- --ignored write_seeds` writes
//! the JSON and URL seeds of the corpus into DIR for `cargo fuzz` (see the README); the corpus
//! is read at run time, never copied into the repository.

#[path = "fuzz/targets.rs"]
mod targets;

use graphdoc::{Reader, ReaderOptions};
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let (files, _) = graphdoc::docset::collect_pages(&[dir.to_path_buf()]);
    files
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| entries.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.is_file());
    files.sort();
    files
}

/// Each page into every target: the page itself, its fences, its URLs.
fn run_page(bytes: &[u8]) -> (Vec<String>, Vec<String>) {
    targets::reader(bytes);
    let page = Reader::new(ReaderOptions::default()).read_bytes(Path::new("page.md"), bytes);
    let fences: Vec<String> = page.fences.iter().map(|f| f.text.clone()).collect();
    let mut urls: Vec<String> = page
        .requests
        .iter()
        .map(|r| r.message.url.clone())
        .collect();
    urls.extend(page.templates.iter().map(|t| t.path.clone()));
    for fence in &fences {
        targets::json(fence.as_bytes());
        if let Some((_, body)) = fence.split_once("\n\n") {
            targets::json(body.as_bytes());
        }
        targets::url_template(fence.as_bytes());
    }
    for url in &urls {
        targets::url_template(url.as_bytes());
    }
    (fences, urls)
}

fn corpus() -> Option<PathBuf> {
    let dir = repo().join("../shared/corpus");
    dir.is_dir().then_some(dir)
}

#[test]
fn docs_input_pages() {
    let pages = md_files(&repo().join("docs-input"));
    assert!(!pages.is_empty());
    for page in pages {
        run_page(&std::fs::read(&page).unwrap());
    }
}

fn replay(dir: &str) {
    let fuzz = repo().join("fuzz");
    type Target = fn(&[u8]);
    let targets: [(&str, Target); 3] = [
        ("reader", targets::reader),
        ("json", targets::json),
        ("url_template", targets::url_template),
    ];
    for (name, target) in targets {
        for file in files_in(&fuzz.join(dir).join(name)) {
            let bytes = std::fs::read(&file).unwrap();
            let caught = std::panic::catch_unwind(|| target(&bytes));
            assert!(caught.is_ok(), "{} fails {name}", file.display());
        }
    }
}

/// The inputs that once failed, per target.
#[test]
fn regressions() {
    replay("regressions");
}

/// What the coverage-guided fuzzers kept in `fuzz/corpus/` (tens of thousands of inputs after
/// a run; not in the repository).
#[test]
#[ignore = "replays fuzz/corpus/, which a local cargo fuzz run fills"]
fn kept_inputs() {
    replay("corpus");
}

/// Every 50th page of the real docs (about 500), in a few seconds; all of them with --ignored.
#[test]
fn corpus_sample() {
    let Some(dir) = corpus() else {
        eprintln!("notice: ../shared/corpus is missing; the corpus sample was skipped");
        return;
    };
    for page in md_files(&dir).iter().step_by(50) {
        run_page(&std::fs::read(page).unwrap());
    }
}

#[test]
#[ignore = "reads all 24,000 pages of ../shared/corpus"]
fn corpus_all() {
    let dir = corpus().expect("../shared/corpus");
    for page in md_files(&dir) {
        run_page(&std::fs::read(&page).unwrap());
    }
}

/// Seeds for `cargo fuzz run json` and `cargo fuzz run url_template`: the fences and URLs of
/// the corpus pages, one file each, named by a hash of their content.
#[test]
#[ignore = "writes seeds into $GRAPHDOC_FUZZ_SEEDS"]
fn write_seeds() {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let (Some(out), Some(dir)) = (std::env::var_os("GRAPHDOC_FUZZ_SEEDS"), corpus()) else {
        eprintln!("notice: GRAPHDOC_FUZZ_SEEDS or ../shared/corpus is missing; no seeds written");
        return;
    };
    let out = PathBuf::from(out);
    for sub in ["json", "url_template"] {
        std::fs::create_dir_all(out.join(sub)).unwrap();
    }
    let write = |sub: &str, text: &str| {
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        std::fs::write(out.join(sub).join(format!("{:016x}", h.finish())), text).unwrap();
    };
    for page in md_files(&dir) {
        let bytes = std::fs::read(&page).unwrap();
        let page = Reader::new(ReaderOptions::default()).read_bytes(&page, &bytes);
        for fence in &page.fences {
            let body = fence
                .text
                .split_once("\n\n")
                .map_or(&*fence.text, |(_, b)| b);
            if body.trim_start().starts_with(['{', '[']) {
                write("json", body);
            }
        }
        for r in &page.requests {
            write("url_template", &r.message.url);
        }
        for t in &page.templates {
            write("url_template", &t.path);
        }
    }
}
