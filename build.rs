//! Generates the typed API of docs-input/ into OUT_DIR with the graphdoc library, as a user's
//! build.rs would; src/lib.rs includes it. Error diagnostics fail the build.

fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("graph");
    let generated = graphdoc::Config::new()
        .docs("docs-input")
        .out_dir(out)
        .emit_rerun_if_changed(true)
        .generate();
    match generated {
        Ok(g) if !g.has_errors() => {}
        Ok(g) => {
            let mut sources = graphdoc::diag::SourceCache::new();
            for d in g.diagnostics.iter().filter(|d| d.is_error()) {
                eprintln!("{}", sources.render(d));
            }
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("graphdoc: {e}");
            std::process::exit(1);
        }
    }
}
