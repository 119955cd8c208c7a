//! Every Rust name the emitted code declares comes from here: casing (heck), identifier validity
//! (unicode-ident), keywords, reserved names and collisions.
//!
//! Names are made in two steps. [`snake`], [`pascal`] and friends turn one wire name into a
//! valid, non-keyword identifier on its own. A [`Scope`] then hands out names inside one
//! namespace (the types of a module, the fields of a struct, the variants of an enum), adding a
//! numeric suffix to the losers of a collision. Who wins a collision never depends on input order:
//! a wire name already spelled like its identifier (keyword escape aside) wins, then the smallest
//! wire name (byte order).

use crate::casing::{is_plain_camel, is_plain_word, push_plain_snake, snake_case};
use crate::ops::path::{ParamName, PathParam, PathTemplate};
use heck::{ToSnakeCase, ToUpperCamelCase};

/// The field that keeps the properties a struct does not declare (`@odata.context`, …).
pub(crate) const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The variant that keeps enum members the docs do not list.
pub(crate) const CATCH_ALL_VARIANT: &str = "Unrecognized";

/// Declares the keyword list once, as `KEYWORDS` (for the tests to go through) and as the
/// `match` of [`is_keyword`] (a jump on the length and a compare or two, where a search of the
/// list compared strings a few times: it runs for every name made).
macro_rules! keywords {
    ($($keyword:literal),* $(,)?) => {
        #[cfg(test)]
        const KEYWORDS: &[&str] = &[$($keyword),*];

        pub(crate) fn is_keyword(s: &str) -> bool {
            matches!(s, $($keyword)|*)
        }
    };
}

// Strict and reserved keywords of every edition up to 2024. Weak keywords (`union`, `raw`,
// `safe`, `macro_rules`) are valid identifiers where names are used, so they are not here.
// This is graphdoc's one keyword list.
keywords! {
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
}

/// A valid identifier per unicode-ident (XID_Start or `_`, then XID_Continue), other than `_`.
pub(crate) fn is_valid_ident(s: &str) -> bool {
    let bytes = s.as_bytes();
    // ASCII letters, digits and `_` only (nearly every name): one pass over the bytes, which
    // checks every byte without stopping early so that it runs many bytes at a time (it runs
    // for every name written). Any other text is checked character by character below.
    if bytes.iter().fold(true, |plain, &b| {
        plain & (b.is_ascii_alphanumeric() | (b == b'_'))
    }) {
        return bytes.first().is_some_and(|b| !b.is_ascii_digit()) && s != "_";
    }
    let mut chars = s.chars();
    match chars.next() {
        Some(first) if unicode_ident::is_xid_start(first) || first == '_' => {}
        _ => return false,
    }
    s != "_" && chars.all(unicode_ident::is_xid_continue)
}

/// An ASCII rewrite of a name that heck can case: ASCII letters and digits stay, any other
/// character that may continue an identifier becomes its own word `u<hex>` (so `свойство` keeps
/// one distinct word per letter), everything else separates words.
fn ascii_words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !c.is_ascii() && unicode_ident::is_xid_continue(c) {
            out.push_str(&format!(" u{:x} ", u32::from(c)));
        } else {
            out.push(' ');
        }
    }
    out
}

/// Makes a cased candidate a valid identifier: a fallback if empty, a prefix before a leading
/// digit, a trailing underscore after a keyword.
fn finish(cased: String, fallback: &str, digit_prefix: &str) -> String {
    let mut name = if cased.is_empty() {
        fallback.to_string()
    } else {
        cased
    };
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, digit_prefix);
    }
    if is_keyword(&name) {
        name.push('_');
    }
    debug_assert!(
        is_valid_ident(&name),
        "naming produced an invalid identifier: {name:?}"
    );
    name
}

/// `displayName` → `display_name`, `@odata.type` → `odata_type`, `type` → `type_`, `1st` → `n1st`.
pub(crate) fn snake(raw: &str) -> String {
    if is_plain_camel(raw) {
        let mut out = String::with_capacity(raw.len() + 4);
        push_plain_snake(&mut out, raw);
        return finish(out, "field", "n");
    }
    finish(snake_case(&ascii_words(raw)), "field", "n")
}

/// heck's UpperCamelCase of `raw`, directly where its words are plain camelCase names.
pub(crate) fn upper_camel_case(raw: &str) -> String {
    plain_words_upper_camel(raw).unwrap_or_else(|| raw.to_upper_camel_case())
}

/// heck's UpperCamelCase of ASCII text whose words, between other characters, are plain
/// camelCase names (`user get`, `onlineMeetings`): each word with its first letter
/// uppercased; `None` for other text.
fn plain_words_upper_camel(raw: &str) -> Option<String> {
    if !raw.is_ascii() {
        return None;
    }
    let mut out = String::with_capacity(raw.len());
    for word in raw.split(|c: char| !c.is_ascii_alphanumeric()) {
        if word.is_empty() {
            continue;
        }
        if !is_plain_word(word) {
            return None;
        }
        out.push(word.as_bytes()[0].to_ascii_uppercase().into());
        out.push_str(&word[1..]);
    }
    Some(out)
}

/// `user` → `User`, `self` → `Self_`, `2fa` → `N2fa`.
pub(crate) fn pascal(raw: &str) -> String {
    if is_plain_word(raw) {
        let mut out = raw.to_string();
        out[..1].make_ascii_uppercase();
        return finish(out, "Unnamed", "N");
    }
    finish(upper_camel_case(&ascii_words(raw)), "Unnamed", "N")
}

/// The Rust name a qualified type name asks for, before collisions: `microsoft.graph.user` →
/// `User`; another namespace under `microsoft.graph` is prefixed, `microsoft.graph.callRecords
/// .session` → `CallRecordsSession`; any other namespace is spelled out in full.
pub(crate) fn type_name(qualified: &str) -> String {
    const ROOT: &str = "microsoft.graph";
    let (namespace, name) = qualified.rsplit_once('.').unwrap_or(("", qualified));
    if namespace.eq_ignore_ascii_case(ROOT) {
        return pascal(name);
    }
    let sub = namespace
        .get(..ROOT.len() + 1)
        .filter(|p| p.eq_ignore_ascii_case("microsoft.graph."))
        .map(|_| &namespace[ROOT.len() + 1..]);
    match sub {
        Some(sub) => pascal(&format!("{sub} {name}")),
        None => pascal(qualified),
    }
}

/// The enum over a type and its derived types: `DirectoryObject` → `AnyDirectoryObject`.
pub(crate) fn any_name(struct_name: &str) -> String {
    pascal(&format!("Any{}", struct_name.trim_end_matches('_')))
}

/// The downcast methods of an `Any…` enum's variants, in order: `User` → `as_user`; unique
/// within the enum.
pub(crate) fn downcast_names(variants: &[&str]) -> Vec<String> {
    let items: Vec<(&str, String)> = variants
        .iter()
        .map(|v| (*v, snake(&format!("as {}", v.trim_end_matches('_')))))
        .collect();
    Scope::default().assign(&items, Case::Snake)
}

/// The module of an API version: `v1.0` → `v1_0`, `beta` → `beta`.
pub(crate) fn module_name(version: &str) -> String {
    finish(ascii_words(version).to_snake_case(), "version", "v")
}

/// How a suffix is joined to a name that lost a collision.
#[derive(Clone, Copy)]
pub(crate) enum Case {
    /// `id`, `id_2`.
    Snake,
    /// `User`, `User2`.
    Pascal,
}

/// Hands out unique names in one namespace.
#[derive(Debug, Default)]
pub(crate) struct Scope {
    taken: foldhash::HashSet<String>,
    /// Per stem, where the search for a free suffix goes on.
    next_suffix: foldhash::HashMap<String, u64>,
}

impl Scope {
    /// A scope in which `reserved` are never handed out.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Scope {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
            next_suffix: foldhash::HashMap::default(),
        }
    }

    /// Names for a batch: `items` are (wire name, candidate identifier) pairs, the result is in
    /// the same order. The candidates of the batch are protected from each other's suffixes
    /// (`a_2` as a wire name keeps `a_2`; the second `a` becomes `a_3`).
    pub(crate) fn assign(&mut self, items: &[(&str, String)], case: Case) -> Vec<String> {
        // Built at the first collision only (most batches have none).
        let mut protected: Option<foldhash::HashSet<&str>> = None;
        // A wire name spelled like its identifier (keyword escape aside) goes first. Each key
        // is made once, and holds the index: no two are equal, an unstable sort will do.
        let mut order: Vec<(bool, &str, usize)> = items
            .iter()
            .enumerate()
            .map(|(i, (wire, candidate))| {
                let respelled = *wire != candidate.trim_end_matches('_') && wire != candidate;
                (respelled, *wire, i)
            })
            .collect();
        order.sort_unstable();
        let mut out = vec![String::new(); items.len()];
        for (.., i) in order {
            let candidate = &items[i].1;
            let name = if !self.taken.contains(candidate) {
                candidate.clone()
            } else {
                let stem = candidate.trim_end_matches('_');
                // The smallest free suffix: the search goes on from where the last one for this
                // stem stopped (names below were taken, and stay taken), so many equal names
                // cost linear time.
                let from = self.next_suffix.get(stem).copied().unwrap_or(2);
                let protected = protected
                    .get_or_insert_with(|| items.iter().map(|(_, c)| c.as_str()).collect());
                let (n, name) = (from..)
                    .map(|n| match case {
                        Case::Snake => (n, format!("{stem}_{n}")),
                        Case::Pascal => (n, format!("{stem}{n}")),
                    })
                    .find(|(_, n)| !self.taken.contains(n) && !protected.contains(n.as_str()))
                    .expect("an unused suffix exists");
                self.next_suffix.insert(stem.to_string(), n + 1);
                name
            };
            debug_assert!(is_valid_ident(&name) && !is_keyword(&name), "{name:?}");
            self.taken.insert(name.clone());
            out[i] = name;
        }
        out
    }
}

// ---------------------------------------------------------------------------
// Operations: stub names, URL form variants, path parameters
// ---------------------------------------------------------------------------

/// The Rust names of the parameters of one URL form, in order: unique within the form
/// (`user_id`, `user_id_2`), never a keyword.
pub(crate) fn param_names(params: &[PathParam]) -> Vec<String> {
    let mut taken: foldhash::HashSet<String> = foldhash::HashSet::default();
    // Next suffix to try per base name: keeps many equal names linear.
    let mut suffixes: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    params
        .iter()
        .map(|p| {
            let base = param_base(&p.name_from);
            let name = if taken.contains(&base) {
                let n = suffixes.entry(base.clone()).or_insert(2);
                loop {
                    let name = format!("{base}_{n}");
                    *n += 1;
                    if !taken.contains(&name) {
                        break name;
                    }
                }
            } else {
                base
            };
            taken.insert(name.clone());
            name
        })
        .collect()
}

fn param_base(name: &ParamName) -> String {
    match name {
        ParamName::Word(w) => param_word(w),
        ParamName::Placeholder { text, after } => name_for_placeholder(text, after.as_deref()),
        ParamName::DrivePath(text) => {
            let base = name_for_placeholder(text, None);
            if is_generic(&base) || base == "param" || base == "path" {
                "item_path".to_string()
            } else {
                base
            }
        }
    }
}

const GENERIC: [&str; 7] = ["id", "value", "key", "name", "index", "identifier", "item"];

fn is_generic(name: &str) -> bool {
    GENERIC.contains(&name)
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
    let base = param_word(first);
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
            let w = param_word(w.rsplit('.').next().unwrap_or(w));
            if w == "param" {
                return suffix.to_string();
            }
            let mut single = singularize(&w);
            if single == suffix
                || single
                    .strip_suffix(suffix)
                    .is_some_and(|head| head.ends_with('_'))
            {
                single
            } else {
                single.push('_');
                single.push_str(suffix);
                param_word(&single)
            }
        }
        None => param_word(suffix),
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
    let mut out = String::with_capacity(head.len() + single.len());
    out.push_str(head);
    out.push_str(&single);
    out
}

/// A snake_case Rust identifier from any text: ASCII letters, digits and `_`, starting with a
/// letter, never a keyword; `param` when nothing usable is left.
fn param_word(raw: &str) -> String {
    // heck is linear, but keep names short whatever the input: at most 200 characters (any
    // text of at most 200 bytes is).
    let raw = if raw.len() <= 200 {
        raw
    } else {
        raw.char_indices()
            .nth(200)
            .map_or(raw, |(end, _)| &raw[..end])
    };
    let snake = snake_case(raw);
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
    if is_keyword(&out) {
        out.push('_');
    }
    out
}

/// Unique UpperCamelCase enum variant names, one per template, in order: the shortest prefix of
/// `words` that tells the template apart from the others (`Me`, `Users`; `GroupsDriveItems`,
/// `GroupsDriveRoot`), an index appended when nothing tells them apart; a single template gets
/// a name too (its first word). Words compare case-insensitively. Valid Rust identifiers.
pub(crate) fn variant_names(templates: &[PathTemplate]) -> Vec<String> {
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
    // How many templates share each prefix of lowercased words: a trie, so a template of many
    // segments costs its length, not its length squared.
    let mut nodes: foldhash::HashMap<(usize, String), usize> = foldhash::HashMap::default();
    let mut counts: Vec<usize> = vec![0];
    let paths: Vec<Vec<usize>> = words
        .iter()
        .map(|ws| {
            let mut at = 0;
            ws.iter()
                .map(|w| {
                    let next = counts.len();
                    at = *nodes.entry((at, w.to_ascii_lowercase())).or_insert(next);
                    if at == next {
                        counts.push(0);
                    }
                    counts[at] += 1;
                    at
                })
                .collect()
        })
        .collect();
    let mut names: Vec<String> = words
        .iter()
        .zip(&paths)
        .map(|(ws, path)| {
            let mut name = String::new();
            for (w, node) in ws.iter().zip(path) {
                name.push_str(w);
                if counts[*node] <= 1 {
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
    let mut dup: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    for n in &names {
        *dup.entry(n.clone()).or_default() += 1;
    }
    let mut taken: foldhash::HashSet<String> = names
        .iter()
        .filter(|n| dup.get(*n).copied().unwrap_or(0) == 1)
        .cloned()
        .collect();
    let mut next: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
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
    upper_camel_case(&w)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

/// The stub's name from the page's file name, before collisions: `onlinemeeting-createorget`
/// → `OnlineMeetingCreateOrGet` when `words` (the URL forms, types and type names the page and
/// its version show) spell the words that way; the method is appended when the page documents
/// several.
pub(crate) fn stub_name(stem: &str, words: &[String], method: Option<&str>) -> String {
    let mut name = cased_name(stem, words);
    if let Some(method) = method {
        name.push_str(&upper_camel_case(&method.to_ascii_lowercase()));
    }
    name
}

/// The stub's name from the file name: `onlinemeeting-createorget` → `OnlineMeetingCreateOrGet`
/// when the page's URL forms or types spell the words that way.
fn cased_name(stem: &str, words: &[String]) -> String {
    let mut out = String::new();
    for part in crate::ops::ascii_words(stem)
        .split(' ')
        .filter(|p| !p.is_empty())
    {
        let cased = words
            .iter()
            .find(|w| w.eq_ignore_ascii_case(part))
            .or_else(|| {
                // A plural form of a word: `users` for `user`.
                words.iter().find(|w| {
                    part.len() > w.len()
                        && part[..w.len()].eq_ignore_ascii_case(w)
                        && matches!(&part[w.len()..], "s" | "es")
                })
            })
            .map(|w| {
                let mut w = w.clone();
                w.push_str(&part[w.len()..]);
                w
            })
            .unwrap_or_else(|| part.to_string());
        out.push_str(&upper_camel_case(&cased));
    }
    if out.is_empty() || !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "Op");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::casing::plain_words_snake;

    #[test]
    fn downcasts_are_unique() {
        assert_eq!(
            downcast_names(&["DirectoryObject", "User", "Self_", "IpAddress", "IPAddress"]),
            // A collision is settled by the variant names, not their order.
            [
                "as_directory_object",
                "as_user",
                "as_self",
                "as_ip_address_2",
                "as_ip_address"
            ]
        );
    }

    fn fields(wire: &[&str]) -> Vec<String> {
        let items: Vec<(&str, String)> = wire.iter().map(|w| (*w, snake(w))).collect();
        Scope::with_reserved(&[ADDITIONAL_PROPERTIES]).assign(&items, Case::Snake)
    }

    #[test]
    fn keywords_get_a_trailing_underscore() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("Self"), "self_");
        assert_eq!(snake("async"), "async_");
        assert_eq!(snake("gen"), "gen_");
        assert_eq!(snake("crate"), "crate_");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(pascal("Self"), "Self_");
        assert_eq!(snake("union"), "union");
        let not_keywords = [
            "",
            "Type",
            "selfs",
            "sel",
            "union",
            "raw",
            "safe",
            "macro_rules",
        ];
        for not_keyword in not_keywords {
            assert!(!is_keyword(not_keyword), "{not_keyword}");
        }
        for k in KEYWORDS {
            assert!(is_keyword(k), "{k}");
            assert!(is_valid_ident(&snake(k)) && !is_keyword(&snake(k)), "{k}");
            assert!(is_valid_ident(&pascal(k)) && !is_keyword(&pascal(k)), "{k}");
        }
    }

    #[test]
    fn std_names_are_ordinary_type_names() {
        for n in [
            "Option", "Result", "String", "Error", "Box", "Vec", "Duration",
        ] {
            assert_eq!(type_name(&format!("microsoft.graph.{n}")), n);
        }
        assert_eq!(type_name("microsoft.graph.option"), "Option");
        assert_eq!(type_name("microsoft.graph.Self"), "Self_");
        assert_eq!(type_name("microsoft.graph.self"), "Self_");
    }

    #[test]
    fn namespaces_prefix_the_type_name() {
        assert_eq!(type_name("microsoft.graph.user"), "User");
        assert_eq!(type_name("Microsoft.Graph.user"), "User");
        assert_eq!(
            type_name("microsoft.graph.callRecords.session"),
            "CallRecordsSession"
        );
        assert_eq!(type_name("microsoft.graph.security.alert"), "SecurityAlert");
        assert_eq!(type_name("other.ns.thing"), "OtherNsThing");
        assert_eq!(type_name("user"), "User");
        assert_eq!(type_name(""), "Unnamed");
        assert_eq!(type_name("microsoft.graph."), "Unnamed");
        assert_eq!(any_name("DirectoryObject"), "AnyDirectoryObject");
        assert_eq!(any_name("Self_"), "AnySelf");
    }

    #[test]
    fn leading_digits_get_a_prefix() {
        assert_eq!(snake("1st"), "n1st");
        assert_eq!(snake("365days"), "n365days");
        assert_eq!(pascal("2fa"), "N2fa");
        assert_eq!(module_name("v1.0"), "v1_0");
        assert_eq!(module_name("beta"), "beta");
        assert_eq!(module_name("1.0"), "v1_0");
        assert_eq!(module_name("mod"), "mod_");
        assert_eq!(module_name(""), "version");
    }

    #[test]
    fn non_ascii_is_spelled_in_ascii() {
        let s = snake("свойство");
        assert_eq!(s, "u441_u432_u43e_u439_u441_u442_u432_u43e");
        assert!(s.is_ascii() && is_valid_ident(&s));
        let p = pascal("свойство");
        assert!(p.is_ascii() && is_valid_ident(&p), "{p}");
        assert_eq!(snake("café"), "caf_ue9");
        assert_eq!(snake("a\u{202e}b"), "a_b");
        assert_eq!(snake("🙂"), "field");
    }

    #[test]
    fn odata_annotations_and_empty_names() {
        assert_eq!(snake("@odata.type"), "odata_type");
        assert_eq!(snake("@odata.etag"), "odata_etag");
        assert_eq!(snake(""), "field");
        assert_eq!(snake("_"), "field");
        assert_eq!(snake("   "), "field");
        assert_eq!(pascal(""), "Unnamed");
        assert!(!is_valid_ident("_"));
        assert!(!is_valid_ident(""));
        assert!(!is_valid_ident("1a"));
        assert!(is_valid_ident("a1"));
        // Other scripts, mixed with ASCII.
        for (name, valid) in [
            ("é", true),
            ("_é", true),
            ("aé1", true),
            ("1é", false),
            ("a-é", false),
            ("é-", false),
            ("é ", false),
            ("\u{200b}a", false),
        ] {
            assert_eq!(is_valid_ident(name), valid, "{name:?}");
        }
    }

    #[test]
    fn injection_attempts_become_plain_words() {
        assert_eq!(snake(r#"a"; panic!(); ""#), "a_panic");
        assert_eq!(snake("*/ fn x() {} /*"), "fn_x");
        assert_eq!(pascal("*/ fn x() {} /*"), "FnX");
        assert_eq!(pascal(r#"a"; panic!(); ""#), "APanic");
        assert_eq!(snake("#[cfg(x)]"), "cfg_x");
        assert_eq!(snake("}"), "field");
    }

    #[test]
    fn collisions_get_numeric_suffixes_independent_of_order() {
        assert_eq!(fields(&["id", "Id"]), ["id", "id_2"]);
        assert_eq!(fields(&["Id", "id"]), ["id_2", "id"]);
        assert_eq!(
            fields(&["@odata.type", "odataType"]),
            ["odata_type", "odata_type_2"]
        );
        assert_eq!(
            fields(&["odataType", "@odata.type"]),
            ["odata_type_2", "odata_type"]
        );
        // A wire name that looks like a suffixed name keeps it; the loser skips it.
        assert_eq!(fields(&["a", "A", "a_2"]), ["a", "a_3", "a_2"]);
        // The reserved field is never handed out.
        assert_eq!(
            fields(&["additionalProperties"]),
            ["additional_properties_2"]
        );
        // Keyword escapes do not double underscores.
        assert_eq!(fields(&["type", "Type"]), ["type_", "type_2"]);
        assert_eq!(fields(&["", "_"]), ["field", "field_2"]);
    }

    #[test]
    fn plain_camel_names_are_cased_as_heck_cases_them() {
        // Every name of up to six characters from letters of both cases and a digit.
        let all: Vec<String> = (1..=6)
            .flat_map(|len| crate::codegen::sequences(&["a", "b", "A", "B", "1"], len))
            .collect();
        let (mut plain, mut pascal_plain) = (0, 0);
        for name in &all {
            let words = ascii_words(name);
            if is_plain_camel(name) {
                plain += 1;
                assert_eq!(
                    snake(name),
                    finish(words.to_snake_case(), "field", "n"),
                    "{name}"
                );
            }
            if is_plain_word(name) {
                pascal_plain += 1;
                let upper = words.to_upper_camel_case();
                assert_eq!(pascal(name), finish(upper, "Unnamed", "N"), "{name}");
            }
        }
        assert!(plain > 1000, "{plain}");
        assert!(pascal_plain > plain, "{pascal_plain}");
        assert!(is_plain_word("UsersMessages") && !is_plain_word("UsersID"));
        assert!(!is_plain_camel("HTTPServer") && !is_plain_camel("a1B") && !is_plain_camel("aé"));
    }

    #[test]
    fn plain_words_are_snake_cased_as_heck_cases_them() {
        let all: Vec<String> = (1..=5)
            .flat_map(|len| crate::codegen::sequences(&["a", "b", "A", "1", "-", "_", " "], len))
            .collect();
        let (mut plain, mut upper) = (0, 0);
        for name in &all {
            if let Some(fast) = plain_words_snake(name) {
                plain += 1;
                assert_eq!(fast, name.to_snake_case(), "{name:?}");
            }
            if let Some(fast) = plain_words_upper_camel(name) {
                upper += 1;
                assert_eq!(fast, name.to_upper_camel_case(), "{name:?}");
            }
        }
        assert!(plain > 2000, "{plain}");
        assert!(upper > plain, "{upper}");
        assert_eq!(plain_words_snake("user-id").as_deref(), Some("user_id"));
        assert_eq!(plain_words_snake("HTTPServer"), None);
        assert_eq!(plain_words_snake("é"), None);
    }

    #[test]
    fn pascal_collisions_and_later_batches() {
        let mut scope = Scope::default();
        let types = [
            ("microsoft.graph.user", type_name("microsoft.graph.user")),
            ("microsoft.graph.User2", type_name("microsoft.graph.User2")),
            ("other.user", type_name("user")),
        ];
        let names = scope.assign(&types, Case::Pascal);
        assert_eq!(names, ["User", "User2", "User3"]);
        // An enum name asked for later yields to the types already named.
        let mut scope = Scope::default();
        scope.assign(
            &[("microsoft.graph.anyUser", "AnyUser".into())],
            Case::Pascal,
        );
        assert_eq!(
            scope.assign(&[("user", any_name("User"))], Case::Pascal),
            ["AnyUser2"]
        );
    }

    fn form(s: &str) -> PathTemplate {
        crate::ops::path::normalize(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn path_parameters() {
        let table: &[(&str, &[&str])] = &[
            (
                "/x/{user-id}/{userId}/{user_id}",
                &["user_id", "user_id_2", "user_id_3"],
            ),
            ("/me/events/{id}", &["event_id"]),
            ("/policies/{id}", &["policy_id"]),
            ("/me/addresses/{id}", &["address_id"]),
            ("/me/onlineMeetings/{id}", &["online_meeting_id"]),
            ("/x/{type}", &["type_"]),
            ("/{id}", &["id"]),
            ("/a/{é}/{}/{1x}", &["param", "param_2", "param_1x"]),
            (
                "/me/drive/items/{id}/workbook/worksheets/{id|name}/charts/{name}",
                &["item_id", "worksheet_id", "chart_name"],
            ),
            (
                "/groups/{id}/threads/{id}/posts/{id}",
                &["group_id", "thread_id", "post_id"],
            ),
            (
                "/users/{id | userPrincipalName}/messages/{id}",
                &["user_id", "message_id"],
            ),
            (
                "/me/reminderView(startDateTime={startDateTime-value},endDateTime={endDateTime-value})",
                &["start_date_time", "end_date_time"],
            ),
            (
                "/reports/getOneDriveActivityFileCounts(period='{period_value}')",
                &["period"],
            ),
            ("/sites/{site-id}/lists('{id}')", &["site_id", "list_id"]),
            ("/x/filterByCurrentUser(on='parameterValue')", &["on"]),
            ("/me/drive/root:/{item-path}:/content", &["item_path"]),
            ("/sites/{hostname}:/{path}:", &["hostname", "item_path"]),
            (
                "/me/drive/items/{parent-id}:/{filename}:/content",
                &["parent_id", "filename"],
            ),
            ("/w/range(address='<address>')", &["address"]),
            ("/teams/(team-id)/channels", &["team_id"]),
            (
                "/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/assignments",
                &["class_id"],
            ),
            (
                "/me/calendarView?startDateTime={start_datetime}&endDateTime={end_datetime}&$top=5",
                &["start_date_time", "end_date_time"],
            ),
        ];
        for (template, names) in table {
            assert_eq!(&param_names(&form(template).params), names, "{template}");
        }
        for name in param_names(&form("/a/{@@}/{self}/{Self}/{ü-ü}/{_}/{union}").params) {
            assert!(name.starts_with(|c: char| c.is_ascii_lowercase()), "{name}");
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
            );
            assert!(!is_keyword(&name), "{name}");
        }
    }

    #[test]
    fn url_form_variants() {
        let ts = [form("/me/events"), form("/users/{id}/events")];
        assert_eq!(variant_names(&ts), ["Me", "Users"]);
        let ts = [
            form("/groups/{id}/drive/items/{id}"),
            form("/groups/{id}/drive/root:/{path}:"),
            form("/me/drive/items/{id}"),
        ];
        assert_eq!(
            variant_names(&ts),
            ["GroupsDriveItems", "GroupsDriveRoot", "Me"]
        );
        assert_eq!(variant_names(&[form("/me/onlineMeetings")]), ["Me"]);
        let ts = [
            form("/me/events"),
            form("/me/Events/{id}"),
            form("/me/events/{id}/instances"),
        ];
        assert_eq!(
            variant_names(&ts),
            ["MeEvents1", "MeEvents2", "MeEventsInstances"]
        );
        let ts = [form("/{id}"), form("/self"), form("/1x")];
        assert_eq!(variant_names(&ts), ["Path", "SelfPath", "P1x"]);
        assert!(variant_names(&[]).is_empty());
    }

    #[test]
    fn stub_names_take_their_casing_from_the_page() {
        let words = vec![
            "onlineMeetings".to_string(),
            "createOrGet".to_string(),
            "onlineMeeting".to_string(),
        ];
        assert_eq!(
            stub_name("onlinemeeting-createorget", &words, None),
            "OnlineMeetingCreateOrGet"
        );
        assert_eq!(stub_name("user-list", &[], None), "UserList");
        assert_eq!(stub_name("1x", &[], None), "Op1x");
        assert_eq!(
            stub_name("onlinemeetings-list", &words, Some("GET")),
            "OnlineMeetingsListGet"
        );
    }
}
