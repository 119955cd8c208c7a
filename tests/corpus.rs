//! The reader on the real docs in ../shared/corpus: every page read, and the figures of issue 2.
//!
//! These tests are `#[ignore]`d in the everyday `cargo test --workspace` run (they read 24,000
//! pages); `.ci/run` runs them with `cargo test --release --workspace -- --ignored`. Without the
//! corpus they fail in CI (CI is set) and skip with a notice elsewhere.

mod common;
use common::corpus;
use graphdoc::diag::Code;
use graphdoc::report::Stats;
use graphdoc::{Page, Reader, ReaderOptions};
use std::path::Path;

fn read_all(dir: &Path) -> Vec<Page> {
    let (files, problems) = graphdoc::docset::collect_pages(&[dir.to_path_buf()]);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(!files.is_empty(), "no pages under {}", dir.display());
    Reader::read_files(&ReaderOptions::default(), &files)
}

struct Expected {
    set: &'static str,
    version: &'static str,
    pages: usize,
    annotations: usize,
    unrecoverable: usize,
    requests: usize,
    responses: usize,
    templates: usize,
}

/// Measured independently on the corpus (issue 2).
const EXPECTED: [Expected; 4] = [
    Expected {
        set: "en-2021",
        version: "v1.0",
        pages: 3341,
        annotations: 8332,
        unrecoverable: 1,
        requests: 1474,
        responses: 1606,
        templates: 3734,
    },
    Expected {
        set: "en-2021",
        version: "beta",
        pages: 7948,
        annotations: 15713,
        unrecoverable: 3,
        requests: 2501,
        responses: 2721,
        templates: 9337,
    },
    Expected {
        set: "ru-2023",
        version: "v1.0",
        pages: 3916,
        annotations: 9938,
        unrecoverable: 1,
        requests: 1913,
        responses: 2058,
        templates: 4145,
    },
    Expected {
        set: "ru-2023",
        version: "beta",
        pages: 9143,
        annotations: 17996,
        unrecoverable: 3,
        requests: 3052,
        responses: 3295,
        templates: 10393,
    },
];

fn within_half_percent(what: &str, got: usize, want: usize) {
    let delta = got.abs_diff(want) as f64 / want as f64;
    assert!(
        delta <= 0.005,
        "{what}: {got} is not within 0.5% of {want} ({:.2}%)",
        delta * 100.0
    );
}

#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn corpus_figures() {
    let Some(corpus) = corpus() else { return };
    for e in EXPECTED {
        let dir = corpus.join(e.set).join("api-reference").join(e.version);
        let pages = read_all(&dir);
        let mut stats = Stats::default();
        pages.iter().for_each(|p| stats.add(p));
        let what = format!("{} {}", e.set, e.version);
        eprintln!("{what}:\n{}", stats.to_text());

        assert_eq!(stats.pages, e.pages, "{what}: every page is read");
        assert_eq!(
            stats.diagnostic_codes.get(Code::Internal.as_str()),
            None,
            "{what}: no internal failure"
        );
        // Every annotation comment is read, but for the few that cannot be.
        assert!(
            stats.annotations_invalid <= e.unrecoverable,
            "{what}: {} unreadable annotations",
            stats.annotations_invalid
        );
        assert_eq!(
            stats.annotations + stats.annotations_invalid,
            e.annotations,
            "{what}: annotation comments"
        );
        within_half_percent(&format!("{what} requests"), stats.requests, e.requests);
        within_half_percent(&format!("{what} responses"), stats.responses, e.responses);
        within_half_percent(&format!("{what} templates"), stats.templates, e.templates);
        // Bodies meant to be JSON parse, strictly or repaired, and each failure is a diagnostic.
        for (kind, bodies) in [
            ("request", &stats.request_bodies),
            ("response", &stats.response_bodies),
        ] {
            assert!(
                bodies.json_ok_percent() >= 99.0,
                "{what}: {kind} JSON bodies read: {:.2}%",
                bodies.json_ok_percent()
            );
        }
        let failed = stats.request_bodies.json_failed + stats.response_bodies.json_failed;
        assert_eq!(
            stats
                .diagnostic_codes
                .get(Code::BodyInvalid.as_str())
                .copied()
                .unwrap_or(0),
            failed,
            "{what}"
        );
        for page in &pages {
            for d in &page.diagnostics {
                assert!(
                    d.line >= 1 && d.column >= 1 && !d.message.is_empty(),
                    "{d:?}"
                );
            }
        }
    }
}

/// Current-format pages with the permission includes they use: every permissions section gives
/// permissions, or a diagnostic says why not (the sample lacks 8 of the includes it references).
#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn corpus_recent_pages_and_permission_includes() {
    let Some(corpus) = corpus() else { return };
    let pages = read_all(&corpus.join("en-recent"));
    let (mut from_include, mut unknown) = (0, 0);
    for page in &pages {
        assert_eq!(
            page.diagnostics
                .iter()
                .filter(|d| d.code == Code::Internal)
                .count(),
            0
        );
        if page
            .sections_of(graphdoc::page::SectionKind::Permissions)
            .next()
            .is_none()
        {
            continue;
        }
        match &page.permissions {
            Some(p) => {
                assert!(
                    p.rows.iter().any(|r| !r.least.is_empty()),
                    "{}: {p:?}",
                    page.path.display()
                );
                from_include += usize::from(p.include.is_some());
            }
            None => {
                unknown += 1;
                assert!(
                    page.diagnostics
                        .iter()
                        .any(|d| d.code == Code::PermissionsUnreadable),
                    "{}: permissions neither read nor reported",
                    page.path.display()
                );
            }
        }
    }
    eprintln!(
        "en-recent: {} pages, {from_include} permissions from includes, {unknown} unknown",
        pages.len()
    );
    assert!(
        from_include >= 13,
        "only {from_include} permission includes read"
    );
}

/// Every doc set of the corpus goes through every stage (pages, model, operations, plan, emitted
/// code and example tests) without a panic or an internal error, not only the ones the other
/// corpus tests build crates from (en-2021 is generated by `corpus_codegen.rs`).
#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn every_doc_set_generates() {
    let Some(corpus) = corpus() else { return };
    let mut sets: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.is_dir() && !p.ends_with("en-2021"))
        .collect();
    sets.sort();
    let mut generated = 0;
    for set in sets {
        let root = set.join("api-reference");
        let mut versions: Vec<_> = match std::fs::read_dir(&root) {
            Ok(dir) => dir.filter_map(|e| Some(e.ok()?.path())).collect(),
            // en-recent: a sample of pages, not laid out by version.
            Err(_) => vec![set.clone()],
        };
        versions.sort();
        for dir in versions {
            let out = graphdoc::Config::new()
                .docs(&dir)
                .standalone_crate("graph")
                .example_tests(true)
                .render()
                .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            let internal: Vec<String> = out
                .diagnostics
                .iter()
                .filter(|d| d.code == Code::Internal)
                .map(|d| d.message.clone())
                .collect();
            assert!(internal.is_empty(), "{}: {internal:?}", dir.display());
            assert!(out.files.keys().any(|p| p.ends_with("lib.rs")));
            // Output is the same on every machine: no file names the folder it was read from.
            let root = corpus.canonicalize().unwrap();
            let root = root.to_string_lossy();
            for (path, text) in &out.files {
                assert!(
                    !text.contains(root.as_ref()) && !text.contains("shared/corpus/"),
                    "{}: {} names the machine's folder",
                    dir.display(),
                    path.display()
                );
            }
            eprintln!(
                "{}: {} files, {} diagnostics",
                dir.display(),
                out.files.len(),
                out.diagnostics.len()
            );
            generated += 1;
        }
    }
    assert!(generated >= 6, "only {generated} doc sets generated");
}
