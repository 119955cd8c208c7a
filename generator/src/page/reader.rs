//! Markdown → [`Page`]. One pass over pulldown-cmark's event stream with source offsets collects
//! sections, annotation comments, fences, tables, paragraphs, alerts and includes; a second,
//! markdown-free pass turns annotated fences into requests, responses and URL templates and reads
//! the permissions. Every problem becomes a [`Diagnostic`]; nothing here panics on any input.

use super::annotation::{Annotation, BlockType};
use super::frontmatter::{self, Found};
use super::include::{self, Resolved};
use super::section::{self, SectionKind};
use super::{
    Alert, Cell, Fence, FrontMatter, Include, Json, Page, Paragraph, Request, Response, Section,
    Span, Table, Template, http, permissions,
};
use crate::diag::{Code, Diagnostic, LineCounter, Severity};
use crate::json;
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::ffi::OsString;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

/// How includes are read.
#[derive(Debug, Clone)]
pub struct ReaderOptions {
    /// The doc root includes must stay inside. `None`: the parent of the page's nearest
    /// `api-reference` folder, else the page's folder.
    pub root: Option<PathBuf>,
    /// How deep includes may nest.
    pub max_include_depth: usize,
    /// How many includes one page may expand, nested ones counted (the depth limit alone lets
    /// a few files that each include the next K times expand K^depth times).
    pub max_includes: usize,
    /// How many bytes of included text one page may expand, nested ones counted.
    pub max_include_bytes: usize,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        // The real docs' largest page has 128 includes, its largest include is 10 KB.
        ReaderOptions {
            root: None,
            max_include_depth: 8,
            max_includes: 1_000,
            max_include_bytes: 8 << 20,
        }
    }
}

/// Reads pages. Keeps the included files it has read, so a doc set reads each include once.
#[derive(Debug, Default)]
pub struct Reader {
    options: ReaderOptions,
    /// Included texts by real path (its bytes: hashing a path component by component is slow).
    includes: foldhash::HashMap<OsString, Result<Arc<str>, String>>,
    /// Includes resolved, by doc root, then including folder, then target as written: the pages
    /// of one folder include the same files, and resolving one takes several path operations.
    /// Nested maps are looked up with borrowed keys, without copying them.
    targets: foldhash::HashMap<OsString, foldhash::HashMap<OsString, TargetsResolved>>,
    /// Canonical doc roots by doc root. These maps, too, are keyed by a path's bytes.
    roots: foldhash::HashMap<OsString, Option<PathBuf>>,
    /// Doc roots and their canonical paths by page folder, when the options name no root:
    /// the pages of one folder share them.
    folder_roots: foldhash::HashMap<OsString, (PathBuf, Option<PathBuf>)>,
    /// Include folders located, by (including folder, target folder as written).
    located: foldhash::HashMap<(OsString, String), Result<PathBuf, String>>,
    /// Resolved includes by lexical path.
    resolutions: foldhash::HashMap<OsString, Resolved>,
    /// Whether folders exist: most include targets of a checkout without includes are missing,
    /// and one look at their folder says so.
    folders: foldhash::HashMap<OsString, bool>,
}

/// Readers kept from one batch of pages to the next, so that their caches (includes, doc
/// roots, resolved targets) outlive a batch: rayon makes a worker's reader for each piece of
/// work it splits off, hundreds of times in a doc set read a batch at a time.
#[derive(Debug)]
pub struct Readers {
    options: ReaderOptions,
    idle: std::sync::Mutex<Vec<Reader>>,
}

/// A reader taken from [`Readers`], given back when dropped.
struct Lent<'r> {
    reader: Reader,
    readers: &'r Readers,
}

impl Drop for Lent<'_> {
    fn drop(&mut self) {
        if let Ok(mut idle) = self.readers.idle.lock() {
            idle.push(std::mem::take(&mut self.reader));
        }
    }
}

impl Readers {
    pub fn new(options: ReaderOptions) -> Self {
        Readers {
            options,
            idle: std::sync::Mutex::new(Vec::new()),
        }
    }

    fn lend(&self) -> Lent<'_> {
        let idle = self.idle.lock().ok().and_then(|mut idle| idle.pop());
        Lent {
            reader: idle.unwrap_or_else(|| Reader::new(self.options.clone())),
            readers: self,
        }
    }

    /// Reads many pages on all cores, in order. A page that makes the reader panic (a bug)
    /// becomes a page with an error diagnostic, and that reader is replaced by a new one.
    pub fn read_files(&self, files: &[PathBuf]) -> Vec<Page> {
        use rayon::prelude::*;
        files
            .par_iter()
            .map_init(
                || self.lend(),
                |lent, file| {
                    let reader = &mut lent.reader;
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reader.read_file(file)))
                        .unwrap_or_else(|_| {
                            *reader = Reader::new(self.options.clone());
                            skipped_page(
                                file,
                                Code::Internal,
                                "graphdoc failed internally on this page (a bug: please report it); the page was skipped".into(),
                            )
                        })
                },
            )
            .collect()
    }
}

/// Includes resolved in one folder, by target as written.
type TargetsResolved = foldhash::HashMap<String, Resolved>;

const MARKDOWN: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

impl Reader {
    pub fn new(options: ReaderOptions) -> Self {
        Reader {
            options,
            ..Reader::default()
        }
    }

    /// Reads a page from disk. An unreadable file gives a page with a diagnostic.
    pub fn read_file(&mut self, path: &Path) -> Page {
        match crate::files::read_regular_file(path) {
            Ok(bytes) => {
                let (text, diags) = decode_owned(path, bytes);
                self.read_decoded(path, &text, diags)
            }
            Err(e) => skipped_page(
                path,
                Code::Unreadable,
                format!("cannot read the page: {e}; it was skipped"),
            ),
        }
    }

    /// Reads a page from bytes: invalid UTF-8 and NUL bytes are replaced and reported.
    pub fn read_bytes(&mut self, path: &Path, bytes: &[u8]) -> Page {
        let (text, diags) = decode(path, bytes);
        self.read_decoded(path, &text, diags)
    }

    fn read_decoded(&mut self, path: &Path, text: &str, mut diags: Vec<Diagnostic>) -> Page {
        let mut page = self.read_str(path, text);
        if !diags.is_empty() {
            diags.append(&mut page.diagnostics);
            page.diagnostics = diags;
        }
        page
    }

    /// Reads a page from text.
    pub fn read_str(&mut self, path: &Path, text: &str) -> Page {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let folder = path.parent().unwrap_or(Path::new(""));
        let (root, root_canonical) = self.root_of(path, folder);
        let mut b = Builder::new(path.to_path_buf(), root, root_canonical);
        let lines = LineCounter::new(text);
        let body_start = b.front_matter(text, &lines);
        if text.trim().is_empty() {
            b.diag(
                None,
                1,
                1,
                Severity::Warning,
                Code::EmptyPage,
                "the page is empty",
            );
        }
        let source = Source {
            file: path,
            folder,
            span_file: None,
            text,
            lines: &lines,
        };
        b.scan_all(self, &source, body_start, 0);
        b.finish()
    }

    /// The doc root of the page at `path` in `folder`, and its canonical path.
    fn root_of(&mut self, path: &Path, folder: &Path) -> (PathBuf, Option<PathBuf>) {
        let root = match &self.options.root {
            Some(r) => r.clone(),
            None => {
                if let Some(found) = self.folder_roots.get(folder.as_os_str()) {
                    return found.clone();
                }
                // A function of the page's folder only.
                let root = include::doc_root_of(path);
                let canonical = self.canonical_root(&root);
                self.folder_roots.insert(
                    folder.as_os_str().to_owned(),
                    (root.clone(), canonical.clone()),
                );
                return (root, canonical);
            }
        };
        let canonical = self.canonical_root(&root);
        (root, canonical)
    }

    fn canonical_root(&mut self, root: &Path) -> Option<PathBuf> {
        match self.roots.get(root.as_os_str()) {
            Some(canonical) => canonical.clone(),
            None => {
                let canonical = root.canonicalize().ok();
                self.roots
                    .insert(root.as_os_str().to_owned(), canonical.clone());
                canonical
            }
        }
    }

    /// Resolves `target` as written in `including`, a file in `folder`: what depends on the
    /// including folder only, once per (root, folder, target).
    fn resolve(
        &mut self,
        root: &Path,
        root_canonical: &Path,
        including: &Path,
        folder: &Path,
        target: &str,
    ) -> Resolved {
        let cached = self
            .targets
            .get(root.as_os_str())
            .and_then(|folders| folders.get(folder.as_os_str()))
            .and_then(|targets| targets.get(target));
        if let Some(resolved) = cached {
            return resolved.clone();
        }
        let resolved = self.resolve_uncached(root, root_canonical, including, folder, target);
        self.targets
            .entry(root.as_os_str().to_owned())
            .or_default()
            .entry(folder.as_os_str().to_owned())
            .or_default()
            .insert(target.to_string(), resolved.clone());
        resolved
    }

    fn resolve_uncached(
        &mut self,
        root: &Path,
        root_canonical: &Path,
        including: &Path,
        folder: &Path,
        target: &str,
    ) -> Resolved {
        // Locating is pure path arithmetic, shared by all targets in one folder.
        let (dir, name) = match target.trim().rsplit_once(['/', '\\']) {
            Some((dir, name))
                if !matches!(name, "" | "." | "..") && !name.contains(['#', '?', '%']) =>
            {
                (dir, name)
            }
            _ => ("", target),
        };
        let key = (folder.as_os_str().to_owned(), dir.to_string());
        let lexical = if dir.is_empty() {
            include::locate(root, including, target)
        } else {
            self.located
                .entry(key)
                .or_insert_with(|| include::locate(root, including, &format!("{dir}/.")))
                .clone()
                .map(|d| d.join(name))
        };
        let lexical = match lexical {
            Ok(lexical) => lexical,
            // The folder was refused: the message names the file the page names.
            Err(why) => {
                let why = include::locate(root, including, target)
                    .err()
                    .unwrap_or(why);
                return Resolved::Refused(why);
            }
        };
        let folder = lexical.parent().unwrap_or(Path::new(""));
        let folder_exists = match self.folders.get(folder.as_os_str()) {
            Some(&exists) => exists,
            None => {
                let exists = folder.is_dir();
                self.folders.insert(folder.as_os_str().to_owned(), exists);
                exists
            }
        };
        if !folder_exists {
            return Resolved::Missing;
        }
        self.resolutions
            .entry(lexical.into_os_string())
            .or_insert_with_key(|lexical| include::check(Path::new(lexical), root, root_canonical))
            .clone()
    }

    /// Reads many pages on all cores, in order. Each worker keeps its own include caches. A
    /// page that makes the reader panic (a bug) becomes a page with an error diagnostic.
    pub fn read_files(options: &ReaderOptions, files: &[PathBuf]) -> Vec<Page> {
        Readers::new(options.clone()).read_files(files)
    }

    fn include_text(&mut self, file: &Path) -> Result<Arc<str>, String> {
        if let Some(text) = self.includes.get(file.as_os_str()) {
            return text.clone();
        }
        let text = match crate::files::read_regular_file(file) {
            Ok(bytes) => Ok(Arc::from(decode_owned(file, bytes).0)),
            Err(e) => Err(e.to_string()),
        };
        self.includes
            .insert(file.as_os_str().to_owned(), text.clone());
        text
    }
}

fn decode(path: &Path, bytes: &[u8]) -> (String, Vec<Diagnostic>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => nul_free(path, s.to_string(), Vec::new()),
        Err(_) => decode_owned(path, bytes.to_vec()),
    }
}

/// [`decode`] of bytes the caller owns: valid UTF-8 is taken as it is, without a copy.
fn decode_owned(path: &Path, bytes: Vec<u8>) -> (String, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => {
            let bytes = e.as_bytes();
            let e = e.utf8_error();
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            diags.push(Diagnostic {
                severity: Severity::Warning,
                code: Code::InvalidUtf8,
                file: path.to_path_buf(),
                line,
                column: 1,
                message: "the file is not valid UTF-8; invalid bytes were replaced by U+FFFD"
                    .into(),
            });
            String::from_utf8_lossy(bytes).into_owned()
        }
    };
    nul_free(path, text, diags)
}

fn nul_free(
    path: &Path,
    mut text: String,
    mut diags: Vec<Diagnostic>,
) -> (String, Vec<Diagnostic>) {
    if let Some(at) = memchr::memchr(0, text.as_bytes()) {
        let line = text[..at].matches('\n').count() + 1;
        diags.push(Diagnostic {
            severity: Severity::Warning,
            code: Code::NulByte,
            file: path.to_path_buf(),
            line,
            column: 1,
            message: "the file holds NUL bytes; they were replaced by U+FFFD".into(),
        });
        text = text.replace('\0', "\u{fffd}");
    }
    (text, diags)
}

/// An empty page at `path` with the error that made the reader skip it, at its first line.
fn skipped_page(path: &Path, code: Code, message: String) -> Page {
    let mut page = empty_page(path);
    page.diagnostics.push(Diagnostic {
        severity: Severity::Error,
        code,
        file: path.to_path_buf(),
        line: 1,
        column: 1,
        message,
    });
    page
}

fn empty_page(path: &Path) -> Page {
    Page {
        path: path.to_path_buf(),
        front_matter: FrontMatter::default(),
        locale: "en-us".into(),
        title: None,
        sections: vec![preamble()],
        annotations: Vec::new(),
        fences: Vec::new(),
        tables: Vec::new(),
        paragraphs: Vec::new(),
        alerts: Vec::new(),
        includes: Vec::new(),
        requests: Vec::new(),
        responses: Vec::new(),
        templates: Vec::new(),
        permissions: None,
        diagnostics: Vec::new(),
    }
}

fn preamble() -> Section {
    Section {
        level: 0,
        heading: String::new(),
        key: String::new(),
        anchored: false,
        kind: SectionKind::Preamble,
        line: 1,
    }
}

/// One text being scanned: the page, or an included file.
struct Source<'a> {
    /// For diagnostics.
    file: &'a Path,
    /// The folder of `file` (its `parent()`, or empty).
    folder: &'a Path,
    /// For spans: `None` for the page itself.
    span_file: Option<&'a Path>,
    text: &'a str,
    lines: &'a LineCounter<'a>,
}

impl Source<'_> {
    fn span(&self, offset: usize) -> Span {
        Span {
            file: self.span_file.map(Path::to_path_buf),
            line: self.lines.line(offset),
        }
    }
}

struct Builder {
    page: Page,
    root: PathBuf,
    root_canonical: Option<PathBuf>,
    /// The section elements go into.
    section: usize,
    /// The tab the next fences sit in.
    tab: Option<String>,
    /// An annotation waiting for its block.
    pending: Option<usize>,
    /// Canonical paths of the includes being read, for cycles.
    include_stack: Vec<PathBuf>,
    /// Includes expanded so far, and their bytes, against the page's budget.
    included: usize,
    included_bytes: usize,
    /// Whether the budget ran out (reported once; every include after that is skipped).
    over_budget: bool,
}

static ALERT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*\[!(NOTE|TIP|IMPORTANT|CAUTION|WARNING|div)\b[^\]]*\]")
        .expect("valid regex")
});
static ANCHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)<a\s+(?:name|id)\s*=\s*["']?([^"'>\s]+)["']?\s*/?>"#).expect("valid regex")
});

/// Searchers for HTML comment delimiters, built once (`str::find` builds one per search).
static COMMENT_OPEN: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("<!--"));
static COMMENT_CLOSE: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("-->"));
/// The searcher for includes (`[!INCLUDE [label](target)]`) and alerts (`[!NOTE]`).
static INCLUDE_OPEN: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("[!"));
/// The searcher for lines that start with `[`, after the first (link reference definitions).
static BRACKET_LINE: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("\n["));

/// What the event walk is collecting text for.
#[derive(Default)]
struct Capture {
    heading: Option<HeadingCapture>,
    paragraph: Option<(usize, String, Vec<String>)>,
    table: Option<TableCapture>,
    fence: Option<FenceCapture>,
    alert: Option<(usize, String, String)>,
    blockquote_depth: usize,
}

struct HeadingCapture {
    level: u8,
    start: usize,
    text: String,
    anchor: Option<String>,
    tab: Option<String>,
}

struct TableCapture {
    start: usize,
    header: Vec<Cell>,
    rows: Vec<Vec<Cell>>,
    in_head: bool,
    cell: Option<(Range<usize>, String)>,
    row: Vec<Cell>,
}

struct FenceCapture {
    start: usize,
    range: Range<usize>,
    lang: String,
    text: String,
}

impl Builder {
    fn new(path: PathBuf, root: PathBuf, root_canonical: Option<PathBuf>) -> Self {
        Builder {
            page: empty_page(&path),
            root,
            root_canonical,
            section: 0,
            tab: None,
            pending: None,
            include_stack: Vec::new(),
            included: 0,
            included_bytes: 0,
            over_budget: false,
        }
    }

    fn diag(
        &mut self,
        file: Option<&Path>,
        line: usize,
        column: usize,
        severity: Severity,
        code: Code,
        message: impl Into<String>,
    ) {
        self.page.diagnostics.push(Diagnostic {
            severity,
            code,
            file: file.map_or_else(|| self.page.path.clone(), Path::to_path_buf),
            line,
            column,
            message: message.into(),
        });
    }

    fn diag_at(
        &mut self,
        src: &Source,
        offset: usize,
        severity: Severity,
        code: Code,
        message: impl Into<String>,
    ) {
        let (line, column) = src.lines.line_col(offset);
        self.diag(Some(src.file), line, column, severity, code, message);
    }

    /// Reads the front matter and returns the offset where markdown starts.
    fn front_matter(&mut self, text: &str, lines: &LineCounter) -> usize {
        match frontmatter::locate(text) {
            Found::None => 0,
            Found::Unterminated => {
                self.diag(
                    None,
                    1,
                    1,
                    Severity::Warning,
                    Code::FrontMatterUnterminated,
                    "front matter opened with `---` is never closed; the page was read without front matter",
                );
                0
            }
            Found::At(loc) => {
                let (fm, error) = frontmatter::read(&text[loc.yaml.clone()], loc.end_line);
                if let Some(error) = error {
                    let line = lines.line(loc.yaml.start);
                    self.diag(
                        None,
                        line,
                        1,
                        Severity::Warning,
                        Code::FrontMatterInvalid,
                        format!("front matter is not valid YAML ({error}); its `key: value` lines were read one by one"),
                    );
                }
                self.page.locale = fm
                    .fields
                    .get("ms.contentlocale")
                    .map_or_else(|| "en-us".to_string(), |l| l.trim().to_ascii_lowercase());
                self.page.title = fm.title.clone();
                self.page.front_matter = fm;
                loc.body_start
            }
        }
    }

    /// Scans `src.text[start..]`, resuming after any unterminated comment that would otherwise
    /// hide the rest of the text.
    fn scan_all(&mut self, reader: &mut Reader, src: &Source, mut start: usize, depth: usize) {
        // Each resume re-reads the rest of the text; past a few, the rest is read once with its
        // comment openers defanged (same length, so offsets hold), keeping the work linear.
        const MAX_RESUMES: usize = 8;
        let mut resumes = 0;
        while start < src.text.len() {
            if resumes == MAX_RESUMES {
                let defanged = format!(
                    "{}{}",
                    &src.text[..start],
                    src.text[start..].replace("<!--", "<!~~")
                );
                let rest = Source {
                    text: &defanged,
                    ..*src
                };
                self.diag_at(src, start, Severity::Error, Code::CommentUnterminated, "too many unterminated HTML comments; the rest of the text was read with comments taken as plain text");
                self.scan(reader, &rest, start, depth);
                return;
            }
            match self.scan(reader, src, start, depth) {
                Some(resume) if resume > start => start = resume,
                _ => break,
            }
            resumes += 1;
        }
    }

    /// One pulldown-cmark pass over `src.text[start..]`. Returns where to resume when an
    /// unterminated comment swallowed the rest.
    fn scan(
        &mut self,
        reader: &mut Reader,
        src: &Source,
        start: usize,
        depth: usize,
    ) -> Option<usize> {
        let body = &src.text[start..];
        let mut includes: Vec<(usize, &str, &str)> = find_includes(body)
            .map(|(at, label, target)| (start + at, label, target))
            .collect();
        includes.reverse(); // pop from the end = next in page order
        // Where the next include is (`usize::MAX` when none is left): the one check per event.
        let next_at =
            |includes: &[(usize, &str, &str)]| includes.last().map_or(usize::MAX, |i| i.0);
        let mut next_include = next_at(&includes);
        let mut cap = Capture::default();
        let mut resume = None;
        // Read only when a link is broken (a few pages have one).
        let mut definitions = None;
        let guess = |broken: pulldown_cmark::BrokenLink<'_>| {
            let definitions = definitions.get_or_insert_with(|| reference_definitions(body));
            guess_reference(&broken.reference, definitions)
                .map(|url| (url.to_string().into(), "".into()))
        };
        for (event, range) in
            Parser::new_with_broken_link_callback(body, MARKDOWN, Some(guess)).into_offset_iter()
        {
            let range = range.start + start..range.end + start;
            // Includes inside code blocks and HTML blocks are text, not includes.
            if next_include != usize::MAX
                && matches!(
                    &event,
                    Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                        | Event::Code(_)
                        | Event::InlineHtml(_)
                        | Event::Html(_)
                )
            {
                includes.retain(|(at, ..)| !range.contains(at));
                next_include = next_at(&includes);
            }
            while next_include < range.start {
                if let Some((at, label, target)) = includes.pop() {
                    self.include(reader, src, at, label, target, depth);
                }
                next_include = next_at(&includes);
            }
            match event {
                Event::Start(Tag::Heading { level, .. }) => {
                    cap.heading = Some(HeadingCapture {
                        level: level as u8,
                        start: range.start,
                        // Its text is at most about as long as its source: one allocation.
                        text: String::with_capacity(range.len()),
                        anchor: None,
                        tab: None,
                    });
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = cap.heading.take() {
                        self.heading(src, h);
                    }
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    if let Some(h) = cap.heading.as_mut()
                        && let Some(tab) = dest_url.strip_prefix("#tab/")
                    {
                        h.tab = Some(tab.to_string());
                    }
                    if let Some(p) = cap.paragraph.as_mut() {
                        p.2.push(dest_url.into_string());
                    }
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info
                            .split(|c: char| c.is_whitespace() || c == '{' || c == ',')
                            .next()
                            .unwrap_or_default()
                            .to_ascii_lowercase(),
                        CodeBlockKind::Indented => continue,
                    };
                    cap.fence = Some(FenceCapture {
                        start: range.start,
                        range: range.clone(),
                        lang,
                        text: String::with_capacity(range.len()),
                    });
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(f) = cap.fence.take() {
                        self.fence(src, f);
                    }
                }
                Event::Start(Tag::HtmlBlock) => {
                    resume = self.html(src, range.clone());
                    if resume.is_some() {
                        break;
                    }
                }
                Event::InlineHtml(html) => {
                    if let Some(h) = cap.heading.as_mut() {
                        if let Some(c) = ANCHOR.captures(&html) {
                            h.anchor.get_or_insert_with(|| c[1].to_string());
                        }
                    } else if html.trim_start().starts_with("<!--") {
                        self.html(src, range.clone());
                    } else if let Some(p) = cap.paragraph.as_mut()
                        && html
                            .as_bytes()
                            .get(..3)
                            .is_some_and(|start| start.eq_ignore_ascii_case(b"<br"))
                    {
                        p.1.push(' ');
                    }
                }
                Event::Start(Tag::Paragraph) => {
                    cap.paragraph =
                        Some((range.start, String::with_capacity(range.len()), Vec::new()))
                }
                Event::End(TagEnd::Paragraph) => {
                    if let Some((at, text, links)) = cap.paragraph.take() {
                        let raw = &src.text[at..range.end];
                        let only_includes = only_includes_in(raw);
                        if !only_includes && cap.alert.is_none() {
                            self.paragraph(src, at, text, links);
                        }
                    }
                    if let Some(a) = cap.alert.as_mut() {
                        a.2.push(' ');
                    }
                }
                Event::Start(Tag::BlockQuote(_)) => {
                    cap.blockquote_depth += 1;
                    if cap.blockquote_depth == 1 {
                        let first_line = src.text[range.clone()].lines().next().unwrap_or_default();
                        let inner = first_line.trim_start().trim_start_matches('>');
                        if let Some(c) = ALERT.captures(inner) {
                            let kind = c[1].to_ascii_uppercase();
                            cap.alert =
                                Some((range.start, kind, String::with_capacity(range.len())));
                        }
                    }
                }
                Event::End(TagEnd::BlockQuote(_)) => {
                    cap.blockquote_depth = cap.blockquote_depth.saturating_sub(1);
                    if cap.blockquote_depth == 0
                        && let Some((at, kind, text)) = cap.alert.take()
                    {
                        self.alert(src, at, kind, text);
                    }
                }
                Event::Start(Tag::Table(_)) => {
                    cap.table = Some(TableCapture {
                        start: range.start,
                        header: Vec::new(),
                        rows: Vec::new(),
                        in_head: false,
                        cell: None,
                        row: Vec::new(),
                    });
                }
                Event::Start(Tag::TableHead) => {
                    if let Some(t) = cap.table.as_mut() {
                        t.in_head = true;
                    }
                }
                Event::Start(Tag::TableCell) => {
                    if let Some(t) = cap.table.as_mut() {
                        t.cell = Some((range.clone(), String::with_capacity(range.len())));
                    }
                }
                Event::Start(Tag::TableRow) => {
                    if let Some(t) = cap.table.as_mut() {
                        // pulldown-cmark gives each body row the header's width: its cells
                        // then fit in one allocation, made here rather than grown cell by cell.
                        t.row.reserve_exact(t.header.len());
                    }
                }
                Event::End(TagEnd::TableCell) => {
                    if let Some(t) = cap.table.as_mut()
                        && let Some((r, text)) = t.cell.take()
                    {
                        t.row.push(Cell {
                            text: collapse(text),
                            raw: cell_source(&src.text[r]).to_string(),
                        });
                    }
                }
                Event::End(TagEnd::TableHead) => {
                    if let Some(t) = cap.table.as_mut() {
                        t.header = std::mem::take(&mut t.row);
                        t.in_head = false;
                    }
                }
                Event::End(TagEnd::TableRow) => {
                    if let Some(t) = cap.table.as_mut()
                        && !t.in_head
                    {
                        let row = std::mem::take(&mut t.row);
                        t.rows.push(row);
                    }
                }
                Event::End(TagEnd::Table) => {
                    if let Some(t) = cap.table.take() {
                        self.table(src, t);
                    }
                }
                Event::Rule => self.tab = None,
                Event::Text(t) | Event::Code(t) => cap.text(&t),
                Event::SoftBreak | Event::HardBreak => cap.text(" "),
                _ => {}
            }
        }
        if resume.is_none() {
            while let Some((at, label, target)) = includes.pop() {
                self.include(reader, src, at, label, target, depth);
            }
        }
        resume
    }

    fn heading(&mut self, src: &Source, h: HeadingCapture) {
        let text = collapse(h.text);
        if let Some(tab) = h.tab {
            // `# [HTTP](#tab/http)`: a tab marker, not a section.
            self.tab = Some(tab.to_ascii_lowercase());
            return;
        }
        self.tab = None;
        if src.span_file.is_some() {
            // A heading inside an included file stays in the including section.
            return;
        }
        let (key, anchored) = match h.anchor {
            Some(a) => (a.to_ascii_lowercase(), true),
            None => (section::slug(&text), false),
        };
        if h.level == 1 && self.page.title.is_none() {
            self.page.title = Some(text.clone());
        }
        // A pending annotation survives headings: pages put `##### Request` between an
        // annotation and its fence.
        self.page.sections.push(Section {
            level: h.level,
            kind: section::kind_of(&key, h.level),
            heading: text,
            key,
            anchored,
            line: src.lines.line(h.start),
        });
        self.section = self.page.sections.len() - 1;
    }

    /// Another annotation arrived while an annotation still waits for its block.
    fn orphan_pending(&mut self, src: &Source) {
        if let Some(i) = self.pending.take() {
            let a = &self.page.annotations[i];
            if a.block_type.wants_fence() {
                let line = a.line;
                self.diag(
                    Some(src.file),
                    line,
                    1,
                    Severity::Warning,
                    Code::AnnotationOrphaned,
                    "this annotation is not followed by a code block before the next annotation; it describes nothing",
                );
            }
        }
    }

    /// HTML in `range`: annotation comments. Returns where to resume when a comment is never
    /// closed and swallowed the rest of the text.
    fn html(&mut self, src: &Source, range: Range<usize>) -> Option<usize> {
        let html = &src.text[range.clone()];
        let mut pos = 0;
        while let Some(open) = COMMENT_OPEN.find(&html.as_bytes()[pos..]) {
            let open = pos + open;
            let content_start = open + 4;
            match COMMENT_CLOSE.find(&html.as_bytes()[content_start..]) {
                Some(close) => {
                    let content = &html[content_start..content_start + close];
                    self.comment(src, range.start + content_start, content);
                    pos = content_start + close + 3;
                }
                None => return self.unterminated_comment(src, range.start + open, range.end),
            }
        }
        None
    }

    fn unterminated_comment(
        &mut self,
        src: &Source,
        open: usize,
        block_end: usize,
    ) -> Option<usize> {
        let content_start = open + 4;
        let rest = &src.text[content_start..block_end];
        // An annotation whose `-->` was forgotten: read the object up to its closing brace.
        let object_end = rest
            .trim_start()
            .starts_with('{')
            .then(|| balanced_object_end(rest))
            .flatten();
        let resume = match object_end {
            Some(end) => {
                self.comment(src, content_start, &rest[..end]);
                next_line(src.text, content_start + end)
            }
            None => next_line(src.text, open),
        };
        let hidden = src.lines.line(block_end.saturating_sub(1)) - src.lines.line(open);
        self.diag_at(
            src,
            open,
            Severity::Error,
            Code::CommentUnterminated,
            format!(
                "this HTML comment is never closed with `-->` and would hide the {hidden} lines after it; {}",
                if object_end.is_some() {
                    "its annotation was read up to the closing brace and the rest read as markdown"
                } else {
                    "the rest was read as markdown"
                }
            ),
        );
        (block_end >= src.text.len() && resume < src.text.len()).then_some(resume)
    }

    fn comment(&mut self, src: &Source, at: usize, content: &str) {
        let trimmed = content.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
        if !trimmed.starts_with('{') {
            return; // uuid comments, markdownlint switches, notes to writers
        }
        let object_at = at + (content.len() - trimmed.len());
        let (line, _) = src.lines.line_col(object_at);
        let parsed = json::parse(trimmed);
        let (map, repairs) = match parsed {
            Ok(p) => {
                let repairs = repair_kinds(&p);
                if let Some(first) = p.repairs.first() {
                    self.diag_at(
                        src,
                        object_at + first.offset,
                        Severity::Warning,
                        Code::AnnotationRepaired,
                        format!(
                            "annotation is not strict JSON; read it after repairs: {}",
                            p.summary()
                        ),
                    );
                }
                match p.value {
                    serde_json::Value::Object(map) => (map, repairs),
                    other => {
                        self.diag_at(
                            src,
                            object_at,
                            Severity::Error,
                            Code::AnnotationShape,
                            format!(
                                "annotation is JSON but not an object ({}); it was ignored",
                                json_kind(&other)
                            ),
                        );
                        return;
                    }
                }
            }
            Err(e) => {
                self.diag_at(
                    src,
                    object_at + e.offset.min(trimmed.len()),
                    Severity::Error,
                    Code::AnnotationInvalid,
                    format!(
                        "annotation cannot be read as JSON ({}); it was ignored",
                        e.message
                    ),
                );
                return;
            }
        };
        let (annotation, quirks) = Annotation::from_object(line, map, repairs);
        for q in quirks {
            self.diag(
                Some(src.file),
                line,
                1,
                Severity::Warning,
                Code::AnnotationShape,
                q,
            );
        }
        if let BlockType::Other(t) = &annotation.block_type {
            let message = format!(
                "unknown blockType \"{t}\"; the annotation was kept but describes nothing graphdoc reads"
            );
            self.diag(
                Some(src.file),
                line,
                1,
                Severity::Warning,
                Code::AnnotationUnknownBlockType,
                message,
            );
        }
        if matches!(annotation.block_type, BlockType::Page | BlockType::None) {
            self.page.annotations.push(annotation);
            return;
        }
        self.orphan_pending(src);
        self.page.annotations.push(annotation);
        self.pending = Some(self.page.annotations.len() - 1);
    }

    fn fence(&mut self, src: &Source, f: FenceCapture) {
        // Its last line is the closing fence, if any: a look at the end, not a walk over its
        // lines (bodies are long). Past `trim_end` no line ends with `\r`.
        let raw = src.text[f.range.clone()].trim_end();
        let closed = match raw.rsplit_once('\n') {
            Some((_, last)) => {
                let last = last.trim_start();
                last.starts_with("```") || last.starts_with("~~~")
            }
            None => false,
        };
        if !closed {
            self.diag_at(
                src,
                f.start,
                Severity::Warning,
                Code::FenceUnterminated,
                "this code fence is never closed; it was read up to the end of its container",
            );
        }
        let annotation = self
            .pending
            .take_if(|i| self.page.annotations[*i].block_type.wants_fence());
        let line = src.lines.line(f.start);
        self.page.fences.push(Fence {
            section: self.section,
            span: src.span(f.start),
            lang: f.lang,
            text: f.text,
            content_line: line + 1,
            annotation,
            tab: self.tab.clone(),
        });
    }

    fn table(&mut self, src: &Source, t: TableCapture) {
        let annotation = self
            .pending
            .take_if(|i| !self.page.annotations[*i].block_type.wants_fence());
        let span = src.span(t.start);
        let mut header = t.header;
        let mut rows = t.rows;
        let mut annotation = annotation;
        // Two tables written without a blank line between them read as one: the second's
        // header row and its `|:---|:---|` delimiter row are rows of the first. Each is a
        // table of its own.
        while let Some(i) = rows
            .iter()
            .position(|r| is_delimiter_row(r))
            .filter(|&i| i > 0)
        {
            let mut rest = rows.split_off(i - 1);
            let mut next_header = rest.remove(0);
            rest.remove(0);
            // Its rows were padded to the first table's width.
            while next_header.len() > 1 && next_header.last().is_some_and(|c| c.text.is_empty()) {
                next_header.pop();
            }
            for row in &mut rest {
                row.truncate(next_header.len());
            }
            self.page.tables.push(Table {
                section: self.section,
                span: span.clone(),
                header: std::mem::replace(&mut header, next_header),
                rows,
                annotation: annotation.take(),
            });
            rows = rest;
        }
        self.page.tables.push(Table {
            section: self.section,
            span,
            header,
            rows,
            annotation,
        });
    }

    fn paragraph(&mut self, src: &Source, at: usize, text: String, links: Vec<String>) {
        let text = collapse(text);
        if text.is_empty() {
            return;
        }
        self.page.paragraphs.push(Paragraph {
            section: self.section,
            span: src.span(at),
            text,
            links,
        });
    }

    fn alert(&mut self, src: &Source, at: usize, kind: String, text: String) {
        let text = collapse(text);
        let text = ALERT.replace(&text, "").trim().to_string();
        self.page.alerts.push(Alert {
            section: self.section,
            span: src.span(at),
            kind,
            text,
        });
    }

    fn include(
        &mut self,
        reader: &mut Reader,
        src: &Source,
        at: usize,
        label: &str,
        target: &str,
        depth: usize,
    ) {
        let annotation = self
            .pending
            .take_if(|i| self.page.annotations[*i].block_type == BlockType::Permissions);
        let index = self.page.includes.len();
        self.page.includes.push(Include {
            section: self.section,
            span: src.span(at),
            label: label.to_string(),
            target: target.to_string(),
            resolved: None,
            annotation,
        });
        // A page read from memory may have no doc root on disk: then nothing can be included.
        let resolved = match &self.root_canonical {
            Some(root_canonical) => {
                reader.resolve(&self.root, root_canonical, src.file, src.folder, target)
            }
            None => match include::locate(&self.root, src.file, target) {
                Ok(_) => Resolved::Missing,
                Err(why) => Resolved::Refused(why),
            },
        };
        let (real, file) = match resolved {
            Resolved::File { real, shown } => (real, shown),
            Resolved::Missing => {
                // A note: what the missing include would have given is reported where it
                // matters (missing permissions: GD0701). Most includes of a checkout without
                // includes take this path, so the message is joined without `format!`.
                let message = [
                    "include `",
                    target,
                    "` does not exist in the doc set; it was skipped",
                ];
                self.diag_at(
                    src,
                    at,
                    Severity::Note,
                    Code::IncludeMissing,
                    message.concat(),
                );
                return;
            }
            Resolved::Refused(why) => {
                self.diag_at(
                    src,
                    at,
                    Severity::Error,
                    Code::IncludeRefused,
                    format!("include refused: {why}; nothing was read"),
                );
                return;
            }
        };
        if self.include_stack.contains(&real) {
            self.diag_at(
                src,
                at,
                Severity::Error,
                Code::IncludeCycle,
                format!("include `{target}` includes itself (a cycle); it was not read again"),
            );
            return;
        }
        if depth >= reader.options.max_include_depth {
            let message = format!(
                "include `{target}` nests deeper than {} includes; it was skipped",
                reader.options.max_include_depth
            );
            self.diag_at(src, at, Severity::Error, Code::IncludeTooDeep, message);
            return;
        }
        if self.over_budget {
            return;
        }
        let text = match reader.include_text(&real) {
            Ok(text) => text,
            Err(e) => {
                self.diag_at(
                    src,
                    at,
                    Severity::Error,
                    Code::IncludeUnreadable,
                    format!("include `{target}` cannot be read: {e}"),
                );
                return;
            }
        };
        self.included += 1;
        self.included_bytes = self.included_bytes.saturating_add(text.len());
        let options = &reader.options;
        if self.included > options.max_includes || self.included_bytes > options.max_include_bytes {
            self.over_budget = true;
            let message = format!(
                "include `{target}` takes this page past its include budget ({} includes or {} bytes of included text in all, nested ones counted); it and every include after it on the page were skipped",
                options.max_includes, options.max_include_bytes
            );
            self.diag_at(
                src,
                at,
                Severity::Error,
                Code::IncludeBudgetExceeded,
                message,
            );
            return;
        }
        self.page.includes[index].resolved = Some(file.clone());
        let lines = LineCounter::new(&text);
        let body_start = match frontmatter::locate(&text) {
            Found::At(loc) => loc.body_start,
            _ => 0,
        };
        let inner = Source {
            file: &file,
            folder: file.parent().unwrap_or(Path::new("")),
            span_file: Some(&file),
            text: &text,
            lines: &lines,
        };
        // The included text's tables belong to the permissions annotation, if any.
        let saved_pending = self.pending.take();
        self.pending = annotation;
        let saved_tab = self.tab.clone();
        self.include_stack.push(real.clone());
        self.scan_all(reader, &inner, body_start, depth + 1);
        self.include_stack.pop();
        if let Some(i) = self.pending.take()
            && Some(i) != annotation
        {
            // An annotation inside the include with nothing after it there.
            self.pending = Some(i);
            self.orphan_pending(&inner);
        }
        self.pending = saved_pending;
        self.tab = saved_tab;
    }

    /// The markdown-free pass, then the finished page.
    fn finish(mut self) -> Page {
        if let Some(i) = self.pending.take() {
            let a = &self.page.annotations[i];
            if a.block_type.wants_fence() {
                let line = a.line;
                self.diag(
                    None,
                    line,
                    1,
                    Severity::Warning,
                    Code::AnnotationOrphaned,
                    "this annotation is the last thing on the page; it describes nothing",
                );
            }
        }
        messages::build(&mut self);
        self.permissions();
        self.page
    }

    fn permissions(&mut self) {
        let Some((section, _)) = self.page.sections_of(SectionKind::Permissions).next() else {
            return;
        };
        let table = self
            .page
            .tables
            .iter()
            .filter(|t| t.section == section)
            .find_map(|t| {
                permissions::from_table(
                    &t.header,
                    &t.rows,
                    t.span.clone(),
                    t.span.file.as_ref().map(|f| f.display().to_string()),
                )
            });
        match table {
            Some(p) => self.page.permissions = Some(p),
            None => {
                let line = self.page.sections[section].line;
                let via = self
                    .page
                    .includes
                    .iter()
                    .find(|i| i.section == section && i.resolved.is_none());
                let message = match via {
                    Some(i) => format!("the permissions are in include `{}`, which was not read; the operation's permissions are unknown", i.target),
                    None => "the permissions section has no permissions table; the operation's permissions are unknown".to_string(),
                };
                self.diag(
                    None,
                    line,
                    1,
                    Severity::Warning,
                    Code::PermissionsUnreadable,
                    message,
                );
            }
        }
    }
}

/// Requests, responses, templates and their pairing: reads only the model built so far.
mod messages {
    use super::*;

    pub(super) fn build(b: &mut Builder) {
        let in_http_request = within(&b.page.sections, SectionKind::HttpRequest);
        for index in 0..b.page.fences.len() {
            let fence = &b.page.fences[index];
            let block_type = fence
                .annotation
                .map(|a| b.page.annotations[a].block_type.clone());
            match block_type {
                Some(BlockType::Request) if in_http_request[fence.section] => {
                    // Pages that document one call put its example in "HTTP request": the
                    // request line is the template too.
                    let before = b.page.requests.len();
                    request(b, index, true);
                    if let Some(r) = b.page.requests.get(before) {
                        let template = Template {
                            method: r.message.method.clone(),
                            path: r.message.url.clone(),
                            fence: index,
                            line: b.page.fences[index].content_line,
                        };
                        b.page.templates.push(template);
                    }
                }
                Some(BlockType::Request) => request(b, index, true),
                Some(BlockType::Response) => response(b, index, true),
                _ if in_http_request[fence.section] => templates(b, index),
                Some(_) => {}
                None => unannotated(b, index),
            }
        }
        pair(b);
    }

    /// For each section, whether it is of `kind` or nested under a heading of that kind.
    fn within(sections: &[Section], kind: SectionKind) -> Vec<bool> {
        let mut open: Option<u8> = None;
        sections
            .iter()
            .map(|s| {
                if open.is_some_and(|level| s.level <= level) {
                    open = None;
                }
                if s.kind == kind {
                    open = Some(s.level);
                }
                open.is_some()
            })
            .collect()
    }

    fn fence_diag(
        b: &mut Builder,
        fence: usize,
        block_line: usize,
        severity: Severity,
        code: Code,
        message: String,
    ) {
        let f = &b.page.fences[fence];
        let file = f.span.file.clone();
        let line = f.content_line + block_line;
        b.diag(file.as_deref(), line, 1, severity, code, message);
    }

    fn request(b: &mut Builder, index: usize, annotated: bool) {
        let annotation = b.page.fences[index].annotation;
        let Some(message) = http::parse_request(&b.page.fences[index].text) else {
            if annotated {
                let m = "the block after this request annotation has no `METHOD url` line; the example was skipped";
                fence_diag(
                    b,
                    index,
                    0,
                    Severity::Error,
                    Code::RequestLineMissing,
                    m.into(),
                );
            }
            return;
        };
        message_issues(b, index, &message.issues);
        let name = annotation.and_then(|a| b.page.annotations[a].name().map(str::to_string));
        let body_kind = http::classify_body(&message.headers, message.body.as_ref());
        let body = body_json(b, index, body_kind, message.body.as_ref());
        b.page.requests.push(Request {
            name,
            fence: index,
            annotation,
            message,
            body_kind,
            body,
            response: None,
        });
    }

    fn message_issues(b: &mut Builder, index: usize, issues: &[http::Issue]) {
        for issue in issues {
            let message = issue.message.clone();
            fence_diag(
                b,
                index,
                issue.line,
                Severity::Warning,
                Code::MessageMalformed,
                message,
            );
        }
    }

    fn response(b: &mut Builder, index: usize, annotated: bool) {
        let fence = &b.page.fences[index];
        let message = http::parse_response(&fence.text);
        let annotation_index = fence.annotation;
        if annotated
            && message.status.is_none()
            && message.issues.is_empty()
            && fence.lang == "http"
        {
            let m = "this response block has no status line; the status is unknown";
            fence_diag(
                b,
                index,
                0,
                Severity::Warning,
                Code::MessageMalformed,
                m.into(),
            );
        }
        message_issues(b, index, &message.issues);
        let annotation = annotation_index.map(|a| &b.page.annotations[a]);
        let name = annotation.and_then(|a| a.name().map(str::to_string));
        let odata_type = annotation.and_then(|a| a.odata_type.clone());
        let truncated = annotation.is_some_and(|a| a.truncated);
        let is_collection = annotation.is_some_and(|a| a.is_collection);
        let annotation = annotation_index;
        let body_kind = http::classify_body(&message.headers, message.body.as_ref());
        let body = body_json(b, index, body_kind, message.body.as_ref());
        b.page.responses.push(Response {
            name,
            fence: index,
            annotation,
            message,
            body_kind,
            body,
            odata_type,
            truncated,
            is_collection,
            request: None,
        });
    }

    fn body_json(
        b: &mut Builder,
        fence: usize,
        kind: http::BodyKind,
        body: Option<&http::Body>,
    ) -> Option<Json> {
        let body = body.filter(|_| kind == http::BodyKind::Json)?;
        let place = |offset: usize| {
            body.line
                + body.text[..offset.min(body.text.len())]
                    .matches('\n')
                    .count()
        };
        Some(match json::parse(&body.text) {
            Ok(p) => {
                let repairs = repair_kinds(&p);
                if let Some(first) = p.repairs.first() {
                    let m = format!(
                        "body is not strict JSON; read it after repairs: {}",
                        p.summary()
                    );
                    fence_diag(
                        b,
                        fence,
                        place(first.offset),
                        Severity::Warning,
                        Code::BodyRepaired,
                        m,
                    );
                }
                Json {
                    value: Some(std::sync::Arc::new(p.value)),
                    repairs,
                }
            }
            Err(e) => {
                let m = format!(
                    "body cannot be read as JSON ({}); it was kept as text",
                    e.message
                );
                fence_diag(
                    b,
                    fence,
                    place(e.offset),
                    Severity::Error,
                    Code::BodyInvalid,
                    m,
                );
                Json {
                    value: None,
                    repairs: Vec::new(),
                }
            }
        })
    }

    fn templates(b: &mut Builder, index: usize) {
        let (lines, issues) = http::parse_templates(&b.page.fences[index].text);
        for issue in issues {
            fence_diag(
                b,
                index,
                issue.line,
                Severity::Warning,
                Code::TemplateLineInvalid,
                issue.message,
            );
        }
        let content_line = b.page.fences[index].content_line;
        b.page.templates.extend(lines.into_iter().map(|t| Template {
            method: t.method,
            path: t.path,
            fence: index,
            line: content_line + t.line,
        }));
    }

    /// A fence with no annotation that is plainly a request or a response: kept, and noted.
    fn unannotated(b: &mut Builder, index: usize) {
        let fence = &b.page.fences[index];
        if !matches!(fence.lang.as_str(), "http" | "" | "msgraph-interactive") {
            return;
        }
        let first = fence
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or_default()
            .trim();
        let upper = first.to_ascii_uppercase();
        // Only requests to Graph itself: pages also show webhook calls to the caller's own host.
        let is_request = ["GET ", "POST ", "PATCH ", "PUT ", "DELETE "]
            .iter()
            .any(|m| upper.starts_with(m))
            && GRAPH_HOSTS.iter().any(|h| upper.contains(h));
        let is_response = upper.starts_with("HTTP/")
            && upper[5..]
                .split_whitespace()
                .nth(1)
                .is_some_and(|s| s.len() == 3 && s.bytes().all(|c| c.is_ascii_digit()));
        if is_request {
            let before = b.page.requests.len();
            request(b, index, false);
            if b.page.requests.len() > before {
                fence_diag(
                    b,
                    index,
                    0,
                    Severity::Note,
                    Code::BlockUnannotated,
                    "this request example has no annotation; it was read as a request".into(),
                );
            }
        } else if is_response {
            response(b, index, false);
            fence_diag(
                b,
                index,
                0,
                Severity::Note,
                Code::BlockUnannotated,
                "this response example has no annotation; it was read as a response".into(),
            );
        }
    }

    const GRAPH_HOSTS: [&str; 4] = [
        "://GRAPH.MICROSOFT.COM/",
        "://GRAPH.MICROSOFT.US/",
        "://DOD-GRAPH.MICROSOFT.US/",
        "://MICROSOFTGRAPH.CHINACLOUDAPI.CN/",
    ];

    /// Pairs each response with a request: by annotation name, else the most recent earlier
    /// request that has no response yet.
    fn pair(b: &mut Builder) {
        let names = |a: Option<usize>, b: &Builder| -> Vec<String> {
            a.map(|a| b.page.annotations[a].names.clone())
                .unwrap_or_default()
        };
        for r in 0..b.page.responses.len() {
            let response_names = names(b.page.responses[r].annotation, b);
            let fence = b.page.responses[r].fence;
            let by_name = (!response_names.is_empty())
                .then(|| {
                    let candidates: Vec<usize> = (0..b.page.requests.len())
                        .filter(|&q| {
                            names(b.page.requests[q].annotation, b)
                                .iter()
                                .any(|n| response_names.contains(n))
                        })
                        .collect();
                    // Prefer an unpaired one before the response, then any unpaired one.
                    candidates
                        .iter()
                        .rev()
                        .find(|&&q| {
                            b.page.requests[q].response.is_none()
                                && b.page.requests[q].fence < fence
                        })
                        .or_else(|| {
                            candidates
                                .iter()
                                .find(|&&q| b.page.requests[q].response.is_none())
                        })
                        .copied()
                })
                .flatten();
            let chosen = by_name.or_else(|| {
                (0..b.page.requests.len()).rev().find(|&q| {
                    let req = &b.page.requests[q];
                    req.fence < fence && req.response.is_none()
                })
            });
            match chosen {
                Some(q) => {
                    b.page.requests[q].response = Some(r);
                    b.page.responses[r].request = Some(q);
                }
                None => {
                    let m = "this response answers no request on the page (no request with its name, and none before it left unanswered)";
                    fence_diag(
                        b,
                        fence,
                        0,
                        Severity::Warning,
                        Code::ResponseUnpaired,
                        m.into(),
                    );
                }
            }
        }
        for q in 0..b.page.requests.len() {
            if b.page.requests[q].response.is_none() {
                let fence = b.page.requests[q].fence;
                fence_diag(
                    b,
                    fence,
                    0,
                    Severity::Note,
                    Code::RequestUnpaired,
                    "this request example has no response example".into(),
                );
            }
        }
    }
}

impl Capture {
    fn text(&mut self, t: &str) {
        if let Some(f) = self.fence.as_mut() {
            f.text.push_str(t);
            return;
        }
        if let Some(h) = self.heading.as_mut() {
            h.text.push_str(t);
        } else if let Some(c) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
            c.1.push_str(t);
        } else if let Some(p) = self.paragraph.as_mut() {
            p.1.push_str(t);
        }
        if let Some(a) = self.alert.as_mut() {
            a.2.push_str(t);
        }
    }
}

/// The includes in `text`: (offset, label, target), found at each `[!` (by memchr).
fn find_includes(text: &str) -> impl Iterator<Item = (usize, &str, &str)> {
    INCLUDE_OPEN
        .find_iter(text.as_bytes())
        .filter_map(move |at| include_at(&text[at..]).map(|(_, label, target)| (at, label, target)))
}

/// Whether `raw` holds nothing but includes and white space.
fn only_includes_in(raw: &str) -> bool {
    // Most paragraphs start with text: no search for includes needed to say no.
    let text = raw.trim_start();
    if !text.is_empty() && !text.starts_with("[!") {
        return false;
    }
    let mut from = 0;
    for at in INCLUDE_OPEN.find_iter(raw.as_bytes()) {
        if at < from {
            continue;
        }
        let Some((len, ..)) = include_at(&raw[at..]) else {
            continue;
        };
        if !raw[from..at].trim().is_empty() {
            return false;
        }
        from = at + len;
    }
    raw[from..].trim().is_empty()
}

/// `[!INCLUDE [label](target)]` at the start of `s` (any case of INCLUDE, spaces allowed
/// between the parts, all on one line): its length, label and target.
fn include_at(s: &str) -> Option<(usize, &str, &str)> {
    let rest = s.strip_prefix("[!")?;
    let keyword = rest.get(..7)?;
    if !keyword.eq_ignore_ascii_case("include") {
        return None;
    }
    let after_keyword = &rest[7..];
    let rest = after_keyword
        .trim_start_matches([' ', '\t'])
        .strip_prefix('[')?;
    let label_end = memchr::memchr2(b']', b'\n', rest.as_bytes())?;
    let label = &rest[..label_end];
    let rest = rest[label_end..].strip_prefix("](")?;
    let target_end = memchr::memchr2(b')', b'\n', rest.as_bytes())?;
    let target = rest[..target_end].trim();
    let rest = rest[target_end..].strip_prefix(')')?;
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix(']')?;
    Some((s.len() - rest.len(), label, target))
}

/// A table cell's source without the white space and pipes around it: `str::trim`, then every
/// `|` at either end, then `str::trim` again. Cells are read by the ten thousand and almost all
/// end in ASCII, so the ends are found byte by byte; a cell whose end is not ASCII (a
/// non-breaking space, a translated word) takes the three `str` calls, which know Unicode white
/// space.
fn cell_source(s: &str) -> &str {
    // The ASCII characters `char::is_whitespace` takes (vertical tab included).
    let space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    let bytes = s.as_bytes();
    let (start, end) = strip_ends(bytes, 0, bytes.len(), space);
    let (start, end) = strip_ends(bytes, start, end, |b| b == b'|');
    let (start, end) = strip_ends(bytes, start, end, space);
    // Each strip stopped at an ASCII byte, or at a byte of a non-ASCII character, which may be
    // white space that `str::trim` takes: then the three `str` calls decide.
    let ascii_ends = |start: usize, end: usize| {
        start == end || (bytes[start].is_ascii() && bytes[end - 1].is_ascii())
    };
    if !ascii_ends(start, end) {
        return s.trim().trim_matches('|').trim();
    }
    &s[start..end]
}

/// `bytes[start..end]` without the bytes `strip` takes at either end, as (start, end).
fn strip_ends(
    bytes: &[u8],
    mut start: usize,
    mut end: usize,
    strip: impl Fn(u8) -> bool,
) -> (usize, usize) {
    while start < end && strip(bytes[start]) {
        start += 1;
    }
    while end > start && strip(bytes[end - 1]) {
        end -= 1;
    }
    (start, end)
}

/// Collapses runs of ASCII white space into single spaces and trims them. Most text needs no
/// change, and one pass over its bytes says so.
fn collapse(mut text: String) -> String {
    let bytes = text.as_bytes();
    let end = bytes.len()
        - bytes
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
    let start = bytes[..end]
        .iter()
        .take_while(|b| b.is_ascii_whitespace())
        .count();
    if !needs_collapse(&bytes[start..end]) {
        // Trimmed in place: ASCII white space sits on character boundaries.
        text.truncate(end);
        if start > 0 {
            text.drain(..start);
        }
        return text;
    }
    let s = &text[start..end];
    let mut out = String::with_capacity(s.len());
    for word in s.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Whether `s`, which neither starts nor ends with white space, holds a tab, line feed, form
/// feed or carriage return, or two spaces in a row. Read in blocks of 16 pairs of neighbouring
/// bytes, each block without a branch (which the compiler turns into vector instructions).
fn needs_collapse(s: &[u8]) -> bool {
    let mut done = 0;
    for window in s.windows(BLOCK + 1).step_by(BLOCK) {
        if window.try_into().is_ok_and(block_needs_collapse) {
            return true;
        }
        done += BLOCK;
    }
    // The rest, padded with NUL bytes (which need nothing).
    let tail = &s[done.min(s.len())..];
    let mut padded = [0u8; BLOCK + 1];
    padded[..tail.len()].copy_from_slice(tail);
    block_needs_collapse(&padded)
}

const BLOCK: usize = 16;

/// [`needs_collapse`] of the first `BLOCK` bytes of `block`, each with the byte after it.
fn block_needs_collapse(block: &[u8; BLOCK + 1]) -> bool {
    let mut found = false;
    for i in 0..BLOCK {
        let (b, next) = (block[i], block[i + 1]);
        found |= (b == b'\t')
            | (b == b'\n')
            | (b == b'\x0c')
            | (b == b'\r')
            | ((b == b' ') & (next == b' '));
    }
    found
}

/// The kinds of repair a lenient parse made, each once, in the order first made.
fn repair_kinds(p: &json::Parsed) -> Vec<String> {
    let mut kinds: Vec<String> = Vec::new();
    for r in &p.repairs {
        let d = r.kind.describe();
        if !kinds.iter().any(|k| k == d) {
            kinds.push(d.to_string());
        }
    }
    kinds
}

fn json_kind(v: &serde_json::Value) -> &'static str {
    match v {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The byte length of the `{…}` object at the start of `s` (after white space), counting braces
/// outside strings; `None` when it never closes.
fn balanced_object_end(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

fn next_line(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// A table row that is a delimiter row (`|:-----|:-----:|`): every cell dashes with optional
/// colons at either end, three dashes at least without one (a lone `-` is a cell saying
/// "none", as in `| - | - |`).
fn is_delimiter_row(row: &[Cell]) -> bool {
    let dashes = |cell: &str| {
        let t = cell.strip_prefix(':').unwrap_or(cell);
        let t = t.strip_suffix(':').unwrap_or(t);
        !t.is_empty() && t.bytes().all(|b| b == b'-') && (t.len() >= 3 || t.len() < cell.len())
    };
    // One look at each cell, up to the first that is not dashes (most rows' first cell).
    let mut any = false;
    for cell in row {
        let t = cell.text.trim();
        if t.is_empty() {
            continue;
        }
        if !dashes(t) {
            return false;
        }
        any = true;
    }
    any
}

/// The link reference definitions of a page (`[contentType]: ../resources/contentType.md`):
/// (label, destination), in page order.
fn reference_definitions(body: &str) -> Vec<(&str, &str)> {
    // Only lines that start with `[` can be definitions: find them by memchr, not line by line.
    let starts = body
        .starts_with('[')
        .then_some(0)
        .into_iter()
        .chain(BRACKET_LINE.find_iter(body.as_bytes()).map(|at| at + 1));
    starts
        .map(|start| {
            let rest = &body[start..];
            // As `str::lines`: a `\r` goes only with the `\n` after it.
            match memchr::memchr(b'\n', rest.as_bytes()) {
                Some(end) => rest[..end].strip_suffix('\r').unwrap_or(&rest[..end]),
                None => rest,
            }
        })
        .filter_map(|line| {
            let rest = line.strip_prefix('[')?;
            let (label, after) = rest.split_once("]:")?;
            let url = after.split_whitespace().next()?;
            (!label.is_empty() && !label.contains(['[', ']'])).then_some((label, url))
        })
        .collect()
}

/// The destination of a reference link whose text matches no definition
/// (`[ресурса contentType.][]`, a translation that kept the label inside its own words): the
/// one definition whose label, an ASCII identifier, stands in the text as a whole word.
fn guess_reference<'d>(text: &str, definitions: &[(&str, &'d str)]) -> Option<&'d str> {
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let lower = text.to_ascii_lowercase();
    let mut found: Option<&str> = None;
    for &(label, url) in definitions {
        if !label.bytes().all(|b| word(b) || b == b'.' || b == b'-') {
            continue;
        }
        let label = label.to_ascii_lowercase();
        let stands = lower.match_indices(&label).any(|(at, _)| {
            let before = lower.as_bytes()[..at].last().is_none_or(|&b| !word(b));
            let after = lower.as_bytes()[at + label.len()..]
                .first()
                .is_none_or(|&b| !word(b));
            before && after
        });
        if stands {
            match found {
                Some(u) if u != url => return None,
                _ => found = Some(url),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_finds_every_run_of_white_space() {
        // Every length around the block size, with each kind of white space at each place.
        for len in 1..40 {
            for at in 0..len {
                for ws in ["\t", "\n", "\r", "\x0c", "  ", " ", "\x0b"] {
                    let mut text = "x".repeat(len);
                    text.replace_range(at..at + 1, ws);
                    let naive: String = text.split_ascii_whitespace().collect::<Vec<_>>().join(" ");
                    assert_eq!(collapse(text.clone()), naive, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn cell_source_trims_as_str_does() {
        let slow = |s: &str| s.trim().trim_matches('|').trim().to_string();
        let parts = [
            "", " ", "|", "\t", "\x0b", "\u{a0}", "\u{3000}", "x", "é", "`a|b`", "||", "\r\n",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    for d in parts {
                        let s = format!("{a}{b}{c}{d}");
                        assert_eq!(cell_source(&s), slow(&s), "{s:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn reference_links_whose_text_holds_the_label() {
        let body = "Text.\n\n[contentType]: ../resources/contentType.md\n[site]: ../resources/site.md\n[网站]: ../resources/site.md\n";
        let defs = reference_definitions(body);
        assert_eq!(defs.len(), 3);
        assert_eq!(defs[0], ("contentType", "../resources/contentType.md"));
        // The label stands in the text as a whole word, whatever surrounds it.
        assert_eq!(
            guess_reference("ресурса contentType.", &defs),
            Some("../resources/contentType.md")
        );
        assert_eq!(
            guess_reference("要创建的contentType资源", &defs),
            Some("../resources/contentType.md")
        );
        // Part of a longer identifier, no label, or two labels with different targets: nothing.
        assert_eq!(guess_reference("contentTypes", &defs), None);
        assert_eq!(guess_reference("объект", &defs), None);
        assert_eq!(guess_reference("contentType of a site", &defs), None);
        // The parser takes the guess: the paragraph links the definition's target.
        let mut reader = Reader::new(ReaderOptions::default());
        let page = reader.read_str(
            Path::new("/docs/api-reference/v1.0/api/x.md"),
            "# X\n\nCreate a [ресурса contentType.][] here.\n\n[contentType]: ../resources/contentType.md\n",
        );
        assert!(
            page.paragraphs
                .iter()
                .any(|p| p.links.iter().any(|l| l == "../resources/contentType.md")),
            "{:?}",
            page.paragraphs
        );
    }

    #[test]
    fn delimiter_rows() {
        let row = |cells: &[&str]| -> Vec<Cell> {
            cells
                .iter()
                .map(|c| Cell {
                    text: c.to_string(),
                    raw: c.to_string(),
                })
                .collect()
        };
        assert!(is_delimiter_row(&row(&[":--", "---", ":-:", ""])));
        assert!(is_delimiter_row(&row(&["-----", ":-"])));
        assert!(!is_delimiter_row(&row(&["-", "-"])));
        assert!(!is_delimiter_row(&row(&["", ""])));
        assert!(!is_delimiter_row(&row(&["---", "none"])));
        // The same answers as the two-pass rule (some cell not blank, every cell blank or dashes).
        let two_pass = |row: &[Cell]| {
            let dashes = |t: &str| {
                let u = t.strip_prefix(':').unwrap_or(t);
                let u = u.strip_suffix(':').unwrap_or(u);
                !u.is_empty() && u.bytes().all(|b| b == b'-') && (u.len() >= 3 || u.len() < t.len())
            };
            row.iter().any(|c| !c.text.trim().is_empty())
                && row
                    .iter()
                    .all(|c| c.text.trim().is_empty() || dashes(c.text.trim()))
        };
        let cells = ["", " ", "-", "---", " :-: ", ":", "x", "\u{a0}", "--- x"];
        for a in cells {
            for b in cells {
                for c in cells {
                    let r = row(&[a, b, c]);
                    assert_eq!(is_delimiter_row(&r), two_pass(&r), "{a:?} {b:?} {c:?}");
                }
            }
        }
    }

    #[test]
    fn include_forms() {
        fn parts(s: &str) -> Option<(&str, &str, &str)> {
            include_at(s).map(|(len, l, t)| (&s[..len], l, t))
        }
        assert_eq!(
            parts("[!INCLUDE [beta](../../includes/beta.md)] tail"),
            Some((
                "[!INCLUDE [beta](../../includes/beta.md)]",
                "beta",
                "../../includes/beta.md"
            ))
        );
        assert_eq!(
            parts("[!INCLUDE[x](y.md)]"),
            Some(("[!INCLUDE[x](y.md)]", "x", "y.md"))
        );
        assert_eq!(parts("[!include [x]( y.md ) ]").map(|p| p.2), Some("y.md"));
        for not in [
            "[!NOTE]",
            "[!INCLUDE [x](y.md)",
            "[!INCLUDE [x]\n(y.md)]",
            "[!INCLUDEX [x](y.md)]",
            "[!INC",
        ] {
            assert_eq!(include_at(not), None, "{not}");
        }
        assert!(only_includes_in(
            "[!INCLUDE [a](a.md)]\n[!INCLUDE [b](b.md)]\n"
        ));
        assert!(!only_includes_in("See [!INCLUDE [a](a.md)]"));
        // Text before the first include (checked before any search) or after the last.
        assert!(only_includes_in(" \n\t[!INCLUDE [a](a.md)] "));
        assert!(only_includes_in(""));
        assert!(!only_includes_in("\u{a0}x [!INCLUDE [a](a.md)]"));
        assert!(!only_includes_in("[!NOTE] [!INCLUDE [a](a.md)]"));
        assert!(!only_includes_in("[!INCLUDE [a](a.md)] and more"));
        let found: Vec<_> =
            find_includes("x [!INCLUDE [a](a.md)] y [!NOTE] [!include [b](b.md)]").collect();
        assert_eq!(found, [(2, "a", "a.md"), (33, "b", "b.md")]);
    }
}
