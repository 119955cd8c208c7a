//! Section keys and kinds. A section is keyed by its explicit anchor (`<a name="http-request">`,
//! which translated pages keep in English), else by the slug of its heading. Kinds are derived
//! from keys only, so a translated heading without an anchor is `Other`, never guessed.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    Preamble,
    Title,
    Permissions,
    HttpRequest,
    PathParameters,
    FunctionParameters,
    OptionalQueryParameters,
    RequestHeaders,
    RequestBody,
    Response,
    Examples,
    ExampleRequest,
    ExampleResponse,
    Methods,
    Properties,
    Relationships,
    JsonRepresentation,
    /// `### x values`: the members of an enum.
    EnumValues,
    Other,
}

/// DocFX's heading slug: lowercase, runs of anything but letters, digits, `-` and `_` become `-`.
pub fn slug(heading: &str) -> String {
    let heading = heading.trim();
    if heading.is_ascii() {
        ascii_slug(heading)
    } else {
        general_slug(heading)
    }
}

/// [`slug`] of any text, character by character.
fn general_slug(heading: &str) -> String {
    let mut slug = Slug::with_capacity(heading.len());
    let mut push = |c: char| {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            slug.keep(c);
        } else {
            slug.separate();
        }
    };
    for c in heading.chars() {
        // An ASCII character lowercases to one ASCII character: no case tables needed.
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
    slug.out
}

/// A slug being written: a run of separators becomes one `-` between kept characters, none
/// before the first.
struct Slug {
    out: String,
    dash: bool,
}

impl Slug {
    fn with_capacity(capacity: usize) -> Slug {
        Slug {
            out: String::with_capacity(capacity),
            dash: false,
        }
    }

    // Inlined into both loops: called once per character of every heading.
    #[inline(always)]
    fn keep(&mut self, c: char) {
        if self.dash && !self.out.is_empty() {
            self.out.push('-');
        }
        self.dash = false;
        self.out.push(c);
    }

    #[inline(always)]
    fn separate(&mut self) {
        self.dash = true;
    }
}

/// What each byte becomes in an ASCII heading's slug: itself lowercased when it is a letter,
/// a digit, `_` or `-`, else 0 (a separator). Made once at compile time from `u8`'s own tests.
const ASCII_SLUG: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut i = 0;
    while i < 128 {
        let b = i as u8;
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            table[i] = b.to_ascii_lowercase();
        }
        i += 1;
    }
    table
};

/// [`slug`] of an ASCII heading, read byte by byte with [`ASCII_SLUG`]: nearly every heading is
/// ASCII, and each ASCII character is one byte that lowercases without case tables.
fn ascii_slug(heading: &str) -> String {
    let mut slug = Slug::with_capacity(heading.len());
    for &b in heading.as_bytes() {
        match ASCII_SLUG[usize::from(b)] {
            0 => slug.separate(),
            kept => slug.keep(char::from(kept)),
        }
    }
    slug.out
}

/// The kind of a section from its key and level.
pub fn kind_of(key: &str, level: u8) -> SectionKind {
    if level == 1 {
        return SectionKind::Title;
    }
    // Repeated headings get `-1`, `-2`… suffixes in anchors.
    let base = key.trim_end_matches(|c: char| c.is_ascii_digit());
    let base = if base.len() < key.len() {
        base.trim_end_matches('-')
    } else {
        key
    };
    match base {
        "permissions" => SectionKind::Permissions,
        "http-request" | "http-requests" => SectionKind::HttpRequest,
        "path-parameters" => SectionKind::PathParameters,
        "function-parameters" | "parameters" | "query-parameters" => {
            SectionKind::FunctionParameters
        }
        "optional-query-parameters" | "optional-query-parameter" => {
            SectionKind::OptionalQueryParameters
        }
        "request-headers" | "request-header" | "optional-request-headers" => {
            SectionKind::RequestHeaders
        }
        "request-body" => SectionKind::RequestBody,
        "response" | "responses" if level == 2 => SectionKind::Response,
        "response" | "responses" => SectionKind::ExampleResponse,
        "request" | "requests" => SectionKind::ExampleRequest,
        "example" | "examples" => SectionKind::Examples,
        "methods" => SectionKind::Methods,
        "properties" => SectionKind::Properties,
        "relationships" => SectionKind::Relationships,
        "json-representation" => SectionKind::JsonRepresentation,
        // `## HTTP request (to replace an existing item)`: a page with several request sections.
        _ if base.starts_with("http-request-") => SectionKind::HttpRequest,
        _ if base.starts_with("example-") => SectionKind::Examples,
        // `## operationError Properties`
        _ if level == 2 && base.ends_with("-properties") => SectionKind::Properties,
        _ if level == 2 && base.ends_with("-relationships") => SectionKind::Relationships,
        _ if base.ends_with("-values") => SectionKind::EnumValues,
        _ => SectionKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_like_docfx() {
        assert_eq!(slug("HTTP request"), "http-request");
        assert_eq!(
            slug("  Optional query parameters "),
            "optional-query-parameters"
        );
        assert_eq!(slug("Example 1: Get a user"), "example-1-get-a-user");
        assert_eq!(slug("meetingAudience values"), "meetingaudience-values");
        assert_eq!(slug("HTTP-запрос"), "http-запрос");
        assert_eq!(slug("Ä_b  C--d"), "ä_b-c--d");
        assert_eq!(slug("--a b--"), "--a-b--");
        assert_eq!(slug("(a) & [b]!"), "a-b");
        assert_eq!(slug(" \u{a0}x\u{a0}"), "x");
    }

    #[test]
    fn ascii_slugs_as_the_general_rule_makes_them() {
        // Every ASCII byte, alone and between letters, slugs as `char`'s own rules say.
        for b in 0u8..128 {
            let c = char::from(b);
            for heading in [format!("{c}"), format!("A{c}b"), format!("x{c}{c}Y z")] {
                let heading = heading.trim();
                assert_eq!(ascii_slug(heading), general_slug(heading), "{heading:?}");
            }
        }
    }

    #[test]
    fn kinds_from_keys() {
        assert_eq!(kind_of("http-request", 2), SectionKind::HttpRequest);
        assert_eq!(
            kind_of("http-request-to-replace-an-existing-item", 2),
            SectionKind::HttpRequest
        );
        assert_eq!(kind_of("response", 2), SectionKind::Response);
        assert_eq!(kind_of("response", 3), SectionKind::ExampleResponse);
        assert_eq!(kind_of("response-1", 3), SectionKind::ExampleResponse);
        assert_eq!(kind_of("request-2", 3), SectionKind::ExampleRequest);
        assert_eq!(kind_of("example-1-get-a-user", 3), SectionKind::Examples);
        assert_eq!(
            kind_of("meetingaudience-values", 3),
            SectionKind::EnumValues
        );
        assert_eq!(kind_of("http-запрос", 2), SectionKind::Other);
        assert_eq!(kind_of("anything", 1), SectionKind::Title);
    }
}
