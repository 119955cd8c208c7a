//! Bodies and responses of each operation against the finished types of its version, which are
//! only read. Whether an example's JSON fits the stub is decided later, by the plan, which knows
//! what the emitted types accept.

use super::read::OpDraft;
use super::{Operation, RequestBody, ResponseBody, ResponseSpec};
use crate::model::{ANY_JSON, Property, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::page::http::BodyKind;
use serde_json::Value;

const NAMESPACE: &str = "microsoft.graph";

pub(super) fn resolve(drafts: Vec<OpDraft>, space: &TypeSpace) -> Vec<Operation> {
    drafts
        .into_iter()
        .map(|mut draft| {
            draft.op.request_body = request_body(&draft, space);
            draft.op.responses = responses(&draft, space);
            draft.op
        })
        .collect()
}

/// A type graphdoc emits a struct for.
fn struct_type(space: &TypeSpace, name: &str) -> Option<TypeId> {
    space
        .lookup(&qualify(name))
        .filter(|id| space.get(*id).kind != TypeKind::Enum)
}

/// A type name as pages and annotations write it, qualified: `user` → `microsoft.graph.user`;
/// dotted names stay as written.
pub(crate) fn qualify(name: &str) -> String {
    let name = name.trim().trim_start_matches('#');
    if name.contains('.') {
        name.to_string()
    } else {
        format!("{NAMESPACE}.{name}")
    }
}

fn example_bodies(draft: &OpDraft) -> impl Iterator<Item = &Value> {
    draft.op.examples.iter().filter_map(|e| e.body.as_ref())
}

fn request_body(draft: &OpDraft, space: &TypeSpace) -> RequestBody {
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
            let covered = draft.body_rows.iter().all(|(n, _, _)| {
                space
                    .properties_with_inherited(id)
                    .any(|p| p.name.eq_ignore_ascii_case(n))
            });
            if covered {
                return RequestBody::Type {
                    name: space.get(id).name.clone(),
                    collection: all_arrays,
                };
            }
        }
        if !all_arrays {
            return parameters(draft);
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

/// The parameters of an action: the rows of the "Request body" table, then the keys of the
/// examples the table does not list.
fn parameters(draft: &OpDraft) -> RequestBody {
    let mut properties: Vec<Property> = Vec::new();
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
        properties.push(Property {
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
            if key.starts_with('@') || properties.iter().any(|p| p.name == *key) {
                continue;
            }
            properties.push(Property {
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
    RequestBody::Parameters { properties }
}

fn responses(draft: &OpDraft, space: &TypeSpace) -> Vec<ResponseSpec> {
    let binary_path = draft.op.method == http::Method::GET
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
fn linked_response(draft: &OpDraft, space: &TypeSpace) -> Option<ResponseBody> {
    let link = draft
        .response_links
        .iter()
        .find(|l| space.lookup(&qualify(l)).is_some())?;
    let name = space.get(space.lookup(&qualify(link))?).name.clone();
    let collection = draft.op.method == http::Method::GET
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
