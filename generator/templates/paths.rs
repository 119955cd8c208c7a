// The path encoding of the runtime (items only, copied verbatim into every generated crate's
// `client` as `mod path_encoding`): graphdoc compiles the same file to compute the path a stub
// sends for a documented example, so the two cannot disagree.

use ::percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Bytes percent-encoded in a path segment: everything but ALPHA / DIGIT / `-._~:@`.
const SEGMENT_SET: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b':')
    .remove(b'@');

/// Bytes percent-encoded in a drive item path part: like a segment, and `:` too.
const DRIVE_PART_SET: &AsciiSet = &SEGMENT_SET.add(b':');

fn encode_with(value: &str, set: &'static AsciiSet) -> String {
    if value.is_empty() || value == "." || value == ".." {
        // Never a dot segment: the dots are encoded too (an empty value stays empty and is
        // rejected by `Client::request` when it would leave an empty path segment).
        return "%2E".repeat(value.len());
    }
    utf8_percent_encode(value, set).to_string()
}

/// Encodes a value for use as one path segment.
///
/// Every byte except ALPHA / DIGIT / `-` `.` `_` `~` `:` `@` is percent-encoded (so `/`, `?`,
/// `#`, `%`, `;`, quotes, parentheses, `,`, `=`, `&`, `+`, spaces and non-ASCII are), and a
/// value that is exactly `.` or `..` is encoded entirely (`%2E`, `%2E%2E`) so it is never a
/// dot segment. Nothing a caller passes can change the shape of the path.
///
/// An empty value gives an empty string. Because URL parsers (WHATWG, as used by `reqwest`)
/// still treat `%2E%2E` as `..`, `Client::request` rejects a path with an empty or (encoded)
/// dot segment instead of sending it.
pub fn segment(value: &str) -> String {
    encode_with(value, SEGMENT_SET)
}

/// Encodes a value for use inside an OData single-quoted literal in a path, such as
/// `/users('{value}')` or `(period='{value}')`: `'` is doubled, then the result is encoded
/// like `segment`. The caller writes the surrounding quotes.
pub fn quoted(value: &str) -> String {
    encode_with(&value.replace('\'', "''"), SEGMENT_SET)
}

/// Encodes a drive item path for path-based addressing (`root:{drive_path}:`).
///
/// The value is split on `/`; empty parts are dropped; every part is encoded like
/// `segment` and `:` is encoded too; the parts are joined with `/`. The result starts with
/// `/` unless it is empty: `drive_path("Docs/a b.txt")` is `/Docs/a%20b.txt`.
pub fn drive_path(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 1);
    for part in value.split('/').filter(|part| !part.is_empty()) {
        out.push('/');
        out.push_str(&encode_with(part, DRIVE_PART_SET));
    }
    out
}

/// Why the client refuses to send `path` (the path after the version), if it does: a `?` or
/// `#`, an empty segment, or a dot segment (also percent-encoded: URL parsers, WHATWG's as used
/// by reqwest, treat `%2e`, `.%2e`, `%2e.` and `%2e%2e` as dot segments too).
pub fn path_problem(path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    if path.contains(['?', '#']) {
        return Some(format!("path {path:?} contains '?' or '#'"));
    }
    let rest = path.strip_prefix('/').unwrap_or(path);
    let is_dot = |s: &str| {
        let s = s.to_ascii_lowercase().replace("%2e", ".");
        s == "." || s == ".."
    };
    if rest.split('/').any(|s| s.is_empty() || is_dot(s)) {
        return Some(format!("path {path:?} has an empty or dot segment"));
    }
    None
}
