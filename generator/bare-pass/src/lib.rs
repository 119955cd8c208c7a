//! The baseline of graphdoc's `generate` benchmark (issue 12): every page read from disk and
//! walked through pulldown-cmark's events with offsets (what the page reader asks
//! pulldown-cmark for), in parallel.
//!
//! It is a package of its own so that it is compiled as any crate using pulldown-cmark is, with
//! the workspace's plain release profile: the `graphdoc` package is built with one codegen unit
//! (see the workspace's Cargo.toml), and a bench target of that package would be too, which
//! would change the baseline the benchmark divides by.

use pulldown_cmark::{Options, Parser};
use rayon::prelude::*;
use std::path::PathBuf;

/// The number of events of all `files` (a missing or unreadable file counts as empty).
pub fn pass(files: &[PathBuf]) -> usize {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    files
        .par_iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).unwrap_or_default();
            Parser::new_ext(&text, options).into_offset_iter().count()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_the_events_of_every_page() {
        let dir = std::env::temp_dir().join(format!("graphdoc-bare-pass-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let page = dir.join("a.md");
        // Start/End of a heading and its text: 3 events; a paragraph: 3 more.
        std::fs::write(&page, "# Title\n\nText.\n").unwrap();
        let missing = dir.join("missing.md");
        assert_eq!(super::pass(&[page.clone(), missing]), 6);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
