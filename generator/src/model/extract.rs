//! Pages → API model. Reads only the page model (never markdown): resource annotations and their
//! JSON samples, Properties and Relationships tables, enum tables and enum pages, inheritance,
//! and the `@odata.type` objects in request and response examples.
//!
//! Translated pages: a row's name is a wire name only where the doc set shows it as an
//! identifier (JSON keys, code spans, URL segments); rows with translated names take the sample
//! key their type fits. A type cell must name a type the doc set knows; other cells are read the
//! way the samples show the doc set uses them. Enum members are checked against the values the
//! docs show (`enums`), base types come from every signal (`bases`). Translated words are never
//! interpreted: what they mean is learned from the doc set, or they are left out.

use super::{
    ANY_JSON, ApiModel, CellReadings, Edm, EnumMember, Property, TypeId, TypeKind, TypeRef,
    TypeSpace,
};
use crate::diag::{Code, Diagnostic, Severity};
use crate::page::{BlockType, Cell, Page, SectionKind, Table};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

mod bases;
mod enums;

const DEFAULT_NAMESPACE: &str = "microsoft.graph";

/// Builds the model of a doc set from its pages. Diagnostics report conflicts between pages.
pub fn build(pages: &[Page]) -> (ApiModel, Vec<Diagnostic>) {
    let mut builder = ModelBuilder::default();
    pages.iter().for_each(|p| builder.add(p));
    builder.finish()
}

/// Builds a model one page at a time, so a large doc set need not be held in memory whole.
#[derive(Default)]
pub struct ModelBuilder {
    drafts: BTreeMap<String, Drafts>,
    /// Versions merged before [`ModelBuilder::finish`] (see [`ModelBuilder::take_version`]).
    finished: BTreeMap<String, FinishedVersion>,
}

/// What the pages of one version said, taken out of a [`ModelBuilder`] once all of them are
/// read: merged on any thread while the pages of other versions are read.
pub struct VersionDrafts {
    version: String,
    drafts: Drafts,
}

/// A version merged from its [`VersionDrafts`], to be given back to its [`ModelBuilder`].
pub struct FinishedVersion {
    version: String,
    space: TypeSpace,
    diagnostics: Vec<Diagnostic>,
}

impl FinishedVersion {
    /// The version's types.
    pub fn space(&self) -> &TypeSpace {
        &self.space
    }
}

impl VersionDrafts {
    /// Merges the version (what [`ModelBuilder::finish`] does for each version).
    pub fn finish(self) -> FinishedVersion {
        let mut diagnostics = Vec::new();
        let space = finish(self.drafts, &mut diagnostics);
        FinishedVersion {
            version: self.version,
            space,
            diagnostics,
        }
    }
}

impl ModelBuilder {
    /// Reads what a page says about types.
    pub fn add(&mut self, page: &Page) {
        let version = version_of(page);
        read_types_of_page(page, self.drafts.entry(version).or_default());
    }

    /// Takes out what the pages of `version` said, to be merged while other pages are read.
    /// The caller must add no page of that version afterwards.
    pub fn take_version(&mut self, version: &str) -> Option<VersionDrafts> {
        let (version, drafts) = self.drafts.remove_entry(version)?;
        Some(VersionDrafts { version, drafts })
    }

    /// Gives back a version taken out by [`ModelBuilder::take_version`], merged.
    pub fn put_finished(&mut self, f: FinishedVersion) {
        self.finished.insert(f.version.clone(), f);
    }

    /// Merges what the pages said into the model.
    pub fn finish(self) -> (ApiModel, Vec<Diagnostic>) {
        use rayon::prelude::*;
        // Versions are merged independently, in parallel; diagnostics keep version order.
        let mut finished = self.finished;
        let merged: Vec<FinishedVersion> = self
            .drafts
            .into_par_iter()
            .map(|(version, drafts)| VersionDrafts { version, drafts }.finish())
            .collect();
        finished.extend(merged.into_iter().map(|f| (f.version.clone(), f)));
        let mut model = ApiModel::default();
        let mut diags = Vec::new();
        for (version, mut f) in finished {
            diags.append(&mut f.diagnostics);
            model.versions.insert(version, f.space);
        }
        (model, diags)
    }
}

/// The API version of a page: the folder after `api-reference`, else `v1.0`.
pub fn version_of(page: &Page) -> String {
    version_of_path(&page.path)
}

/// The API version of the page at `path` (see [`version_of`]).
pub fn version_of_path(path: &std::path::Path) -> String {
    // The path's bytes split at separators, skipping what `Path::components` skips (empty and
    // `.` parts): the same parts, without parsing each into a `Component`. Asked several times
    // for each page.
    let mut parts = path
        .as_os_str()
        .as_encoded_bytes()
        .split(|&b| b.is_ascii() && std::path::is_separator(b as char))
        .filter(|part| !part.is_empty() && *part != b".");
    while let Some(part) = parts.next() {
        if part == b"api-reference"
            && let Some(v) = parts.next()
        {
            return String::from_utf8_lossy(v).to_ascii_lowercase();
        }
    }
    "v1.0".into()
}

/// What the pages of one version say about each type, before merging.
#[derive(Default)]
struct Drafts {
    /// Lowercased qualified name → draft.
    types: BTreeMap<String, TypeDraft>,
    /// Lowercased qualified name → properties seen in examples (for types with no page).
    observed: BTreeMap<String, Observed>,
    /// Lowercased type → the lowercased types examples show it standing in for (a response
    /// documented as one type whose items say another), with counts.
    subtypes: BTreeMap<String, BTreeMap<String, usize>>,
    /// (lowercased type, lowercased property) → the lowercased types that objects in that
    /// property of examples say they are, with counts: read against the property's declared
    /// type once all pages are read.
    nested: BTreeMap<(String, String), BTreeMap<String, usize>>,
    /// Identifiers the docs show: JSON keys of samples and examples, code spans in tables.
    /// Hashed while pages are read (many names, most seen before), sorted once read.
    identifiers: foldhash::HashSet<String>,
    /// Table rows of resource pages, in page order, applied once all pages are read.
    pending: Vec<PendingRows>,
    /// Identifier-shaped string values of examples: enum members as the wire shows them.
    json_values: foldhash::HashSet<String>,
    /// Lowercased page stem → the URL words its "HTTP request" templates end in, each with the
    /// lowercased last part of the type its responses say (`tasks`, `todotask`): what a
    /// relationship the page lists is called on the wire, in every language.
    url_ends: BTreeMap<String, Vec<(String, String, String)>>,
    /// Lowercased page stem → the segments of its "HTTP request" templates (`{…}` keys as `{}`).
    url_paths: BTreeMap<String, Vec<Vec<String>>>,
}

impl Drafts {
    /// Records an identifier the docs show (most were seen before: no copy for those).
    fn show(&mut self, identifier: &str) {
        if !self.identifiers.contains(identifier) {
            self.identifiers.insert(identifier.to_string());
        }
    }
}

#[derive(Default)]
struct TypeDraft {
    name: String,
    kind: Option<TypeKind>,
    base: Option<String>,
    is_abstract: bool,
    open: bool,
    key: Option<String>,
    /// In page order; names unique case-insensitively.
    properties: Vec<DraftProperty>,
    /// Where each property is in `properties`, by exact name: a table of many rows is read in
    /// linear time.
    property_index: foldhash::HashMap<String, usize>,
    members: Vec<EnumMember>,
    /// A row of a member table named no identifier (a translated member).
    members_skipped: bool,
    /// How many rows of its member tables named no identifier.
    members_translated: usize,
    description: Option<String>,
    sources: BTreeSet<String>,
    /// Disagreements between pages about a property's type, for diagnostics.
    conflicts: Vec<String>,
    /// Short preamble sentences with one link to a type. "Inherits from [x](x.md)." in
    /// whatever language.
    base_hints: Vec<bases::BaseHint>,
    /// (row name, the text before the link, type linked from the row's description):
    /// "Inherited from [x](x.md)".
    row_links: Vec<(String, String, String)>,
    /// The page lists operations on the type (a Methods table linking API pages): it is
    /// addressable, an entity where it has an `id`.
    has_methods: bool,
    /// Types the page lists in its "Derived types" section (by anchor or heading slug).
    derived_listed: Vec<String>,
    /// The resource annotation says `"baseType": null`: the type states it has no base.
    no_base: bool,
}

#[derive(Clone)]
struct DraftProperty {
    name: String,
    ty: Option<TypeRef>,
    collection: Option<bool>,
    navigation: bool,
    description: Option<String>,
    source: String,
    /// The type cell as written, when it holds words graphdoc cannot read (a translation).
    translated_cell: Option<String>,
    /// The type cell as written, when the type was read from it (checked against the doc set's
    /// types once all pages are read).
    cell: Option<String>,
    /// What the JSON sample said, when it said something.
    sample: Option<(TypeRef, bool)>,
    /// Read from a resource page (`doc_type: resourcePageType`), which outranks other pages.
    from_resource_page: bool,
    /// The identifiers in code spans of the row's description: the values of an enum, where
    /// the property has one ("Possible values are: `low`, `high`").
    values: Vec<String>,
}

#[derive(Default)]
struct Observed {
    name: String,
    properties: BTreeMap<String, (String, TypeRef, bool)>,
    sources: BTreeSet<String>,
}

fn read_types_of_page(page: &Page, d: &mut Drafts) {
    // What `display` writes, without going through a formatter.
    let source = page.path.to_string_lossy().into_owned();
    let namespace = namespace_of(page);
    let resources: Vec<usize> = page
        .fences
        .iter()
        .enumerate()
        .filter(|(_, f)| {
            f.annotation
                .is_some_and(|a| page.annotations[a].block_type == BlockType::Resource)
        })
        .map(|(i, _)| i)
        .collect();

    // Older pages give no doc_type: a page with no resource sample whose `members` section
    // holds a table is an enum page too (the anchor is kept in translations).
    let is_enum_page =
        page.doc_type()
            .is_some_and(|t| t.eq_ignore_ascii_case("enumPageType"))
            || (resources.is_empty()
                && page.sections.iter().enumerate().any(|(i, s)| {
                    s.key == "members" && page.tables.iter().any(|t| t.section == i)
                }));
    let is_resource_page = page
        .doc_type()
        .is_some_and(|t| t.eq_ignore_ascii_case("resourcePageType"))
        || !resources.is_empty();

    // Enum tables: `### x values` sections anywhere, and the member table of an enum page.
    for (index, section) in page.sections.iter().enumerate() {
        if section.kind != SectionKind::EnumValues {
            continue;
        }
        let stem = section
            .key
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .trim_end_matches('-');
        let stem = stem.strip_suffix("-values").unwrap_or(stem);
        let name = identifier_in(&section.heading, stem).unwrap_or_else(|| stem.to_string());
        if let Some(table) = page.tables.iter().find(|t| t.section == index) {
            add_enum(d, &qualify(&name, &namespace), table, &source);
        }
    }
    if is_enum_page
        && !page
            .sections
            .iter()
            .any(|s| s.kind == SectionKind::EnumValues)
    {
        if let Some(name) = page_type_name(page) {
            if let Some(table) = page.tables.iter().find(|t| is_member_table(t)) {
                add_enum(d, &qualify(&name, &namespace), table, &source);
            }
        }
    }

    if is_resource_page && !is_enum_page {
        read_resource_page(page, d, &resources, &namespace, &source);
    }

    let ends = url_ends(page);
    let paths: Vec<Vec<String>> = page
        .templates
        .iter()
        .map(|t| url_segments(&t.path))
        .collect();
    if !ends.is_empty() || !paths.is_empty() {
        let stem = page_stem(page);
        if !ends.is_empty() {
            d.url_ends.insert(stem.clone(), ends);
        }
        if !paths.is_empty() {
            d.url_paths.insert(stem, paths);
        }
    }

    // Identifiers the page shows: code spans in its tables, keys of its examples.
    // (Most cells hold no code span: `contains` says so faster than splitting them.)
    let with_spans = page.tables.iter().flat_map(|t| t.rows.iter().flatten());
    for cell in with_spans.filter(|c| c.raw.contains('`')) {
        for span in code_span_words(&cell.raw) {
            d.show(span);
        }
    }
    // URL segments name relationships (`/users/{id}/calendar`); query options name properties.
    let urls = page.templates.iter().map(|t| t.path.as_str());
    for url in urls.chain(page.requests.iter().map(|r| r.message.url.as_str())) {
        let url = url.split("://").last().unwrap_or(url);
        // A word of ASCII letters, digits and `_` is a property name when it is not empty.
        for w in url.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if !w.is_empty() {
                d.show(w);
            }
        }
    }
    let bodies = page.requests.iter().filter_map(|r| r.body.as_ref());
    let bodies = bodies.chain(page.responses.iter().filter_map(|r| r.body.as_ref()));
    for value in bodies.filter_map(|b| b.value.as_deref()) {
        json_keys(value, &mut d.identifiers, &mut d.json_values);
    }

    // Examples: objects that say their type.
    for r in &page.requests {
        if let Some(value) = r.body.as_ref().and_then(|b| b.value.as_deref()) {
            observe(value, None, &namespace, d, &source);
        }
    }
    for r in &page.responses {
        let Some(value) = r.body.as_ref().and_then(|b| b.value.as_deref()) else {
            continue;
        };
        let declared = r.odata_type.as_deref().map(|t| qualify(t, &namespace));
        match value.get("value").and_then(Value::as_array) {
            Some(items) if r.is_collection => {
                for item in items {
                    observe(item, declared.as_deref(), &namespace, d, &source);
                }
            }
            _ => observe(value, declared.as_deref(), &namespace, d, &source),
        }
    }
}

fn read_resource_page(
    page: &Page,
    d: &mut Drafts,
    resources: &[usize],
    namespace: &str,
    source: &str,
) {
    let from_resource_page = page
        .doc_type()
        .is_some_and(|t| t.eq_ignore_ascii_case("resourcePageType"));
    let Some(main) = main_type(page, resources, namespace) else {
        return;
    };
    let rows = property_rows(page);
    // No resource sample and no property row: an overview of an area, not a type (its name
    // would come from the file name alone, and its prose would give it a base).
    if resources.is_empty() && rows.is_empty() {
        return;
    }
    read_resource_annotations(page, d, resources, namespace, source);
    let draft_main = draft(d, &main);
    draft_main.sources.insert(source.to_string());
    read_type_facts(page, draft_main, namespace, &main);
    let (sample, object_samples) = main_sample(page, resources, namespace, &main);
    let has_relationships = page
        .sections
        .iter()
        .any(|s| s.kind == SectionKind::Relationships);
    d.identifiers.extend(sample.iter().map(|(k, _)| k.clone()));
    let translated = is_latin_translation(page, &rows);
    let fields = &page.front_matter.fields;
    let is_translation =
        fields.contains_key("ms.translationtype") || fields.contains_key("ms.contentlocale");
    d.pending.push(PendingRows {
        translated,
        is_translation,
        main,
        namespace: namespace.to_string(),
        source: source.to_string(),
        from_resource_page,
        sample,
        object_samples,
        rows: rows
            .into_iter()
            .map(|(n, t, desc, nav, name)| (n, t.clone(), desc.cloned(), nav, name.text.clone()))
            .collect(),
        has_relationships,
        method_pages: method_pages(page),
        stem: page_stem(page),
    });
}

/// The lowercased file stem of a page.
fn page_stem(page: &Page) -> String {
    page.path
        .file_stem()
        .map(|s| s.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The pages the Methods section links to, by lowercased file stem.
fn method_pages(page: &Page) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in page
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SectionKind::Methods)
    {
        for cell in page
            .tables
            .iter()
            .filter(|t| t.section == i)
            .flat_map(|t| t.rows.iter().filter_map(|r| r.first()))
        {
            let mut rest = cell.raw.as_str();
            while let Some(at) = rest.find("](") {
                let after = &rest[at + 2..];
                let end = after.find(')').unwrap_or(after.len());
                let target = after[..end].split(['#', '?']).next().unwrap_or_default();
                let file = target.rsplit('/').next().unwrap_or_default();
                if let Some(stem) = file.strip_suffix(".md") {
                    out.push(stem.to_ascii_lowercase());
                }
                rest = &after[end..];
            }
        }
    }
    out
}

/// The last identifier word of each "HTTP request" template (before a trailing `{key}`,
/// `$ref`, `$value`), with the lowercased last part of the type the page's annotated responses
/// say. Empty where no response says a type.
fn url_ends(page: &Page) -> Vec<(String, String, String)> {
    // The annotation's type, else the `@odata.type` the example response shows (of the body,
    // or of its first item).
    let shown = |r: &crate::page::Response| {
        let body = r.body.as_ref()?.value.as_deref()?;
        let item = body.get("value").and_then(|v| v.get(0)).unwrap_or(body);
        let ty = item.get("@odata.type")?.as_str()?;
        crate::page::annotation::normalize_type(ty).0
    };
    let Some(ty) = page
        .responses
        .iter()
        .find_map(|r| r.odata_type.clone())
        .or_else(|| page.responses.iter().find_map(shown))
    else {
        return Vec::new();
    };
    let ty = ty.rsplit('.').next().unwrap_or(&ty).to_ascii_lowercase();
    let mut out: Vec<(String, String, String)> = Vec::new();
    for t in &page.templates {
        let path = t.path.split(['?', ' ']).next().unwrap_or_default();
        let mut words = path
            .split('/')
            .rev()
            .filter(|w| !w.is_empty() && !w.starts_with('{') && !w.starts_with('$'));
        let last = words.next();
        let parent = words.next().unwrap_or_default().to_ascii_lowercase();
        if let Some(w) = last.filter(|w| is_property_name(w))
            && !out.iter().any(|(p, o, _)| o == w && *p == parent)
        {
            out.push((parent, w.to_string(), ty.clone()));
        }
    }
    out
}

/// The segments of a URL template's path: `{…}` keys (spaces and slashes inside them
/// included) as `{}`, up to the query or the first space outside a key.
fn url_segments(path: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut depth = 0usize;
    // The characters outside keys are copied a run at a time: `plain` is where the run not yet
    // copied starts. The bytes looked at are ASCII, so each offset is a character boundary.
    let mut plain = 0;
    for (i, b) in path.bytes().enumerate() {
        let segment = out.last_mut().expect("a segment");
        match b {
            b'{' => {
                depth += 1;
                if depth == 1 {
                    segment.push_str(&path[plain..i]);
                    segment.push('{');
                }
            }
            b'}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    segment.push('}');
                    plain = i + 1;
                }
            }
            _ if depth > 0 => {}
            b'?' | b' ' | b'\t' => {
                segment.push_str(&path[plain..i]);
                plain = path.len();
                break;
            }
            b'/' => {
                segment.push_str(&path[plain..i]);
                out.push(String::new());
                plain = i + 1;
            }
            _ => {}
        }
    }
    // The last run, unless it is inside a key left open.
    if depth == 0 {
        out.last_mut().expect("a segment").push_str(&path[plain..]);
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The wire name of a row whose name is translated, from the URLs of the pages the Methods
/// section of the row's type links to: the one segment, no other row claims, that those URLs
/// put right after a word (and key) the main type's own pages address it by
/// (`/users/{id}/authentication/methods` on a page of `authentication` for a row
/// `身份验证 | [身份验证](authentication.md)` of `user`).
fn path_word(
    cell: &str,
    (main, method_pages): (&str, &[String]),
    url_ends: &BTreeMap<String, Vec<(String, String, String)>>,
    paths: &UrlPaths,
    claimed: &BTreeSet<String>,
) -> Option<String> {
    let Some((TypeRef::Named(ty), _)) = parse_type_cell(cell, DEFAULT_NAMESPACE) else {
        return None;
    };
    let last = |t: &str| t.rsplit('.').next().unwrap_or(t).to_ascii_lowercase();
    let (ty, main) = (last(&ty), last(main));
    if ty == main {
        return None;
    }
    let mut main_words = addressing_words(method_pages, url_ends, &main);
    main_words.insert(main.clone());
    let mut found: Vec<&str> = Vec::new();
    for segs in paths
        .methods_of
        .get(&ty)
        .into_iter()
        .flatten()
        .filter_map(|p| paths.by_page.get(p))
        .flatten()
    {
        for (i, seg) in segs.iter().enumerate() {
            if !main_words.contains(&seg.to_ascii_lowercase()) {
                continue;
            }
            let next = segs[i + 1..].iter().find(|s| !s.starts_with('{'));
            if let Some(w) = next.filter(|w| {
                is_property_name(w)
                    && !claimed.contains(&w.to_ascii_lowercase())
                    && !main_words.contains(&w.to_ascii_lowercase())
            }) && !found.iter().any(|f| f.eq_ignore_ascii_case(w))
            {
                found.push(w);
            }
        }
    }
    match found.as_slice() {
        [one] => Some(one.to_string()),
        _ => None,
    }
}

/// The URL segments of each page's templates, and each type's pages (what the Methods section
/// of its resource page links to, and pages named after its page).
#[derive(Default)]
struct UrlPaths {
    by_page: BTreeMap<String, Vec<Vec<String>>>,
    /// The lowercased last part of a type's name → its pages.
    methods_of: BTreeMap<String, Vec<String>>,
}

/// The type a page is about: its (first) resource annotation, else its title or file name.
fn main_type(page: &Page, resources: &[usize], namespace: &str) -> Option<String> {
    let named = resources
        .iter()
        .filter_map(|&f| page.fences[f].annotation)
        .find_map(|a| page.annotations[a].odata_type.clone());
    match named {
        Some(t) => Some(qualify(&t, namespace)),
        None => page_type_name(page).map(|n| qualify(&n, namespace)),
    }
}

/// What the resource annotations say of their types: base, key, open, abstract.
fn read_resource_annotations(
    page: &Page,
    d: &mut Drafts,
    resources: &[usize],
    namespace: &str,
    source: &str,
) {
    for &f in resources {
        let Some(a) = page.fences[f].annotation.map(|a| &page.annotations[a]) else {
            continue;
        };
        let Some(name) = a.odata_type.as_deref().map(|t| qualify(t, namespace)) else {
            continue;
        };
        let draft = draft(d, &name);
        draft.sources.insert(source.to_string());
        if let Some(base) = &a.base_type {
            draft.base.get_or_insert_with(|| qualify(base, namespace));
        }
        if a.raw.get("baseType").is_some_and(Value::is_null) {
            draft.no_base = true;
        }
        if let Some(key) = &a.key_property {
            draft.key.get_or_insert_with(|| key.clone());
            draft.kind = Some(TypeKind::Entity);
        }
        if a.raw
            .get("openType")
            .is_some_and(|v| v == &Value::Bool(true) || v == "true")
        {
            draft.open = true;
        }
        if a.raw
            .get("abstract")
            .is_some_and(|v| v == &Value::Bool(true) || v == "true")
        {
            draft.is_abstract = true;
        }
    }
}

/// What the page says of its type besides properties: the types its "Derived types" section
/// lists, whether it has methods, the sentences that may state its base, its description.
fn read_type_facts(page: &Page, draft_main: &mut TypeDraft, namespace: &str, main: &str) {
    for (i, _) in page.sections.iter().enumerate().filter(|(_, s)| {
        s.key
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-')
            == "derived-types"
    }) {
        let links = page
            .tables
            .iter()
            .filter(|t| t.section == i)
            .flat_map(|t| &t.rows)
            .filter_map(|r| r.first())
            .flat_map(|c| bases::cell_links(&c.raw));
        draft_main
            .derived_listed
            .extend(links.map(|(_, t)| qualify(&t, namespace)));
    }
    draft_main.has_methods |= page.sections.iter().enumerate().any(|(i, s)| {
        s.kind == SectionKind::Methods
            && page.tables.iter().any(|t| {
                t.section == i
                    && t.rows
                        .iter()
                        .any(|r| r.first().is_some_and(|c| c.raw.contains("](")))
            })
    });
    draft_main
        .base_hints
        .extend(bases::base_hints(page, namespace, main));
    if draft_main.description.is_none() {
        draft_main.description = page.front_matter.description.clone();
    }
}

/// A sample's keys with the types their placeholders stand for.
type Sample = Vec<(String, Option<(TypeRef, bool)>)>;

/// The JSON sample of the main type, read once: keys with their placeholder types, and the
/// keys whose sample is one `{"@odata.type": …}` object (samples write that for collections
/// too, so it does not contradict a cell that says "collection").
fn main_sample(
    page: &Page,
    resources: &[usize],
    namespace: &str,
    main: &str,
) -> (Sample, BTreeSet<String>) {
    let mut sample: Sample = Vec::new();
    let mut object_samples: BTreeSet<String> = BTreeSet::new();
    let main_samples = resources.iter().filter(|&&f| {
        page.fences[f]
            .annotation
            .and_then(|a| page.annotations[a].odata_type.as_deref())
            .is_some_and(|t| qualify(t, namespace).eq_ignore_ascii_case(main))
    });
    for &f in main_samples {
        let Ok(Value::Object(map)) = crate::json::parse(&page.fences[f].text).map(|p| p.value)
        else {
            continue;
        };
        for (k, v) in map {
            if v.is_object() {
                object_samples.insert(k.clone());
            }
            if !k.starts_with('@') && is_property_name(&k) {
                let t = placeholder_type(&v, namespace);
                sample.push((k, t));
            }
        }
    }
    (sample, object_samples)
}

/// A row of a Properties or Relationships table: its name when it is an identifier, its type
/// cell, its description cell, and whether it is a relationship.
type PropertyRow<'p> = (Option<String>, &'p Cell, Option<&'p Cell>, bool, &'p Cell);

/// The rows of the Properties and Relationships tables: each section's property table, and any
/// later table shaped like it (not a table of constants explaining one property).
fn property_rows(page: &Page) -> Vec<PropertyRow<'_>> {
    let mut rows = Vec::new();
    for (index, section) in page.sections.iter().enumerate() {
        let navigation = match section.kind {
            SectionKind::Properties => false,
            SectionKind::Relationships => true,
            _ => continue,
        };
        let mut tables = page
            .tables
            .iter()
            .filter(|t| t.section == index && t.header.len() >= 2);
        let first = tables.next();
        let same_shape = |t: &&Table| {
            first.is_some_and(|f| {
                f.header.len() == t.header.len()
                    && f.header.first().map(|c| &c.text) == t.header.first().map(|c| &c.text)
            })
        };
        let tables: Vec<&Table> = first.into_iter().chain(tables.filter(same_shape)).collect();
        for table in tables {
            for row in &table.rows {
                let Some(name_cell) = row.first() else {
                    continue;
                };
                let Some(type_cell) = row.get(1) else {
                    continue;
                };
                let name = property_name(name_cell);
                if name.is_none() && name_cell.text.trim().is_empty() {
                    continue;
                }
                // A row naming an operation's page in words (a Methods row that strayed into
                // the table: `[Transitive memberOf auflisten](../api/device-list-….md)`); a
                // relationship may link its name to the page that reads it (`[filesFolder](…)`).
                if name_cell.raw.contains("](../api/")
                    && !is_property_name(name_cell.text.trim().trim_matches('*'))
                {
                    continue;
                }
                // A bold group label row (`**Calendar**`) is not a property.
                if name.is_none() && type_cell.text.trim().is_empty() {
                    continue;
                }
                rows.push((name, type_cell, row.get(2), navigation, name_cell));
            }
        }
    }
    rows
}

/// Whether the page is a translation written in the Latin script. A translation says so in its
/// metadata; a row name that is no identifier says so too. Where its prose is written in
/// another script than identifiers are, an identifier-shaped row name was left untranslated; in
/// a Latin-script translation it may be a word.
fn is_latin_translation(page: &Page, rows: &[PropertyRow]) -> bool {
    let fields = &page.front_matter.fields;
    let translated = fields.contains_key("ms.translationtype")
        || fields.contains_key("ms.contentlocale")
        || rows.iter().any(|(name, ..)| name.is_none());
    if !translated {
        return false;
    }
    let (latin, other) = page
        .paragraphs
        .iter()
        .flat_map(|p| p.text.chars())
        .filter(|c| c.is_alphabetic())
        .fold((0usize, 0usize), |(l, o), c| {
            // ASCII and the Latin-1 and Latin Extended letters (`ä`, `é`, `ł`).
            if c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c) {
                (l + 1, o)
            } else {
                (l, o + 1)
            }
        });
    // One ideograph says as much as a Latin word: prose with a few of them among identifiers
    // and English product names is written in another script.
    latin > other * 50
}

/// How well a sample key fits a translated row: `None` where the sample contradicts the row's
/// type cell; 3 where the cell's type is named after the key (`quality`, `printQuality`;
/// `details`, `printJobProcessingDetail`); 2 where both name the same type (a primitive other
/// than `String`, or one named type); 0 where the sample writes `String` for a type the cell
/// links to its page (no enum: any other row takes that key first); else 1 (the cell names no
/// type, or the sample none, or the sample writes `String` for what may be an enum; a
/// relationship is never one).
fn key_fit(
    (cell_type, linked): (Option<&TypeRef>, bool),
    navigation: bool,
    key: &str,
    sample: Option<&(TypeRef, bool)>,
) -> Option<u8> {
    let last = |n: &str| n.rsplit('.').next().unwrap_or(n).to_ascii_lowercase();
    let any_json = |t: &TypeRef| match t {
        TypeRef::Json => true,
        TypeRef::Named(n) => n.eq_ignore_ascii_case(ANY_JSON),
        TypeRef::Primitive(_) => false,
    };
    let fit = match (cell_type, sample) {
        (None, _) | (_, None) => 0,
        (Some(a), _) if any_json(a) => 0,
        (_, Some((b, _))) if any_json(b) => 0,
        (Some(TypeRef::Named(a)), Some((TypeRef::Named(b), _))) => {
            if last(a) != last(b) {
                return None;
            }
            1
        }
        (Some(TypeRef::Named(_)), Some((TypeRef::Primitive(Edm::String), _))) if !navigation => 0,
        (Some(a), Some((b, _))) if a == b => u8::from(*a != TypeRef::Primitive(Edm::String)),
        // A number in a sample (`1024`) fits any number type.
        (Some(TypeRef::Primitive(a)), Some((TypeRef::Primitive(Edm::Int32), _)))
            if a.is_number() =>
        {
            0
        }
        _ => return None,
    };
    let named_after = match cell_type {
        Some(TypeRef::Named(n)) => {
            let (n, key) = (last(n), key.to_ascii_lowercase());
            let singular = key.strip_suffix('s').unwrap_or(&key);
            key.len() >= 3 && (n.ends_with(&key) || key.ends_with(&n) || n.ends_with(singular))
        }
        _ => false,
    };
    let linked_as_string = linked
        && matches!(
            (cell_type, sample),
            (
                Some(TypeRef::Named(_)),
                Some((TypeRef::Primitive(Edm::String), _))
            )
        );
    Some(if named_after {
        3
    } else if linked_as_string {
        0
    } else {
        fit + 1
    })
}

/// The sample keys that translated rows stand for, given each row's type cell and whether it
/// is a relationship: the closest fits first (a key the cell's type is named after, then a key
/// whose sample names the cell's type), then, in order, the first unclaimed key whose sample
/// agrees with the row. Keys taken are removed from `unclaimed`.
fn assign_keys(
    rows: &[(Option<TypeRef>, bool, bool)],
    unclaimed: &mut Vec<&(String, Option<(TypeRef, bool)>)>,
) -> Vec<Option<String>> {
    let mut out = vec![None; rows.len()];
    for level in [3, 2, 1, 0] {
        for (taken, (cell, linked, navigation)) in out.iter_mut().zip(rows) {
            if taken.is_some() {
                continue;
            }
            let at = unclaimed.iter().position(|(k, sample)| {
                key_fit((cell.as_ref(), *linked), *navigation, k, sample.as_ref())
                    .is_some_and(|fit| fit >= level)
            });
            if let Some(at) = at {
                *taken = Some(unclaimed.remove(at).0.clone());
            }
        }
    }
    out
}

/// The lowercased words the URL templates of `method_pages` end in where their responses are
/// `main` (a lowercased type name's last part): what the type's own pages address it by.
fn addressing_words(
    method_pages: &[String],
    url_ends: &BTreeMap<String, Vec<(String, String, String)>>,
    main: &str,
) -> BTreeSet<String> {
    method_pages
        .iter()
        .filter_map(|p| url_ends.get(p))
        .flatten()
        .filter(|(_, _, answers)| answers == main)
        .map(|(_, w, _)| w.to_ascii_lowercase())
        .collect()
}

/// The wire name of a row whose name is translated, from the URLs of the pages the Methods
/// section links to: the one word no other row claims that a template ends in where the page's
/// responses are the type the row's cell names (`/lists/{id}/tasks` answering `todoTask` for a
/// row `任务 | [todoTask](todotask.md) 集合`).
fn url_word(
    cell: &str,
    (main, method_pages): (&str, &[String]),
    url_ends: &BTreeMap<String, Vec<(String, String, String)>>,
    claimed: &BTreeSet<String>,
    shown: &Shown,
) -> Option<String> {
    let Some((TypeRef::Named(ty), _)) = parse_type_cell(cell, DEFAULT_NAMESPACE) else {
        return None;
    };
    let last = |t: &str| t.rsplit('.').next().unwrap_or(t).to_ascii_lowercase();
    let (ty, main) = (last(&ty), last(main));
    let pick = |ends: &mut dyn Iterator<Item = &(String, String, String)>| {
        let mut found: Vec<&str> = Vec::new();
        for (_, word, answers) in ends {
            if *answers == ty
                && !claimed.contains(&word.to_ascii_lowercase())
                && !found.iter().any(|f| f.eq_ignore_ascii_case(word))
            {
                found.push(word);
            }
        }
        match found.as_slice() {
            [one] => shown.spelling(one).or_else(|| Some(one.to_string())),
            _ => None,
        }
    };
    let own = method_pages
        .iter()
        .filter_map(|p| url_ends.get(p))
        .flatten();
    // Else any page's URL that goes from the word the type's own pages address it by to a
    // word answering the row's type (`/deviceManagement/deviceCategories`).
    let main_words = addressing_words(method_pages, url_ends, &main);
    pick(&mut own.clone()).or_else(|| {
        pick(
            &mut url_ends
                .values()
                .flatten()
                .filter(|(parent, ..)| main_words.contains(parent)),
        )
    })
}

/// The identifiers a doc set shows, looked up as written or, failing that, case-insensitively.
/// (Only looked up: hashed.)
struct Shown {
    exact: foldhash::HashSet<String>,
    /// The examples' identifier-shaped string values, lowercased: with the identifiers, what
    /// may be an enum member on the wire.
    values: foldhash::HashSet<String>,
    /// Lowercased → the spelling shown: of several, the last lowercase-first one in sorted
    /// order, else the first.
    lower: foldhash::HashMap<String, String>,
}

impl Shown {
    fn new(exact: foldhash::HashSet<String>) -> Shown {
        let lowercase_first = |s: &str| s.starts_with(|c: char| c.is_ascii_lowercase());
        // Whether `id` is the spelling to keep rather than `kept` (the same lowercased): the
        // order of the set plays no part.
        let preferred = |id: &str, kept: &str| match (lowercase_first(id), lowercase_first(kept)) {
            (true, true) => id > kept,
            (false, false) => id < kept,
            (id_first, _) => id_first,
        };
        let mut lower: foldhash::HashMap<String, String> = foldhash::HashMap::default();
        for id in &exact {
            match lower.entry(id.to_ascii_lowercase()) {
                std::collections::hash_map::Entry::Vacant(e) => {
                    e.insert(id.clone());
                }
                std::collections::hash_map::Entry::Occupied(mut e) => {
                    if preferred(id, e.get()) {
                        *e.get_mut() = id.clone();
                    }
                }
            }
        }
        Shown {
            exact,
            lower,
            values: foldhash::HashSet::default(),
        }
    }

    /// Whether the docs show the name as an identifier or an example value (in any case): what
    /// may be an enum member on the wire.
    fn shows_value(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        self.lower.contains_key(&lower) || self.values.contains(&lower)
    }

    /// Whether the docs show the name as an identifier (in any case).
    fn shows(&self, name: &str) -> bool {
        self.exact.contains(name) || self.lower.contains_key(&name.to_ascii_lowercase())
    }

    /// The wire name a row's name stands for: itself where the docs show it or it is shaped
    /// like a compound identifier (`displayName`, `3dModel`), the shown spelling where the docs
    /// show it in another case (`Status` → `status`), else none (a translated word).
    fn spelling(&self, name: &str) -> Option<String> {
        if self.exact.contains(name) {
            return Some(name.to_string());
        }
        if let Some(s) = self.lower.get(&name.to_ascii_lowercase()) {
            return Some(s.clone());
        }
        let chars: Vec<char> = name.chars().collect();
        let compound = chars.windows(2).any(|w| {
            (w[0].is_ascii_lowercase() || w[0].is_ascii_digit()) && w[1].is_ascii_uppercase()
        });
        compound.then(|| name.to_string())
    }
}

/// The last word of a camelCase identifier (`Code` of `usageCountryCode`).
fn last_word(name: &str) -> &str {
    let at = name
        .char_indices()
        .filter(|(_, c)| c.is_ascii_uppercase())
        .map(|(i, _)| i)
        .next_back()
        .unwrap_or(0);
    &name[at..]
}

/// The contents of the code spans (`` `x` ``) of a markdown text that are identifiers.
fn code_spans(raw: &str) -> impl Iterator<Item = String> + '_ {
    code_span_words(raw).map(str::to_string)
}

fn code_span_words(raw: &str) -> impl Iterator<Item = &str> {
    raw.split('`')
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .filter(|s| is_property_name(s))
}

/// Every key of a JSON value that is an identifier, and every string value shaped like one,
/// iteratively (bodies can nest deeply).
fn json_keys(
    value: &Value,
    out: &mut foldhash::HashSet<String>,
    values: &mut foldhash::HashSet<String>,
) {
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(map) => {
                for (k, v) in map {
                    if is_property_name(k) && !out.contains(k) {
                        out.insert(k.clone());
                    }
                    stack.push(v);
                }
            }
            Value::Array(items) => stack.extend(items),
            Value::String(s) if s.len() <= 64 && is_property_name(s) && !values.contains(s) => {
                values.insert(s.clone());
            }
            _ => {}
        }
    }
}

/// (identifier in the name cell, type cell, description cell, is a relationship, the name
/// cell's text: its words are read once all pages are, and only for a row with no wire name).
type PendingRow = (Option<String>, Cell, Option<Cell>, bool, String);

/// The rows of one resource page, kept until all pages are read: which row names are wire names
/// depends on the identifiers the whole doc set shows.
struct PendingRows {
    /// The page is a translation in Latin script: its identifier-shaped row names may be words.
    translated: bool,
    /// The page says it is a translation (any script).
    is_translation: bool,
    main: String,
    namespace: String,
    source: String,
    from_resource_page: bool,
    sample: Vec<(String, Option<(TypeRef, bool)>)>,
    object_samples: BTreeSet<String>,
    rows: Vec<PendingRow>,
    has_relationships: bool,
    /// The pages its Methods section links to (lowercased file stems).
    method_pages: Vec<String>,
    /// Its lowercased file stem: pages named `<stem>-…` are about its type too.
    stem: String,
}

/// Turns a page's rows into properties. A row's name is a wire name when the sample has it, or
/// the page is no translation, or the doc set shows it as an identifier (a JSON key, a code span,
/// a URL segment), or it is shaped like a compound one (`camelCase`). Other rows (translated names, `Prozesse`) take, in order, the sample keys no
/// other row claimed, or are left out with a note.
fn apply_rows(
    types: &mut BTreeMap<String, TypeDraft>,
    pending: PendingRows,
    identifiers: &Shown,
    url_ends: &BTreeMap<String, Vec<(String, String, String)>>,
    paths: &UrlPaths,
    rows_seen: &mut Vec<(String, String)>,
    left_out: &mut Vec<LeftOut>,
) {
    let PendingRows {
        translated,
        is_translation,
        main,
        namespace,
        source,
        from_resource_page,
        sample,
        object_samples,
        rows,
        has_relationships,
        mut method_pages,
        stem,
    } = pending;
    let prefix = format!("{stem}-");
    method_pages.extend(
        url_ends
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone()),
    );
    let (namespace, source) = (namespace.as_str(), source.as_str());
    let in_sample = |n: &str| {
        let exact = sample.iter().find(|(k, _)| k == n);
        exact
            .or_else(|| sample.iter().find(|(k, _)| k.eq_ignore_ascii_case(n)))
            .map(|(k, _)| k.clone())
    };
    // (the wire name the docs show for the row, the name as written, type, description, is a
    // relationship).
    type Row = (
        Option<String>,
        Option<String>,
        Cell,
        Option<Cell>,
        bool,
        String,
    );
    let row_names: BTreeSet<String> = rows
        .iter()
        .filter_map(|(n, ..)| n.as_ref().map(|n| n.to_ascii_lowercase()))
        .collect();
    let rows: Vec<Row> = rows
        .into_iter()
        .map(|(name, t, desc, nav, words)| {
            let shown = name.as_ref().and_then(|n| {
                in_sample(n)
                    .or_else(|| (!translated).then(|| n.clone()))
                    .or_else(|| identifiers.spelling(n))
            });
            // A translation that rewrote a name (`useCountryCode` for `usageCountryCode`): a
            // name the docs show nowhere else is the one sample key no row names that ends in
            // the same word.
            let shown = match (&shown, &name) {
                (Some(s), Some(n)) if is_translation && s == n && !identifiers.shows(n) => {
                    let mut same_end = sample.iter().map(|(k, _)| k).filter(|k| {
                        !row_names.contains(&k.to_ascii_lowercase())
                            && last_word(k).eq_ignore_ascii_case(last_word(n))
                    });
                    match (same_end.next(), same_end.next()) {
                        (Some(k), None) => Some(k.clone()),
                        _ => shown,
                    }
                }
                _ => shown,
            };
            (shown, name, t, desc, nav, words)
        })
        .collect();
    let mut claimed: BTreeSet<String> = rows
        .iter()
        .filter_map(|(n, ..)| n.as_ref().map(|n| n.to_ascii_lowercase()))
        .collect();
    let mut unclaimed: Vec<&(String, Option<(TypeRef, bool)>)> = sample
        .iter()
        .filter(|(k, _)| !claimed.contains(&k.to_ascii_lowercase()))
        .collect();
    let draft = types.entry(main.to_ascii_lowercase()).or_default();
    if draft.name.is_empty() {
        draft.name = main.clone();
    }
    let translated_rows: Vec<(Option<TypeRef>, bool, bool)> = rows
        .iter()
        .filter(|(shown, ..)| shown.is_none())
        .map(|(_, _, t, _, nav, _)| {
            (
                parse_type_cell(&t.raw, namespace).map(|(t, _)| t),
                links_a_type_page(&t.raw),
                *nav,
            )
        })
        .collect();
    let mut keys = assign_keys(&translated_rows, &mut unclaimed).into_iter();
    claimed.extend(keys.clone().flatten().map(|k| k.to_ascii_lowercase()));
    let context = RowContext {
        namespace,
        source,
        from_resource_page,
        sample: &sample,
        object_samples: &object_samples,
    };
    for (shown, written, type_cell, description, navigation, text) in rows {
        let name = match shown {
            Some(n) => n,
            None => {
                let words = row_words(&text);
                match keys.next().flatten().or_else(|| {
                    url_word(
                        &type_cell.raw,
                        (&main, &method_pages),
                        url_ends,
                        &claimed,
                        identifiers,
                    )
                    .or_else(|| {
                        path_word(
                            &type_cell.raw,
                            (&main, &method_pages),
                            url_ends,
                            paths,
                            &claimed,
                        )
                    })
                }) {
                    Some(k) => {
                        claimed.insert(k.to_ascii_lowercase());
                        rows_seen.push((words, k.clone()));
                        k
                    }
                    None => {
                        left_out.push(LeftOut {
                            main: main.clone(),
                            written,
                            words,
                            row: (type_cell, description, navigation),
                            namespace: namespace.to_string(),
                            source: source.to_string(),
                            from_resource_page,
                        });
                        continue;
                    }
                }
            }
        };
        add_row(
            draft,
            name,
            (&type_cell, description.as_ref(), navigation),
            &context,
        );
    }
    // Sample keys no table row mentions are properties too.
    for (key, t) in &sample {
        if draft.property_at(key).is_none() {
            let (ty, collection) = match t {
                Some((t, c)) => (Some(t.clone()), Some(*c)),
                None => (None, None),
            };
            add_property(
                draft,
                DraftProperty {
                    name: key.clone(),
                    ty,
                    collection,
                    navigation: false,
                    description: None,
                    source: source.to_string(),
                    translated_cell: None,
                    cell: None,
                    sample: t.clone(),
                    from_resource_page,
                    values: Vec::new(),
                },
            );
        }
    }
    if has_relationships {
        draft.kind.get_or_insert(TypeKind::Entity);
    }
}

/// What the rows of one page share: where they come from and the page's sample.
struct RowContext<'a> {
    namespace: &'a str,
    source: &'a str,
    from_resource_page: bool,
    sample: &'a [(String, Option<(TypeRef, bool)>)],
    object_samples: &'a BTreeSet<String>,
}

/// A translated row no sample key or URL word was left for, kept until the doc set shows
/// which wire name its words stand for.
struct LeftOut {
    main: String,
    /// The identifier its name cell holds, if any.
    written: Option<String>,
    words: String,
    /// (type cell, description cell, is a relationship).
    row: (Cell, Option<Cell>, bool),
    namespace: String,
    source: String,
    from_resource_page: bool,
}

/// A name cell's words, lowercased, white space collapsed, emphasis and code marks dropped:
/// what a translation writes for a wire name (`说明`, `Описание`).
fn row_words(text: &str) -> String {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, '*' | '`'))
        .filter(|w| !w.is_empty())
        .collect();
    words.join(" ").to_lowercase()
}

/// The wire names a doc set's translated row words stand for, learned from the rows whose
/// sample key or URL word gave them one: a reading at least three rows give and nine in ten
/// agree on.
fn learn_row_words(seen: &[(String, String)]) -> BTreeMap<String, String> {
    let mut counts: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for (words, wire) in seen {
        *counts
            .entry(words.as_str())
            .or_default()
            .entry(wire.as_str())
            .or_default() += 1;
    }
    counts
        .into_iter()
        .filter_map(|(words, wires)| {
            let total: usize = wires.values().sum();
            let (wire, &n) = wires.iter().max_by_key(|(_, n)| **n)?;
            (!words.is_empty() && n >= 3 && n * 10 >= total * 9)
                .then(|| (words.to_string(), wire.to_string()))
        })
        .collect()
}

/// Adds the property a table row describes under its wire name: the type from the cell, else
/// the sample; collection-ness from the sample first (it shows an array or a single value,
/// while cells get "collection" wrong more often).
fn add_row(
    draft: &mut TypeDraft,
    name: String,
    (type_cell, description, navigation): (&Cell, Option<&Cell>, bool),
    context: &RowContext,
) {
    let RowContext {
        namespace,
        source,
        from_resource_page,
        sample,
        object_samples,
    } = *context;
    for (context, linked) in description.map_or_else(Vec::new, |c| bases::cell_links(&c.raw)) {
        draft
            .row_links
            .push((name.clone(), context, qualify(&linked, namespace)));
    }
    let from_sample = sample
        .iter()
        .find(|(k, _)| *k == name)
        .and_then(|(_, t)| t.clone());
    let from_cell = parse_type_cell(&type_cell.raw, namespace);
    // Words graphdoc cannot read: non-Latin ones, or words beside a link that do not say
    // "collection" ("[x](x.md)-Sammlung").
    let unread_words = from_cell.as_ref().is_some_and(|(_, c)| c.is_none())
        && !cell_words(&type_cell.raw).0.is_empty();
    let translated_cell =
        (has_foreign_words(&type_cell.text) || unread_words).then(|| type_cell.raw.clone());
    let cell = from_cell.is_some().then(|| type_cell.raw.clone());
    let sample_said = from_sample.clone();
    let (ty, collection) = match (from_cell, from_sample) {
        (Some((t, Some(true))), Some(_)) if object_samples.contains(&name) => (Some(t), Some(true)),
        (Some((t, Some(_))), Some((_, c))) => (Some(t), Some(c)),
        (Some((t, Some(c))), None) => (Some(t), Some(c)),
        (Some((t, None)), Some((_, c))) => (Some(t), Some(c)),
        (Some((t, None)), None) => (Some(t), None),
        (None, Some((t, c))) => (Some(t), Some(c)),
        (None, None) => (None, None),
    };
    add_property(
        draft,
        DraftProperty {
            name,
            ty,
            collection,
            navigation,
            description: description
                .map(|c| c.text.clone())
                .filter(|s| !s.is_empty()),
            source: source.to_string(),
            translated_cell,
            cell,
            sample: sample_said,
            from_resource_page,
            values: description.map_or_else(Vec::new, |c| code_spans(&c.raw).collect()),
        },
    );
}

/// Rows left out of their pages that the doc set's other rows show the wire name of (`说明`
/// → `description`), where their type has no property of that name and the examples that
/// show the type send no key its rows leave out (the row would stand for that key: `values`,
/// where rows elsewhere say `值` for `value`); the others are left out with a note.
fn add_left_out(
    types: &mut BTreeMap<String, TypeDraft>,
    left_out: Vec<LeftOut>,
    (learned, sent): (&BTreeMap<String, String>, &BTreeMap<String, Vec<SentKey>>),
    diags: &mut Vec<Diagnostic>,
) {
    let no_sample = BTreeSet::new();
    for LeftOut {
        main,
        written,
        words,
        row: (type_cell, description, navigation),
        namespace,
        source,
        from_resource_page,
    } in left_out
    {
        let key = main.to_ascii_lowercase();
        let mut named = inherited_names(types, &key);
        let draft = types.entry(key.clone()).or_default();
        named.extend(draft.properties.iter().map(|p| p.name.to_ascii_lowercase()));
        let unnamed_key = sent.get(&key).is_some_and(|keys| {
            keys.iter()
                .any(|(k, ..)| !named.contains(&k.to_ascii_lowercase()))
        });
        if let Some(k) = sent_key_for(
            types,
            (&type_cell.raw, &namespace),
            sent.get(&key).map_or(&[][..], Vec::as_slice),
            &named,
        ) {
            let sample = [(k.0.clone(), Some((k.1.clone(), k.2)))];
            let context = RowContext {
                namespace: &namespace,
                source: &source,
                from_resource_page,
                sample: &sample,
                object_samples: &no_sample,
            };
            let draft = types.entry(key.clone()).or_default();
            add_row(
                draft,
                k.0.clone(),
                (&type_cell, description.as_ref(), navigation),
                &context,
            );
            continue;
        }
        let draft = types.entry(key.clone()).or_default();
        if let Some(wire) = learned.get(&words)
            && draft.property_at(wire).is_none()
            && !unnamed_key
        {
            let context = RowContext {
                namespace: &namespace,
                source: &source,
                from_resource_page,
                sample: &[],
                object_samples: &no_sample,
            };
            add_row(
                draft,
                wire.clone(),
                (&type_cell, description.as_ref(), navigation),
                &context,
            );
            continue;
        }
        if let Some(w) = written {
            diags.push(Diagnostic {
                severity: Severity::Note,
                code: Code::PropertyNameUnknown,
                file: source.into(),
                line: 1,
                column: 1,
                message: format!(
                    "{main}: the row `{w}` names no identifier the docs show and no sample key is left for it; it was left out"
                ),
            });
        }
    }
}

/// Whether a type cell is one link whose text is one word, with no words beside it: a cell
/// that says no collection in any language (`[site](site.md)`, `[打印机](printer.md)`).
fn bare_link(cell: &str) -> bool {
    let text = cell
        .split_once('[')
        .and_then(|(_, rest)| rest.split(']').next())
        .map(|t| t.trim_matches(|c: char| c.is_whitespace() || matches!(c, '*' | '`')));
    cell_words(cell) == (String::new(), true)
        && text.is_some_and(|t| !t.is_empty() && !t.contains(char::is_whitespace))
}

/// A key examples send for a type: (name as sent, the type its value shows, is an array).
type SentKey = (String, TypeRef, bool);

/// The one key the examples of a row's type send that no property of the type (own or
/// inherited) names and whose value fits the row's type cell: an object saying the cell's type
/// or one deriving from it, or an object saying no type where it is an array exactly when the
/// cell says a collection (`"principal": {"@odata.type": "#microsoft.graph.user"}` for a row
/// `основной | [directoryObject](directoryobject.md)`). None where no key or several fit.
fn sent_key_for<'k>(
    types: &BTreeMap<String, TypeDraft>,
    (cell, namespace): (&str, &str),
    sent: &'k [SentKey],
    named: &BTreeSet<String>,
) -> Option<&'k SentKey> {
    let Some((TypeRef::Named(want), collection)) = parse_type_cell(cell, namespace) else {
        return None;
    };
    let want = want.to_ascii_lowercase();
    let derives = |ty: &str| {
        let mut current = Some(ty.to_ascii_lowercase());
        let mut steps = 0;
        while let Some(t) = current {
            if t == want {
                return true;
            }
            steps += 1;
            if steps > MAX_INHERITED_WALK {
                return false;
            }
            current = types
                .get(&t)
                .and_then(|d| d.base.as_ref())
                .map(|b| b.to_ascii_lowercase());
        }
        false
    };
    let mut fits = sent.iter().filter(|(k, ty, is_array)| {
        !named.contains(&k.to_ascii_lowercase())
            && match ty {
                TypeRef::Named(n) => derives(n),
                TypeRef::Json => match collection {
                    Some(c) => c == *is_array,
                    None => !*is_array && bare_link(cell),
                },
                _ => false,
            }
    });
    match (fits.next(), fits.next()) {
        (Some(one), None) => Some(one),
        _ => None,
    }
}

fn draft<'a>(d: &'a mut Drafts, name: &str) -> &'a mut TypeDraft {
    let draft = d.types.entry(name.to_ascii_lowercase()).or_default();
    if draft.name.is_empty() {
        draft.name = name.to_string();
    }
    draft
}

impl TypeDraft {
    /// Where the property named exactly `name` is. Properties are only ever appended, so an
    /// index shorter than the list has missed some (a draft built whole) and is rebuilt.
    fn property_at(&mut self, name: &str) -> Option<usize> {
        if self.property_index.len() != self.properties.len() {
            self.property_index = self
                .properties
                .iter()
                .enumerate()
                .map(|(i, p)| (p.name.clone(), i))
                .collect();
        }
        self.property_index.get(name).copied()
    }
}

fn add_property(draft: &mut TypeDraft, p: DraftProperty) {
    // Exact names: `displayName` and `DisplayName` are two properties.
    match draft.property_at(&p.name) {
        Some(at) => {
            let q = &mut draft.properties[at];
            // Two sources that both know the type and disagree: the first stays, the
            // disagreement is reported (never silently).
            if let (Some(a), Some(b)) = (&q.ty, &p.ty)
                && a != b
                && q.source != p.source
            {
                let resource_wins = p.from_resource_page && !q.from_resource_page;
                draft.conflicts.push(format!(
                    "`{}` is {} in {} but {} in {}; {} was kept",
                    p.name,
                    a.odata_name(),
                    q.source,
                    b.odata_name(),
                    p.source,
                    if resource_wins {
                        "the resource page's"
                    } else {
                        "the first"
                    }
                ));
                if resource_wins {
                    q.ty = p.ty.clone();
                    q.collection = p.collection.or(q.collection);
                    q.source = p.source.clone();
                    q.from_resource_page = true;
                }
            }
            // Another page (or table) says more: fill what is unknown.
            if q.ty.is_none() {
                q.ty = p.ty;
            }
            if q.collection.is_none() {
                q.collection = p.collection;
            }
            q.navigation |= p.navigation;
            if q.description.is_none() {
                q.description = p.description;
            }
            if q.values.is_empty() {
                q.values = p.values;
            }
        }
        None => {
            draft
                .property_index
                .insert(p.name.clone(), draft.properties.len());
            draft.properties.push(p);
        }
    }
}

fn add_enum(d: &mut Drafts, name: &str, table: &Table, source: &str) {
    let draft = draft(d, name);
    draft.kind = Some(TypeKind::Enum);
    draft.sources.insert(source.to_string());
    let description_column = table.header.len().checked_sub(1).filter(|&c| c > 0);
    for row in &table.rows {
        let Some(member) = row.first().and_then(property_name) else {
            let translated = row.first().is_some_and(|c| !c.text.trim().is_empty());
            draft.members_skipped |= translated;
            draft.members_translated += usize::from(translated);
            continue;
        };
        if draft.members.iter().any(|m| m.name == member) {
            continue;
        }
        let description = description_column
            .and_then(|c| row.get(c))
            .map(|c| c.text.clone())
            .filter(|s| !s.is_empty());
        draft.members.push(EnumMember {
            name: member,
            description,
        });
    }
}

/// A table of enum members: some first cells are identifiers (translated pages mangle others).
fn is_member_table(t: &Table) -> bool {
    t.rows
        .iter()
        .any(|r| r.first().is_some_and(|c| property_name(c).is_some()))
}

/// Records the properties of every object in `value` that says its type (`@odata.type`), or the
/// declared type for the top-level object.
fn observe(value: &Value, declared: Option<&str>, namespace: &str, d: &mut Drafts, source: &str) {
    // Iterative: example bodies can nest deeply. Each value carries the type it is declared as
    // (the top-level object) and the (type, property) it is the value of: the type as an index
    // into `parents` (lowercased), the property as written. Only objects (in arrays or not) are
    // read, so only they are stacked.
    type Slot<'v> = Option<(usize, &'v str)>;
    let mut parents: Vec<String> = Vec::new();
    let mut stack: Vec<(&Value, Option<String>, Slot)> =
        vec![(value, declared.map(str::to_string), None)];
    let holds_objects = |v: &Value| v.is_object() || v.is_array();
    // A key lowercased, in one buffer for all keys.
    let mut lower = String::new();
    while let Some((value, declared, slot)) = stack.pop() {
        match value {
            Value::Array(items) => {
                stack.extend(
                    items
                        .iter()
                        .filter(|v| holds_objects(v))
                        .map(|v| (v, None, slot)),
                );
            }
            Value::Object(map) => {
                let said = map
                    .get("@odata.type")
                    .and_then(Value::as_str)
                    .and_then(|t| crate::page::annotation::normalize_type(t).0)
                    .map(|t| qualify(&t, namespace));
                if let (Some(said), Some(declared)) = (&said, &declared)
                    && !said.eq_ignore_ascii_case(declared)
                {
                    *d.subtypes
                        .entry(said.to_ascii_lowercase())
                        .or_default()
                        .entry(declared.to_ascii_lowercase())
                        .or_default() += 1;
                }
                if let (Some(said), Some((parent, property))) = (&said, slot) {
                    let slot = (parents[parent].clone(), property.to_ascii_lowercase());
                    *d.nested
                        .entry(slot)
                        .or_default()
                        .entry(said.to_ascii_lowercase())
                        .or_default() += 1;
                }
                let ty = said.or(declared);
                if let Some(ty) = &ty {
                    let o = d.observed.entry(ty.to_ascii_lowercase()).or_default();
                    if o.name.is_empty() {
                        o.name = ty.clone();
                    }
                    if !o.sources.contains(source) {
                        o.sources.insert(source.to_string());
                    }
                    for (k, v) in map {
                        // (An identifier holds no `@`.)
                        if !is_identifier(k) {
                            continue;
                        }
                        lower.clear();
                        lower.push_str(k);
                        lower.make_ascii_lowercase();
                        if o.properties.contains_key(lower.as_str()) {
                            continue;
                        }
                        if let Some((t, c)) = value_type(v, namespace) {
                            o.properties.insert(lower.clone(), (k.clone(), t, c));
                        }
                    }
                }
                let parent = ty.map(|t| {
                    parents.push(t.to_ascii_lowercase());
                    parents.len() - 1
                });
                stack.extend(map.iter().filter(|(_, v)| holds_objects(v)).map(|(k, v)| {
                    let slot = parent.filter(|_| is_identifier(k)).map(|p| (p, k.as_str()));
                    (v, None, slot)
                }));
            }
            _ => {}
        }
    }
}

/// Objects in example properties that say a type other than the property's declared type:
/// that type stands in for the declared one (`"prompts": [{"@odata.type":
/// "#microsoft.graph.mediaPrompt"}]` where `prompts` holds `prompt`).
fn nested_subtypes(
    types: &BTreeMap<String, TypeDraft>,
    nested: BTreeMap<(String, String), BTreeMap<String, usize>>,
    subtypes: &mut BTreeMap<String, BTreeMap<String, usize>>,
) {
    for ((parent, property), said) in nested {
        let Some(t) = types.get(&parent) else {
            continue;
        };
        let Some(TypeRef::Named(declared)) = t
            .properties
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(&property))
            .and_then(|p| p.ty.as_ref())
        else {
            continue;
        };
        let declared = declared.to_ascii_lowercase();
        for (s, n) in said {
            if s != declared {
                *subtypes
                    .entry(s)
                    .or_default()
                    .entry(declared.clone())
                    .or_default() += n;
            }
        }
    }
}

/// Merges the drafts of one version: inferred types, ids, inheritance, own properties.
fn finish(d: Drafts, diags: &mut Vec<Diagnostic>) -> TypeSpace {
    let (types, cells) = infer(d, diags);
    let mut space = into_space(&types, diags);
    space.cells = cells;
    space
}

/// Everything the doc set teaches, applied to the drafts: table rows (once the identifiers the
/// whole doc set shows are known), types known only from examples, base types, names,
/// enums from rows and from shown values, translated type cells.
fn infer(d: Drafts, diags: &mut Vec<Diagnostic>) -> (BTreeMap<String, TypeDraft>, CellReadings) {
    let Drafts {
        mut types,
        observed,
        subtypes,
        nested,
        identifiers,
        pending,
        json_values,
        url_ends,
        url_paths,
    } = d;
    let mut shown = Shown::new(identifiers);
    shown.values = json_values
        .into_iter()
        .map(|mut v| {
            v.make_ascii_lowercase();
            v
        })
        .collect();
    // Page stem → the type its resource page is about, for links whose text names no type.
    let pages: BTreeMap<String, String> = pending
        .iter()
        .map(|p| (p.stem.clone(), p.main.clone()))
        .collect();
    let mut paths = UrlPaths {
        by_page: url_paths,
        methods_of: BTreeMap::new(),
    };
    for p in &pending {
        let main = p
            .main
            .rsplit('.')
            .next()
            .unwrap_or(&p.main)
            .to_ascii_lowercase();
        let prefix = format!("{}-", p.stem);
        let named = paths
            .by_page
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(k, _)| k.clone());
        let pages: Vec<String> = p.method_pages.iter().cloned().chain(named).collect();
        paths.methods_of.entry(main).or_default().extend(pages);
    }
    let (mut rows_seen, mut left_out) = (Vec::new(), Vec::new());
    for rows in pending {
        apply_rows(
            &mut types,
            rows,
            &shown,
            &url_ends,
            &paths,
            &mut rows_seen,
            &mut left_out,
        );
    }
    let row_words = learn_row_words(&rows_seen);
    // The keys examples send for each type they show.
    let sent: BTreeMap<String, Vec<SentKey>> = observed
        .iter()
        .map(|(k, o)| (k.clone(), o.properties.values().cloned().collect()))
        .collect();
    add_types_from_examples(&mut types, observed);

    // `microsoft.graph.Json` means any JSON: a reference to it is TypeRef::Json, and what
    // examples show of it is not a type.
    types.remove(&ANY_JSON.to_ascii_lowercase());
    for p in types.values_mut().flat_map(|t| &mut t.properties) {
        if let Some(TypeRef::Named(n)) = &p.ty
            && n.eq_ignore_ascii_case(ANY_JSON)
        {
            p.ty = Some(TypeRef::Json);
        }
    }
    let mut nested_seen = BTreeMap::new();
    nested_subtypes(&types, nested, &mut nested_seen);
    bases::infer_bases(&mut types, &subtypes, &nested_seen, diags);
    add_left_out(&mut types, left_out, (&row_words, &sent), diags);
    resolve_names(&mut types);
    enums::enums_from_rows(&mut types, &|types, name| {
        let key = name.to_ascii_lowercase();
        let last = key.rsplit('.').next().unwrap_or(&key);
        types.contains_key(&key) || types.contains_key(&format!("{DEFAULT_NAMESPACE}.{last}"))
    });
    check_cell_types(&mut types, &pages);
    let mut cells = learn_translated_cells(&mut types);
    cells.rows = row_words;
    enums::members_from_values(&mut types, &shown);
    (types, cells)
}

/// Types no page describes, with the properties their examples show.
fn add_types_from_examples(
    types: &mut BTreeMap<String, TypeDraft>,
    observed: BTreeMap<String, Observed>,
) {
    for (key, o) in observed {
        if types.contains_key(&key) || !o.name.contains('.') {
            continue;
        }
        let draft = TypeDraft {
            name: o.name.clone(),
            kind: Some(TypeKind::Complex),
            properties: o
                .properties
                .into_values()
                .map(|(name, ty, collection)| DraftProperty {
                    name,
                    ty: Some(ty),
                    collection: Some(collection),
                    navigation: false,
                    description: None,
                    source: o.sources.iter().next().cloned().unwrap_or_default(),
                    translated_cell: None,
                    cell: None,
                    sample: None,
                    from_resource_page: false,
                    values: Vec::new(),
                })
                .collect(),
            sources: o.sources,
            ..TypeDraft::default()
        };
        types.insert(key, draft);
    }
}

/// The keys of the entity types: those the pages say are, and every type deriving from one.
fn entity_types(types: &BTreeMap<String, TypeDraft>) -> BTreeSet<String> {
    let mut entity: BTreeSet<String> = types
        .iter()
        .filter(|(_, t)| t.kind == Some(TypeKind::Entity))
        .map(|(k, _)| k.clone())
        .collect();
    loop {
        let more: Vec<String> = types
            .iter()
            .filter(|(k, t)| {
                !entity.contains(*k)
                    && t.kind != Some(TypeKind::Enum)
                    && t.base
                        .as_ref()
                        .is_some_and(|b| entity.contains(&b.to_ascii_lowercase()))
            })
            .map(|(k, _)| k.clone())
            .collect();
        if more.is_empty() {
            return entity;
        }
        entity.extend(more);
    }
}

/// How many bases up [`inherited_names`] looks: far beyond any chain of the docs (a handful),
/// and what keeps a pathological chain of thousands of types linear.
const MAX_INHERITED_WALK: usize = 64;

/// Lowercased names of the properties a type's base chain declares (cycles and
/// [`MAX_INHERITED_WALK`] stop the walk).
fn inherited_names(types: &BTreeMap<String, TypeDraft>, name: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut out = BTreeSet::new();
    let mut current = types
        .get(&name.to_ascii_lowercase())
        .and_then(|t| t.base.clone());
    while let Some(base) = current {
        if seen.len() >= MAX_INHERITED_WALK {
            break;
        }
        let key = base.to_ascii_lowercase();
        if !seen.insert(key.clone()) {
            break;
        }
        let Some(t) = types.get(&key) else { break };
        out.extend(t.properties.iter().map(|p| p.name.to_ascii_lowercase()));
        current = t.base.clone();
    }
    out
}

/// A type's own properties (those its bases do not declare), any JSON where no type was read
/// (with a note).
fn own_properties(
    t: &TypeDraft,
    inherited: &BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Property> {
    let mut properties = Vec::new();
    for p in &t.properties {
        if inherited.contains(&p.name.to_ascii_lowercase()) {
            continue;
        }
        let ty = match &p.ty {
            Some(ty) => ty.clone(),
            None => {
                diags.push(Diagnostic {
                    severity: Severity::Note,
                    code: Code::TypeUnknown,
                    file: p.source.clone().into(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "the type of `{}.{}` could not be read from its table or sample; it is modelled as any JSON",
                        t.name, p.name
                    ),
                });
                TypeRef::Json
            }
        };
        properties.push(Property {
            name: p.name.clone(),
            ty,
            collection: p.collection.unwrap_or(false),
            navigation: p.navigation,
            nullable: true,
            description: p.description.clone(),
        });
    }
    properties
}

/// The drafts as the type arena: ids first, so every reference resolves whatever the order,
/// then each type with its kind and own properties; conflicts between pages are reported.
fn into_space(types: &BTreeMap<String, TypeDraft>, diags: &mut Vec<Diagnostic>) -> TypeSpace {
    let mut space = TypeSpace::default();
    let ids: BTreeMap<String, TypeId> = types
        .iter()
        .map(|(key, t)| {
            (
                key.clone(),
                space.intern(&t.name, t.kind.unwrap_or(TypeKind::Complex)),
            )
        })
        .collect();
    let entity = entity_types(types);
    for (key, t) in types {
        for conflict in &t.conflicts {
            diags.push(Diagnostic {
                severity: Severity::Warning,
                code: Code::TypeConflict,
                file: t.sources.iter().next().cloned().unwrap_or_default().into(),
                line: 1,
                column: 1,
                message: format!("{}: {conflict}", t.name),
            });
        }
        let kind = if t.kind == Some(TypeKind::Enum) {
            TypeKind::Enum
        } else if entity.contains(key) {
            TypeKind::Entity
        } else {
            TypeKind::Complex
        };
        let properties = own_properties(t, &inherited_names(types, &t.name), diags);
        let def = space.get_mut(ids[key]);
        def.kind = kind;
        def.base = t.base.clone().filter(|b| !b.eq_ignore_ascii_case(&t.name));
        def.is_abstract = t.is_abstract;
        def.open = t.open;
        def.key = t.key.clone();
        def.properties = properties;
        def.members = t.members.clone();
        def.description = t.description.clone();
        def.sources = t.sources.iter().cloned().collect();
    }
    space
}

/// A translated doc set writes type cells in its own words ("Логический", "Коллекция
/// [user](user.md)"). Where a property also has a JSON sample, the sample says what the cell
/// means; cells whose samples agree (unanimously, or at least 3 observations with 90% agreement)
/// are then read the same way where a property has no sample. The doc set teaches its own vocabulary:
/// nothing is guessed from the words themselves.
fn learn_translated_cells(types: &mut BTreeMap<String, TypeDraft>) -> CellReadings {
    const SUPPORT: usize = 3;
    // Cell words (outside any link) → how often the sample said collection / not collection.
    let mut collection_words: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    // Whole cell without a link → the sample types seen with it.
    let mut primitive_cells: BTreeMap<String, BTreeMap<(String, bool), usize>> = BTreeMap::new();
    // The keys of each translated cell, in property order: read by both passes.
    let cell_keys_of: Vec<(Vec<String>, bool)> = types
        .values()
        .flat_map(|t| &t.properties)
        .filter_map(|p| Some(cell_keys(p.translated_cell.as_ref()?, p.ty.as_ref())))
        .collect();
    let translated = types
        .values()
        .flat_map(|t| &t.properties)
        .filter(|p| p.translated_cell.is_some());
    for (p, (keys, has_type)) in translated.zip(&cell_keys_of) {
        let Some((ty, collection)) = &p.sample else {
            continue;
        };
        if *has_type {
            for key in keys.iter().cloned() {
                let e = collection_words.entry(key).or_default();
                if *collection { e.0 += 1 } else { e.1 += 1 }
            }
        } else if let TypeRef::Primitive(_) = ty {
            *primitive_cells
                .entry(keys.first().cloned().unwrap_or_default())
                .or_default()
                .entry((ty.odata_name(), *collection))
                .or_default() += 1;
        }
    }
    // Unanimous evidence counts even when there is little of it (a small doc set); otherwise
    // SUPPORT observations and 90% agreement.
    let agreed = |yes: usize, no: usize| {
        (yes >= 1 && no == 0) || (yes >= SUPPORT && yes * 10 >= (yes + no) * 9)
    };
    // How many samples each cell text has: a cell few samples show may stand for a type.
    let support: BTreeMap<String, usize> = primitive_cells
        .iter()
        .map(|(words, seen)| (words.clone(), seen.values().sum()))
        .collect();
    let mut primitive: BTreeMap<String, (TypeRef, bool)> = BTreeMap::new();
    for (words, seen) in primitive_cells {
        let total: usize = seen.values().sum();
        // A JSON integer (`1024`) is a value of a floating-point type too: where the samples
        // mostly say Double, those that say Int32 do not count against it.
        let (int32, double) = (
            TypeRef::Primitive(Edm::Int32).odata_name(),
            TypeRef::Primitive(Edm::Double).odata_name(),
        );
        let Some(((name, collection), &n)) = seen.iter().max_by_key(|(_, n)| **n) else {
            continue;
        };
        let n = n + if *name == double {
            seen.get(&(int32, *collection)).copied().unwrap_or(0)
        } else {
            0
        };
        if agreed(n, total - n)
            && let Some(edm) = Edm::parse(name)
        {
            primitive.insert(words, (TypeRef::Primitive(edm), *collection));
        }
    }
    let translated = types
        .values_mut()
        .flat_map(|t| &mut t.properties)
        .filter(|p| p.translated_cell.is_some());
    for (p, (keys, has_type)) in translated.zip(cell_keys_of) {
        let Some(cell) = &p.translated_cell else {
            continue;
        };
        if p.sample.is_some() {
            // What the doc set shows the cell means decides over one sample's value (`1024`
            // for a `双精度` cell), as a cell in identifiers would.
            if !has_type
                && matches!(p.ty, None | Some(TypeRef::Primitive(_)))
                && let Some((ty, _)) = reading(&primitive, &keys, cell)
            {
                p.ty = Some(ty.clone());
            }
            continue;
        }
        if has_type {
            if p.collection.is_none() {
                // The first key the doc set agrees on: all words, then those outside links.
                p.collection = keys.iter().find_map(|k| match collection_words.get(k) {
                    Some(&(yes, no)) if agreed(yes, no) => Some(true),
                    Some(&(yes, no)) if agreed(no, yes) => Some(false),
                    _ => None,
                });
            }
        } else if p.ty.is_none()
            && let Some((ty, collection)) = reading(&primitive, &keys, cell)
        {
            p.ty = Some(ty.clone());
            p.collection.get_or_insert(*collection);
        }
    }
    enum_cells(types, &|cell: &str, ty: Option<&TypeRef>| {
        let (keys, _) = cell_keys(cell, ty);
        keys.first()
            .is_none_or(|k| support.get(k).copied().unwrap_or(0) < SUPPORT)
    });
    let collection = collection_words
        .into_iter()
        .filter_map(|(k, (yes, no))| {
            if agreed(yes, no) {
                Some((k, true))
            } else if agreed(no, yes) {
                Some((k, false))
            } else {
                None
            }
        })
        .collect();
    CellReadings {
        primitive,
        collection,
        rows: BTreeMap::new(),
    }
}

/// A type cell read after the model (an operation's "Request body" row) the way the model
/// reads its own: a type the doc set knows (a page, an enum, an Edm primitive), under the
/// name the model spells it, with "collection" read from the words the doc set shows mean it;
/// else what the doc set shows the whole cell means (`Логический`, `布尔值`). `None` when the
/// cell names nothing the doc set knows: the caller reads the type from other evidence.
pub(crate) fn read_cell(space: &TypeSpace, raw: &str) -> Option<(TypeRef, Option<bool>)> {
    let known = |ty: TypeRef| -> Option<TypeRef> {
        match ty {
            TypeRef::Named(n) if n.eq_ignore_ascii_case(ANY_JSON) => Some(TypeRef::Json),
            TypeRef::Named(n) => {
                let last = n.rsplit('.').next().unwrap_or(&n);
                space
                    .lookup(&n)
                    .or_else(|| space.lookup(&format!("{DEFAULT_NAMESPACE}.{last}")))
                    .map(|id| TypeRef::Named(space.get(id).name.clone()))
            }
            other => Some(other),
        }
    };
    if let Some((ty, explicit)) = parse_type_cell(raw, DEFAULT_NAMESPACE)
        && let Some(ty) = known(ty)
    {
        let collection = explicit.or_else(|| {
            if !has_foreign_words(raw) {
                return None;
            }
            let (keys, _) = cell_keys(raw, Some(&ty));
            keys.iter()
                .find_map(|k| space.cells.collection.get(k).copied())
        });
        return Some((ty, collection));
    }
    let (keys, _) = cell_keys(raw, None);
    let (ty, collection) = reading(&space.cells.primitive, &keys, raw)?;
    Some((ty.clone(), Some(*collection)))
}

/// The wire name the doc set shows a translated row name stands for (`说明` → `description`).
pub(crate) fn row_wire_name<'s>(space: &'s TypeSpace, name: &str) -> Option<&'s str> {
    space.cells.rows.get(&row_words(name)).map(String::as_str)
}

/// The words of a cell beside the type it names, and whether it names one: a link, or an
/// identifier that is the property's type (`Коллекция onlineMeetingProviderType`,
/// `集合 (microsoft.graph.contentTypeInfo)`). Two keys where the cell has a link: all its words
/// (translations put their word for "collection" in link texts too: `[коллекция x](x.md)`),
/// then the words outside links (link texts may be translated names: `[帖子](post.md) 集合`).
fn cell_keys(cell: &str, ty: Option<&TypeRef>) -> (Vec<String>, bool) {
    let has_link = cell.contains("](");
    let all_words = cell_words(&strip_link_targets(cell)).0;
    let type_words: Vec<String> = match ty {
        Some(TypeRef::Named(n)) => n.split('.').map(str::to_lowercase).collect(),
        Some(TypeRef::Primitive(e)) => vec![e.name().to_lowercase(), "edm".into()],
        _ => return (vec![all_words], false),
    };
    // A translated word glued to the type's name (`книгаchartdatalabels` for
    // `workbookChartDataLabels`): the part in identifier letters ends the type's name.
    let glued = |w: &str, t: &str| {
        let tail = w.trim_start_matches(|c: char| !c.is_ascii_alphanumeric());
        tail.len() >= 4 && tail.len() < w.len() && t.ends_with(tail)
    };
    let beside = |words: &str| -> (String, bool) {
        let all: Vec<&str> = words.split(' ').filter(|w| !w.is_empty()).collect();
        let rest: Vec<&str> = all
            .iter()
            .copied()
            .filter(|w| !type_words.iter().any(|t| t == w || glued(w, t)))
            .collect();
        (rest.join(" "), rest.len() < all.len())
    };
    let (rest, named) = beside(&all_words);
    if !named && !has_link {
        return (vec![all_words], false);
    }
    let mut keys = vec![rest];
    if has_link {
        keys.push(format!("outside: {}", beside(&cell_words(cell).0).0));
    }
    (keys, true)
}

/// What the doc set shows a cell without a type name means: its words, else the words before
/// a parenthesis when the doc set shows what those mean (`字符串 (枚举)` read as `字符串`).
fn reading<'r>(
    primitive: &'r BTreeMap<String, (TypeRef, bool)>,
    keys: &[String],
    cell: &str,
) -> Option<&'r (TypeRef, bool)> {
    let whole = keys.first()?;
    primitive.get(whole).or_else(|| {
        let (head, _) = cell.split_once(['(', '（'])?;
        let head = cell_words(head).0;
        (!head.is_empty() && head != *whole)
            .then(|| primitive.get(&head))
            .flatten()
    })
}

/// `[text](target)` → `text`.
fn strip_link_targets(raw: &str) -> String {
    let mut out = String::new();
    let mut rest = raw;
    while let Some(i) = rest.find("](") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        rest = after.find(')').map_or("", |e| &after[e + 1..]);
    }
    out.push_str(rest);
    out.replace(['[', ']'], " ")
}

/// A type cell names a type the doc set knows (a page, an enum, an Edm primitive), or it is not
/// read as a type: a link names the page it points to; a word no page defines ("Zeichenfolge",
/// "Boolescher Wert") is read as a translated cell, from the sample or from what the doc set
/// shows that cell text means.
fn check_cell_types(types: &mut BTreeMap<String, TypeDraft>, pages: &BTreeMap<String, String>) {
    let known: foldhash::HashMap<String, String> = types
        .iter()
        .map(|(k, t)| (k.clone(), t.name.clone()))
        .collect();
    let find = |name: &str| -> Option<String> {
        let key = name.to_ascii_lowercase();
        if key == ANY_JSON.to_ascii_lowercase() {
            return Some(ANY_JSON.to_string());
        }
        let last = key.rsplit('.').next().unwrap_or(&key);
        known
            .get(&key)
            .or_else(|| known.get(&format!("{DEFAULT_NAMESPACE}.{last}")))
            .cloned()
    };
    for p in types.values_mut().flat_map(|t| &mut t.properties) {
        let (Some(cell), Some(TypeRef::Named(named))) = (&p.cell, &p.ty) else {
            continue;
        };
        let links = bases::cell_links(cell);
        // A link's target is the page of the type, whatever its text says (translations keep
        // older names there: `[chartDataLabels](workbookchartdatalabels.md)`).
        if let Some((_, stem)) = links.first()
            && let Some(target) = find(stem)
            && !named
                .rsplit('.')
                .next()
                .is_some_and(|n| n.eq_ignore_ascii_case(stem))
        {
            p.ty = Some(TypeRef::Named(target));
            continue;
        }
        if find(named).is_some() {
            continue;
        }
        // `[КнигаChartDataLabels](chartdatalabels.md)`: the type the linked page is about.
        if let Some(main) = first_link_stem(cell)
            .and_then(|s| pages.get(&s))
            .and_then(|m| find(m))
        {
            p.ty = Some(TypeRef::Named(main));
            continue;
        }
        if let Some((_, stem)) = links.first() {
            // `[Prozess](process.md)`: the target names the type, whatever the text says.
            if !named
                .rsplit('.')
                .next()
                .is_some_and(|n| n.eq_ignore_ascii_case(stem))
            {
                let target = find(stem).unwrap_or_else(|| qualify(stem, DEFAULT_NAMESPACE));
                p.ty = Some(TypeRef::Named(target));
            }
            continue;
        }
        p.translated_cell = Some(cell.clone());
        p.ty = p.sample.as_ref().map(|(t, _)| t.clone());
    }
}

/// A translated type cell that names no type (`任务状态`, no word of it an identifier) on a row
/// whose description lists, in code spans, the members of one enum the doc set defines
/// (`notStarted`, `inProgress`, …): the property is of that enum, where its sample shows a
/// string or nothing and fewer than three samples show what the cell text means (a cell that
/// often shows strings says String). The listed values are the enum's table: all of its
/// members and at most one more, or, where the table translated some members, its identifier
/// members and as many others as it translated. No other enum fits.
fn enum_cells(
    types: &mut BTreeMap<String, TypeDraft>,
    rare: &dyn Fn(&str, Option<&TypeRef>) -> bool,
) {
    let enums: Vec<(String, BTreeSet<String>, usize)> = types
        .values()
        .filter(|t| t.kind == Some(TypeKind::Enum) && !t.members.is_empty())
        .map(|t| {
            let members = t.members.iter().map(|m| m.name.to_ascii_lowercase());
            (t.name.clone(), members.collect(), t.members_translated)
        })
        .collect();
    for p in types.values_mut().flat_map(|t| &mut t.properties) {
        let Some(cell) = &p.translated_cell else {
            continue;
        };
        let string = Some(TypeRef::Primitive(Edm::String));
        if p.cell.is_some()
            || cell.contains('[')
            || !(p.ty.is_none() || p.ty == string)
            || !rare(cell, p.ty.as_ref())
        {
            continue;
        }
        let values: BTreeSet<String> = p.values.iter().map(|v| v.to_ascii_lowercase()).collect();
        if values.len() < 2 {
            continue;
        }
        let mut fits = enums.iter().filter(|(_, m, translated)| match translated {
            0 => values.is_subset(m) && m.len() <= values.len() + 1,
            n => m.is_subset(&values) && values.len() == m.len() + n,
        });
        if let (Some((name, ..)), None) = (fits.next(), fits.next()) {
            p.ty = Some(TypeRef::Named(name.clone()));
        }
    }
}

/// Whether a type cell links the page of its type (`[x](x.md)`), not a list of enums
/// (`enums.md#x-values`).
fn links_a_type_page(raw: &str) -> bool {
    first_link_stem(raw).is_some() && !raw.contains("-values)")
}

/// The lowercased file stem of the first `.md` link of a cell.
fn first_link_stem(raw: &str) -> Option<String> {
    let at = raw.find("](")?;
    let after = &raw[at + 2..];
    let target = after[..after.find(')')?].split(['#', '?']).next()?;
    let file = target.rsplit('/').next()?;
    Some(file.strip_suffix(".md")?.to_ascii_lowercase())
}

/// The words of a type cell outside any link, lowercased and joined by single spaces, and
/// whether the cell holds a link.
fn cell_words(raw: &str) -> (String, bool) {
    let mut out = String::new();
    let mut has_link = false;
    let mut rest = raw;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        has_link = true;
        let after = &rest[open..];
        let end = after
            .find(')')
            .or_else(|| after.find(']'))
            .map_or(after.len(), |i| i + 1);
        rest = &after[end..];
    }
    out.push_str(rest);
    let words: Vec<String> = out
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    (words.join(" "), has_link)
}

/// Whether text has letters outside ASCII: a translated cell.
fn has_foreign_words(text: &str) -> bool {
    text.chars().any(|c| c.is_alphabetic() && !c.is_ascii())
}

/// Names are qualified with the page's namespace when read; a name that no page of that
/// namespace defines but `microsoft.graph` does is the `microsoft.graph` one (pages of
/// `microsoft.graph.callRecords` link `identitySet`, which is `microsoft.graph.identitySet`).
/// Entity types with the key `id` and no documented base derive from `entity`, the Graph
/// convention, when the doc set documents `entity` with that key.
fn resolve_names(types: &mut BTreeMap<String, TypeDraft>) {
    let defined: BTreeSet<String> = types.keys().cloned().collect();
    let resolve = |name: &str| -> Option<String> {
        let key = name.to_ascii_lowercase();
        if defined.contains(&key) {
            return None;
        }
        let last = name.rsplit('.').next()?;
        let fallback = format!("{DEFAULT_NAMESPACE}.{last}");
        defined
            .contains(&fallback.to_ascii_lowercase())
            .then_some(fallback)
    };
    let mut renames = Vec::new();
    for (key, t) in types.iter() {
        for (i, p) in t.properties.iter().enumerate() {
            if let Some(TypeRef::Named(n)) = &p.ty
                && let Some(r) = resolve(n)
            {
                renames.push((key.clone(), Some(i), r));
            }
        }
        if let Some(b) = &t.base
            && let Some(r) = resolve(b)
        {
            renames.push((key.clone(), None, r));
        }
    }
    for (key, index, to) in renames {
        let Some(t) = types.get_mut(&key) else {
            continue;
        };
        match index {
            Some(i) => t.properties[i].ty = Some(TypeRef::Named(to)),
            None => t.base = Some(to),
        }
    }
    let entity_key = format!("{DEFAULT_NAMESPACE}.entity");
    let entity = types.get(&entity_key).and_then(|e| {
        let has_id = e.properties.iter().any(|p| p.name == "id");
        has_id.then(|| e.name.clone())
    });
    if let Some(entity) = entity {
        for (key, t) in types.iter_mut() {
            let keyed = t.key.as_deref() == Some("id")
                || ((t.kind == Some(TypeKind::Entity) || t.has_methods)
                    && t.properties.iter().any(|p| p.name == "id"));
            if *key != entity_key && t.base.is_none() && keyed {
                t.base = Some(entity.clone());
            }
        }
    }
}

/// `Namespace: microsoft.graph.callRecords` in the page's first paragraphs (the label may be
/// translated; the value never is).
fn namespace_of(page: &Page) -> String {
    page.paragraphs
        .iter()
        .take(4)
        .find_map(|p| {
            // The label may be translated, and its colon too (`命名空间：`).
            let (_, value) = p.text.split_once([':', '：'])?;
            let value = value.trim();
            (value.starts_with("microsoft.graph")
                && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'))
            .then(|| value.to_string())
        })
        .unwrap_or_else(|| DEFAULT_NAMESPACE.to_string())
}

/// `user` → `microsoft.graph.user`; `callRecords.session` → `microsoft.graph.callRecords.session`;
/// `graph.user` → `microsoft.graph.user`; qualified names stay.
fn qualify(name: &str, namespace: &str) -> String {
    let name = name.trim().trim_start_matches('#');
    if name.starts_with("microsoft.") {
        name.to_string()
    } else if let Some(rest) = name.strip_prefix("graph.") {
        format!("microsoft.graph.{rest}")
    } else if name.contains('.') {
        format!("{DEFAULT_NAMESPACE}.{name}")
    } else {
        format!("{namespace}.{name}")
    }
}

/// The type a resource or enum page is about, from its title or H1 (the identifier in it) or
/// its file name.
fn page_type_name(page: &Page) -> Option<String> {
    let stem = page.path.file_stem()?.to_string_lossy().to_string();
    let stem_tail = stem.rsplit('-').next().unwrap_or(&stem).to_string();
    let titles = [page.front_matter.title.as_deref(), page.title.as_deref()];
    for title in titles.into_iter().flatten() {
        if let Some(n) = identifier_in(title, &stem_tail) {
            return Some(n);
        }
    }
    for title in titles.into_iter().flatten() {
        let ids: Vec<&str> = title
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_'))
            .filter(|w| is_type_word(w))
            .collect();
        if let [only] = ids.as_slice() {
            return Some(only.to_string());
        }
    }
    is_identifier(&stem_tail).then_some(stem_tail)
}

/// The identifier in `text` that equals `want` case-insensitively.
fn identifier_in(text: &str, want: &str) -> Option<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.'))
        .find(|w| {
            w.eq_ignore_ascii_case(want)
                || w.rsplit('.')
                    .next()
                    .is_some_and(|tail| tail.eq_ignore_ascii_case(want))
        })
        .map(str::to_string)
}

/// A camelCase word that can be a type name (not an English word in a title).
fn is_type_word(w: &str) -> bool {
    is_identifier(w)
        && w.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && !matches!(
            w,
            "resource" | "type" | "enum" | "values" | "object" | "and" | "the" | "of"
        )
}

/// The property name in a table's first cell, when it is an identifier (not translated).
fn property_name(cell: &Cell) -> Option<String> {
    let t = cell
        .text
        .trim()
        .trim_matches(|c| c == '*' || c == '`')
        .trim();
    let t = t.split_whitespace().next()?;
    let t = t.trim_matches(|c: char| c == '*' || c == '`' || c == ',');
    is_property_name(t).then(|| t.to_string())
}

/// Property names, unlike type names, may start with a digit (`3dModel`): an identifier with
/// a digit allowed first.
fn is_property_name(s: &str) -> bool {
    dotted_word(s, |b| b.is_ascii_alphanumeric() || b == b'_')
}

/// ASCII letters, digits, `_` and `.`, starting with a letter or `_`, not ending in `.`.
fn is_identifier(s: &str) -> bool {
    dotted_word(s, |b| b.is_ascii_alphabetic() || b == b'_')
}

/// ASCII letters, digits, `_` and `.`, the first byte one that `first` allows, not ending in
/// `.` (read byte by byte: any byte of a non-ASCII character fails the test, as the character
/// would).
fn dotted_word(s: &str, first: impl Fn(u8) -> bool) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(first)
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        && !s.ends_with('.')
}

/// A type cell: `String`, `Edm.Int32`, `String collection`, `Collection(microsoft.graph.x)`,
/// `[user](user.md)`, `[x](x.md) collection`, `[x][]`, `[x](#x-values)`, `` `x` ``. The
/// collection flag is `None` when the cell does not say it in a form graphdoc reads (a
/// translated word for "collection" is not read).
pub(crate) fn parse_type_cell(raw: &str, namespace: &str) -> Option<(TypeRef, Option<bool>)> {
    let marked;
    let raw = if raw.contains(['`', '*']) {
        marked = raw.replace(['`', '*'], "");
        marked.trim()
    } else {
        raw.trim()
    };
    if raw.is_empty() {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    // Collection(x), where x may itself be a link. (`contains` first: it answers a short cell
    // without building the searcher `find` needs.)
    if lower.contains("collection(")
        && let Some(start) = lower.find("collection(")
    {
        let inner = &raw[start + "collection(".len()..];
        let inner = inner.rfind(')').map_or(inner, |end| &inner[..end]);
        return parse_type_cell(inner, namespace).map(|(t, _)| (t, Some(true)));
    }
    // Only an explicit "collection" is read; its absence (or a translated word) says nothing,
    // and the JSON sample decides.
    let collection = lower
        .split(|c: char| !c.is_ascii_alphabetic())
        .any(|w| w == "collection")
        .then_some(true);
    // A link: the type is its text, or its target.
    if let Some(open) = raw.find('[') {
        let rest = &raw[open + 1..];
        let text = rest.split(']').next().unwrap_or_default().trim();
        let after = &rest[text.len()..];
        let target = after
            .strip_prefix("](")
            .and_then(|t| t.split(')').next())
            .unwrap_or_default();
        // A link names its target: a spelling of a primitive in its text (`[Timestamp](…)`)
        // does not override the page it links to.
        if !(target.contains(".md") && primitive_spelling(text).is_some())
            && let Some(t) = named_or_primitive(text, namespace)
        {
            return Some((t, collection));
        }
        // A translated link text: the type word in it ("коллекция printQuality").
        // Punctuation a translation moved into the text is no part of it
        // (`[serviceUpdateMessage) ](…)`).
        if let Some(t) = text
            .split_whitespace()
            .filter(|w| w.is_ascii())
            .map(|w| w.trim_matches(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '_')))
            .find_map(|w| named_or_primitive(w, namespace))
        {
            return Some((t, collection));
        }
        // `enums.md#printquality-values`: the anchor names the type.
        let target = match target.split_once('#') {
            Some((_, anchor)) if anchor.ends_with("-values") => anchor,
            _ => target,
        };
        let stem = target.trim().trim_start_matches('#');
        let stem = stem.rsplit('/').next().unwrap_or(stem);
        let stem = stem.strip_suffix(".md").unwrap_or(stem);
        let stem = stem.strip_suffix("-values").unwrap_or(stem);
        if stem.is_empty() {
            return named_or_primitive(text, namespace).map(|t| (t, collection));
        }
        // `externalconnectors-property.md`: the page's last word; the type the page is about
        // replaces it once pages are known.
        let stem = stem.rsplit('-').next().unwrap_or(stem);
        return named_or_primitive(stem, namespace).map(|t| (t, collection));
    }
    // The first word that names a type: translations put theirs before or after it
    // ("Коллекция onlineMeetingProviderType", "onlineMeetingProviderType 集合").
    raw.split_whitespace()
        .find_map(|w| named_or_primitive(w.trim_matches([',', ';', '(', ')']), namespace))
        .map(|t| (t, collection))
}

/// The docs' other spellings of Edm primitives (type names of C#, JSON and .NET, not words of a
/// language): an unlinked `Timestamp` cell is the primitive, never a complex type spelled
/// alike (v1.0 defines `timeStamp {date, time}`).
fn primitive_spelling(word: &str) -> Option<Edm> {
    let word = word.trim();
    let spelled = |spellings: &[&str]| spellings.iter().any(|s| word.eq_ignore_ascii_case(s));
    Some(if spelled(&["bool"]) {
        Edm::Boolean
    } else if spelled(&["int", "integer"]) {
        Edm::Int32
    } else if spelled(&["long"]) {
        Edm::Int64
    } else if spelled(&["float", "number"]) {
        Edm::Double
    } else if spelled(&["datetime", "timestamp"]) {
        Edm::DateTimeOffset
    } else if spelled(&["timespan"]) {
        Edm::Duration
    } else if spelled(&["uuid"]) {
        Edm::Guid
    } else {
        return None;
    })
}

fn named_or_primitive(word: &str, namespace: &str) -> Option<TypeRef> {
    let word = word.trim().trim_start_matches('#');
    if let Some(edm) = Edm::parse(word).or_else(|| primitive_spelling(word)) {
        return Some(TypeRef::Primitive(edm));
    }
    if word.eq_ignore_ascii_case("json") {
        return Some(TypeRef::Json);
    }
    if ["none", "object", "collection"]
        .iter()
        .any(|w| word.eq_ignore_ascii_case(w))
    {
        return None;
    }
    (is_identifier(word) && word.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .then(|| TypeRef::Named(qualify(word, namespace)))
}

/// The type a resource sample's placeholder value stands for.
fn placeholder_type(v: &Value, namespace: &str) -> Option<(TypeRef, bool)> {
    match v {
        Value::Array(items) => {
            let (t, _) = items.iter().find_map(|i| placeholder_type(i, namespace))?;
            Some((t, true))
        }
        Value::String(s) => {
            let s = s.trim();
            let word = s
                .split(|c: char| c.is_whitespace() || c == '(')
                .next()
                .unwrap_or_default();
            let lower = s.to_ascii_lowercase();
            if lower.contains("timestamp") {
                return Some((TypeRef::Primitive(Edm::DateTimeOffset), false));
            }
            // Besides Edm names, the integer spellings (`Integer`, `Int`): other loose words
            // (`DateTime` for a number of seconds) would outweigh what the row's cell says.
            let integer = primitive_spelling(word).filter(|e| *e == Edm::Int32);
            if let Some(edm) = Edm::parse(word).or(integer) {
                return Some((TypeRef::Primitive(edm), false));
            }
            if word.starts_with("microsoft.") && is_identifier(word) {
                return Some((TypeRef::Named(qualify(word, namespace)), false));
            }
            None
        }
        Value::Bool(_) => Some((TypeRef::Primitive(Edm::Boolean), false)),
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            Some((TypeRef::Primitive(Edm::Int32), false))
        }
        Value::Number(_) => Some((TypeRef::Primitive(Edm::Double), false)),
        Value::Object(map) => map
            .get("@odata.type")
            .or_else(|| map.get("@type"))
            .and_then(Value::as_str)
            .and_then(|t| crate::page::annotation::normalize_type(t).0)
            .map(|t| (TypeRef::Named(qualify(&t, namespace)), false)),
        Value::Null => None,
    }
}

/// The type an example value suggests, for types known only from examples.
fn value_type(v: &Value, namespace: &str) -> Option<(TypeRef, bool)> {
    match v {
        Value::Array(items) => items
            .iter()
            .find_map(|i| value_type(i, namespace))
            .map(|(t, _)| (t, true)),
        Value::String(_) => Some((TypeRef::Primitive(Edm::String), false)),
        Value::Bool(_) => Some((TypeRef::Primitive(Edm::Boolean), false)),
        Value::Number(n) if n.is_i64() || n.is_u64() => {
            Some((TypeRef::Primitive(Edm::Int32), false))
        }
        Value::Number(_) => Some((TypeRef::Primitive(Edm::Double), false)),
        Value::Object(map) => Some((
            map.get("@odata.type")
                .and_then(Value::as_str)
                .and_then(|t| crate::page::annotation::normalize_type(t).0)
                .map_or(TypeRef::Json, |t| TypeRef::Named(qualify(&t, namespace))),
            false,
        )),
        Value::Null => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(raw: &str) -> Option<(TypeRef, Option<bool>)> {
        parse_type_cell(raw, DEFAULT_NAMESPACE)
    }

    fn named(n: &str) -> TypeRef {
        TypeRef::Named(n.to_string())
    }

    #[test]
    fn version_of_a_path() {
        let v = |p: &str| version_of_path(std::path::Path::new(p));
        assert_eq!(v("docs/api-reference/beta/api/user-get.md"), "beta");
        assert_eq!(v("/x/api-reference/V1.0/resources/user.md"), "v1.0");
        assert_eq!(v("api-reference//./beta/api/a.md"), "beta");
        // No folder after `api-reference`, or none at all: v1.0.
        assert_eq!(v("api-reference"), "v1.0");
        assert_eq!(v("docs-input/api/user-get.md"), "v1.0");
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = std::ffi::OsStr::from_bytes(b"\xffapi-reference/api-reference/b\xffta/a.md");
            assert_eq!(version_of_path(std::path::Path::new(odd)), "b\u{fffd}ta");
        }
    }

    #[test]
    fn type_cells() {
        assert_eq!(
            cell("collection ([serviceUpdateMessage) ](serviceupdatemessage.md)"),
            Some((named("microsoft.graph.serviceUpdateMessage"), Some(true)))
        );
        // A translated link text over a page named `area-type.md`: the page's last word, which
        // the type that page is about replaces once pages are known.
        assert_eq!(
            cell("[коллекция](../resources/externalconnectors-property.md) свойств"),
            Some((named("microsoft.graph.property"), None))
        );
        assert_eq!(
            cell("String"),
            Some((TypeRef::Primitive(Edm::String), None))
        );
        assert_eq!(
            cell("Edm.Int32"),
            Some((TypeRef::Primitive(Edm::Int32), None))
        );
        assert_eq!(
            cell("String collection"),
            Some((TypeRef::Primitive(Edm::String), Some(true)))
        );
        assert_eq!(
            cell("Collection(microsoft.graph.user)"),
            Some((named("microsoft.graph.user"), Some(true)))
        );
        assert_eq!(
            cell("[user](user.md)"),
            Some((named("microsoft.graph.user"), None))
        );
        assert_eq!(
            cell("[assignedLicense](assignedlicense.md) collection"),
            Some((named("microsoft.graph.assignedLicense"), Some(true)))
        );
        assert_eq!(
            cell("[ageGroup](#agegroup-values)"),
            Some((named("microsoft.graph.ageGroup"), None))
        );
        assert_eq!(
            cell("`dateTimeOffset`"),
            Some((TypeRef::Primitive(Edm::DateTimeOffset), None))
        );
        assert_eq!(
            cell("[microsoft.graph.callRecords.session](callrecords-session.md)"),
            Some((named("microsoft.graph.callRecords.session"), None))
        );
        // Translated: the link is read, the translated word for "collection" is not.
        assert_eq!(
            cell("Коллекция [assignedLicense](assignedlicense.md)"),
            Some((named("microsoft.graph.assignedLicense"), None))
        );
        assert_eq!(cell("Логический"), None);
        // Translated link texts and words around the type.
        assert_eq!(
            cell("[коллекция printQuality](enums.md#printquality-values)"),
            Some((named("microsoft.graph.printQuality"), None))
        );
        assert_eq!(
            cell("[Качество](enums.md#printquality-values)"),
            Some((named("microsoft.graph.printquality"), None))
        );
        assert_eq!(
            cell("Коллекция onlineMeetingProviderType"),
            Some((named("microsoft.graph.onlineMeetingProviderType"), None))
        );
        assert_eq!(cell("None"), None);
    }

    #[test]
    fn row_names_are_wire_names_only_where_the_docs_show_them() {
        let shown = Shown::new(
            ["status".to_string(), "calendar".to_string()]
                .into_iter()
                .collect(),
        );
        assert_eq!(shown.spelling("calendar").as_deref(), Some("calendar"));
        assert_eq!(shown.spelling("Status").as_deref(), Some("status"));
        assert_eq!(
            shown.spelling("activityGroupName").as_deref(),
            Some("activityGroupName")
        );
        assert_eq!(shown.spelling("Prozesse"), None);
        assert_eq!(shown.spelling("Wert"), None);
        assert_eq!(shown.spelling("RBAC"), None);
    }

    #[test]
    fn the_spelling_kept_for_a_lowercased_name_is_the_one_sorted_order_kept() {
        // What `Shown::new` was: the set read in sorted order, each lowercase-first spelling
        // replacing the one kept.
        let old = |ids: &BTreeSet<String>| {
            let mut lower: BTreeMap<String, String> = BTreeMap::new();
            for id in ids {
                let e = lower
                    .entry(id.to_ascii_lowercase())
                    .or_insert_with(|| id.clone());
                if id.starts_with(|c: char| c.is_ascii_lowercase()) {
                    *e = id.clone();
                }
            }
            lower
        };
        let groups: [&[&str]; 6] = [
            &["Status", "status", "STATUS", "sTatus"],
            &["Calendar", "CALENDAR"],
            &["_id", "_ID", "Id"],
            &["ab", "aB", "Ab"],
            &["x"],
            &["3dModel", "3DModel", "3dmodel"],
        ];
        let ids: BTreeSet<String> = groups
            .iter()
            .flat_map(|g| g.iter().map(|s| s.to_string()))
            .collect();
        let shown = Shown::new(ids.iter().cloned().collect());
        let new: BTreeMap<String, String> = shown.lower.into_iter().collect();
        assert_eq!(new, old(&ids));
    }

    #[test]
    fn translated_rows_take_the_sample_key_their_type_fits() {
        let string = Some((TypeRef::Primitive(Edm::String), false));
        let sample = [
            (
                "isAssignableRole".to_string(),
                Some((TypeRef::Primitive(Edm::Boolean), false)),
            ),
            (
                "calendar".to_string(),
                Some((named("microsoft.graph.calendar"), false)),
            ),
            ("severity".to_string(), string.clone()),
        ];
        let cells = |cells: &[(&str, bool)]| -> Vec<(Option<TypeRef>, bool, bool)> {
            cells
                .iter()
                .map(|(c, nav)| (cell(c).map(|(t, _)| t), links_a_type_page(c), *nav))
                .collect()
        };
        let assign = |sample: &[(String, Option<(TypeRef, bool)>)], rows: &[(&str, bool)]| {
            let mut unclaimed: Vec<_> = sample.iter().collect();
            assign_keys(&cells(rows), &mut unclaimed)
        };
        let some = |k: &str| Some(k.to_string());
        // Samples write `String` for enums.
        assert_eq!(
            assign(
                &sample,
                &[
                    ("[calendar](calendar.md)", false),
                    ("alertSeverity", false),
                    ("[drive](drive.md)", false),
                    ("Логический", false),
                ]
            ),
            [
                some("calendar"),
                some("severity"),
                None,
                some("isAssignableRole")
            ]
        );
        // A relationship is no enum: a `String` sample is not its key.
        assert_eq!(assign(&sample, &[("[drive](drive.md)", true)]), [None]);
        // A key the cell's type is named after wins over the first key in order.
        let sample = [
            ("description".to_string(), string.clone()),
            (
                "details".to_string(),
                Some((TypeRef::Primitive(Edm::String), true)),
            ),
        ];
        assert_eq!(
            assign(
                &sample,
                &[("printJobProcessingDetail 集合", false), ("字符串", false)]
            ),
            [some("details"), some("description")]
        );
        // A type the cell links to its page is no enum: the string rows take the `String`
        // keys first, whatever the order of the rows.
        let sample = [
            (
                "regulations".to_string(),
                Some((TypeRef::Primitive(Edm::String), true)),
            ),
            ("description".to_string(), string.clone()),
        ];
        assert_eq!(
            assign(
                &sample,
                &[
                    ("Строка", false),
                    ("[history](history.md) 集合", false),
                    ("String collection", false),
                ]
            ),
            [some("regulations"), None, some("description")]
        );
        // It still takes a `String` key no other row wants.
        assert_eq!(
            assign(
                &sample,
                &[("[history](history.md)", false), ("String", false)]
            ),
            [some("description"), some("regulations")]
        );
    }

    #[test]
    fn translated_relationships_are_named_by_the_urls_that_answer_their_type() {
        let ends = |list: &[(&str, &str, &str)]| -> Vec<(String, String, String)> {
            list.iter()
                .map(|(p, w, t)| (p.to_string(), w.to_string(), t.to_string()))
                .collect()
        };
        let url_ends: BTreeMap<String, Vec<(String, String, String)>> = [
            (
                "todotasklist-get".to_string(),
                ends(&[("todo", "lists", "todotasklist")]),
            ),
            (
                "todotasklist-list-tasks".to_string(),
                ends(&[("lists", "tasks", "todotask")]),
            ),
            (
                "todotasklist-list-extensions".to_string(),
                ends(&[("lists", "extensions", "extension")]),
            ),
            (
                "extension-list".to_string(),
                ends(&[("lists", "moreExtensions", "extension")]),
            ),
        ]
        .into();
        let shown = Shown::new(foldhash::HashSet::default());
        let pages = [
            "todotasklist-get".to_string(),
            "todotasklist-list-tasks".to_string(),
        ];
        let main = ("microsoft.graph.todoTaskList", &pages[..]);
        let claimed = BTreeSet::new();
        let word = |cell: &str, claimed: &BTreeSet<String>| {
            url_word(cell, main, &url_ends, claimed, &shown)
        };
        // The Methods pages' URL answering the row's type.
        assert_eq!(
            word("[todoTask](todotask.md) 集合", &claimed).as_deref(),
            Some("tasks")
        );
        assert_eq!(
            word(
                "[todoTask](todotask.md) 集合",
                &["tasks".to_string()].into()
            ),
            None
        );
        // Else a URL going on from the word the type's own pages address it by; two such
        // words leave the row out.
        assert_eq!(word("[extension](extension.md) 集合", &claimed), None);
        assert_eq!(word("Строка", &claimed), None);
    }

    #[test]
    fn translated_relationships_are_named_by_the_urls_of_their_types_pages() {
        assert_eq!(
            url_segments("/users/{id | userPrincipalName}/authentication/methods?$top=1"),
            ["users", "{}", "authentication", "methods"]
        );
        // Keys in keys, a key glued to a word, a stray `}`, words in other scripts, a key left
        // open, a space ending the path.
        assert_eq!(
            url_segments("/sites/{site-{id}}/a{b}c/d}e/Пользователи/x{open/y"),
            ["sites", "{}", "a{}c", "d}e", "Пользователи", "x{"]
        );
        assert_eq!(url_segments("me/drive root\t/x"), ["me", "drive"]);
        assert!(url_segments("").is_empty());
        let url_ends: BTreeMap<String, Vec<(String, String, String)>> = [(
            "user-get".to_string(),
            vec![("".to_string(), "users".to_string(), "user".to_string())],
        )]
        .into();
        let mut paths = UrlPaths::default();
        paths.by_page.insert(
            "authentication-list-methods".into(),
            vec![
                url_segments("/me/authentication/methods"),
                url_segments("/users/{id | userPrincipalName}/authentication/methods"),
            ],
        );
        paths.methods_of.insert(
            "authentication".into(),
            vec!["authentication-list-methods".into()],
        );
        let pages = ["user-get".to_string()];
        let main = ("microsoft.graph.user", &pages[..]);
        let cell = "[身份验证](../resources/authentication.md)";
        let none = BTreeSet::new();
        assert_eq!(
            path_word(cell, main, &url_ends, &paths, &none).as_deref(),
            Some("authentication")
        );
        // A segment another row names is no answer.
        let claimed: BTreeSet<String> = ["authentication".to_string()].into();
        assert_eq!(path_word(cell, main, &url_ends, &paths, &claimed), None);
        // A type without pages has none.
        assert_eq!(
            path_word("[组](group.md)", main, &url_ends, &paths, &none),
            None
        );
    }

    #[test]
    fn rewritten_names_and_link_stems() {
        assert_eq!(last_word("usageCountryCode"), "Code");
        assert_eq!(last_word("id"), "id");
        assert_eq!(
            first_link_stem("[КнигаChartDataLabels](../resources/ChartDataLabels.md#x)").as_deref(),
            Some("chartdatalabels")
        );
        assert_eq!(first_link_stem("String"), None);
    }

    #[test]
    fn enum_members_from_the_values_the_docs_show() {
        let mut types: BTreeMap<String, TypeDraft> = BTreeMap::new();
        types.insert(
            "microsoft.graph.alertseverity".into(),
            TypeDraft {
                name: "microsoft.graph.alertSeverity".into(),
                kind: Some(TypeKind::Enum),
                members: ["unknown", "Hohe", "medium"]
                    .map(|m| EnumMember {
                        name: m.into(),
                        description: None,
                    })
                    .into(),
                ..TypeDraft::default()
            },
        );
        let property = DraftProperty {
            name: "severity".into(),
            ty: Some(named("microsoft.graph.alertSeverity")),
            collection: Some(false),
            navigation: false,
            description: None,
            source: "alert.md".into(),
            translated_cell: None,
            cell: Some("alertSeverity".into()),
            sample: None,
            from_resource_page: true,
            values: code_spans("Possible values are: `unknown`, `low`, `medium`, `high`.")
                .collect(),
        };
        types.insert(
            "microsoft.graph.alert".into(),
            TypeDraft {
                name: "microsoft.graph.alert".into(),
                properties: vec![property],
                ..TypeDraft::default()
            },
        );
        enums::members_from_values(&mut types, &Shown::new(foldhash::HashSet::default()));
        let members: Vec<&str> = types["microsoft.graph.alertseverity"]
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(members, ["unknown", "medium", "low", "high"]);
    }

    #[test]
    fn a_table_the_docs_show_takes_no_other_listed_values() {
        let mut types: BTreeMap<String, TypeDraft> = BTreeMap::new();
        types.insert(
            "microsoft.graph.changetype".into(),
            TypeDraft {
                name: "microsoft.graph.changeType".into(),
                kind: Some(TypeKind::Enum),
                members: ["created", "updated", "deleted"]
                    .map(|m| EnumMember {
                        name: m.into(),
                        description: None,
                    })
                    .into(),
                ..TypeDraft::default()
            },
        );
        let property = DraftProperty {
            name: "changeType".into(),
            ty: Some(named("microsoft.graph.changeType")),
            collection: Some(false),
            navigation: false,
            description: None,
            source: "subscription.md".into(),
            translated_cell: None,
            cell: Some("changeType".into()),
            sample: None,
            from_resource_page: true,
            values: code_spans("`created` or `updated`; supports `$filter` (`eq`).").collect(),
        };
        types.insert(
            "microsoft.graph.subscription".into(),
            TypeDraft {
                name: "microsoft.graph.subscription".into(),
                properties: vec![property],
                ..TypeDraft::default()
            },
        );
        let mut shown = Shown::new(foldhash::HashSet::default());
        shown.values.insert("deleted".to_string());
        enums::members_from_values(&mut types, &shown);
        let members: Vec<&str> = types["microsoft.graph.changetype"]
            .members
            .iter()
            .map(|m| m.name.as_str())
            .collect();
        assert_eq!(members, ["created", "updated", "deleted"]);
    }

    #[test]
    fn a_cell_with_a_parenthesis_reads_as_the_words_before_it() {
        let string = (TypeRef::Primitive(Edm::String), false);
        let learned = BTreeMap::from([("字符串".to_string(), string.clone())]);
        let read = |cell: &str| reading(&learned, &cell_keys(cell, None).0, cell).cloned();
        assert_eq!(read("字符串"), Some(string.clone()));
        assert_eq!(read("字符串 (枚举)"), Some(string.clone()));
        assert_eq!(read("字符串（枚举）"), Some(string));
        // Words the doc set shows nothing of, before the parenthesis or without one.
        assert_eq!(read("布尔 (枚举)"), None);
        assert_eq!(read("(枚举)"), None);
        assert_eq!(read("枚举"), None);
    }

    #[test]
    fn a_resource_page_without_sample_or_rows_is_no_type() {
        let front = "---\ntitle: Обзор API\ndoc_type: resourcePageType\n---\n";
        let overview = format!(
            "{front}# Обзор API\n\nНаследует параметры [partner](../resources/partner.md).\n\n## Далее\n\nТекст.\n"
        );
        let partner = format!(
            "{front}# partner\n\nNamespace: microsoft.graph\n\n## Properties\n\n|Property|Type|Description|\n|:---|:---|:---|\n|tenantId|String|Id.|\n"
        );
        let mut reader = crate::page::Reader::new(crate::page::ReaderOptions::default());
        let root = std::path::Path::new("/docs/api-reference/v1.0/resources");
        let pages = [
            reader.read_str(&root.join("partner-overview.md"), &overview),
            reader.read_str(&root.join("partner.md"), &partner),
        ];
        let (model, _) = build(&pages);
        let names: Vec<&str> = model
            .versions
            .values()
            .flat_map(|v| v.iter().map(|(_, t)| t.name.as_str()))
            .collect();
        assert_eq!(names, ["microsoft.graph.partner"]);
    }

    #[test]
    fn cells_naming_unknown_types_are_read_as_translations() {
        let mut types: BTreeMap<String, TypeDraft> = BTreeMap::new();
        let p = |name: &str, cell: &str, sample: Option<(TypeRef, bool)>| {
            let parsed = parse_type_cell(cell, DEFAULT_NAMESPACE);
            DraftProperty {
                name: name.into(),
                ty: parsed
                    .clone()
                    .map(|(t, _)| t)
                    .or(sample.clone().map(|(t, _)| t)),
                collection: sample.clone().map(|(_, c)| c),
                navigation: false,
                description: None,
                source: "x.md".into(),
                translated_cell: None,
                cell: parsed.map(|_| cell.to_string()),
                sample,
                from_resource_page: true,
                values: Vec::new(),
            }
        };
        let string = Some((TypeRef::Primitive(Edm::String), false));
        types.insert(
            "microsoft.graph.alert".into(),
            TypeDraft {
                name: "microsoft.graph.alert".into(),
                properties: vec![
                    p("title", "Zeichenfolge", string.clone()),
                    p("description", "Zeichenfolge", string.clone()),
                    p("comment", "Zeichenfolge", None),
                    p("process", "[Prozess](process.md)", None),
                ],
                ..TypeDraft::default()
            },
        );
        types.insert(
            "microsoft.graph.process".into(),
            TypeDraft {
                name: "microsoft.graph.process".into(),
                ..TypeDraft::default()
            },
        );
        check_cell_types(&mut types, &BTreeMap::new());
        learn_translated_cells(&mut types);
        let ty = |name: &str| {
            types["microsoft.graph.alert"]
                .properties
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.ty.clone())
        };
        assert_eq!(ty("title"), Some(TypeRef::Primitive(Edm::String)));
        // No sample: what the doc set shows "Zeichenfolge" means.
        assert_eq!(ty("comment"), Some(TypeRef::Primitive(Edm::String)));
        assert_eq!(ty("process"), Some(named("microsoft.graph.process")));
    }

    #[test]
    fn property_names_read_as_identifiers_with_a_leading_digit() {
        // What `is_property_name` was: an identifier, or one once an `x` is put before a
        // leading digit.
        let old = |s: &str| {
            is_identifier(s)
                || (s.starts_with(|c: char| c.is_ascii_digit()) && is_identifier(&format!("x{s}")))
        };
        let words = [
            "",
            "a",
            "_",
            "3",
            "3dModel",
            "3.",
            "3.x",
            "a.b",
            "a.",
            ".a",
            "a-b",
            "user_id",
            "9_",
            "é",
            "3é",
            "aé",
            "@odata.type",
            "48d31887",
            "v1",
            "0",
            "a b",
        ];
        for w in words {
            assert_eq!(is_property_name(w), old(w), "{w:?}");
        }
        // URL words (split at anything but ASCII letters, digits and `_`) are property names
        // exactly when they are not empty.
        let url = "graph.microsoft.com/v1.0/users/{id}/3dModels?$filter=é_x eq 'ä'";
        for w in url.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            assert_eq!(is_property_name(w), !w.is_empty(), "{w:?}");
        }
    }

    #[test]
    fn qualified_names() {
        assert_eq!(qualify("user", "microsoft.graph"), "microsoft.graph.user");
        assert_eq!(
            qualify("#microsoft.graph.user", "x"),
            "microsoft.graph.user"
        );
        assert_eq!(qualify("graph.user", "x"), "microsoft.graph.user");
        assert_eq!(
            qualify("callRecords.session", "microsoft.graph"),
            "microsoft.graph.callRecords.session"
        );
        assert_eq!(
            qualify("session", "microsoft.graph.callRecords"),
            "microsoft.graph.callRecords.session"
        );
    }

    #[test]
    fn placeholders() {
        let p = |v: Value| placeholder_type(&v, DEFAULT_NAMESPACE);
        assert_eq!(
            p(Value::from("String (timestamp)")),
            Some((TypeRef::Primitive(Edm::DateTimeOffset), false))
        );
        assert_eq!(
            p(serde_json::json!(["String"])),
            Some((TypeRef::Primitive(Edm::String), true))
        );
        assert_eq!(
            p(serde_json::json!({"@odata.type": "microsoft.graph.identitySet"})),
            Some((named("microsoft.graph.identitySet"), false))
        );
        assert_eq!(
            p(serde_json::json!(true)),
            Some((TypeRef::Primitive(Edm::Boolean), false))
        );
        assert_eq!(p(Value::from("Строка")), None);
        // `Integer` is a number; `DateTime` for a number of seconds (pkcs12CertificateInformation
        // `notAfter`) is not taken over the row's `Integer` cell.
        assert_eq!(
            p(Value::from("Integer")),
            Some((TypeRef::Primitive(Edm::Int32), false))
        );
        assert_eq!(p(Value::from("DateTime")), None);
    }
}
