// How the example tests compare a built URL with a documented one (items only, copied verbatim
// into every generated example test file's `support` module): graphdoc compiles the same file
// to tell, before writing a test, whether the stub reproduces the documented path.

/// The API version (empty when the URL has none), the path after it (decoded, without a
/// trailing `/`) and the sorted, decoded query pairs (keys lowercased).
pub fn split(url: &str) -> (String, String, Vec<(String, String)>) {
    let url = url.trim();
    let rest = match url.find("://") {
        Some(i) => {
            let after = &url[i + 3..];
            &after[after.find(['/', '?']).unwrap_or(after.len())..]
        }
        None => url,
    };
    let (path, query) = match query_start(rest) {
        Some(q) => (&rest[..q], &rest[q + 1..]),
        None => (rest, ""),
    };
    // The documented path starts with the API version (`/v1.0/me`), or is relative to it (`/me`).
    let mut path = path.trim_start_matches('/');
    let mut version = "";
    if let Some((first, after)) = path.split_once('/').or(Some((path, "")))
        && is_version(first)
    {
        version = first;
        path = after;
    }
    let path = format!("/{}", tidy(&decode(path)).trim_end_matches('/'));
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (decode(k).trim().to_ascii_lowercase(), decode(v))
        })
        .collect();
    pairs.sort();
    (version.to_string(), path, pairs)
}

/// The path without white space around `(`, `,`, `=` and `)` outside quotes: insignificant in
/// OData function calls (`f(a=1, b=2)` is `f(a=1,b=2)`).
fn tidy(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut quoted = false;
    for c in path.chars() {
        if c == '\'' {
            quoted = !quoted;
        }
        if !quoted && c == ' ' && out.ends_with(['(', ',', '=']) {
            continue;
        }
        if !quoted && matches!(c, ')' | ',' | '=') {
            while out.ends_with(' ') {
                out.pop();
            }
        }
        out.push(c);
    }
    out
}

/// `v1.0`, `beta`, `v1`: a version segment.
fn is_version(segment: &str) -> bool {
    segment.eq_ignore_ascii_case("beta")
        || (segment.len() >= 2
            && segment.starts_with(['v', 'V'])
            && segment[1..]
                .bytes()
                .all(|b| b.is_ascii_digit() || b == b'.'))
}

/// The first `?` outside parentheses and quotes (function parameters may hold one).
fn query_start(s: &str) -> Option<usize> {
    let mut depth = 0i32;
    let mut quoted = false;
    for (i, c) in s.char_indices() {
        match c {
            '\'' if depth > 0 => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            '?' if depth <= 0 && !quoted => return Some(i),
            _ => {}
        }
    }
    None
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8()
        .map(|c| c.into_owned())
        .unwrap_or_else(|_| s.to_string())
}
