//! Every Rust name the emitted code declares comes from here: casing (heck), identifier validity
//! (unicode-ident), keywords, reserved names and collisions.
//!
//! Names are made in two steps. [`snake`], [`pascal`] and friends turn one wire name into a
//! valid, non-keyword identifier on its own. A [`Scope`] then hands out names inside one
//! namespace (the types of a module, the fields of a struct, the variants of an enum), adding a
//! numeric suffix to the losers of a collision. Who wins a collision never depends on input order:
//! a wire name already spelled like its identifier (keyword escape aside) wins, then the smallest
//! wire name (byte order).

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// The field that keeps the properties a struct does not declare (`@odata.context`, …).
pub(crate) const ADDITIONAL_PROPERTIES: &str = "additional_properties";

/// The variant that keeps enum members the docs do not list.
pub(crate) const CATCH_ALL_VARIANT: &str = "Unrecognized";

/// The helper function that reads `null` as an empty collection.
pub(crate) const NULL_AS_EMPTY_FN: &str = "deserialize_null_as_empty";

/// Strict and reserved keywords of every edition up to 2024. Weak keywords (`union`, `raw`,
/// `safe`, `macro_rules`) are valid identifiers where names are used, so they are not here.
const KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub",
    "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

pub(crate) fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// A valid identifier per unicode-ident (XID_Start or `_`, then XID_Continue), other than `_`.
pub(crate) fn is_valid_ident(s: &str) -> bool {
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
    finish(ascii_words(raw).to_snake_case(), "field", "n")
}

/// `user` → `User`, `self` → `Self_`, `2fa` → `N2fa`.
pub(crate) fn pascal(raw: &str) -> String {
    finish(ascii_words(raw).to_upper_camel_case(), "Unnamed", "N")
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
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are never handed out.
    pub(crate) fn with_reserved(reserved: &[&str]) -> Scope {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Names for a batch: `items` are (wire name, candidate identifier) pairs, the result is in
    /// the same order. The candidates of the batch are protected from each other's suffixes
    /// (`a_2` as a wire name keeps `a_2`; the second `a` becomes `a_3`).
    pub(crate) fn assign(&mut self, items: &[(&str, String)], case: Case) -> Vec<String> {
        let protected: BTreeSet<&str> = items.iter().map(|(_, c)| c.as_str()).collect();
        let mut order: Vec<usize> = (0..items.len()).collect();
        order.sort_by(|&a, &b| {
            // A wire name spelled like its identifier (keyword escape aside) goes first.
            let key = |i: usize| {
                let (wire, candidate) = (items[i].0, items[i].1.as_str());
                (
                    wire != candidate.trim_end_matches('_') && wire != candidate,
                    wire,
                    i,
                )
            };
            key(a).cmp(&key(b))
        });
        let mut out = vec![String::new(); items.len()];
        for i in order {
            let candidate = &items[i].1;
            let name = if !self.taken.contains(candidate) {
                candidate.clone()
            } else {
                let stem = candidate.trim_end_matches('_');
                (2u64..)
                    .map(|n| match case {
                        Case::Snake => format!("{stem}_{n}"),
                        Case::Pascal => format!("{stem}{n}"),
                    })
                    .find(|n| !self.taken.contains(n) && !protected.contains(n.as_str()))
                    .expect("an unused suffix exists")
            };
            debug_assert!(is_valid_ident(&name) && !is_keyword(&name), "{name:?}");
            self.taken.insert(name.clone());
            out[i] = name;
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        for k in KEYWORDS {
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
}
