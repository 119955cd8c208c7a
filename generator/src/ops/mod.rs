//! Operations: what an API page says one can call. A page gives one operation per HTTP method
//! of its "HTTP request" section: the URL forms (normalized by [`path`]), the query options and
//! headers it documents, the request body, the responses by status, its metadata, and its
//! documented examples, each matched to a URL form so it can be replayed as a test.
//!
//! [`OpsBuilder::add`] reads a page (nothing here needs another page); [`OpsBuilder::finish`]
//! resolves bodies and responses against the finished types of the version, builds parameter
//! types for actions, and decides for each example whether it can be replayed.

pub mod path;
mod resolve;

pub use resolve::fits;

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::TypeSpace;
use crate::page::Page;
use crate::page::http::{BodyKind, Segment, parse_url};
use crate::page::{BlockType, PermissionKind, SectionKind};
use path::PathTemplate;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One operation of an API version.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Stable id: the page's file name in snake_case (`user_list_messages`), with the method
    /// appended when a page documents more than one method.
    pub id: String,
    /// The UpperCamelCase name the stub is given (before collisions are resolved).
    pub name: String,
    /// The page, as given to the reader.
    pub page: String,
    /// The API version (`v1.0`, `beta`).
    pub version: String,
    pub method: String,
    pub paths: Vec<PathTemplate>,
    /// Per path: `None` for a form of the "HTTP request" section, or the line of the example
    /// the form was learned from (the section does not list it).
    pub learned_from: Vec<Option<usize>>,
    /// The names of the URL forms, one per path.
    pub variants: Vec<String>,
    /// OData query options the page documents (`$select`, `$filter`, …), in a fixed order.
    pub query_options: Vec<String>,
    /// Request headers the page names (other than Authorization and Content-Type).
    pub headers: Vec<String>,
    pub request_body: RequestBody,
    /// Successful responses, by status.
    pub responses: Vec<ResponseSpec>,
    /// The deprecation note, when the page says the operation is deprecated.
    pub deprecated: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    /// Least privileged permissions: (kind, names), for delegated and application access.
    pub permissions: Vec<(String, Vec<String>)>,
    pub doc_link: Option<String>,
    pub examples: Vec<Example>,
}

impl Operation {
    /// The operation in the shape `graphdoc model` prints: id, page, method, paths,
    /// parameters, request_body, responses, deprecated, examples.
    pub fn to_json(&self) -> Value {
        let mut parameters: Vec<Value> = Vec::new();
        for p in self.paths.iter().flat_map(|p| &p.params) {
            let (place, key) = match &p.kind {
                path::ParamKind::Query(k) => ("query", Some(k.as_str())),
                path::ParamKind::DrivePath => ("drive_path", None),
                path::ParamKind::Quoted | path::ParamKind::Segment => ("path", None),
            };
            let entry =
                serde_json::json!({"name": p.name, "in": place, "key": key, "type": "Edm.String"});
            if !parameters.contains(&entry) {
                parameters.push(entry);
            }
        }
        for o in &self.query_options {
            parameters.push(serde_json::json!({"name": o, "in": "query", "optional": true}));
        }
        for h in &self.headers {
            parameters.push(serde_json::json!({"name": h, "in": "header", "optional": true}));
        }
        let body = match &self.request_body {
            RequestBody::None => Value::Null,
            RequestBody::Type { name, collection } => {
                serde_json::json!({"type": name, "collection": collection})
            }
            RequestBody::Parameters { name } => {
                serde_json::json!({"type": name, "collection": false, "parameters": true})
            }
            RequestBody::Json => {
                serde_json::json!({"type": crate::model::ANY_JSON, "collection": false})
            }
            RequestBody::Binary { content_type } => {
                serde_json::json!({"type": "Edm.Stream", "collection": false, "content_type": content_type})
            }
        };
        let responses: Vec<Value> = self
            .responses
            .iter()
            .map(|r| {
                let (ty, collection) = match &r.body {
                    ResponseBody::None | ResponseBody::Accepted => (Value::Null, false),
                    ResponseBody::Type { name, collection } => {
                        (Value::from(name.as_str()), *collection)
                    }
                    ResponseBody::Json { collection } => {
                        (Value::from(crate::model::ANY_JSON), *collection)
                    }
                    ResponseBody::Binary => (Value::from("Edm.Stream"), false),
                };
                serde_json::json!({"status": r.status, "type": ty, "collection": collection})
            })
            .collect();
        let examples: Vec<Value> = self
            .examples
            .iter()
            .map(|e| {
                serde_json::json!({
                    "name": e.name,
                    "line": e.line,
                    "url": e.url,
                    "path": e.path,
                    "values": e.values,
                    "replayed": e.unreplayable.is_none(),
                    "reason": e.unreplayable,
                    "response_parsed": e.response.as_ref().map(|r| r.unparsable.is_none()),
                })
            })
            .collect();
        serde_json::json!({
            "id": self.id,
            "page": self.page,
            "version": self.version,
            "method": self.method,
            "paths": self.paths.iter().map(|p| p.written.as_str()).collect::<Vec<_>>(),
            "parameters": parameters,
            "request_body": body,
            "responses": responses,
            "deprecated": self.deprecated,
            "examples": examples,
        })
    }
}

/// What a request sends.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RequestBody {
    None,
    /// A model type (qualified name), or a collection of it.
    Type {
        name: String,
        collection: bool,
    },
    /// The parameters of an action: a type graphdoc builds from the "Request body" table and
    /// the examples (qualified name in the version's type space).
    Parameters {
        name: String,
    },
    /// JSON the docs do not type.
    Json,
    /// Bytes with a content type (uploads).
    Binary {
        content_type: String,
    },
}

/// One documented success status and what its body holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResponseSpec {
    pub status: u16,
    pub body: ResponseBody,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResponseBody {
    /// No body (204, or a status documented without one).
    None,
    /// A model type; `collection` for `{"value": [...], "@odata.nextLink": …}`.
    Type { name: String, collection: bool },
    /// JSON the docs do not type; `collection` as above.
    Json { collection: bool },
    /// A byte stream (`$value`, `/content`, files).
    Binary,
    /// 202 Accepted: a Location to poll.
    Accepted,
}

/// A documented request example, matched to a URL form.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    /// The annotation name.
    pub name: Option<String>,
    /// The page line of the request block.
    pub line: usize,
    pub method: String,
    pub url: String,
    /// The index of the URL form the example matches.
    pub path: Option<usize>,
    /// The path values, one per parameter of that form (decoded).
    pub values: Vec<String>,
    /// Query pairs as written.
    pub query: Vec<(String, String)>,
    /// The JSON body, when it has one that parsed.
    pub body: Option<Value>,
    /// The body as written, when it is not JSON (uploads).
    pub body_text: Option<String>,
    /// The request's Content-Type header.
    pub content_type: Option<String>,
    pub body_kind: BodyKind,
    pub response: Option<ExampleResponse>,
    /// Why the request cannot be replayed; `None` when it can.
    pub unreplayable: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExampleResponse {
    pub line: usize,
    pub status: Option<u16>,
    pub body: Option<Value>,
    pub body_kind: BodyKind,
    pub headers: Vec<(String, String)>,
    /// Why the response is not checked against the response type; `None` when it is.
    pub unparsable: Option<String>,
}

/// What a page says before types are known.
#[derive(Debug, Clone)]
struct Draft {
    op: Operation,
    file: PathBuf,
    /// The page's file name without extension, and the words that give it casing.
    stem: String,
    words: Vec<String>,
    /// Whether the page documents several methods (the name then ends in the method).
    several: bool,
    /// The type the first request annotation names (`@odata.type`), as written.
    request_type: Option<String>,
    /// Types linked from the "Request body" section (`../resources/x.md`).
    request_links: Vec<String>,
    /// Rows of the "Request body" table: (name, type cell, description).
    body_rows: Vec<(String, String, String)>,
    /// Per status: (type named by the response annotation, collection, body kind).
    responses: BTreeMap<u16, (Option<String>, bool, BodyKind)>,
    /// Types linked from the "Response" section, for responses no example types.
    response_links: Vec<String>,
}

/// Reads operations page by page; see the module documentation.
#[derive(Default)]
pub struct OpsBuilder {
    drafts: BTreeMap<String, Vec<Draft>>,
    diagnostics: Vec<Diagnostic>,
    /// Pages with an "HTTP request" section, and of those the pages that gave an operation.
    pub pages_with_request_section: BTreeMap<String, (usize, usize)>,
    /// Per version, request examples that no operation takes (`page:line: reason`).
    orphans: BTreeMap<String, Vec<String>>,
}

const QUERY_OPTIONS: [&str; 9] = [
    "$select",
    "$expand",
    "$filter",
    "$orderby",
    "$search",
    "$top",
    "$skip",
    "$count",
    "$skiptoken",
];

impl OpsBuilder {
    /// Reads the operations of one page (pages without templates give none).
    pub fn add(&mut self, page: &Page, version: &str) {
        let has_section = page
            .sections
            .iter()
            .any(|s| s.kind == SectionKind::HttpRequest);
        let drafts = read_page(page, &mut self.diagnostics);
        // Request examples no operation of the page takes are reported, never dropped.
        for request in &page.requests {
            let Some(a) = request.annotation.map(|a| &page.annotations[a]) else {
                continue;
            };
            if a.block_type != BlockType::Request
                || drafts
                    .iter()
                    .any(|d| d.op.method.eq_ignore_ascii_case(&request.message.method))
            {
                continue;
            }
            let line = page.fences[request.fence].content_line;
            let why = if request.message.method.is_empty() {
                "it has no request line".to_string()
            } else {
                format!(
                    "the page documents no `{}` URL form for `{}`",
                    request.message.method, request.message.url
                )
            };
            self.diagnostics.push(diag(
                Severity::Warning,
                Code::ExampleNotReplayable,
                &page.path,
                line,
                format!("the request example is not replayed: {why}"),
            ));
            self.orphans
                .entry(version.to_string())
                .or_default()
                .push(format!("{}:{line}: request: {why}", page.path.display()));
        }
        if has_section {
            let counts = self
                .pages_with_request_section
                .entry(version.to_string())
                .or_default();
            counts.0 += 1;
            if !drafts.is_empty() {
                counts.1 += 1;
            } else {
                let line = page
                    .sections
                    .iter()
                    .find(|s| s.kind == SectionKind::HttpRequest)
                    .map_or(1, |s| s.line);
                self.diagnostics.push(diag(
                    Severity::Warning,
                    Code::OperationMissing,
                    &page.path,
                    line,
                    "the \"HTTP request\" section has no `METHOD /path` line graphdoc can use; the page gives no operation".into(),
                ));
            }
        }
        self.drafts
            .entry(version.to_string())
            .or_default()
            .extend(drafts);
    }

    /// Resolves each version's operations against its types. Parameter types of actions are
    /// added to `spaces`.
    pub fn finish(self, spaces: &mut BTreeMap<String, TypeSpace>) -> Operations {
        let mut diagnostics = self.diagnostics;
        let mut operations = BTreeMap::new();
        for (version, drafts) in self.drafts {
            let space = spaces.entry(version.clone()).or_default();
            let ops = resolve::resolve(drafts, space, &mut diagnostics);
            operations.insert(version, ops);
        }
        Operations {
            operations,
            orphan_examples: self.orphans,
            diagnostics,
        }
    }
}

/// What [`OpsBuilder::finish`] gives.
pub struct Operations {
    pub operations: BTreeMap<String, Vec<Operation>>,
    /// Per version, request examples that no operation takes (`page:line: reason`).
    pub orphan_examples: BTreeMap<String, Vec<String>>,
    pub diagnostics: Vec<Diagnostic>,
}

fn diag(
    severity: Severity,
    code: Code,
    file: &std::path::Path,
    line: usize,
    message: String,
) -> Diagnostic {
    Diagnostic {
        severity,
        code,
        file: file.to_path_buf(),
        line,
        column: 1,
        message,
    }
}

/// URL forms by method, each with the line of the example it was learned from, if it was.
type FormsByMethod = Vec<(String, Vec<(PathTemplate, Option<usize>)>)>;

/// The operations of one page, before types are known.
fn read_page(page: &Page, diagnostics: &mut Vec<Diagnostic>) -> Vec<Draft> {
    let stem = page
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    // Templates by method, in page order; the same normalized path once. The second item is
    // the line of the example a form was learned from (see below).
    let mut methods: FormsByMethod = Vec::new();
    for t in &page.templates {
        let method = t.method.to_ascii_uppercase();
        let line = page.fences[t.fence].content_line + t.line;
        let normalized = match path::normalize(&t.path) {
            Ok(p) => p,
            Err(why) => {
                diagnostics.push(diag(
                    Severity::Warning,
                    Code::TemplateUnusable,
                    &page.path,
                    line,
                    format!(
                        "`{} {}` is not a usable URL template ({why}); it was left out",
                        t.method, t.path
                    ),
                ));
                continue;
            }
        };
        let slot = match methods.iter().position(|(m, _)| *m == method) {
            Some(i) => i,
            None => {
                methods.push((method, Vec::new()));
                methods.len() - 1
            }
        };
        let paths = &mut methods[slot].1;
        if !paths.iter().any(|(p, _)| same_form(p, &normalized)) {
            paths.push((normalized, None));
        }
    }
    // URL forms the examples show and the "HTTP request" section leaves out (`/me/drive/root`
    // beside `/me/drive/items/{id}`, a method only the examples use): the example's URL with
    // its values made parameters.
    let keyed = keyed_words(&methods);
    for request in &page.requests {
        let Some(a) = request.annotation.map(|a| &page.annotations[a]) else {
            continue;
        };
        if a.block_type != BlockType::Request || request.message.method.is_empty() {
            continue;
        }
        let method = request.message.method.to_ascii_uppercase();
        if !matches!(method.as_str(), "GET" | "POST" | "PATCH" | "PUT" | "DELETE") {
            continue;
        }
        let url = &request.message.url;
        let slot = methods.iter().position(|(m, _)| *m == method);
        if slot.is_some_and(|i| {
            methods[i]
                .1
                .iter()
                .any(|(p, _)| full_match(p, url).is_some())
        }) {
            continue;
        }
        let Some(form) = form_of_example(url, &keyed) else {
            continue;
        };
        let Ok(normalized) = path::normalize(&form) else {
            continue;
        };
        if full_match(&normalized, url).is_none() {
            continue;
        }
        let slot = match slot {
            Some(i) => i,
            None => {
                methods.push((method, Vec::new()));
                methods.len() - 1
            }
        };
        let paths = &mut methods[slot].1;
        if !paths.iter().any(|(p, _)| same_form(p, &normalized)) {
            paths.push((normalized, Some(page.fences[request.fence].content_line)));
        }
    }
    methods.retain(|(_, paths)| !paths.is_empty());
    let several = methods.len() > 1;
    let words = casing_words(page);
    let common = common_parts(page);
    methods
        .into_iter()
        .map(|(method, paths)| {
            let learned_from: Vec<Option<usize>> = paths.iter().map(|(_, l)| *l).collect();
            let paths: Vec<PathTemplate> = paths.into_iter().map(|(p, _)| p).collect();
            let mut id = heck::ToSnakeCase::to_snake_case(ascii_words(&stem).as_str());
            if id.is_empty() {
                id = "operation".into();
            }
            let mut name = cased_name(&stem, &words);
            if several {
                id = format!("{id}_{}", method.to_ascii_lowercase());
                name.push_str(&heck::ToUpperCamelCase::to_upper_camel_case(
                    method.to_ascii_lowercase().as_str(),
                ));
            }
            let variants = path::variant_names(&paths);
            let mut draft = Draft {
                op: Operation {
                    id,
                    name,
                    page: page.path.display().to_string(),
                    version: crate::model::version_of(page),
                    method: method.clone(),
                    paths,
                    learned_from,
                    variants,
                    query_options: common.query_options.clone(),
                    headers: common.headers.clone(),
                    request_body: RequestBody::None,
                    responses: Vec::new(),
                    deprecated: common.deprecated.clone(),
                    title: page.title.clone(),
                    description: page.front_matter.description.clone(),
                    permissions: common.permissions.clone(),
                    doc_link: doc_link(page, &stem),
                    examples: Vec::new(),
                },
                file: page.path.clone(),
                stem: stem.clone(),
                words: words.clone(),
                several,
                request_type: None,
                request_links: common.request_links.clone(),
                body_rows: common.body_rows.clone(),
                responses: BTreeMap::new(),
                response_links: common.response_links.clone(),
            };
            read_examples(page, &mut draft);
            for status in &common.statuses {
                draft
                    .responses
                    .entry(*status)
                    .or_insert((None, false, BodyKind::None));
            }
            // An example's query keys document the options too.
            for e in &draft.op.examples {
                for (k, _) in &e.query {
                    let k = k.trim().to_ascii_lowercase();
                    if let Some(o) = QUERY_OPTIONS.iter().find(|o| **o == k)
                        && !draft.op.query_options.iter().any(|q| q == o)
                    {
                        draft.op.query_options.push(o.to_string());
                    }
                }
            }
            draft
                .op
                .query_options
                .sort_by_key(|o| QUERY_OPTIONS.iter().position(|q| q == o));
            draft
        })
        .collect()
}

/// A match that accounts for the whole URL: function arguments the form does not write (it
/// writes `range/cell`, the example `range/cell(row=5,column=6)`) leave the stub unable to
/// build the example's URL.
fn full_match(form: &PathTemplate, url: &str) -> Option<path::Match> {
    path::match_url(form, url).filter(|m| m.args.is_empty())
}

/// The same URL form: the same pieces and parameters of the same kinds.
fn same_form(a: &PathTemplate, b: &PathTemplate) -> bool {
    a.pieces == b.pieces && a.params.len() == b.params.len() && same_query(a, b)
}

/// Lowercased words that the page's URL forms follow with a parameter (`items/{item-id}`).
fn keyed_words(methods: &FormsByMethod) -> Vec<String> {
    let mut out = Vec::new();
    for (_, paths) in methods {
        for (p, _) in paths {
            for pair in p.pieces.windows(2) {
                if let [path::Piece::Lit(lit), path::Piece::Param(_)] = pair
                    && let Some(word) = lit.strip_suffix('/').and_then(|l| l.rsplit('/').next())
                    && !word.is_empty()
                {
                    let word = word.to_ascii_lowercase();
                    if !out.contains(&word) {
                        out.push(word);
                    }
                }
            }
        }
    }
    out
}

/// A URL template from an example URL: values become placeholders. A value is a `{…}`
/// placeholder the example left in, a segment that looks like an id (digits, `@`, `:`, `=`,
/// GUIDs), a segment after a collection (a word the page's forms key, or a plural), a key in
/// parentheses, a function argument, or a drive path. `None` for a URL that is not Graph's.
fn form_of_example(url: &str, keyed: &[String]) -> Option<String> {
    let u = parse_url(url);
    if u.host.is_some() && u.api_version.is_none() {
        return None;
    }
    if u.segments.is_empty() {
        return None;
    }
    let mut out = String::new();
    let mut previous: Option<String> = None;
    for segment in &u.segments {
        match segment {
            Segment::Plain(text) => {
                out.push('/');
                let placeholder = text.starts_with('{') && text.ends_with('}');
                let after_collection = previous.as_deref().is_some_and(|p| {
                    let p = p.to_ascii_lowercase();
                    keyed.contains(&p) || (p.len() > 3 && p.ends_with('s') && !p.ends_with("ss"))
                });
                if placeholder {
                    out.push_str(text);
                    previous = None;
                } else if looks_like_value(text) || after_collection {
                    out.push_str("{id}");
                    previous = None;
                } else {
                    out.push_str(text);
                    previous = Some(text.clone());
                }
            }
            Segment::Key { name, key } => {
                out.push('/');
                out.push_str(name);
                out.push_str(if key.starts_with('\'') {
                    "('{id}')"
                } else {
                    "({id})"
                });
                previous = None;
            }
            Segment::Function { name, params } => {
                out.push('/');
                out.push_str(name);
                out.push('(');
                let args: Vec<String> = params
                    .iter()
                    .map(|(k, v)| {
                        let value = if v.trim_start().starts_with('\'') {
                            "'{value}'"
                        } else {
                            "{value}"
                        };
                        if k.is_empty() {
                            value.to_string()
                        } else {
                            format!("{k}={value}")
                        }
                    })
                    .collect();
                out.push_str(&args.join(","));
                out.push(')');
                previous = None;
            }
            Segment::Ref => out.push_str("/$ref"),
            Segment::Value => out.push_str("/$value"),
            Segment::Count => out.push_str("/$count"),
            Segment::Cast(c) => {
                out.push('/');
                out.push_str(c);
                previous = None;
            }
            Segment::DrivePath { .. } => {
                out.push_str(":/{item-path}:");
                previous = None;
            }
        }
    }
    Some(out)
}

/// An id rather than a name: `AAMkAG…==`, `19:abc@thread.v2`, a GUID, a number, `TSP228082938`.
fn looks_like_value(text: &str) -> bool {
    let digits = text.bytes().filter(u8::is_ascii_digit).count();
    text.contains(['@', ':', '=', '!', ' ', '%', ','])
        || (!text.is_empty() && digits == text.len())
        || digits >= 4
        || (text.len() >= 16 && text.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
}

fn same_query(a: &PathTemplate, b: &PathTemplate) -> bool {
    a.params
        .iter()
        .map(|p| &p.kind)
        .eq(b.params.iter().map(|p| &p.kind))
}

/// What every operation of a page shares.
#[derive(Default)]
struct Common {
    query_options: Vec<String>,
    headers: Vec<String>,
    deprecated: Option<String>,
    permissions: Vec<(String, Vec<String>)>,
    request_links: Vec<String>,
    response_links: Vec<String>,
    body_rows: Vec<(String, String, String)>,
    statuses: Vec<u16>,
}

fn common_parts(page: &Page) -> Common {
    let mut c = Common::default();
    let in_kind = |section: usize, kind: SectionKind| {
        page.sections.get(section).is_some_and(|s| s.kind == kind)
    };
    // Query options: named in the "Optional query parameters" section.
    let mut options = Vec::new();
    let mut note = |text: &str| {
        let lower = text.to_ascii_lowercase();
        for o in QUERY_OPTIONS {
            if contains_token(&lower, o) && !options.contains(&o) {
                options.push(o);
            }
        }
    };
    let mut general = false;
    for p in &page.paragraphs {
        if in_kind(p.section, SectionKind::OptionalQueryParameters) {
            note(&p.text);
            // "This method supports the [OData query parameters](/graph/query-parameters)":
            // the common options, whatever the language of the sentence.
            general |= p.links.iter().any(|l| l.contains("query-parameters"));
        }
    }
    for t in &page.tables {
        if in_kind(t.section, SectionKind::OptionalQueryParameters) {
            for row in &t.rows {
                if let Some(cell) = row.first() {
                    note(&cell.text);
                }
            }
        }
    }
    if general {
        for o in ["$select", "$expand", "$filter", "$orderby", "$top"] {
            if !options.contains(&o) {
                options.push(o);
            }
        }
    }
    c.query_options = options.into_iter().map(str::to_string).collect();

    // Headers: the first column of the "Request headers" tables.
    for t in &page.tables {
        if !in_kind(t.section, SectionKind::RequestHeaders) {
            continue;
        }
        for row in &t.rows {
            let Some(cell) = row.first() else { continue };
            let name = cell
                .text
                .trim()
                .split([':', ' '])
                .next()
                .unwrap_or_default()
                .trim_matches('`');
            let valid = name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
            let skip = ["authorization", "content-type", "content-length", "host"]
                .contains(&name.to_ascii_lowercase().as_str());
            if valid && !skip && !c.headers.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                c.headers.push(name.to_string());
            }
        }
    }

    // Deprecation: "(deprecated)" in the title; the note is the caution that says when.
    let title_deprecated = page
        .title
        .iter()
        .chain(
            page.sections
                .iter()
                .filter(|s| s.level == 1)
                .map(|s| &s.heading),
        )
        .any(|t| t.to_ascii_lowercase().contains("(deprecated)"));
    if title_deprecated {
        let caution = page
            .alerts
            .iter()
            .find(|a| {
                matches!(
                    a.kind.as_str(),
                    "CAUTION" | "WARNING" | "IMPORTANT" | "NOTE"
                ) && a.text.to_ascii_lowercase().contains("deprecat")
            })
            .map(|a| collapse(&a.text));
        c.deprecated =
            Some(caution.unwrap_or_else(|| "The docs mark this API as deprecated.".into()));
    }

    // Least privileged permissions, delegated and application.
    if let Some(p) = &page.permissions {
        for row in &p.rows {
            let kind = match &row.kind {
                PermissionKind::DelegatedWork => "delegated (work or school account)",
                PermissionKind::DelegatedPersonal => "delegated (personal Microsoft account)",
                PermissionKind::Application => "application",
                PermissionKind::Other(_) => continue,
            };
            if !row.least.is_empty() {
                c.permissions.push((kind.to_string(), row.least.clone()));
            }
        }
    }

    // Types linked from the request body and response sections; the body table.
    for p in &page.paragraphs {
        let target = if in_kind(p.section, SectionKind::RequestBody) {
            &mut c.request_links
        } else if in_kind(p.section, SectionKind::Response) {
            &mut c.response_links
        } else {
            continue;
        };
        for link in &p.links {
            if let Some(name) = resource_link(link)
                && !target.contains(&name)
            {
                target.push(name);
            }
        }
        if in_kind(p.section, SectionKind::Response) {
            for status in statuses_in(&p.text) {
                if !c.statuses.contains(&status) {
                    c.statuses.push(status);
                }
            }
        }
    }
    for t in &page.tables {
        if !in_kind(t.section, SectionKind::RequestBody) || t.header.len() < 2 {
            continue;
        }
        for row in &t.rows {
            if row.len() < 2 {
                continue;
            }
            let name = row[0]
                .text
                .trim()
                .trim_matches(|c| c == '*' || c == '`')
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            let ok = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '@')
                && name
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'@'));
            if ok && !c.body_rows.iter().any(|(n, _, _)| *n == name) {
                let description = row.get(2).map(|c| collapse(&c.text)).unwrap_or_default();
                c.body_rows.push((name, row[1].raw.clone(), description));
            }
        }
    }
    c
}

/// Status codes written as `200 OK`, `` `201 Created` ``, `204 No Content` in a sentence.
fn statuses_in(text: &str) -> Vec<u16> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 3 <= b.len() {
        let boundary_before = i == 0 || !b[i - 1].is_ascii_alphanumeric();
        let boundary_after = i + 3 == b.len() || !b[i + 3].is_ascii_alphanumeric();
        if boundary_before
            && boundary_after
            && b[i] == b'2'
            && b[i + 1].is_ascii_digit()
            && b[i + 2].is_ascii_digit()
        {
            let n = (b[i] - b'0') as u16 * 100
                + (b[i + 1] - b'0') as u16 * 10
                + (b[i + 2] - b'0') as u16;
            if matches!(n, 200..=206) && !out.contains(&n) {
                out.push(n);
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    out
}

/// `../resources/user.md` → `user`.
fn resource_link(link: &str) -> Option<String> {
    let link = link.split(['#', '?']).next()?;
    if !link.contains("resources/") {
        return None;
    }
    let stem = link.rsplit('/').next()?.strip_suffix(".md")?;
    (!stem.is_empty() && stem.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| stem.to_string())
}

fn contains_token(haystack: &str, token: &str) -> bool {
    haystack.match_indices(token).any(|(i, _)| {
        haystack[i + token.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn doc_link(page: &Page, stem: &str) -> Option<String> {
    let version = crate::model::version_of(page);
    let view = match version.as_str() {
        "v1.0" => "graph-rest-1.0",
        "beta" => "graph-rest-beta",
        _ => return None,
    };
    let locale = if page.locale == "en-us" {
        String::new()
    } else {
        format!("{}/", page.locale)
    };
    stem.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .then(|| format!("https://learn.microsoft.com/{locale}graph/api/{stem}?view={view}"))
}

/// The page's examples for `draft`'s method, each matched to a URL form.
fn read_examples(page: &Page, draft: &mut Draft) {
    for request in &page.requests {
        let Some(a) = request.annotation.map(|a| &page.annotations[a]) else {
            continue;
        };
        if a.block_type != BlockType::Request {
            continue;
        }
        let message = &request.message;
        if !message.method.eq_ignore_ascii_case(&draft.op.method) {
            continue;
        }
        if draft.request_type.is_none() && !matches!(message.method.as_str(), "GET" | "DELETE") {
            draft.request_type = a.odata_type.clone();
        }
        let fence = &page.fences[request.fence];
        let line = fence.content_line;
        let mut example = Example {
            name: request.name.clone(),
            line,
            method: message.method.clone(),
            url: message.url.clone(),
            path: None,
            values: Vec::new(),
            query: Vec::new(),
            body: request.body.as_ref().and_then(|b| b.value.clone()),
            body_text: matches!(request.body_kind, BodyKind::Binary | BodyKind::Text)
                .then(|| message.body.as_ref().map(|b| b.text.clone()))
                .flatten(),
            content_type: crate::page::http::content_type(&message.headers).map(str::to_string),
            body_kind: request.body_kind,
            response: None,
            unreplayable: None,
        };
        let url = parse_url(&message.url);
        if url.api_version.is_none() && url.host.is_some() {
            example.unreplayable = Some(format!("`{}` is not a Graph URL", message.url));
        }
        match draft
            .op
            .paths
            .iter()
            .enumerate()
            .find_map(|(i, p)| full_match(p, &message.url).map(|m| (i, m)))
        {
            Some((i, m)) => {
                example.path = Some(i);
                example.values = m.values;
                example.query = m.query;
            }
            None => {
                example.unreplayable.get_or_insert_with(|| {
                    format!(
                        "`{} {}` matches none of the page's URL forms ({})",
                        message.method,
                        message.url,
                        draft
                            .op
                            .paths
                            .iter()
                            .map(|p| p.written.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            }
        }
        if request.body_kind == BodyKind::Json && example.body.is_none() {
            example
                .unreplayable
                .get_or_insert_with(|| "its JSON body could not be read".into());
        }
        if let Some(r) = request.response.map(|r| &page.responses[r]) {
            let status = r.message.status;
            let kind = r.body_kind;
            if let Some(status) = status.filter(|s| (200..300).contains(s)) {
                let entry = draft.responses.entry(status).or_insert((None, false, kind));
                if entry.0.is_none() {
                    entry.0 = r.odata_type.clone();
                    entry.1 = r.is_collection;
                }
                if entry.2 == BodyKind::None {
                    entry.2 = kind;
                }
            }
            example.response = Some(ExampleResponse {
                line: page.fences[r.fence].content_line,
                status,
                body: r.body.as_ref().and_then(|b| b.value.clone()),
                body_kind: kind,
                headers: r
                    .message
                    .headers
                    .iter()
                    .map(|h| (h.name.clone(), h.value.clone()))
                    .collect(),
                unparsable: None,
            });
        }
        draft.op.examples.push(example);
    }
}

/// Words that give a file name's parts their casing: the literal words of the URL forms and
/// the types the examples name (`reminderview` → `reminderView`). Never translated text.
fn casing_words(page: &Page) -> Vec<String> {
    let mut out = Vec::new();
    for t in &page.templates {
        for s in parse_url(&t.path).segments {
            let word = match s {
                Segment::Plain(w) => w,
                Segment::Key { name, .. } | Segment::Function { name, .. } => name,
                Segment::Cast(c) => c.rsplit('.').next().unwrap_or_default().to_string(),
                _ => continue,
            };
            out.push(word);
        }
    }
    for a in &page.annotations {
        if let Some(t) = &a.odata_type {
            out.push(t.rsplit('.').next().unwrap_or_default().to_string());
        }
    }
    out.retain(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric()));
    out
}

/// The stub's name from the file name: `onlinemeeting-createorget` → `OnlineMeetingCreateOrGet`
/// when the page's URL forms or types spell the words that way.
pub(crate) fn cased_name(stem: &str, words: &[String]) -> String {
    let mut out = String::new();
    for part in ascii_words(stem).split(' ').filter(|p| !p.is_empty()) {
        let cased = words
            .iter()
            .find(|w| w.eq_ignore_ascii_case(part))
            .or_else(|| {
                // A plural form of a word: `users` for `user`.
                words.iter().find(|w| {
                    part.len() > w.len()
                        && part[..w.len()].eq_ignore_ascii_case(w)
                        && matches!(&part[w.len()..], "s" | "es")
                })
            })
            .map(|w| {
                let mut w = w.clone();
                w.push_str(&part[w.len()..]);
                w
            })
            .unwrap_or_else(|| part.to_string());
        out.push_str(&heck::ToUpperCamelCase::to_upper_camel_case(cased.as_str()));
    }
    if out.is_empty() || !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "Op");
    }
    out
}

/// ASCII alphanumeric runs of `s`, joined by spaces.
pub(crate) fn ascii_words(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_take_their_casing_from_the_page() {
        let words = vec![
            "onlineMeetings".to_string(),
            "createOrGet".to_string(),
            "onlineMeeting".to_string(),
        ];
        assert_eq!(
            cased_name("onlinemeeting-createorget", &words),
            "OnlineMeetingCreateOrGet"
        );
        assert_eq!(cased_name("user-list", &[]), "UserList");
        assert_eq!(cased_name("1x", &[]), "Op1x");
        assert_eq!(
            cased_name("onlinemeetings-list", &words),
            "OnlineMeetingsList"
        );
    }

    #[test]
    fn statuses_from_sentences() {
        assert_eq!(
            statuses_in("returns a `201 Created` response code"),
            vec![201]
        );
        assert_eq!(
            statuses_in("returns 204 No Content; 2040 is not"),
            vec![204]
        );
        assert!(statuses_in("returns 404").is_empty());
    }

    #[test]
    fn resource_links() {
        assert_eq!(resource_link("../resources/user.md"), Some("user".into()));
        assert_eq!(
            resource_link("../resources/user.md#props"),
            Some("user".into())
        );
        assert_eq!(resource_link("user-get.md"), None);
    }
}
