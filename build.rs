//! Reads docs-input/ with the graphdoc library on every build of the root package, so a page
//! that no longer reads cleanly breaks the build with its diagnostics, like a compile error.
//! (Code generation into OUT_DIR joins this in the next stage of graphdoc.)

use graphdoc::{Reader, ReaderOptions, Severity};
use std::path::Path;

fn main() {
    let docs = Path::new("docs-input");
    println!("cargo:rerun-if-changed={}", docs.display());
    let (files, problems) = graphdoc::docset::collect_pages(&[docs.to_path_buf()]);
    let pages = Reader::read_files(&ReaderOptions::default(), &files);
    let mut errors = problems.len();
    for page in &pages {
        println!("cargo:rerun-if-changed={}", page.path.display());
        for include in page.includes.iter().filter_map(|i| i.resolved.as_ref()) {
            println!("cargo:rerun-if-changed={}", include.display());
        }
        for d in &page.diagnostics {
            match d.severity {
                Severity::Error => {
                    errors += 1;
                    eprintln!(
                        "{}",
                        d.render(std::fs::read_to_string(&d.file).ok().as_deref())
                    );
                }
                Severity::Warning => println!("cargo:warning={d}"),
                Severity::Note => {}
            }
        }
    }
    if errors > 0 {
        eprintln!("docs-input/ has {errors} error(s); see the diagnostics above");
        std::process::exit(1);
    }
}
