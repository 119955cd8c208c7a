//! The emission stage: hostile models stay inert, output is deterministic, and the emitted code
//! compiles with warnings denied (and is clippy-clean) in a crate of its own, where JSON payloads
//! round-trip through it.

use graphdoc::codegen::{self, Emitted};
use graphdoc::model::{ApiModel, Edm, EnumMember, Property, TypeKind, TypeRef, TypeSpace};
use graphdoc::ops::Operations;
use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use std::path::{Path, PathBuf};
use std::process::Command;

// --- model building ---------------------------------------------------------------------------

fn prim(name: &str, edm: Edm) -> Property {
    prop(name, TypeRef::Primitive(edm))
}

fn named(name: &str, ty: &str) -> Property {
    prop(name, TypeRef::Named(ty.to_string()))
}

fn prop(name: &str, ty: TypeRef) -> Property {
    Property {
        name: name.to_string(),
        ty,
        collection: false,
        navigation: false,
        nullable: true,
        description: None,
    }
}

fn many(mut p: Property) -> Property {
    p.collection = true;
    p
}

fn nav(mut p: Property) -> Property {
    p.navigation = true;
    p
}

fn described(mut p: Property, description: &str) -> Property {
    p.description = Some(description.to_string());
    p
}

struct Ty {
    name: &'static str,
    kind: TypeKind,
    base: Option<&'static str>,
    open: bool,
    description: Option<&'static str>,
    properties: Vec<Property>,
    members: Vec<&'static str>,
}

fn ty(name: &'static str, kind: TypeKind) -> Ty {
    Ty {
        name,
        kind,
        base: None,
        open: false,
        description: None,
        properties: Vec::new(),
        members: Vec::new(),
    }
}

fn entity(name: &'static str, base: Option<&'static str>, properties: Vec<Property>) -> Ty {
    Ty {
        base,
        properties,
        ..ty(name, TypeKind::Entity)
    }
}

fn complex(name: &'static str, properties: Vec<Property>) -> Ty {
    Ty {
        properties,
        ..ty(name, TypeKind::Complex)
    }
}

fn enumeration(name: &'static str, members: Vec<&'static str>) -> Ty {
    Ty {
        members,
        ..ty(name, TypeKind::Enum)
    }
}

fn space(types: Vec<Ty>) -> TypeSpace {
    let mut space = TypeSpace::default();
    for t in types {
        let id = space.intern(t.name, t.kind);
        let def = space.get_mut(id);
        def.base = t.base.map(str::to_string);
        def.open = t.open;
        def.description = t.description.map(str::to_string);
        def.properties = t.properties;
        def.members = t
            .members
            .iter()
            .map(|m| EnumMember {
                name: m.to_string(),
                description: Some(format!("The `{m}` member.")),
            })
            .collect();
    }
    space
}

const INJECTIONS: [&str; 4] = [
    r#"a"; panic!(); ""#,
    "*/ fn x() {} /*",
    "#[cfg(any())] fn y() {}",
    "\u{202e} } fn z() {",
];

const HOSTILE_TEXT: &str = "Ends a comment */ and \"quotes\" \\ backslash\r\nnew line #[cfg(test)] fn x() {}\n\
    ```rust\nfn doctest() { panic!() }\n```\n    indented code\n- list\nlazy continuation\n\
    [link](x.md) [`Missing`] <script>alert(1)</script> \u{202e}bidi\u{200b} \t tab \0 nul https://graph.microsoft.com/v1.0/users. www.contoso.com";

/// Every type shape the emitter knows, with hostile names and text where a name or text goes.
fn types() -> Vec<Ty> {
    let mut types = vec![
        // Inheritance four levels deep, with polymorphism at every level.
        Ty {
            description: Some("The base of all entities."),
            ..entity(
                "microsoft.graph.entity",
                None,
                vec![described(prim("id", Edm::String), "The identifier.")],
            )
        },
        entity(
            "microsoft.graph.directoryObject",
            Some("microsoft.graph.entity"),
            vec![prim("deletedDateTime", Edm::DateTimeOffset)],
        ),
        Ty {
            description: Some("A user.\nSecond line */ with \"text\"."),
            ..entity(
                "microsoft.graph.user",
                Some("microsoft.graph.directoryObject"),
                vec![
                    prim("displayName", Edm::String),
                    prim("accountEnabled", Edm::Boolean),
                    prim("age", Edm::Int32),
                    prim("ticks", Edm::Int64),
                    prim("small", Edm::Int16),
                    prim("byte", Edm::Byte),
                    prim("signedByte", Edm::SByte),
                    prim("score", Edm::Double),
                    prim("ratio", Edm::Single),
                    prim("price", Edm::Decimal),
                    prim("birthday", Edm::Date),
                    prim("wakeUp", Edm::TimeOfDay),
                    prim("timeout", Edm::Duration),
                    prim("guid", Edm::Guid),
                    prim("photo", Edm::Binary),
                    prim("content", Edm::Stream),
                    prop("extensionData", TypeRef::Json),
                    many(prim("businessPhones", Edm::String)),
                    named("status", "microsoft.graph.presenceStatus"),
                    many(named("pastStatuses", "microsoft.graph.presenceStatus")),
                    named("mailboxSettings", "microsoft.graph.mailboxSettings"),
                    nav(named("manager", "microsoft.graph.directoryObject")),
                    nav(many(named("memberOf", "microsoft.graph.directoryObject"))),
                    described(
                        named("future", "microsoft.graph.notDefinedYet"),
                        "Its type is not in the model.",
                    ),
                    many(named("futures", "microsoft.graph.notDefinedEither")),
                    // Redeclares a base property: it appears once, in the base's place.
                    described(prim("id", Edm::String), "The user's identifier."),
                    prim("type", Edm::String),
                    prim("self", Edm::String),
                    prim("@odata.type", Edm::String),
                    prim("odataType", Edm::String),
                    prim("Id", Edm::String),
                    prim("additionalProperties", Edm::String),
                    named("option", "microsoft.graph.option"),
                    named("result", "microsoft.graph.result"),
                    named("string", "microsoft.graph.string"),
                    named("error", "microsoft.graph.error"),
                    named("box", "microsoft.graph.box"),
                    named("vec", "microsoft.graph.vec"),
                    named("duration", "microsoft.graph.duration"),
                    named("selfType", "microsoft.graph.self"),
                    named("callSession", "microsoft.graph.callRecords.session"),
                ],
            )
        },
        entity(
            "microsoft.graph.externalUser",
            Some("microsoft.graph.user"),
            vec![prim("externalSource", Edm::String)],
        ),
        entity(
            "microsoft.graph.group",
            Some("microsoft.graph.directoryObject"),
            vec![
                prim("displayName", Edm::String),
                nav(many(named("members", "microsoft.graph.directoryObject"))),
            ],
        ),
        // Recursion: itself, and a pair through by-value fields.
        complex(
            "microsoft.graph.folder",
            vec![
                prim("name", Edm::String),
                named("parent", "microsoft.graph.folder"),
                many(named("children", "microsoft.graph.folder")),
            ],
        ),
        complex(
            "microsoft.graph.nodeA",
            vec![named("next", "microsoft.graph.nodeB")],
        ),
        complex(
            "microsoft.graph.nodeB",
            vec![named("previous", "microsoft.graph.nodeA")],
        ),
        // A base cycle (bad docs) must not hang or recurse.
        entity(
            "microsoft.graph.loopA",
            Some("microsoft.graph.loopB"),
            vec![prim("a", Edm::String)],
        ),
        entity(
            "microsoft.graph.loopB",
            Some("microsoft.graph.loopA"),
            vec![prim("b", Edm::String)],
        ),
        Ty {
            open: true,
            ..complex(
                "microsoft.graph.openThing",
                vec![prim("known", Edm::String)],
            )
        },
        complex(
            "microsoft.graph.mailboxSettings",
            vec![prim("timeZone", Edm::String)],
        ),
        enumeration(
            "microsoft.graph.presenceStatus",
            vec![
                "available",
                "busy",
                "doNotDisturb",
                "other",
                "unrecognized",
                "busy",
            ],
        ),
        // Every variant would share a word: the emitter allows clippy::enum_variant_names.
        enumeration(
            "microsoft.graph.colorMode",
            vec!["colorModeDark", "colorModeLight", "colorModeAuto"],
        ),
        // Names from Rust's std and prelude, a keyword, and another namespace.
        complex("microsoft.graph.option", vec![prim("value", Edm::String)]),
        complex("microsoft.graph.result", vec![prim("value", Edm::String)]),
        complex("microsoft.graph.string", vec![prim("value", Edm::String)]),
        complex("microsoft.graph.error", vec![prim("code", Edm::String)]),
        complex("microsoft.graph.box", vec![prim("value", Edm::String)]),
        complex("microsoft.graph.vec", vec![prim("value", Edm::String)]),
        complex("microsoft.graph.duration", vec![prim("value", Edm::String)]),
        complex("microsoft.graph.self", vec![prim("self", Edm::String)]),
        complex("microsoft.graph.Self2", vec![prim("value", Edm::String)]),
        entity(
            "microsoft.graph.callRecords.session",
            None,
            vec![prim("modalities", Edm::String)],
        ),
        entity(
            "microsoft.graph.session",
            None,
            vec![prim("start", Edm::DateTimeOffset)],
        ),
        // A type whose Rust name is what the `Any…` enum of `user` would ask for.
        complex("microsoft.graph.anyUser", vec![prim("value", Edm::String)]),
        complex("microsoft.graph.1stPlace", vec![prim("1st", Edm::Int32)]),
        complex(
            "microsoft.graph.свойство",
            vec![prim("свойство", Edm::String)],
        ),
        complex(
            "microsoft.graph.",
            vec![prim("", Edm::String), prim("_", Edm::String)],
        ),
    ];
    // Hostile names and text: as types, properties, members and descriptions.
    let mut hostile_props: Vec<Property> = INJECTIONS
        .iter()
        .map(|n| described(prim(n, Edm::String), n))
        .collect();
    hostile_props.push(described(prim("@odata.etag", Edm::String), HOSTILE_TEXT));
    hostile_props.push(described(
        named("weird", "microsoft.graph.\"}; fn w() {}"),
        HOSTILE_TEXT,
    ));
    types.push(Ty {
        description: Some(HOSTILE_TEXT),
        ..complex("microsoft.graph.hostile", hostile_props)
    });
    for n in INJECTIONS {
        types.push(Ty {
            description: Some(n),
            ..complex(
                leak(format!("microsoft.graph.{n}")),
                vec![prim(n, Edm::String)],
            )
        });
    }
    let mut members = INJECTIONS.to_vec();
    members.extend(["", "self", "Self", "1st", "свойство", "a,b"]);
    types.push(Ty {
        description: Some(HOSTILE_TEXT),
        ..enumeration("microsoft.graph.hostileEnum", members)
    });
    types
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

fn model() -> ApiModel {
    let mut model = ApiModel::default();
    model.versions.insert("v1.0".to_string(), space(types()));
    model.versions.insert(
        "beta".to_string(),
        space(vec![
            entity(
                "microsoft.graph.entity",
                None,
                vec![prim("id", Edm::String)],
            ),
            entity(
                "microsoft.graph.user",
                Some("microsoft.graph.entity"),
                vec![prim("displayName", Edm::String)],
            ),
        ]),
    );
    model
}

fn emitted() -> Emitted {
    emit(&model())
}

// --- hostile input ----------------------------------------------------------------------------

fn idents(tokens: TokenStream, out: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(i) => out.push(i.to_string()),
            TokenTree::Group(g) => idents(g.stream(), out),
            _ => {}
        }
    }
}

/// Whether every literal of `tokens` is a string literal that holds no line break (what
/// `proc_macro2::Literal::string` writes for a wire value).
fn only_string_literals(tokens: TokenStream) -> bool {
    tokens.into_iter().all(|tree| match tree {
        TokenTree::Literal(l) => syn::parse_str::<syn::LitStr>(&l.to_string())
            .is_ok_and(|s| !s.value().contains(['\n', '\r'])),
        TokenTree::Group(g) => only_string_literals(g.stream()),
        _ => true,
    })
}

#[test]
fn hostile_names_and_text_stay_inert() {
    let emitted = emitted();
    assert_eq!(
        emitted.files.keys().collect::<Vec<_>>(),
        ["beta.rs", "client.rs", "mod.rs", "v1_0.rs"]
    );
    for (path, text) in &emitted.files {
        if path == "client.rs" {
            // The runtime: fixed text, the same in every crate.
            assert!(text.contains(codegen::CLIENT_RS));
            continue;
        }
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path} does not parse: {e}"));
        let mut names = Vec::new();
        idents(file.to_token_stream(), &mut names);
        for injected in ["panic", "x", "y", "z", "w", "doctest", "alert", "cfg"] {
            assert!(
                !names.iter().any(|n| n == injected),
                "{path}: `{injected}` became code"
            );
        }
        // Only what the emitter writes: structs, enums, their serde impls (`Object`, `StringEnum`), the runtime's module
        // imported once, module declarations.
        for item in &file.items {
            match item {
                syn::Item::Struct(_) | syn::Item::Enum(_) | syn::Item::Mod(_) => {}
                syn::Item::Impl(i) => {
                    let t = i.trait_.as_ref().expect("a trait impl").1.to_token_stream();
                    let t = t.to_string().replace(' ', "");
                    assert!(
                        [
                            "::serde::Serialize",
                            "::serde::Deserialize<'de>",
                            "client::Object",
                            "client::StringEnum"
                        ]
                        .contains(&t.as_str()),
                        "{t}"
                    );
                }
                syn::Item::Use(u) => {
                    assert_eq!(u.to_token_stream().to_string(), "use super :: client ;")
                }
                // An `Any…` enum's impls: one invocation of the runtime's macro, with
                // identifiers, types and the `@odata.type` values as string literals (no other
                // literal a page could have written).
                syn::Item::Macro(m) => {
                    // Or a struct's or enum's serde impls through the runtime's `wire_form!`.
                    let text = m.to_token_stream().to_string();
                    if text.starts_with("client :: any_enum !") {
                        assert!(only_string_literals(m.mac.tokens.clone()), "{path}: {text}");
                        continue;
                    }
                    assert!(
                        text.starts_with("client :: wire_form ! (object ")
                            || text.starts_with("client :: wire_form ! (enum "),
                        "{path}: {text}"
                    );
                    assert!(!text.contains('"'), "{path}: {text}");
                }
                other => panic!("{path}: unexpected item {}", other.to_token_stream()),
            }
        }
        // Every doc line is one line of text, and nothing opens a doc test; attributes are only
        // the emitter's own.
        for line in text.lines() {
            let line = line.trim_start();
            if line.starts_with('#') {
                assert!(
                    [
                        "#[derive(",
                        "#[inline]",
                        "#[allow(clippy::enum_variant_names)]"
                    ]
                    .iter()
                    .any(|a| line.starts_with(a)),
                    "{path}: unexpected attribute {line}"
                );
            }
            if let Some(doc) = line
                .strip_prefix("///")
                .or_else(|| line.strip_prefix("//!"))
            {
                assert!(!doc.contains("```") && !doc.contains("~~~"), "{line}");
                assert!(
                    !doc.chars().any(|c| c == '\u{202e}' || c == '\r'),
                    "{line:?}"
                );
                assert!(doc.is_empty() || doc.starts_with(' '), "{line}");
            }
        }
    }
    let v1 = &emitted.files["v1_0.rs"];
    // Wire names are kept exactly, as escaped literals: an arm of the struct's reading `match`
    // and its write (enum members likewise).
    for wire in [
        r#""a\"; panic!(); \"""#,
        r#""*/ fn x() {} /*""#,
        r#""\u{202e} } fn z() {""#,
        r#""свойство""#,
        r#""@odata.etag""#,
        r#""""#,
    ] {
        assert!(v1.contains(&format!("{wire} => ")), "{wire}: {v1}");
        assert!(
            v1.contains(&format!("(map, {wire}, &self.")) || v1.contains(&format!("=> {wire},")),
            "{wire}: {v1}"
        );
    }
}

#[test]
fn names_follow_the_rules() {
    let v1 = &emitted().files["v1_0.rs"];
    for expected in [
        "pub struct User {",
        "pub enum AnyUser2 {",
        "pub struct AnyUser {",
        "pub enum AnyDirectoryObject {",
        "pub enum AnyEntity {",
        "pub struct CallRecordsSession {",
        "pub struct Session {",
        "pub struct Option {",
        "pub struct Result {",
        "pub struct String {",
        "pub struct Error {",
        "pub struct Box {",
        "pub struct Vec {",
        "pub struct Duration {",
        "pub struct Self_ {",
        "pub struct Self2 {",
        "pub struct N1stPlace {",
        "pub struct Unnamed {",
        "pub type_: client::Nullable<::std::string::String>,",
        "pub self_: client::Nullable<::std::string::String>,",
        "pub odata_type: client::Nullable<::std::string::String>,",
        "pub odata_type_2: client::Nullable<::std::string::String>,",
        "pub id_2: client::Nullable<::std::string::String>,",
        "pub additional_properties_2: client::Nullable<::std::string::String>,",
        "pub n1st: client::Nullable<i32>,",
        "pub field: client::Nullable<::std::string::String>,",
        "pub field_2: client::Nullable<::std::string::String>,",
        "pub u441_u432_u43e_u439_u441_u442_u432_u43e: client::Nullable<",
        "pub a_panic: client::Nullable<::std::string::String>,",
        "pub option: client::Nullable<Option>,",
        "pub string: client::Nullable<String>,",
        "pub self_type: client::Nullable<Self_>,",
        "pub manager: client::Nullable<AnyDirectoryObject>,",
        "pub member_of: client::Nullable<::std::vec::Vec<AnyDirectoryObject>>,",
        "pub parent: client::Nullable<::std::boxed::Box<Folder>>,",
        "pub children: client::Nullable<::std::vec::Vec<Folder>>,",
        "pub next: client::Nullable<::std::boxed::Box<NodeB>>,",
        "pub previous: client::Nullable<::std::boxed::Box<NodeA>>,",
        "pub mailbox_settings: client::Nullable<MailboxSettings>,",
        "pub future: client::Nullable<::serde_json::Value>,",
        "pub futures: client::Nullable<::std::vec::Vec<::serde_json::Value>>,",
        "pub score: client::Nullable<::serde_json::Number>,",
        "pub status: client::Nullable<PresenceStatus>,",
        "Unrecognized2,",
        "Unrecognized(::std::string::String),",
        "#[allow(clippy::enum_variant_names)]",
    ] {
        assert!(v1.contains(expected), "missing `{expected}`");
    }
    // Flattened inheritance: base fields first, a redeclared one once.
    let user = &v1[v1.find("pub struct User {").unwrap()..];
    let user = &user[..user.find("\n}\n").unwrap()];
    let order: Vec<usize> = [
        "pub id:",
        "pub deleted_date_time:",
        "pub display_name:",
        "pub additional_properties:",
    ]
    .iter()
    .map(|f| user.find(f).unwrap_or_else(|| panic!("{f} missing")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert_eq!(user.matches("pub id:").count(), 1);
    assert!(user.contains("The user's identifier."));
    let external = &v1[v1.find("pub struct ExternalUser {").unwrap()..];
    let external = &external[..external.find("\n}\n").unwrap()];
    assert!(external.contains("pub display_name:") && external.contains("pub external_source:"));
}

#[test]
fn emit_is_deterministic_and_order_independent() {
    let first = emitted();
    assert_eq!(first, emitted());
    // The same types, interned in the reverse order.
    let mut reversed = ApiModel::default();
    let mut v1 = types();
    v1.reverse();
    reversed.versions.insert("v1.0".to_string(), space(v1));
    reversed
        .versions
        .insert("beta".to_string(), model().versions["beta"].clone());
    assert_eq!(first, emit(&reversed));
}

/// The code of a model's types (no operations).
fn emit(model: &ApiModel) -> Emitted {
    codegen::emit(&codegen::plan(model, &Operations::default()))
}

#[test]
fn paths_of_types() {
    let model = model();
    let ops = Operations::default();
    let plan = codegen::plan(&model, &ops);
    let path = |v: &str, t: &str| plan.rust_path(v, t);
    assert_eq!(
        path("v1.0", "microsoft.graph.user").as_deref(),
        Some("v1_0::AnyUser2")
    );
    assert_eq!(
        path("v1.0", "Microsoft.Graph.Folder").as_deref(),
        Some("v1_0::Folder")
    );
    assert_eq!(
        path("v1.0", "microsoft.graph.group").as_deref(),
        Some("v1_0::Group")
    );
    assert_eq!(
        path("beta", "microsoft.graph.entity").as_deref(),
        Some("beta::AnyEntity")
    );
    assert_eq!(path("beta", "microsoft.graph.folder"), None);
    assert_eq!(path("v2", "microsoft.graph.user"), None);
}

#[test]
fn dependencies_are_what_the_code_uses() {
    let deps = codegen::dependencies();
    assert_eq!(
        deps,
        [
            (
                "chrono",
                r#"{ version = "0.4", default-features = false, features = ["std"], optional = true }"#
            ),
            ("http", r#""1""#),
            ("percent-encoding", r#""2""#),
            (
                "reqwest",
                r#"{ version = "0.13", default-features = false, optional = true }"#
            ),
            ("serde", r#"{ version = "1", features = ["derive"] }"#),
            ("serde_json", r#""1""#)
        ]
    );
    for text in emitted().files.values() {
        let crates: std::collections::BTreeSet<&str> = text
            .match_indices(" ::")
            .chain(text.match_indices("<::"))
            .chain(text.match_indices("(::"))
            .map(|(i, m)| {
                let rest = &text[i + m.len()..];
                &rest[..rest.find("::").unwrap_or(0)]
            })
            .collect();
        for c in crates {
            assert!(
                [
                    "std",
                    "chrono",
                    "serde",
                    "serde_json",
                    "http",
                    "percent_encoding",
                    "reqwest"
                ]
                .contains(&c),
                "uses crate `{c}`"
            );
        }
    }
}

// --- the emitted code compiles and round-trips ------------------------------------------------

const ROUND_TRIP: &str = r###"
use crate::generated::v1_0::*;
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(text: &str) -> T {
    let typed: T = serde_json::from_str(text).expect("deserializes");
    let back = serde_json::to_value(&typed).expect("serializes");
    let original: Value = serde_json::from_str(text).unwrap();
    assert_eq!(back, original, "round trip changed the payload");
    typed
}

#[test]
fn a_directory_object_that_is_a_user_is_the_user_variant() {
    let text = r##"{
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity",
        "@odata.type": "#microsoft.graph.user",
        "@odata.etag": "W/\"1\"",
        "id": "48d31887",
        "deletedDateTime": "2024-01-01T00:00:00Z",
        "displayName": "Adele Vance",
        "accountEnabled": true,
        "age": 42,
        "ticks": 9007199254740993,
        "small": -3,
        "byte": 255,
        "signedByte": -128,
        "score": 1.0,
        "ratio": 1,
        "price": 12.5,
        "birthday": "1990-01-01",
        "wakeUp": "07:00:00",
        "timeout": "PT1H",
        "guid": "00000000-0000-0000-0000-000000000000",
        "photo": "AAEC",
        "content": "text",
        "extensionData": {"any": ["json", 1, null, {"deep": true}]},
        "businessPhones": ["+1 425 555 0109", "+1 425 555 0110"],
        "status": "doNotDisturb",
        "pastStatuses": ["busy", "somethingNew", "available,busy", "unrecognized"],
        "mailboxSettings": {"timeZone": "UTC", "@odata.type": "microsoft.graph.mailboxSettings", "extra": 1},
        "manager": {"@odata.type": "#microsoft.graph.group", "id": "g1", "displayName": "Team",
                    "members": [{"@odata.type": "#microsoft.graph.externalUser", "id": "e1", "externalSource": "x"}]},
        "memberOf": [{"@odata.type": "#microsoft.graph.group", "id": "g2"}, {"id": "plain"}],
        "future": {"whatever": [1, 2]},
        "futures": [1, "two", null],
        "type": "member",
        "self": "me",
        "odataType": "camel",
        "Id": "upper",
        "additionalProperties": "a field, not the map",
        "option": {"value": "o"},
        "result": {"value": "r"},
        "string": {"value": "s"},
        "error": {"code": "e"},
        "box": {"value": "b"},
        "vec": {"value": "v"},
        "duration": {"value": "d"},
        "selfType": {"self": "s"},
        "callSession": {"@odata.type": "#microsoft.graph.callRecords.session", "modalities": "audio"},
        "notInTheDocs": {"kept": true}
    }"##;
    let object: AnyDirectoryObject = round_trip(text);
    let AnyDirectoryObject::User(user) = &object else { panic!("not a user: {object:?}") };
    assert_eq!(user.display_name.as_deref(), Some("Adele Vance"));
    assert_eq!(user.odata_type.as_deref(), Some("#microsoft.graph.user"));
    assert_eq!(user.odata_type_2.as_deref(), Some("camel"));
    assert_eq!(user.id.as_deref(), Some("48d31887"));
    assert_eq!(user.id_2.as_deref(), Some("upper"));
    assert_eq!(user.type_.as_deref(), Some("member"));
    assert_eq!(user.ticks.get(), Some(&9007199254740993));
    assert_eq!(user.status.get(), Some(&PresenceStatus::DoNotDisturb));
    assert_eq!(
        user.past_statuses.items(),
        [
            PresenceStatus::Busy,
            PresenceStatus::Unrecognized("somethingNew".into()),
            PresenceStatus::Unrecognized("available,busy".into()),
            PresenceStatus::Unrecognized2,
        ]
    );
    assert!(matches!(user.manager.get(), Some(AnyDirectoryObject::Group(_))));
    let Some(AnyDirectoryObject::Group(group)) = user.manager.get() else { unreachable!() };
    assert!(matches!(group.members.items(), [AnyDirectoryObject::ExternalUser(e)] if e.external_source.as_deref() == Some("x")));
    assert!(matches!(user.member_of.items(), [AnyDirectoryObject::Group(_), AnyDirectoryObject::DirectoryObject(_)]));
    assert_eq!(user.additional_properties["@odata.context"], json!("https://graph.microsoft.com/v1.0/$metadata#directoryObjects/$entity"));
    assert_eq!(user.additional_properties["notInTheDocs"], json!({"kept": true}));
    assert_eq!(user.additional_properties_2.as_deref(), Some("a field, not the map"));
    assert_eq!(user.call_session.get().unwrap().modalities.as_deref(), Some("audio"));
    // The same payload read as a user directly.
    let direct: AnyUser2 = round_trip(text);
    assert!(matches!(direct, AnyUser2::User(_)));
    let plain: User = round_trip(text);
    assert_eq!(plain.display_name.as_deref(), Some("Adele Vance"));
}

#[test]
fn odata_type_matching_is_lenient() {
    for t in ["#microsoft.graph.user", "microsoft.graph.user", "#Microsoft.Graph.User", "user", "#USER"] {
        let text = format!(r##"{{"@odata.type": "{t}", "id": "1"}}"##);
        let object: AnyEntity = round_trip(&text);
        assert!(matches!(object, AnyEntity::User(_)), "{t}: {object:?}");
    }
    let object: AnyEntity = round_trip(r##"{"@odata.type": "#microsoft.graph.callRecords.session"}"##);
    assert!(matches!(object, AnyEntity::Entity(_)), "not derived from entity in this model");
}

#[test]
fn unknown_or_missing_odata_type_is_the_base_variant() {
    let text = r##"{"@odata.type": "#microsoft.graph.somethingNew", "id": "1", "deletedDateTime": "x", "newField": [1]}"##;
    let object: AnyDirectoryObject = round_trip(text);
    let AnyDirectoryObject::DirectoryObject(base) = &object else { panic!("{object:?}") };
    assert_eq!(base.id.as_deref(), Some("1"));
    assert_eq!(base.additional_properties["newField"], json!([1]));
    assert_eq!(base.additional_properties["@odata.type"], json!("#microsoft.graph.somethingNew"));
    let object: AnyDirectoryObject = round_trip(r##"{"id": "2"}"##);
    assert!(matches!(object, AnyDirectoryObject::DirectoryObject(_)));
    let object: AnyDirectoryObject = round_trip(r##"{"@odata.type": 7, "id": "3"}"##);
    assert!(matches!(object, AnyDirectoryObject::DirectoryObject(_)));
    assert!(serde_json::from_str::<AnyDirectoryObject>("\"not an object\"").is_err());
    // A base cycle in the docs still gives working types.
    let a: AnyLoopA = round_trip(r##"{"@odata.type": "#microsoft.graph.loopB", "a": "1", "b": "2"}"##);
    assert!(matches!(a, AnyLoopA::LoopB(_)));
}

#[test]
fn enums_keep_unknown_members() {
    let known: PresenceStatus = round_trip(r##""busy""##);
    assert_eq!(known, PresenceStatus::Busy);
    let unknown: PresenceStatus = round_trip(r##""beRightBack""##);
    assert_eq!(unknown, PresenceStatus::Unrecognized("beRightBack".to_string()));
    let flags: PresenceStatus = round_trip(r##""busy,available""##);
    assert_eq!(flags, PresenceStatus::Unrecognized("busy,available".to_string()));
    assert_eq!(serde_json::to_value(PresenceStatus::Unrecognized("x".into())).unwrap(), json!("x"));
    assert_eq!(serde_json::to_value(PresenceStatus::DoNotDisturb).unwrap(), json!("doNotDisturb"));
    let odd: HostileEnum = round_trip(r##""a\"; panic!(); \"""##);
    assert_ne!(odd, HostileEnum::Unrecognized(r##"a"; panic!(); ""##.into()));
    let empty: HostileEnum = round_trip(r##""""##);
    assert!(!matches!(empty, HostileEnum::Unrecognized(_)));
    let comma: HostileEnum = round_trip(r##""a,b""##);
    assert!(!matches!(comma, HostileEnum::Unrecognized(_)));
    assert!(serde_json::from_str::<PresenceStatus>("1").is_err());
}

#[test]
fn recursive_and_open_types() {
    let folder: Folder = round_trip(r##"{"name": "a", "parent": {"name": "b", "parent": {"name": "c"}},
        "children": [{"name": "d", "children": [{"name": "e"}]}]}"##);
    assert_eq!(folder.parent.get().unwrap().parent.get().unwrap().name.as_deref(), Some("c"));
    let node: NodeA = round_trip(r##"{"next": {"previous": {"next": {}}}}"##);
    assert!(!node.next.into_option().unwrap().previous.into_option().unwrap().next.is_absent());
    let open: OpenThing = round_trip(r##"{"known": "k", "dynamic": {"a": [1.5, 2]}, "@odata.context": "c"}"##);
    assert_eq!(open.additional_properties.len(), 2);
    assert_eq!(OpenThing::default(), serde_json::from_str("{}").unwrap());
}

#[test]
fn null_and_absent() {
    // Read: a null and an empty array come back as they were sent.
    let text = r##"{"businessPhones": null, "displayName": null, "memberOf": [], "manager": null}"##;
    let user: User = round_trip(text);
    assert!(user.business_phones.is_null() && user.display_name.is_null());
    assert!(user.business_phones.items().is_empty() && user.display_name.get().is_none());
    assert!(user.member_of.get().is_some_and(::std::vec::Vec::is_empty));
    assert!(user.id.is_absent());
    assert_eq!(serde_json::to_value(User::default()).unwrap(), json!({}));
}

#[test]
fn an_update_sends_exactly_what_was_set() {
    let update = User {
        display_name: "Adele".into(),
        age: 42.into(),
        ..User::default()
    };
    assert_eq!(serde_json::to_string(&update).unwrap(), r#"{"displayName":"Adele","age":42}"#);
    // `null` clears a property on purpose; an empty list is sent as one.
    let clear = User {
        display_name: crate::generated::client::Nullable::Null,
        business_phones: vec![].into(),
        ..User::default()
    };
    assert_eq!(serde_json::to_string(&clear).unwrap(), r#"{"displayName":null,"businessPhones":[]}"#);
}

#[test]
fn dates_and_guids_keep_their_text() {
    let text = r##"{"deletedDateTime": "2024-01-01T00:00:00.1234567Z", "birthday": "1990-01-01",
        "wakeUp": "07:00:00.0000000", "timeout": "PT1H", "guid": "00000000-0000-0000-0000-000000000000"}"##;
    let user: User = round_trip(text);
    assert_eq!(user.deleted_date_time.get().and_then(|t| t.parts()).map(|p| p.nanosecond), Some(123_456_700));
    assert_eq!(user.birthday.get().and_then(|d| d.parts()), Some((1990, 1, 1)));
    assert_eq!(user.wake_up.get().and_then(|t| t.parts()), Some((7, 0, 0, 0)));
    assert_eq!(user.timeout.get().and_then(|d| d.nanoseconds()), Some(3_600_000_000_000));
    assert_eq!(user.guid.get().and_then(|g| g.to_u128()), Some(0));
}

#[test]
fn hostile_types_round_trip() {
    let text = r##"{"a\"; panic!(); \"": "1", "*/ fn x() {} /*": "2", "@odata.etag": "e", "свойство": "3"}"##;
    let _: Hostile = round_trip(text);
    let _: U441U432U43eU439U441U442U432U43e = round_trip(r##"{"свойство": "x"}"##);
    let _: Unnamed = round_trip(r##"{"": "x", "_": "y"}"##);
}
"###;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn cargo(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .args(args)
        .current_dir(dir)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env(
            "CARGO_TARGET_DIR",
            workspace().join("target/generated-crates"),
        )
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .env_remove("CARGO_BUILD_RUSTFLAGS")
        .env_remove("RUSTC_WORKSPACE_WRAPPER");
    command.output().expect("cargo runs")
}

fn run(dir: &Path, args: &[&str]) -> String {
    let out = cargo(dir, args);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "`cargo {}` failed in the generated crate:\n{}\n{stdout}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn emitted_code_compiles_without_warnings_and_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut manifest = String::from(
        "[package]\nname = \"graphdoc-codegen-check\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n",
    );
    for (name, spec) in codegen::dependencies() {
        manifest.push_str(&format!("{name} = {spec}\n"));
    }
    manifest.push_str("\n[workspace]\n");
    std::fs::write(root.join("Cargo.toml"), manifest).unwrap();
    // Lint public items too, as a workspace that vendors the code may.
    std::fs::write(
        root.join("clippy.toml"),
        "avoid-breaking-exported-api = false\n",
    )
    .unwrap();
    // The workspace's lock file pins the versions already in the local registry.
    std::fs::copy(workspace().join("Cargo.lock"), root.join("Cargo.lock")).unwrap();
    emitted().write_to(&root.join("src/generated")).unwrap();
    std::fs::write(
        root.join("src/lib.rs"),
        "//! The emitted module tree, and a round trip through it.\n\npub mod generated;\n\n#[cfg(test)]\nmod round_trip;\n",
    )
    .unwrap();
    std::fs::write(root.join("src/round_trip.rs"), ROUND_TRIP).unwrap();

    run(root, &["build", "--offline"]);
    let tests = run(root, &["test", "--offline"]);
    assert!(tests.contains("test result: ok. 9 passed"), "{tests}");
    // The unit tests, and no doc test: no doc comment became one.
    assert_eq!(tests.matches("running ").count(), 2, "{tests}");
    assert!(tests.contains("running 0 tests"), "{tests}");
    if cargo(root, &["clippy", "--version"]).status.success() {
        run(
            root,
            &[
                "clippy",
                "--offline",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
        );
    } else {
        eprintln!("notice: cargo clippy is not installed; the clippy check was skipped");
    }
    run(root, &["doc", "--offline", "--no-deps"]);
}
