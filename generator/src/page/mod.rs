//! The page model: what one reference page says, read faithfully and nothing more.
//!
//! A [`Page`] is language-neutral where the docs are (code, annotations, anchors, JSON) and keeps
//! translated text (titles, headings, prose, table cells) as text, never as keys. Later stages
//! read this model only; nothing after this stage looks at markdown.

pub mod annotation;
pub(crate) mod frontmatter;
pub mod http;
pub(crate) mod include;
pub mod permissions;
pub(crate) mod reader;
pub mod section;

use crate::diag::Diagnostic;
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use annotation::{Annotation, BlockType};
pub use http::{BodyKind, RequestMessage, ResponseMessage, TemplateLine};
pub use include::doc_root_of;
pub use permissions::{PermissionKind, PermissionRow, Permissions};
pub use reader::{Reader, ReaderOptions, Readers};
pub use section::SectionKind;

/// One reference page, with the includes it pulls in already read.
#[derive(Debug, Clone, Serialize)]
pub struct Page {
    /// The page's path as it was given to the reader.
    pub path: PathBuf,
    pub front_matter: FrontMatter,
    /// `ms.contentlocale` from the front matter, lowercased; `en-us` when absent.
    pub locale: String,
    /// The front matter title, else the first level-1 heading.
    pub title: Option<String>,
    pub sections: Vec<Section>,
    pub annotations: Vec<Annotation>,
    pub fences: Vec<Fence>,
    pub tables: Vec<Table>,
    pub paragraphs: Vec<Paragraph>,
    pub alerts: Vec<Alert>,
    pub includes: Vec<Include>,
    pub requests: Vec<Request>,
    pub responses: Vec<Response>,
    pub templates: Vec<Template>,
    pub permissions: Option<Permissions>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Page {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// `doc_type` from the front matter (`apiPageType`, `resourcePageType`, `enumPageType`, …).
    pub fn doc_type(&self) -> Option<&str> {
        self.front_matter.doc_type.as_deref()
    }

    /// The sections of one kind, in page order.
    pub fn sections_of(&self, kind: SectionKind) -> impl Iterator<Item = (usize, &Section)> {
        self.sections
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.kind == kind)
    }
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    pub doc_type: Option<String>,
    /// Every scalar entry, as text, keyed by its YAML key (`ms.date`, `ms.contentlocale`, …).
    pub fields: BTreeMap<String, String>,
    /// 1-based line of the closing `---`, 0 when there is no front matter.
    pub end_line: usize,
}

/// A heading and what follows it up to the next heading. Section 0 is the preamble before the
/// first heading, with level 0.
#[derive(Debug, Clone, Serialize)]
pub struct Section {
    pub level: u8,
    /// The heading text as written (possibly translated).
    pub heading: String,
    /// The `<a name="…">` anchor when the heading has one, else the slug of the heading.
    pub key: String,
    /// True when `key` came from an explicit anchor.
    pub anchored: bool,
    pub kind: SectionKind,
    pub line: usize,
}

/// A place in the page, or in a file the page includes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The included file the element comes from; `None` for the page itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<PathBuf>,
    pub line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Fence {
    pub section: usize,
    pub span: Span,
    /// The info string's first word, lowercased (`http`, `json`, `msgraph-interactive`, ``).
    pub lang: String,
    /// The fence content, without the fence lines.
    pub text: String,
    /// 1-based line of the first content line.
    pub content_line: usize,
    /// The annotation that describes this block.
    pub annotation: Option<usize>,
    /// The tab (`http`, `csharp`, …) the fence sits in, when the page uses tabs.
    pub tab: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub section: usize,
    pub span: Span,
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
    /// The annotation right before the table, if any.
    pub annotation: Option<usize>,
}

/// A table cell: its plain text and its markdown source (for links such as `[user](user.md)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    pub text: String,
    pub raw: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Paragraph {
    pub section: usize,
    pub span: Span,
    pub text: String,
    /// Link destinations in the paragraph, in order.
    pub links: Vec<String>,
}

/// A DocFX alert block (`> [!NOTE]`, `> [!CAUTION]`, …) or div marker.
#[derive(Debug, Clone, Serialize)]
pub struct Alert {
    pub section: usize,
    pub span: Span,
    /// Uppercased kind: NOTE, TIP, IMPORTANT, CAUTION, WARNING, or DIV.
    pub kind: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Include {
    pub section: usize,
    pub span: Span,
    pub label: String,
    /// The path as written.
    pub target: String,
    /// The resolved file, when the include was read.
    pub resolved: Option<PathBuf>,
    /// The annotation right before the include (a `permissions` annotation).
    pub annotation: Option<usize>,
}

/// A documented example request.
#[derive(Debug, Clone, Serialize)]
pub struct Request {
    /// The annotation `name` (its first entry when a list); `None` without an annotation.
    pub name: Option<String>,
    pub fence: usize,
    pub annotation: Option<usize>,
    pub message: RequestMessage,
    pub body_kind: BodyKind,
    pub body: Option<Json>,
    /// The index of the response paired with this request.
    pub response: Option<usize>,
}

/// A documented example response.
#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub name: Option<String>,
    pub fence: usize,
    pub annotation: Option<usize>,
    pub message: ResponseMessage,
    pub body_kind: BodyKind,
    pub body: Option<Json>,
    /// `@odata.type` from the annotation: no leading `#`, `Collection(…)` unwrapped.
    pub odata_type: Option<String>,
    pub truncated: bool,
    pub is_collection: bool,
    /// The index of the request this response answers.
    pub request: Option<usize>,
}

/// A JSON body: the value when it could be read, and what was repaired to read it.
#[derive(Debug, Clone, Serialize)]
pub struct Json {
    /// Shared with the operations' examples that show it, so that it is not copied.
    pub value: Option<std::sync::Arc<serde_json::Value>>,
    pub repairs: Vec<String>,
}

impl Json {
    pub fn ok(&self) -> bool {
        self.value.is_some()
    }
}

/// One `METHOD /path` line of the "HTTP request" section.
#[derive(Debug, Clone, Serialize)]
pub struct Template {
    pub method: String,
    pub path: String,
    pub fence: usize,
    pub line: usize,
}
