//! Bodies and responses against the finished types; action parameter types; which examples can
//! be replayed. [`fits`] says whether a JSON value deserializes into the type graphdoc emits for
//! a type reference: the same rules as the emitted serde code, checked before a test is written,
//! so a documented example that contradicts its own page is reported instead of failing a test.

use super::{Draft, Example, Operation, RequestBody, ResponseBody, ResponseSpec, diag};
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{ANY_JSON, Edm, Property, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::page::http::BodyKind;
use serde_json::Value;

const NAMESPACE: &str = "microsoft.graph";

pub(super) fn resolve(
    drafts: Vec<Draft>,
    space: &mut TypeSpace,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Operation> {
    let mut out = Vec::with_capacity(drafts.len());
    for mut draft in drafts {
        draft.op.name = name_with_types(&draft, space);
        draft.op.request_body = request_body(&draft, space);
        draft.op.responses = responses(&draft, space);
        check_examples(&mut draft, space);
        for e in &draft.op.examples {
            if let Some(why) = &e.unreplayable {
                diagnostics.push(diag(
                    Severity::Warning,
                    Code::ExampleNotReplayable,
                    &draft.file,
                    e.line,
                    format!("the request example is not replayed: {why}"),
                ));
            }
            if let Some(why) = e.response.as_ref().and_then(|r| r.unparsable.as_ref()) {
                let line = e.response.as_ref().map_or(e.line, |r| r.line);
                diagnostics.push(diag(
                    Severity::Warning,
                    Code::ExampleNotReplayable,
                    &draft.file,
                    line,
                    format!("the response example is not checked: {why}"),
                ));
            }
        }
        out.push(draft.op);
    }
    out
}

/// The stub's name, with the casing of the version's types too (`externalmeetingregistration`
/// → `ExternalMeetingRegistration`).
fn name_with_types(draft: &Draft, space: &TypeSpace) -> String {
    let mut words = draft.words.clone();
    for part in super::ascii_words(&draft.stem).split(' ') {
        let singular = part.strip_suffix('s').unwrap_or(part);
        for candidate in [part, singular] {
            if let Some(id) = space.lookup(&qualify(candidate)) {
                words.push(
                    space
                        .get(id)
                        .name
                        .rsplit('.')
                        .next()
                        .unwrap_or_default()
                        .to_string(),
                );
            }
        }
    }
    words.retain(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric()));
    let mut name = super::cased_name(&draft.stem, &words);
    if draft.several {
        name.push_str(&heck::ToUpperCamelCase::to_upper_camel_case(
            draft.op.method.to_ascii_lowercase().as_str(),
        ));
    }
    name
}

/// A type graphdoc emits a struct for.
fn struct_type(space: &TypeSpace, name: &str) -> Option<TypeId> {
    space
        .lookup(&qualify(name))
        .filter(|id| space.get(*id).kind != TypeKind::Enum)
}

fn qualify(name: &str) -> String {
    let name = name.trim().trim_start_matches('#');
    if name.contains('.') {
        name.to_string()
    } else {
        format!("{NAMESPACE}.{name}")
    }
}

fn example_bodies(draft: &Draft) -> impl Iterator<Item = &Value> {
    draft.op.examples.iter().filter_map(|e| e.body.as_ref())
}

fn request_body(draft: &Draft, space: &mut TypeSpace) -> RequestBody {
    let method = draft.op.method.as_str();
    let examples = &draft.op.examples;
    let json = examples.iter().any(|e| e.body.is_some());
    // A GET or DELETE takes a body only when its examples send one (the Excel range functions
    // do).
    if matches!(method, "GET" | "DELETE" | "HEAD") && !json {
        return RequestBody::None;
    }
    if !json
        && let Some(e) = examples
            .iter()
            .find(|e| matches!(e.body_kind, BodyKind::Binary | BodyKind::Text))
    {
        // A media type as the docs write it, when it is one (it becomes a header value).
        let content_type = e
            .content_type
            .clone()
            .filter(|t| {
                t.contains('/')
                    && t.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b" /;=-.+_\"".contains(&b))
            })
            .unwrap_or_else(|| "application/octet-stream".into());
        return RequestBody::Binary { content_type };
    }
    let resource = draft
        .request_type
        .as_deref()
        .filter(|t| struct_type(space, t).is_some())
        .map(qualify)
        .or_else(|| {
            draft
                .request_links
                .iter()
                .find_map(|l| struct_type(space, l))
                .map(|id| space.get(id).name.clone())
        });
    let all_arrays = json && example_bodies(draft).all(Value::is_array);
    if !draft.body_rows.is_empty() {
        if let Some(r) = &resource
            && let Some(id) = struct_type(space, r)
        {
            let props = all_properties(space, id);
            let covered = draft
                .body_rows
                .iter()
                .all(|(n, _, _)| props.iter().any(|p| p.name.eq_ignore_ascii_case(n)));
            if covered {
                return RequestBody::Type {
                    name: space.get(id).name.clone(),
                    collection: all_arrays,
                };
            }
        }
        if !all_arrays {
            return parameters(draft, space);
        }
    }
    if let Some(r) = resource {
        return RequestBody::Type {
            name: r,
            collection: all_arrays,
        };
    }
    // Bodies that all say their (known) type.
    let mut said = example_bodies(draft).map(|b| {
        b.get("@odata.type")
            .and_then(Value::as_str)
            .and_then(|t| struct_type(space, t))
    });
    if let Some(Some(first)) = said.next()
        && said.all(|s| s == Some(first))
    {
        return RequestBody::Type {
            name: space.get(first).name.clone(),
            collection: false,
        };
    }
    if json {
        return RequestBody::Json;
    }
    match method {
        "PATCH" | "PUT" => RequestBody::Json,
        _ => RequestBody::None,
    }
}

/// A parameters type for an action: the rows of the "Request body" table, then the keys of the
/// examples the table does not list. A row whose type the examples contradict is any JSON.
fn parameters(draft: &Draft, space: &mut TypeSpace) -> RequestBody {
    let mut props: Vec<Property> = Vec::new();
    for (name, cell, description) in &draft.body_rows {
        let (ty, collection) = crate::model::parse_type_cell(cell, NAMESPACE)
            .map(|(t, c)| {
                let t = match &t {
                    TypeRef::Named(n) if n.eq_ignore_ascii_case(ANY_JSON) => TypeRef::Json,
                    _ => t,
                };
                (t, c)
            })
            .unwrap_or((TypeRef::Json, None));
        let collection = collection.unwrap_or_else(|| {
            example_bodies(draft).any(|b| b.get(name.as_str()).is_some_and(Value::is_array))
        });
        props.push(Property {
            name: name.clone(),
            ty,
            collection,
            navigation: false,
            nullable: true,
            description: (!description.is_empty()).then(|| description.clone()),
        });
    }
    for body in example_bodies(draft) {
        let Some(map) = body.as_object() else {
            continue;
        };
        for key in map.keys() {
            if key.starts_with('@') || props.iter().any(|p| p.name == *key) {
                continue;
            }
            props.push(Property {
                name: key.clone(),
                ty: TypeRef::Json,
                collection: false,
                navigation: false,
                nullable: true,
                description: Some(
                    "Given in the docs' example; the request body table does not list it.".into(),
                ),
            });
        }
    }
    // Rows the examples contradict become any JSON.
    for p in &mut props {
        let contradicted = example_bodies(draft).any(|b| {
            b.get(p.name.as_str())
                .is_some_and(|v| fits(space, &p.ty, p.collection, v).is_err())
        });
        if contradicted {
            p.ty = TypeRef::Json;
            p.collection = false;
        }
    }
    let qualified = format!("graphdoc.parameters.{}Parameters", draft.op.name);
    let id = space.intern(&qualified, TypeKind::Complex);
    let def = space.get_mut(id);
    def.properties = props;
    def.parameters_of = Some(draft.op.id.clone());
    def.description = Some(
        "The parameters of an action, from the request body table of its page and its examples."
            .to_string(),
    );
    def.sources = vec![draft.op.page.clone()];
    RequestBody::Parameters {
        name: def.name.clone(),
    }
}

/// Own and inherited properties, the type's own first.
pub(crate) fn all_properties(space: &TypeSpace, id: TypeId) -> Vec<&Property> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    let mut current = Some(id);
    while let Some(id) = current {
        if seen.contains(&id) || seen.len() > 64 {
            break;
        }
        seen.push(id);
        let def = space.get(id);
        out.extend(def.properties.iter());
        current = def.base.as_deref().and_then(|b| space.lookup(b));
    }
    out
}

fn responses(draft: &Draft, space: &TypeSpace) -> Vec<ResponseSpec> {
    let binary_path = draft.op.method == "GET"
        && !draft.op.paths.is_empty()
        && draft.op.paths.iter().all(|p| {
            p.words.last().is_some_and(|w| {
                w.eq_ignore_ascii_case("$value") || w.eq_ignore_ascii_case("content")
            })
        });
    let mut out: Vec<ResponseSpec> = Vec::new();
    for (&status, (ty, collection, kind)) in &draft.responses {
        let body = match status {
            204 | 205 => ResponseBody::None,
            202 if *kind != BodyKind::Json => ResponseBody::Accepted,
            _ if binary_path || matches!(kind, BodyKind::Binary | BodyKind::Text) => {
                ResponseBody::Binary
            }
            _ => match ty.as_deref().map(|t| space.lookup(&qualify(t))) {
                Some(Some(id)) => ResponseBody::Type {
                    name: space.get(id).name.clone(),
                    collection: *collection,
                },
                Some(None) => ResponseBody::Json {
                    collection: *collection,
                },
                None if *kind == BodyKind::Json => ResponseBody::Json {
                    collection: draft.op.examples.iter().any(|e| {
                        e.response.as_ref().is_some_and(|r| {
                            r.status == Some(status)
                                && r.body
                                    .as_ref()
                                    .is_some_and(|b| b.get("value").is_some_and(Value::is_array))
                        })
                    }),
                },
                None => linked_response(draft, space).unwrap_or(ResponseBody::None),
            },
        };
        out.push(ResponseSpec { status, body });
    }
    if out.is_empty() {
        let (status, body) = match draft.op.method.as_str() {
            "DELETE" => (204, ResponseBody::None),
            "GET" if binary_path => (200, ResponseBody::Binary),
            "POST" => (
                200,
                linked_response(draft, space).unwrap_or(ResponseBody::Json { collection: false }),
            ),
            "PATCH" | "PUT" => (
                200,
                linked_response(draft, space).unwrap_or(ResponseBody::None),
            ),
            _ => (
                200,
                linked_response(draft, space).unwrap_or(ResponseBody::Json { collection: false }),
            ),
        };
        out.push(ResponseSpec { status, body });
    }
    out
}

/// The type the "Response" section links to, when the page has no typed example. It is a
/// collection when the URL ends in a plural of it (`/users` for `user`).
fn linked_response(draft: &Draft, space: &TypeSpace) -> Option<ResponseBody> {
    let link = draft
        .response_links
        .iter()
        .find(|l| space.lookup(&qualify(l)).is_some())?;
    let name = space.get(space.lookup(&qualify(link))?).name.clone();
    let collection = draft.op.method == "GET"
        && draft.op.paths.iter().all(|p| {
            matches!(p.pieces.last(), Some(super::path::Piece::Lit(_)))
                && p.words.last().is_some_and(|w| {
                    let w = w.to_ascii_lowercase();
                    let l = link.to_ascii_lowercase();
                    w != l && (w == format!("{l}s") || w.ends_with('s') && w.contains(&l))
                })
        });
    Some(ResponseBody::Type { name, collection })
}

fn check_examples(draft: &mut Draft, space: &TypeSpace) {
    let body = draft.op.request_body.clone();
    let responses = draft.op.responses.clone();
    for e in &mut draft.op.examples {
        if e.unreplayable.is_none() {
            e.unreplayable = request_problem(e, &body, space);
        }
        let Some(r) = e.response.as_mut() else {
            continue;
        };
        let Some(value) = r.body.as_ref() else {
            if r.body_kind == BodyKind::Json {
                r.unparsable = Some("its JSON body could not be read".into());
            }
            continue;
        };
        let spec = responses
            .iter()
            .find(|s| Some(s.status) == r.status)
            .or_else(|| r.status.is_none().then(|| responses.first()).flatten());
        r.unparsable = match spec.map(|s| &s.body) {
            None => Some(format!(
                "the status {} is not a success the page documents",
                r.status.map_or("(none)".to_string(), |s| s.to_string())
            )),
            Some(ResponseBody::Type { name, collection }) => {
                check_response(space, &TypeRef::Named(name.clone()), *collection, value)
            }
            Some(ResponseBody::Json { collection }) => {
                check_response(space, &TypeRef::Json, *collection, value)
            }
            Some(ResponseBody::None | ResponseBody::Accepted | ResponseBody::Binary) => None,
        };
    }
}

fn check_response(
    space: &TypeSpace,
    ty: &TypeRef,
    collection: bool,
    value: &Value,
) -> Option<String> {
    if collection {
        let Some(map) = value.as_object() else {
            return Some("a collection response must be a JSON object with `value`".into());
        };
        return match map.get("value") {
            None | Some(Value::Null) => None,
            Some(items) => fits(space, ty, true, items)
                .err()
                .map(|e| format!("value{e}")),
        };
    }
    if value.is_null() {
        return Some("the body is `null`".into());
    }
    fits(space, ty, false, value)
        .err()
        .map(|e| format!("the body{e}"))
}

fn request_problem(e: &Example, body: &RequestBody, space: &TypeSpace) -> Option<String> {
    match body {
        RequestBody::None if e.body.is_some() => {
            Some("the example sends a JSON body, but the operation takes none".to_string())
        }
        RequestBody::None => e.body_text.is_some().then(|| {
            "the example has a body that is not JSON, and the operation takes none".to_string()
        }),
        RequestBody::Binary { .. } => None,
        RequestBody::Json => e
            .body
            .is_none()
            .then(|| "the example has no JSON body".to_string()),
        RequestBody::Type { name, collection } => {
            let Some(value) = &e.body else {
                return Some("the example has no JSON body".into());
            };
            if value.is_null() {
                return Some("the example body is `null`".into());
            }
            fits(space, &TypeRef::Named(name.clone()), *collection, value)
                .err()
                .map(|why| format!("its body does not fit `{name}`: the body{why}"))
        }
        RequestBody::Parameters { name } => {
            let Some(value) = &e.body else {
                return Some("the example has no JSON body".into());
            };
            fits(space, &TypeRef::Named(name.clone()), false, value)
                .err()
                .map(|why| format!("its body does not fit the parameters: the body{why}"))
        }
    }
}

/// Whether `value` deserializes into the emitted type for `ty` (a `Vec` when `collection`, an
/// `Option` otherwise). The error names the JSON path and what was expected.
pub fn fits(
    space: &TypeSpace,
    ty: &TypeRef,
    collection: bool,
    value: &Value,
) -> Result<(), String> {
    fits_at(space, ty, collection, value, 0)
}

fn fits_at(
    space: &TypeSpace,
    ty: &TypeRef,
    collection: bool,
    value: &Value,
    depth: usize,
) -> Result<(), String> {
    if depth > 200 {
        return Ok(());
    }
    if value.is_null() {
        return Ok(());
    }
    if collection {
        let Value::Array(items) = value else {
            return Err(format!(": expected an array, found {}", kind(value)));
        };
        for (i, item) in items.iter().enumerate() {
            if item.is_null() && !matches!(ty, TypeRef::Json) {
                // `Vec<T>` has no room for a null item, unless T is JSON.
                if !matches!(ty, TypeRef::Named(n) if space.lookup(n).is_none()) {
                    return Err(format!("[{i}]: null in an array"));
                }
            }
            fits_at(space, ty, false, item, depth + 1).map_err(|e| format!("[{i}]{e}"))?;
        }
        return Ok(());
    }
    match ty {
        TypeRef::Json => Ok(()),
        TypeRef::Primitive(edm) => primitive_fits(*edm, value),
        TypeRef::Named(name) => {
            let Some(id) = space.lookup(name) else {
                return Ok(());
            };
            let def = space.get(id);
            if def.kind == TypeKind::Enum {
                return match value {
                    Value::String(_) => Ok(()),
                    other => Err(format!(
                        ": expected a `{}` member (a string), found {}",
                        def.name,
                        kind(other)
                    )),
                };
            }
            let Value::Object(map) = value else {
                return Err(format!(
                    ": expected an object (`{}`), found {}",
                    def.name,
                    kind(value)
                ));
            };
            let id = dispatch(space, id, map).unwrap_or(id);
            let props = all_properties(space, id);
            for (key, v) in map {
                if let Some(p) = props.iter().find(|p| p.name == *key) {
                    let ty = match &p.ty {
                        TypeRef::Named(n) if n.eq_ignore_ascii_case(ANY_JSON) => &TypeRef::Json,
                        t => t,
                    };
                    fits_at(space, ty, p.collection, v, depth + 1)
                        .map_err(|e| format!(".{key}{e}"))?;
                }
            }
            Ok(())
        }
    }
}

/// The derived type an object's `@odata.type` picks, as the emitted `Any…` enums do.
fn dispatch(
    space: &TypeSpace,
    base: TypeId,
    map: &serde_json::Map<String, Value>,
) -> Option<TypeId> {
    let said = map.get("@odata.type")?.as_str()?;
    let said = said.strip_prefix('#').unwrap_or(said).to_ascii_lowercase();
    let base_name = space.get(base).name.to_ascii_lowercase();
    for (id, def) in space.iter() {
        if def.kind == TypeKind::Enum || id == base {
            continue;
        }
        let full = def.name.to_ascii_lowercase();
        let short = full.rsplit('.').next().unwrap_or_default();
        if (said == full || said == short) && derives_from(space, id, &base_name) {
            return Some(id);
        }
    }
    None
}

fn derives_from(space: &TypeSpace, id: TypeId, base: &str) -> bool {
    let mut current = space.get(id).base.clone();
    let mut steps = 0;
    while let Some(b) = current {
        if b.eq_ignore_ascii_case(base) {
            return true;
        }
        steps += 1;
        if steps > 64 {
            return false;
        }
        current = space.lookup(&b).and_then(|i| space.get(i).base.clone());
    }
    false
}

fn primitive_fits(edm: Edm, value: &Value) -> Result<(), String> {
    let ok = match edm {
        Edm::String
        | Edm::DateTimeOffset
        | Edm::Date
        | Edm::TimeOfDay
        | Edm::Duration
        | Edm::Guid
        | Edm::Binary
        | Edm::Stream => value.is_string(),
        Edm::Boolean => value.is_boolean(),
        Edm::Byte => value.as_u64().is_some_and(|n| n <= u8::MAX as u64),
        Edm::SByte => value.as_i64().is_some_and(|n| i8::try_from(n).is_ok()),
        Edm::Int16 => value.as_i64().is_some_and(|n| i16::try_from(n).is_ok()),
        Edm::Int32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        Edm::Int64 => value.as_i64().is_some(),
        Edm::Single | Edm::Double | Edm::Decimal => value.is_number(),
    };
    if ok {
        Ok(())
    } else {
        Err(format!(
            ": expected Edm.{}, found {}",
            edm.name(),
            kind(value)
        ))
    }
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a string".into(),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn prop(name: &str, ty: TypeRef, collection: bool) -> Property {
        Property {
            name: name.into(),
            ty,
            collection,
            navigation: false,
            nullable: true,
            description: None,
        }
    }

    /// `base` ← `derived`, and an enum.
    fn space() -> TypeSpace {
        let mut space = TypeSpace::default();
        let base = space.intern("microsoft.graph.base", TypeKind::Entity);
        space.get_mut(base).properties = vec![
            prop("id", TypeRef::Primitive(Edm::String), false),
            prop("count", TypeRef::Primitive(Edm::Int32), false),
            prop("tags", TypeRef::Primitive(Edm::String), true),
            prop("kind", TypeRef::Named("microsoft.graph.kind".into()), false),
        ];
        let derived = space.intern("microsoft.graph.derived", TypeKind::Entity);
        let def = space.get_mut(derived);
        def.base = Some("microsoft.graph.base".into());
        def.properties = vec![prop("flag", TypeRef::Primitive(Edm::Boolean), false)];
        space.intern("microsoft.graph.kind", TypeKind::Enum);
        space
    }

    fn check(value: serde_json::Value) -> Result<(), String> {
        fits(
            &space(),
            &TypeRef::Named("microsoft.graph.base".into()),
            false,
            &value,
        )
    }

    #[test]
    fn values_that_deserialize_fit() {
        assert_eq!(
            check(json!({"id": "a", "count": 3, "tags": null, "kind": "new", "x": [1]})),
            Ok(())
        );
        assert_eq!(
            check(json!({"@odata.type": "#microsoft.graph.derived", "flag": true})),
            Ok(())
        );
        // Unknown types and any JSON take anything.
        assert_eq!(
            fits(
                &space(),
                &TypeRef::Named("microsoft.graph.nowhere".into()),
                false,
                &json!(1)
            ),
            Ok(())
        );
        assert_eq!(
            fits(&space(), &TypeRef::Json, true, &json!([null, 1])),
            Ok(())
        );
    }

    #[test]
    fn contradictions_are_found_with_their_place() {
        assert_eq!(
            check(json!({"count": 1.5})),
            Err(".count: expected Edm.Int32, found the number 1.5".into())
        );
        assert!(check(json!({"count": 3_000_000_000u64})).is_err());
        assert_eq!(
            check(json!({"tags": "a"})),
            Err(".tags: expected an array, found the string \"a\"".into())
        );
        assert_eq!(
            check(json!({"tags": ["a", null]})),
            Err(".tags[1]: null in an array".into())
        );
        assert!(
            check(json!({"kind": 1}))
                .unwrap_err()
                .starts_with(".kind: expected a")
        );
        // The derived type's own properties count when `@odata.type` picks it.
        assert_eq!(
            check(json!({"@odata.type": "microsoft.graph.derived", "flag": "true"})),
            Err(".flag: expected Edm.Boolean, found the string \"true\"".into())
        );
        // Without it, `flag` is an unknown property of the base, kept as JSON.
        assert_eq!(check(json!({"flag": "true"})), Ok(()));
        assert!(check(json!("x")).is_err());
    }
}
