//! A page → its operations, before any type is known: URL forms by method (the "HTTP request"
//! section's, and those its examples show), what the page says of options, headers, bodies and
//! responses, and its examples matched to the forms.

use super::path::{self, PathTemplate, Piece};
use super::{Example, ExampleResponse, Operation, RequestBody, diag};
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::Edm;
use crate::page::http::{BodyKind, RequestMessage, RequestUrl, Segment, parse_url};
use crate::page::{BlockType, Page, PermissionKind, Response, SectionKind};
use std::borrow::Cow;
use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

/// An operation as its page tells it; [`super::resolve`] finishes it against the types.
#[derive(Debug, Clone)]
pub(super) struct OpDraft {
    pub op: Operation,
    /// The type the first request annotation names (`@odata.type`), as written.
    pub request_type: Option<String>,
    /// Types linked from the "Request body" section (`../resources/x.md`).
    pub request_links: Vec<String>,
    /// Rows of the "Request body" table: (name, type cell, description).
    pub body_rows: Vec<(String, String, String)>,
    /// Per status: (type named by the response annotation, collection, body kind).
    pub responses: BTreeMap<u16, (Option<String>, bool, BodyKind)>,
    /// Types linked from the "Response" section, for responses no example types.
    pub response_links: Vec<String>,
    /// Per success status: whether the page's example responses to this method (annotated or
    /// not) are all collections (`{"value": [...]}`), for statuses with a JSON example body.
    pub envelopes: BTreeMap<u16, bool>,
    /// Success statuses whose example responses to this method (annotated or not) carry JSON.
    pub json_statuses: Vec<u16>,
    /// JSON objects the "Request body" section shows outside the examples (`{"shouldSet…": true}`).
    pub body_samples: Vec<serde_json::Value>,
    /// Every JSON object the page's requests send (annotated or not), shared with the page:
    /// their top-level keys are how the wire spells a row's name (`groupBy` for a row
    /// `Groupby`).
    pub shown_bodies: Vec<std::sync::Arc<serde_json::Value>>,
    /// JSON bodies of the page's requests to this method that are not examples (no annotation,
    /// or `ignored`): they show the wire names a translated "Request body" row stands for. Read
    /// only when the page has such rows ([`Self::body_rows`]); empty otherwise.
    pub unannotated_bodies: Vec<serde_json::Value>,
    /// Per success status: the primitive every JSON example response to this method wraps in
    /// `{"value": …}` (and whether it is an array of them), when they all agree.
    pub primitives: BTreeMap<u16, (Edm, bool)>,
    /// Per success status: the keys (other than `@…` annotations) every JSON example response
    /// to this method shows on its object (or on each item of its `value` array), when the
    /// examples of that status agree on them.
    pub response_keys: BTreeMap<u16, BTreeSet<String>>,
}

/// The primitive a response body wraps: `{"value": true}` → `(Boolean, false)`,
/// `{"value": ["a", "b"]}` → `(String, true)`; nothing else beside `value` but `@odata.*`
/// keys. An empty array or `null` tells nothing.
pub(super) fn wrapped_primitive(body: &serde_json::Value) -> Option<(Edm, bool)> {
    use serde_json::Value;
    let map = body.as_object()?;
    if !map.keys().all(|k| k == "value" || k.starts_with('@')) {
        return None;
    }
    let scalar = |v: &Value| match v {
        Value::Bool(_) => Some(Edm::Boolean),
        Value::String(_) => Some(Edm::String),
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            Some(if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) {
                Edm::Int32
            } else {
                Edm::Int64
            })
        }
        Value::Number(_) => Some(Edm::Double),
        _ => None,
    };
    match map.get("value")? {
        Value::Array(items) => {
            let mut kinds = items.iter().map(scalar);
            let first = kinds.next()??;
            kinds.all(|k| k == Some(first)).then_some((first, true))
        }
        v => scalar(v).map(|e| (e, false)),
    }
}

/// Per success status, the primitive all JSON example responses to `method` wrap.
fn primitives(examples: &[&Response]) -> BTreeMap<u16, (Edm, bool)> {
    agreed(examples.iter().filter_map(|r| {
        let status = success(r)?;
        Some((
            status,
            wrapped_primitive(r.body.as_ref()?.value.as_deref()?),
        ))
    }))
    .into_iter()
    .filter_map(|(s, p)| Some((s, p?)))
    .collect()
}

/// The success status of an example response (2xx).
fn success(r: &Response) -> Option<u16> {
    r.message.status.filter(|s| (200..300).contains(s))
}

/// Per status, the value every item of that status gives, where they all give the same.
fn agreed<T: PartialEq>(items: impl IntoIterator<Item = (u16, T)>) -> BTreeMap<u16, T> {
    let mut out: BTreeMap<u16, Option<T>> = BTreeMap::new();
    for (status, value) in items {
        match out.entry(status) {
            Entry::Vacant(e) => {
                e.insert(Some(value));
            }
            Entry::Occupied(mut e) => {
                if e.get().as_ref() != Some(&value) {
                    e.insert(None);
                }
            }
        }
    }
    out.into_iter().filter_map(|(s, v)| Some((s, v?))).collect()
}

/// A collection response: `{"value": [...]}` with nothing beside it but `@odata.*` keys.
pub(super) fn is_envelope(body: &serde_json::Value) -> bool {
    body.as_object().is_some_and(|m| {
        m.get("value").is_some_and(serde_json::Value::is_array)
            && m.keys().all(|k| k == "value" || k.starts_with('@'))
    })
}

/// The example responses to requests of `method`, and, when the section documents only that
/// method, the responses no request is paired with.
fn responses_to<'p>(page: &'p Page, method: &http::Method) -> Vec<&'p Response> {
    let mut out: Vec<&Response> = page
        .requests
        .iter()
        .filter(|r| r.message.method.eq_ignore_ascii_case(method.as_str()))
        .filter_map(|r| r.response.map(|i| &page.responses[i]))
        .collect();
    let only_method = !page.templates.is_empty()
        && page
            .templates
            .iter()
            .all(|t| t.method.eq_ignore_ascii_case(method.as_str()));
    if only_method {
        out.extend(page.responses.iter().filter(|r| r.request.is_none()));
    }
    out
}

/// Success statuses of the example responses to `method` that carry a JSON body.
fn json_statuses(examples: &[&Response]) -> Vec<u16> {
    let mut out = Vec::new();
    for r in examples {
        if let Some(status) = success(r)
            && r.body_kind == BodyKind::Json
            && !out.contains(&status)
        {
            out.push(status);
        }
    }
    out
}

/// `…/items/{id}`: the form ends in a key segment.
fn ends_in_key(form: &PathTemplate) -> bool {
    match form.pieces.as_slice() {
        [.., path::Piece::Lit(lit), path::Piece::Param(i)] => {
            lit.ends_with('/')
                && form
                    .params
                    .get(*i)
                    .is_some_and(|p| p.kind == path::ParamKind::Segment)
        }
        _ => false,
    }
}

/// Whether each success status's JSON example responses to `method` are collections. A response
/// whose annotation says `isCollection` counts without a body (the docs sometimes write the
/// body in a fence of its own: `search-query`).
fn envelopes(examples: &[&Response]) -> BTreeMap<u16, bool> {
    let mut out = BTreeMap::new();
    for r in examples {
        let Some(status) = success(r) else {
            continue;
        };
        let body = r.body.as_ref().and_then(|b| b.value.as_deref());
        if body.is_none() && !r.is_collection {
            continue;
        }
        let envelope = body.is_some_and(is_envelope) || r.is_collection;
        *out.entry(status).or_insert(envelope) &= envelope;
    }
    out
}

/// The keys of the objects the example responses to `method` show, per success status, when
/// every example of that status shows the same ones: `{"getUrl": …, "postUrl": …}` →
/// `{getUrl, postUrl}`; items of a `{"value": [...]}` envelope count as the objects. A page
/// with no example response to `method` may still show the body in its "Response" section,
/// outside any example: that stands for a `200`.
fn response_keys(page: &Page, examples: &[&Response]) -> BTreeMap<u16, BTreeSet<String>> {
    let samples: Vec<serde_json::Value> = if examples.is_empty() {
        page.fences
            .iter()
            .filter(|f| {
                f.annotation.is_none() && in_section(page, f.section, SectionKind::Response)
            })
            .filter_map(|f| serde_json::from_str::<serde_json::Value>(&f.text).ok())
            .filter(serde_json::Value::is_object)
            .collect()
    } else {
        Vec::new()
    };
    let bodies = examples
        .iter()
        .filter_map(|r| Some((success(r)?, r.body.as_ref()?.value.as_deref()?)))
        .chain(samples.iter().map(|v| (200, v)));
    let objects = bodies.flat_map(|(status, body)| {
        let objects: Vec<&serde_json::Map<String, serde_json::Value>> = if is_envelope(body) {
            body["value"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(serde_json::Value::as_object)
                .collect()
        } else {
            body.as_object().into_iter().collect()
        };
        objects.into_iter().map(move |o| (status, o))
    });
    agreed(objects.map(|(status, object)| {
        let keys: BTreeSet<String> = object
            .keys()
            .filter(|k| !k.starts_with('@'))
            .cloned()
            .collect();
        (status, keys)
    }))
}

/// What one page gives.
pub(super) struct PageOps {
    pub drafts: Vec<OpDraft>,
    pub diagnostics: Vec<Diagnostic>,
    /// Request examples no operation of the page takes (`page:line: reason`).
    pub orphans: Vec<String>,
    pub has_request_section: bool,
}

pub(super) const QUERY_OPTIONS: [&str; 9] = [
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

/// The operations of one page; request examples no operation takes are reported, never dropped.
pub(super) fn page_operations(page: &Page, version: &str) -> PageOps {
    let mut diagnostics = Vec::new();
    let drafts = operations_of_page(page, version, &mut diagnostics);
    let mut orphans = Vec::new();
    for request in &page.requests {
        let Some(a) = request.annotation.map(|a| &page.annotations[a]) else {
            continue;
        };
        if a.block_type != BlockType::Request
            || drafts.iter().any(|d| {
                d.op.method
                    .as_str()
                    .eq_ignore_ascii_case(&request.message.method)
            })
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
        diagnostics.push(diag(
            Severity::Warning,
            Code::ExampleNotReplayable,
            &page.path,
            line,
            format!("the request example is not replayed: {why}"),
        ));
        // The page as generated code cites it: relative to the doc set, never a path of the
        // machine that generated it.
        orphans.push(format!("{}:{line}: request: {why}", doc_page(&page.path)));
    }
    let request_section = page
        .sections
        .iter()
        .find(|s| s.kind == SectionKind::HttpRequest);
    if let Some(section) = request_section
        && drafts.is_empty()
    {
        diagnostics.push(diag(
            Severity::Warning,
            Code::OperationMissing,
            &page.path,
            section.line,
            "the \"HTTP request\" section has no `METHOD /path` line graphdoc can use; the page gives no operation".into(),
        ));
    }
    PageOps {
        drafts,
        diagnostics,
        orphans,
        has_request_section: request_section.is_some(),
    }
}

/// URL forms, each with the line of the example it was learned from, if it was.
type Forms = Vec<(PathTemplate, Option<usize>)>;

/// URL forms by method.
#[derive(Default)]
struct FormsByMethod {
    forms: Vec<(http::Method, Forms)>,
    /// The [`form_hash`] of the forms, each with where the first form of that hash is in
    /// [`Self::forms`] (method's slot, form's index): to add each form once in constant time.
    seen: foldhash::HashMap<u64, (usize, usize)>,
}

/// The operations of one page, before types are known.
fn operations_of_page(
    page: &Page,
    version: &str,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<OpDraft> {
    let stem = page
        .path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    // The URL of each of `page.requests`, read once: each is matched against each URL form.
    let urls: Vec<RequestUrl> = page
        .requests
        .iter()
        .map(|r| r.message.parsed_url())
        .collect();
    // Each URL template of the page, read once: for its URL form and for the casing words.
    let templates: Vec<RequestUrl> = page.templates.iter().map(|t| parse_url(&t.path)).collect();
    let mut methods = section_forms(page, &templates, diagnostics);
    rebase_relative_forms(page, &urls, &mut methods, diagnostics);
    add_function_arguments(&urls, &mut methods);
    add_get_body_arguments(page, &mut methods);
    add_example_forms(page, &urls, &mut methods);
    drop_section_forms_examples_key(page, &urls, &mut methods, diagnostics);
    let mut methods = methods.forms;
    methods.retain(|(_, paths)| !paths.is_empty());
    if methods.is_empty() {
        return Vec::new();
    }
    let several = methods.len() > 1;
    let count = methods.len();
    let mut words = casing_words(page, &templates);
    // The operation id the page's stem gives (with the method when the page has several).
    let mut page_id = crate::casing::snake_case(&ascii_words(&stem));
    if page_id.is_empty() {
        page_id = "operation".into();
    }
    let (page_doc, page_link) = (doc_page(&page.path), doc_link(version, &page.locale, &stem));
    let mut common = common_parts(page);
    // The page's other requests only name the wire keys of "Request body" rows
    // (`resolve::named_rows`): a page without such rows does not read them.
    let shown = if common.body_rows.is_empty() {
        Vec::new()
    } else {
        shown_requests(page)
    };
    methods
        .into_iter()
        .enumerate()
        .map(|(i, (method, paths))| {
            // Each draft has its own copy of what the page's drafts share; the last takes it.
            let (common, words) = if i + 1 == count {
                (std::mem::take(&mut common), std::mem::take(&mut words))
            } else {
                (common.clone(), words.clone())
            };
            let learned_from: Vec<Option<usize>> = paths.iter().map(|(_, l)| *l).collect();
            let paths: Vec<PathTemplate> = paths.into_iter().map(|(p, _)| p).collect();
            let id = if several {
                format!("{page_id}_{}", method.as_str().to_ascii_lowercase())
            } else {
                page_id.clone()
            };
            let examples = responses_to(page, &method);
            // A form ending in a key (`…/items/{id}`) answers one entity, whatever an example
            // response wraps it in.
            let envelopes = if paths.iter().all(ends_in_key) {
                BTreeMap::new()
            } else {
                envelopes(&examples)
            };
            let json_statuses = json_statuses(&examples);
            let primitives = primitives(&examples);
            let response_keys = response_keys(page, &examples);
            let query_options =
                generic_query_options(&common.query_options, &method, &paths, &envelopes);
            let unannotated_bodies = shown_request_bodies(&shown, &method);
            let mut draft = OpDraft {
                op: Operation {
                    id,
                    // The text `display` writes, copied at once rather than written piece
                    // by piece into a growing string.
                    page: page.path.to_string_lossy().into_owned(),
                    doc_page: page_doc.clone(),
                    version: version.to_string(),
                    method,
                    paths,
                    learned_from,
                    query_options,
                    headers: common.headers,
                    request_body: RequestBody::None,
                    responses: Vec::new(),
                    deprecated: common.deprecated,
                    title: page.title.clone(),
                    description: page.front_matter.description.clone(),
                    permissions: common.permissions,
                    doc_link: page_link.clone(),
                    examples: Vec::new(),
                    stem: stem.clone(),
                    casing_words: words,
                    several_methods: several,
                },
                request_type: None,
                request_links: common.request_links,
                body_rows: common.body_rows,
                responses: BTreeMap::new(),
                response_links: common.response_links,
                envelopes,
                json_statuses,
                body_samples: common.body_samples,
                shown_bodies: common.shown_bodies,
                unannotated_bodies,
                primitives,
                response_keys,
            };
            read_examples(page, &urls, &mut draft);
            add_ignored_responses(page, &mut draft);
            for status in &common.statuses {
                draft
                    .responses
                    .entry(*status)
                    .or_insert((None, false, BodyKind::None));
            }
            add_example_query_options(&mut draft.op);
            draft
        })
        .collect()
}

/// The page's requests that are not examples: blocks without an annotation or marked `ignored`
/// (`POST …/getSchedule` with its `{"schedules": …}`).
fn shown_requests(page: &Page) -> Vec<RequestMessage> {
    page.fences
        .iter()
        .filter(|f| {
            f.annotation
                .is_none_or(|a| page.annotations[a].block_type == BlockType::Ignored)
        })
        .filter_map(|f| crate::page::http::parse_request(&f.text))
        .collect()
}

/// The JSON object bodies of `requests` ([`shown_requests`]) to `method`.
fn shown_request_bodies(
    requests: &[RequestMessage],
    method: &http::Method,
) -> Vec<serde_json::Value> {
    requests
        .iter()
        .filter(|m| m.method.eq_ignore_ascii_case(method.as_str()))
        .filter_map(|m| serde_json::from_str(&m.body.as_ref()?.text).ok())
        .filter(serde_json::Value::is_object)
        .collect()
}

/// `…/en-2021/api-reference/v1.0/api/user-get.md` → `api-reference/v1.0/api/user-get.md`.
fn doc_page(path: &std::path::Path) -> String {
    use std::path::Component;
    // A path written plainly (UTF-8; below its last `api-reference` folder no empty, `.` or
    // `..` name) is named by its text from that folder on: the components it would be split
    // into are the names between its slashes (where `/` is the only separator: Windows also
    // splits at `\`).
    if let Some(text) = path.to_str()
        && (cfg!(unix) || !text.contains('\\'))
        && let Some(at) = last_api_reference(text)
        && text[at + 1..]
            .split('/')
            .all(|name| !matches!(name, "" | "." | ".."))
    {
        return text[at + 1..].to_string();
    }
    // The doc root is the folder above the nearest `api-reference` folder that holds the page
    // ([`crate::page::doc_root_of`]): the page is named from that folder down. Read from the
    // end: the folders above it are not read.
    let mut components = path.components().rev();
    let mut from_folder: Vec<Component> = components.next().into_iter().collect();
    for c in components {
        from_folder.push(c);
        if c == Component::Normal("api-reference".as_ref()) {
            from_folder.reverse();
            return joined_names(&from_folder);
        }
    }
    doc_page_from_root(path)
}

/// Where the last `/api-reference/` of `path` starts (`str::rfind`): looked for at each slash,
/// from the end, since building a searcher for the whole word costs more than reading the few
/// names after it.
fn last_api_reference(path: &str) -> Option<usize> {
    let bytes = path.as_bytes();
    memchr::memrchr_iter(b'/', bytes).find(|&i| bytes[i + 1..].starts_with(b"api-reference/"))
}

/// [`doc_page`] from the page's [`crate::page::doc_root_of`] (the general rule, for paths
/// without an `api-reference` folder).
fn doc_page_from_root(path: &std::path::Path) -> String {
    let root = crate::page::doc_root_of(path);
    let relative = path.strip_prefix(&root).unwrap_or(path);
    joined_names(&relative.components().collect::<Vec<_>>())
}

/// The names among `components` (no root, `.` or `..`), joined by `/`.
fn joined_names(components: &[std::path::Component]) -> String {
    let mut out = String::new();
    for c in components {
        if let std::path::Component::Normal(name) = c {
            if !out.is_empty() {
                out.push('/');
            }
            out.push_str(&name.to_string_lossy());
        }
    }
    out
}

/// An example's query keys document the options too.
fn add_example_query_options(op: &mut Operation) {
    for e in &op.examples {
        for (k, _) in &e.query {
            let k = k.trim().to_ascii_lowercase();
            if let Some(o) = QUERY_OPTIONS.iter().find(|o| **o == k)
                && !op.query_options.iter().any(|q| q == o)
            {
                op.query_options.push(o.to_string());
            }
        }
    }
    op.query_options
        .sort_by_key(|o| QUERY_OPTIONS.iter().position(|q| q == o));
}

/// The forms of the "HTTP request" section by method, in page order; the same normalized path
/// once.
/// How many URL templates of one page are read. Graph's pages document a few dozen at most.
const MAX_TEMPLATES: usize = 1_000;

/// `templates` holds the [`parse_url`] of each of `page.templates`.
fn section_forms(
    page: &Page,
    templates: &[RequestUrl],
    diagnostics: &mut Vec<Diagnostic>,
) -> FormsByMethod {
    let mut methods = FormsByMethod::default();
    if let Some(t) = page.templates.get(MAX_TEMPLATES) {
        diagnostics.push(diag(
            Severity::Warning,
            Code::TemplateUnusable,
            &page.path,
            page.fences[t.fence].content_line + t.line,
            format!(
                "the page writes {} URL templates; the first {MAX_TEMPLATES} were read, the rest left out",
                page.templates.len()
            ),
        ));
    }
    for (t, parsed) in page.templates.iter().zip(templates).take(MAX_TEMPLATES) {
        let line = page.fences[t.fence].content_line + t.line;
        let unusable = |why: String| {
            diag(
                Severity::Warning,
                Code::TemplateUnusable,
                &page.path,
                line,
                format!(
                    "`{} {}` is not a usable URL template ({why}); it was left out",
                    t.method, t.path
                ),
            )
        };
        let Ok(method) = http::Method::from_bytes(t.method.to_ascii_uppercase().as_bytes()) else {
            diagnostics.push(unusable("not an HTTP method".into()));
            continue;
        };
        let written = literal_values_as_parameters(&t.path);
        let normalized = match path::normalize_known(&written, Some((&t.path, parsed))) {
            Ok(p) => p,
            Err(why) => {
                diagnostics.push(unusable(why));
                continue;
            }
        };
        add_form(&mut methods, method, normalized, None);
    }
    methods
}

/// The path of an example URL after the host and the API version, without the query.
fn example_path(url: &str) -> &str {
    let url = url.trim();
    let url = url.split_once('?').map_or(url, |(p, _)| p);
    let path = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => url,
    };
    let trimmed = path.trim_start_matches('/');
    let first = trimmed.split('/').next().unwrap_or("");
    if parse_url(url).api_version.as_deref() == Some(first) && !first.is_empty() {
        &trimmed[first.len()..]
    } else {
        path
    }
}

/// Byte positions of the `/` of `path` outside parentheses and quotes, after the first one.
fn inner_slashes(path: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let (mut depth, mut quoted) = (0usize, false);
    for (i, b) in path.bytes().enumerate() {
        match b {
            b'\'' => quoted = !quoted,
            b'(' if !quoted => depth += 1,
            b')' if !quoted => depth = depth.saturating_sub(1),
            b'/' if !quoted && depth == 0 && i > 0 => out.push(i),
            _ => {}
        }
    }
    out
}

/// The lowercased first segment of a path (`/workbook/tables` → `workbook`).
fn first_segment(path: &str) -> String {
    let path = path.trim().trim_start_matches('/');
    let end = path.find(['/', '(', '?']).unwrap_or(path.len());
    path[..end].to_ascii_lowercase()
}

/// Forms the section writes relative to the resource they belong to (`/workbook/tables/{id}`)
/// while the page's examples call them below it (`/me/drive/items/{id}/workbook/tables/{id}`):
/// no example matches a form of the section from its start, and none starts where the form does,
/// but an example ends in one of the forms after a leading part that names an item by a value, and
/// all forms start with the same segment. The forms are then written below that leading part,
/// with its values made parameters: a stub sending `/workbook/…` from the service root addresses
/// nothing.
fn rebase_relative_forms(
    page: &Page,
    parsed: &[RequestUrl],
    methods: &mut FormsByMethod,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let urls: Vec<(&str, &RequestUrl, usize)> = page
        .requests
        .iter()
        .zip(parsed)
        .filter(|(r, _)| {
            r.annotation
                .is_some_and(|a| page.annotations[a].block_type == BlockType::Request)
                && !r.message.method.is_empty()
        })
        .map(|(r, u)| (r.message.url.as_str(), u, page.fences[r.fence].content_line))
        .collect();
    let section = |f: &dyn Fn(&PathTemplate) -> bool| {
        methods
            .forms
            .iter()
            .any(|(_, forms)| forms.iter().any(|(p, _)| f(p)))
    };
    if urls.is_empty()
        || urls
            .iter()
            .any(|(_, u, _)| section(&|p| full_match_parsed(p, u).is_some()))
    {
        return;
    }
    // A page that writes forms from two starting points (`/chats/{id}` and `/users/{id}/chats/{id}`)
    // writes them from the service root.
    let mut section_starts = methods
        .forms
        .iter()
        .flat_map(|(_, forms)| forms.iter().map(|(p, _)| first_segment(&p.written)));
    let Some(section_start) = section_starts.next() else {
        return;
    };
    if section_starts.any(|s| s != section_start) {
        return;
    }
    let starts: Vec<String> = urls
        .iter()
        .map(|(u, _, _)| first_segment(example_path(u)))
        .collect();
    let mut found = None;
    'urls: for (url, _, line) in &urls {
        let path = example_path(url);
        for cut in inner_slashes(path) {
            let rest = &path[cut..];
            for (_, forms) in &methods.forms {
                for (p, _) in forms {
                    let start = first_segment(&p.written);
                    if !start.is_empty()
                        && !starts.contains(&start)
                        && full_match(p, rest).is_some()
                    {
                        found = Some((&path[..cut], start, *line));
                        break 'urls;
                    }
                }
            }
        }
    }
    let Some((prefix, start, line)) = found else {
        return;
    };
    // The forms name no item: they are relative to one, and the leading part addresses it by a
    // value. A leading part of words only (`/solutions` before `/bookingBusinesses`) is another
    // way to the same root, which the service answers as written.
    let Some(prefix) = form_of_example(&parse_url(prefix), &[], &[]).filter(|p| p.contains('{'))
    else {
        return;
    };
    let mut rebased = Vec::new();
    for (_, forms) in &mut methods.forms {
        for (p, _) in forms.iter_mut() {
            if first_segment(&p.written) != start {
                continue;
            }
            let written = format!("{prefix}/{}", p.written.trim().trim_start_matches('/'));
            if let Ok(form) = path::normalize(&written) {
                rebased.push(format!("`{}` → `{}`", p.written, form.written));
                *p = form;
            }
        }
    }
    if rebased.is_empty() {
        return;
    }
    diagnostics.push(diag(
        Severity::Note,
        Code::TemplateUnusable,
        &page.path,
        line,
        format!(
            "the \"HTTP request\" section writes its URLs relative to `{prefix}`, as the example \
             here shows; the stub sends them below it: {}",
            rebased.join(", ")
        ),
    ));
    methods.reindex();
}

/// A function the section writes bare (`range/cell`, `verifyWindowsEnrollmentAutoDiscovery`)
/// while the page's examples call it with named arguments (`cell(row=5,column=6)`): the form
/// takes those arguments as parameters, so the stub can send them, unless another form of the
/// section writes the function with its arguments.
fn add_function_arguments(urls: &[RequestUrl], methods: &mut FormsByMethod) {
    let mut calls: Vec<(String, Vec<(String, bool)>)> = Vec::new();
    for url in urls {
        let segments = &url.segments;
        for (i, segment) in segments.iter().enumerate() {
            let Segment::Function { name, params } = segment else {
                continue;
            };
            // The same URL writing the name bare further on (`range(address='A1')/visibleView/range`)
            // shows that call without arguments: these belong to the earlier one only.
            let shown_bare_later = segments[i + 1..]
                .iter()
                .any(|s| matches!(s, Segment::Plain(p) if p.eq_ignore_ascii_case(name)));
            let named = !shown_bare_later
                && !params.is_empty()
                && params.iter().all(|(k, _)| {
                    !k.is_empty() && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                });
            if named && !calls.iter().any(|(n, _)| n.eq_ignore_ascii_case(name)) {
                let args = params
                    .iter()
                    .map(|(k, v)| (k.clone(), v.trim_start().starts_with('\'')))
                    .collect();
                calls.push((name.clone(), args));
            }
        }
    }
    // A function some form writes with its arguments (`worksheets/{id}/range(address='…')`)
    // takes none where the section writes it bare after something else (`names/{name}/range`):
    // the section tells the two calls apart. (name, what precedes it), lowercased.
    let written_with_arguments: Vec<(String, String)> = methods
        .forms
        .iter()
        .flat_map(|(_, forms)| forms.iter())
        .filter_map(|(form, _)| {
            let path = form.written.split('?').next().unwrap_or_default();
            let (parent, last) = path.trim_end_matches('/').rsplit_once('/')?;
            let (name, _) = last.split_once('(')?;
            Some((name.to_ascii_lowercase(), parent.to_ascii_lowercase()))
        })
        .collect();
    if calls.is_empty() {
        return;
    }
    for (_, forms) in methods.forms.iter_mut() {
        for (form, _) in forms.iter_mut() {
            let (path, query) = match form.written.split_once('?') {
                Some((p, q)) => (p, Some(q)),
                None => (form.written.as_str(), None),
            };
            let last = path
                .trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap_or_default();
            let Some((_, args)) = calls.iter().find(|(n, _)| n.eq_ignore_ascii_case(last)) else {
                continue;
            };
            let parent = path
                .trim_end_matches('/')
                .rsplit_once('/')
                .map_or("", |(p, _)| p);
            if written_with_arguments
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(last))
                && !written_with_arguments
                    .iter()
                    .any(|(n, p)| n.eq_ignore_ascii_case(last) && p.eq_ignore_ascii_case(parent))
            {
                continue;
            }
            let mut written = format!("{}({})", path.trim_end_matches('/'), argument_list(args));
            if let Some(q) = query {
                written.push('?');
                written.push_str(q);
            }
            if let Ok(normalized) = path::normalize(&written) {
                *form = normalized;
            }
        }
    }
    methods.reindex();
}

/// Named function arguments as a URL form writes them: `name={name}`, or `name='{name}'` where
/// the value is a string.
fn argument_list(args: &[(String, bool)]) -> String {
    let args: Vec<String> = args
        .iter()
        .map(|(k, quoted)| {
            if *quoted {
                format!("{k}='{{{k}}}'")
            } else {
                format!("{k}={{{k}}}")
            }
        })
        .collect();
    args.join(",")
}

/// A GET whose examples send a JSON object of plain values (`range/boundingRect` with
/// `{"anotherRange": "…"}`, `offsetRange` with `{"rowOffset": 3, …}`): a GET carries no body, so
/// what the page shows there are the arguments of the function its forms end in. Forms ending
/// in a bare word take them as named arguments (quoted where the example gives a string), so
/// the stub sends them in the URL.
fn add_get_body_arguments(page: &Page, methods: &mut FormsByMethod) {
    use serde_json::Value;
    let mut args: Vec<(String, bool)> = Vec::new();
    for request in &page.requests {
        if !request.message.method.eq_ignore_ascii_case("GET") {
            continue;
        }
        let Some(Value::Object(body)) = request.body.as_ref().and_then(|b| b.value.as_deref())
        else {
            continue;
        };
        let plain = !body.is_empty()
            && body.iter().all(|(k, v)| {
                k.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
                    && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
                    && matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_))
            });
        if !plain {
            // An example whose body is not a list of arguments: the page shows no function.
            return;
        }
        for (k, v) in body {
            if !args.iter().any(|(a, _)| a == k) {
                args.push((k.clone(), v.is_string()));
            }
        }
    }
    if args.is_empty() {
        return;
    }
    let Some((_, forms)) = methods
        .forms
        .iter_mut()
        .find(|(m, _)| *m == http::Method::GET)
    else {
        return;
    };
    for (form, _) in forms.iter_mut() {
        let (path, query) = match form.written.split_once('?') {
            Some((p, q)) => (p, Some(q)),
            None => (form.written.as_str(), None),
        };
        let path = path.trim_end_matches('/');
        let last = path.rsplit('/').next().unwrap_or_default();
        let bare_word = last.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
            && last.bytes().all(|b| b.is_ascii_alphanumeric());
        if !bare_word {
            continue;
        }
        let mut written = format!("{path}({})", argument_list(&args));
        if let Some(q) = query {
            written.push('?');
            written.push_str(q);
        }
        if let Ok(normalized) = path::normalize(&written) {
            *form = normalized;
        }
    }
    methods.reindex();
}

/// A GET example's URL with the plain values its body sends as named arguments of the function
/// it ends in (`…/offsetRange` with `{"rowOffset": 3}` → `…/offsetRange(rowOffset=3)`).
fn url_with_arguments(url: &str, body: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    let body = body.as_object().filter(|o| !o.is_empty())?;
    let mut args = Vec::new();
    for (k, v) in body {
        args.push(match v {
            Value::String(s) => format!("{k}='{s}'"),
            Value::Number(n) => format!("{k}={n}"),
            Value::Bool(b) => format!("{k}={b}"),
            _ => return None,
        });
    }
    let (path, query) = match url.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (url, None),
    };
    let mut out = format!("{}({})", path.trim_end_matches('/'), args.join(","));
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Some(out)
}

/// A section template as a URL form the stub can send: `...` (any depth) is left out, so
/// `childFolders/{id}/.../messages` is the one-level form, and a literal id the docs left in
/// (`lists/gDbc8U7HGwADDZocJgAAAA==/tasks`) is a parameter, and a parenthesis the docs left
/// open is closed where its segment ends (`range(address='<address>'/entireRow`).
fn literal_values_as_parameters(template: &str) -> Cow<'_, str> {
    let (path, query) = match template.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (template, None),
    };
    let path = close_open_parentheses(path);
    // Most templates have nothing to change: they are used as written, without a copy.
    if matches!(path, Cow::Borrowed(_))
        && path
            .split('/')
            .enumerate()
            .all(|(i, segment)| template_segment(i, segment) == Some(segment))
    {
        return Cow::Borrowed(template);
    }
    let mut out = String::with_capacity(template.len() + 2);
    let mut first = true;
    for (i, segment) in path.split('/').enumerate() {
        let Some(segment) = template_segment(i, segment) else {
            continue;
        };
        if !first {
            out.push('/');
        }
        first = false;
        out.push_str(segment);
    }
    if let Some(q) = query {
        out.push('?');
        out.push_str(q);
    }
    Cow::Owned(out)
}

/// Segment `i` of a template path as [`literal_values_as_parameters`] writes it: `None` for
/// `...` (left out), `{id}` for a literal id, else the segment as written.
fn template_segment(i: usize, segment: &str) -> Option<&str> {
    if i > 0 && matches!(segment.trim(), "..." | "…") {
        return None;
    }
    // The `=` first: most segments have none, and it is the cheapest test.
    let plain = i > 0
        && segment.contains('=')
        && !segment.contains(['{', '}', '(', ')', ':', '<', '>', '$', '.', ' '])
        && segment.trim_end_matches('=').len() >= 8;
    Some(if plain { "{id}" } else { segment })
}

/// A call written with its argument alone (`range(<address>)`) where the doc set's other forms
/// call that function with one named argument (`range(address='<address>')`): the argument
/// is named as they write it, and quoted as most of them do, so the stub sends what the service
/// parses. A name
/// the doc set calls with different arguments is left as written.
pub(super) fn name_positional_arguments(drafts: &mut [OpDraft]) {
    use std::collections::HashMap;
    // Lowercased function name → its one argument's name (`None` where the forms call it
    // otherwise), and how many forms quote its value and how many do not.
    let mut calls: HashMap<String, (Option<String>, usize, usize)> = HashMap::new();
    // A call is a segment with a parenthesis: a form without one is not parsed.
    let calls_in = |written: &str| written.contains('(');
    // The segments of each form that has one, by draft and form, read once.
    let parsed: Vec<Vec<Option<Vec<Segment>>>> = drafts
        .iter()
        .map(|d| {
            d.op.paths
                .iter()
                .map(|p| calls_in(&p.written).then(|| parse_url(&p.written).segments))
                .collect()
        })
        .collect();
    for segments in parsed.iter().flatten().flatten() {
        for segment in segments {
            let Segment::Function { name, params } = segment else {
                continue;
            };
            let (arg, quoted) = match params.as_slice() {
                [(arg, value)] if !arg.is_empty() => (Some(arg.clone()), value.starts_with('\'')),
                _ => (None, false),
            };
            let entry = calls
                .entry(name.to_ascii_lowercase())
                .or_insert_with(|| (arg.clone(), 0, 0));
            if entry.0 != arg {
                entry.0 = None;
            }
            if quoted {
                entry.1 += 1;
            } else {
                entry.2 += 1;
            }
        }
    }
    for (draft, parsed) in drafts.iter_mut().zip(&parsed) {
        let mut named = false;
        for (form, segments) in draft.op.paths.iter_mut().zip(parsed) {
            let Some(segments) = segments else {
                continue;
            };
            let mut written = form.written.clone();
            for segment in segments {
                let Segment::Key { name, key } = segment else {
                    continue;
                };
                let whole_placeholder = path::placeholder_ranges(key)
                    .first()
                    .is_some_and(|&r| r == (0, key.len()));
                let Some((Some(arg), quoted, unquoted)) = calls.get(&name.to_ascii_lowercase())
                else {
                    continue;
                };
                if whole_placeholder {
                    let quote = if quoted > unquoted { "'" } else { "" };
                    written = written.replacen(
                        &format!("{name}({key})"),
                        &format!("{name}({arg}={quote}{key}{quote})"),
                        1,
                    );
                }
            }
            if written != form.written
                && let Ok(normalized) = path::normalize(&written)
            {
                *form = normalized;
                named = true;
            }
        }
        if !named {
            continue;
        }
        // A form named so may now be one the page writes too: keep the first, and its
        // examples (matched by index when the page was read) follow their form's new index.
        let mut kept: Vec<Vec<Piece>> = Vec::new();
        // Each form's new index, and whether it is the first of its pieces (kept).
        let (new_index, first): (Vec<usize>, Vec<bool>) = draft
            .op
            .paths
            .iter()
            .map(|p| match kept.iter().position(|k| *k == p.pieces) {
                Some(at) => (at, false),
                None => {
                    kept.push(p.pieces.clone());
                    (kept.len() - 1, true)
                }
            })
            .unzip();
        if kept.len() < new_index.len() {
            let mut keep = first.iter();
            draft.op.paths.retain(|_| *keep.next().unwrap_or(&true));
            let mut keep = first.iter();
            draft
                .op
                .learned_from
                .retain(|_| *keep.next().unwrap_or(&true));
            for example in &mut draft.op.examples {
                example.path = example.path.and_then(|p| new_index.get(p).copied());
            }
        }
    }
}

/// `path` with each parenthesis that no `)` after it closes closed at the first `/` after it
/// (outside quotes): a function call or key cannot span segments.
fn close_open_parentheses(path: &str) -> Cow<'_, str> {
    // Without a parenthesis there is none to close: the path is used as it is.
    if !path.contains('(') {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 2);
    let last_close = path.rfind(')');
    let (mut depth, mut quoted) = (0usize, false);
    for (i, c) in path.char_indices() {
        match c {
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            '\'' if depth > 0 => quoted = !quoted,
            '/' if depth > 0 && !quoted && last_close.is_none_or(|j| j < i) => {
                out.extend(std::iter::repeat_n(')', depth));
                depth = 0;
            }
            _ => {}
        }
        out.push(c);
    }
    Cow::Owned(out)
}

/// Whether two forms are one: the same pieces, and parameters of the same kinds.
fn same_form(a: &PathTemplate, b: &PathTemplate) -> bool {
    a.pieces == b.pieces
        && a.params.len() == b.params.len()
        && a.params
            .iter()
            .zip(&b.params)
            .all(|(x, y)| x.kind == y.kind)
}

/// A hash of what [`same_form`] compares, with the method.
fn form_hash(method: &http::Method, form: &PathTemplate) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    method.hash(&mut h);
    form.pieces.hash(&mut h);
    for p in &form.params {
        p.kind.hash(&mut h);
    }
    h.finish()
}

impl FormsByMethod {
    /// Keys the forms again after they were changed in place.
    fn reindex(&mut self) {
        self.seen.clear();
        for (slot, (m, forms)) in self.forms.iter().enumerate() {
            for (i, (f, _)) in forms.iter().enumerate() {
                self.seen.entry(form_hash(m, f)).or_insert((slot, i));
            }
        }
    }

    /// Whether the same form is there for `method`.
    fn has(&self, method: &http::Method, form: &PathTemplate, hash: u64) -> bool {
        let Some(&(slot, i)) = self.seen.get(&hash) else {
            return false;
        };
        let (m, forms) = &self.forms[slot];
        if *m == *method && same_form(&forms[i].0, form) {
            return true;
        }
        // Two forms of one hash: every form is compared.
        self.forms
            .iter()
            .filter(|(m, _)| m == method)
            .flat_map(|(_, forms)| forms)
            .any(|(f, _)| same_form(f, form))
    }
}

/// Adds a form to its method's forms unless the same form is there.
fn add_form(
    methods: &mut FormsByMethod,
    method: http::Method,
    form: PathTemplate,
    learned_from: Option<usize>,
) {
    let hash = form_hash(&method, &form);
    if methods.has(&method, &form, hash) {
        return;
    }
    let forms = &mut methods.forms;
    let slot = match forms.iter().position(|(m, _)| *m == method) {
        Some(i) => i,
        None => {
            forms.push((method, Vec::new()));
            forms.len() - 1
        }
    };
    methods
        .seen
        .entry(hash)
        .or_insert((slot, forms[slot].1.len()));
    forms[slot].1.push((form, learned_from));
}

/// URL forms the examples show and the "HTTP request" section leaves out (`/me/drive/root`
/// beside `/me/drive/items/{id}`, a method only the examples use): the example's URL with its
/// values made parameters.
fn add_example_forms(page: &Page, urls: &[RequestUrl], methods: &mut FormsByMethod) {
    let keyed = keyed_words(methods);
    // Words the section writes as literal path text (`addFormulaLocal`, `refreshAll`,
    // `callRecords`) stay literal in a form learned from an example.
    let literal: Vec<String> = methods
        .forms
        .iter()
        .flat_map(|(_, forms)| forms.iter().flat_map(|(p, _)| p.words.iter()))
        .map(|w| w.to_ascii_lowercase())
        .collect();
    for (request, parsed) in page.requests.iter().zip(urls) {
        let Some(a) = request.annotation.map(|a| &page.annotations[a]) else {
            continue;
        };
        if a.block_type != BlockType::Request || request.message.method.is_empty() {
            continue;
        }
        let method = match request.message.method.to_ascii_uppercase().as_str() {
            "GET" => http::Method::GET,
            "POST" => http::Method::POST,
            "PATCH" => http::Method::PATCH,
            "PUT" => http::Method::PUT,
            "DELETE" => http::Method::DELETE,
            _ => continue,
        };
        let url = &request.message.url;
        let known = methods.forms.iter().find(|(m, _)| *m == method);
        let as_call = (method == http::Method::GET)
            .then(|| request.body.as_ref().and_then(|b| b.value.as_deref()))
            .flatten()
            .and_then(|body| url_with_arguments(url, body))
            .map(|u| parse_url(&u));
        if known.is_some_and(|(_, forms)| {
            forms.iter().any(|(p, _)| {
                full_match_parsed(p, parsed).is_some()
                    || as_call
                        .as_ref()
                        .is_some_and(|u| full_match_parsed(p, u).is_some())
            })
        }) {
            continue;
        }
        // A GET sending its arguments in a body calls the function with them.
        let url = as_call.as_ref().unwrap_or(parsed);
        let Some(form) = form_of_example(url, &keyed, &literal) else {
            continue;
        };
        let Ok(normalized) = path::normalize(&form) else {
            continue;
        };
        if full_match_parsed(&normalized, url).is_none()
            || keys_what_the_section_does_not(methods, &method, &normalized)
        {
            continue;
        }
        let line = page.fences[request.fence].content_line;
        add_form(methods, method, normalized, Some(line));
    }
}

/// A path's shape: literal text lowercased, each parameter `{}`.
fn form_shape(p: &PathTemplate) -> String {
    p.pieces
        .iter()
        .map(|piece| match piece {
            Piece::Lit(l) => l.to_ascii_lowercase(),
            Piece::Param(_) => "{}".to_string(),
        })
        .collect()
}

/// A section form no example of the page calls, where an example calls the same path with a key
/// more before a later segment (the section's `…/overridesPages/$value`, the example's
/// `…/overridesPages/selfasserted1_1/$value`): the section left the key out, and its form
/// addresses something else (here the collection). The form the example gave stands for it.
/// A key missing at the end (`/presences` beside `/presences/{id}`) is another call and stays.
fn drop_section_forms_examples_key(
    page: &Page,
    urls: &[RequestUrl],
    methods: &mut FormsByMethod,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut dropped = false;
    for (method, forms) in methods.forms.iter_mut() {
        // Shapes of the learned forms with each inner key taken out, with the example's line.
        let mut without_a_key: Vec<(String, usize)> = Vec::new();
        for (form, learned) in forms.iter() {
            let Some(line) = *learned else {
                continue;
            };
            let shape = form_shape(form);
            let mut from = 0;
            while let Some(at) = shape[from..].find("/{}/") {
                let at = from + at;
                without_a_key.push((format!("{}{}", &shape[..at], &shape[at + 3..]), line));
                from = at + 1;
            }
        }
        if without_a_key.is_empty() {
            continue;
        }
        let called = |form: &PathTemplate| {
            page.requests.iter().zip(urls).any(|(r, u)| {
                r.message.method.eq_ignore_ascii_case(method.as_str())
                    && full_match_parsed(form, u).is_some()
            })
        };
        forms.retain(|(form, learned)| {
            if learned.is_some() || called(form) {
                return true;
            }
            let shape = form_shape(form);
            let Some((_, line)) = without_a_key.iter().find(|(s, _)| *s == shape) else {
                return true;
            };
            diagnostics.push(diag(
                Severity::Warning,
                Code::TemplateUnusable,
                &page.path,
                *line,
                format!(
                    "`{method} {}` leaves out a key the example here writes; the stub sends the example's form instead",
                    form.written
                ),
            ));
            dropped = true;
            false
        });
    }
    if dropped {
        methods.reindex();
    }
}

/// Whether `form` ends in `…/{key}/word` where the section writes `…/word` for the method: the
/// section says what the call is bound to (`worksheets/{id}/tables/add`, an example writing
/// `tables/{id}/add`), and a key there sends the call to something else. `$value`, `$ref` and
/// `$count` are no calls: the section may leave out the key they follow.
fn keys_what_the_section_does_not(
    methods: &FormsByMethod,
    method: &http::Method,
    form: &PathTemplate,
) -> bool {
    let shape = |p: &PathTemplate| -> String {
        p.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Lit(l) => l.to_ascii_lowercase(),
                Piece::Param(_) => "{}".to_string(),
            })
            .collect()
    };
    let this = shape(form);
    let Some((head, word)) = this.rsplit_once('/') else {
        return false;
    };
    let Some(head) = head.strip_suffix("/{}") else {
        return false;
    };
    if word.is_empty() || word.starts_with('$') || word.contains(['{', '(']) {
        return false;
    }
    let unkeyed = format!("{head}/{word}");
    methods
        .forms
        .iter()
        .filter(|(m, _)| m == method)
        .flat_map(|(_, forms)| forms)
        .any(|(p, learned)| learned.is_none() && shape(p) == unkeyed)
}

/// A match that accounts for the whole URL: function arguments the form does not write (it
/// writes `range/cell`, the example `range/cell(row=5,column=6)`) leave the stub unable to
/// build the example's URL.
pub(super) fn full_match(form: &PathTemplate, url: &str) -> Option<path::Match> {
    full_match_parsed(form, &parse_url(url))
}

/// [`full_match`] of a URL [`parse_url`] has read.
fn full_match_parsed(form: &PathTemplate, url: &RequestUrl) -> Option<path::Match> {
    path::match_parsed(form, url, path::MatchOptions::default()).filter(|m| m.args.is_empty())
}

/// Lowercased words that the page's URL forms follow with a parameter (`items/{item-id}`).
fn keyed_words(methods: &FormsByMethod) -> Vec<String> {
    let mut out = Vec::new();
    for (_, paths) in &methods.forms {
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
fn form_of_example(u: &RequestUrl, keyed: &[String], literal: &[String]) -> Option<String> {
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
                } else if looks_like_value(text)
                    || (after_collection && !literal.contains(&text.to_ascii_lowercase()))
                {
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

/// What every operation of a page shares.
#[derive(Default, Clone)]
struct Common {
    query_options: QueryOptions,
    headers: Vec<String>,
    deprecated: Option<String>,
    permissions: Vec<(String, Vec<String>)>,
    request_links: Vec<String>,
    response_links: Vec<String>,
    body_rows: Vec<(String, String, String)>,
    body_samples: Vec<serde_json::Value>,
    shown_bodies: Vec<std::sync::Arc<serde_json::Value>>,
    statuses: Vec<u16>,
}

fn common_parts(page: &Page) -> Common {
    let mut c = Common {
        query_options: query_options(page),
        headers: request_headers(page),
        deprecated: deprecation(page),
        permissions: least_permissions(page),
        body_rows: body_rows(page),
        body_samples: page
            .fences
            .iter()
            .filter(|f| {
                f.annotation.is_none() && in_section(page, f.section, SectionKind::RequestBody)
            })
            .filter_map(|f| serde_json::from_str::<serde_json::Value>(&f.text).ok())
            .filter(serde_json::Value::is_object)
            .collect(),
        shown_bodies: page
            .requests
            .iter()
            .filter_map(|r| r.body.as_ref()?.value.clone())
            .filter(|v| v.is_object())
            .collect(),
        ..Common::default()
    };
    // Types linked from the request body and response sections; statuses the response
    // section names.
    for p in &page.paragraphs {
        let target = if in_section(page, p.section, SectionKind::RequestBody) {
            &mut c.request_links
        } else if in_section(page, p.section, SectionKind::Response) {
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
        if in_section(page, p.section, SectionKind::Response) {
            for status in statuses_in(&p.text) {
                if !c.statuses.contains(&status) {
                    c.statuses.push(status);
                }
            }
        }
    }
    c
}

fn in_section(page: &Page, section: usize, kind: SectionKind) -> bool {
    page.sections.get(section).is_some_and(|s| s.kind == kind)
}

/// The query options of the "Optional query parameters" section: those it names, and whether it
/// links to the OData query parameters page ("This method supports the [OData query
/// parameters](/graph/query-parameters)", whatever the language of the sentence), which stands
/// for the common options the operation's shape takes ([`generic_query_options`]).
fn query_options(page: &Page) -> QueryOptions {
    let mut options = Vec::new();
    let mut note = |text: &str| {
        // Every option starts with `$`.
        if !text.contains('$') {
            return;
        }
        let lower = text.to_ascii_lowercase();
        for o in QUERY_OPTIONS {
            if contains_token(&lower, o) && !options.contains(&o) {
                options.push(o);
            }
        }
    };
    let mut general = false;
    for p in &page.paragraphs {
        if in_section(page, p.section, SectionKind::OptionalQueryParameters) {
            note(&p.text);
            general |= p.links.iter().any(|l| l.contains("query-parameters"));
        }
    }
    for t in &page.tables {
        if in_section(page, t.section, SectionKind::OptionalQueryParameters) {
            for row in &t.rows {
                if let Some(cell) = row.first() {
                    note(&cell.text);
                }
            }
        }
    }
    QueryOptions {
        named: options.into_iter().map(str::to_string).collect(),
        general,
    }
}

/// What the "Optional query parameters" section says.
#[derive(Default, Clone)]
struct QueryOptions {
    /// The options it names (`$select`, …).
    named: Vec<String>,
    /// It links to the OData query parameters page.
    general: bool,
}

/// The options of one operation: those its page names, and, where the page links to the OData
/// query parameters page, the common options its shape takes: `$select` and `$expand` for any
/// read, and `$filter`, `$orderby` and `$top` only for a read of a collection (its example
/// responses are `{"value": [...]}`, or it shows none and a form does not end in a key). A read
/// of one item (`GET /users/{id}`) does not get list options from the link.
fn generic_query_options(
    options: &QueryOptions,
    method: &http::Method,
    paths: &[PathTemplate],
    envelopes: &BTreeMap<u16, bool>,
) -> Vec<String> {
    let mut out = options.named.clone();
    if !options.general {
        return out;
    }
    let collection = if envelopes.is_empty() {
        !paths.iter().all(ends_in_key)
    } else {
        envelopes.values().any(|e| *e)
    };
    let common: &[&str] = if *method == http::Method::GET && collection {
        &["$select", "$expand", "$filter", "$orderby", "$top"]
    } else {
        &["$select", "$expand"]
    };
    for o in common {
        if !out.iter().any(|q| q == o) {
            out.push(o.to_string());
        }
    }
    out
}

/// The first column of the "Request headers" tables, less the headers the runtime sets.
fn request_headers(page: &Page) -> Vec<String> {
    let mut headers: Vec<String> = Vec::new();
    for t in &page.tables {
        if !in_section(page, t.section, SectionKind::RequestHeaders) {
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
            if valid && !skip && !headers.iter().any(|h| h.eq_ignore_ascii_case(name)) {
                headers.push(name.to_string());
            }
        }
    }
    headers
}

/// "(deprecated)" in the title; the note is the caution that says when.
fn deprecation(page: &Page) -> Option<String> {
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
    if !title_deprecated {
        return None;
    }
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
    Some(caution.unwrap_or_else(|| "The docs mark this API as deprecated.".into()))
}

/// Least privileged permissions, delegated and application.
fn least_permissions(page: &Page) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    if let Some(p) = &page.permissions {
        for row in &p.rows {
            let kind = match &row.kind {
                PermissionKind::DelegatedWork => "delegated (work or school account)",
                PermissionKind::DelegatedPersonal => "delegated (personal Microsoft account)",
                PermissionKind::Application => "application",
                PermissionKind::Other(_) => continue,
            };
            if !row.least.is_empty() {
                out.push((kind.to_string(), row.least.clone()));
            }
        }
    }
    out
}

/// Rows of the "Request body" tables: (name, type cell, description).
fn body_rows(page: &Page) -> Vec<(String, String, String)> {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for t in &page.tables {
        if !in_section(page, t.section, SectionKind::RequestBody) || t.header.len() < 2 {
            continue;
        }
        // A table of values (`work`, `personal` and what each means), not of parameters: two
        // columns, and no second cell is a type (a few words, not a sentence that names one).
        let typed = t.rows.iter().any(|r| {
            r.get(1).is_some_and(|c| {
                c.text.split_whitespace().count() <= 4
                    && c.text.chars().count() <= 80
                    && crate::model::parse_type_cell(&c.raw, "microsoft.graph").is_some()
            })
        });
        if t.header.len() == 2 && !typed {
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
            // A translated name (`说明`, `определение`) is kept for `resolve` to match with the
            // wire name it stands for.
            let translated = name.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
            if (ok || translated) && !rows.iter().any(|(n, _, _)| n.eq_ignore_ascii_case(&name)) {
                let description = row.get(2).map(|c| collapse(&c.text)).unwrap_or_default();
                rows.push((name, row[1].raw.clone(), description));
            }
        }
    }
    rows
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

/// `../resources/user.md` → `user`, `../resources/intune-apps-androidlobapp.md` →
/// `intune-apps-androidlobapp`: the file stem of a resource page, which
/// [`super::resolve`] maps to the type that page documents.
fn resource_link(link: &str) -> Option<String> {
    let link = link.split(['#', '?']).next()?;
    if !link.contains("resources/") {
        return None;
    }
    let stem = link.rsplit('/').next()?.strip_suffix(".md")?;
    (!stem.is_empty()
        && stem
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.')))
    .then(|| stem.to_string())
}

fn contains_token(haystack: &str, token: &str) -> bool {
    haystack.match_indices(token).any(|(i, _)| {
        haystack[i + token.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_ascii_alphanumeric())
    })
}

/// `text` with each run of whitespace one space, and none at the ends.
fn collapse(text: &str) -> String {
    // Most cells are ASCII with single spaces between words already: copied as they are.
    if collapsed_ascii(text) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// ASCII text whose only whitespace is single spaces between words: [`collapse`] leaves it as
/// it is.
fn collapsed_ascii(text: &str) -> bool {
    // A space here would be leading, or the second of a run.
    let mut after_space = true;
    for b in text.bytes() {
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if !b.is_ascii() || char::from(b).is_whitespace() {
            return false;
        } else {
            after_space = false;
        }
    }
    !after_space || text.is_empty()
}

fn doc_link(version: &str, locale: &str, stem: &str) -> Option<String> {
    let view = match version {
        "v1.0" => "graph-rest-1.0",
        "beta" => "graph-rest-beta",
        _ => return None,
    };
    let locale = if locale == "en-us" {
        String::new()
    } else {
        format!("{locale}/")
    };
    stem.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        .then(|| format!("https://learn.microsoft.com/{locale}graph/api/{stem}?view={view}"))
}

/// The page's examples for `draft`'s method, each matched to a URL form.
fn read_examples(page: &Page, urls: &[RequestUrl], draft: &mut OpDraft) {
    for (request, url) in page.requests.iter().zip(urls) {
        let Some(a) = request.annotation.map(|a| &page.annotations[a]) else {
            continue;
        };
        if a.block_type != BlockType::Request {
            continue;
        }
        let message = &request.message;
        if !message
            .method
            .eq_ignore_ascii_case(draft.op.method.as_str())
        {
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
            api_version: None,
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
            moved_from: None,
        };
        example.api_version = url.api_version.clone();
        if url.api_version.is_none() && url.host.is_some() {
            example.unreplayable = Some(format!("`{}` is not a Graph URL", message.url));
        }
        match draft
            .op
            .paths
            .iter()
            .enumerate()
            .find_map(|(i, p)| full_match_parsed(p, url).map(|m| (i, m)))
        {
            Some((i, m)) => {
                example.path = Some(i);
                example.values = m.values;
                example.query = m.query;
            }
            None => {
                let as_call = message
                    .method
                    .eq_ignore_ascii_case("GET")
                    .then_some(example.body.as_ref())
                    .flatten()
                    .and_then(|b| url_with_arguments(&message.url, b))
                    .filter(|u| draft.op.paths.iter().any(|p| full_match(p, u).is_some()));
                if as_call.is_some() {
                    example.unreplayable.get_or_insert_with(|| {
                        "it sends the function's arguments in a GET body; the stub sends them in \
                         the URL"
                            .into()
                    });
                }
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
                    entry.1 = r.is_collection
                        || (!draft.op.paths.iter().all(ends_in_key)
                            && r.body
                                .as_ref()
                                .and_then(|b| b.value.as_deref())
                                .is_some_and(is_envelope));
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
            });
        }
        draft.op.examples.push(example);
    }
}

/// Responses the page shows in blocks it marks `ignored` (left out of the docs' own example
/// tests: `projectrome-get-activities`, the CSV a report redirects to) still show what the call
/// answers: they give the output's shape (JSON or bytes, a collection, a wrapped primitive)
/// where no example response does, on pages whose "HTTP request" section documents this
/// method only. They are not examples.
fn add_ignored_responses(page: &Page, draft: &mut OpDraft) {
    let method = draft.op.method.as_str();
    let only_method = !page.templates.is_empty()
        && page
            .templates
            .iter()
            .all(|t| t.method.eq_ignore_ascii_case(method));
    if !only_method {
        return;
    }
    let keyed = draft.op.paths.iter().all(ends_in_key);
    for fence in &page.fences {
        let Some(a) = fence.annotation.map(|a| &page.annotations[a]) else {
            continue;
        };
        if a.block_type != BlockType::Ignored || !fence.text.trim_start().starts_with("HTTP/") {
            continue;
        }
        let message = crate::page::http::parse_response(&fence.text);
        let Some(status) = message.status.filter(|s| (200..300).contains(s)) else {
            continue;
        };
        let kind = crate::page::http::classify_body(&message.headers, message.body.as_ref());
        let value = message
            .body
            .as_ref()
            .filter(|_| kind == BodyKind::Json)
            .and_then(|b| crate::json::parse(&b.text).ok())
            .map(|p| p.value);
        let envelope = a.is_collection || value.as_ref().is_some_and(is_envelope);
        let entry = draft
            .responses
            .entry(status)
            .or_insert((None, false, BodyKind::None));
        if entry.2 != BodyKind::None {
            continue;
        }
        // Only the shape: the type such a block's annotation names is not checked by the
        // docs and is often another call's (`channel-post-tabs` says `team`).
        *entry = (None, envelope && !keyed, kind);
        if kind == BodyKind::Json {
            if !draft.json_statuses.contains(&status) {
                draft.json_statuses.push(status);
            }
            if !keyed {
                draft.envelopes.entry(status).or_insert(envelope);
            }
            if let Some(p) = value.as_ref().and_then(wrapped_primitive) {
                draft.primitives.entry(status).or_insert(p);
            }
        }
    }
}

/// Words that give a file name's parts their casing: the literal words of the URL forms and
/// the types the examples name (`reminderview` → `reminderView`). Never translated text.
/// `templates` holds the [`parse_url`] of each of `page.templates`.
fn casing_words(page: &Page, templates: &[RequestUrl]) -> Vec<String> {
    let mut out = Vec::new();
    for t in templates {
        for s in &t.segments {
            let word = match s {
                Segment::Plain(w) => w,
                Segment::Key { name, .. } | Segment::Function { name, .. } => name,
                Segment::Cast(c) => c.rsplit('.').next().unwrap_or_default(),
                _ => continue,
            };
            push_casing_word(&mut out, word);
        }
    }
    for a in &page.annotations {
        if let Some(t) = &a.odata_type {
            push_casing_word(&mut out, t.rsplit('.').next().unwrap_or_default());
        }
    }
    out
}

/// Adds `word` to the casing words when it is one: a run of ASCII letters and digits. Checked
/// before it is copied, so the segments that are not words (`{id}`) cost no copy.
fn push_casing_word(out: &mut Vec<String>, word: &str) {
    if !word.is_empty() && word.bytes().all(|b| b.is_ascii_alphanumeric()) {
        out.push(word.to_string());
    }
}

/// ASCII alphanumeric runs of `s` (a page's file stem), joined by spaces: the operation's id
/// is made of them, and its stub's name.
pub(crate) fn ascii_words(s: &str) -> String {
    // Byte by byte: no byte of a non-ASCII character is alphanumeric. One space stands for a
    // run of other bytes, so the words never take more room than `s`.
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(char::from(b));
        } else {
            gap = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_generic_link_gives_list_options_to_collection_reads_only() {
        let form = |t: &str| path::normalize(t).unwrap();
        let linked = QueryOptions {
            named: vec!["$select".into()],
            general: true,
        };
        let get = http::Method::GET;
        let none = BTreeMap::new();
        // `GET /users/{id}`: one item, whatever the link stands for.
        let one = generic_query_options(&linked, &get, &[form("/users/{id}")], &none);
        assert_eq!(one, ["$select", "$expand"]);
        // `GET /me`, answered by one object in the examples.
        let me = generic_query_options(
            &linked,
            &get,
            &[form("/me")],
            &BTreeMap::from([(200, false)]),
        );
        assert_eq!(me, ["$select", "$expand"]);
        // `GET /users`, answered by `{"value": [...]}`.
        let list = generic_query_options(
            &linked,
            &get,
            &[form("/users")],
            &BTreeMap::from([(200, true)]),
        );
        assert_eq!(list, ["$select", "$expand", "$filter", "$orderby", "$top"]);
        // Without the link, only what the page names.
        let named = QueryOptions {
            general: false,
            ..linked
        };
        let only = generic_query_options(
            &named,
            &get,
            &[form("/users")],
            &BTreeMap::from([(200, true)]),
        );
        assert_eq!(only, ["$select"]);
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
    fn collapse_copies_text_that_has_nothing_to_collapse() {
        let reference = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        for t in [
            "",
            " ",
            "a",
            "a b",
            "a  b",
            " a",
            "a ",
            "a\tb",
            "a\nb",
            "a\u{b}b",
            "a\u{c}b",
            "a\rb",
            "a\u{a0}b",
            "a\u{3000}b",
            "é b",
            "The user's `id`.",
        ] {
            assert_eq!(collapse(t), reference(t), "{t:?}");
        }
    }

    #[test]
    fn doc_pages_are_named_from_the_api_reference_folder() {
        for p in [
            "/work/en/api-reference/v1.0/api/user-get.md",
            "en/api-reference/beta/api-reference/x.md",
            "./api-reference/x.md",
            "api-reference/x.md",
            "a/api-reference/../b/x.md",
            "a/api-reference/..",
            "a/b/x.md",
            "x.md",
            "/x.md",
            "/api-reference",
            "",
        ] {
            let path = std::path::Path::new(p);
            assert_eq!(doc_page(path), doc_page_from_root(path), "{p:?}");
        }
    }

    #[test]
    fn doc_pages_read_from_the_end_as_from_the_start() {
        use std::path::Component;
        // Every component read, from the start.
        let from_start = |path: &std::path::Path| {
            let components: Vec<Component> = path.components().collect();
            let folders = &components[..components.len().saturating_sub(1)];
            match folders
                .iter()
                .rposition(|c| *c == Component::Normal("api-reference".as_ref()))
            {
                Some(from) => components[from..]
                    .iter()
                    .filter_map(|c| match c {
                        Component::Normal(p) => Some(p.to_string_lossy()),
                        _ => None,
                    })
                    .collect::<Vec<_>>()
                    .join("/"),
                None => doc_page_from_root(path),
            }
        };
        for p in [
            "/work/en/api-reference/v1.0/api/user-get.md",
            "/work/en/api-reference/beta/api-reference/x.md",
            "/work//en/./api-reference//v1.0/api/../api/x.md/",
            "/work/en/api-reference/v1.0/./x.md",
            "/work/en/api-reference/v1.0//x.md",
            "/work/en/api-reference/v1.0/x.md/",
            "/work/en/api-reference/v1.0/x.md/.",
            "/work/en/api-reference/v1.0/../x.md",
            "/work/en/api-reference/x/api-reference",
            "/work/en/api-reference/x/api-reference/",
            "/work/en/api-reference/x/api-reference/y.md",
            "/work/en/api-reference/api-reference/y.md",
            "/work/en/api-reference/.",
            "/work/en/api-reference/..",
            "/work/en/api-references/x.md",
            "/work/en/my-api-reference/x.md",
            "/api-reference/",
            "//api-reference//x.md",
            "a/api-reference/..",
            "a/api-reference/.",
            "a/api-reference/",
            "api-reference",
            "./api-reference/x.md",
            "../api-reference/x.md",
            "/api-reference/x.md",
            "/api-reference",
            "/",
            ".",
            "..",
            "",
            "a/b/x.md",
        ] {
            let path = std::path::Path::new(p);
            assert_eq!(doc_page(path), from_start(path), "{p:?}");
        }
    }

    #[test]
    fn the_last_api_reference_folder_is_found_as_by_rfind() {
        for p in [
            "/work/en/api-reference/v1.0/api/user-get.md",
            "/a/api-reference/b/api-reference/c.md",
            "/a/api-reference/b/api-reference",
            "/a/api-reference/",
            "api-reference/x.md",
            "/api-reference/",
            "//api-reference//x.md",
            "/a/my-api-reference/x.md",
            "",
            "/",
        ] {
            assert_eq!(last_api_reference(p), p.rfind("/api-reference/"), "{p:?}");
        }
    }

    #[test]
    fn templates_are_copied_only_when_changed() {
        // The rewrite as it reads: every segment copied, then joined.
        let reference = |template: &str| {
            let (path, query) = match template.split_once('?') {
                Some((p, q)) => (p, Some(q)),
                None => (template, None),
            };
            let path = close_open_parentheses(path);
            let mut out = path
                .split('/')
                .enumerate()
                .filter_map(|(i, segment)| template_segment(i, segment))
                .collect::<Vec<_>>()
                .join("/");
            if let Some(q) = query {
                out.push('?');
                out.push_str(q);
            }
            out
        };
        for t in [
            "/me/events",
            "/users/{id}/messages?$select=subject",
            "/me/mailFolders/{id}/childFolders/{id}/.../messages",
            "/me/mailFolders/{id}/…/messages",
            "/lists/gDbc8U7HGwADDZocJgAAAA==/tasks",
            "gDbc8U7HGwADDZocJgAAAA==/tasks",
            "/range(address='<address>'/entireRow",
            "/range(address='A1:B2')/format",
            "/x/.../",
            "...",
            "?$top=1",
            "",
            "/",
        ] {
            let written = literal_values_as_parameters(t);
            assert_eq!(written, reference(t), "{t:?}");
            if matches!(written, Cow::Borrowed(_)) {
                assert_eq!(written, t, "{t:?}");
            } else if !t.contains('(') {
                assert_ne!(written, t, "{t:?}: copied though unchanged");
            }
        }
    }

    #[test]
    fn a_form_is_added_once_per_method() {
        let form = |t: &str| path::normalize(t).unwrap();
        let (get, post) = (http::Method::GET, http::Method::POST);
        let mut methods = FormsByMethod::default();
        for (method, t) in [
            (&get, "/users/{id}"),
            (&get, "/users/{user-id}"),
            (&get, "/Users/{id}"),
            (&get, "/users('{id}')"),
            (&get, "/users({id})"),
            (&post, "/users/{id}"),
            (&get, "/users/{id}"),
            (&get, "/me?$top={n}"),
            (&get, "/me?$skip={n}"),
            (&get, "/me"),
        ] {
            add_form(&mut methods, method.clone(), form(t), None);
        }
        let written = |methods: &FormsByMethod| -> Vec<(String, String)> {
            methods
                .forms
                .iter()
                .flat_map(|(m, forms)| {
                    forms
                        .iter()
                        .map(move |(f, _)| (m.to_string(), f.written.clone()))
                })
                .collect()
        };
        let expected = [
            ("GET", "/users/{id}"),
            ("GET", "/Users/{id}"),
            ("GET", "/users('{id}')"),
            ("GET", "/users({id})"),
            ("GET", "/me?$top={n}"),
            ("GET", "/me?$skip={n}"),
            ("GET", "/me"),
            ("POST", "/users/{id}"),
        ]
        .map(|(m, w)| (m.to_string(), w.to_string()));
        assert_eq!(written(&methods), expected);
        // Reindexed, the forms are found again; a hash that points at another form (two forms
        // of one hash) still finds the same one.
        methods.reindex();
        let other = form_hash(&post, &form("/users/{id}"));
        for t in ["/users/{x}", "/Users/{x}", "/me?$top={x}", "/me"] {
            let f = form(t);
            assert!(methods.has(&get, &f, form_hash(&get, &f)), "{t}");
            assert!(methods.has(&get, &f, other), "{t}");
        }
        assert!(!methods.has(&get, &form("/me/x"), other));
        assert!(!methods.has(&post, &form("/me"), form_hash(&post, &form("/me"))));
    }

    #[test]
    fn ascii_words_bytewise_as_by_characters() {
        let by_chars = |s: &str| {
            s.split(|c: char| !c.is_ascii_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        };
        for s in [
            "",
            "-",
            "user-get",
            "--user--get--",
            "intune_apps-androidLobApp",
            "é",
            "aéb",
            "日本語-list",
            "a\u{a0}b",
            "x1 2y",
        ] {
            assert_eq!(ascii_words(s), by_chars(s), "{s:?}");
        }
    }

    #[test]
    fn resource_links() {
        assert_eq!(resource_link("../resources/user.md"), Some("user".into()));
        assert_eq!(
            resource_link("../resources/user.md#props"),
            Some("user".into())
        );
        assert_eq!(resource_link("user-get.md"), None);
        assert_eq!(
            resource_link("../resources/intune-apps-androidlobapp.md"),
            Some("intune-apps-androidlobapp".into())
        );
    }
}
