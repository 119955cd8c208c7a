//! The model as `graphdoc model` prints it: the types and operations of the chosen versions, with
//! the names and decisions of the plan (parameter names, the parameter types of actions, which
//! examples replay), in the shape `score-model.py` and `stubcheck.py` read.

use super::naming;
use super::plan::{BodyPlan, OpPlan, Plan, Target, TypePlan, VersionPlan};
use crate::model::ANY_JSON;
use crate::ops::path::ParamKind;
use crate::ops::{RequestBody, ResponseBody};
use serde_json::{Value, json};
use std::collections::HashSet;

impl Plan<'_> {
    fn chosen<'p>(&'p self, versions: &'p [String]) -> impl Iterator<Item = &'p VersionPlan<'p>> {
        self.versions
            .iter()
            .filter(move |v| versions.is_empty() || versions.iter().any(|w| w == v.version))
    }

    /// `{"types": [...], "operations": [...]}`: every documented type of the chosen versions
    /// (all when `versions` is empty) with its own properties and enum members, and every
    /// operation.
    pub fn model_json(&self, versions: &[String]) -> Value {
        let types: Vec<Value> = self
            .chosen(versions)
            .flat_map(|v| v.space.iter().map(move |(_, t)| (v.version, t)))
            .map(|(version, t)| {
                json!({
                    "name": t.name,
                    "version": version,
                    "kind": t.kind,
                    "base": t.base,
                    "properties": t.properties.iter().map(|p| json!({
                        "name": p.name,
                        "type": p.ty.odata_name(),
                        "collection": p.collection,
                        "navigation": p.navigation,
                    })).collect::<Vec<_>>(),
                    "members": t.members.iter().map(|m| &m.name).collect::<Vec<_>>(),
                })
            })
            .collect();
        let operations: Vec<Value> = self
            .chosen(versions)
            .flat_map(|v| v.ops.iter().map(move |o| operation_json(v, o)))
            .collect();
        json!({ "types": types, "operations": operations })
    }

    /// Everything graphdoc holds: per version the types (the parameter types of actions
    /// included, marked `parameters_of`), the operations as read, and the orphan examples.
    pub fn full_json(&self) -> Value {
        let mut versions = serde_json::Map::new();
        let mut operations = serde_json::Map::new();
        let mut orphans = serde_json::Map::new();
        for v in &self.versions {
            let mut types: Vec<Value> = v
                .space
                .iter()
                .map(|(_, t)| serde_json::to_value(t).unwrap_or_default())
                .collect();
            let mut ops = Vec::new();
            for o in &v.ops {
                let mut op = serde_json::to_value(o.op).unwrap_or_default();
                if let Some(name) = parameters_name(v, o) {
                    if let RequestBody::Parameters { properties } = &o.op.request_body {
                        types.push(json!({
                            "name": name,
                            "kind": "complex",
                            "base": null,
                            "is_abstract": false,
                            "open": false,
                            "key": null,
                            "properties": properties,
                            "members": [],
                            "description": null,
                            "sources": [o.op.page],
                            "parameters_of": o.op.id,
                        }));
                    }
                    op["request_body"]["name"] = Value::from(name);
                }
                ops.push(op);
            }
            versions.insert(v.version.to_string(), json!({ "types": types }));
            operations.insert(v.version.to_string(), Value::from(ops));
            orphans.insert(v.version.to_string(), json!(v.orphan_examples));
        }
        json!({ "versions": versions, "operations": operations, "orphan_examples": orphans })
    }
}

/// The qualified name of the parameter type of an action.
fn parameters_name<'v>(v: &'v VersionPlan, o: &OpPlan) -> Option<&'v str> {
    match (&o.op.request_body, &o.body) {
        (
            RequestBody::Parameters { .. },
            Some(BodyPlan::Typed {
                target: Target::Struct { id, .. },
                ..
            }),
        ) => v.types.iter().find_map(|t| match t {
            TypePlan::Struct(s) if s.id == *id => Some(s.info.qualified.as_str()),
            _ => None,
        }),
        _ => None,
    }
}

fn operation_json(v: &VersionPlan, o: &OpPlan) -> Value {
    let op = o.op;
    let mut parameters: Vec<Value> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for t in &op.paths {
        for (p, name) in t.params.iter().zip(naming::param_names(&t.params)) {
            let (place, key) = match &p.kind {
                ParamKind::Query(k) => ("query", Some(k.as_str())),
                ParamKind::DrivePath => ("drive_path", None),
                ParamKind::Quoted | ParamKind::Segment => ("path", None),
            };
            let entry = json!({"name": name, "in": place, "key": key, "type": "Edm.String"});
            if seen.insert(entry.to_string()) {
                parameters.push(entry);
            }
        }
    }
    for q in &op.query_options {
        parameters.push(json!({"name": q, "in": "query", "optional": true}));
    }
    for h in &op.headers {
        parameters.push(json!({"name": h, "in": "header", "optional": true}));
    }
    let body = match &op.request_body {
        RequestBody::None => Value::Null,
        RequestBody::Type { name, collection } => json!({"type": name, "collection": collection}),
        RequestBody::Parameters { .. } => {
            json!({"type": parameters_name(v, o), "collection": false, "parameters": true})
        }
        RequestBody::Json => json!({"type": ANY_JSON, "collection": false}),
        RequestBody::Binary { content_type } => {
            json!({"type": "Edm.Stream", "collection": false, "content_type": content_type})
        }
    };
    let responses: Vec<Value> = op
        .responses
        .iter()
        .map(|r| {
            let (ty, collection) = match &r.body {
                ResponseBody::None | ResponseBody::Accepted => (Value::Null, false),
                ResponseBody::Type { name, collection } => {
                    (Value::from(name.as_str()), *collection)
                }
                ResponseBody::Json { collection } => (Value::from(ANY_JSON), *collection),
                ResponseBody::Primitive { name, collection } => {
                    (Value::from(name.as_str()), *collection)
                }
                ResponseBody::Binary => (Value::from("Edm.Stream"), false),
            };
            json!({"status": r.status, "type": ty, "collection": collection})
        })
        .collect();
    let examples: Vec<Value> = op
        .examples
        .iter()
        .zip(&o.examples)
        .map(|(e, decision)| {
            let mut example = json!({
                "name": e.name,
                "line": e.line,
                "url": e.url,
                "path": e.path,
                "values": e.values,
                "replayed": decision.request.is_none(),
                "reason": decision.request,
                "response_parsed": e.response.as_ref().map(|_| decision.response.is_none()),
            });
            // Only an example written on another page says where.
            if let Some(m) = &e.moved_from {
                example["page"] = Value::from(m.doc_page.as_str());
            }
            example
        })
        .collect();
    json!({
        "id": op.id,
        "page": op.page,
        "version": op.version,
        "method": op.method.as_str(),
        "paths": op.paths.iter().map(|p| p.written.as_str()).collect::<Vec<_>>(),
        "parameters": parameters,
        "request_body": body,
        "responses": responses,
        "deprecated": op.deprecated,
        "examples": examples,
    })
}
