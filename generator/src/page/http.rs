//! Parsing of the *text* of one fenced code block that documents an HTTP
//! request or response (the `blockType: request` / `response` examples of a
//! Microsoft Graph reference page), or the "HTTP request" template block of a
//! page, plus analysis of request URLs.
//!
//! Nothing here touches markdown: callers pass the fence content as `&str`.
//! Every function is total (never panics) and runs in time linear in the
//! input; all slicing happens at ASCII delimiters or through `str::get`, so
//! it never splits a UTF-8 character.
//!
//! Line numbers and byte offsets are 0-based and relative to the block.
//!
//! # Message layout
//!
//! * Request: first non-blank line `METHOD URL [HTTP/x.y]`; header lines
//!   `Name: value` up to the first blank line; the body is the rest.
//!   A body that starts right after the headers (no blank line) is accepted
//!   and flagged ([`IssueKind::BodyWithoutBlankLine`]); header lines written
//!   *after* the blank line with no real body (`GET …`, blank, `Prefer: …`)
//!   are moved to the headers and flagged ([`IssueKind::HeaderAfterBlankLine`]).
//! * Response: `HTTP/1.1 200 OK`, `HTTP/2 200`, `HTTP 201 Created`,
//!   `HTTP code: 200 OK`, `200 OK`, any Unicode whitespace as separator
//!   (the corpus has U+202F); a block that starts with headers or directly
//!   with a body has `status: None` (no issue).
//! * Body: `Body::text` is verbatim from its first non-blank line to the end
//!   of the block; leading blank lines after the separator are skipped.
//!
//! # URL analysis ([`parse_url`])
//!
//! The query starts at the first `?` that is not inside parentheses, braces
//! or a quoted string inside parentheses. The path is split on `/` only
//! outside parentheses, `{placeholders}` (which may contain spaces, `|`, `/`)
//! and quoted strings inside parentheses. Quotes outside parentheses are
//! literal in the path (`/users/O'Neil`). Whenever a nesting construct is not
//! closed by the end of the text, the split is redone naively (plain `?`,
//! `/`, `&`, `,`), so malformed input degrades gracefully and stays linear.
//!
//! **Drive paths.** `X:/some/path:` (OneDrive/SharePoint path addressing, also
//! `items/{parent-id}:/{file}:` and `sites/{host}:/{server-relative-path}`)
//! becomes `Plain("X")` followed by `DrivePath { path: "/some/path" }` (the
//! text between the colons, leading slash kept). The closing colon is the first
//! later `:` followed by `/` or by the end of the path; without one, the drive
//! path runs to the end of the path (`/me/drive/root:/{item-path}`). A colon
//! not followed by `/` (`19:abc@thread.v2`, timestamps) is ordinary text.
//!
//! **Segments.** `$ref`/`$value`/`$count` (any case) are markers; `name(...)`
//! whose parenthesis closes at the end of the segment is a [`Segment::Function`]
//! when the inside is empty or has a top-level `=` (so OData composite keys
//! `x(k1='a',k2='b')` also come out as `Function`), otherwise a
//! [`Segment::Key`] (key text as written, quotes kept). A dotted identifier
//! starting with `microsoft.graph.` or `graph.` (any case) without parentheses is a
//! [`Segment::Cast`] unless it looks like a host name (`*.com`, …).
//! Text is never percent-decoded. Empty segments (`//`, trailing `/`) are
//! dropped.

use serde::Serialize;

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

/// A parsed example request block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestMessage {
    /// Uppercased method.
    pub method: String,
    /// The URL as written, trimmed, without the trailing `HTTP/x.y`.
    pub url: String,
    /// `HTTP/1.1` etc. when the request line ends with it.
    pub version: Option<String>,
    pub headers: Vec<Header>,
    pub body: Option<Body>,
    pub issues: Vec<Issue>,
}

/// A parsed example response block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseMessage {
    pub status: Option<u16>,
    /// Reason phrase as written (`OK`, `No content.`); `None` when absent.
    pub reason: Option<String>,
    /// `HTTP/1.1`, `HTTP/2`; `None` for `HTTP 200`, `200 OK` or no status line.
    pub version: Option<String>,
    pub headers: Vec<Header>,
    pub body: Option<Body>,
    pub issues: Vec<Issue>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    /// As written (trimmed); compare case-insensitively.
    pub name: String,
    /// Trimmed value.
    pub value: String,
    /// 0-based line in the block.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Body {
    /// Verbatim text from the first body line to the end of the block.
    pub text: String,
    /// 0-based line in the block where the body starts.
    pub line: usize,
    /// Byte offset in the block where the body starts.
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// 0-based line in the block.
    pub line: usize,
    pub kind: IssueKind,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IssueKind {
    /// A template block with no text at all.
    NoRequestLine,
    /// Request line with an unrecognised (uppercase) method such as `HEAD`.
    UnknownMethod,
    /// Method glued to the URL: `DELETE/identity/...`.
    MethodNotSeparated,
    /// Request line without a URL (`GET` alone).
    MissingUrl,
    /// First line of a response block is not a status line.
    BadStatusLine,
    /// Body follows the headers without the separating blank line.
    BodyWithoutBlankLine,
    /// Header lines written after the blank line (and no body); they were
    /// moved to `headers`.
    HeaderAfterBlankLine,
    /// A line in the header section that is not `Name: value`; it was skipped.
    MalformedHeader,
    /// Another request line among the headers or at the start of the body
    /// (two requests in one block); the later one is not parsed.
    SecondRequestLine,
    /// A line of a template block that is not `METHOD path`.
    NotATemplate,
    /// `METHOD x` where `x` is not a path (`GET ** Entity URI for … not found`).
    BadTemplatePath,
}

/// One `METHOD path` line of an "HTTP request" template block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TemplateLine {
    /// Uppercased method.
    pub method: String,
    /// Path as written (trimmed, without a trailing `HTTP/x.y`).
    pub path: String,
    /// 0-based line in the block.
    pub line: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum BodyKind {
    Json,
    Text,
    Binary,
    None,
}

/// Analysis of a request URL (absolute or relative).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequestUrl {
    /// Authority of an absolute URL (`graph.microsoft.com`), as written.
    pub host: Option<String>,
    /// Lowercased `v1.0` / `beta` (any `vN[.M]`) when the first path segment
    /// is a version.
    pub api_version: Option<String>,
    /// Path without host, version and query, as written (`/me/events`;
    /// empty when nothing follows the version).
    pub path: String,
    pub segments: Vec<Segment>,
    /// Raw query items: split on top-level `&`, then at the first `=`
    /// (value empty when there is no `=`); empty items dropped; no decoding.
    pub query: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    /// Ordinary segment, as written (`me`, `{id | userPrincipalName}`,
    /// `19:abc@thread.v2`, `Com.Contoso.Referral`).
    Plain(String),
    /// `messages('AAMk…')` → name `messages`, key `'AAMk…'` (as written,
    /// quotes kept); `users(id)` → key `id`.
    Key { name: String, key: String },
    /// `name(a=1,b='x')` or `name()`; params trimmed, values as written.
    /// A parameter without `=` has an empty name.
    Function {
        name: String,
        params: Vec<(String, String)>,
    },
    /// `$ref`
    Ref,
    /// `$value`
    Value,
    /// `$count`
    Count,
    /// The text between `X:` and the closing `:` of path addressing, e.g.
    /// `/folder/file.txt` in `root:/folder/file.txt:/content`; always
    /// preceded by the segment before the colon (`Plain("root")`).
    DrivePath { path: String },
    /// Namespace-qualified type segment: `microsoft.graph.user`.
    Cast(String),
}

impl RequestMessage {
    /// [`parse_url`] of this request's URL.
    pub fn parsed_url(&self) -> RequestUrl {
        parse_url(&self.url)
    }

    /// [`classify_body`] of this request's body.
    pub fn body_kind(&self) -> BodyKind {
        classify_body(&self.headers, self.body.as_ref())
    }
}

impl ResponseMessage {
    /// [`classify_body`] of this response's body.
    pub fn body_kind(&self) -> BodyKind {
        classify_body(&self.headers, self.body.as_ref())
    }
}

impl RequestUrl {
    pub fn is_absolute(&self) -> bool {
        self.host.is_some()
    }
}

impl Segment {
    /// The text of a `Plain` segment.
    pub fn as_plain(&self) -> Option<&str> {
        match self {
            Segment::Plain(s) => Some(s),
            _ => None,
        }
    }
}

// ---------------------------------------------------------------------------
// Lines
// ---------------------------------------------------------------------------

const KNOWN_METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

#[derive(Clone, Copy)]
struct Line<'a> {
    /// 0-based index.
    index: usize,
    /// Byte offset of the line start in the block.
    offset: usize,
    /// Line text without `\n` and a trailing `\r`.
    text: &'a str,
}

impl Line<'_> {
    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }
}

fn lines(block: &str) -> impl Iterator<Item = Line<'_>> {
    let mut offset = 0;
    block.split('\n').enumerate().map(move |(index, raw)| {
        let line = Line {
            index,
            offset,
            text: raw.strip_suffix('\r').unwrap_or(raw),
        };
        offset += raw.len() + 1;
        line
    })
}

/// At most `max` characters of `s` (trimmed), with an ellipsis when cut.
fn excerpt(s: &str, max: usize) -> String {
    let s = s.trim();
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn issue(line: usize, kind: IssueKind, message: impl Into<String>) -> Issue {
    Issue {
        line,
        kind,
        message: message.into(),
    }
}

// ---------------------------------------------------------------------------
// Request line
// ---------------------------------------------------------------------------

struct RequestLine {
    method: String,
    url: String,
    version: Option<String>,
    problem: Option<(IssueKind, String)>,
}

fn is_http_version(tok: &str) -> bool {
    tok.get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case("HTTP/"))
        && tok.len() > 5
        && tok[5..].bytes().all(|b| b.is_ascii_digit() || b == b'.')
}

fn looks_like_url_start(s: &str) -> bool {
    s.starts_with('/')
        || s.starts_with("~/")
        || s.starts_with('{')
        || s.get(..4).is_some_and(|p| p.eq_ignore_ascii_case("http"))
}

/// Splits `rest` (after the method) into URL and optional trailing version.
fn split_version(rest: &str) -> (String, Option<String>) {
    let rest = rest.trim();
    if is_http_version(rest) {
        return (String::new(), Some(rest.to_string()));
    }
    if let Some(pos) = rest.rfind(char::is_whitespace) {
        let last = &rest[pos..].trim_start();
        if is_http_version(last) {
            return (rest[..pos].trim_end().to_string(), Some(last.to_string()));
        }
    }
    (rest.to_string(), None)
}

/// Recognises `METHOD URL [HTTP/x.y]`. `allow_unknown`: accept other
/// uppercase methods (flagged) when followed by something URL-like.
fn parse_request_line(line: &str, allow_unknown: bool) -> Option<RequestLine> {
    let t = line.trim();
    let tok_end = t.find(char::is_whitespace).unwrap_or(t.len());
    let (tok, rest) = (&t[..tok_end], &t[tok_end..]);
    if KNOWN_METHODS.iter().any(|m| tok.eq_ignore_ascii_case(m)) {
        let (url, version) = split_version(rest);
        let problem = url
            .is_empty()
            .then(|| (IssueKind::MissingUrl, format!("`{tok}` without a URL")));
        return Some(RequestLine {
            method: tok.to_ascii_uppercase(),
            url,
            version,
            problem,
        });
    }
    // Glued: `DELETE/identity/...`, `GEThttps://...` (uppercase only, so
    // that prose such as `Delete/remove …` is not taken for a request).
    for m in KNOWN_METHODS {
        if let Some(after) = t.strip_prefix(m)
            && looks_like_url_start(after)
        {
            let (url, version) = split_version(after);
            return Some(RequestLine {
                method: m.to_string(),
                url,
                version,
                problem: Some((
                    IssueKind::MethodNotSeparated,
                    format!("no space between `{m}` and the URL"),
                )),
            });
        }
    }
    let rest = rest.trim();
    if allow_unknown
        && (3..=12).contains(&tok.len())
        && tok.bytes().all(|b| b.is_ascii_uppercase())
        && looks_like_url_start(rest)
    {
        let (url, version) = split_version(rest);
        return Some(RequestLine {
            method: tok.to_string(),
            url,
            version,
            problem: Some((IssueKind::UnknownMethod, format!("unknown method `{tok}`"))),
        });
    }
    None
}

// ---------------------------------------------------------------------------
// Headers and body (shared by requests and responses)
// ---------------------------------------------------------------------------

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// `Name: value` with an RFC 7230 token as name (spaces before the colon
/// tolerated). Returns trimmed name and value.
fn parse_header_line(text: &str) -> Option<(&str, &str)> {
    let colon = text.find(':')?;
    let name = text[..colon].trim_end();
    if name.is_empty() || !name.bytes().all(is_tchar) || text.starts_with(char::is_whitespace) {
        return None;
    }
    Some((name, text[colon + 1..].trim()))
}

/// A non-header line in the header section that still looks like a broken
/// header (`Content Type: x`) rather than the start of a body.
fn looks_like_broken_header(text: &str) -> bool {
    let t = text.trim();
    let Some(colon) = t.find(':') else {
        return false;
    };
    let name = t[..colon].trim_end();
    !name.is_empty()
        && name.len() <= 64
        && name.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && name.bytes().all(|b| is_tchar(b) || b == b' ')
}

fn starts_like_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
}

struct Tail {
    headers: Vec<Header>,
    body: Option<Body>,
    issues: Vec<Issue>,
}

fn make_body(block: &str, line: Line<'_>) -> Body {
    Body {
        text: block[line.offset..].to_string(),
        line: line.index,
        offset: line.offset,
    }
}

/// Parses header lines, then the body, from the lines after the start line.
fn parse_tail<'a>(block: &'a str, mut rest: impl Iterator<Item = Line<'a>>) -> Tail {
    let mut headers = Vec::new();
    let mut issues = Vec::new();
    let mut body_start = None;
    let mut after_blank = false;
    for line in rest.by_ref() {
        if line.is_blank() {
            after_blank = true;
            break;
        }
        if let Some((name, value)) = parse_header_line(line.text) {
            headers.push(Header {
                name: name.to_string(),
                value: value.to_string(),
                line: line.index,
            });
        } else if parse_request_line(line.text, false).is_some() {
            issues.push(issue(
                line.index,
                IssueKind::SecondRequestLine,
                format!(
                    "another request line among the headers (ignored): `{}`",
                    excerpt(line.text, 60)
                ),
            ));
        } else if !starts_like_json(line.text) && looks_like_broken_header(line.text) {
            issues.push(issue(
                line.index,
                IssueKind::MalformedHeader,
                format!("not a `Name: value` header: `{}`", excerpt(line.text, 60)),
            ));
        } else {
            issues.push(issue(
                line.index,
                IssueKind::BodyWithoutBlankLine,
                "body starts without a blank line after the headers",
            ));
            body_start = Some(line);
            break;
        }
    }
    if after_blank {
        body_start = rest.find(|l| !l.is_blank());
    }
    let mut body = body_start.map(|l| make_body(block, l));

    // Headers written after the blank line: `GET …` / blank / `Prefer: …`, or
    // `POST …` / blank / `Content-type: …` / blank / `{…}` (Intune pages).
    // Taken as headers only when a run of header lines ends at a blank line
    // or at the end of the block, and no Content-Type came before.
    if after_blank
        && content_type(&headers).is_none()
        && let Some(b) = body.take()
    {
        let mut moved = Vec::new();
        let mut stop = None;
        for l in lines(&b.text) {
            match parse_header_line(l.text) {
                Some((name, value)) => moved.push((l.index, name, value)),
                None => {
                    stop = Some(l);
                    break;
                }
            }
        }
        let is_misplaced = !moved.is_empty() && stop.is_none_or(|l| l.is_blank());
        if is_misplaced {
            let names: Vec<&str> = moved.iter().map(|m| m.1).collect();
            issues.push(issue(
                b.line + moved[0].0,
                IssueKind::HeaderAfterBlankLine,
                format!(
                    "header lines after the blank line that ends the headers: {}",
                    excerpt(&names.join(", "), 80)
                ),
            ));
            for (index, name, value) in moved {
                headers.push(Header {
                    name: name.to_string(),
                    value: value.to_string(),
                    line: b.line + index,
                });
            }
            let stop_index = stop.map_or(usize::MAX, |l| l.index);
            body = lines(&b.text)
                .skip_while(|l| l.index <= stop_index)
                .find(|l| !l.is_blank())
                .map(|l| Body {
                    text: b.text[l.offset..].to_string(),
                    line: b.line + l.index,
                    offset: b.offset + l.offset,
                });
        } else {
            body = Some(b);
        }
    }
    Tail {
        headers,
        body,
        issues,
    }
}

// ---------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------

/// Parses a request example block. `None` when the first non-blank line is
/// not a request line (e.g. the block is a bare URL, JSON or a response).
pub fn parse_request(block: &str) -> Option<RequestMessage> {
    let mut it = lines(block);
    let first = it.find(|l| !l.is_blank())?;
    let rl = parse_request_line(first.text, true)?;
    let mut issues = Vec::new();
    if let Some((kind, msg)) = rl.problem {
        issues.push(issue(first.index, kind, msg));
    }
    let tail = parse_tail(block, it);
    issues.extend(tail.issues);
    if let Some(b) = &tail.body
        && let Some(l) = lines(&b.text).find(|l| !l.is_blank())
        && parse_request_line(l.text, false).is_some()
    {
        issues.push(issue(
            b.line + l.index,
            IssueKind::SecondRequestLine,
            format!(
                "another request line in the body: `{}`",
                excerpt(l.text, 60)
            ),
        ));
    }
    issues.sort_by_key(|i| i.line);
    Some(RequestMessage {
        method: rl.method,
        url: rl.url,
        version: rl.version,
        headers: tail.headers,
        body: tail.body,
        issues,
    })
}

// ---------------------------------------------------------------------------
// Responses
// ---------------------------------------------------------------------------

struct StatusLine {
    status: Option<u16>,
    reason: Option<String>,
    version: Option<String>,
}

/// Splits off the first whitespace-delimited token (any Unicode whitespace).
fn next_token(s: &str) -> (&str, &str) {
    let s = s.trim_start();
    let end = s.find(char::is_whitespace).unwrap_or(s.len());
    (&s[..end], &s[end..])
}

fn parse_status_code(tok: &str) -> Option<u16> {
    if tok.len() == 3 && tok.bytes().all(|b| b.is_ascii_digit()) {
        tok.parse().ok().filter(|c| (100..=599).contains(c))
    } else {
        None
    }
}

/// `Some` when the line is meant as a status line (even if broken: then
/// `status` is `None`); `None` when it is something else.
fn parse_status_line(text: &str) -> Option<StatusLine> {
    let (tok, rest) = next_token(text);
    let (version, rest) = if is_http_version(tok) {
        (Some(tok.to_string()), rest)
    } else if tok.eq_ignore_ascii_case("HTTP") || tok.eq_ignore_ascii_case("HTTP:") {
        let (t2, r2) = next_token(rest);
        // `HTTP code: 200 OK`
        if t2.eq_ignore_ascii_case("code:") {
            (None, r2)
        } else {
            (None, rest)
        }
    } else if parse_status_code(tok).is_some() {
        (None, text)
    } else {
        return None;
    };
    let (code, reason) = next_token(rest);
    let status = parse_status_code(code);
    let reason = reason.trim();
    Some(StatusLine {
        status,
        reason: (status.is_some() && !reason.is_empty()).then(|| reason.to_string()),
        version,
    })
}

/// Parses a response example block. Never fails. A block that starts with
/// headers or directly with a body has `status: None` and no issue (the
/// caller decides whether that matters, e.g. for `json` fences); a first line
/// that is neither gives [`IssueKind::BadStatusLine`].
pub fn parse_response(block: &str) -> ResponseMessage {
    let mut out = ResponseMessage {
        status: None,
        reason: None,
        version: None,
        headers: Vec::new(),
        body: None,
        issues: Vec::new(),
    };
    let mut it = lines(block);
    let Some(first) = it.find(|l| !l.is_blank()) else {
        return out;
    };
    if let Some(sl) = parse_status_line(first.text) {
        out.status = sl.status;
        out.reason = sl.reason;
        out.version = sl.version;
        if out.status.is_none() {
            out.issues.push(issue(
                first.index,
                IssueKind::BadStatusLine,
                format!("no valid status code in `{}`", excerpt(first.text, 60)),
            ));
        }
    } else if starts_like_json(first.text) {
        out.body = Some(make_body(block, first));
        return out;
    } else if parse_header_line(first.text).is_some() {
        let tail = parse_tail(block, std::iter::once(first).chain(it));
        out.headers = tail.headers;
        out.body = tail.body;
        out.issues.extend(tail.issues);
        return out;
    } else {
        let what = if parse_request_line(first.text, false).is_some() {
            "a request line instead of a status line"
        } else {
            "not a status line"
        };
        out.issues.push(issue(
            first.index,
            IssueKind::BadStatusLine,
            format!("{what}: `{}`", excerpt(first.text, 60)),
        ));
    }
    let tail = parse_tail(block, it);
    out.headers = tail.headers;
    out.body = tail.body;
    out.issues.extend(tail.issues);
    out
}

// ---------------------------------------------------------------------------
// Templates
// ---------------------------------------------------------------------------

fn looks_like_template_path(path: &str) -> bool {
    let first_ok = path.bytes().next().is_some_and(|b| {
        b.is_ascii_alphanumeric() || matches!(b, b'/' | b'~' | b'{' | b'<' | b'$' | b'_')
    });
    first_ok && !path.contains("**")
}

/// Parses an "HTTP request" template block: every `METHOD path` line (known
/// methods, any case) becomes a [`TemplateLine`]; every other non-blank line
/// is reported as [`IssueKind::NotATemplate`] (one issue per line). A block
/// with no text at all gets a [`IssueKind::NoRequestLine`] issue at line 0.
pub fn parse_templates(block: &str) -> (Vec<TemplateLine>, Vec<Issue>) {
    let mut templates = Vec::new();
    let mut issues = Vec::new();
    for line in lines(block) {
        if line.is_blank() {
            continue;
        }
        match parse_request_line(line.text, false) {
            Some(rl) if looks_like_template_path(&rl.url) => {
                if let Some((kind, msg)) = rl.problem {
                    issues.push(issue(line.index, kind, msg));
                }
                templates.push(TemplateLine {
                    method: rl.method,
                    path: rl.url,
                    line: line.index,
                });
            }
            Some(rl) => {
                let kind = if rl.url.is_empty() {
                    IssueKind::MissingUrl
                } else {
                    IssueKind::BadTemplatePath
                };
                issues.push(issue(
                    line.index,
                    kind,
                    format!("`{}` is not a path", excerpt(&rl.url, 60)),
                ));
            }
            None => {
                let what = if parse_header_line(line.text).is_some() {
                    "a header line"
                } else if starts_like_json(line.text) {
                    "a JSON body"
                } else {
                    "not `METHOD path`"
                };
                issues.push(issue(
                    line.index,
                    IssueKind::NotATemplate,
                    format!("{what}: `{}`", excerpt(line.text, 60)),
                ));
            }
        }
    }
    if templates.is_empty() && issues.is_empty() {
        issues.push(issue(
            0,
            IssueKind::NoRequestLine,
            "the request template block is empty",
        ));
    }
    (templates, issues)
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

/// The first `Content-Type` header's value (trimmed, parameters included).
pub fn content_type(headers: &[Header]) -> Option<&str> {
    header(headers, "content-type")
}

/// The first header with this name (case-insensitive).
pub fn header<'a>(headers: &'a [Header], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|h| h.name.eq_ignore_ascii_case(name))
        .map(|h| h.value.as_str())
}

fn kind_from_content_type(ct: &str) -> Option<BodyKind> {
    let essence = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let (ty, sub) = essence.split_once('/')?;
    let kind = if sub == "json" || sub.ends_with("+json") || sub.ends_with("-json") {
        BodyKind::Json
    } else if matches!(ty, "image" | "audio" | "video" | "font") {
        BodyKind::Binary
    } else if ty == "text"
        || ty == "multipart"
        || ty == "message"
        || sub == "xml"
        || sub.ends_with("+xml")
        || matches!(
            sub,
            "x-www-form-urlencoded" | "javascript" | "http" | "csv" | "x-ndjson"
        )
    {
        BodyKind::Text
    } else if ty == "application" {
        // octet-stream, zip, pdf, vnd.* office formats, …
        BodyKind::Binary
    } else {
        return None;
    };
    Some(kind)
}

/// A short single line standing for binary content: `<Image>`,
/// `Binary data for the image`, `{binary}`, `<first 1024 bytes of file>`.
fn is_binary_placeholder(text: &str) -> bool {
    let t = text.trim();
    if t.is_empty() || t.len() > 160 || t.contains('\n') || t.contains('"') {
        return false;
    }
    let lower = t.to_lowercase();
    const WORDS: [&str; 9] = [
        "binary",
        "bytes",
        "image",
        "photo",
        "picture",
        "octet",
        "contents of the file",
        "file content",
        "stream",
    ];
    WORDS.iter().any(|w| lower.contains(w))
}

/// Classifies a body by `Content-Type` when present and recognised,
/// otherwise by content. Empty/whitespace body → `BodyKind::None`.
pub fn classify_body(headers: &[Header], body: Option<&Body>) -> BodyKind {
    let Some(body) = body.filter(|b| !b.text.trim().is_empty()) else {
        return BodyKind::None;
    };
    if let Some(kind) = content_type(headers).and_then(kind_from_content_type) {
        return kind;
    }
    if is_binary_placeholder(&body.text) {
        BodyKind::Binary
    } else if starts_like_json(&body.text) {
        BodyKind::Json
    } else {
        BodyKind::Text
    }
}

// ---------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------

/// Nesting state for delimiter scans. Only ASCII bytes are inspected, so
/// every delimiter position is a char boundary.
#[derive(Default)]
struct Nest {
    paren: usize,
    brace: usize,
    quote: Option<u8>,
}

impl Nest {
    /// `quotes_anywhere`: quotes open strings also outside parentheses (query).
    fn step(&mut self, b: u8, quotes_anywhere: bool) {
        if let Some(q) = self.quote {
            if b == q {
                self.quote = None;
            }
            return;
        }
        match b {
            b'\'' | b'"' if self.paren > 0 || quotes_anywhere => self.quote = Some(b),
            b'(' => self.paren += 1,
            b')' => self.paren = self.paren.saturating_sub(1),
            b'{' => self.brace += 1,
            b'}' => self.brace = self.brace.saturating_sub(1),
            _ => {}
        }
    }
    fn top(&self) -> bool {
        self.paren == 0 && self.brace == 0 && self.quote.is_none()
    }
}

/// Byte positions of `delim` at top nesting level; naive positions when the
/// nesting is unbalanced at the end. `first_only` stops at the first hit.
fn top_level_positions(s: &str, delim: u8, quotes_anywhere: bool, first_only: bool) -> Vec<usize> {
    let bytes = s.as_bytes();
    let mut nest = Nest::default();
    let mut out = Vec::new();
    for (i, &b) in bytes.iter().enumerate() {
        if b == delim && nest.top() {
            out.push(i);
            if first_only {
                return out;
            }
            continue;
        }
        nest.step(b, quotes_anywhere);
    }
    if nest.top() {
        return out;
    }
    let naive = bytes
        .iter()
        .enumerate()
        .filter(|&(_, &b)| b == delim)
        .map(|(i, _)| i);
    if first_only {
        naive.take(1).collect()
    } else {
        naive.collect()
    }
}

fn split_at_positions<'a>(s: &'a str, positions: &[usize]) -> Vec<&'a str> {
    let mut out = Vec::with_capacity(positions.len() + 1);
    let mut start = 0;
    for &p in positions {
        out.push(&s[start..p]);
        start = p + 1;
    }
    out.push(&s[start..]);
    out
}

fn is_version_segment(s: &str) -> bool {
    if s.eq_ignore_ascii_case("beta") {
        return true;
    }
    let b = s.as_bytes();
    b.len() >= 2
        && (b[0] == b'v' || b[0] == b'V')
        && b[1].is_ascii_digit()
        && b[1..].iter().all(|c| c.is_ascii_digit() || *c == b'.')
        && !s.ends_with('.')
}

/// Returns `(host, rest)` for `scheme://host/rest`.
fn split_host(url: &str) -> (Option<&str>, &str) {
    if let Some(sep) = scheme_separator(url) {
        let scheme = &url[..sep];
        if !scheme.is_empty()
            && scheme
                .bytes()
                .next()
                .is_some_and(|b| b.is_ascii_alphabetic())
            && scheme
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        {
            let after = &url[sep + 3..];
            let end = after.find(['/', '?']).unwrap_or(after.len());
            return (Some(&after[..end]), &after[end..]);
        }
    }
    (None, url)
}

/// Where the first `://` of `url` starts. Most URLs are paths without a colon: a byte search for
/// the colon settles them without building a substring searcher for `://` on every call.
fn scheme_separator(url: &str) -> Option<usize> {
    let bytes = url.as_bytes();
    memchr::memchr_iter(b':', bytes).find(|&i| bytes[i + 1..].starts_with(b"//"))
}

/// Analyses a request URL; see the module documentation for the rules.
pub fn parse_url(url: &str) -> RequestUrl {
    let url = url.trim();
    let (host, rest) = split_host(url);
    let (path_part, query_part) = match query_start(rest) {
        Some(q) => (&rest[..q], Some(&rest[q + 1..])),
        None => (rest, None),
    };

    // Version = first non-empty segment, when it looks like one.
    let mut api_version = None;
    let mut path = path_part;
    let lead = path_part.len() - path_part.trim_start_matches('/').len();
    let first_end = path_part[lead..]
        .find('/')
        .map_or(path_part.len(), |i| lead + i);
    let first = &path_part[lead..first_end];
    if is_version_segment(first) {
        api_version = Some(first.to_ascii_lowercase());
        path = &path_part[first_end..];
    }

    let query = query_part.map(parse_query).unwrap_or_default();
    RequestUrl {
        host: host.map(str::to_string),
        api_version,
        path: path.to_string(),
        segments: split_segments(path),
        query,
    }
}

/// Where the query starts: the first `?` at top nesting level.
fn query_start(rest: &str) -> Option<usize> {
    let q = memchr::memchr(b'?', rest.as_bytes())?;
    // Nothing before it can open a nesting (most URLs): it is at top level.
    if !rest.as_bytes()[..q].iter().any(|&b| opens_nesting(b)) {
        return Some(q);
    }
    top_level_positions(rest, b'?', false, true)
        .first()
        .copied()
}

/// Whether `b` can change a [`Nest`].
fn opens_nesting(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'{' | b'}' | b'\'' | b'"')
}

fn parse_query(q: &str) -> Vec<(String, String)> {
    let positions = top_level_positions(q, b'&', true, false);
    split_at_positions(q, &positions)
        .into_iter()
        .filter(|item| !item.is_empty())
        .map(|item| match item.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (item.to_string(), String::new()),
        })
        .collect()
}

/// Splits a path into segments, with drive-path (`X:/…:`) handling.
fn split_segments(path: &str) -> Vec<Segment> {
    // Without nesting or drive paths (most paths), every `/` separates.
    if !path.bytes().any(|b| opens_nesting(b) || b == b':') {
        // One segment at most per `/` and one after the last: the list is allocated once
        // rather than grown (and copied) as URLs of more than four segments are read.
        let mut segments =
            Vec::with_capacity(memchr::memchr_iter(b'/', path.as_bytes()).count() + 1);
        for s in path.split('/') {
            push_segment(&mut segments, s);
        }
        return segments;
    }
    let balanced = {
        let mut nest = Nest::default();
        path.bytes().for_each(|b| nest.step(b, false));
        nest.top()
    };
    let bytes = path.as_bytes();
    // As above: at most one segment per `/`, one after the last, and a drive path.
    let mut segments = Vec::with_capacity(memchr::memchr_iter(b'/', bytes).count() + 2);
    let mut nest = Nest::default();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let top = !balanced || nest.top();
        if top && b == b'/' {
            push_segment(&mut segments, &path[start..i]);
            start = i + 1;
        } else if top && b == b':' && bytes.get(i + 1) == Some(&b'/') {
            push_segment(&mut segments, &path[start..i]);
            // Closing colon: next `:` followed by `/` or the end.
            let from = i + 1;
            let mut close = None;
            let mut j = from;
            while j < bytes.len() {
                if bytes[j] == b':' && matches!(bytes.get(j + 1), None | Some(b'/')) {
                    close = Some(j);
                    break;
                }
                j += 1;
            }
            let end = close.unwrap_or(bytes.len());
            segments.push(Segment::DrivePath {
                path: path[from..end].to_string(),
            });
            nest = Nest::default();
            // Skip the closing colon and the following slash.
            i = match close {
                Some(c) if bytes.get(c + 1) == Some(&b'/') => c + 2,
                Some(c) => c + 1,
                None => bytes.len(),
            };
            start = i;
            continue;
        } else if balanced {
            nest.step(b, false);
        }
        i += 1;
    }
    if start <= path.len() {
        push_segment(&mut segments, &path[start..]);
    }
    segments
}

fn push_segment(out: &mut Vec<Segment>, s: &str) {
    if !s.is_empty() {
        out.push(classify_segment(s));
    }
}

fn classify_segment(s: &str) -> Segment {
    if s.eq_ignore_ascii_case("$ref") {
        return Segment::Ref;
    }
    if s.eq_ignore_ascii_case("$value") {
        return Segment::Value;
    }
    if s.eq_ignore_ascii_case("$count") {
        return Segment::Count;
    }
    if let Some(seg) = parse_call(s) {
        return seg;
    }
    if is_cast(s) {
        return Segment::Cast(s.to_string());
    }
    Segment::Plain(s.to_string())
}

/// `name(...)` where the parenthesis opened after `name` closes at the end.
fn parse_call(s: &str) -> Option<Segment> {
    // A byte search: most segments have no parenthesis, and `(` is ASCII, so its position is a
    // character boundary.
    let open = memchr::memchr(b'(', s.as_bytes())?;
    let name = &s[..open];
    if name.is_empty() || name.contains(char::is_whitespace) || !s.ends_with(')') {
        return None;
    }
    let inner = &s[open + 1..s.len() - 1];
    // The opening parenthesis must match the final one.
    let mut nest = Nest::default();
    for b in inner.bytes() {
        if nest.quote.is_none() && nest.paren == 0 && b == b')' {
            return None;
        }
        nest.step(b, true);
    }
    if inner.trim().is_empty() {
        return Some(Segment::Function {
            name: name.to_string(),
            params: Vec::new(),
        });
    }
    if top_level_positions(inner, b'=', true, true).is_empty() {
        return Some(Segment::Key {
            name: name.to_string(),
            key: inner.to_string(),
        });
    }
    let commas = top_level_positions(inner, b',', true, false);
    let params = split_at_positions(inner, &commas)
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .map(|p| match top_level_positions(p, b'=', true, true).first() {
            Some(&eq) => (p[..eq].trim().to_string(), p[eq + 1..].trim().to_string()),
            None => (String::new(), p.trim().to_string()),
        })
        .collect();
    Some(Segment::Function {
        name: name.to_string(),
        params,
    })
}

/// `microsoft.graph.user`, `Microsoft.Graph.x`, `graph.samlOrWsFedExternalDomainFederation`
/// (other namespaces, e.g. `microsoft.aad.b2c` keys or open-extension names
/// `Microsoft.OutlookServices.OpenTypeExtension.Com.Contoso.X`, stay plain).
fn is_cast(s: &str) -> bool {
    let starts = |prefix: &str| {
        s.get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
    };
    if !(starts("microsoft.graph.") || starts("graph.")) {
        return false;
    }
    let parts_ok = s.split('.').all(|p| {
        p.bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
            && p.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    let last = s.rsplit('.').next().unwrap_or_default();
    let hostlike = ["com", "net", "org", "us", "de", "cn", "io"]
        .iter()
        .any(|tld| last.eq_ignore_ascii_case(tld));
    parts_ok && !hostlike
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(s: &str) -> Segment {
        Segment::Plain(s.to_string())
    }

    fn kinds(issues: &[Issue]) -> Vec<IssueKind> {
        issues.iter().map(|i| i.kind).collect()
    }

    // ----- URLs -----

    #[test]
    fn scheme_separator_finds_the_first_colon_slash_slash() {
        for url in [
            "https://graph.microsoft.com/v1.0/me",
            "/me/drive/root:/a.txt:/content",
            "/chats/19:abc@thread.v2/messages",
            "x:a://b://c",
            "a:",
            ":",
            ":/",
            "://",
            "",
            "/users/{id}",
            "/é:/é://ü",
        ] {
            assert_eq!(scheme_separator(url), url.find("://"), "{url}");
        }
    }

    #[test]
    fn url_absolute_v1() {
        let u = parse_url("https://graph.microsoft.com/v1.0/users/87d349ed-44d7/messages");
        assert_eq!(u.host.as_deref(), Some("graph.microsoft.com"));
        assert_eq!(u.api_version.as_deref(), Some("v1.0"));
        assert_eq!(u.path, "/users/87d349ed-44d7/messages");
        assert_eq!(
            u.segments,
            vec![plain("users"), plain("87d349ed-44d7"), plain("messages")]
        );
        assert!(u.query.is_empty());
        assert!(u.is_absolute());
    }

    #[test]
    fn url_beta_and_uppercase_version_and_other_versions() {
        let u = parse_url("https://graph.microsoft.com/beta/me/onenote/notebooks/{id}/sections");
        assert_eq!(u.api_version.as_deref(), Some("beta"));
        assert_eq!(u.segments[3], plain("{id}"));
        let u = parse_url("https://graph.microsoft.com/V1.0/me/events");
        assert_eq!(u.api_version.as_deref(), Some("v1.0"));
        assert_eq!(u.path, "/me/events");
        // `v1` typo still recognised; `{version}` is not a version.
        assert_eq!(
            parse_url("https://graph.microsoft.com/v1/deviceManagement")
                .api_version
                .as_deref(),
            Some("v1")
        );
        let u = parse_url("https://graph.microsoft.com/{version}/me/drive");
        assert_eq!(u.api_version, None);
        assert_eq!(u.segments[0], plain("{version}"));
        // Only the version: empty path.
        let u = parse_url("https://graph.microsoft.com/beta");
        assert_eq!(
            (u.api_version.as_deref(), u.path.as_str()),
            (Some("beta"), "")
        );
        assert!(u.segments.is_empty());
    }

    #[test]
    fn url_relative() {
        let u = parse_url("/me/drive/items/{item-id}/permissions/{perm-id}/revokeGrants");
        assert_eq!(u.host, None);
        assert_eq!(u.api_version, None);
        assert_eq!(u.segments.len(), 7);
        let u = parse_url("sites/{siteId}/lists");
        assert_eq!(u.path, "sites/{siteId}/lists");
        assert_eq!(u.segments[0], plain("sites"));
        let u = parse_url("~/onPremisesPublishingProfiles/{publishingType}/agentGroups");
        assert_eq!(u.segments[0], plain("~"));
        let u = parse_url("/v1.0/me");
        assert_eq!(u.api_version.as_deref(), Some("v1.0"));
        assert_eq!(u.segments, vec![plain("me")]);
    }

    #[test]
    fn url_query_with_spaces_and_quotes() {
        let u = parse_url(
            "https://graph.microsoft.com/v1.0/users?$filter=startswith(displayName,'a b?&c')&$top=2",
        );
        assert_eq!(u.segments, vec![plain("users")]);
        assert_eq!(
            u.query,
            vec![
                ("$filter".into(), "startswith(displayName,'a b?&c')".into()),
                ("$top".into(), "2".into())
            ]
        );
        let u = parse_url(
            "https://graph.microsoft.com/beta/teams/x/schedule/timeCards?$top=2&$filter=state eq 'clockedOut'",
        );
        assert_eq!(
            u.query[1],
            ("$filter".into(), "state eq 'clockedOut'".into())
        );
        // `?&` and items without `=`.
        let u = parse_url("/directory/deletedItems/microsoft.graph.group?&$count=true&flag");
        assert_eq!(
            u.query,
            vec![
                ("$count".into(), "true".into()),
                ("flag".into(), String::new())
            ]
        );
        assert_eq!(u.segments[2], Segment::Cast("microsoft.graph.group".into()));
        // Space in the path itself.
        let u = parse_url(
            "https://graph.microsoft.com/beta/admin/serviceAnnouncement/healthOverviews/Microsoft 365 suite?$expand=issues",
        );
        assert_eq!(u.segments[3], plain("Microsoft 365 suite"));
        assert_eq!(u.query, vec![("$expand".into(), "issues".into())]);
    }

    #[test]
    fn url_question_mark_inside_parens_is_not_query() {
        let u = parse_url("/me/findRooms(RoomList='what?')?$top=1");
        assert_eq!(
            u.segments,
            vec![
                plain("me"),
                Segment::Function {
                    name: "findRooms".into(),
                    params: vec![("RoomList".into(), "'what?'".into())]
                }
            ]
        );
        assert_eq!(u.query, vec![("$top".into(), "1".into())]);
    }

    #[test]
    fn url_ref_value_count() {
        let u = parse_url("https://graph.microsoft.com/v1.0/groups/{id}/members/$ref");
        assert_eq!(u.segments.last(), Some(&Segment::Ref));
        let u = parse_url("/me/photo/$value");
        assert_eq!(u.segments.last(), Some(&Segment::Value));
        let u = parse_url("/users/$count?$filter=x eq 1");
        assert_eq!(u.segments, vec![plain("users"), Segment::Count]);
        let u = parse_url("/users/$REF");
        assert_eq!(u.segments[1], Segment::Ref);
        // Glued `{id}$ref` is not a marker.
        assert_eq!(parse_url("/a/{id}$ref").segments[1], plain("{id}$ref"));
    }

    #[test]
    fn url_function_with_named_params() {
        let u = parse_url(
            "https://graph.microsoft.com/v1.0/me/reminderView(startDateTime=2017-06-05T10:00:00.0000000,endDateTime='2017-06-11T11:00:00.0000000')",
        );
        assert_eq!(
            u.segments[1],
            Segment::Function {
                name: "reminderView".into(),
                params: vec![
                    ("startDateTime".into(), "2017-06-05T10:00:00.0000000".into()),
                    ("endDateTime".into(), "'2017-06-11T11:00:00.0000000'".into()),
                ]
            }
        );
        let u = parse_url(
            "/drive/root/workbook/worksheets/{id}/range/resizedRange(deltarows={n}, deltaColumns={n})",
        );
        assert_eq!(
            u.segments.last(),
            Some(&Segment::Function {
                name: "resizedRange".into(),
                params: vec![
                    ("deltarows".into(), "{n}".into()),
                    ("deltaColumns".into(), "{n}".into())
                ]
            })
        );
        // Slash and colon inside quotes within parentheses.
        let u =
            parse_url("/me/drive/root/workbook/worksheets/{id}/range(address='A1:B2/x')/format");
        assert_eq!(u.segments.len(), 8);
        assert_eq!(u.segments[7], plain("format"));
    }

    #[test]
    fn url_key_in_parentheses() {
        let u = parse_url("/me/messages('AAMkAGI2THVSAAA=')/attachments");
        assert_eq!(
            u.segments[1],
            Segment::Key {
                name: "messages".into(),
                key: "'AAMkAGI2THVSAAA='".into()
            }
        );
        let u = parse_url("/users(id)");
        assert_eq!(
            u.segments[0],
            Segment::Key {
                name: "users".into(),
                key: "id".into()
            }
        );
        let u = parse_url("/users('$x@y.com')");
        assert_eq!(
            u.segments[0],
            Segment::Key {
                name: "users".into(),
                key: "'$x@y.com'".into()
            }
        );
        let u = parse_url("/workbook/worksheets/{id}/range/format/borders(<sideIndex>)");
        assert_eq!(
            u.segments.last(),
            Some(&Segment::Key {
                name: "borders".into(),
                key: "<sideIndex>".into()
            })
        );
        // Not a call: two parenthesised groups, text after `)`.
        assert_eq!(parse_url("/a(b)(c)").segments[0], plain("a(b)(c)"));
        assert_eq!(parse_url("/a(b)c").segments[0], plain("a(b)c"));
    }

    #[test]
    fn url_colon_segment_stays_plain() {
        let u = parse_url("https://graph.microsoft.com/v1.0/chats/19:abc@thread.v2/messages");
        assert_eq!(
            u.segments,
            vec![plain("chats"), plain("19:abc@thread.v2"), plain("messages")]
        );
        let u = parse_url("/anonymousIpRiskEvents/2016-01-29T00:00:56.123");
        assert_eq!(u.segments[1], plain("2016-01-29T00:00:56.123"));
    }

    #[test]
    fn url_drive_paths() {
        let u =
            parse_url("https://graph.microsoft.com/v1.0/me/drive/root:/folder/file.txt:/content");
        assert_eq!(
            u.segments,
            vec![
                plain("me"),
                plain("drive"),
                plain("root"),
                Segment::DrivePath {
                    path: "/folder/file.txt".into()
                },
                plain("content"),
            ]
        );
        // Template with trailing colon, no closing colon, item-relative, site path.
        let u = parse_url("/me/drive/root:/{item-path}:");
        assert_eq!(
            u.segments[3],
            Segment::DrivePath {
                path: "/{item-path}".into()
            }
        );
        assert_eq!(u.segments.len(), 4);
        let u = parse_url("/me/drive/root:/{item-path}");
        assert_eq!(
            u.segments[3],
            Segment::DrivePath {
                path: "/{item-path}".into()
            }
        );
        let u = parse_url(
            "/drives/{drive-id}/items/{parent-id}:/{filename}:/content?@microsoft.graph.conflictBehavior=rename",
        );
        assert_eq!(
            u.segments,
            vec![
                plain("drives"),
                plain("{drive-id}"),
                plain("items"),
                plain("{parent-id}"),
                Segment::DrivePath {
                    path: "/{filename}".into()
                },
                plain("content"),
            ]
        );
        assert_eq!(u.query[0].0, "@microsoft.graph.conflictBehavior");
        let u = parse_url("/sites/contoso.sharepoint.com:/sites/site1:/lists");
        assert_eq!(
            u.segments,
            vec![
                plain("sites"),
                plain("contoso.sharepoint.com"),
                Segment::DrivePath {
                    path: "/sites/site1".into()
                },
                plain("lists"),
            ]
        );
        // Colons inside the drive path that are not followed by `/`.
        let u = parse_url("/me/drive/root:/a/19:x.txt:/content");
        assert_eq!(
            u.segments[3],
            Segment::DrivePath {
                path: "/a/19:x.txt".into()
            }
        );
    }

    #[test]
    fn url_namespace_function_and_cast() {
        let u = parse_url("/me/mailFolders/microsoft.graph.delta()");
        assert_eq!(
            u.segments[2],
            Segment::Function {
                name: "microsoft.graph.delta".into(),
                params: vec![]
            }
        );
        let u = parse_url("/groups/{id}/members/microsoft.graph.user?$count=true");
        assert_eq!(u.segments[3], Segment::Cast("microsoft.graph.user".into()));
        let u = parse_url("/x/microsoft.graph.security.ediscoveryCase/y");
        assert_eq!(
            u.segments[1],
            Segment::Cast("microsoft.graph.security.ediscoveryCase".into())
        );
        // Host names and extension ids are not casts.
        assert_eq!(
            parse_url("/sites/microsoft.sharepoint.com").segments[1],
            plain("microsoft.sharepoint.com")
        );
        assert_eq!(
            parse_url("/me/extensions/Com.Contoso.Referral").segments[2],
            plain("Com.Contoso.Referral")
        );
        let u = parse_url("/me/calendarView/delta()");
        assert_eq!(
            u.segments[2],
            Segment::Function {
                name: "delta".into(),
                params: vec![]
            }
        );
    }

    #[test]
    fn url_upload_host() {
        let u = parse_url("https://sn3302.up.1drv.com/up/fe6987415ace7X4e1eF866337");
        assert_eq!(u.host.as_deref(), Some("sn3302.up.1drv.com"));
        assert_eq!(u.api_version, None);
        assert_eq!(
            u.segments,
            vec![plain("up"), plain("fe6987415ace7X4e1eF866337")]
        );
        let u = parse_url(
            "https://{tenant}.sharepoint.com/_api/v2.0/drive/items/x/uploadSession?guid='1'&path='~tmp'",
        );
        assert_eq!(u.host.as_deref(), Some("{tenant}.sharepoint.com"));
        assert_eq!(u.segments[0], plain("_api"));
        assert_eq!(u.query.len(), 2);
    }

    #[test]
    fn url_percent_encoding_kept() {
        let u = parse_url("/teams/x/channels/19%3A56eb%40thread.skype/members?$filter=a%20eq%201");
        assert_eq!(u.segments[3], plain("19%3A56eb%40thread.skype"));
        assert_eq!(u.query, vec![("$filter".into(), "a%20eq%201".into())]);
    }

    #[test]
    fn url_placeholders_with_spaces_and_pipes() {
        let u = parse_url("/users/{id | userPrincipalName}/calendars/{id}/events");
        assert_eq!(u.segments[1], plain("{id | userPrincipalName}"));
        let u = parse_url("/organization/{tenant id}/branding");
        assert_eq!(u.segments[1], plain("{tenant id}"));
        let u = parse_url("/me/onenote/{notebooks | sections/x}/y");
        assert_eq!(u.segments[2], plain("{notebooks | sections/x}"));
    }

    #[test]
    fn url_unbalanced_falls_back_to_naive_split() {
        let u = parse_url("/a/b(c/d?x=1");
        assert_eq!(u.segments, vec![plain("a"), plain("b(c"), plain("d")]);
        assert_eq!(u.query, vec![("x".into(), "1".into())]);
        let u = parse_url("/a/{b/c");
        assert_eq!(u.segments, vec![plain("a"), plain("{b"), plain("c")]);
        let u = parse_url("/users?$search=don't&$top=1");
        assert_eq!(
            u.query,
            vec![
                ("$search".into(), "don't".into()),
                ("$top".into(), "1".into())
            ]
        );
        let u = parse_url("/x/f(a='b,c=d)");
        assert!(matches!(
            u.segments[1],
            Segment::Function { .. } | Segment::Plain(_)
        ));
        // Apostrophe outside parentheses is literal in the path.
        let u = parse_url("/users/O'Neil@contoso.com/messages");
        assert_eq!(u.segments[1], plain("O'Neil@contoso.com"));
    }

    // ----- Requests -----

    #[test]
    fn request_simple_get() {
        let r = parse_request("GET https://graph.microsoft.com/v1.0/me\n").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.url, "https://graph.microsoft.com/v1.0/me");
        assert_eq!(r.version, None);
        assert!(r.headers.is_empty() && r.body.is_none() && r.issues.is_empty());
        assert_eq!(r.parsed_url().segments, vec![plain("me")]);
    }

    #[test]
    fn request_http_version_suffix_and_lowercase_method() {
        let r = parse_request("get /me/events?$filter=subject eq 'a b' HTTP/1.1").unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.url, "/me/events?$filter=subject eq 'a b'");
        assert_eq!(r.version.as_deref(), Some("HTTP/1.1"));
        let r = parse_request("  POST  /me/sendMail   \r\n").unwrap();
        assert_eq!((r.url.as_str(), r.version), ("/me/sendMail", None));
    }

    #[test]
    fn request_headers_and_body() {
        let block = "POST https://graph.microsoft.com/v1.0/me/events\nContent-Type: application/json\nPrefer: outlook.timezone=\"Pacific Standard Time\"\n\n{\n  \"subject\": \"x\"\n}\n";
        let r = parse_request(block).unwrap();
        assert_eq!(r.headers.len(), 2);
        assert_eq!(r.headers[0].name, "Content-Type");
        assert_eq!(r.headers[0].value, "application/json");
        assert_eq!(r.headers[1].line, 2);
        let b = r.body.as_ref().unwrap();
        assert_eq!(b.line, 4);
        assert_eq!(&block[b.offset..], b.text);
        assert!(b.text.starts_with("{\n"));
        assert!(r.issues.is_empty());
        assert_eq!(content_type(&r.headers), Some("application/json"));
        assert_eq!(r.body_kind(), BodyKind::Json);
    }

    #[test]
    fn request_body_without_blank_line() {
        let r = parse_request("POST https://graph.microsoft.com/beta/teams/{id}/channels/{id}/tabs\n{\n  \"displayName\": \"My Tab\"\n}").unwrap();
        assert!(r.headers.is_empty());
        assert_eq!(r.body.as_ref().unwrap().line, 1);
        assert_eq!(kinds(&r.issues), vec![IssueKind::BodyWithoutBlankLine]);
        let r = parse_request("PATCH /x\nContent-type: application/json\n[1]").unwrap();
        assert_eq!(r.headers.len(), 1);
        assert_eq!(r.body.unwrap().text, "[1]");
    }

    #[test]
    fn request_header_after_blank_line_and_malformed_header() {
        let r = parse_request("GET https://graph.microsoft.com/v1.0/me/mailFolders/delta\n\nPrefer: odata.maxpagesize=2").unwrap();
        assert!(r.body.is_none());
        assert_eq!(r.headers[0].name, "Prefer");
        assert_eq!(r.headers[0].line, 2);
        assert_eq!(kinds(&r.issues), vec![IssueKind::HeaderAfterBlankLine]);
        let block = "POST /x/revokeAllLicenses\n\nContent-type: application/json\nContent-length: 36\n\n{\n  \"a\": true\n}";
        let r = parse_request(block).unwrap();
        assert_eq!(
            r.headers.iter().map(|h| h.line).collect::<Vec<_>>(),
            vec![2, 3]
        );
        assert_eq!(kinds(&r.issues), vec![IssueKind::HeaderAfterBlankLine]);
        let b = r.body.as_ref().unwrap();
        assert_eq!((b.line, &block[b.offset..]), (5, b.text.as_str()));
        assert!(b.text.starts_with('{'));
        assert_eq!(r.body_kind(), BodyKind::Json);
        // A text body that merely starts like a header stays a body.
        let r = parse_request("POST /x\n\nSubject: hi\nthis is text").unwrap();
        assert!(r.headers.is_empty() && r.issues.is_empty());
        assert_eq!(r.body.unwrap().line, 2);
        // With a Content-Type before the blank line, nothing moves.
        let r = parse_request("POST /x\nContent-Type: text/plain\n\nA: b\n").unwrap();
        assert_eq!(
            (r.headers.len(), r.body.unwrap().text.as_str()),
            (1, "A: b\n")
        );
        let r = parse_request("POST /x\nContent Type: application/json\n\n{}").unwrap();
        assert_eq!(kinds(&r.issues), vec![IssueKind::MalformedHeader]);
        assert!(r.headers.is_empty());
        assert_eq!(r.body.unwrap().text, "{}");
    }

    #[test]
    fn request_second_request_line_unknown_and_glued_method() {
        let r = parse_request("GET /me/agreementAcceptances\n\nGET /users/x/agreementAcceptances ")
            .unwrap();
        assert_eq!(kinds(&r.issues), vec![IssueKind::SecondRequestLine]);
        let r = parse_request("GET /a/b\nGET /c\nPrefer: x").unwrap();
        assert_eq!((r.url.as_str(), r.headers.len()), ("/a/b", 1));
        assert_eq!(kinds(&r.issues), vec![IssueKind::SecondRequestLine]);
        let r = parse_request("HEAD /me").unwrap();
        assert_eq!(r.method, "HEAD");
        assert_eq!(kinds(&r.issues), vec![IssueKind::UnknownMethod]);
        let r = parse_request("DELETE/identity/b2xUserFlows/{id}/$ref").unwrap();
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("DELETE", "/identity/b2xUserFlows/{id}/$ref")
        );
        assert_eq!(kinds(&r.issues), vec![IssueKind::MethodNotSeparated]);
        let r = parse_request("GET").unwrap();
        assert_eq!(kinds(&r.issues), vec![IssueKind::MissingUrl]);
    }

    #[test]
    fn request_none_without_request_line() {
        assert_eq!(parse_request(""), None);
        assert_eq!(parse_request("\n \n"), None);
        assert_eq!(parse_request("{ \"a\": 1 }"), None);
        assert_eq!(parse_request("HTTP/1.1 200 OK"), None);
        assert_eq!(parse_request("https://graph.microsoft.com/v1.0/me"), None);
        assert_eq!(parse_request("Note /me"), None);
    }

    #[test]
    fn request_multibyte_and_binary_body() {
        let block = "PUT /me/photo/$value\r\nContent-Type: image/jpeg\r\n\r\n<Binary data for the image — ü>";
        let r = parse_request(block).unwrap();
        assert_eq!(r.headers[0].value, "image/jpeg");
        assert_eq!(r.body_kind(), BodyKind::Binary);
        assert_eq!(
            &block[r.body.as_ref().unwrap().offset..],
            r.body.unwrap().text
        );
    }

    // ----- Responses -----

    #[test]
    fn response_status_line_forms() {
        type Case = (
            &'static str,
            Option<u16>,
            Option<&'static str>,
            Option<&'static str>,
        );
        let cases: [Case; 9] = [
            ("HTTP/1.1 200 OK", Some(200), Some("OK"), Some("HTTP/1.1")),
            (
                "HTTP/1.1 204 No Content",
                Some(204),
                Some("No Content"),
                Some("HTTP/1.1"),
            ),
            ("HTTP 200", Some(200), None, None),
            ("HTTP 201 Created", Some(201), Some("Created"), None),
            ("200 OK", Some(200), Some("OK"), None),
            ("HTTP/1.1 201", Some(201), None, Some("HTTP/1.1")),
            ("HTTP/2 200", Some(200), None, Some("HTTP/2")),
            (
                "HTTP code: 204 No Content",
                Some(204),
                Some("No Content"),
                None,
            ),
            (
                "HTTP/1.1\u{202f}202\u{202f}Accepted",
                Some(202),
                Some("Accepted"),
                Some("HTTP/1.1"),
            ),
        ];
        for (line, status, reason, version) in cases {
            let r = parse_response(line);
            assert_eq!(r.status, status, "{line}");
            assert_eq!(r.reason.as_deref(), reason, "{line}");
            assert_eq!(r.version.as_deref(), version, "{line}");
            assert!(r.issues.is_empty(), "{line}: {:?}", r.issues);
        }
    }

    #[test]
    fn response_headers_and_body() {
        let block = "HTTP/1.1 201 Created\nContent-type: application/json\nLocation: https://graph.microsoft.com/v1.0/x\n\n{\n  \"id\": \"1\"\n}";
        let r = parse_response(block);
        assert_eq!(r.status, Some(201));
        assert_eq!(r.headers.len(), 2);
        assert_eq!(r.headers[1].value, "https://graph.microsoft.com/v1.0/x");
        assert_eq!(r.body.as_ref().unwrap().line, 4);
        assert_eq!(r.body_kind(), BodyKind::Json);
        let r = parse_response("HTTP/1.1 200 OK\nContent-type: application/json\n{\n}");
        assert_eq!(kinds(&r.issues), vec![IssueKind::BodyWithoutBlankLine]);
        assert_eq!(r.body.unwrap().line, 2);
    }

    #[test]
    fn response_without_status_line() {
        let r = parse_response("\n{\n  \"value\": []\n}");
        assert_eq!(r.status, None);
        assert_eq!(r.body.as_ref().unwrap().line, 1);
        assert!(r.issues.is_empty());
        let r = parse_response("Content-Type: text/plain\n\n893");
        assert_eq!((r.status, r.headers.len()), (None, 1));
        assert_eq!(r.body.as_ref().unwrap().text, "893");
        assert!(r.issues.is_empty());
        let r = parse_response("");
        assert_eq!((r.status, r.body, r.issues), (None, None, vec![]));
    }

    #[test]
    fn response_bad_status_lines() {
        let r = parse_response("HTTP/1.1 20O OK\n\n{}");
        assert_eq!((r.status, r.version.as_deref()), (None, Some("HTTP/1.1")));
        assert_eq!(kinds(&r.issues), vec![IssueKind::BadStatusLine]);
        assert_eq!(r.body.unwrap().text, "{}");
        let r = parse_response(
            "POST https://graph.microsoft.com/v1.0/me/messages/x/createForward\nContent-Type: application/json",
        );
        assert_eq!(kinds(&r.issues), vec![IssueKind::BadStatusLine]);
        assert_eq!(r.headers.len(), 1);
        let r = parse_response("HTTP/1.1 999 Weird");
        assert_eq!(r.status, None);
    }

    // ----- Templates -----

    #[test]
    fn templates_placeholders() {
        let block = "GET /me\nGET /users/{id | userPrincipalName}\n\nGET /organization/{tenant id}/branding\nGET /me/drive/root:/{item-path}:/content\nget /workbook/worksheets/{id}/range(<address>)\nPATCH https://graph.microsoft.com/v1.0/sites/{site-id}/lists\n";
        let (t, issues) = parse_templates(block);
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(t.len(), 6);
        assert_eq!(t[1].path, "/users/{id | userPrincipalName}");
        assert_eq!(t[2].line, 3);
        assert_eq!(t[4].method, "GET");
        assert_eq!(
            parse_url(&t[3].path).segments[3],
            Segment::DrivePath {
                path: "/{item-path}".into()
            }
        );
    }

    #[test]
    fn templates_with_junk_lines() {
        let block = "GET /me/joinedTeams\nor\nGET /users/{id}/joinedTeams\nworkbook-session-id: {session-id}\n{\n  \"a\": 1\n}\nGET ** Entity URI for microsoft.management.services.api.x not found\nDELETE/identity/b2xUserFlows/{id}/$ref";
        let (t, issues) = parse_templates(block);
        assert_eq!(t.iter().map(|t| t.line).collect::<Vec<_>>(), vec![0, 2, 8]);
        assert_eq!(
            issues.iter().map(|i| (i.line, i.kind)).collect::<Vec<_>>(),
            vec![
                (1, IssueKind::NotATemplate),
                (3, IssueKind::NotATemplate),
                (4, IssueKind::NotATemplate),
                (5, IssueKind::NotATemplate),
                (6, IssueKind::NotATemplate),
                (7, IssueKind::BadTemplatePath),
                (8, IssueKind::MethodNotSeparated),
            ]
        );
        assert!(issues[1].message.contains("header"));
        let (t, issues) = parse_templates("\n  \n");
        assert!(t.is_empty());
        assert_eq!(kinds(&issues), vec![IssueKind::NoRequestLine]);
        // Junk only: per-line issues, no block-level one.
        let (t, issues) = parse_templates("GET ** Entity URI for x not found");
        assert!(t.is_empty());
        assert_eq!(kinds(&issues), vec![IssueKind::BadTemplatePath]);
    }

    // ----- Bodies -----

    fn hdr(name: &str, value: &str) -> Header {
        Header {
            name: name.into(),
            value: value.into(),
            line: 1,
        }
    }

    fn body(text: &str) -> Body {
        Body {
            text: text.into(),
            line: 2,
            offset: 0,
        }
    }

    #[test]
    fn classify_by_content_type() {
        let b = body("whatever");
        let k = |ct: &str| classify_body(&[hdr("content-TYPE", ct)], Some(&b));
        assert_eq!(k("application/json"), BodyKind::Json);
        assert_eq!(
            k("application/json;odata.metadata=minimal;odata.streaming=true"),
            BodyKind::Json
        );
        assert_eq!(k("application/problem+json"), BodyKind::Json);
        assert_eq!(k("image/jpeg"), BodyKind::Binary);
        assert_eq!(k("application/octet-stream"), BodyKind::Binary);
        assert_eq!(k("application/zip"), BodyKind::Binary);
        assert_eq!(k("video/mp4"), BodyKind::Binary);
        assert_eq!(k("audio/wav"), BodyKind::Binary);
        assert_eq!(k("text/plain"), BodyKind::Text);
        assert_eq!(k("multipart/form-data; boundary=x"), BodyKind::Text);
        assert_eq!(k("application/x-www-form-urlencoded"), BodyKind::Text);
        assert_eq!(k("application/xml"), BodyKind::Text);
        assert_eq!(k("application/atom+xml"), BodyKind::Text);
        // Unparseable content type: fall back to content.
        assert_eq!(k("json"), BodyKind::Text);
    }

    #[test]
    fn classify_by_content() {
        let k = |t: &str| classify_body(&[], Some(&body(t)));
        assert_eq!(k("  {\n \"a\": 1\n}"), BodyKind::Json);
        assert_eq!(k("[1, 2]"), BodyKind::Json);
        assert_eq!(k("{}"), BodyKind::Json);
        assert_eq!(k("<binary data>"), BodyKind::Binary);
        assert_eq!(k("Binary data for the image"), BodyKind::Binary);
        assert_eq!(k("{binary}"), BodyKind::Binary);
        assert_eq!(k("<Image>"), BodyKind::Binary);
        assert_eq!(k("<first 1024 bytes of file>"), BodyKind::Binary);
        assert_eq!(k("...binary data..."), BodyKind::Binary);
        assert_eq!(k("893"), BodyKind::Text);
        assert_eq!(k("Report Refresh Date,User Principal Name"), BodyKind::Text);
        assert_eq!(
            k("--batch_1\nContent-Type: application/http"),
            BodyKind::Text
        );
        assert_eq!(k(" \n\t"), BodyKind::None);
        assert_eq!(
            classify_body(&[hdr("Content-Type", "application/json")], None),
            BodyKind::None
        );
    }

    #[test]
    fn serde_names() {
        assert_eq!(serde_json::to_string(&BodyKind::Json).unwrap(), "\"json\"");
        assert_eq!(serde_json::to_string(&BodyKind::None).unwrap(), "\"none\"");
        assert_eq!(serde_json::to_string(&Segment::Ref).unwrap(), "\"ref\"");
        assert_eq!(
            serde_json::to_string(&IssueKind::BodyWithoutBlankLine).unwrap(),
            "\"body_without_blank_line\""
        );
    }

    // ----- Adversarial -----

    #[test]
    fn adversarial_inputs() {
        const MB: usize = 1024 * 1024;
        // A 5 MB line (request line, header line, body) and smaller lines of
        // nasty shapes; the scaling itself is linear (checked separately).
        let big = "é(a".repeat(5 * MB / 4);
        let block = format!("GET /{big} HTTP/1.1\nX-Big: {big}\n{big}\n\n{big}");
        let r = parse_request(&block).unwrap();
        assert_eq!(r.version.as_deref(), Some("HTTP/1.1"));
        assert_eq!(r.headers.len(), 1);
        assert_eq!(r.body.as_ref().map(|b| b.line), Some(2));
        assert_eq!(r.parsed_url().segments.len(), 1);
        let _ = parse_response(&block);
        let _ = parse_templates(&block);
        for shape in [
            "(",
            "'(",
            ":/",
            "/",
            "?&=(",
            "é(ü'/:{",
            "x(a='",
            "{'",
            "(=,",
        ] {
            let s = shape.repeat(MB / 4 / shape.len());
            let r = parse_request(&format!("GET /{s}\n{s}\n\n{s}")).unwrap();
            let _ = r.parsed_url();
            let _ = r.body_kind();
            let _ = parse_url(&format!("https://h/{s}?{s}"));
            let _ = parse_templates(&s);
            let _ = parse_response(&s);
        }
        for s in [
            "",
            "\0",
            "GET \0",
            "GET /a\0b('\0",
            "HTTP/1.1 \0",
            "\u{1}\u{7f}",
            "GET /(",
            "GET /)",
            "GET /'",
            "GET /{",
            "GET /}",
            "GET /:",
            "GET /root:/",
            "GET /x(",
            "GET /x()",
            "GET /x(=)",
            "GET /x(,)",
            "GET ?",
            "GET /?&&==",
            "GET https://",
            "GET ://x",
            "GET 😀/é",
            "HTTP",
            "HTTP code:",
            "200",
            "\r\n\r\n",
            "GET\u{202f}/me",
        ] {
            if let Some(r) = parse_request(s) {
                let _ = r.parsed_url();
            }
            let _ = parse_response(s);
            let _ = parse_templates(s);
            let _ = parse_url(s);
        }
        let r = parse_request("GET /a\0b").unwrap();
        assert_eq!(r.url, "/a\0b");
        assert_eq!(
            parse_url("/x(=)").segments[0],
            Segment::Function {
                name: "x".into(),
                params: vec![(String::new(), String::new())]
            }
        );
    }
}
