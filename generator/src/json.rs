//! A lenient JSON reader for the JSON found in Microsoft Graph reference pages.
//!
//! Pages carry JSON in two places: annotation comments
//! (`<!-- { "blockType": "request", "name": "x" } -->`, the text between `<!--` and `-->`)
//! and the bodies of documented HTTP requests and responses. Most of it is strict JSON,
//! but hand-written examples have trailing commas, comments, unquoted keys, raw line
//! breaks inside strings, `...` placeholders and, in translated pages, `&quot;` where a
//! quote should be.
//!
//! [`parse`] first tries strict JSON (serde_json); only when that fails does it read the
//! text with a forgiving parser that records every repair it made, with the byte offset
//! where it made it. The forgiving parser never guesses at structure: it drops only
//! what cannot carry meaning (a trailing comma, a comment, a placeholder), reads only
//! spellings whose meaning is plain (a single-quoted string, an unquoted key followed by
//! `:`), and leaves everything else an error with the offset where reading stopped.
//!
//! It never panics, runs in time linear in the input, and nests at most [`MAX_DEPTH`]
//! levels deep, so neither parsing nor dropping the value can overflow the stack.

use std::cell::RefCell;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// Maximum nesting depth; deeper input is an error (never a stack overflow).
pub const MAX_DEPTH: usize = 128;

/// More repairs than this and the text is not taken for JSON at all.
const MAX_REPAIRS: usize = 100_000;

/// The value read, and the repairs needed to read it (empty when the input was strict JSON).
///
/// Byte offsets are into the `input` passed to [`parse`].
#[derive(Debug, Clone)]
pub struct Parsed {
    pub value: Value,
    pub repairs: Vec<Repair>,
}

impl Parsed {
    /// True when the input was strict JSON and needed no repair.
    pub fn is_strict(&self) -> bool {
        self.repairs.is_empty()
    }

    /// The repairs as one line for a message, one entry per kind in order of first
    /// appearance, with a count when a kind recurs: "removed a trailing comma (3 times),
    /// skipped a // comment". Empty when there were none.
    pub fn summary(&self) -> String {
        let mut kinds: Vec<(RepairKind, usize)> = Vec::new();
        for repair in &self.repairs {
            match kinds.iter_mut().find(|(k, _)| *k == repair.kind) {
                Some((_, n)) => *n += 1,
                None => kinds.push((repair.kind, 1)),
            }
        }
        let parts: Vec<String> = kinds
            .into_iter()
            .map(|(k, n)| {
                if n == 1 {
                    k.describe().to_string()
                } else {
                    format!("{} ({n} times)", k.describe())
                }
            })
            .collect();
        parts.join(", ")
    }
}

/// One repair, at the byte offset in the input where it was made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub kind: RepairKind,
    pub offset: usize,
}

/// What was wrong with the input, and what the reader did about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RepairKind {
    /// `[1, 2,]`, `{"a": 1,}`: the comma was dropped.
    TrailingComma,
    /// `"a": 1 "b": 2`, `}` line break `{`: a comma was assumed between the two.
    MissingComma,
    /// `{blockType: "request"}`, `{@odata.type: "x"}`: the key was read as a string.
    UnquotedKey,
    /// `'text'`: read as a string.
    SingleQuotes,
    /// A raw line break, tab or other control character inside a string: kept as it is.
    RawControlCharInString,
    /// `&quot;` (or `&#34;`, `&#39;`, `&apos;`) used as a quote, and `&amp;`, `&lt;`,
    /// `&gt;` inside such strings: decoded.
    HtmlEntity,
    /// `// ...` up to the end of the line: skipped.
    LineComment,
    /// `/* ... */`: skipped.
    BlockComment,
    /// U+00A0, U+2007 or U+202F outside a string: read as a space.
    NonBreakingSpace,
    /// Text after the closing brace or bracket of the value (`{ ... } words`, a second
    /// `}`): ignored.
    TrailingText,
    /// A byte-order mark, zero-width space, direction mark, form feed or other Unicode
    /// space outside a string: read as a space.
    UnicodeWhitespace,
    /// A comma with nothing before it (`[,1]`, `[1,,2]`, `{,"a":1}`): dropped.
    ExtraComma,
    /// A `...` or `…` placeholder standing for elided array elements or object members
    /// (`[ ... ]`, `{ ... }`, a line holding only `...`): dropped.
    Ellipsis,
    /// A backslash that starts no JSON escape (`\'`, `C:\path`): kept as literal text.
    InvalidEscape,
    /// A `\uD800`-style escape naming half a surrogate pair: read as U+FFFD.
    LoneSurrogate,
}

impl RepairKind {
    /// Every kind, in declaration order.
    pub const ALL: [RepairKind; 15] = [
        RepairKind::TrailingComma,
        RepairKind::MissingComma,
        RepairKind::UnquotedKey,
        RepairKind::SingleQuotes,
        RepairKind::RawControlCharInString,
        RepairKind::HtmlEntity,
        RepairKind::LineComment,
        RepairKind::BlockComment,
        RepairKind::NonBreakingSpace,
        RepairKind::TrailingText,
        RepairKind::UnicodeWhitespace,
        RepairKind::ExtraComma,
        RepairKind::Ellipsis,
        RepairKind::InvalidEscape,
        RepairKind::LoneSurrogate,
    ];

    /// What the reader did, in plain English.
    pub fn describe(self) -> &'static str {
        match self {
            RepairKind::TrailingComma => "removed a trailing comma",
            RepairKind::MissingComma => "inserted a missing comma",
            RepairKind::UnquotedKey => "read an unquoted object key as a string",
            RepairKind::SingleQuotes => "read a single-quoted string",
            RepairKind::RawControlCharInString => {
                "kept a raw line break or control character inside a string"
            }
            RepairKind::HtmlEntity => {
                "decoded HTML entities such as &quot; used in place of characters"
            }
            RepairKind::LineComment => "skipped a // comment",
            RepairKind::BlockComment => "skipped a /* */ comment",
            RepairKind::NonBreakingSpace => "read a non-breaking space as a space",
            RepairKind::TrailingText => "ignored text after the end of the JSON value",
            RepairKind::UnicodeWhitespace => {
                "read an invisible or Unicode space character as a space"
            }
            RepairKind::ExtraComma => "removed a stray comma",
            RepairKind::Ellipsis => "dropped a ... placeholder",
            RepairKind::InvalidEscape => "kept an invalid backslash escape as literal text",
            RepairKind::LoneSurrogate => "replaced an unpaired \\u surrogate escape with U+FFFD",
        }
    }
}

impl fmt::Display for RepairKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// Why the input could not be read, and the byte offset where reading stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    pub offset: usize,
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at byte {})", self.message, self.offset)
    }
}

impl std::error::Error for JsonError {}

/// Strict serde_json first; if that fails, the lenient parser. Ok with empty repairs
/// when strict succeeded.
pub fn parse(input: &str) -> Result<Parsed, JsonError> {
    if let Some(value) = strict(input) {
        return Ok(Parsed {
            value,
            repairs: Vec::new(),
        });
    }
    match Lenient::new(input, false).document() {
        Ok(parsed) => Ok(parsed),
        // `&quot;` is read as a quote only when nothing else works: a string may
        // legitimately contain `&quot;` as text. When both readings fail, the error of
        // the one that got further is the more telling.
        Err(error) if input.contains('&') => match Lenient::new(input, true).document() {
            Ok(parsed) => Ok(parsed),
            Err(entity_error) if entity_error.offset > error.offset => Err(entity_error),
            Err(_) => Err(error),
        },
        Err(error) => Err(error),
    }
}

/// Strict JSON read into the [`Value`] `serde_json::from_str::<Value>` reads, `None` where it
/// fails. serde_json grows each object's map and each array one entry at a time, and a map
/// rehashes its keys each time it grows; here the members and elements of the objects and
/// arrays being read wait on per-thread stacks, and each map and array is made at its final
/// size. A map is filled by inserting its members in order, as serde_json fills it, so a
/// repeated key keeps its first place and its last value, as there.
fn strict(input: &str) -> Option<Value> {
    thread_local! {
        static PENDING: RefCell<Pending> = RefCell::default();
    }
    PENDING.with(|pending| {
        let Ok(mut pending) = pending.try_borrow_mut() else {
            return serde_json::from_str(input).ok();
        };
        // What a failed read left behind.
        pending.members.clear();
        pending.elements.clear();
        let mut de = serde_json::Deserializer::from_str(input);
        let value = ValueSeed(&mut pending).deserialize(&mut de).ok()?;
        de.end().ok()?;
        Some(value)
    })
}

/// The members and elements read so far of the objects and arrays being read, innermost last.
#[derive(Default)]
struct Pending {
    members: Vec<(String, Value)>,
    elements: Vec<Value>,
}

/// Reads one value, as serde_json's own `Value` visitor does, onto the stacks of [`Pending`].
struct ValueSeed<'p>(&'p mut Pending);

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_i128<E: de::Error>(self, value: i128) -> Result<Value, E> {
        Number::deserialize(de::value::I128Deserializer::new(value)).map(Value::Number)
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u128<E: de::Error>(self, value: u128) -> Result<Value, E> {
        Number::deserialize(de::value::U128Deserializer::new(value)).map(Value::Number)
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let ValueSeed(pending) = self;
        let start = pending.elements.len();
        while let Some(element) = seq.next_element_seed(ValueSeed(&mut *pending))? {
            pending.elements.push(element);
        }
        Ok(Value::Array(pending.elements.drain(start..).collect()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let ValueSeed(pending) = self;
        let start = pending.members.len();
        while let Some(key) = map.next_key::<String>()? {
            let value = map.next_value_seed(ValueSeed(&mut *pending))?;
            pending.members.push((key, value));
        }
        // `Map`'s `FromIterator` makes the map at the exact size of the drain, then inserts.
        Ok(Value::Object(pending.members.drain(start..).collect()))
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Quote {
    Double,
    Single,
}

type Res<T> = Result<T, JsonError>;

struct Lenient<'a> {
    src: &'a str,
    b: &'a [u8],
    pos: usize,
    /// Read `&quot;` and friends as the characters they stand for.
    entities: bool,
    repairs: Vec<Repair>,
    depth: usize,
    /// Offset of the first raw line break in the string value just read, if it had one:
    /// used to point at a probably missing closing quote.
    open_line: Option<usize>,
}

fn error<T>(offset: usize, message: impl Into<String>) -> Res<T> {
    Err(JsonError {
        offset,
        message: message.into(),
    })
}

/// `s` cut to at most `max` characters, for messages.
fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn is_key_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'_' | b'$' | b'@')
}

fn is_key_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'$' | b'@' | b'.' | b'-')
}

/// A space that is not JSON whitespace, and the repair that reading it as a space is.
fn space_kind(c: char) -> Option<RepairKind> {
    match c {
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => Some(RepairKind::NonBreakingSpace),
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{200E}' | '\u{200F}'
        | '\u{2060}' => Some(RepairKind::UnicodeWhitespace),
        c if c.is_whitespace() => Some(RepairKind::UnicodeWhitespace),
        _ => None,
    }
}

const QUOTE_ENTITIES: [(&str, Quote); 6] = [
    ("&quot;", Quote::Double),
    ("&#34;", Quote::Double),
    ("&#x22;", Quote::Double),
    ("&#39;", Quote::Single),
    ("&apos;", Quote::Single),
    ("&#x27;", Quote::Single),
];

const TEXT_ENTITIES: [(&str, char); 3] = [("&amp;", '&'), ("&lt;", '<'), ("&gt;", '>')];

const SPACE_ENTITIES: [&str; 3] = ["&nbsp;", "&#160;", "&#xa0;"];

fn quote_entity(s: &str) -> Option<(Quote, usize)> {
    QUOTE_ENTITIES
        .iter()
        .find(|(e, _)| s.starts_with(e))
        .map(|&(e, q)| (q, e.len()))
}

impl<'a> Lenient<'a> {
    fn new(src: &'a str, entities: bool) -> Self {
        Lenient {
            src,
            b: src.as_bytes(),
            pos: 0,
            entities,
            repairs: Vec::new(),
            depth: 0,
            open_line: None,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// The input from `pos` on (`pos` always sits on a character boundary).
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn repair(&mut self, kind: RepairKind, offset: usize) -> Res<()> {
        if self.repairs.len() >= MAX_REPAIRS {
            return error(
                offset,
                format!("gave up after {MAX_REPAIRS} repairs: this does not read as JSON"),
            );
        }
        self.repairs.push(Repair { kind, offset });
        Ok(())
    }

    /// What stands at `pos`, for messages.
    fn found(&self) -> String {
        self.found_at(self.pos)
    }

    /// What stands at `at`, for messages.
    fn found_at(&self, at: usize) -> String {
        let rest = self.src.get(at..).unwrap_or("");
        match rest.chars().next() {
            None => "the end of the input".to_string(),
            Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
                let word: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .take(41)
                    .collect();
                format!("`{}`", clip(&word, 40))
            }
            Some(c) if c.is_control() || c.is_whitespace() => format!("U+{:04X}", c as u32),
            Some(c) => format!("'{c}'"),
        }
    }

    fn document(mut self) -> Res<Parsed> {
        self.skip_ws()?;
        if self.pos >= self.b.len() {
            let message = if self.src.trim().is_empty() {
                "expected a JSON value but the input is empty"
            } else {
                "expected a JSON value but the input holds only spaces and comments"
            };
            return error(self.pos, message);
        }
        let value = self.value()?;
        let tail = match self.skip_ws() {
            Ok(()) => self.pos,
            Err(e) => e.offset,
        };
        if tail < self.b.len() {
            if !matches!(value, Value::Object(_) | Value::Array(_)) {
                return error(
                    tail,
                    format!("unexpected {} after the JSON value", self.found_at(tail)),
                );
            }
            if continues_json(self.src.get(tail..).unwrap_or("")) {
                return error(
                    tail,
                    "more object members follow the end of the value: a '}' or ']' closes it too early",
                );
            }
            self.repair(RepairKind::TrailingText, tail)?;
        }
        Ok(Parsed {
            value,
            repairs: self.repairs,
        })
    }

    /// Skips JSON whitespace, and (as repairs) comments and other spaces.
    fn skip_ws(&mut self) -> Res<()> {
        let mut seen_nbsp = false;
        let mut seen_unicode = false;
        let mut seen_entity = false;
        while let Some(c) = self.peek() {
            match c {
                b' ' | b'\t' | b'\n' | b'\r' => self.pos += 1,
                b'\x0b' | b'\x0c' => {
                    if !seen_unicode {
                        seen_unicode = true;
                        self.repair(RepairKind::UnicodeWhitespace, self.pos)?;
                    }
                    self.pos += 1;
                }
                b'/' => match self.b.get(self.pos + 1) {
                    Some(b'/') => {
                        self.repair(RepairKind::LineComment, self.pos)?;
                        self.pos = match self.rest().find('\n') {
                            Some(i) => self.pos + i + 1,
                            None => self.b.len(),
                        };
                    }
                    Some(b'*') => {
                        let body = self.src.get(self.pos + 2..).unwrap_or("");
                        match body.find("*/") {
                            Some(i) => {
                                self.repair(RepairKind::BlockComment, self.pos)?;
                                self.pos += 2 + i + 2;
                            }
                            None => {
                                return error(self.pos, "this /* comment is never closed with */");
                            }
                        }
                    }
                    _ => break,
                },
                b'&' if self.entities => {
                    match SPACE_ENTITIES.iter().find(|e| self.rest().starts_with(*e)) {
                        Some(e) => {
                            if !seen_entity {
                                seen_entity = true;
                                self.repair(RepairKind::HtmlEntity, self.pos)?;
                            }
                            self.pos += e.len();
                        }
                        None => break,
                    }
                }
                0x80.. => {
                    let Some(ch) = self.rest().chars().next() else {
                        break;
                    };
                    let Some(kind) = space_kind(ch) else { break };
                    let seen = if kind == RepairKind::NonBreakingSpace {
                        &mut seen_nbsp
                    } else {
                        &mut seen_unicode
                    };
                    if !*seen {
                        *seen = true;
                        self.repair(kind, self.pos)?;
                    }
                    self.pos += ch.len_utf8();
                }
                _ => break,
            }
        }
        Ok(())
    }

    /// The quote that opens a string at `pos`, and its length in bytes.
    fn string_start(&self) -> Option<(Quote, usize)> {
        match self.peek()? {
            b'"' => Some((Quote::Double, 1)),
            b'\'' => Some((Quote::Single, 1)),
            b'&' if self.entities => quote_entity(self.rest()),
            _ => None,
        }
    }

    /// The length of a `...` or `…` placeholder at `pos`.
    fn ellipsis(&self) -> Option<usize> {
        let rest = self.rest();
        let dots = rest.bytes().take_while(|&c| c == b'.').count();
        if dots >= 3 {
            return Some(dots);
        }
        let marks = rest.chars().take_while(|&c| c == '…').count();
        (marks > 0).then_some(marks * '…'.len_utf8())
    }

    /// An unquoted key at `pos` followed by `:`: its length.
    fn unquoted_key(&self) -> Option<usize> {
        let rest = self.rest().as_bytes();
        if !is_key_start(*rest.first()?) {
            return None;
        }
        let len = rest.iter().take_while(|&&c| is_key_char(c)).count();
        let after = rest[len..]
            .iter()
            .find(|&&c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
        (after == Some(&b':')).then_some(len)
    }

    /// A value starts at `pos` (used to tell a missing comma in an array).
    fn value_starts(&self) -> bool {
        match self.peek() {
            Some(b'{' | b'[' | b'"' | b'\'' | b'-' | b'0'..=b'9') => true,
            Some(b't' | b'f' | b'n') => {
                let word = self
                    .rest()
                    .bytes()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .count();
                matches!(&self.rest()[..word], "true" | "false" | "null")
            }
            Some(b'&') => self.string_start().is_some(),
            _ => false,
        }
    }

    fn value(&mut self) -> Res<Value> {
        self.open_line = None;
        let start = self.pos;
        match self.peek() {
            None => error(start, "expected a JSON value but the input ended"),
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(c) if c.is_ascii_alphabetic() => self.literal(),
            Some(_) if self.string_start().is_some() => Ok(Value::String(self.string()?)),
            Some(_) => error(
                start,
                format!("expected a JSON value, found {}", self.found()),
            ),
        }
    }

    fn enter(&mut self) -> Res<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return error(
                self.pos,
                format!("nested more than {MAX_DEPTH} levels deep"),
            );
        }
        Ok(())
    }

    fn object(&mut self) -> Res<Value> {
        let open = self.pos;
        self.enter()?;
        self.pos += 1;
        let mut map = Map::new();
        // The comma just read, if the last thing read was a comma.
        let mut comma: Option<usize> = None;
        'members: loop {
            self.skip_ws()?;
            let at = self.pos;
            let key = match self.peek() {
                None => {
                    return error(
                        open,
                        "this '{' is never closed: the input ends before its '}'",
                    );
                }
                Some(b'}') => {
                    if let Some(c) = comma {
                        self.repair(RepairKind::TrailingComma, c)?;
                    }
                    self.pos += 1;
                    break 'members;
                }
                Some(b',') => {
                    self.repair(RepairKind::ExtraComma, at)?;
                    self.pos += 1;
                    comma = Some(at);
                    continue 'members;
                }
                Some(_) if self.string_start().is_some() => Some(self.string()?),
                Some(_) => {
                    if let Some(len) = self.ellipsis() {
                        self.repair(RepairKind::Ellipsis, at)?;
                        self.pos += len;
                        None
                    } else if let Some(len) = self.unquoted_key() {
                        self.repair(RepairKind::UnquotedKey, at)?;
                        self.pos += len;
                        Some(self.src[at..self.pos].to_string())
                    } else if self.peek().is_some_and(is_key_start) {
                        self.pos += self.rest().bytes().take_while(|&c| is_key_char(c)).count();
                        self.skip_ws()?;
                        return error(
                            self.pos,
                            format!("expected ':' after object key, found {}", self.found()),
                        );
                    } else {
                        return error(
                            at,
                            format!(
                                "expected a string key or '}}' in an object, found {}",
                                self.found()
                            ),
                        );
                    }
                }
            };
            if let Some(key) = key {
                self.skip_ws()?;
                if self.peek() != Some(b':') {
                    return error(
                        self.pos,
                        format!("expected ':' after object key, found {}", self.found()),
                    );
                }
                self.pos += 1;
                self.skip_ws()?;
                let value = self.value()?;
                map.insert(key, value);
            }
            // After a member (or a placeholder): a comma, the end, or a missing comma.
            loop {
                self.skip_ws()?;
                let at = self.pos;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        comma = Some(at);
                        continue 'members;
                    }
                    Some(b'}') => {
                        self.pos += 1;
                        break 'members;
                    }
                    None => {
                        return error(
                            open,
                            "this '{' is never closed: the input ends before its '}'",
                        );
                    }
                    Some(_) => {
                        if let Some(len) = self.ellipsis() {
                            self.repair(RepairKind::Ellipsis, at)?;
                            self.pos += len;
                            continue;
                        }
                        if self.string_start().is_some() || self.unquoted_key().is_some() {
                            self.repair(RepairKind::MissingComma, at)?;
                            comma = None;
                            continue 'members;
                        }
                        return Err(self.separator_error(at, "',' or '}' after an object member"));
                    }
                }
            }
        }
        self.depth -= 1;
        self.open_line = None;
        Ok(Value::Object(map))
    }

    fn array(&mut self) -> Res<Value> {
        let open = self.pos;
        self.enter()?;
        self.pos += 1;
        let mut items = Vec::new();
        let mut comma: Option<usize> = None;
        'items: loop {
            self.skip_ws()?;
            let at = self.pos;
            match self.peek() {
                None => {
                    return error(
                        open,
                        "this '[' is never closed: the input ends before its ']'",
                    );
                }
                Some(b']') => {
                    if let Some(c) = comma {
                        self.repair(RepairKind::TrailingComma, c)?;
                    }
                    self.pos += 1;
                    break 'items;
                }
                Some(b',') => {
                    self.repair(RepairKind::ExtraComma, at)?;
                    self.pos += 1;
                    comma = Some(at);
                    continue 'items;
                }
                Some(_) => match self.ellipsis() {
                    Some(len) => {
                        self.repair(RepairKind::Ellipsis, at)?;
                        self.pos += len;
                    }
                    None => items.push(self.value()?),
                },
            }
            loop {
                self.skip_ws()?;
                let at = self.pos;
                match self.peek() {
                    Some(b',') => {
                        self.pos += 1;
                        comma = Some(at);
                        continue 'items;
                    }
                    Some(b']') => {
                        self.pos += 1;
                        break 'items;
                    }
                    None => {
                        return error(
                            open,
                            "this '[' is never closed: the input ends before its ']'",
                        );
                    }
                    Some(_) => {
                        if let Some(len) = self.ellipsis() {
                            self.repair(RepairKind::Ellipsis, at)?;
                            self.pos += len;
                            continue;
                        }
                        if self.value_starts() {
                            self.repair(RepairKind::MissingComma, at)?;
                            comma = None;
                            continue 'items;
                        }
                        return Err(self.separator_error(at, "',' or ']' after an array element"));
                    }
                }
            }
        }
        self.depth -= 1;
        self.open_line = None;
        Ok(Value::Array(items))
    }

    /// No separator where one was expected. When the value before ran over a line break
    /// inside a string, a closing quote is most likely missing there: point at it.
    fn separator_error(&self, at: usize, expected: &str) -> JsonError {
        match self.open_line {
            Some(line_end) => JsonError {
                offset: line_end,
                message: format!(
                    "expected {expected}, found {}; the string before it runs on past the end of this line, \
                     so its closing quote is probably missing here",
                    self.found()
                ),
            },
            None => JsonError {
                offset: at,
                message: format!("expected {expected}, found {}", self.found()),
            },
        }
    }

    fn number(&mut self) -> Res<Value> {
        let start = self.pos;
        let len = self
            .rest()
            .bytes()
            .take_while(|c| matches!(c, b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E'))
            .count();
        self.pos += len;
        let text = &self.src[start..self.pos];
        match serde_json::from_str::<Value>(text) {
            Ok(number @ Value::Number(_)) => Ok(number),
            _ => error(start, format!("invalid number `{}`", clip(text, 40))),
        }
    }

    fn literal(&mut self) -> Res<Value> {
        let start = self.pos;
        let len = self
            .rest()
            .bytes()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_')
            .count();
        let value = match &self.src[start..start + len] {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            word => {
                return error(
                    start,
                    format!(
                        "expected a JSON value, found `{}` (text without quotes is not read as a string)",
                        clip(word, 40)
                    ),
                );
            }
        };
        self.pos += len;
        Ok(value)
    }

    /// Reads a string at `pos`, opened by `"`, `'` or (in entity mode) `&quot;`.
    fn string(&mut self) -> Res<String> {
        let start = self.pos;
        let Some((quote, open_len)) = self.string_start() else {
            return error(start, format!("expected a string, found {}", self.found()));
        };
        if quote == Quote::Single {
            self.repair(RepairKind::SingleQuotes, start)?;
        }
        let mut entity = open_len > 1;
        if entity {
            self.repair(RepairKind::HtmlEntity, start)?;
        }
        self.pos += open_len;
        let mut out = String::new();
        let mut control = false;
        let mut open_line = None;
        loop {
            let run = self.pos;
            while let Some(&c) = self.b.get(self.pos) {
                if c == b'\\' || c < 0x20 || c == b'"' || c == b'\'' || (c == b'&' && self.entities)
                {
                    break;
                }
                self.pos += 1;
            }
            out.push_str(self.src.get(run..self.pos).unwrap_or(""));
            let at = self.pos;
            let Some(c) = self.peek() else {
                let hint = if open_line.is_some() {
                    "; it runs across line breaks, so a closing quote is probably missing at the end of its first line"
                } else {
                    ""
                };
                return error(
                    start,
                    format!(
                        "this string is never closed: no closing quote before the end of the input{hint}"
                    ),
                );
            };
            match c {
                b'"' | b'\'' => {
                    self.pos += 1;
                    if (c == b'"') == (quote == Quote::Double) {
                        break;
                    }
                    out.push(c as char);
                }
                b'&' => {
                    let rest = self.rest();
                    if let Some((q, len)) = quote_entity(rest) {
                        if !entity {
                            entity = true;
                            self.repair(RepairKind::HtmlEntity, at)?;
                        }
                        self.pos += len;
                        if q == quote {
                            break;
                        }
                        out.push(if q == Quote::Double { '"' } else { '\'' });
                    } else if let Some(&(e, ch)) =
                        TEXT_ENTITIES.iter().find(|(e, _)| rest.starts_with(e))
                    {
                        if !entity {
                            entity = true;
                            self.repair(RepairKind::HtmlEntity, at)?;
                        }
                        self.pos += e.len();
                        out.push(ch);
                    } else {
                        self.pos += 1;
                        out.push('&');
                    }
                }
                b'\\' => self.escape(quote, &mut out)?,
                _ => {
                    if !control {
                        control = true;
                        self.repair(RepairKind::RawControlCharInString, at)?;
                    }
                    if c == b'\n' && open_line.is_none() {
                        open_line = Some(at);
                    }
                    self.pos += 1;
                    out.push(c as char);
                }
            }
        }
        self.open_line = open_line;
        Ok(out)
    }

    /// Reads the escape at `pos` (a backslash) into `out`.
    fn escape(&mut self, quote: Quote, out: &mut String) -> Res<()> {
        let at = self.pos;
        let Some(c) = self.b.get(at + 1).copied() else {
            return error(
                at,
                "this string is never closed: the input ends after a backslash",
            );
        };
        let simple = match c {
            b'"' => Some('"'),
            b'\\' => Some('\\'),
            b'/' => Some('/'),
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'n' => Some('\n'),
            b'r' => Some('\r'),
            b't' => Some('\t'),
            b'\'' => {
                if quote != Quote::Single {
                    self.repair(RepairKind::InvalidEscape, at)?;
                }
                Some('\'')
            }
            _ => None,
        };
        if let Some(ch) = simple {
            self.pos += 2;
            out.push(ch);
            return Ok(());
        }
        if c != b'u' {
            // Keep the backslash; what follows is read as ordinary string content.
            self.repair(RepairKind::InvalidEscape, at)?;
            self.pos += 1;
            out.push('\\');
            return Ok(());
        }
        let unit = self.hex4(at + 2).ok_or_else(|| JsonError {
            offset: at,
            message: "invalid \\u escape: expected four hex digits".to_string(),
        })?;
        self.pos = at + 6;
        let ch = match unit {
            0xD800..=0xDBFF => {
                let low = (self.b.get(self.pos) == Some(&b'\\')
                    && self.b.get(self.pos + 1) == Some(&b'u'))
                .then(|| self.hex4(self.pos + 2))
                .flatten()
                .filter(|low| (0xDC00..=0xDFFF).contains(low));
                match low {
                    Some(low) => {
                        self.pos += 6;
                        char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    }
                    None => None,
                }
            }
            _ => char::from_u32(unit),
        };
        match ch {
            Some(ch) => out.push(ch),
            None => {
                self.repair(RepairKind::LoneSurrogate, at)?;
                out.push('\u{FFFD}');
            }
        }
        Ok(())
    }

    fn hex4(&self, at: usize) -> Option<u32> {
        let digits = self.b.get(at..at + 4)?;
        digits
            .iter()
            .try_fold(0u32, |n, &d| Some(n * 16 + (d as char).to_digit(16)?))
    }
}

/// The text after a complete top-level value goes on as if the value were still open:
/// `, "b": 2 }` or `"b": 2 }`. Reading only the first value would silently lose data.
fn continues_json(tail: &str) -> bool {
    let t = tail.trim_start();
    if t.starts_with(',') || t.starts_with(':') {
        return true;
    }
    let Some(body) = t.strip_prefix('"') else {
        return false;
    };
    match body.find(['"', '\n']) {
        Some(i) if body.as_bytes()[i] == b'"' => body[i + 1..]
            .trim_start_matches([' ', '\t'])
            .starts_with(':'),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn strict_reads_what_serde_json_reads() {
        for input in [
            r#"{"blockType": "request", "name": ["a", "b"], "truncated": true}"#,
            r#"{"b": 1, "a": 2, "b": 3, "c": {"b": [], "a": {}}}"#,
            r#"[1, -2, 3.5, 1e400, 18446744073709551615, -9223372036854775809, null, false]"#,
            r#"{"a\u00e9\"": "x\ny", "": [[[{"k": [1, {"z": 0, "y": 1}]}]]], "e": [{}, []]}"#,
            "  {\"a\": 1}  ",
            "\"text\"",
            "[]",
            "{}",
            "",
            "{\"a\": 1,}",
            "{\"a\": 1} x",
            "[1, 2",
            "{\"a\": [1, {\"b\": }]}",
        ] {
            let theirs = serde_json::from_str::<Value>(input).ok();
            let ours = strict(input);
            // `Value`'s equality ignores the order of keys; the text shows it.
            assert_eq!(
                ours.as_ref().map(Value::to_string),
                theirs.as_ref().map(Value::to_string),
                "{input}"
            );
            assert_eq!(ours, theirs, "{input}");
        }
        // Deeper than serde_json's recursion limit: refused by both.
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        assert_eq!(strict(&deep), None);
        // A failed read leaves nothing that shows in the next one.
        assert_eq!(strict(r#"{"a": [1, {"b": 2"#), None);
        assert_eq!(strict(r#"{"c": [3]}"#), Some(json!({"c": [3]})));
    }

    fn kinds(input: &str) -> Vec<RepairKind> {
        let parsed = parse(input).unwrap_or_else(|e| panic!("{input:?} failed: {e}"));
        parsed.repairs.iter().map(|r| r.kind).collect()
    }

    fn repaired(input: &str) -> (Value, Vec<RepairKind>) {
        let parsed = parse(input).unwrap_or_else(|e| panic!("{input:?} failed: {e}"));
        (
            parsed.value,
            parsed.repairs.iter().map(|r| r.kind).collect(),
        )
    }

    fn fails(input: &str) -> JsonError {
        match parse(input) {
            Ok(p) => panic!("{input:?} parsed as {:?} with {:?}", p.value, p.repairs),
            Err(e) => e,
        }
    }

    use RepairKind::*;

    #[test]
    fn strict_input_is_unchanged() {
        for input in [
            r#"{"blockType": "request", "name": "x", "@odata.type": "microsoft.graph.user"}"#,
            r#"[1, -2.5e3, true, false, null, "a\"b\\c\u00e9\ud83d\ude00", {}, []]"#,
            r#"{"content": "<div>&nbsp;&quot;x&quot;</div>", "url": "http://a//b/*c*/"}"#,
            r#"  {"z": 1, "a": 2, "z": 3}  "#,
            "12345678901234567890123",
            r#""just a string""#,
        ] {
            let parsed = parse(input).unwrap();
            assert!(parsed.is_strict(), "{input}");
            assert_eq!(parsed.value, serde_json::from_str::<Value>(input).unwrap());
        }
    }

    #[test]
    fn strict_and_lenient_agree_on_valid_json() {
        // A valid document that reaches the lenient parser through one repair must read
        // the same everywhere else.
        let valid = r#"{"a": [1, 2.50, -0, 1e2, 1E-2, 123456789012345678901234567890], "b": "\u00e9\ud83d\ude00\n\t\"",
            "c": {"d": null, "e": true}, "a": "dup"}"#;
        let strict: Value = serde_json::from_str(valid).unwrap();
        let lenient = parse(&format!("{valid} // note")).unwrap();
        assert_eq!(lenient.value, strict);
        assert_eq!(
            lenient.repairs,
            vec![Repair {
                kind: LineComment,
                offset: valid.len() + 1
            }]
        );
        assert_eq!(
            serde_json::to_string(&lenient.value).unwrap(),
            serde_json::to_string(&strict).unwrap()
        );
    }

    #[test]
    fn trailing_commas() {
        let (v, k) = repaired("{\n  \"blockType\": \"response\",\n}\n");
        assert_eq!(v, json!({"blockType": "response"}));
        assert_eq!(k, vec![TrailingComma]);
        let (v, k) = repaired("[1, [2,], ]");
        assert_eq!(v, json!([1, [2]]));
        assert_eq!(k, vec![TrailingComma, TrailingComma]);
        let p = parse("[1,]").unwrap();
        assert_eq!(
            p.repairs,
            vec![Repair {
                kind: TrailingComma,
                offset: 2
            }]
        );
    }

    #[test]
    fn extra_commas() {
        let (v, k) = repaired("[1,,2, ,3]");
        assert_eq!(v, json!([1, 2, 3]));
        assert_eq!(k, vec![ExtraComma, ExtraComma]);
        let (v, k) = repaired(r#"{,"a": 1,,"b": 2}"#);
        assert_eq!(v, json!({"a": 1, "b": 2}));
        assert_eq!(k, vec![ExtraComma, ExtraComma]);
    }

    #[test]
    fn missing_commas() {
        let (v, k) = repaired("{\n  \"tocPath\": \"\"\n  \"suppressions\": []\n}");
        assert_eq!(v, json!({"tocPath": "", "suppressions": []}));
        assert_eq!(k, vec![MissingComma]);
        let (v, k) = repaired("[\n  {\"a\": 1}\n  {\"a\": 2}\n]");
        assert_eq!(v, json!([{"a": 1}, {"a": 2}]));
        assert_eq!(k, vec![MissingComma]);
        let (v, k) = repaired(r#"{"a": 1 b: 2}"#);
        assert_eq!(v, json!({"a": 1, "b": 2}));
        assert_eq!(k, vec![MissingComma, UnquotedKey]);
        let (v, _) = repaired(r#"["x" "y" true null]"#);
        assert_eq!(v, json!(["x", "y", true, null]));
    }

    #[test]
    fn unquoted_keys() {
        let (v, k) = repaired(
            "{blockType: \"request\", @odata.type : \"microsoft.graph.user\", is-x\n:1, $a_b: 2}",
        );
        assert_eq!(
            v,
            json!({"blockType": "request", "@odata.type": "microsoft.graph.user", "is-x": 1, "$a_b": 2})
        );
        assert_eq!(k, vec![UnquotedKey; 4]);
    }

    #[test]
    fn single_quotes() {
        let (v, k) =
            repaired(r#"[{'target':'#para-id', 'content':'<img src="a.png" />', 'it\'s': 'x'}]"#);
        assert_eq!(
            v,
            json!([{"target": "#para-id", "content": "<img src=\"a.png\" />", "it's": "x"}])
        );
        assert_eq!(k, vec![SingleQuotes; 6]);
        let (v, _) = repaired(r#"{"a": "it's", 'b': 1}"#);
        assert_eq!(v, json!({"a": "it's", "b": 1}));
    }

    #[test]
    fn raw_control_chars_in_strings() {
        let input = "{\"suppressions\": [\"Error: x:\r\n      Expected type\tString\"]}";
        let p = parse(input).unwrap();
        assert_eq!(
            p.value,
            json!({"suppressions": ["Error: x:\r\n      Expected type\tString"]})
        );
        assert_eq!(
            p.repairs,
            vec![Repair {
                kind: RawControlCharInString,
                offset: input.find('\r').unwrap()
            }]
        );
        let (v, k) = repaired("[\"a\u{0}b\"]");
        assert_eq!(v, json!(["a\u{0}b"]));
        assert_eq!(k, vec![RawControlCharInString]);
    }

    #[test]
    fn html_entities() {
        let (v, k) = repaired(
            r#"{ &quot;blockType&quot;: &quot;request&quot;, &quot;name&quot;: &quot;a &amp; b &lt;c&gt;&quot; }"#,
        );
        assert_eq!(v, json!({"blockType": "request", "name": "a & b <c>"}));
        assert!(k.iter().all(|&k| k == HtmlEntity), "{k:?}");
        // Translated pages: the last member's quotes only.
        let input = "{\n  \"blockType\": \"resource\",\n  \"@type&quot;: &quot;microsoft.graph.accessAction\"\n}";
        let p = parse(input).unwrap();
        assert_eq!(
            p.value,
            json!({"blockType": "resource", "@type": "microsoft.graph.accessAction"})
        );
        assert_eq!(
            p.repairs[0],
            Repair {
                kind: HtmlEntity,
                offset: input.find("&quot;").unwrap()
            }
        );
        let (v, k) = repaired("{&#39;a&#39;:&nbsp;1}");
        assert_eq!(v, json!({"a": 1}));
        assert!(k.contains(&SingleQuotes) && k.contains(&HtmlEntity));
    }

    #[test]
    fn entities_inside_strings_stay_text_when_quotes_suffice() {
        // Not strict (trailing comma), but readable without entities: `&quot;` stays text.
        let (v, k) = repaired(r#"{"content": "<a title=&quot;x&quot;>&amp;</a>",}"#);
        assert_eq!(v, json!({"content": "<a title=&quot;x&quot;>&amp;</a>"}));
        assert_eq!(k, vec![TrailingComma]);
    }

    #[test]
    fn comments() {
        let (v, k) = repaired(
            "{\n  \"id\": \"fe93\", //template id of User Account Administrator\n  /** inherited */ \"x\": [1 /* one */]\n}",
        );
        assert_eq!(v, json!({"id": "fe93", "x": [1]}));
        assert_eq!(k, vec![LineComment, BlockComment, BlockComment]);
        let (v, k) = repaired("// leading\n[1]");
        assert_eq!(v, json!([1]));
        assert_eq!(k, vec![LineComment]);
    }

    #[test]
    fn unicode_spaces() {
        let (v, k) = repaired("{\u{a0}\"a\":\u{a0}\u{a0}1,\u{202f}\n\"b\": 2}");
        assert_eq!(v, json!({"a": 1, "b": 2}));
        assert_eq!(
            k,
            vec![NonBreakingSpace, NonBreakingSpace, NonBreakingSpace]
        );
        let p = parse("\u{feff}{\"a\": [\u{200b}1]}").unwrap();
        assert_eq!(p.value, json!({"a": [1]}));
        assert_eq!(
            p.repairs,
            vec![
                Repair {
                    kind: UnicodeWhitespace,
                    offset: 0
                },
                Repair {
                    kind: UnicodeWhitespace,
                    offset: 10
                }
            ]
        );
        // Inside strings they are content.
        let (v, _) = repaired("{\"a\": \"x\u{a0}y\",}");
        assert_eq!(v, json!({"a": "x\u{a0}y"}));
    }

    #[test]
    fn trailing_text() {
        let input = "{\n  \"target\": {}\n}\n```\n";
        let p = parse(input).unwrap();
        assert_eq!(p.value, json!({"target": {}}));
        assert_eq!(
            p.repairs,
            vec![Repair {
                kind: TrailingText,
                offset: input.find('`').unwrap()
            }]
        );
        assert_eq!(kinds("{\"a\": 1} }"), vec![TrailingText]);
        assert_eq!(kinds("[1] some words"), vec![TrailingText]);
        assert_eq!(
            kinds("{\"a\": 1}\n\n### Response\n\nThe following {\"is\": \"an example\"}"),
            vec![TrailingText]
        );
        assert_eq!(kinds("{\"a\": 1} /* never closed"), vec![TrailingText]);
        assert_eq!(kinds("{\"a\": 1}\n{\"b\": 2}"), vec![TrailingText]);
    }

    #[test]
    fn ellipsis_placeholders() {
        let (v, k) = repaired("{\n  \"value\": [\n    {\"id\": 1},\n    ...\n  ]\n}");
        assert_eq!(v, json!({"value": [{"id": 1}]}));
        assert_eq!(k, vec![Ellipsis]);
        let (v, k) = repaired("{\"a\": [ ... ], \"b\": { … }, \"c\": [1, ..., 2], ...}");
        assert_eq!(v, json!({"a": [], "b": {}, "c": [1, 2]}));
        assert_eq!(k, vec![Ellipsis; 4]);
        let (v, k) = repaired("{\"a\": 1 ... }");
        assert_eq!(v, json!({"a": 1}));
        assert_eq!(k, vec![Ellipsis]);
        let (v, k) = repaired("[1, ..., ]");
        assert_eq!(v, json!([1]));
        assert_eq!(k, vec![Ellipsis, TrailingComma]);
    }

    #[test]
    fn escapes() {
        let (v, k) = repaired(r#"{"path": "C:\Users\x", "q": "it\'s",}"#);
        assert_eq!(v, json!({"path": "C:\\Users\\x", "q": "it's"}));
        assert_eq!(
            k,
            vec![InvalidEscape, InvalidEscape, InvalidEscape, TrailingComma]
        );
        let (v, k) = repaired(r#"["\ud800", "\udc00x", "\ud83d\ude00", "\ud800\u0041"]"#);
        assert_eq!(v, json!(["\u{fffd}", "\u{fffd}x", "😀", "\u{fffd}A"]));
        assert_eq!(k, vec![LoneSurrogate; 3]);
        let e = fails(r#"["\u12"]"#);
        assert_eq!(e.offset, 2);
        assert!(e.message.contains("\\u escape"), "{e}");
    }

    #[test]
    fn annotation_shapes_from_the_corpus() {
        let (v, k) = repaired(
            "{\n  \"blockType\": \"response\",\n  \"truncated\": true,\n  \"@odata.type\": \"microsoft.graph.mailTips\",\n  isCollection: true\n} ",
        );
        assert_eq!(v["isCollection"], json!(true));
        assert_eq!(k, vec![UnquotedKey]);
        let (v, k) = repaired(
            r#"{"blockType": "example", truncated: true,"@odata.type": "microsoft.graph.permission" } "#,
        );
        assert_eq!(v["truncated"], json!(true));
        assert_eq!(k, vec![UnquotedKey]);
    }

    #[test]
    fn not_json_at_all() {
        for input in [
            "This is prose, not JSON.",
            "<xml><a>1</a></xml>",
            "key=value\nother=thing",
            "Report Refresh Date,User Principal Name,Display Name",
            "[Zip file containing a Teams app package]",
            "{ this is not json }",
            "Prefer: odata.maxpagesize=2",
            "...",
            "-",
            "+1",
            "True",
            "'",
            "/* only a comment */",
            "   \n\t ",
        ] {
            let e = fails(input);
            assert!(e.offset <= input.len(), "{input:?}: {e:?}");
        }
    }

    #[test]
    fn guesses_are_errors() {
        // Unquoted value.
        let e = fails("{\"audioDuration\": 00:00:00}");
        assert!(e.message.contains("invalid number"), "{e}");
        let e = fails("{\"description\": translationPreferences resource\",\n\"keywords\": \"\"}");
        assert_eq!(e.offset, 16);
        assert!(e.message.contains("`translationPreferences`"), "{e}");
        // A string missing its closing quote at the end of a line.
        let input = "{\n  \"description\": \"User delete teamsAppInstallations,\n  \"keywords\": \"\",\n  \"tocPath\": \"\"\n}";
        let e = fails(input);
        assert_eq!(e.offset, input.find(",\n  \"keywords").unwrap() + 1);
        assert!(
            e.message.contains("closing quote is probably missing"),
            "{e}"
        );
        // A doubled quote.
        fails("{\"code\": \"\"internalServerErrorUncategorized\", \"m\": 1}");
        // Members after the top-level value was closed.
        let e = fails("{\"a\": {\"b\": 1}}, \"c\": 2}");
        assert_eq!(e.offset, 15);
        fails("{\"a\": {\"b\": 1}}\n  \"c\": 2\n}");
        // A value where a key should be; a member with no value; a colon in an array.
        fails("{\"userCounts\": [\"reportPeriod\":7]}");
        fails("{\"a\": }");
        fails("{\"a\": ...}");
        fails("{\"a\" 1}");
        fails("[1 2 3 : 4]");
        fails("{1: 2}");
        fails("[NaN, Infinity]");
        fails("[.5]");
        fails("[0x10]");
        fails("[1e400]");
        fails("{\"a\": 1} , \"b\": 2");
        fails("\"a\" b");
        fails("1 2");
        fails("[&quot;a&quot;, &amp;]");
    }

    #[test]
    fn unbalanced_and_unterminated() {
        let e = fails("{\"a\": {\"b\": 1}");
        assert_eq!(e.offset, 0);
        assert!(e.message.contains("never closed"), "{e}");
        let e = fails("[1, [2, 3]");
        assert_eq!(e.offset, 0);
        let e = fails("{\"a\": \"unterminated");
        assert_eq!(e.offset, 6);
        assert!(e.message.contains("never closed"), "{e}");
        let e = fails("{\"a\": \"x\\");
        assert_eq!(e.offset, 8);
        fails("{\"a\": 1 /* unterminated comment");
        fails("{");
        fails("[");
        fails("{\"a\"");
        fails("{\"a\":");
        fails("]");
        fails("}");
        fails("{\"a\": 1]");
        fails("[1}");
    }

    #[test]
    fn empty_input() {
        let e = fails("");
        assert_eq!(e.offset, 0);
        assert!(e.message.contains("empty"), "{e}");
        fails("\u{feff}");
    }

    #[test]
    fn nul_bytes() {
        fails("\0");
        fails("{\0}");
        fails("[1,\0]");
        let (v, k) = repaired("{\"a\": \"\0\"}");
        assert_eq!(v, json!({"a": "\0"}));
        assert_eq!(k, vec![RawControlCharInString]);
        let (v, _) = repaired("{\"a\": \"\\u0000\",}");
        assert_eq!(v, json!({"a": "\0"}));
    }

    #[test]
    fn deep_nesting_is_an_error_not_an_overflow() {
        for open in ["[", "{\"a\":", "{a:", "[{\"a\":", "['", "[&quot;x&quot;,"] {
            let deep = open.repeat(100_000);
            let e = fails(&deep);
            assert!(e.message.contains("levels deep"), "{open}: {e}");
        }
        let closed = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(fails(&closed).message.contains("levels deep"));
        // The limit itself is fine, also when the strict reader gives up before it.
        let at_limit = format!("{}1,{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        let p = parse(&at_limit).unwrap();
        assert_eq!(p.repairs.len(), 1);
        let at_limit = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&at_limit).unwrap().is_strict());
        let over = format!(
            "{}1{}",
            "[".repeat(MAX_DEPTH + 1),
            "]".repeat(MAX_DEPTH + 1)
        );
        fails(&over);
        // Dropping the deepest value we return is fine.
        drop(parse(&at_limit).unwrap());
    }

    #[test]
    fn huge_single_lines() {
        let n = 5 * 1024 * 1024;
        // One long line of members with a trailing comma: repaired, in linear time.
        let mut body = String::from("{");
        let mut i = 0;
        while body.len() < n {
            body.push_str(&format!("\"k{i}\": [1, \"x\", {{\"y\": null}}], "));
            i += 1;
        }
        body.push('}');
        let p = parse(&body).unwrap();
        assert_eq!(p.value.as_object().unwrap().len(), i);
        assert_eq!(p.repairs.len(), 1);
        // A 5 MB string, a 5 MB unterminated string, 5 MB of non-JSON.
        let long = format!("[\"{}\",]", "a".repeat(n));
        assert_eq!(parse(&long).unwrap().value[0].as_str().unwrap().len(), n);
        fails(&format!("[\"{}", "a".repeat(n)));
        fails(&"x".repeat(n));
        fails(&format!("[{}]", "1.".repeat(n / 2)));
        // 5 MB of commas, of placeholders, of spaces, of comment openers.
        fails(&format!("[{}]", ",".repeat(n)));
        let dots = format!("[{}]", ".".repeat(n));
        assert_eq!(parse(&dots).unwrap().value, json!([]));
        let spaces = format!("[{}1]", "\u{a0}".repeat(n / 2));
        assert_eq!(kinds(&spaces), vec![NonBreakingSpace]);
        fails(&format!("[1{}", "/*".repeat(n / 2)));
        fails(&format!("[1 {}", "// \n".repeat(n / 4)));
        fails(&format!("{{{}", "\"a\":1 ".repeat(n / 6)));
        fails(&format!("[{}", "&quot;".repeat(n / 6)));
    }

    #[test]
    fn too_many_repairs_is_an_error() {
        let commas = format!("[{}]", ",".repeat(MAX_REPAIRS + 10));
        let e = fails(&commas);
        assert!(e.message.contains("repairs"), "{e}");
    }

    #[test]
    fn never_panics_on_prefixes_and_mutations() {
        // Every prefix, and every single-byte mutation at char boundaries, of a document
        // that exercises every repair.
        let doc = "\u{feff}{ // c\n blockType: 'request', \"a\": [1, 2,,], /* b */ \"s\": \"x\ny\\u00e9\\ud800\",\n \
                   \"e\": &quot;v&quot;, \"n\": -1.5e3 \"t\": [true false null, ...], \u{a0}\"z\": {…}, } tail";
        for (i, _) in doc.char_indices() {
            let _ = parse(&doc[..i]);
            for c in [
                "", "{", "}", "[", "]", "\"", "'", ",", ":", "\\", "/", "*", "&", ".", "\n", "\0",
                "\u{a0}", "x",
            ] {
                let mutated = format!("{}{}{}", &doc[..i], c, &doc[i..]);
                let _ = parse(&mutated);
            }
        }
        let p = parse(doc).unwrap();
        let mut seen: Vec<RepairKind> = p.repairs.iter().map(|r| r.kind).collect();
        seen.sort();
        seen.dedup();
        assert!(seen.len() >= 12, "{seen:?}");
    }

    #[test]
    fn offsets_point_into_the_input() {
        let input = "{\n  \"a\": 1,\n  b: 2,\n}";
        let p = parse(input).unwrap();
        assert_eq!(
            p.repairs,
            vec![
                Repair {
                    kind: UnquotedKey,
                    offset: input.find('b').unwrap()
                },
                Repair {
                    kind: TrailingComma,
                    offset: input.rfind(',').unwrap()
                },
            ]
        );
        let e = fails("{\n  \"a\": 1,\n  \"b\" 2\n}");
        assert_eq!(e.offset, 18);
        assert_eq!(e.message, "expected ':' after object key, found `2`");
    }

    #[test]
    fn summary_groups_kinds() {
        let p = parse("[1,] // a\n// b\n").unwrap();
        assert_eq!(
            p.summary(),
            "removed a trailing comma, skipped a // comment (2 times)"
        );
        assert_eq!(parse("[1]").unwrap().summary(), "");
    }

    #[test]
    fn every_kind_is_described() {
        for kind in RepairKind::ALL {
            let d = kind.describe();
            assert!(
                !d.is_empty() && d.chars().next().unwrap().is_lowercase(),
                "{kind:?}"
            );
            assert_eq!(kind.to_string(), d);
        }
    }
}
