//! Snapshots of the page model: every docs-input page and both seed pages. A change in what the
//! reader makes of a page shows up as a reviewable diff (`cargo insta review`).

use graphdoc::{Reader, ReaderOptions};
use std::path::{Path, PathBuf};

fn relative(path: &Path) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

#[test]
fn docs_input_pages() {
    insta::glob!("../docs-input", "**/*.md", |path| {
        let path = relative(path);
        if path.components().any(|c| c.as_os_str() == "includes") {
            return; // fragments: seen through the pages that include them
        }
        let page = Reader::new(ReaderOptions::default()).read_file(&path);
        let errors: Vec<_> = page.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        insta::assert_yaml_snapshot!(page);
    });
}

/// The seeds live in ../shared/seeds; each belongs at
/// api-reference/beta/api/externalmeetingregistration-post.md of its own doc set.
#[test]
fn seed_pages() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let Ok(entries) = std::fs::read_dir(&seeds) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/seeds is missing in CI"
        );
        eprintln!("notice: ../shared/seeds is missing; seed snapshots skipped");
        return;
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "expected the two seed pages");
    for file in files {
        let stem = file.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let virtual_path = PathBuf::from(format!(
            "seed-{stem}/api-reference/beta/api/externalmeetingregistration-post.md"
        ));
        let page = Reader::new(ReaderOptions::default()).read_str(&virtual_path, &text);
        assert_eq!(page.requests.len(), 1, "{stem}");
        assert_eq!(page.responses.len(), 1, "{stem}");
        assert_eq!(page.requests[0].response, Some(0), "{stem}");
        assert_eq!(page.templates.len(), 2, "{stem}");
        insta::assert_yaml_snapshot!(format!("seed_{stem}"), page);
    }
}
