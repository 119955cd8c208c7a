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
        for line in text.split(['\n', '\r', '\u{2028}', '\u{2029}', '\u{85}']) {
            let line = inert(line);
            if !line.is_empty() {
                self.lines.push(line);
            }
        }
        self
    }

    /// Adds text we write ourselves, with `` `code` `` spans holding model text: each `{}` in
    /// `template` is replaced by one of `values`, made inert and shown as code.
    pub(crate) fn note(&mut self, template: &str, values: &[&str]) -> &mut Doc {
        let mut out = String::new();
        let mut values = values.iter();
        let mut parts = template.split("{}");
        out.push_str(parts.next().unwrap_or_default());
        for part in parts {
            out.push_str(&code_span(values.next().copied().unwrap_or_default()));
            out.push_str(part);
        }
        self.lines.push(out);
        self
    }

    /// `#[doc = " line"]` attributes, an empty one between lines.
    pub(crate) fn attrs(&self) -> TokenStream {
        let mut out = TokenStream::new();
        for (i, line) in self.lines.iter().enumerate() {
            if i > 0 {
                out.extend(quote!(#[doc = ""]));
            }
            let line = format!(" {line}");
            out.extend(quote!(#[doc = #line]));
        }
        out
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

/// Characters that are dropped: bidirectional controls (rustc denies them in comments) and
/// invisible format characters.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Model text as a code span: one line, inert characters, delimited by more backticks than it
/// contains (so it cannot close early).
fn code_span(value: &str) -> String {
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
fn inert(line: &str) -> String {
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
    if at > 0 && chars[at - 1].is_alphanumeric() {
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

    #[test]
    fn lines_become_paragraphs_without_indentation() {
        assert_eq!(doc("a\n\n  b\r\n\tc  \r"), ["a", "b", "c"]);
        assert_eq!(doc("    let x = 1;"), ["let x = 1;"]);
        assert_eq!(doc(""), Vec::<String>::new());
    }

    #[test]
    fn fences_links_and_html_are_escaped() {
        assert_eq!(doc("```rust"), [r"\`\`\`rust"]);
        assert_eq!(doc("- ~~~"), [r"- \~\~\~"]);
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
    fn code_spans_cannot_close_early() {
        assert_eq!(code_span("microsoft.graph.user"), "`microsoft.graph.user`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`x"), "`` `x ``");
        assert_eq!(code_span(""), "`  `");
        assert_eq!(code_span("a\nb"), "`a b`");
    }
}
