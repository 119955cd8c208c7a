//! Diagnostics: every problem graphdoc finds in a page is a value with a stable code, a severity,
//! a place (file:line:column) and a plain message saying what is wrong and what was done.
//! They are collected, never thrown, and printed in rustc's shape with annotate-snippets.

use serde::Serialize;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// The stable codes. A code never changes meaning once released; new problems get new codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// The file is not valid UTF-8; invalid bytes were replaced by U+FFFD.
    InvalidUtf8,
    /// The file holds NUL bytes; they were replaced by U+FFFD.
    NulByte,
    /// The file could not be read at all.
    Unreadable,
    /// The file is empty or holds only white space.
    EmptyPage,
    /// Front matter opened with `---` but never closed.
    FrontMatterUnterminated,
    /// Front matter is not valid YAML, or not a mapping.
    FrontMatterInvalid,
    /// An annotation comment is not strict JSON but was repaired.
    AnnotationRepaired,
    /// An annotation comment could not be read as JSON at all.
    AnnotationInvalid,
    /// An annotation is JSON but not an object, or has unusable values.
    AnnotationShape,
    /// An annotation that describes a block has no block after it.
    AnnotationOrphaned,
    /// An annotation names a blockType graphdoc does not know.
    AnnotationUnknownBlockType,
    /// An HTML comment is never closed.
    CommentUnterminated,
    /// A code fence is never closed.
    FenceUnterminated,
    /// An include was refused: absolute path, outside the doc root, or a symlink out of it.
    IncludeRefused,
    /// An include's target does not exist.
    IncludeMissing,
    /// An include includes itself, directly or not.
    IncludeCycle,
    /// An include's target could not be read.
    IncludeUnreadable,
    /// Includes nested deeper than the limit.
    IncludeTooDeep,
    /// A page's includes, nested ones counted, expand to more files or bytes than its budget.
    IncludeBudgetExceeded,
    /// A request block has no `METHOD url` line.
    RequestLineMissing,
    /// A message block is malformed (status line, header, body placement).
    MessageMalformed,
    /// A JSON body is not strict JSON but was repaired.
    BodyRepaired,
    /// A body meant to be JSON could not be read.
    BodyInvalid,
    /// A response could not be paired with a request.
    ResponseUnpaired,
    /// A request has no response.
    RequestUnpaired,
    /// A request or response block was found without an annotation.
    BlockUnannotated,
    /// A line in the "HTTP request" section is not a `METHOD /path` template.
    TemplateLineInvalid,
    /// The permissions section could not be read.
    PermissionsUnreadable,
    /// graphdoc itself failed on the page: a bug.
    Internal,
    /// A property's type could be read neither from its table nor from a sample.
    TypeUnknown,
    /// Two pages describe one type differently.
    TypeConflict,
    /// Signals about a type's base disagree; the strongest was kept.
    BaseTypeConflict,
    /// A table row's name is no identifier the docs show (a translated word): the row was left out.
    PropertyNameUnknown,
    /// A URL template of the "HTTP request" section could not be turned into a path.
    TemplateUnusable,
    /// A documented example cannot be replayed as a test; the message says why.
    ExampleNotReplayable,
    /// A page has an "HTTP request" section but no operation could be read from it.
    OperationMissing,
    /// A type inherits through more levels than the generated code flattens.
    InheritanceTooDeep,
    /// An `--include` pattern matches no URL form of any operation.
    IncludeMatchesNothing,
}

impl Code {
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidUtf8 => "GD0001",
            Code::NulByte => "GD0002",
            Code::Unreadable => "GD0003",
            Code::EmptyPage => "GD0004",
            Code::Internal => "GD0999",
            Code::TypeUnknown => "GD0801",
            Code::TypeConflict => "GD0802",
            Code::BaseTypeConflict => "GD0803",
            Code::PropertyNameUnknown => "GD0804",
            Code::TemplateUnusable => "GD0901",
            Code::ExampleNotReplayable => "GD0902",
            Code::OperationMissing => "GD0903",
            Code::InheritanceTooDeep => "GD0904",
            Code::IncludeMatchesNothing => "GD0905",
            Code::FrontMatterUnterminated => "GD0101",
            Code::FrontMatterInvalid => "GD0102",
            Code::AnnotationRepaired => "GD0201",
            Code::AnnotationInvalid => "GD0202",
            Code::AnnotationShape => "GD0203",
            Code::AnnotationOrphaned => "GD0204",
            Code::AnnotationUnknownBlockType => "GD0205",
            Code::CommentUnterminated => "GD0301",
            Code::FenceUnterminated => "GD0302",
            Code::IncludeRefused => "GD0401",
            Code::IncludeMissing => "GD0402",
            Code::IncludeCycle => "GD0403",
            Code::IncludeUnreadable => "GD0404",
            Code::IncludeTooDeep => "GD0405",
            Code::IncludeBudgetExceeded => "GD0406",
            Code::RequestLineMissing => "GD0501",
            Code::MessageMalformed => "GD0502",
            Code::BodyRepaired => "GD0503",
            Code::BodyInvalid => "GD0504",
            Code::ResponseUnpaired => "GD0505",
            Code::RequestUnpaired => "GD0506",
            Code::BlockUnannotated => "GD0507",
            Code::TemplateLineInvalid => "GD0601",
            Code::PermissionsUnreadable => "GD0701",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem, at one place. `line` and `column` are 1-based; column counts characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    /// The file the problem is in: the page, or an included file.
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Diagnostic {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic in rustc's shape. `source` is the text of `self.file` when the
    /// caller has it, so the offending line can be shown under the message. Finding the line
    /// reads `source` up to it: to render many diagnostics of one file, use [`SourceCache`]
    /// or [`Diagnostic::render_in`], which index the lines once.
    pub fn render(&self, source: Option<&str>) -> String {
        let line = source.and_then(|text| {
            let start = match self.line.checked_sub(1)? {
                0 => 0,
                n => memchr::memchr_iter(b'\n', text.as_bytes()).nth(n - 1)? + 1,
            };
            let end =
                memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |e| start + e);
            Some(&text[start..end])
        });
        self.render_line(line)
    }

    /// The same, with the file's text and its [`LineIndex`]: constant work to find the line.
    pub fn render_in(&self, source: Option<(&str, &LineIndex)>) -> String {
        self.render_line(source.and_then(|(text, lines)| lines.line_text(text, self.line)))
    }

    fn render_line(&self, line_text: Option<&str>) -> String {
        use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let path = terminal_safe(&self.file.display().to_string()).into_owned();
        let message = terminal_safe(&self.message);
        let title = level.primary_title(message.as_ref()).id(self.code.as_str());
        let report = match line_text {
            Some(text) => {
                let (shown, col) = excerpt(text.trim_end_matches('\r'), self.column);
                let start = shown
                    .char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(shown.len(), |(i, _)| i);
                let end = shown[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                [title.element(
                    Snippet::source(shown)
                        .line_start(self.line)
                        .path(path)
                        .annotation(AnnotationKind::Primary.span(start..end)),
                )]
            }
            None => [title.element(
                annotate_snippets::Origin::path(path)
                    .line(self.line)
                    .char_column(self.column),
            )],
        };
        Renderer::plain().render(&report)
    }
}

/// Renders diagnostics with the lines they point at, reading each file once (and only if it
/// is a regular file) and indexing its lines once, so rendering is linear in the number of
/// diagnostics. A page's diagnostics move between the page and its includes, so the files
/// read so far are kept, up to [`SourceCache::MAX_BYTES`] (more than a page and its include
/// budget); past that the cache starts over.
#[derive(Debug, Default)]
pub struct SourceCache {
    files: std::collections::HashMap<PathBuf, Option<(String, LineIndex)>>,
    bytes: usize,
}

impl SourceCache {
    /// How much text the cache keeps.
    pub const MAX_BYTES: usize = 64 << 20;

    pub fn new() -> Self {
        SourceCache::default()
    }

    /// `diagnostic` rendered with its source line when its file can be read.
    pub fn render(&mut self, diagnostic: &Diagnostic) -> String {
        if !self.files.contains_key(&diagnostic.file) {
            let text = crate::files::read_regular_file(&diagnostic.file)
                .ok()
                .map(|bytes| {
                    // Valid UTF-8 (nearly every page) is taken as it is, without a copy.
                    String::from_utf8(bytes)
                        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
                });
            let size = text.as_ref().map_or(0, String::len);
            if self.bytes + size > Self::MAX_BYTES {
                self.files.clear();
                self.bytes = 0;
            }
            self.bytes += size;
            let indexed = text.map(|text| {
                let lines = LineIndex::new(&text);
                (text, lines)
            });
            self.files.insert(diagnostic.file.clone(), indexed);
        }
        let source = self
            .files
            .get(&diagnostic.file)
            .and_then(Option::as_ref)
            .map(|(text, lines)| (text.as_str(), lines));
        diagnostic.render_in(source)
    }
}

/// Text for a terminal: control characters (C0, DEL, C1) and bidirectional controls are shown
/// as escapes (`\u{1b}`), so a file name or a message quoting page text cannot move the cursor,
/// change colours or reorder what is printed.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        c.is_control()
            || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A window of at most 160 characters of `line` around `column`, so a 5 MB line does not end
/// up on the terminal; returns the window and the column within it. Characters annotate-snippets
/// does not make visible itself (C1 controls, direction marks) become U+FFFD, one for one, so
/// columns still hold.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    const WIDTH: usize = 160;
    let visible = |c: char| {
        if matches!(c, '\u{80}'..='\u{9f}' | '\u{61c}' | '\u{200e}' | '\u{200f}') {
            '\u{fffd}'
        } else {
            c
        }
    };
    let count = line.chars().count();
    if count <= WIDTH {
        return (line.chars().map(visible).collect(), column);
    }
    let first = column.saturating_sub(WIDTH / 2).min(count - WIDTH);
    let shown: String = line.chars().skip(first).take(WIDTH).map(visible).collect();
    (shown, column - first)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            terminal_safe(&self.file.display().to_string()),
            self.line,
            self.column,
            self.severity,
            self.code,
            terminal_safe(&self.message)
        )
    }
}

/// Maps byte offsets of one text to 1-based line and character column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let count = memchr::memchr_iter(b'\n', text.as_bytes()).count();
        let mut starts = Vec::with_capacity(count + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        LineIndex { starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| s <= offset)
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.line(offset);
        (line, column(text, self.starts[line - 1], offset))
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The text of a 1-based line of `text` (the text this index was built from), without its
    /// `\n`.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> Option<&'t str> {
        let start = self.line_start(line)?;
        let end = self
            .line_start(line + 1)
            .map_or(text.len(), |next| next.saturating_sub(1));
        text.get(start..end)
    }
}

/// Maps byte offsets of one text to 1-based lines and columns, as [`LineIndex`] does, without
/// building an index: it counts the line feeds between the offset asked and the one asked
/// before. A reader asks in nearly increasing order (an element's start when the element ends),
/// so each byte is counted about once, where an index costs a pass to count the lines, a pass
/// to record them and a search per question.
#[derive(Debug)]
pub struct LineCounter<'t> {
    text: &'t str,
    /// The offset asked last and the number of line feeds before it.
    last: std::cell::Cell<(usize, usize)>,
}

impl<'t> LineCounter<'t> {
    pub fn new(text: &'t str) -> Self {
        LineCounter {
            text,
            last: std::cell::Cell::new((0, 0)),
        }
    }

    /// 1-based line of a byte offset: one more than the line feeds before it.
    pub fn line(&self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        let (last, before) = self.last.get();
        let bytes = self.text.as_bytes();
        let before = if offset >= last {
            before + memchr::memchr_iter(b'\n', &bytes[last..offset]).count()
        } else {
            before - memchr::memchr_iter(b'\n', &bytes[offset..last]).count()
        };
        self.last.set((offset, before));
        before + 1
    }

    /// 1-based line and character column of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line(offset);
        let start = memchr::memrchr(b'\n', &self.text.as_bytes()[..offset]).map_or(0, |i| i + 1);
        (line, column(self.text, start, offset))
    }
}

/// 1-based character column of `offset` in the line of `text` that starts at `line_start`.
fn column(text: &str, line_start: usize, offset: usize) -> usize {
    text.get(line_start..offset)
        .map_or(1, |prefix| prefix.chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: usize, column: usize) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code: Code::AnnotationInvalid,
            file: PathBuf::from("api/user-get.md"),
            line,
            column,
            message: "annotation is not JSON; it was ignored".into(),
        }
    }

    #[test]
    fn line_index_maps_offsets() {
        let text = "ab\ncdé\n\nx";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        assert_eq!(idx.line_col(text, text.find('é').unwrap() + 2), (2, 4));
        assert_eq!(idx.line_col(text, text.len()), (4, 2));
        assert_eq!(idx.line_start(4), Some(text.len() - 1));
    }

    #[test]
    fn line_counter_agrees_with_the_index_in_any_order() {
        let text = "ab\ncdé\n\nx\n\nlast";
        let idx = LineIndex::new(text);
        let counter = LineCounter::new(text);
        let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
        offsets.extend((0..=text.len() + 2).rev());
        offsets.extend([3, 12, 0, 7, 7, 1, text.len()]);
        for offset in offsets {
            assert_eq!(counter.line(offset), idx.line(offset), "line of {offset}");
            assert_eq!(
                counter.line_col(offset),
                idx.line_col(text, offset),
                "line_col of {offset}"
            );
        }
    }

    #[test]
    fn renders_rustc_style_with_source_line() {
        let out = diag(2, 3).render(Some("first\n<!-- {x -->\n"));
        assert!(
            out.contains("error[GD0202]: annotation is not JSON"),
            "{out}"
        );
        assert!(out.contains("api/user-get.md:2:3"), "{out}");
        assert!(out.contains("<!-- {x -->"), "{out}");
    }

    #[test]
    fn renders_without_source_and_clips_long_lines() {
        let out = diag(7, 1).render(None);
        assert!(out.contains("api/user-get.md:7:1"), "{out}");
        let long = "x".repeat(5_000_000);
        let out = diag(1, 2_500_000).render(Some(&long));
        assert!(out.len() < 2_000, "{}", out.len());
    }

    /// A file name (or a message quoting page text) with terminal escapes is printed escaped,
    /// and so is the source line.
    #[test]
    fn control_characters_in_file_names_are_escaped() {
        let mut d = diag(1, 1);
        d.file = PathBuf::from("api/\u{1b}[2J\u{1b}]0;owned\u{7}user\u{202e}-get\u{9b}31m.md");
        d.message = "include `\u{1b}[31mx` refused".into();
        for out in [
            d.render(None),
            d.render(Some("a\u{1b}[31mb\u{9b}1m\n")),
            d.to_string(),
        ] {
            assert!(
                !out.chars()
                    .any(|c| c != '\n' && c.is_control() || matches!(c, '\u{202e}' | '\u{200e}')),
                "{out:?}"
            );
            assert!(
                out.contains(r"api/\u{1b}[2J\u{1b}]0;owned\u{7}user\u{202e}-get\u{9b}31m.md"),
                "{out}"
            );
        }
    }

    /// Diagnostics that alternate between a page and its include read each file once.
    #[test]
    fn source_cache_reads_each_file_once() {
        let dir = tempfile::tempdir().unwrap();
        let (page, include) = (dir.path().join("page.md"), dir.path().join("inc.md"));
        std::fs::write(&page, "a\nbroken page line\n").unwrap();
        std::fs::write(&include, "broken include line\n").unwrap();
        let mut cache = SourceCache::new();
        for i in 0..4 {
            let mut d = diag(if i % 2 == 0 { 2 } else { 1 }, 1);
            d.file = if i % 2 == 0 {
                page.clone()
            } else {
                include.clone()
            };
            let out = cache.render(&d);
            let want = if i % 2 == 0 {
                "broken page line"
            } else {
                "broken include line"
            };
            assert!(out.contains(want), "{out}");
        }
        assert_eq!(cache.files.len(), 2);
        // A FIFO is never opened (it would block): rendered without its line.
        #[cfg(unix)]
        if std::process::Command::new("mkfifo")
            .arg(dir.path().join("fifo.md"))
            .status()
            .is_ok_and(|s| s.success())
        {
            let mut d = diag(1, 1);
            d.file = dir.path().join("fifo.md");
            assert!(cache.render(&d).contains("fifo.md:1:1"));
        }
    }

    /// 40,000 diagnostics on one 40,000-line page: each line is found through the index, so
    /// rendering them all takes as long per diagnostic as rendering 4,000.
    #[test]
    fn rendering_many_diagnostics_of_one_file_is_linear() {
        fn time(n: usize) -> std::time::Duration {
            let text: String = (0..n).map(|i| format!("line {i}\n")).collect();
            let lines = LineIndex::new(&text);
            let start = std::time::Instant::now();
            for i in 0..n {
                let out = diag(i + 1, 1).render_in(Some((&text, &lines)));
                assert!(out.contains(&format!("line {i}")), "{out}");
            }
            start.elapsed()
        }
        // The best of three runs of each: a burst of load elsewhere on the machine slows one
        // run, not all three (quadratic rendering would be 100 times slower).
        let best = |n| (0..3).map(|_| time(n)).min().unwrap_or_default();
        let small = best(4_000);
        let large = best(40_000);
        assert!(
            large < small * 30,
            "4,000 diagnostics: {small:?}; 40,000: {large:?}"
        );
    }
}
