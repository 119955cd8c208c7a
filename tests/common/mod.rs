//! Helpers shared by the integration tests that read ../shared/corpus.

use std::path::{Path, PathBuf};

/// ../shared/corpus, or `None` (with a notice) where it is missing. In CI (`CI` set) a missing
/// corpus fails the test instead: the corpus tests must run there.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "../shared/corpus is missing: the corpus tests cannot run in CI without it"
    );
    eprintln!("notice: ../shared/corpus is missing; corpus test skipped");
    None
}
