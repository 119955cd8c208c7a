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
    let mut out = String::with_capacity(heading.len());
    let mut dash = false;
    let mut push = |c: char| {
        if c.is_alphanumeric() || c == '_' || c == '-' {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.push(c);
        } else {
            dash = true;
        }
    };
    for c in heading.trim().chars() {
        // An ASCII character lowercases to one ASCII character: no case tables needed.
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(&mut push);
        }
    }
    out
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
