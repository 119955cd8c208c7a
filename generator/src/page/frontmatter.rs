//! YAML front matter. Only top-level scalar entries matter to graphdoc (`title`, `doc_type`,
//! `ms.contentlocale`, `ms.date`, …), so this reads the YAML event stream and never builds nested
//! values: a hostile front matter nested 100,000 levels deep costs nothing.

use super::FrontMatter;
use yaml_rust2::parser::{Event, Parser};

/// Where the front matter is: the YAML text's byte range and the offset where markdown starts.
pub(crate) struct Located {
    pub yaml: std::ops::Range<usize>,
    pub body_start: usize,
    /// 1-based line of the closing `---`.
    pub end_line: usize,
}

pub(crate) enum Found {
    None,
    Unterminated,
    At(Located),
}

/// Finds a front matter block: `---` on the first line, closed by a line `---` (or `...`).
pub(crate) fn locate(text: &str) -> Found {
    // The end of the line at `from`, past its `\n`.
    let line_end = |from: usize| {
        memchr::memchr(b'\n', &text.as_bytes()[from..]).map_or(text.len(), |i| from + i + 1)
    };
    let yaml_start = line_end(0);
    if text.is_empty() || text[..yaml_start].trim_end() != "---" {
        return Found::None;
    }
    let mut offset = yaml_start;
    let mut line_number = 2;
    while offset < text.len() {
        let end = line_end(offset);
        let t = text[offset..end].trim_end();
        if t == "---" || t == "..." {
            return Found::At(Located {
                yaml: yaml_start..offset,
                body_start: end,
                end_line: line_number,
            });
        }
        offset = end;
        line_number += 1;
    }
    Found::Unterminated
}

/// Reads the top-level scalar entries. On a YAML error, falls back to `key: value` lines and
/// returns the error message so the caller can report what was done.
pub(crate) fn read(yaml: &str, end_line: usize) -> (FrontMatter, Option<String>) {
    let mut fm = FrontMatter {
        end_line,
        ..FrontMatter::default()
    };
    if let Some(entries) = plain_entries(yaml) {
        fill(&mut fm, entries);
        return (fm, None);
    }
    match scalar_entries(yaml) {
        Ok(entries) => {
            fill(&mut fm, entries);
            (fm, None)
        }
        Err(message) => {
            fill(&mut fm, line_entries(yaml));
            (fm, Some(message))
        }
    }
}

fn fill(fm: &mut FrontMatter, entries: Vec<(String, String)>) {
    for (key, value) in entries {
        match key.as_str() {
            "title" => fm.title = Some(value.clone()),
            "description" => fm.description = Some(value.clone()),
            "doc_type" => fm.doc_type = Some(value.clone()),
            _ => {}
        }
        fm.fields.insert(key, value);
    }
}

/// The entries of a front matter made only of one-line `key: value` entries, as the YAML parser
/// reads them, without the parser; `None` (then the parser reads it) when any line is of
/// another form. Accepted: a key of ASCII letters, digits and `_ . - /` starting with a letter,
/// digit or `_`, directly followed by `:`, spaces, and a value that is either quoted (`"…"`
/// without `\` or `"` inside, `'…'` without `'` inside) or plain (starting with none of YAML's
/// indicators, holding no `#`, no `: `, no flow indicator, no control character and no
/// character YAML may read as a break or a BOM), with trailing spaces only after it. For such
/// lines the YAML scalar is the text between the quotes, or the plain text without its
/// trailing spaces.
fn plain_entries(yaml: &str) -> Option<Vec<(String, String)>> {
    let body = yaml.strip_suffix('\n')?;
    let mut entries = Vec::with_capacity(16);
    for line in body.split('\n') {
        // By memchr: keys are short, and `str::split_once` sets up a searcher per line.
        let colon = memchr::memchr(b':', line.as_bytes())?;
        let (key, rest) = (&line[..colon], &line[colon + 1..]);
        let first = *key.as_bytes().first()?;
        if !(first.is_ascii_alphanumeric() || first == b'_')
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-' | b'/'))
        {
            return None;
        }
        let value = rest
            .strip_prefix(' ')?
            .trim_start_matches(' ')
            .trim_end_matches(' ');
        let text = match value.as_bytes().first()? {
            b'"' => {
                let inner = value[1..].strip_suffix('"')?;
                if !plain_text(inner, |b, _| b == b'"' || b == b'\\') {
                    return None;
                }
                inner
            }
            b'\'' => {
                let inner = value[1..].strip_suffix('\'')?;
                if !plain_text(inner, |b, _| b == b'\'') {
                    return None;
                }
                inner
            }
            b'-' | b'?' | b':' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' => {
                return None;
            }
            _ => {
                let refused = |b: u8, next: Option<&u8>| {
                    matches!(b, b'#' | b'[' | b']' | b'{' | b'}' | b',' | b'"' | b'\'')
                        || (b == b':' && next.is_none_or(|&n| n == b' '))
                };
                if !plain_text(value, refused) {
                    return None;
                }
                value
            }
        };
        entries.push((key.to_string(), text.to_string()));
    }
    Some(entries)
}

/// Whether every character of `s` is a [`plain_char`] and no byte is `refused` (given the byte
/// after it): one pass over the bytes, and a second over the characters only for a text that
/// is not ASCII (an ASCII character is a control character exactly when its byte is).
fn plain_text(s: &str, refused: impl Fn(u8, Option<&u8>) -> bool) -> bool {
    let bytes = s.as_bytes();
    let mut ascii = true;
    for (i, &b) in bytes.iter().enumerate() {
        if b.is_ascii_control() || refused(b, bytes.get(i + 1)) {
            return false;
        }
        ascii &= b.is_ascii();
    }
    ascii || s.chars().all(plain_char)
}

/// A character that means itself in a one-line YAML scalar, whatever the YAML version.
fn plain_char(c: char) -> bool {
    (c == ' ' || !c.is_control()) && !matches!(c, '\u{feff}' | '\u{2028}' | '\u{2029}')
}

fn scalar_entries(yaml: &str) -> Result<Vec<(String, String)>, String> {
    let mut parser = Parser::new_from_str(yaml);
    let mut entries = Vec::new();
    // depth: 0 outside the document's root, 1 inside the root mapping, more inside nested values.
    let mut depth = 0usize;
    let mut key: Option<String> = None;
    let mut saw_root = false;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| e.to_string())?;
        match event {
            Event::StreamEnd => break,
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if depth == 0 {
                    if saw_root || matches!(event, Event::SequenceStart(..)) {
                        return Err(format!(
                            "line {}: front matter is not a mapping",
                            mark.line()
                        ));
                    }
                    saw_root = true;
                } else if depth == 1 {
                    key = None; // a nested value: its entry is not a scalar
                }
                depth += 1;
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.saturating_sub(1);
                if depth == 1 {
                    key = None;
                }
            }
            Event::Scalar(value, ..) if depth == 1 => match key.take() {
                None => key = Some(value),
                Some(k) => entries.push((k, value)),
            },
            Event::Scalar(value, ..) if depth == 0 && !value.is_empty() => {
                return Err("front matter is a single value, not a mapping".into());
            }
            Event::Alias(_) if depth == 1 => key = None,
            _ => {}
        }
    }
    Ok(entries)
}

/// The fallback for broken YAML: `key: value` lines at column 0, quotes removed.
fn line_entries(yaml: &str) -> Vec<(String, String)> {
    yaml.lines()
        .filter(|l| !l.starts_with([' ', '\t', '#', '-']))
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|x| x.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|x| x.strip_suffix('\'')))
                .unwrap_or(v);
            (k.trim().to_string(), v.to_string())
        })
        .filter(|(k, _)| !k.is_empty() && !k.contains(' '))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn front(text: &str) -> (FrontMatter, Option<String>) {
        let Found::At(loc) = locate(text) else {
            panic!("no front matter")
        };
        read(&text[loc.yaml.clone()], loc.end_line)
    }

    #[test]
    fn reads_scalars_and_skips_nested_values() {
        let (fm, err) = front(
            "---\ntitle: \"Create x\"\ndoc_type: apiPageType\nms.date: 10/15/2024\nauthor:\n  - a\n  - b\nms.contentlocale: ru-RU\n---\n# x\n",
        );
        assert_eq!(err, None);
        assert_eq!(fm.title.as_deref(), Some("Create x"));
        assert_eq!(fm.doc_type.as_deref(), Some("apiPageType"));
        assert_eq!(fm.fields["ms.date"], "10/15/2024");
        assert_eq!(fm.fields["ms.contentlocale"], "ru-RU");
        assert!(!fm.fields.contains_key("author"));
        assert_eq!(fm.end_line, 9);
    }

    /// The plain path reads what the YAML parser reads, and declines what it might not.
    #[test]
    fn plain_entries_agree_with_the_parser() {
        let cases = [
            "title: \"Create x\"\ndoc_type: apiPageType\nms.date: 10/15/2024\n",
            "title: 'a b'  \nx_y-z.w/v: value with spaces   \n",
            "title: \"  padded  \"\nn: 07\nb: true\nnull: ~\nz: 获取用户\n",
            "a: b:c\nt: x - y\nu: 50%\n",
            "a:  two spaces\n",
            "dup: 1\ndup: 2\n",
            "a: 'x \"y\" z'\nb: \"it's\"\nc: é:x\n",
        ];
        for yaml in cases {
            let fast = plain_entries(yaml).expect(yaml);
            assert_eq!(fast, scalar_entries(yaml).unwrap(), "{yaml}");
        }
        for declined in [
            "a: b: c\n",
            "a: b # c\n",
            "a: - b\n",
            "a: [b]\n",
            "a: \"b\\\"c\"\n",
            "a: 'it''s'\n",
            "a:\n",
            "a: b\n  c\n",
            "a: b\n\nc: d\n",
            "a:\tb\n",
            "a: *x\n",
            "\"a\": b\n",
            "a: b\r\n",
            "a: b:\n",
            "a: 'é\u{feff}'\n",
            "a: \"x\u{7f}\"\n",
            "a: é\u{2028}\n",
            "a: é,\n",
            "",
        ] {
            assert_eq!(plain_entries(declined), None, "{declined:?}");
        }
    }

    #[test]
    fn broken_yaml_falls_back_to_lines() {
        let (fm, err) = front("---\ntitle: a: b: [\ndoc_type: apiPageType\n---\n");
        assert!(err.is_some());
        assert_eq!(fm.doc_type.as_deref(), Some("apiPageType"));
    }

    #[test]
    fn unterminated_and_absent() {
        assert!(matches!(
            locate("---\ntitle: x\n# no end"),
            Found::Unterminated
        ));
        assert!(matches!(locate("# title\n---\n"), Found::None));
        assert!(matches!(locate(""), Found::None));
    }

    #[test]
    fn deep_nesting_is_harmless() {
        let deep = format!("---\nx: {}\n---\n", "- ".repeat(100_000));
        let (_fm, _err) = front(&deep);
        let deep = format!(
            "---\nx: {}{}\n---\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        let (_fm, err) = front(&deep);
        assert!(err.is_some());
    }
}
