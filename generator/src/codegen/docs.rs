//! Doc comments from model text. The text only ever reaches the code as string literals of
//! `#[doc = …]` attributes, so it cannot become code; what is done here keeps it from becoming
//! anything else rustdoc or the linters act on: doc tests (fences, indented blocks), links and
//! intra-doc links, HTML, and characters rustc rejects or warns about in comments.

use proc_macro2::TokenStream;
use quote::quote;

/// Doc text built paragraph by paragraph; every source line is its own paragraph, so no markdown
/// construct spans lines (no lazy list continuations, no multi-line blocks).
#[derive(Debug, Default)]
pub(crate) struct Doc {
    lines: Vec<String>,
}

impl Doc {
    pub(crate) fn new() -> Doc {
        Doc::default()
    }

    /// Adds text from the model: made inert, split into lines, blank lines dropped.
    pub(crate) fn text(&mut self, text: &str) -> &mut Doc {
        if text.is_ascii() {
            // ASCII text (most of it) holds none of the other line breaks: a byte search
            // finds the lines.
            let mut start = 0;
            for end in memchr::memchr2_iter(b'\n', b'\r', text.as_bytes()) {
                self.push_inert(&text[start..end]);
                start = end + 1;
            }
            self.push_inert(&text[start..]);
        } else {
            for line in text.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
                self.push_inert(line);
            }
        }
        self
    }

    /// Adds one line of model text, made inert, unless it is blank.
    fn push_inert(&mut self, line: &str) {
        let line = inert(line);
        if !line.is_empty() {
            self.lines.push(line);
        }
    }

    /// Adds text we write ourselves, with `` `code` `` spans holding model text: each `{}` in
    /// `template` is replaced by one of `values`, made inert and shown as code.
    pub(crate) fn note(&mut self, template: &str, values: &[&str]) -> &mut Doc {
        let values_len: usize = values.iter().map(|v| v.len() + "``".len()).sum();
        let mut out = String::with_capacity(template.len() + values_len);
        let mut values = values.iter();
        // Each `{}`, left to right, as `template.split("{}")` finds them.
        let mut start = 0;
        for at in memchr::memchr_iter(b'{', template.as_bytes()) {
            if at >= start && template.as_bytes().get(at + 1) == Some(&b'}') {
                out.push_str(&template[start..at]);
                push_code_span(&mut out, values.next().copied().unwrap_or_default());
                start = at + 2;
            }
        }
        out.push_str(&template[start..]);
        self.lines.push(out);
        self
    }

    /// `#[doc = " line"]` attributes, an empty one between lines. While a [`Deferred`] scope
    /// is open, each run of lines that print as `///` comments is one short placeholder
    /// instead, filled in once printed.
    pub(crate) fn attrs(&self) -> TokenStream {
        let mut out = TokenStream::new();
        let deferring = DEFERRED.with_borrow(Option::is_some);
        let mut run: Vec<String> = Vec::new();
        for (i, line) in self.lines.iter().enumerate() {
            let line = format!(" {line}");
            if deferring && deferrable(&line) {
                if run.is_empty() && i > 0 {
                    out.extend(quote!(#[doc = ""]));
                }
                run.push(line);
                continue;
            }
            defer_run(&mut out, &mut run);
            if i > 0 {
                out.extend(quote!(#[doc = ""]));
            }
            out.extend(quote!(#[doc = #line]));
        }
        defer_run(&mut out, &mut run);
        out
    }

    /// The lines as prettyplease prints their [`Doc::attrs`]: `///` comments at `indent`, an
    /// empty one between lines. A line holds no line break ([`Doc::text`] splits there) and
    /// starts with a space, so every line prints as a `///` comment.
    pub(crate) fn write_comment(&self, indent: &str, out: &mut String) {
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.push_str(indent);
                out.push_str("///\n");
            }
            // prettyplease trims the spaces that end a `///` line.
            out.push_str(indent);
            out.push_str("///");
            let line = line.trim_end_matches(' ');
            if !line.is_empty() {
                out.push(' ');
                out.push_str(line);
            }
            out.push('\n');
        }
    }

    /// The same, as inner attributes (`//!`) for a module.
    pub(crate) fn inner_attrs(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.extend(quote!(#![doc = ""]));
            }
            let line = format!(" {line}");
            out.extend(quote!(#![doc = #line]));
        }
        out
    }
}

/// The mark around a deferred line's number: a control character, which a printed string
/// literal always escapes, so in printed code it appears raw only in doc comments.
const MARK: char = '\u{1}';

thread_local! {
    /// The doc lines of the open [`Deferred`] scope (its printed text, by number), or `None`.
    static DEFERRED: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// While alive, `Doc::attrs` writes each line as a placeholder (`"\u{1}N\u{1}"`) and keeps
/// the line; [`fill_deferred`] puts the lines back into printed code. A doc line is most of
/// the code's text: this spares writing it as a literal, `syn` reading it back and the
/// printer measuring it, for the same printed text. Tokens made in the scope must be printed
/// in it, on the same thread.
pub(crate) struct Deferred {
    outer: Option<Vec<String>>,
}

pub(crate) fn defer() -> Deferred {
    Deferred {
        outer: DEFERRED.with_borrow_mut(|d| d.replace(Vec::new())),
    }
}

impl Drop for Deferred {
    fn drop(&mut self) {
        let outer = self.outer.take();
        DEFERRED.with_borrow_mut(|d| *d = outer);
    }
}

/// prettyplease prints `#[doc = "x"]` as `///x` (trailing spaces trimmed) when `x` holds no
/// line break and does not start with `/`; a line is deferred only then (and when it holds no
/// mark), the placeholder also qualifying, so both print as `///` comments.
fn deferrable(line: &str) -> bool {
    !(line.contains(['\n', MARK]) || line.starts_with('/'))
}

/// One placeholder attribute for a run of deferrable lines (the lines and the empty ones
/// between them), kept in the open scope as the lines joined by `\n`.
fn defer_run(out: &mut TokenStream, run: &mut Vec<String>) {
    if run.is_empty() {
        return;
    }
    let lines: Vec<String> = run
        .drain(..)
        .map(|line| line.trim_end_matches(' ').to_string())
        .collect();
    let placeholder = DEFERRED.with_borrow_mut(|d| {
        let deferred = d.as_mut()?;
        let placeholder = format!("{MARK}{}{MARK}", deferred.len());
        deferred.push(lines.join("\n"));
        Some(placeholder)
    });
    let Some(placeholder) = placeholder else {
        // No open scope (`attrs` defers only in one): the lines as literals.
        for (i, line) in lines.iter().enumerate() {
            if i > 0 {
                out.extend(quote!(#[doc = ""]));
            }
            out.extend(quote!(#[doc = #line]));
        }
        return;
    };
    out.extend(quote!(#[doc = #placeholder]));
}

/// Printed code with the deferred lines of the open scope put back in place of their
/// placeholders.
pub(crate) fn fill_deferred(printed: String) -> String {
    if !printed.contains(MARK) {
        return printed;
    }
    DEFERRED.with_borrow(|d| {
        let Some(lines) = d else {
            return printed.clone();
        };
        let opening = format!("///{MARK}");
        let mut out = String::with_capacity(printed.len() + 64);
        let mut rest = printed.as_str();
        while let Some(at) = rest.find(&opening) {
            out.push_str(&rest[..at + 3]);
            let after = &rest[at + opening.len()..];
            let line = after.find(MARK).and_then(|end| {
                let n: usize = after[..end].parse().ok()?;
                Some((lines.get(n)?, end))
            });
            // Placeholders are only made for printed comments of this scope: a bug here.
            let Some((line, end)) = line else {
                panic!("graphdoc printed a doc placeholder it did not make");
            };
            // A run's later lines at the indentation of its first, each after an empty one.
            let indent = &out[out.rfind('\n').map_or(0, |n| n + 1)..out.len() - 3];
            if indent.contains(|c: char| c != ' ') {
                panic!("graphdoc printed a doc placeholder after code on its line");
            }
            let indent = indent.to_string();
            for (k, text) in line.split('\n').enumerate() {
                if k > 0 {
                    out.push('\n');
                    out.push_str(&indent);
                    out.push_str("///\n");
                    out.push_str(&indent);
                    out.push_str("///");
                }
                out.push_str(text);
            }
            rest = &after[end + MARK.len_utf8()..];
        }
        out.push_str(rest);
        out
    })
}

/// Characters that are dropped: bidirectional controls (rustc denies them in comments), marks
/// (U+200E, U+200F, U+061C) and invisible format characters.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Model text as a code span: one line, inert characters, delimited by more backticks than it
/// contains (so it cannot close early).
fn code_span(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    push_code_span(&mut out, value);
    out
}

/// [`code_span`], appended to `out`.
fn push_code_span(out: &mut String, value: &str) {
    // Most values are plain ASCII without a backtick: one backtick on each side.
    // Every byte is checked, without stopping early, so that the check runs many bytes at a
    // time (most values are plain).
    let plain = value
        .bytes()
        .fold(true, |plain, b| plain & is_plain_ascii(b) & (b != b'`'));
    if plain && !value.trim().is_empty() {
        out.push('`');
        out.push_str(value);
        out.push('`');
    } else {
        out.push_str(&escaped_code_span(value));
    }
}

/// [`code_span`] of a value that is not plain ASCII or holds a backtick.
fn escaped_code_span(value: &str) -> String {
    let value: String = value
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    let longest = value.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if value.starts_with('`') || value.ends_with('`') || value.trim().is_empty() {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{value}{pad}{fence}")
}

/// One line of model text made inert: control and invisible characters removed, leading
/// whitespace removed (no indented code block), markdown that would open a block, a link or an
/// HTML tag escaped. Backtick code spans that close on the line are kept as they are.
///
/// A leading list or block quote marker is escaped too: a list item or a quote is a container,
/// and inside it `-     x` or `>     x` would be an indented code block, so a doc test. With
/// the marker escaped the line is a paragraph, which holds inline text only.
fn inert(line: &str) -> String {
    let mut line = inline_only(line);
    let marker = container_marker(&line);
    if marker > 0 {
        // The marker's last character is ASCII: a character boundary.
        line.insert(marker - 1, '\\');
    }
    line
}

/// When `line` starts with a list item or block quote marker (`-`, `+`, `*`, `1.`, `1)` followed
/// by white space or nothing, or `>`), the byte length of the marker; its last character is the
/// one to escape. 0 otherwise.
fn container_marker(line: &str) -> usize {
    let bytes = line.as_bytes();
    let followed_by_space = |at: usize| bytes.get(at).is_none_or(|b| b.is_ascii_whitespace());
    match bytes.first() {
        Some(b'>') => 1,
        Some(b'-' | b'+' | b'*') if followed_by_space(1) => 1,
        Some(b'0'..=b'9') => {
            let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
            match bytes.get(digits) {
                Some(b'.' | b')') if digits <= 9 && followed_by_space(digits + 1) => digits + 1,
                _ => 0,
            }
        }
        _ => 0,
    }
}

/// Printable ASCII (no control character, nothing invisible).
fn is_plain_ascii(b: u8) -> bool {
    (0x20..0x7f).contains(&b)
}

/// Whether [`inline_only`] leaves `line` as it is, but for its surrounding white space:
/// printable ASCII with nothing to escape and no URL (most lines of the docs).
fn is_plain_line(line: &str) -> bool {
    let bytes = line.as_bytes();
    // Every byte is checked, without stopping early, so that the check runs many bytes at a
    // time: most lines are plain, and doc lines are most of the text written.
    bytes.iter().fold(true, |plain, &b| {
        plain & is_plain_ascii(b) & !matches!(b, b'`' | b'~' | b'[' | b']' | b'<' | b'\\')
    }) && !memchr::memchr_iter(b':', bytes).any(|at| bytes[at + 1..].starts_with(b"//"))
        && !memchr::memchr_iter(b'.', bytes)
            .any(|at| at >= 3 && bytes[at - 3..at].eq_ignore_ascii_case(b"www"))
}

/// [`inert`] without the container rule.
fn inline_only(line: &str) -> String {
    if is_plain_line(line) {
        return line.trim_matches(|c: char| c.is_whitespace()).to_string();
    }
    escaped_line(line)
}

/// [`inline_only`] for a line that may hold something to escape.
fn escaped_line(line: &str) -> String {
    let chars: Vec<char> = line
        .chars()
        .filter(|c| !is_invisible(*c))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let chars: &[char] = {
        let start = chars
            .iter()
            .position(|c| !c.is_whitespace())
            .unwrap_or(chars.len());
        let end = chars
            .iter()
            .rposition(|c| !c.is_whitespace())
            .map_or(start, |e| e + 1);
        &chars[start..end]
    };
    let run_len = |at: usize, c: char| chars[at..].iter().take_while(|&&x| x == c).count();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(len) = url_len(chars, i) {
            let url: String = chars[i..i + len].iter().collect();
            if url.starts_with(['w', 'W']) {
                out.push_str(&code_span(&url));
            } else {
                // An autolink: rustdoc wants no bare URL, and its text is taken literally.
                out.push('<');
                out.push_str(&url);
                out.push('>');
            }
            i += len;
            continue;
        }
        match c {
            '`' | '~' => {
                let n = run_len(i, c);
                if n >= 3 {
                    // A fence, wherever it is (list items and quotes can open one too).
                    for _ in 0..n {
                        out.push('\\');
                        out.push(c);
                    }
                } else if c == '`'
                    && let Some(close) = (i + n..chars.len())
                        .find(|&j| chars[j] == '`' && chars[j - 1] != '`' && run_len(j, '`') == n)
                {
                    out.extend(&chars[i..close + n]);
                    i = close;
                } else {
                    out.extend(std::iter::repeat_n(c, n));
                }
                i += n;
                continue;
            }
            '[' | ']' | '<' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
        i += 1;
    }
    out
}

/// The length of the URL (`http://…`, `https://…`, `www.…`) starting at `at`, if one does:
/// up to a space, quote, backtick or angle bracket, without trailing punctuation.
fn url_len(chars: &[char], at: usize) -> Option<usize> {
    // Every scheme starts with `h` or `w`: most characters are none of them.
    if !matches!(chars[at], 'h' | 'H' | 'w' | 'W') || at > 0 && chars[at - 1].is_alphanumeric() {
        return None;
    }
    let starts = |prefix: &str| {
        let n = prefix.chars().count();
        chars.len() > at + n
            && chars[at..at + n]
                .iter()
                .zip(prefix.chars())
                .all(|(a, b)| a.eq_ignore_ascii_case(&b))
    };
    let scheme = ["https://", "http://", "www."]
        .into_iter()
        .find(|p| starts(p))?;
    let mut end = at;
    while end < chars.len()
        && !chars[end].is_whitespace()
        && !matches!(chars[end], '<' | '>' | '"' | '\'' | '`')
    {
        end += 1;
    }
    loop {
        let url = &chars[at..end];
        let opened = |open: char, close: char| {
            url.iter().filter(|&&c| c == open).count()
                >= url.iter().filter(|&&c| c == close).count()
        };
        match url.last() {
            Some('.' | ',' | ';' | ':' | '!' | '?' | '*' | '_') => end -= 1,
            Some(')') if !opened('(', ')') => end -= 1,
            Some(']') if !opened('[', ']') => end -= 1,
            Some('}') if !opened('{', '}') => end -= 1,
            _ => break,
        }
    }
    (end - at > scheme.len()).then_some(end - at)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Vec<String> {
        Doc::new().text(text).lines.clone()
    }

    /// A struct with documentation on itself and a field, printed as the emitter prints items.
    fn printed(doc: &Doc) -> String {
        let attrs = doc.attrs();
        let tokens = quote! { #attrs pub struct S { #attrs pub a: u8 } };
        let file: syn::File = syn::parse2(tokens).expect("parses");
        file.items
            .into_iter()
            .map(super::super::unparse_item)
            .collect()
    }

    #[test]
    fn deferred_doc_lines_print_as_the_lines_themselves() {
        let mut d = Doc::new();
        d.text("Trailing spaces   \nplain `code` and \"quotes\" \\ and é")
            .note("a {} value", &["x/y"]);
        d.lines.push("/ starts with a slash".into());
        d.lines
            .push(format!("holds the mark {MARK}0{MARK} in the middle"));
        d.lines.push(String::new());
        let direct = printed(&d);
        assert!(direct.contains("/// Trailing spaces\n"), "{direct}");
        let deferred = {
            let _outer = defer();
            let outer_text = printed(&d);
            // A nested scope keeps its own lines and leaves the outer one's in place.
            let inner_text = {
                let _inner = defer();
                printed(&d)
            };
            assert_eq!(inner_text, outer_text);
            assert_eq!(printed(&d), outer_text);
            outer_text
        };
        assert_eq!(deferred, direct);
        // Outside a scope, lines are literals again.
        assert!(!printed(&d).contains(&format!("///{MARK}")));
    }

    #[test]
    fn note_fills_the_holes_split_finds() {
        // What `note` did with `template.split("{}")`, for comparison.
        let by_split = |template: &str, values: &[&str]| {
            let mut values = values.iter();
            let mut parts = template.split("{}");
            let mut out = parts.next().unwrap_or_default().to_string();
            for part in parts {
                push_code_span(&mut out, values.next().copied().unwrap_or_default());
                out.push_str(part);
            }
            out
        };
        for template in [
            "",
            "{}",
            "{}{}",
            "{{}}",
            "{}}",
            "{{}",
            "a {} b {} c",
            "{ } {",
            "}{",
            "no holes",
            "é{}ü",
        ] {
            for values in [&[][..], &["x"], &["x", "y"], &["x", "y", "z"]] {
                let mut d = Doc::new();
                d.note(template, values);
                assert_eq!(
                    d.lines,
                    [by_split(template, values)],
                    "{template:?} {values:?}"
                );
            }
        }
    }

    #[test]
    fn lines_become_paragraphs_without_indentation() {
        assert_eq!(doc("a\n\n  b\r\n\tc  \r"), ["a", "b", "c"]);
        assert_eq!(doc("    let x = 1;"), ["let x = 1;"]);
        assert_eq!(doc(""), Vec::<String>::new());
    }

    #[test]
    fn fences_links_and_html_are_escaped() {
        assert_eq!(doc("```rust"), [r"\`\`\`rust"]);
        assert_eq!(doc("- ~~~"), [r"\- \~\~\~"]);
        assert_eq!(doc("see [user](user.md)"), [r"see \[user\](user.md)"]);
        assert_eq!(doc("a <script>"), [r"a \<script>"]);
        assert_eq!(doc(r"a\b"), [r"a\\b"]);
        assert_eq!(doc("`a[0] <b>` [x]"), [r"`a[0] <b>` \[x\]"]);
        assert_eq!(doc("`open [x]"), [r"`open \[x\]"]);
        assert_eq!(doc("``a`b`` [x]"), [r"``a`b`` \[x\]"]);
    }

    #[test]
    fn urls_are_autolinks() {
        assert_eq!(
            doc("See https://graph.microsoft.com/v1.0/users. Or (http://a.b/c)"),
            ["See <https://graph.microsoft.com/v1.0/users>. Or (<http://a.b/c>)"]
        );
        assert_eq!(
            doc(r#"e.g. "https://x.y/a(b)c", ok"#),
            [r#"e.g. "<https://x.y/a(b)c>", ok"#]
        );
        assert_eq!(doc("at www.contoso.com."), ["at `www.contoso.com`."]);
        assert_eq!(
            doc("https:// alone, xhttps://no"),
            ["https:// alone, xhttps://no"]
        );
        assert_eq!(doc(r"https://a.b/[x]\y"), [r"<https://a.b/[x]\y>"]);
        assert_eq!(doc("`https://in.code`"), ["`https://in.code`"]);
    }

    #[test]
    fn comment_closers_and_attributes_stay_text() {
        assert_eq!(doc("*/ fn x() {} /*"), ["*/ fn x() {} /*"]);
        assert_eq!(doc("#[cfg(x)]"), [r"#\[cfg(x)\]"]);
        assert_eq!(doc("a\u{202e}b\u{200b}c\u{0}d"), ["abc d"]);
    }

    #[test]
    fn plain_lines_and_values_take_the_short_path_unchanged() {
        // Every line of printable ASCII from a small alphabet holding each special character:
        // where the short path applies, the full one gives the same text.
        let alphabet = [
            " ", "a", "`", "~", "[", "<", "\\", ":", "/", "w", ".", "h", "t", "p", "s",
        ];
        let mut lines = crate::codegen::sequences(&alphabet, 4);
        lines.extend(["see https://x.y", "www.x.y", "WWW.X", "a://b", " x "].map(String::from));
        let mut plain = 0;
        for line in &lines {
            if is_plain_line(line) {
                plain += 1;
                assert_eq!(escaped_line(line), line.trim(), "{line:?}");
            }
            let slow = {
                let fence =
                    "`".repeat(line.split(|c| c != '`').map(str::len).max().unwrap_or(0) + 1);
                let pad = line.starts_with('`') || line.ends_with('`') || line.trim().is_empty();
                let pad = if pad { " " } else { "" };
                format!("{fence}{pad}{line}{pad}{fence}")
            };
            assert_eq!(code_span(line), slow, "{line:?}");
        }
        assert!(plain > 1000, "{plain}");
    }

    #[test]
    fn code_spans_cannot_close_early() {
        assert_eq!(code_span("microsoft.graph.user"), "`microsoft.graph.user`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span(""), "`  `");
        assert_eq!(code_span("a\nb"), "`a b`");
    }
    /// Lines that markdown would read as an indented code block (so rustdoc as a doc test)
    /// inside a list item or a block quote.
    const CONTAINERS: [&str; 10] = [
        "-     std::fs::write(\"/tmp/pwned\", \"x\").unwrap();",
        ">     std::process::exit(1);",
        "> -     let a = 1;",
        "1.     let b = 2;",
        "7)\t\tlet c = 3;",
        "*\t    let d = 4;",
        "+     let e = 5;",
        "  - >  >      let f = 6;",
        ">>>>     let g = 7;",
        "- - - 1.      let h = 8;",
    ];

    #[test]
    fn container_markers_are_escaped() {
        assert_eq!(doc(CONTAINERS[0])[0], format!("\\{}", CONTAINERS[0]));
        assert_eq!(doc("1.     x"), [r"1\.     x"]);
        assert_eq!(doc(">x"), [r"\>x"]);
        assert_eq!(doc("-"), [r"\-"]);
        // Not containers: left as they were.
        assert_eq!(
            doc("-x *bold* 1.5 12345678901. x"),
            ["-x *bold* 1.5 12345678901. x"]
        );
        assert_eq!(doc("*bold* text"), ["*bold* text"]);
    }

    /// The doc string rustdoc reads from `attrs()`: one line per attribute, common indentation
    /// removed.
    fn rustdoc_view(doc: &Doc) -> String {
        let mut out = String::new();
        for (i, line) in doc.lines.iter().enumerate() {
            if i > 0 {
                out.push_str("\n\n");
            }
            out.push_str(line);
        }
        out
    }

    fn blocks_in(markdown: &str) -> Vec<String> {
        use pulldown_cmark::{Event, Options, Parser, Tag};
        Parser::new_ext(markdown, Options::all())
            .filter_map(|e| match e {
                Event::Start(Tag::CodeBlock(kind)) => Some(format!("code block {kind:?}")),
                Event::Start(Tag::HtmlBlock) | Event::Html(_) | Event::InlineHtml(_) => {
                    Some("html".to_string())
                }
                Event::Start(Tag::Link { .. }) => None,
                _ => None,
            })
            .collect()
    }

    #[test]
    fn markdown_sees_no_code_block_in_any_marker_combination() {
        // Every sequence of up to four pieces: containers, indentation and code openers.
        let pieces = [
            "-", ">", "1.", "2)", "*", "+", " ", "\t", "    ", "```", "~~~", "<p>", "x",
        ];
        let lines = crate::codegen::sequences(&pieces, 4);
        let mut doc = Doc::new();
        for line in &lines {
            doc.text(&format!("{line}     code();"));
        }
        doc.text(&CONTAINERS.join("\n"));
        // One page of them at once, and each alone (a construct could span lines).
        assert_eq!(blocks_in(&rustdoc_view(&doc)), Vec::<String>::new());
        for line in lines.iter().take(3000) {
            let mut one = Doc::new();
            one.text(&format!("{line}     code();"));
            let view = rustdoc_view(&one);
            assert_eq!(blocks_in(&view), Vec::<String>::new(), "{view:?}");
        }
    }

    #[test]
    fn bidi_and_control_characters_never_reach_a_comment() {
        let hostile = "a\u{202e}b\u{2066}c\u{2069}d\u{200e}e\u{200f}f\u{61c}g\rh\u{1b}[31mi\u{7f}j\u{85}k\u{9b}l";
        let mut doc = Doc::new();
        doc.text(hostile);
        doc.note(
            "Operation {} from {}.",
            &[hostile, "user-get\r\n\u{202e}.md"],
        );
        for line in &doc.lines {
            assert!(
                !line.chars().any(|c| c.is_control() || is_invisible(c)),
                "{line:?}"
            );
        }
    }

    /// rustdoc itself, on a crate documented with the hostile lines: it must find no doc test,
    /// and accept the comments (no bidi, no bare CR).
    #[test]
    fn rustdoc_finds_no_doc_test_in_hostile_docs() {
        let mut doc = Doc::new();
        doc.text(&CONTAINERS.join("\n"));
        doc.text("```rust\nstd::process::exit(2);\n```\n\u{202e} evil \r\n<pre>x</pre>");
        doc.note("From {}.", &["api/user\u{202e}-get\r.md"]);
        let attrs = doc.attrs();
        let file: syn::File =
            syn::parse2(quote!(#attrs pub struct Hostile;)).expect("doc attributes parse");
        let source = prettyplease::unparse(&file);
        let dir = tempfile::tempdir().expect("temp dir");
        let lib = dir.path().join("lib.rs");
        std::fs::write(&lib, &source).expect("writes lib.rs");
        let rustdoc = std::env::var_os("RUSTDOC").unwrap_or_else(|| "rustdoc".into());
        let output = std::process::Command::new(rustdoc)
            .args(["--test", "--edition", "2021", "--crate-name", "hostile"])
            .arg(&lib)
            .args(["--test-args", "--list"])
            .current_dir(dir.path())
            .output();
        let Ok(output) = output else {
            eprintln!("notice: rustdoc is not installed; the doc test check was skipped");
            return;
        };
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{source}\n{stdout}\n{stderr}");
        assert!(stdout.contains("0 tests"), "{source}\n{stdout}");
        assert!(!stderr.contains("warning"), "{source}\n{stderr}");
    }
}
