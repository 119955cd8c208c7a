//! Annotation comments: `<!-- { "blockType": "request", "name": … } -->`. They are JSON (often
//! not strict JSON) that says what the next block is. Values arrive in many spellings; this module
//! turns them into one normalized shape and keeps the raw object too.

use serde::Serialize;
use serde_json::{Map, Value};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockType {
    Request,
    Response,
    Resource,
    Example,
    Ignored,
    Samples,
    Permissions,
    /// `{"type": "#page.annotation", …}`: says something about the page, not a block.
    Page,
    /// A blockType graphdoc does not know, as written.
    Other(String),
    /// No `blockType` at all.
    None,
}

impl BlockType {
    /// Whether the annotation describes the code block that follows it.
    pub fn wants_fence(&self) -> bool {
        matches!(
            self,
            BlockType::Request
                | BlockType::Response
                | BlockType::Resource
                | BlockType::Example
                | BlockType::Ignored
        )
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Annotation {
    pub line: usize,
    pub block_type: BlockType,
    /// `name`, all entries when it is a list.
    pub names: Vec<String>,
    /// `@odata.type` (or its alias `@type`): no leading `#`, `Collection(…)` unwrapped.
    pub odata_type: Option<String>,
    /// `isCollection`, or `@odata.type` written as `Collection(…)`.
    pub is_collection: bool,
    pub truncated: bool,
    pub base_type: Option<String>,
    pub key_property: Option<String>,
    pub sample_keys: Vec<String>,
    /// The whole object, as read.
    pub raw: Map<String, Value>,
    /// What had to be repaired to read it as JSON.
    pub repairs: Vec<String>,
}

/// Why an annotation object's values could not all be used; each is reported as a diagnostic.
pub(crate) type Quirk = String;

impl Annotation {
    /// Normalizes an annotation object. Unusable values are skipped and described in the
    /// returned quirks.
    pub(crate) fn from_object(
        line: usize,
        raw: Map<String, Value>,
        repairs: Vec<String>,
    ) -> (Annotation, Vec<Quirk>) {
        let mut quirks = Vec::new();
        let known = Known::of(&raw);
        let block_type = match known.block_type {
            Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
                "request" => BlockType::Request,
                "response" => BlockType::Response,
                "resource" => BlockType::Resource,
                "example" => BlockType::Example,
                "ignored" => BlockType::Ignored,
                "samples" => BlockType::Samples,
                "permissions" => BlockType::Permissions,
                _ => BlockType::Other(s.clone()),
            },
            Some(other) => {
                quirks.push(format!(
                    "`blockType` is {other}, not a string; it was ignored"
                ));
                BlockType::None
            }
            None if is_page_annotation(known.type_) => BlockType::Page,
            None => BlockType::None,
        };
        let names = match known.name {
            Some(Value::String(s)) => vec![s.trim().to_string()],
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|v| v.as_str().map(|s| s.trim().to_string()))
                .collect(),
            Some(Value::Null) | None => Vec::new(),
            Some(other) => {
                quirks.push(format!("`name` is {other}, not a string; it was ignored"));
                Vec::new()
            }
        };
        let type_value = known.odata_type.or(known.at_type);
        let (odata_type, type_is_collection) = match type_value.and_then(Value::as_str) {
            Some(t) => normalize_type(t),
            None => (None, false),
        };
        let is_collection =
            type_is_collection || flag(known.is_collection, "isCollection", &mut quirks);
        let truncated = flag(known.truncated, "truncated", &mut quirks);
        let base_type = known
            .base_type
            .and_then(Value::as_str)
            .and_then(|t| normalize_type(t).0);
        let key_property = known
            .key_property
            .and_then(Value::as_str)
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let sample_keys = match known.sample_keys {
            Some(Value::Array(items)) => items.iter().map(value_text).collect(),
            Some(Value::String(s)) => vec![s.clone()],
            _ => Vec::new(),
        };
        let annotation = Annotation {
            line,
            block_type,
            names,
            odata_type,
            is_collection,
            truncated,
            base_type,
            key_property,
            sample_keys,
            raw,
            repairs,
        };
        (annotation, quirks)
    }

    pub fn name(&self) -> Option<&str> {
        self.names.first().map(String::as_str)
    }
}

/// The entries of an annotation object graphdoc reads, found in one pass over its keys (a map
/// lookup per key hashes the key each time).
#[derive(Default)]
struct Known<'a> {
    block_type: Option<&'a Value>,
    name: Option<&'a Value>,
    odata_type: Option<&'a Value>,
    at_type: Option<&'a Value>,
    type_: Option<&'a Value>,
    is_collection: Option<&'a Value>,
    truncated: Option<&'a Value>,
    base_type: Option<&'a Value>,
    key_property: Option<&'a Value>,
    sample_keys: Option<&'a Value>,
}

impl<'a> Known<'a> {
    fn of(raw: &'a Map<String, Value>) -> Self {
        let mut known = Known::default();
        for (key, value) in raw {
            let slot = match key.as_str() {
                "blockType" => &mut known.block_type,
                "name" => &mut known.name,
                "@odata.type" => &mut known.odata_type,
                "@type" => &mut known.at_type,
                "type" => &mut known.type_,
                "isCollection" => &mut known.is_collection,
                "truncated" => &mut known.truncated,
                "baseType" => &mut known.base_type,
                "keyProperty" => &mut known.key_property,
                "sampleKeys" => &mut known.sample_keys,
                _ => continue,
            };
            *slot = Some(value);
        }
        known
    }
}

fn is_page_annotation(type_: Option<&Value>) -> bool {
    type_.and_then(Value::as_str).is_some_and(|t| {
        t.trim_start_matches('#')
            .eq_ignore_ascii_case("page.annotation")
    })
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A boolean flag that may be written `true`, `"true"`, `"True"`, `1`.
fn flag(value: Option<&Value>, key: &str, quirks: &mut Vec<Quirk>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "yes" | "1" => true,
            "false" | "no" | "0" | "" => false,
            _ => {
                quirks.push(format!("`{key}` is \"{s}\", not a boolean; taken as false"));
                false
            }
        },
        Some(Value::Number(n)) => n.as_u64() == Some(1),
        Some(other) => {
            quirks.push(format!("`{key}` is {other}, not a boolean; taken as false"));
            false
        }
    }
}

/// `#microsoft.graph.user` → `microsoft.graph.user`; `Collection(microsoft.graph.user)` →
/// (`microsoft.graph.user`, collection). Empty and `null` give `None`.
pub fn normalize_type(t: &str) -> (Option<String>, bool) {
    let mut t = t.trim().trim_start_matches('#').trim();
    let mut collection = false;
    if let Some(inner) =
        strip_prefix_ignore_case(t, "collection(").and_then(|r| r.strip_suffix(')'))
    {
        t = inner.trim().trim_start_matches('#').trim();
        collection = true;
    }
    if t.is_empty() || t.eq_ignore_ascii_case("null") {
        (None, collection)
    } else {
        (Some(t.to_string()), collection)
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read(v: Value) -> (Annotation, Vec<Quirk>) {
        let Value::Object(map) = v else { panic!() };
        Annotation::from_object(1, map, Vec::new())
    }

    #[test]
    fn normalizes_value_quirks() {
        let (a, q) = read(json!({
            "blockType": "Response", "name": ["get_user", "get_user_2"],
            "@type": "Collection(#microsoft.graph.user)", "truncated": "true"
        }));
        assert!(q.is_empty());
        assert_eq!(a.block_type, BlockType::Response);
        assert_eq!(a.names, ["get_user", "get_user_2"]);
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.user"));
        assert!(a.is_collection && a.truncated);
    }

    #[test]
    fn base_type_null_and_page_annotations() {
        let (a, _) = read(
            json!({"blockType": "resource", "baseType": null, "@odata.type": "#microsoft.graph.x"}),
        );
        assert_eq!(a.base_type, None);
        assert_eq!(a.odata_type.as_deref(), Some("microsoft.graph.x"));
        let (p, _) = read(json!({"type": "#page.annotation", "description": "x"}));
        assert_eq!(p.block_type, BlockType::Page);
    }

    #[test]
    fn reports_unusable_values() {
        let (a, q) =
            read(json!({"blockType": "response", "truncated": "maybe", "isCollection": "True"}));
        assert!(!a.truncated && a.is_collection);
        assert_eq!(q.len(), 1, "{q:?}");
    }
}
