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
    /// caller has it, so the offending line can be shown under the message.
    pub fn render(&self, source: Option<&str>) -> String {
        use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
        let level = match self.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Note => Level::NOTE,
        };
        let path = self.file.display().to_string();
        let title = level.primary_title(&self.message).id(self.code.as_str());
        let line_text = source.and_then(|s| s.split('\n').nth(self.line.saturating_sub(1)));
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

/// A window of at most 160 characters of `line` around `column`, so a 5 MB line does not end
/// up on the terminal; returns the window and the column within it.
fn excerpt(line: &str, column: usize) -> (String, usize) {
    const WIDTH: usize = 160;
    let count = line.chars().count();
    if count <= WIDTH {
        return (line.to_string(), column);
    }
    let first = column.saturating_sub(WIDTH / 2).min(count - WIDTH);
    let shown: String = line.chars().skip(first).take(WIDTH).collect();
    (shown, column - first)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file.display(),
            self.line,
            self.column,
            self.severity,
            self.code,
            self.message
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
        let start = self.starts[line - 1];
        let col = text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line, col)
    }

    /// Byte offset where a 1-based line starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }
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
}
