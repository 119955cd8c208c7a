//! Code of the runtime that graphdoc writes into every generated crate and also compiles into
//! itself, so that what it checks is what the generated code does: the path encoding of
//! `client` (which path a stub sends for a documented example) and how the example tests
//! compare a built URL with a documented one. One copy of each rule, in `templates/`.

#[allow(dead_code)]
#[path = "../../templates/paths.rs"]
pub(crate) mod path_encoding;

#[allow(dead_code)]
#[path = "../../templates/url_compare.rs"]
pub(crate) mod url_compare;

/// The runtime's path encoding, as written into a crate: `client.rs` holds it as a module.
pub(crate) const PATHS_RS: &str = include_str!("../../templates/paths.rs");

/// The URL comparison, as written into the example tests' `support` module.
pub(crate) const URL_COMPARE_RS: &str = include_str!("../../templates/url_compare.rs");

/// `text` indented by four spaces, blank lines kept empty: a file's items inside a `mod`.
pub(crate) fn indented(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.lines() {
        if !line.is_empty() {
            out.push_str("    ");
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
