//! `generated/` is what `graphdoc generate` writes from docs-input/: this fails when it is stale
//! (run `cargo run -p graphdoc -- generate` and commit the result). Output is deterministic.

#[test]
fn generated_is_up_to_date() {
    let config = graphdoc::Config::new()
        .docs("docs-input")
        .out_dir("generated");
    let (_, stale) = config.check().expect("docs-input renders");
    assert!(
        stale.is_empty(),
        "generated/ is stale ({stale:?}): run `cargo run -p graphdoc -- generate` and commit the result"
    );
}

#[test]
fn output_is_deterministic() {
    let render = || {
        graphdoc::Config::new()
            .docs("docs-input")
            .render()
            .expect("renders")
            .files
    };
    let first = render();
    assert!(!first.is_empty());
    assert_eq!(first, render());
    // Naming the same pages in another order changes nothing.
    let (mut files, _) = graphdoc::docset::collect_pages(&["docs-input".into()]);
    files.reverse();
    let mut config = graphdoc::Config::new();
    for f in files {
        config = config.docs(f);
    }
    assert_eq!(first, config.render().expect("renders").files);
}
