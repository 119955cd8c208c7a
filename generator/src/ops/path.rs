//! URL templates of an "HTTP request" section, as typed path parameters.
//!
//! [`normalize`] turns one template path (`/users/{id | userPrincipalName}/messages/{id}`,
//! possibly absolute and with a query) into a [`PathTemplate`]: the path after the API version
//! as literal pieces and parameters, the parameters with Rust names, and the words of its literal
//! segments. [`variant_names`] names the URL forms of one operation, and [`match_url`] matches a
//! documented example request URL against a template and extracts the parameter values.
//!
//! The URL analysis is [`crate::page::http::parse_url`]'s: host and version are stripped, the path
//! is split into segments (keys, functions, drive paths, casts, `$ref`/`$value`/`$count`), and the
//! query into raw pairs.
//!
//! # Placeholders
//!
//! A placeholder is `{…}` (innermost braces; `{{x}}` counts as one) or `<…>` (no whitespace
//! inside) anywhere in a segment, a function or key value, a drive path or a query value. Its kind
//! ([`ParamKind`]) follows its position: inside single quotes of a function or key value it is
//! [`ParamKind::Quoted`], inside a drive path [`ParamKind::DrivePath`], in a query value
//! [`ParamKind::Query`], else [`ParamKind::Segment`].
//!
//! # Query
//!
//! Template query items whose value (or key) contains a placeholder become one
//! [`ParamKind::Query`] parameter each, holding the *whole* value (`$expand=x($filter=id eq
//! '{id}')` is one parameter `expand`); the other items are fixed options and are dropped.
//! Query parameters are not part of [`PathTemplate::pieces`], which is the path only.
//!
//! # Matching
//!
//! [`match_url`] works segment by segment: literal text compares ASCII case-insensitively (after
//! percent-decoding for whole literal segments), a key `users('x')` is the same as the two segments
//! `users/x` (either side), `name()` is the same as `name`, function parameters compare by name
//! (case-insensitive, any order), and a closing drive-path colon at the end of the path is
//! optional. The API version and host of the example are ignored.
//!
//! Every function here is total and runs in time about linear in its input: all slicing happens at
//! ASCII positions or through `str::get`, searches use `str::find` on ASCII-lowercased copies.

use crate::page::http::{Segment, parse_url};
use heck::{ToSnakeCase, ToUpperCamelCase};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

// ---------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathTemplate {
    /// The template path as written (trimmed, without method).
    pub written: String,
    /// The normalized path after the API version: literal text and parameters in order.
    /// Starts with '/'. Literal pieces are safe URL path text: every byte outside RFC 3986
    /// pchar (unreserved / sub-delims / ':' / '@') and '/' is percent-encoded (existing valid
    /// %XX escapes are kept). Placeholders never appear in a Lit. Query parameters are not here.
    pub pieces: Vec<Piece>,
    /// Path, key, function and query parameters, in order of first appearance.
    pub params: Vec<PathParam>,
    /// Words of the literal path segments (for naming the URL form): `me`, `onlineMeetings`,
    /// `registration`… Keys and functions give their name, casts their last dotted part,
    /// `$ref`/`$value`/`$count` give `ref`/`value`/`count`.
    pub words: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Piece {
    Lit(String),
    Param(usize),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathParam {
    /// snake_case Rust identifier, unique within the template, never a Rust keyword
    /// (`type` → `type_`), never empty, starts with a letter.
    pub name: String,
    /// The placeholder as written, braces included (`{id | userPrincipalName}`); for a query
    /// parameter whose value is more than one placeholder, the whole value as written.
    pub placeholder: String,
    pub kind: ParamKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParamKind {
    /// A whole path segment or part of one (`/users/{id}`), or an unquoted function/key value.
    Segment,
    /// Inside single quotes (`messages('{id}')`, `f(x='{value}')`): the quotes are in the Lit pieces.
    Quoted,
    /// The drive path of `root:/{item-path}:` (may contain '/').
    DrivePath,
    /// A query parameter the template writes with a placeholder value (`?startDateTime={start}`);
    /// the wire key.
    Query(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Match {
    /// One value per param of the template, percent-decoded (kept raw when decoding fails or is
    /// not UTF-8); for Quoted params the surrounding quotes are not included and doubled '' are
    /// undone.
    pub values: Vec<String>,
    /// Query pairs of the example not taken by a Query param, as written (raw).
    pub query: Vec<(String, String)>,
}

// ---------------------------------------------------------------------------
// Internal shape (what matching works on)
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// Literal text as written in the template (not encoded).
    Lit(String),
    Param(usize),
}

#[derive(Debug, Clone)]
enum TSeg {
    /// A plain segment, a cast, a marker or the name of a key: literal text and parameters.
    Text(Vec<Part>),
    /// The key of `name(key)`.
    KeyVal(Vec<Part>),
    Func {
        name: String,
        params: Vec<(String, Vec<Part>)>,
    },
    /// The text between the colons of `X:/…:`, leading slash included.
    Drive(Vec<Part>),
}

#[derive(Debug, Clone)]
struct Shape {
    segs: Vec<TSeg>,
    /// (param index, wire key)
    queries: Vec<(usize, String)>,
}

// ---------------------------------------------------------------------------
// normalize
// ---------------------------------------------------------------------------

const METHODS: [&str; 5] = ["GET", "POST", "PATCH", "PUT", "DELETE"];

/// Normalizes one template path; see the module documentation.
pub fn normalize(template_path: &str) -> Result<PathTemplate, String> {
    analyze(template_path).map(|(t, _)| t)
}

fn analyze(template_path: &str) -> Result<(PathTemplate, Shape), String> {
    let mut written = template_path.trim();
    // Tolerate a method in front (`GET /me`).
    if let Some((first, rest)) = written.split_once(char::is_whitespace)
        && METHODS.iter().any(|m| m.eq_ignore_ascii_case(first))
    {
        written = rest.trim();
    }
    if written.is_empty() {
        return Err("empty template".to_string());
    }
    let url = parse_url(written);
    if url.host.is_none() && !written.starts_with('/') && url.api_version.is_none() {
        return Err(format!(
            "not a path (no leading '/'): {}",
            excerpt(written, 60)
        ));
    }
    if has_top_level_whitespace(&url.path) {
        return Err(format!(
            "not a path (whitespace in the path): {}",
            excerpt(written, 60)
        ));
    }
    if url.segments.is_empty() {
        return Err("no path after the host and version".to_string());
    }

    let mut b = Builder::default();
    let n = url.segments.len();
    let path_closed = {
        let p = url.path.trim_end_matches('/');
        p.ends_with(':')
    };
    for (i, seg) in url.segments.iter().enumerate() {
        match seg {
            Segment::Plain(s) => {
                b.lit("/");
                let parts = b.scan(s, Ctx::Segment);
                if let [Part::Lit(l)] = parts.as_slice() {
                    b.word(l.clone());
                }
                b.segs.push(TSeg::Text(parts));
            }
            Segment::Cast(s) => {
                b.lit("/");
                b.lit(s);
                b.word(s.rsplit('.').next().unwrap_or(s).to_string());
                b.segs.push(TSeg::Text(vec![Part::Lit(s.clone())]));
            }
            Segment::Ref | Segment::Value | Segment::Count => {
                let m = match seg {
                    Segment::Ref => "$ref",
                    Segment::Value => "$value",
                    _ => "$count",
                };
                b.lit("/");
                b.lit(m);
                b.word(m[1..].to_string());
                b.segs.push(TSeg::Text(vec![Part::Lit(m.to_string())]));
            }
            Segment::Key { name, key } => {
                b.lit("/");
                b.lit(name);
                b.word(name.clone());
                b.segs.push(TSeg::Text(vec![Part::Lit(name.clone())]));
                b.lit("(");
                let parts = b.scan(key, Ctx::Value(None));
                b.lit(")");
                b.segs.push(TSeg::KeyVal(parts));
            }
            Segment::Function { name, params } => {
                b.lit("/");
                b.lit(name);
                b.word(name.clone());
                b.lit("(");
                let mut tparams = Vec::with_capacity(params.len());
                for (j, (k, v)) in params.iter().enumerate() {
                    if j > 0 {
                        b.lit(",");
                    }
                    if !k.is_empty() {
                        b.lit(k);
                        b.lit("=");
                    }
                    let hint = (!k.is_empty()).then_some(k.as_str());
                    let parts = b.scan(v, Ctx::Value(hint));
                    tparams.push((k.clone(), parts));
                }
                b.lit(")");
                b.segs.push(TSeg::Func {
                    name: name.clone(),
                    params: tparams,
                });
            }
            Segment::DrivePath { path } => {
                b.lit(":");
                let parts = b.scan(path, Ctx::Drive);
                // Closed when more segments follow, or when the path ends with the colon.
                if i + 1 < n || path_closed {
                    b.lit(":");
                }
                b.segs.push(TSeg::Drive(parts));
            }
        }
    }

    // Query items with a placeholder become parameters; fixed ones are dropped.
    let mut queries = Vec::new();
    for (k, v) in &url.query {
        let vr = placeholder_ranges(v);
        let kr = placeholder_ranges(k);
        if vr.is_empty() && kr.is_empty() {
            continue;
        }
        let placeholder = match vr.as_slice() {
            [(s, e)] if (*s, *e) == (0, v.len()) => v.clone(),
            [(s, e)]
                if *s == 1 && *e + 1 == v.len() && v.starts_with('\'') && v.ends_with('\'') =>
            {
                v.get(*s..*e).unwrap_or(v).to_string()
            }
            _ if vr.is_empty() => k.clone(),
            _ => v.clone(),
        };
        let key_name = k.trim_start_matches('$');
        let base = if kr.is_empty() && !key_name.is_empty() {
            ident(key_name)
        } else {
            name_for_placeholder(&placeholder, None)
        };
        let idx = b.param(base, placeholder, ParamKind::Query(k.clone()));
        queries.push((idx, k.clone()));
    }

    let Builder {
        pieces,
        params,
        words,
        segs,
        ..
    } = b;
    Ok((
        PathTemplate {
            written: written.to_string(),
            pieces,
            params,
            words,
        },
        Shape { segs, queries },
    ))
}

#[derive(Clone, Copy)]
enum Ctx<'a> {
    /// A plain path segment.
    Segment,
    /// A key or function value; the function parameter's name when it has one.
    Value(Option<&'a str>),
    /// A drive path.
    Drive,
}

#[derive(Default)]
struct Builder {
    pieces: Vec<Piece>,
    params: Vec<PathParam>,
    names: HashSet<String>,
    words: Vec<String>,
    /// The last literal word, for naming generic placeholders.
    last_word: Option<String>,
    segs: Vec<TSeg>,
}

impl Builder {
    fn lit(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        let enc = encode_lit(text);
        if let Some(Piece::Lit(prev)) = self.pieces.last_mut() {
            prev.push_str(&enc);
        } else {
            self.pieces.push(Piece::Lit(enc));
        }
    }

    fn word(&mut self, w: String) {
        if w.is_empty() {
            return;
        }
        self.last_word = Some(w.clone());
        self.words.push(w);
    }

    fn param(&mut self, base: String, placeholder: String, kind: ParamKind) -> usize {
        let mut name = base.clone();
        let mut n = 2usize;
        while self.names.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        self.names.insert(name.clone());
        self.params.push(PathParam {
            name,
            placeholder,
            kind,
        });
        self.params.len() - 1
    }

    /// Splits `text` into literal parts and placeholders, records the parameters and pieces.
    fn scan(&mut self, text: &str, ctx: Ctx<'_>) -> Vec<Part> {
        let ranges = placeholder_ranges(text);
        let mut parts = Vec::with_capacity(ranges.len() * 2 + 1);
        let mut pos = 0;
        let mut in_quote = false;
        for &(s, e) in &ranges {
            let lit = text.get(pos..s).unwrap_or("");
            if matches!(ctx, Ctx::Value(_)) {
                in_quote ^= lit.bytes().filter(|&b| b == b'\'').count() % 2 == 1;
            }
            if !lit.is_empty() {
                self.lit(lit);
                parts.push(Part::Lit(lit.to_string()));
            }
            let ph = text.get(s..e).unwrap_or("");
            let (kind, base) = match ctx {
                Ctx::Segment => (
                    ParamKind::Segment,
                    name_for_placeholder(ph, self.last_word.as_deref()),
                ),
                Ctx::Value(hint) => {
                    let kind = if in_quote {
                        ParamKind::Quoted
                    } else {
                        ParamKind::Segment
                    };
                    let base = match hint {
                        Some(h) if is_identifier_like(h) => ident(h),
                        _ => name_for_placeholder(ph, self.last_word.as_deref()),
                    };
                    (kind, base)
                }
                Ctx::Drive => {
                    let base = name_for_placeholder(ph, None);
                    let base = if is_generic(&base) || base == "param" || base == "path" {
                        "item_path".to_string()
                    } else {
                        base
                    };
                    (ParamKind::DrivePath, base)
                }
            };
            let idx = self.param(base, ph.to_string(), kind);
            self.pieces.push(Piece::Param(idx));
            parts.push(Part::Param(idx));
            pos = e;
        }
        let rest = text.get(pos..).unwrap_or("");
        if !rest.is_empty() {
            self.lit(rest);
            parts.push(Part::Lit(rest.to_string()));
        }
        parts
    }
}

fn excerpt(s: &str, max: usize) -> String {
    let mut out: String = s.chars().take(max).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// Whitespace outside `{…}` and `(…)`.
fn has_top_level_whitespace(path: &str) -> bool {
    let (mut brace, mut paren) = (0usize, 0usize);
    for c in path.chars() {
        match c {
            '{' => brace += 1,
            '}' => brace = brace.saturating_sub(1),
            '(' => paren += 1,
            ')' => paren = paren.saturating_sub(1),
            c if c.is_whitespace() && brace == 0 && paren == 0 => return true,
            _ => {}
        }
    }
    false
}

/// Byte ranges (end exclusive) of the placeholders of `text`: innermost `{…}` (extended to
/// `{{…}}`), and `<…>` with a non-empty inside without whitespace. Linear.
fn placeholder_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut brace: Option<usize> = None;
    let mut angle: Option<usize> = None;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => {
                brace = Some(i);
                angle = None;
            }
            b'}' => {
                if let Some(s) = brace.take() {
                    let (mut s, mut e) = (s, i + 1);
                    let prev_end = out.last().map_or(0, |r| r.1);
                    if s > prev_end && bytes[s - 1] == b'{' && bytes.get(e) == Some(&b'}') {
                        s -= 1;
                        e += 1;
                    }
                    out.push((s, e));
                }
            }
            b'<' if brace.is_none() => angle = Some(i),
            b'>' if brace.is_none() => {
                if let Some(s) = angle.take()
                    && i > s + 1
                {
                    out.push((s, i + 1));
                }
            }
            c if c.is_ascii_whitespace() => angle = None,
            _ => {}
        }
    }
    // `{{x}}`: the extension may reach a byte that a later range starts at; drop overlaps.
    let mut clean: Vec<(usize, usize)> = Vec::with_capacity(out.len());
    for r in out {
        if clean.last().is_none_or(|l| r.0 >= l.1) {
            clean.push(r);
        }
    }
    clean
}

// ---------------------------------------------------------------------------
// Naming
// ---------------------------------------------------------------------------

const GENERIC: [&str; 7] = ["id", "value", "key", "name", "index", "identifier", "item"];

fn is_generic(name: &str) -> bool {
    GENERIC.contains(&name)
}

/// `id`, `startDateTime`: ASCII identifier characters only.
fn is_identifier_like(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'$' | b'@' | b'.'))
        && s.bytes().any(|b| b.is_ascii_alphabetic())
}

/// The name of a placeholder (`{user-id}` → `user_id`); generic ones (`{id}`, `{id | name}`)
/// take the preceding literal word, singularized (`events` → `event_id`).
fn name_for_placeholder(ph: &str, prev_word: Option<&str>) -> String {
    let inner = ph
        .trim()
        .trim_start_matches(['{', '<'])
        .trim_end_matches(['}', '>'])
        .trim();
    let (first, alternatives) = match inner.split_once('|') {
        Some((a, _)) => (a.trim(), true),
        None => (inner, false),
    };
    let base = ident(first);
    if !is_generic(&base) {
        return base;
    }
    let suffix = if alternatives || base == "identifier" {
        "id"
    } else {
        base.as_str()
    };
    match prev_word {
        Some(w) => {
            let w = ident(w.rsplit('.').next().unwrap_or(w));
            if w == "param" {
                return suffix.to_string();
            }
            let single = singularize(&w);
            if single == suffix || single.ends_with(&format!("_{suffix}")) {
                single
            } else {
                ident(&format!("{single}_{suffix}"))
            }
        }
        None => ident(suffix),
    }
}

/// Singular of the last word of a snake_case name.
fn singularize(snake: &str) -> String {
    let (head, last) = match snake.rfind('_') {
        Some(i) => (&snake[..=i], &snake[i + 1..]),
        None => ("", snake),
    };
    let single = match last {
        "children" => "child".to_string(),
        "people" => "person".to_string(),
        "men" => "man".to_string(),
        "data" | "series" | "news" | "status" | "analytics" | "settings_" => last.to_string(),
        _ if last.len() > 3 && last.ends_with("ies") => format!("{}y", &last[..last.len() - 3]),
        _ if last.ends_with("sses")
            || last.ends_with("xes")
            || last.ends_with("ches")
            || last.ends_with("shes")
            || last.ends_with("uses")
            || last.ends_with("zzes") =>
        {
            last[..last.len() - 2].to_string()
        }
        _ if last.len() > 1
            && last.ends_with('s')
            && !last.ends_with("ss")
            && !last.ends_with("us")
            && !last.ends_with("is") =>
        {
            last[..last.len() - 1].to_string()
        }
        _ => last.to_string(),
    };
    format!("{head}{single}")
}

const KEYWORDS: [&str; 52] = [
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "typeof", "unsized", "virtual", "yield", "try", "gen", "union",
];

/// A snake_case Rust identifier from any text: ASCII letters, digits and `_`, starting with a
/// letter, never a keyword; `param` when nothing usable is left.
fn ident(raw: &str) -> String {
    // heck is linear, but keep names short whatever the input.
    let raw: String = raw.chars().take(200).collect();
    let snake = raw.to_snake_case();
    let mut out = String::with_capacity(snake.len());
    for c in snake.chars() {
        let c = if c.is_ascii_alphanumeric() {
            c.to_ascii_lowercase()
        } else {
            '_'
        };
        if c == '_' && (out.is_empty() || out.ends_with('_')) {
            continue;
        }
        out.push(c);
    }
    while out.ends_with('_') {
        out.pop();
    }
    if out.is_empty() {
        return "param".to_string();
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "param_");
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// Unique UpperCamelCase enum variant names, one per template, in order: the shortest prefix of
/// `words` that tells the template apart from the others (`Me`, `Users`; `GroupsDriveItems`,
/// `GroupsDriveRoot`), an index appended when nothing tells them apart; a single template gets
/// a name too (its first word). Words compare case-insensitively. Valid Rust identifiers.
pub fn variant_names(templates: &[PathTemplate]) -> Vec<String> {
    let words: Vec<Vec<String>> = templates
        .iter()
        .map(|t| {
            t.words
                .iter()
                .map(|w| camel_word(w))
                .filter(|w| !w.is_empty())
                .collect()
        })
        .collect();
    // How many templates share each prefix (lowercased, joined by '/').
    let mut counts: HashMap<String, usize> = HashMap::new();
    for ws in &words {
        let mut key = String::new();
        for w in ws {
            key.push('/');
            key.push_str(&w.to_ascii_lowercase());
            *counts.entry(key.clone()).or_default() += 1;
        }
    }
    let mut names: Vec<String> = words
        .iter()
        .map(|ws| {
            let mut key = String::new();
            let mut name = String::new();
            for w in ws {
                key.push('/');
                key.push_str(&w.to_ascii_lowercase());
                name.push_str(w);
                if counts.get(&key).copied().unwrap_or(0) <= 1 {
                    break;
                }
            }
            if name.is_empty() {
                name.push_str("Path");
            }
            if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
                name.insert(0, 'P');
            }
            if name == "Self" {
                name.push_str("Path");
            }
            name
        })
        .collect();
    // Nothing told them apart: index the duplicates (1, 2, …), keeping every name unique.
    let mut dup: HashMap<String, usize> = HashMap::new();
    for n in &names {
        *dup.entry(n.clone()).or_default() += 1;
    }
    let mut taken: HashSet<String> = names
        .iter()
        .filter(|n| dup.get(*n).copied().unwrap_or(0) == 1)
        .cloned()
        .collect();
    let mut next: HashMap<String, usize> = HashMap::new();
    for n in names.iter_mut() {
        if dup.get(n.as_str()).copied().unwrap_or(0) <= 1 {
            continue;
        }
        let counter = next.entry(n.clone()).or_insert(1);
        loop {
            let candidate = format!("{n}{counter}");
            *counter += 1;
            if taken.insert(candidate.clone()) {
                *n = candidate;
                break;
            }
        }
    }
    names
}

/// `onlineMeetings` → `OnlineMeetings`, ASCII alphanumerics only.
fn camel_word(w: &str) -> String {
    let w: String = w.chars().take(200).collect();
    w.to_upper_camel_case()
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

// ---------------------------------------------------------------------------
// Percent encoding
// ---------------------------------------------------------------------------

fn is_pchar_or_slash(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.'
                | b'_'
                | b'~'
                | b'!'
                | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'@'
                | b'/'
        )
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

fn encode_lit(text: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, &b) in bytes.iter().enumerate() {
        let escape_ok = b == b'%'
            && bytes.get(i + 1).copied().and_then(hex_val).is_some()
            && bytes.get(i + 2).copied().and_then(hex_val).is_some();
        if escape_ok || is_pchar_or_slash(b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// Percent-decodes `s`; the raw text when an escape is invalid or the result is not UTF-8.
fn decode(s: &str) -> String {
    if !s.contains('%') {
        return s.to_string();
    }
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hi = bytes.get(i + 1).copied().and_then(hex_val);
            let lo = bytes.get(i + 2).copied().and_then(hex_val);
            match (hi, lo) {
                (Some(h), Some(l)) => {
                    out.push(h * 16 + l);
                    i += 3;
                }
                _ => return s.to_string(),
            }
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

// ---------------------------------------------------------------------------
// match_url
// ---------------------------------------------------------------------------

/// One example segment.
#[derive(Debug, Clone, Copy)]
enum ESeg<'a> {
    Text(&'a str),
    /// `$ref`, `$value`, `$count`, or a cast: literal only, never a parameter value.
    Fixed(&'a str),
    KeyVal(&'a str),
    Func(&'a str, &'a [(String, String)]),
    Drive(&'a str),
}

fn example_segments(segments: &[Segment]) -> Vec<ESeg<'_>> {
    let mut out = Vec::with_capacity(segments.len() + 2);
    for s in segments {
        match s {
            Segment::Plain(t) => out.push(ESeg::Text(t)),
            Segment::Cast(t) => out.push(ESeg::Fixed(t)),
            Segment::Ref => out.push(ESeg::Fixed("$ref")),
            Segment::Value => out.push(ESeg::Fixed("$value")),
            Segment::Count => out.push(ESeg::Fixed("$count")),
            Segment::Key { name, key } => {
                out.push(ESeg::Text(name));
                out.push(ESeg::KeyVal(key));
            }
            Segment::Function { name, params } => out.push(ESeg::Func(name, params)),
            Segment::DrivePath { path } => out.push(ESeg::Drive(path)),
        }
    }
    out
}

/// Matches an example request URL (absolute `https://graph.microsoft.com/v1.0/...` or relative,
/// with or without version) against a template. `None` when it does not fit.
///
/// The template's structure is read again from [`PathTemplate::written`] (normalization is
/// deterministic, so parameter indices agree with `template.params`).
pub fn match_url(template: &PathTemplate, url: &str) -> Option<Match> {
    let (_, shape) = analyze(&template.written).ok()?;
    let n = template.params.len();
    let u = parse_url(url);
    let esegs = example_segments(&u.segments);
    if esegs.len() != shape.segs.len() {
        return None;
    }
    let mut caps: Vec<Option<String>> = vec![None; n];
    let kinds: Vec<&ParamKind> = template.params.iter().map(|p| &p.kind).collect();
    let mut m = Matcher {
        caps: &mut caps,
        kinds: &kinds,
    };
    for (t, e) in shape.segs.iter().zip(esegs) {
        if !m.seg(t, e) {
            return None;
        }
    }
    let mut taken = vec![false; u.query.len()];
    for (idx, key) in &shape.queries {
        let want = query_key(key);
        let pos = u
            .query
            .iter()
            .enumerate()
            .position(|(i, (k, _))| !taken[i] && query_key(k) == want)?;
        taken[pos] = true;
        if !m.set(*idx, decode(&u.query[pos].1)) {
            return None;
        }
    }
    let query = u
        .query
        .iter()
        .zip(&taken)
        .filter(|(_, t)| !**t)
        .map(|(q, _)| q.clone())
        .collect();
    Some(Match {
        values: caps.into_iter().map(Option::unwrap_or_default).collect(),
        query,
    })
}

fn query_key(k: &str) -> String {
    decode(k).trim_start_matches('$').to_ascii_lowercase()
}

struct Matcher<'a> {
    caps: &'a mut Vec<Option<String>>,
    kinds: &'a [&'a ParamKind],
}

impl Matcher<'_> {
    fn set(&mut self, idx: usize, value: String) -> bool {
        match self.caps.get_mut(idx) {
            Some(slot) => {
                *slot = Some(value);
                true
            }
            None => false,
        }
    }

    fn is_quoted(&self, idx: usize) -> bool {
        matches!(self.kinds.get(idx), Some(ParamKind::Quoted))
    }

    fn seg(&mut self, t: &TSeg, e: ESeg<'_>) -> bool {
        match (t, e) {
            (TSeg::Text(parts), ESeg::Text(s)) => self.parts(parts, s),
            (TSeg::Text(parts), ESeg::Fixed(s)) => lit_only(parts).is_some_and(|l| lit_eq(l, s)),
            (TSeg::Text(parts), ESeg::KeyVal(v)) => match parts.as_slice() {
                [Part::Param(i)] => self.set(*i, decode(&unquote(v).0)),
                _ => self.parts(parts, v),
            },
            (TSeg::Text(parts), ESeg::Func(name, params)) => {
                params.is_empty() && lit_only(parts).is_some_and(|l| lit_eq(l, name))
            }
            (TSeg::KeyVal(parts), ESeg::KeyVal(v) | ESeg::Text(v)) => self.key(parts, v),
            (TSeg::Func { name, params }, ESeg::Func(n, ps)) => {
                lit_eq(name, n) && self.func_params(params, ps)
            }
            (TSeg::Func { name, params }, ESeg::Text(s)) => params.is_empty() && lit_eq(name, s),
            (TSeg::Drive(parts), ESeg::Drive(d)) => self.parts(parts, d),
            _ => false,
        }
    }

    /// A key value: quotes of the example are stripped when the whole key is one parameter.
    fn key(&mut self, parts: &[Part], v: &str) -> bool {
        match parts {
            [Part::Param(i)] => self.set(*i, decode(&unquote(v).0)),
            [Part::Lit(a), Part::Param(i), Part::Lit(b)] if a == "'" && b == "'" => {
                self.set(*i, decode(&unquote(v).0))
            }
            _ => self.parts(parts, v),
        }
    }

    /// A function parameter value.
    fn value(&mut self, parts: &[Part], v: &str) -> bool {
        match parts {
            [Part::Lit(a), Part::Param(i), Part::Lit(b)] if a == "'" && b == "'" => {
                let (inner, _) = unquote(v);
                self.set(*i, decode(&inner))
            }
            _ => self.parts(parts, v),
        }
    }

    fn func_params(&mut self, tps: &[(String, Vec<Part>)], eps: &[(String, String)]) -> bool {
        if tps.len() != eps.len() {
            return false;
        }
        let mut used = vec![false; eps.len()];
        for (k, parts) in tps {
            let found = eps
                .iter()
                .enumerate()
                .position(|(i, (ek, _))| !used[i] && ek.eq_ignore_ascii_case(k));
            let Some(i) = found else { return false };
            used[i] = true;
            if !self.value(parts, &eps[i].1) {
                return false;
            }
        }
        true
    }

    /// Literal text and parameters within one piece of text: the first literal is a prefix, the
    /// last a suffix, the ones between are found leftmost; parameters take what lies between.
    fn parts(&mut self, parts: &[Part], text: &str) -> bool {
        match parts {
            [] => text.is_empty(),
            [Part::Lit(l)] => lit_eq(l, text),
            [Part::Param(i)] => {
                let quoted = self.is_quoted(*i);
                (quoted || !text.is_empty()) && self.capture(*i, text)
            }
            _ => {
                let lower = text.to_ascii_lowercase();
                let mut start = 0;
                let mut end = text.len();
                let mut parts = parts;
                if let [Part::Lit(l), rest @ ..] = parts {
                    if !lower.starts_with(&l.to_ascii_lowercase()) {
                        return false;
                    }
                    start = l.len();
                    parts = rest;
                }
                if let [rest @ .., Part::Lit(l)] = parts {
                    let l = l.to_ascii_lowercase();
                    if end < start + l.len() || !lower[..end].ends_with(&l) {
                        return false;
                    }
                    end -= l.len();
                    parts = rest;
                }
                // Now: Param (Lit Param)* between start and end.
                let mut k = 0;
                while k < parts.len() {
                    let Part::Param(i) = &parts[k] else {
                        return false;
                    };
                    let quoted = self.is_quoted(*i);
                    match parts.get(k + 1) {
                        None => {
                            let Some(v) = text.get(start..end) else {
                                return false;
                            };
                            if (v.is_empty() && !quoted) || !self.capture(*i, v) {
                                return false;
                            }
                            k += 1;
                        }
                        Some(Part::Param(_)) => {
                            // Adjacent placeholders: nothing tells them apart; the first is empty.
                            if !self.capture(*i, "") {
                                return false;
                            }
                            k += 1;
                        }
                        Some(Part::Lit(l)) => {
                            let l = l.to_ascii_lowercase();
                            let from = if quoted { start } else { start + 1 };
                            let Some(hay) = lower.get(from..end) else {
                                return false;
                            };
                            let Some(p) = hay.find(&l) else { return false };
                            let at = from + p;
                            let Some(v) = text.get(start..at) else {
                                return false;
                            };
                            if !self.capture(*i, v) {
                                return false;
                            }
                            start = at + l.len();
                            k += 2;
                        }
                    }
                }
                start <= end
            }
        }
    }

    fn capture(&mut self, idx: usize, raw: &str) -> bool {
        let v = if self.is_quoted(idx) {
            decode(&raw.replace("''", "'"))
        } else {
            decode(raw)
        };
        self.set(idx, v)
    }
}

fn lit_only(parts: &[Part]) -> Option<&str> {
    match parts {
        [Part::Lit(l)] => Some(l),
        _ => None,
    }
}

/// Literal text equality: ASCII case-insensitive, after percent-decoding.
fn lit_eq(a: &str, b: &str) -> bool {
    a.eq_ignore_ascii_case(b) || decode(a).eq_ignore_ascii_case(&decode(b))
}

/// `'x''y'` → (`x'y`, true); anything else unchanged.
fn unquote(v: &str) -> (String, bool) {
    let t = v.trim();
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        (t[1..t.len() - 1].replace("''", "'"), true)
    } else {
        (v.to_string(), false)
    }
}

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

#[cfg(test)]
mod corpus_tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::path::PathBuf;

    /// `GRAPHDOC_CORPUS`, else ../shared/corpus next to the checkout.
    fn corpus() -> Option<PathBuf> {
        let dir = std::env::var_os("GRAPHDOC_CORPUS").map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"),
            PathBuf::from,
        );
        if dir.is_dir() {
            return Some(dir);
        }
        eprintln!(
            "notice: {} is missing; corpus measurement skipped",
            dir.display()
        );
        None
    }

    /// Why an example matches no template of its page (first rule that applies).
    fn category(templates: &[(String, PathTemplate)], method: &str, url: &str) -> &'static str {
        let same: Vec<&PathTemplate> = templates
            .iter()
            .filter(|(m, _)| m == method)
            .map(|(_, t)| t)
            .collect();
        if templates.is_empty() {
            return "page has no usable template";
        }
        if same.is_empty() {
            return "no template with the example's method";
        }
        let u = parse_url(url);
        if u.segments.is_empty() {
            return "example has no path";
        }
        let n = example_segments(&u.segments).len();
        let lens: Vec<usize> = same
            .iter()
            .filter_map(|t| analyze(&t.written).ok())
            .map(|(_, s)| s.segs.len())
            .collect();
        if !lens.contains(&n) {
            return "segment count differs";
        }
        let first = |p: &str| {
            p.trim_start_matches('/')
                .split(['/', '(', ':'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        };
        if !same.iter().any(|t| {
            analyze(&t.written)
                .map(|(_, _)| first(&parse_url(&t.written).path) == first(&u.path))
                .unwrap_or(false)
        }) {
            return "first segment differs";
        }
        "same length, other difference"
    }

    #[test]
    #[ignore = "reads the corpus (GRAPHDOC_CORPUS or ../shared/corpus); run with --release --ignored --nocapture"]
    fn corpus_match_rate() {
        let Some(corpus) = corpus() else { return };
        let dir = corpus.join("en-2021/api-reference/v1.0");
        let (files, _) = crate::docset::collect_pages(&[dir]);
        let pages = crate::Reader::read_files(&crate::ReaderOptions::default(), &files);
        let (mut templates, mut normalized) = (0usize, 0usize);
        let (mut requests, mut matched) = (0usize, 0usize);
        let mut failures: BTreeMap<String, usize> = BTreeMap::new();
        let mut failure_examples: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut misses: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
        for page in &pages {
            let mut ts = Vec::new();
            for t in &page.templates {
                templates += 1;
                match analyze(&t.path) {
                    Ok((pt, _)) => {
                        normalized += 1;
                        ts.push((t.method.clone(), pt));
                    }
                    Err(e) => {
                        let cat = e.split(':').next().unwrap_or("").to_string();
                        *failures.entry(cat.clone()).or_default() += 1;
                        failure_examples
                            .entry(cat)
                            .or_default()
                            .push(format!("{}: {} {}", page.path.display(), t.method, t.path));
                    }
                }
            }
            for r in page.requests.iter().filter(|r| r.annotation.is_some()) {
                requests += 1;
                let (method, url) = (&r.message.method, &r.message.url);
                let ok = ts
                    .iter()
                    .any(|(m, t)| m == method && match_url(t, url).is_some());
                if ok {
                    matched += 1;
                    continue;
                }
                let cat = category(&ts, method, url);
                let list: Vec<String> = page
                    .templates
                    .iter()
                    .map(|t| format!("{} {}", t.method, t.path))
                    .collect();
                misses.entry(cat).or_default().push(format!(
                    "{}\n      example:   {method} {url}\n      templates: {}",
                    page.path
                        .strip_prefix(&corpus)
                        .unwrap_or(&page.path)
                        .display(),
                    list.join("\n                 ")
                ));
            }
        }
        eprintln!(
            "templates: {templates}, normalized: {normalized} ({:.2}%)",
            100.0 * normalized as f64 / templates.max(1) as f64
        );
        for (cat, n) in &failures {
            eprintln!("  not normalized, {cat}: {n}");
            for e in failure_examples[cat].iter().take(5) {
                eprintln!("    {e}");
            }
        }
        eprintln!(
            "annotated requests: {requests}, matched: {matched} ({:.2}%)",
            100.0 * matched as f64 / requests.max(1) as f64
        );
        let limit: usize = std::env::var("PATH_MISSES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(5);
        for (cat, list) in &misses {
            eprintln!("  not matched, {cat}: {}", list.len());
            for e in list.iter().take(limit) {
                eprintln!("    {e}");
            }
        }
        assert!(
            matched * 100 >= requests * 98,
            "match rate below 98%: {matched} of {requests}"
        );
    }
}
