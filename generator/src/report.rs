//! What `graphdoc parse` and `graphdoc stats` print: a per-page summary (one JSON line a page)
//! and totals over many pages.

use crate::diag::{Diagnostic, Severity};
use crate::page::{BlockType, BodyKind, Json, Page};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct PageSummary<'a> {
    pub path: String,
    pub doc_type: Option<&'a str>,
    pub locale: &'a str,
    pub title: Option<&'a str>,
    /// JSON annotation comments read, page annotations included.
    pub annotations: usize,
    pub requests: Vec<RequestSummary<'a>>,
    pub responses: Vec<ResponseSummary<'a>>,
    pub templates: Vec<TemplateSummary<'a>>,
    pub permissions: Option<&'a crate::page::Permissions>,
    pub diagnostics: Vec<DiagnosticSummary<'a>>,
}

#[derive(Debug, Serialize)]
pub struct RequestSummary<'a> {
    pub name: Option<&'a str>,
    pub annotated: bool,
    pub method: &'a str,
    pub url: &'a str,
    pub headers: Vec<(&'a str, &'a str)>,
    pub body_kind: BodyKind,
    pub body_ok: bool,
}

#[derive(Debug, Serialize)]
pub struct ResponseSummary<'a> {
    pub name: Option<&'a str>,
    pub annotated: bool,
    pub status: Option<u16>,
    pub odata_type: Option<&'a str>,
    pub truncated: bool,
    pub is_collection: bool,
    pub body_kind: BodyKind,
    pub body_ok: bool,
}

#[derive(Debug, Serialize)]
pub struct TemplateSummary<'a> {
    pub method: &'a str,
    pub path: &'a str,
}

#[derive(Debug, Serialize)]
pub struct DiagnosticSummary<'a> {
    pub severity: Severity,
    pub code: &'static str,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

fn body_ok(body: Option<&Json>) -> bool {
    body.is_none_or(Json::ok)
}

impl<'a> PageSummary<'a> {
    pub fn new(page: &'a Page) -> Self {
        PageSummary {
            path: page.path.display().to_string(),
            doc_type: page.doc_type(),
            locale: &page.locale,
            title: page.title.as_deref(),
            annotations: page.annotations.len(),
            requests: page
                .requests
                .iter()
                .map(|r| RequestSummary {
                    name: r.name.as_deref(),
                    annotated: r.annotation.is_some(),
                    method: &r.message.method,
                    url: &r.message.url,
                    headers: r
                        .message
                        .headers
                        .iter()
                        .map(|h| (h.name.as_str(), h.value.as_str()))
                        .collect(),
                    body_kind: r.body_kind,
                    body_ok: body_ok(r.body.as_ref()),
                })
                .collect(),
            responses: page
                .responses
                .iter()
                .map(|r| ResponseSummary {
                    name: r.name.as_deref(),
                    annotated: r.annotation.is_some(),
                    status: r.message.status,
                    odata_type: r.odata_type.as_deref(),
                    truncated: r.truncated,
                    is_collection: r.is_collection,
                    body_kind: r.body_kind,
                    body_ok: body_ok(r.body.as_ref()),
                })
                .collect(),
            templates: page
                .templates
                .iter()
                .map(|t| TemplateSummary {
                    method: &t.method,
                    path: &t.path,
                })
                .collect(),
            permissions: page.permissions.as_ref(),
            diagnostics: page
                .diagnostics
                .iter()
                .map(DiagnosticSummary::new)
                .collect(),
        }
    }
}

impl<'a> DiagnosticSummary<'a> {
    fn new(d: &'a Diagnostic) -> Self {
        DiagnosticSummary {
            severity: d.severity,
            code: d.code.as_str(),
            file: d.file.display().to_string(),
            line: d.line,
            column: d.column,
            message: &d.message,
        }
    }
}

/// Counts of bodies by how they read.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct BodyCounts {
    pub json: usize,
    pub json_strict: usize,
    pub json_repaired: usize,
    pub json_failed: usize,
    pub text: usize,
    pub binary: usize,
    pub none: usize,
}

impl BodyCounts {
    fn add(&mut self, kind: BodyKind, body: Option<&Json>) {
        match kind {
            BodyKind::Json => {
                self.json += 1;
                match body {
                    Some(j) if !j.ok() => self.json_failed += 1,
                    Some(j) if !j.repairs.is_empty() => self.json_repaired += 1,
                    _ => self.json_strict += 1,
                }
            }
            BodyKind::Text => self.text += 1,
            BodyKind::Binary => self.binary += 1,
            BodyKind::None => self.none += 1,
        }
    }

    /// Share of JSON bodies that were read, strictly or repaired, in percent.
    pub fn json_ok_percent(&self) -> f64 {
        percent(self.json - self.json_failed, self.json)
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        (part as f64 * 10_000.0 / whole as f64).round() / 100.0
    }
}

/// Totals over pages.
#[derive(Debug, Default, Clone, Serialize, PartialEq)]
pub struct Stats {
    pub pages: usize,
    pub pages_with_errors: usize,
    pub doc_types: BTreeMap<String, usize>,
    pub locales: BTreeMap<String, usize>,
    /// JSON annotation comments read (page annotations included).
    pub annotations: usize,
    pub annotations_repaired: usize,
    /// Annotation comments that could not be read (GD0202).
    pub annotations_invalid: usize,
    pub block_types: BTreeMap<String, usize>,
    /// Annotated request examples read.
    pub requests: usize,
    pub requests_unannotated: usize,
    pub request_methods: BTreeMap<String, usize>,
    pub request_bodies: BodyCounts,
    /// Annotated response examples read.
    pub responses: usize,
    pub responses_unannotated: usize,
    pub response_bodies: BodyCounts,
    pub responses_truncated: usize,
    pub responses_paired: usize,
    pub templates: usize,
    pub permissions: usize,
    pub includes: usize,
    pub includes_read: usize,
    pub diagnostics: BTreeMap<String, usize>,
    pub diagnostic_codes: BTreeMap<String, usize>,
}

impl Stats {
    pub fn add(&mut self, page: &Page) {
        self.pages += 1;
        self.pages_with_errors += usize::from(page.has_errors());
        *self
            .doc_types
            .entry(page.doc_type().unwrap_or("(none)").to_string())
            .or_default() += 1;
        *self.locales.entry(page.locale.clone()).or_default() += 1;
        self.annotations += page.annotations.len();
        for a in &page.annotations {
            self.annotations_repaired += usize::from(!a.repairs.is_empty());
            let name = match &a.block_type {
                BlockType::Other(t) => format!("other:{t}"),
                other => serde_json::to_value(other)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
            };
            *self.block_types.entry(name).or_default() += 1;
        }
        for r in &page.requests {
            if r.annotation.is_some() {
                self.requests += 1;
                *self
                    .request_methods
                    .entry(r.message.method.clone())
                    .or_default() += 1;
            } else {
                self.requests_unannotated += 1;
            }
            self.request_bodies.add(r.body_kind, r.body.as_ref());
        }
        for r in &page.responses {
            if r.annotation.is_some() {
                self.responses += 1;
            } else {
                self.responses_unannotated += 1;
            }
            self.responses_truncated += usize::from(r.truncated);
            self.responses_paired += usize::from(r.request.is_some());
            self.response_bodies.add(r.body_kind, r.body.as_ref());
        }
        self.templates += page.templates.len();
        self.permissions += usize::from(page.permissions.is_some());
        self.includes += page.includes.len();
        self.includes_read += page
            .includes
            .iter()
            .filter(|i| i.resolved.is_some())
            .count();
        for d in &page.diagnostics {
            *self.diagnostics.entry(d.severity.to_string()).or_default() += 1;
            *self
                .diagnostic_codes
                .entry(d.code.as_str().to_string())
                .or_default() += 1;
            if d.code == crate::diag::Code::AnnotationInvalid {
                self.annotations_invalid += 1;
            }
        }
    }

    /// A plain-text table of the totals.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let mut line = |k: &str, v: String| out.push_str(&format!("{k:<28} {v}\n"));
        line("pages", self.pages.to_string());
        line("pages with errors", self.pages_with_errors.to_string());
        line("doc types", join(&self.doc_types));
        line("locales", join(&self.locales));
        line(
            "annotations",
            format!(
                "{} ({} repaired, {} unreadable)",
                self.annotations, self.annotations_repaired, self.annotations_invalid
            ),
        );
        line("block types", join(&self.block_types));
        line(
            "requests",
            format!(
                "{} annotated, {} unannotated",
                self.requests, self.requests_unannotated
            ),
        );
        line("request methods", join(&self.request_methods));
        line("request bodies", bodies(&self.request_bodies));
        line(
            "responses",
            format!(
                "{} annotated, {} unannotated, {} truncated, {} paired",
                self.responses,
                self.responses_unannotated,
                self.responses_truncated,
                self.responses_paired
            ),
        );
        line("response bodies", bodies(&self.response_bodies));
        line("templates", self.templates.to_string());
        line("permissions tables", self.permissions.to_string());
        line(
            "includes",
            format!("{} ({} read)", self.includes, self.includes_read),
        );
        line("diagnostics", join(&self.diagnostics));
        line("diagnostic codes", join(&self.diagnostic_codes));
        out
    }
}

fn join(map: &BTreeMap<String, usize>) -> String {
    map.iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bodies(b: &BodyCounts) -> String {
    format!(
        "json {} (strict {}, repaired {}, failed {}; {:.2}% read), text {}, binary {}, none {}",
        b.json,
        b.json_strict,
        b.json_repaired,
        b.json_failed,
        b.json_ok_percent(),
        b.text,
        b.binary,
        b.none
    )
}
