//! The docs-input/ doc set of graphdoc. `build.rs` reads every page with the graphdoc library
//! at build time and fails the build when a page has an error diagnostic, so the default doc
//! set stays readable; the project's integration tests live beside this crate in `tests/`.
