//! Bodies and responses of each operation against the finished types of its version, which are
//! only read. Whether an example's JSON fits the stub is decided later, by the plan, which knows
//! what the emitted types accept.

use super::read::OpDraft;
use super::{Operation, RequestBody, ResponseBody, ResponseSpec};
use crate::model::{Edm, Property, TypeId, TypeKind, TypeRef, TypeSpace};
use crate::page::http::BodyKind;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

const NAMESPACE: &str = "microsoft.graph";

pub(super) fn resolve(drafts: Vec<OpDraft>, space: &TypeSpace) -> Vec<Operation> {
    let pages = ResourcePages::new(space);
    let navigations = navigation_targets(space);
    let spellings = property_spellings(space);
    // Built when a response first needs it: a deep chain of bases makes it costly.
    let keyed = OnceLock::new();
    use rayon::prelude::*;
    // Each draft is resolved on its own against the version's types, in parallel (this runs
    // after all pages are read, on the critical path); the order is kept.
    let mut ops: Vec<Operation> = drafts
        .into_par_iter()
        .map(|mut draft| {
            draft.request_links = pages.names(&draft.request_links, space);
            draft.response_links = pages.names(&draft.response_links, space);
            let related = related_types(&draft, space, &pages);
            draft.body_rows = named_rows(&draft, space, &related, &spellings);
            draft.op.request_body = request_body(&draft, space, &related);
            draft.op.responses = responses(&draft, space, &keyed);
            draft.op
        })
        .collect();
    let answered = answered_by_word(&ops, space);
    for op in &mut ops {
        if op.method == http::Method::GET {
            widen_to_navigation(op, space, &navigations, &answered);
        }
    }
    ops
}

/// The word a URL form's last literal segment ends in (`deviceEnrollmentConfigurations` for
/// `/deviceManagement/deviceEnrollmentConfigurations/{id}`), lowercased.
fn last_literal_word(p: &super::path::PathTemplate) -> Option<String> {
    let Some(super::path::Piece::Lit(lit)) = p
        .pieces
        .iter()
        .rev()
        .find(|piece| matches!(piece, super::path::Piece::Lit(_)))
    else {
        return None;
    };
    lit.trim_end_matches('/')
        .rsplit('/')
        .next()
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
}

/// Word (lowercased) → the types the GET operations of the version say a form ending in it
/// answers: what the pages themselves say a URL returns, for relationships the model does not
/// know (a translated page may hide its relationship rows).
fn answered_by_word(
    ops: &[Operation],
    space: &TypeSpace,
) -> std::collections::BTreeMap<String, Vec<TypeId>> {
    let mut out: std::collections::BTreeMap<String, Vec<TypeId>> = Default::default();
    for op in ops.iter().filter(|o| o.method == http::Method::GET) {
        let ResponseBody::Type { name, .. } = op.output() else {
            continue;
        };
        let Some(id) = space.lookup(name) else {
            continue;
        };
        for word in op.paths.iter().filter_map(last_literal_word) {
            let ids = out.entry(word).or_default();
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    out
}

/// Whether `sub` has every property `of` has (and `of` has a few), inherited ones included.
fn has_all_properties(space: &TypeSpace, sub: TypeId, of: TypeId) -> bool {
    let mine: Vec<String> = space
        .properties_with_inherited(sub)
        .map(|p| p.name.to_ascii_lowercase())
        .collect();
    let theirs: Vec<String> = space
        .properties_with_inherited(of)
        .map(|p| p.name.to_ascii_lowercase())
        .collect();
    theirs.len() >= 3 && theirs.iter().all(|p| mine.contains(p))
}

/// Relationship name (lowercased) → the types documented relationships of that name hold.
fn navigation_targets(space: &TypeSpace) -> std::collections::BTreeMap<String, Vec<TypeId>> {
    let mut out: std::collections::BTreeMap<String, Vec<TypeId>> = Default::default();
    for (_, t) in space.iter() {
        for p in t.properties.iter().filter(|p| p.navigation) {
            let TypeRef::Named(n) = &p.ty else { continue };
            let Some(target) = lookup_qualified(space, n) else {
                continue;
            };
            let targets = out.entry(p.name.to_ascii_lowercase()).or_default();
            if !targets.contains(&target) {
                targets.push(target);
            }
        }
    }
    out
}

/// A GET page about a derived type (`androidLobApp`, `eventMessage`) documents a URL whose
/// last relationship (`mobileApps`, `messages`) holds a base type: the call answers with any
/// type of that relationship, so its output is the relationship's type (whose dispatch still
/// reads the derived one). Only when the URL forms agree on that base.
///
/// Where the model knows no relationship of that name, the other GET pages of the version say
/// what a form ending in that word answers: the most basic of those types in the type's chain
/// (`deviceEnrollmentConfiguration` for `deviceEnrollmentLimitConfiguration`), never a root.
fn widen_to_navigation(
    op: &mut Operation,
    space: &TypeSpace,
    navigations: &std::collections::BTreeMap<String, Vec<TypeId>>,
    answered: &std::collections::BTreeMap<String, Vec<TypeId>>,
) {
    let Some(ResponseBody::Type { name, .. }) = op.responses.iter().map(|r| &r.body).next() else {
        return;
    };
    let Some(said) = space.lookup(name) else {
        return;
    };
    let bases = space.base_chain(said);
    let mut target: Option<TypeId> = None;
    for p in &op.paths {
        let Some(word) = last_literal_word(p) else {
            continue;
        };
        let Some(targets) = navigations.get(&word) else {
            // The most basic type in the chain other pages answer the word with; the last
            // of the chain is its root (`entity`), which says nothing. A form's first word
            // (`/users/{id}`, `/me`) is an entity set or singleton, not a relationship.
            let root = p
                .words
                .first()
                .is_none_or(|w| w.eq_ignore_ascii_case(&word));
            let Some(vote) = answered.get(&word).filter(|_| !root).and_then(|ids| {
                bases[1..bases.len().saturating_sub(1).max(1)]
                    .iter()
                    .rev()
                    .find(|b| ids.contains(b))
            }) else {
                continue;
            };
            if target.is_some_and(|x| x != *vote) {
                return;
            }
            target = Some(*vote);
            continue;
        };
        // The nearest base some relationship of that name holds (the type itself when one
        // holds it); for a type whose docs name no base (translated prose may hide it), the
        // one type every relationship of that name holds, when the type has every property
        // of it (a subtype in all but name).
        let nearest = bases.iter().find(|b| targets.contains(b));
        let Some(vote) = nearest.or_else(|| match targets.as_slice() {
            [only]
                if bases.len() <= 2
                    && !bases.contains(only)
                    && has_all_properties(space, said, *only) =>
            {
                Some(only)
            }
            _ => None,
        }) else {
            continue;
        };
        if target.is_some_and(|x| x != *vote) {
            return;
        }
        target = Some(*vote);
    }
    let Some(target) = target.filter(|t| *t != said) else {
        return;
    };
    let target_name = space.get(target).name.clone();
    for r in &mut op.responses {
        if let ResponseBody::Type { name, .. } = &mut r.body
            && space.lookup(name) == Some(said)
        {
            *name = target_name.clone();
        }
    }
}

/// Which types each resource page documents, by the page's file stem (lowercased): a link to
/// `../resources/intune-apps-androidlobapp.md` or `../resources/page.md` means the type read
/// from that page (`androidLobApp`, `onenotePage`), whatever the file is called.
struct ResourcePages {
    by_stem: std::collections::BTreeMap<String, Vec<TypeId>>,
}

impl ResourcePages {
    fn new(space: &TypeSpace) -> Self {
        let mut by_stem: std::collections::BTreeMap<String, Vec<TypeId>> = Default::default();
        for (id, t) in space.iter() {
            for source in &t.sources {
                let path = std::path::Path::new(source);
                let in_resources = path
                    .parent()
                    .and_then(|p| p.file_name())
                    .is_some_and(|d| d == "resources");
                if let (true, Some(stem)) = (in_resources, path.file_stem()) {
                    let ids = by_stem
                        .entry(stem.to_string_lossy().to_ascii_lowercase())
                        .or_default();
                    if !ids.contains(&id) {
                        ids.push(id);
                    }
                }
            }
        }
        ResourcePages { by_stem }
    }

    /// The type a linked page documents: the only one read from it (a type of its name, or
    /// whose name ends the stem, when it documents several), else the type the stem names.
    fn type_of(&self, stem: &str, space: &TypeSpace) -> Option<TypeId> {
        let named = || {
            stem.bytes()
                .all(|b| b.is_ascii_alphanumeric())
                .then(|| lookup_qualified(space, stem))
                .flatten()
        };
        let Some(ids) = self.by_stem.get(&stem.to_ascii_lowercase()) else {
            return named();
        };
        let structs: Vec<TypeId> = ids
            .iter()
            .copied()
            .filter(|id| space.get(*id).kind != TypeKind::Enum)
            .collect();
        let ids = if structs.is_empty() {
            ids.clone()
        } else {
            structs
        };
        if let [only] = ids.as_slice() {
            return Some(*only);
        }
        let flat: String = stem
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase();
        let simple = |id: &TypeId| {
            let n = &space.get(*id).name;
            n.rsplit('.').next().unwrap_or(n).to_ascii_lowercase()
        };
        if let Some(id) = ids.iter().find(|id| simple(id) == flat) {
            return Some(*id);
        }
        let ending: Vec<&TypeId> = ids
            .iter()
            .filter(|id| {
                let s = simple(id);
                flat.ends_with(&s) || s.ends_with(&flat)
            })
            .collect();
        match ending.as_slice() {
            [only] => Some(**only),
            _ => named(),
        }
    }

    /// Linked stems → the qualified names of the types they document (unknown ones dropped).
    fn names(&self, stems: &[String], space: &TypeSpace) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for stem in stems {
            if let Some(id) = self.type_of(stem, space) {
                let name = space.get(id).name.clone();
                if !out.contains(&name) {
                    out.push(name);
                }
            }
        }
        out
    }
}

/// A type graphdoc emits a struct for.
fn struct_type(space: &TypeSpace, name: &str) -> Option<TypeId> {
    lookup_qualified(space, name).filter(|id| space.get(*id).kind != TypeKind::Enum)
}

/// A type name as pages and annotations write it, qualified: `user` → `microsoft.graph.user`;
/// dotted names stay as written.
fn qualify(name: &str) -> String {
    let name = name.trim().trim_start_matches('#');
    if name.contains('.') {
        name.to_string()
    } else {
        // Joined without a formatter: resolving qualifies tens of thousands of names.
        [NAMESPACE, ".", name].concat()
    }
}

/// The type a name as pages and annotations write it names: `space.lookup(&qualify(name))`,
/// with the qualified name lowercased in place (a lookup of a name with capitals lowercases a
/// copy of it), for the tens of thousands of names resolving asks about.
pub(crate) fn lookup_qualified(space: &TypeSpace, name: &str) -> Option<TypeId> {
    let mut key = qualify(name);
    key.make_ascii_lowercase();
    space.lookup(&key)
}

fn example_bodies(draft: &OpDraft) -> impl Iterator<Item = &Value> {
    draft.op.examples.iter().filter_map(|e| e.body.as_deref())
}

/// The bodies the page sends to this method: its examples', then those of its requests without
/// an annotation.
fn shown_bodies(draft: &OpDraft) -> impl Iterator<Item = &Value> {
    example_bodies(draft).chain(&draft.unannotated_bodies)
}

fn request_body(draft: &OpDraft, space: &TypeSpace, related: &[TypeId]) -> RequestBody {
    let method = draft.op.method.as_str();
    let examples = &draft.op.examples;
    let json = examples.iter().any(|e| e.body.is_some());
    // A GET or DELETE takes a body only when its examples send one and its forms do not take
    // what they send as function arguments.
    if matches!(method, "GET" | "DELETE" | "HEAD") && (!json || body_in_url(draft)) {
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
        .or_else(|| linked_request_type(draft, space).map(|id| space.get(id).name.clone()));
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
            // The examples send the type itself, not an object holding it
            // (`{"passwordCredential": {…}}`).
            if covered && nested_rows(draft, space).is_none() {
                return RequestBody::Type {
                    name: space.get(id).name.clone(),
                    collection: all_arrays,
                };
            }
        }
        if creates_in_several_collections(&draft.op) {
            return RequestBody::Json;
        }
        if !all_arrays {
            return parameters(draft, space, related);
        }
    }
    // An action whose "Request body" section shows its JSON and whose examples send none.
    if method == "POST" && !json && resource.is_none() && draft.body_rows.is_empty() {
        let keys: Vec<(&String, &Value)> = draft
            .body_samples
            .iter()
            .filter_map(Value::as_object)
            .flat_map(|o| o.iter())
            .filter(|(k, _)| !k.starts_with('@'))
            .collect();
        if !keys.is_empty() {
            let mut properties: Vec<Property> = Vec::new();
            for (key, value) in keys {
                if !properties.iter().any(|p| p.name.eq_ignore_ascii_case(key)) {
                    properties.push(Property {
                        name: key.clone(),
                        ty: match value {
                            Value::Bool(_) => TypeRef::Primitive(crate::model::Edm::Boolean),
                            Value::String(_) => TypeRef::Primitive(crate::model::Edm::String),
                            _ => TypeRef::Json,
                        },
                        collection: false,
                        navigation: false,
                        nullable: true,
                        description: Some("Shown in the docs' request body section.".into()),
                    });
                }
            }
            return RequestBody::Parameters { properties };
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

/// The type the "Request body" section's links name. When they link several, the order of the
/// links decides nothing (a translation may reorder a sentence): the one the "Response" section
/// also links (a create returns what it is sent), else the nearest base they all share below
/// the root of their chains (`[user]` or `[group]` → `directoryObject`), else the first.
fn linked_request_type(draft: &OpDraft, space: &TypeSpace) -> Option<TypeId> {
    let mut linked: Vec<TypeId> = Vec::new();
    for id in draft
        .request_links
        .iter()
        .filter_map(|l| struct_type(space, l))
    {
        if !linked.contains(&id) {
            linked.push(id);
        }
    }
    let first = *linked.first()?;
    if linked.len() == 1 {
        return Some(first);
    }
    let answered: Vec<TypeId> = draft
        .response_links
        .iter()
        .filter_map(|l| struct_type(space, l))
        .filter(|id| linked.contains(id))
        .collect();
    if let [one] = answered[..] {
        return Some(one);
    }
    let chains: Vec<Vec<TypeId>> = linked.iter().map(|&id| space.base_chain(id)).collect();
    let shared = chains[0].iter().find(|&&base| {
        chains
            .iter()
            .all(|chain| chain[..chain.len().saturating_sub(1)].contains(&base))
    });
    Some(shared.copied().unwrap_or(first))
}

/// Every key the examples send is a named argument of the function each form ends in
/// (`boundingRect(anotherRange='{anotherRange}')`): the forms carry the body.
fn body_in_url(draft: &OpDraft) -> bool {
    let ends_in_call = |p: &super::path::PathTemplate, key: &str| {
        let path = p.written.split('?').next().unwrap_or_default();
        let last = path
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .unwrap_or_default();
        last.ends_with(')')
            && last
                .split(['(', ','])
                .any(|arg| arg.split('=').next() == Some(key))
    };
    !draft.op.paths.is_empty()
        && example_bodies(draft).all(|b| {
            b.as_object().is_some_and(|o| {
                o.keys()
                    .all(|k| draft.op.paths.iter().all(|p| ends_in_call(p, k)))
            })
        })
}

/// The page's forms end in different words, and one of them is a collection the page also
/// keys (`POST /me/messages`, `POST /me/events`, `…/posts/{id}/reply` beside
/// `/me/messages/{id}/extensions`): it creates things of several kinds, so its "Request body"
/// rows describe what is created, not one action's parameters.
fn creates_in_several_collections(op: &Operation) -> bool {
    use super::path::Piece;
    let last_word = |p: &super::path::PathTemplate| match p.pieces.last() {
        Some(Piece::Lit(lit)) => lit
            .trim_end_matches('/')
            .rsplit('/')
            .next()
            .map(str::to_ascii_lowercase),
        _ => None,
    };
    let mut ends: Vec<String> = op.paths.iter().filter_map(last_word).collect();
    ends.sort();
    ends.dedup();
    if ends.len() < 2 {
        return false;
    }
    op.paths.iter().any(|p| {
        p.pieces.windows(2).any(|pair| match pair {
            [Piece::Lit(lit), Piece::Param(_)] => lit
                .strip_suffix('/')
                .and_then(|l| l.rsplit('/').next())
                .is_some_and(|w| ends.iter().any(|e| e.eq_ignore_ascii_case(w))),
            _ => false,
        })
    })
}

/// The parameters of an action: the rows of the "Request body" table, then the keys of the
/// examples the table does not list.
fn parameters(draft: &OpDraft, space: &TypeSpace, related: &[TypeId]) -> RequestBody {
    if let Some(wrapper) = nested_rows(draft, space) {
        return RequestBody::Parameters {
            properties: vec![wrapper],
        };
    }
    let mut properties: Vec<Property> = Vec::new();
    // `@odata.type` and other annotations are not parameters of an action.
    for (name, cell, description) in draft
        .body_rows
        .iter()
        .filter(|(n, _, _)| !n.starts_with('@'))
    {
        let (ty, collection) = row_type(draft, space, related, name, cell);
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
            if key.starts_with('@') || properties.iter().any(|p| p.name.eq_ignore_ascii_case(key)) {
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

/// A row name that is a wire name as the docs write them (`displayName`, `@odata.type`).
fn is_wire_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '@')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'@'))
}

/// Whether a JSON value fits a cell's reading (`None`: the cell names nothing known). `keys`:
/// an object must send only properties of the type the cell names (else any object fits).
fn value_fits(
    value: &Value,
    reading: Option<&(TypeRef, Option<bool>)>,
    space: &TypeSpace,
    keys: bool,
) -> bool {
    let Some((ty, collection)) = reading else {
        return true;
    };
    let (item, is_array) = match value {
        Value::Array(items) => (items.first(), true),
        v => (Some(v), false),
    };
    if collection.is_some_and(|c| c != is_array) {
        return false;
    }
    let Some(item) = item else {
        return true;
    };
    match (ty, item) {
        (_, Value::Null) | (TypeRef::Json, _) => true,
        (TypeRef::Primitive(Edm::Boolean), v) => v.is_boolean(),
        (TypeRef::Primitive(edm), v) if edm.is_number() => v.is_number(),
        (TypeRef::Primitive(_), v) => v.is_string(),
        (TypeRef::Named(n), v) => match space.lookup(n) {
            Some(id) if space.get(id).kind == TypeKind::Enum => v.is_string(),
            Some(id) => v
                .as_object()
                .is_some_and(|o| !keys || object_fits(o, id, space)),
            None => v.is_object(),
        },
    }
}

/// Whether an example object can be of type `id`: every key it sends is a property of that
/// type, its bases or a type derived from it.
fn object_fits(object: &serde_json::Map<String, Value>, id: TypeId, space: &TypeSpace) -> bool {
    let mut family = vec![id];
    let mut i = 0;
    while i < family.len() {
        for d in space.derived(family[i]) {
            if !family.contains(&d) {
                family.push(d);
            }
        }
        i += 1;
    }
    object.keys().filter(|k| !k.starts_with('@')).all(|k| {
        family.iter().any(|&t| {
            space
                .properties_with_inherited(t)
                .any(|p| p.name.eq_ignore_ascii_case(k))
        })
    })
}

/// The "Request body" rows with wire names. A row whose name is translated (`说明`,
/// `определение`) stands for the one wire name no other row claims that fits its type cell:
/// a key of the examples (by the values they send), else a property of a type the page names
/// (by its declared type). A row that fits none, or several, is left out.
fn named_rows(
    draft: &OpDraft,
    space: &TypeSpace,
    related: &[TypeId],
    spellings: &BTreeMap<String, Option<String>>,
) -> Vec<(String, String, String)> {
    let rows = &draft.body_rows;
    if rows.is_empty() {
        return Vec::new();
    }
    let mut claimed: Vec<String> = rows
        .iter()
        .filter(|(n, _, _)| is_wire_name(n))
        .map(|(n, _, _)| n.to_ascii_lowercase())
        .collect();
    let mut keys: Vec<&String> = Vec::new();
    for k in shown_bodies(draft)
        .filter_map(Value::as_object)
        .flat_map(|o| o.keys())
    {
        if !k.starts_with('@') && !keys.iter().any(|x| x.eq_ignore_ascii_case(k)) {
            keys.push(k);
        }
    }
    // Example keys that no row names as written.
    let unnamed = keys
        .iter()
        .filter(|k| {
            !rows
                .iter()
                .any(|(n, _, _)| n.eq_ignore_ascii_case(k) && is_wire_name(n))
        })
        .count();
    // Per row, the wire name it takes (`None`: none yet), and the name it keeps when it takes
    // none.
    let mut out: Vec<Option<(String, String, String)>> = Vec::new();
    let mut fallback: Vec<Option<(String, String, String)>> = Vec::new();
    for (name, cell, description) in rows {
        fallback.push(None);
        if is_wire_name(name) {
            // The name as the examples (or the page's other requests) send it, else as a type
            // the page names spells it, else as the doc set spells it everywhere (a row may be
            // cased otherwise: `IsHidden`).
            let known = keys
                .iter()
                .copied()
                .chain(
                    draft
                        .shown_bodies
                        .iter()
                        .filter_map(|b| b.as_object())
                        .flat_map(|o| o.keys()),
                )
                .find(|k| k.eq_ignore_ascii_case(name))
                .or_else(|| {
                    related.iter().find_map(|&id| {
                        space
                            .properties_with_inherited(id)
                            .find(|p| p.name.eq_ignore_ascii_case(name))
                            .map(|p| &p.name)
                    })
                })
                .or_else(|| spellings.get(&name.to_ascii_lowercase())?.as_ref());
            let row = Some((
                known.unwrap_or(name).clone(),
                cell.clone(),
                description.clone(),
            ));
            // A name written like a wire name that nothing in the doc set sends or declares,
            // beside example keys no row names, may be a translated word in Latin letters
            // (`Beitrag` where the example sends `post`): it takes a key as translated rows
            // do, else keeps its name.
            if known.is_some() || unnamed == 0 {
                out.push(row);
                continue;
            }
            *fallback.last_mut().unwrap_or(&mut None) = row;
        }
        let reading = crate::model::read_cell(space, cell);
        let free = |k: &str| !claimed.iter().any(|c| c.eq_ignore_ascii_case(k));
        let fitting_keys = |by_keys: bool| -> Vec<&String> {
            keys.iter()
                .copied()
                .filter(|k| free(k))
                .filter(|k| {
                    shown_bodies(draft)
                        .filter_map(|b| b.get(k.as_str()))
                        .all(|v| value_fits(v, reading.as_ref(), space, by_keys))
                })
                .collect()
        };
        let from_examples = fitting_keys(true);
        // A row written like a wire name takes only a key the examples send: a property of the
        // same type may be one the doc set failed to read (`fax` where no page reads it).
        let latin = fallback.last().is_some_and(Option::is_some);
        let chosen = match (from_examples.as_slice(), &reading) {
            ([one], _) => Some((*one).clone()),
            (several, Some((ty, collection))) if !latin || !several.is_empty() => {
                // Among the keys that fit, or (none fitting) the properties of the types the
                // page names, the one declared with the cell's type.
                let mut fitting: Vec<&String> = Vec::new();
                for p in related
                    .iter()
                    .flat_map(|&id| space.properties_with_inherited(id))
                {
                    if free(&p.name)
                        && (several.is_empty()
                            || several.iter().any(|k| k.eq_ignore_ascii_case(&p.name)))
                        && &p.ty == ty
                        && collection.is_none_or(|c| c == p.collection)
                        && !fitting.iter().any(|f| f.eq_ignore_ascii_case(&p.name))
                    {
                        fitting.push(&p.name);
                    }
                }
                match fitting.as_slice() {
                    [one] => Some((*one).clone()),
                    _ => None,
                }
            }
            _ => None,
        };
        // The named type may lack a property the docs translated away: when one key is left
        // unclaimed and its value has the cell's shape (an object, an array of them), it fits.
        let chosen = chosen
            .or_else(|| match fitting_keys(false).as_slice() {
                [one] if keys.iter().filter(|k| free(k)).count() == 1 => Some((*one).clone()),
                _ => None,
            })
            // Else the wire name the doc set's resource rows show the words stand for.
            .or_else(|| {
                crate::model::row_wire_name(space, name)
                    .filter(|w| free(w))
                    .map(str::to_string)
            });
        if let Some(wire) = chosen {
            claimed.push(wire.to_ascii_lowercase());
            out.push(Some((wire, cell.clone(), description.clone())));
        } else {
            out.push(None);
        }
    }
    // One row left and one example key no row claims: the row describes that key, whatever
    // value the example sends (`{"group": {"mail": …}}` for a row `组 | String`).
    let left: Vec<usize> = (0..out.len()).filter(|&i| out[i].is_none()).collect();
    let free: Vec<&&String> = keys
        .iter()
        .filter(|k| !k.contains('@') && !claimed.iter().any(|c| c.eq_ignore_ascii_case(k)))
        .collect();
    if let ([i], [key]) = (left.as_slice(), free.as_slice()) {
        let (_, cell, description) = &rows[*i];
        // A row written like a wire name takes the key only when the values fit its cell.
        let reading = crate::model::read_cell(space, cell);
        let fits = fallback[*i].is_none()
            || shown_bodies(draft)
                .filter_map(|b| b.get(key.as_str()))
                .all(|v| value_fits(v, reading.as_ref(), space, false));
        if fits {
            out[*i] = Some(((**key).clone(), cell.clone(), description.clone()));
        }
    }
    out.into_iter()
        .zip(fallback)
        .filter_map(|(row, kept)| row.or(kept))
        .collect()
}

/// Lowercased property name → its one spelling in the doc set (`None` where types spell it
/// differently).
fn property_spellings(space: &TypeSpace) -> BTreeMap<String, Option<String>> {
    let mut out: BTreeMap<String, Option<String>> = BTreeMap::new();
    for p in space.iter().flat_map(|(_, t)| &t.properties) {
        out.entry(p.name.to_ascii_lowercase())
            .and_modify(|s| {
                if s.as_ref().is_some_and(|s| *s != p.name) {
                    *s = None;
                }
            })
            .or_insert_with(|| Some(p.name.clone()));
    }
    out
}

/// The types the page's request and response name or link, then the resource page its file
/// name starts with (`accesspackagecatalog-update` → `accessPackageCatalog`): a row named like
/// one of their properties describes that property.
fn related_types(draft: &OpDraft, space: &TypeSpace, pages: &ResourcePages) -> Vec<TypeId> {
    let mut out: Vec<TypeId> = Vec::new();
    let named = draft
        .request_type
        .iter()
        .chain(&draft.request_links)
        .chain(draft.responses.values().filter_map(|(t, _, _)| t.as_ref()))
        .chain(&draft.response_links);
    let stem = draft.op.stem.rsplit_once('-').map(|(resource, _)| resource);
    let of_stem = stem.and_then(|s| pages.type_of(s, space));
    for id in named.filter_map(|n| struct_type(space, n)).chain(of_stem) {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// The type of a "Request body" row, from evidence that translation leaves alone where the
/// cell is not an identifier the doc set knows: the cell as the model reads type cells (a known
/// type or primitive, else what the doc set shows that cell text means); else the property of
/// that name on a type the page names; else the examples' values (`true`, `"…"`); else any
/// JSON.
fn row_type(
    draft: &OpDraft,
    space: &TypeSpace,
    related: &[TypeId],
    name: &str,
    cell: &str,
) -> (TypeRef, Option<bool>) {
    if let Some(read) = crate::model::read_cell(space, cell) {
        return read;
    }
    if let Some(p) = related.iter().find_map(|&id| {
        space
            .properties_with_inherited(id)
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }) {
        return (p.ty.clone(), Some(p.collection));
    }
    let mut values = example_bodies(draft)
        .filter_map(|b| b.get(name))
        .map(|v| match v {
            Value::Array(items) => (items.first(), true),
            v => (Some(v), false),
        })
        .filter_map(|(v, collection)| {
            let ty = match v? {
                Value::Bool(_) => Edm::Boolean,
                Value::String(_) => Edm::String,
                _ => return None,
            };
            Some((ty, collection))
        });
    match values.next() {
        Some(first) if values.all(|v| v == first) => (TypeRef::Primitive(first.0), Some(first.1)),
        _ => (TypeRef::Json, None),
    }
}

/// The rows of the "Request body" table describe one object the examples send under a key
/// (`addPassword` sends `{"passwordCredential": {"displayName": …}}` and lists `displayName`,
/// `endDateTime`), or objects in an array under a key (`followedSites/add` sends
/// `{"value": [{"id": …}]}` and lists `id`): the one parameter is that key, of the type it names when the docs define
/// one. Only when no row is a top-level key of any example and every example nests the rows
/// under the same key.
fn nested_rows(draft: &OpDraft, space: &TypeSpace) -> Option<Property> {
    let rows = &draft.body_rows;
    let mut bodies = example_bodies(draft)
        .filter_map(Value::as_object)
        .peekable();
    bodies.peek()?;
    let mut wrapper: Option<&String> = None;
    let mut many = false;
    for body in bodies {
        if rows
            .iter()
            .any(|(n, _, _)| body.keys().any(|k| k.eq_ignore_ascii_case(n)))
        {
            return None;
        }
        let (key, value) = body.iter().find(|(k, v)| {
            !k.starts_with('@')
                && objects_in(v).any(|inner| {
                    rows.iter()
                        .any(|(n, _, _)| inner.keys().any(|k| k.eq_ignore_ascii_case(n)))
                })
        })?;
        many |= value.is_array();
        if wrapper.is_some_and(|w| !w.eq_ignore_ascii_case(key)) {
            return None;
        }
        wrapper = Some(key);
    }
    let key = wrapper?;
    let ty = struct_type(space, key).map(|id| TypeRef::Named(space.get(id).name.clone()));
    Some(Property {
        name: key.clone(),
        collection: many && ty.is_some(),
        ty: ty.unwrap_or(TypeRef::Json),
        navigation: false,
        nullable: true,
        description: None,
    })
}

/// The object a JSON value is, or the objects an array of them holds.
fn objects_in(value: &Value) -> impl Iterator<Item = &serde_json::Map<String, Value>> {
    let items = match value {
        Value::Array(items) => items.as_slice(),
        v => std::slice::from_ref(v),
    };
    items.iter().filter_map(Value::as_object)
}

fn responses<'s>(
    draft: &OpDraft,
    space: &'s TypeSpace,
    keyed: &OnceLock<KeyedTypes<'s>>,
) -> Vec<ResponseSpec> {
    let binary_path = draft.op.method == http::Method::GET
        && !draft.op.paths.is_empty()
        && draft.op.paths.iter().all(|p| {
            p.words.last().is_some_and(|w| {
                w.eq_ignore_ascii_case("$value") || w.eq_ignore_ascii_case("content")
            })
        });
    let mut out: Vec<ResponseSpec> = Vec::new();
    for (&status, (ty, collection, kind)) in &draft.responses {
        // The annotation names a primitive; a value the example shows that no value of it can
        // be (`"@odata.type": "string"` above `{"value": true}`) says which one the call
        // answers.
        let said_primitive = ty
            .as_deref()
            .and_then(Edm::parse)
            .filter(|e| *e != Edm::Stream)
            .map(|said| match draft.primitives.get(&status) {
                Some(&(shown, _)) if !shown_fits(shown, said) => shown,
                _ => said,
            });
        let body = match status {
            204 | 205 => ResponseBody::None,
            202 if *kind != BodyKind::Json => ResponseBody::Accepted,
            _ if binary_path || matches!(kind, BodyKind::Binary | BodyKind::Text) => {
                ResponseBody::Binary
            }
            // The annotation names a primitive (`"@odata.type": "string"`).
            _ if said_primitive.is_some() => ResponseBody::Primitive {
                name: format!("Edm.{}", said_primitive.map_or("", Edm::name)),
                collection: *collection || draft.primitives.get(&status).is_some_and(|(_, c)| *c),
            },
            // A type the doc set does not define (`microsoft.graph.None`) named by an example
            // that shows no body says nothing the example does not: read as if unnamed.
            _ => match ty
                .as_deref()
                .map(|t| lookup_qualified(space, t))
                .filter(|id| id.is_some() || *kind != BodyKind::None)
            {
                Some(Some(id)) => ResponseBody::Type {
                    name: space.get(linked_base(draft, space, id)).name.clone(),
                    collection: *collection,
                },
                Some(None) => primitive(draft, status)
                    .or_else(|| keyed_response(draft, space, keyed, status))
                    .unwrap_or(ResponseBody::Json {
                        collection: *collection,
                    }),
                None if *kind == BodyKind::Json => primitive(draft, status)
                    .or_else(|| linked_response(draft, space, status))
                    .or_else(|| keyed_response(draft, space, keyed, status))
                    .unwrap_or(ResponseBody::Json {
                        collection: draft.envelopes.get(&status).copied().unwrap_or(false),
                    }),
                // An example the page does not annotate still shows the body.
                None => linked_response(draft, space, status)
                    .or_else(|| primitive(draft, status))
                    .or_else(|| keyed_response(draft, space, keyed, status))
                    .unwrap_or_else(|| {
                        if draft.json_statuses.contains(&status) {
                            ResponseBody::Json {
                                collection: draft.envelopes.get(&status).copied().unwrap_or(false),
                            }
                        } else {
                            ResponseBody::None
                        }
                    }),
            },
        };
        out.push(ResponseSpec { status, body });
    }
    if out.is_empty() {
        let (status, body) = match draft.op.method.as_str() {
            "DELETE" => (204, ResponseBody::None),
            "GET" if binary_path => (200, ResponseBody::Binary),
            "PATCH" | "PUT" => (
                200,
                linked_response(draft, space, 200).unwrap_or(ResponseBody::None),
            ),
            _ => (
                200,
                primitive(draft, 200)
                    .or_else(|| linked_response(draft, space, 200))
                    .or_else(|| keyed_response(draft, space, keyed, 200))
                    .unwrap_or(ResponseBody::Json { collection: false }),
            ),
        };
        out.push(ResponseSpec { status, body });
    }
    out
}

/// Whether a JSON value read as `shown` (a string, a boolean, a number) can be a value of
/// `said`: a boolean only of `Boolean`, a number only of a number type; a string of anything
/// (dates, ids, and 64-bit numbers are sent as text).
fn shown_fits(shown: Edm, said: Edm) -> bool {
    match shown {
        Edm::Boolean => said == Edm::Boolean,
        e if e.is_number() => said.is_number(),
        _ => true,
    }
}

/// The primitive the page's JSON example responses of `status` wrap in `{"value": …}`.
fn primitive(draft: &OpDraft, status: u16) -> Option<ResponseBody> {
    let (edm, collection) = draft.primitives.get(&status)?;
    Some(ResponseBody::Primitive {
        name: format!("Edm.{}", edm.name()),
        collection: *collection,
    })
}

/// The type an example response says (`fileAttachment`), or the type the "Response" section
/// links to when that is one of its bases (`attachment`): the example shows one instance, the
/// page says what the call answers.
fn linked_base(draft: &OpDraft, space: &TypeSpace, said: TypeId) -> TypeId {
    let chain = space.base_chain(said);
    draft
        .response_links
        .iter()
        .filter_map(|l| lookup_qualified(space, l))
        .find(|id| *id != said && chain.contains(id))
        .unwrap_or(said)
}

/// Per set of property names (inherited ones included, at least two), the one type of the
/// version that has exactly those properties, or `None` where several have. The names are
/// borrowed from the types: a set is built for every type, and only a few responses look one up.
type KeyedTypes<'s> = BTreeMap<BTreeSet<&'s str>, Option<TypeId>>;

fn keyed_types(space: &TypeSpace) -> KeyedTypes<'_> {
    let mut out = KeyedTypes::new();
    for (id, def) in space.iter() {
        if def.kind == TypeKind::Enum || def.parameters_of.is_some() {
            continue;
        }
        let names: BTreeSet<&str> = space
            .properties_with_inherited(id)
            .map(|p| p.name.as_str())
            .collect();
        if names.len() < 2 {
            continue;
        }
        out.entry(names)
            .and_modify(|one| *one = None)
            .or_insert(Some(id));
    }
    out
}

/// The one type whose properties, inherited ones included, are exactly the keys every JSON
/// example response of `status` shows (`{"getUrl", "postParameters", "postUrl"}` →
/// `itemPreviewInfo`), for a response neither an annotation nor a link types. At least two
/// keys, and no other type with the same properties: a sample that could be either says
/// nothing.
fn keyed_response<'s>(
    draft: &OpDraft,
    space: &'s TypeSpace,
    keyed: &OnceLock<KeyedTypes<'s>>,
    status: u16,
) -> Option<ResponseBody> {
    let keys = draft.response_keys.get(&status).filter(|k| k.len() >= 2)?;
    let keys: BTreeSet<&str> = keys.iter().map(String::as_str).collect();
    let id = (*keyed.get_or_init(|| keyed_types(space)).get(&keys)?)?;
    Some(ResponseBody::Type {
        name: space.get(id).name.clone(),
        collection: draft.envelopes.get(&status).copied().unwrap_or(false),
    })
}

/// The type the "Response" section links to, when the page has no typed example. It is a
/// collection when the page's example responses are (`{"value": [...]}`), or, without one,
/// when the URL ends in a plural of it (`/users` for `user`).
fn linked_response(draft: &OpDraft, space: &TypeSpace, status: u16) -> Option<ResponseBody> {
    let id = draft
        .response_links
        .iter()
        .find_map(|l| lookup_qualified(space, l))?;
    let name = space.get(id).name.clone();
    let simple = name
        .rsplit('.')
        .next()
        .unwrap_or(&name)
        .to_ascii_lowercase();
    let plural = || {
        draft.op.method == http::Method::GET
            && draft.op.paths.iter().all(|p| {
                matches!(p.pieces.last(), Some(super::path::Piece::Lit(_)))
                    && p.words.last().is_some_and(|w| {
                        let w = w.to_ascii_lowercase();
                        w != simple
                            && (w == format!("{simple}s")
                                || w.ends_with('s') && w.contains(&simple))
                    })
            })
    };
    let collection = draft.envelopes.get(&status).copied().unwrap_or_else(plural);
    Some(ResponseBody::Type { name, collection })
}

#[cfg(test)]
mod tests {
    use crate::ops::RequestBody;
    use crate::page::{Reader, ReaderOptions};
    use std::path::Path;

    fn resource(name: &str, base: Option<&str>) -> String {
        let base = base.map_or(String::new(), |b| {
            format!(",\n  \"baseType\": \"microsoft.graph.{b}\"")
        });
        format!(
            "# {name} resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n\
             |Property|Type|Description|\n|:---|:---|:---|\n|id|String|Id.|\n\n\
             ## JSON representation\n\n<!-- {{\n  \"blockType\": \"resource\",\n  \
             \"@odata.type\": \"microsoft.graph.{name}\"{base}\n}} -->\n\n```json\n\
             {{\n  \"id\": \"String\"\n}}\n```\n"
        )
    }

    fn api(body_sentence: &str, response_sentence: &str) -> String {
        format!(
            "# Add thing\n\n## HTTP request\n\n```http\nPOST /things/{{id}}/members\n```\n\n\
             ## Request body\n\n{body_sentence}\n\n## Response\n\n{response_sentence}\n\n\
             ## Example\n\n### Request\n\n<!-- {{\n  \"blockType\": \"request\",\n  \
             \"name\": \"add_member\"\n}} -->\n\n```http\nPOST https://graph.microsoft.com/v1.0/things/1/members\n\
             Content-Type: application/json\n\n{{\n  \"id\": \"1\"\n}}\n```\n"
        )
    }

    fn body_of(api_page: &str) -> RequestBody {
        let mut reader = Reader::new(ReaderOptions::default());
        let root = Path::new("/docs/api-reference/v1.0");
        let mut pages: Vec<_> = [
            ("entity", None),
            ("directoryObject", Some("entity")),
            ("user", Some("directoryObject")),
            ("group", Some("directoryObject")),
            ("post", Some("entity")),
            ("conversation", Some("entity")),
        ]
        .iter()
        .map(|(n, b)| {
            let path = root.join(format!("resources/{}.md", n.to_lowercase()));
            reader.read_str(&path, &resource(n, *b))
        })
        .collect();
        pages.push(reader.read_str(&root.join("api/thing-post-members.md"), api_page));
        let (model, _) = crate::model::build(&pages);
        let ops = crate::ops::build(&pages, &model);
        let op = &ops.versions["v1.0"].operations[0];
        op.request_body.clone()
    }

    fn named(body: &RequestBody) -> &str {
        match body {
            RequestBody::Type { name, .. } => name,
            other => panic!("not a type: {other:?}"),
        }
    }

    #[test]
    fn the_order_of_request_body_links_decides_nothing() {
        // Either order of "[user] or [group]" (a translation reorders the sentence): their
        // shared base below the root.
        for sentence in [
            "Send a reference to a [user](../resources/user.md) or [group](../resources/group.md).",
            "Send a reference to a [group](../resources/group.md) or [user](../resources/user.md).",
        ] {
            let body = body_of(&api(sentence, "Returns `204 No Content`."));
            assert_eq!(
                named(&body),
                "microsoft.graph.directoryObject",
                "{sentence}"
            );
        }
        // The one the response also links, wherever it stands.
        for sentence in [
            "Send a [conversation](../resources/conversation.md) with a [post](../resources/post.md).",
            "Send, with a [post](../resources/post.md), a [conversation](../resources/conversation.md).",
        ] {
            let response =
                "Returns `201 Created` and a [conversation](../resources/conversation.md).";
            let body = body_of(&api(sentence, response));
            assert_eq!(named(&body), "microsoft.graph.conversation", "{sentence}");
        }
        // Types with nothing in common but the root: the first, as before.
        let sentence = "Send a [post](../resources/post.md) or a [user](../resources/user.md).";
        let body = body_of(&api(sentence, "Returns `204 No Content`."));
        assert_eq!(named(&body), "microsoft.graph.post");
    }
}
