//! Operations: what an API page says one can call. A page gives one operation per HTTP method
//! of its "HTTP request" section: the URL forms (normalized by [`path`]), the query options and
//! headers it documents, the request body, the responses by status, its metadata, and its
//! documented examples, each matched to a URL form so it can be replayed as a test.
//!
//! Two steps, both pure: [`OpsReader::add`] reads a page (nothing there needs another page or a
//! type), and [`OpsReader::finish`] resolves bodies and responses against the finished types of
//! the version ([`ApiModel`]), which it only reads. The parameters of an action, a type the docs
//! do not name, travel with their operation ([`RequestBody::Parameters`]).
//!
//! Operations carry wire names only: the file stem, URL words, placeholders. Rust names are
//! made from them by `codegen::naming`.

pub mod path;
mod read;
mod resolve;
mod unique;

pub(crate) use read::ascii_words;
pub(crate) use resolve::lookup_qualified;
pub use unique::shared_calls;

/// How an example's body is written (JSON, text, bytes, none): the page's classification,
/// carried on to the plan with the examples.
pub use crate::page::http::BodyKind;

use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{ApiModel, Property};
use crate::page::Page;
use path::PathTemplate;
use serde::{Serialize, Serializer};
use serde_json::Value;
use std::collections::BTreeMap;

/// One operation of an API version.
#[derive(Debug, Clone, Serialize)]
pub struct Operation {
    /// Stable id: the page's file name in snake_case (`user_list_messages`), with the method
    /// appended when a page documents more than one method.
    pub id: String,
    /// The page, as given to the reader (for diagnostics).
    pub page: String,
    /// The page relative to its doc set (the folder holding `api-reference/`), `/`-separated:
    /// what generated code names, the same on every machine.
    pub doc_page: String,
    /// The API version (`v1.0`, `beta`).
    pub version: String,
    #[serde(serialize_with = "serialize_method")]
    pub method: http::Method,
    pub paths: Vec<PathTemplate>,
    /// Per path: `None` for a form of the "HTTP request" section, or the line of the example
    /// the form was learned from (the section does not list it).
    pub learned_from: Vec<Option<usize>>,
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
    /// What the stub's name is made from: the page's file name without extension …
    pub stem: String,
    /// … the words that give its parts their casing (URL words and type names the page shows,
    /// never translated text) …
    pub casing_words: Vec<String>,
    /// … and whether the page documents several methods (the name then ends in the method).
    pub several_methods: bool,
}

fn serialize_method<S: Serializer>(method: &http::Method, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(method.as_str())
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
    /// The parameters of an action, from the "Request body" table and the examples: a type the
    /// docs do not name, so it travels with its operation.
    Parameters {
        properties: Vec<Property>,
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
    /// A primitive (`Edm.Boolean`, `Edm.String`) in `{"value": …}`, or a collection of them
    /// (`{"value": ["…"]}`): what functions and actions such as `checkMemberGroups` answer.
    Primitive { name: String, collection: bool },
    /// A byte stream (`$value`, `/content`, files).
    Binary,
    /// 202 Accepted: a Location to poll.
    Accepted,
}

impl Operation {
    /// The success output: the first documented success with a body decides.
    pub fn output(&self) -> &ResponseBody {
        self.responses
            .iter()
            .map(|r| &r.body)
            .find(|b| !matches!(b, ResponseBody::None))
            .unwrap_or(&ResponseBody::None)
    }
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
    /// The API version the URL names, when it names one.
    pub api_version: Option<String>,
    /// The index of the URL form the example matches.
    pub path: Option<usize>,
    /// The path values, one per parameter of that form (decoded).
    pub values: Vec<String>,
    /// Query pairs as written.
    pub query: Vec<(String, String)>,
    /// The JSON body, when it has one that parsed (the page's, shared).
    pub body: Option<std::sync::Arc<Value>>,
    /// The body as written, when it is not JSON (uploads).
    pub body_text: Option<String>,
    /// The request's Content-Type header.
    pub content_type: Option<String>,
    pub body_kind: BodyKind,
    pub response: Option<ExampleResponse>,
    /// Why the request cannot be replayed, as far as the page alone tells (its URL matches no
    /// form, its body is not JSON, …); whether its body fits the stub is decided by the plan.
    pub unreplayable: Option<String>,
    /// The page the example is written on, when it is not the operation's own: an example of a
    /// call that one operation per method and URL gave to another page's operation
    /// (`unique.rs`) is replayed through that operation.
    pub moved_from: Option<ExampleSource>,
}

/// Where an example moved to another operation comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ExampleSource {
    /// The page as read (for diagnostics), like [`Operation::page`].
    pub page: String,
    /// The page relative to the doc set, like [`Operation::doc_page`].
    pub doc_page: String,
    /// The operation whose page documents the example.
    pub operation: String,
}

impl Example {
    /// The page the example is written on, as read (for diagnostics).
    pub fn page<'a>(&'a self, op: &'a Operation) -> &'a str {
        self.moved_from.as_ref().map_or(&op.page, |m| &m.page)
    }

    /// The page the example is written on, relative to the doc set.
    pub fn doc_page<'a>(&'a self, op: &'a Operation) -> &'a str {
        self.moved_from
            .as_ref()
            .map_or(&op.doc_page, |m| &m.doc_page)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ExampleResponse {
    pub line: usize,
    pub status: Option<u16>,
    /// The JSON body, when it has one that parsed (the page's, shared).
    pub body: Option<std::sync::Arc<Value>>,
    pub body_kind: BodyKind,
    pub headers: Vec<(String, String)>,
}

/// The operations of a doc set, per API version.
#[derive(Debug, Clone, Default)]
pub struct Operations {
    pub versions: BTreeMap<String, VersionOps>,
    pub diagnostics: Vec<Diagnostic>,
}

/// The operations of a doc set hold millions of small blocks (their examples' JSON above all),
/// made on the threads of the pool that read the pages. They are freed on those threads, in
/// parallel, not one by one on the thread that drops them: dropping what `graphdoc generate`
/// read from all en-2021 took about 20 ms on the caller's thread alone, with nothing else left
/// to run beside it.
impl Drop for Operations {
    fn drop(&mut self) {
        use rayon::prelude::*;
        for (_, version) in std::mem::take(&mut self.versions) {
            version.operations.into_par_iter().for_each(drop);
        }
    }
}

/// The operations of one API version.
#[derive(Debug, Clone, Default)]
pub struct VersionOps {
    /// In page order.
    pub operations: Vec<Operation>,
    /// Documented request examples that no operation takes (`page:line: reason`).
    pub orphan_examples: Vec<String>,
    /// Pages with an "HTTP request" section, and of those the pages that gave an operation.
    pub pages_with_request_section: usize,
    pub pages_with_operations: usize,
}

impl VersionOps {
    /// A version without operations.
    pub const EMPTY: VersionOps = VersionOps {
        operations: Vec::new(),
        orphan_examples: Vec::new(),
        pages_with_request_section: 0,
        pages_with_operations: 0,
    };
}

/// Reads operations page by page; see the module documentation.
#[derive(Default)]
pub struct OpsReader {
    drafts: BTreeMap<String, Vec<read::OpDraft>>,
    /// Versions resolved before [`OpsReader::finish`] ([`OpsReader::take_version`]).
    resolved: BTreeMap<String, ResolvedVersion>,
    versions: BTreeMap<String, VersionOps>,
    diagnostics: Vec<Diagnostic>,
}

/// The operation drafts of one version, taken out of an [`OpsReader`] once all its pages are
/// read, to be resolved on another thread.
pub struct VersionDrafts {
    version: String,
    drafts: Vec<read::OpDraft>,
    /// What the pages said besides operations (orphan examples, page counts).
    counts: VersionOps,
}

/// A version's operations resolved against its types, to be given back to its [`OpsReader`].
pub struct ResolvedVersion {
    version: String,
    ops: VersionOps,
    diagnostics: Vec<Diagnostic>,
}

impl ResolvedVersion {
    /// The version's operations, as [`OpsReader::finish`] gives them.
    pub fn ops(&self) -> &VersionOps {
        &self.ops
    }
}

impl VersionDrafts {
    /// Resolves the version against its types (what [`OpsReader::finish`] does for each
    /// version).
    pub fn resolve(self, space: &crate::model::TypeSpace) -> ResolvedVersion {
        let VersionDrafts {
            version,
            mut drafts,
            counts,
        } = self;
        read::name_positional_arguments(&mut drafts);
        let mut operations = resolve::resolve(drafts, space);
        let mut diagnostics = Vec::new();
        unique::keep_one_operation_per_call(&mut operations, &mut diagnostics);
        ResolvedVersion {
            version,
            ops: VersionOps {
                operations,
                ..counts
            },
            diagnostics,
        }
    }
}

/// The operations one page gives, read on their own: pages can be read in parallel
/// ([`OpsReader::read`]) and taken in, in page order, by [`OpsReader::take`].
pub struct PageOperations {
    version: String,
    read: read::PageOps,
}

impl OpsReader {
    /// Reads the operations of one page (pages without templates give none).
    pub fn add(&mut self, page: &Page) {
        self.take(OpsReader::read(page));
    }

    /// What [`OpsReader::add`] takes from a page, read without the reader.
    pub fn read(page: &Page) -> PageOperations {
        let version = crate::model::version_of(page);
        let read = read::page_operations(page, &version);
        PageOperations { version, read }
    }

    /// Takes in the operations of a page read by [`OpsReader::read`].
    pub fn take(&mut self, page: PageOperations) {
        let PageOperations { version, read } = page;
        let counts = self.versions.entry(version.clone()).or_default();
        counts.orphan_examples.extend(read.orphans);
        if read.has_request_section {
            counts.pages_with_request_section += 1;
            counts.pages_with_operations += usize::from(!read.drafts.is_empty());
        }
        self.diagnostics.extend(read.diagnostics);
        self.drafts.entry(version).or_default().extend(read.drafts);
    }

    /// Takes out a version whose pages have all been taken in, to be resolved (by
    /// [`VersionDrafts::resolve`]) while later pages are read.
    pub fn take_version(&mut self, version: &str) -> Option<VersionDrafts> {
        let (version, drafts) = self.drafts.remove_entry(version)?;
        let counts = self.versions.remove(&version).unwrap_or_default();
        Some(VersionDrafts {
            version,
            drafts,
            counts,
        })
    }

    /// Gives back a version taken out by [`OpsReader::take_version`], resolved.
    pub fn put_resolved(&mut self, r: ResolvedVersion) {
        self.resolved.insert(r.version.clone(), r);
    }

    /// Resolves each version's operations against its types.
    pub fn finish(self, types: &ApiModel) -> Operations {
        let OpsReader {
            drafts,
            mut resolved,
            mut versions,
            mut diagnostics,
        } = self;
        use rayon::prelude::*;
        let rest: Vec<VersionDrafts> = drafts
            .into_iter()
            .map(|(version, drafts)| {
                let counts = versions.remove(&version).unwrap_or_default();
                VersionDrafts {
                    version,
                    drafts,
                    counts,
                }
            })
            .collect();
        // Versions are resolved independently, in parallel; diagnostics keep version order.
        let rest: Vec<ResolvedVersion> = rest
            .into_par_iter()
            .map(|d| {
                let space = types.versions.get(&d.version).unwrap_or(&EMPTY_SPACE);
                d.resolve(space)
            })
            .collect();
        resolved.extend(rest.into_iter().map(|r| (r.version.clone(), r)));
        for (version, mut r) in resolved {
            diagnostics.append(&mut r.diagnostics);
            versions.insert(version, r.ops);
        }
        // Versions with types but no operation page are still versions.
        for version in types.versions.keys() {
            versions.entry(version.clone()).or_default();
        }
        diagnostics.shrink_to_fit();
        Operations {
            versions,
            diagnostics,
        }
    }
}

static EMPTY_SPACE: crate::model::TypeSpace = crate::model::TypeSpace::EMPTY;

/// The operations of `pages`, resolved against `types`.
pub fn build(pages: &[Page], types: &ApiModel) -> Operations {
    let mut reader = OpsReader::default();
    pages.iter().for_each(|p| reader.add(p));
    reader.finish(types)
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
