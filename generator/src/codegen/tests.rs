use super::{Emitted, camel_words, client_rs, plan, shares_variant_words};
use crate::model::{ApiModel, Edm, EnumMember, Property, TypeKind, TypeRef, TypeSpace};
use crate::ops::Operations;

/// The code of a model's types (no operations).
fn emit(model: &ApiModel) -> Emitted {
    super::emit(&plan(model, &Operations::default()))
}

fn property(name: &str, ty: TypeRef, collection: bool) -> Property {
    Property {
        name: name.to_string(),
        ty,
        collection,
        navigation: false,
        nullable: true,
        description: Some(format!("The {name}.")),
    }
}

/// A small version: a hierarchy, a recursive type, an enum and an undefined reference.
fn small() -> ApiModel {
    let mut space = TypeSpace::default();
    let entity = space.intern("microsoft.graph.entity", TypeKind::Entity);
    space.get_mut(entity).properties = vec![property("id", TypeRef::Primitive(Edm::String), false)];
    let user = space.intern("microsoft.graph.user", TypeKind::Entity);
    let def = space.get_mut(user);
    def.base = Some("microsoft.graph.entity".into());
    def.description = Some("Represents a user.".into());
    def.properties = vec![
        property("displayName", TypeRef::Primitive(Edm::String), false),
        property(
            "manager",
            TypeRef::Named("microsoft.graph.entity".into()),
            false,
        ),
        property(
            "status",
            TypeRef::Named("microsoft.graph.status".into()),
            false,
        ),
        property("phones", TypeRef::Primitive(Edm::String), true),
        property("score", TypeRef::Primitive(Edm::Double), false),
        property(
            "later",
            TypeRef::Named("microsoft.graph.later".into()),
            false,
        ),
    ];
    let folder = space.intern("microsoft.graph.folder", TypeKind::Complex);
    space.get_mut(folder).properties = vec![
        property(
            "parent",
            TypeRef::Named("microsoft.graph.folder".into()),
            false,
        ),
        property(
            "children",
            TypeRef::Named("microsoft.graph.folder".into()),
            true,
        ),
    ];
    let status = space.intern("microsoft.graph.status", TypeKind::Enum);
    space.get_mut(status).members = ["active", "blocked"]
        .map(|m| EnumMember {
            name: m.into(),
            description: None,
        })
        .to_vec();
    let mut model = ApiModel::default();
    model.versions.insert("v1.0".into(), space);
    model
}

#[test]
fn small_model_snapshot() {
    let emitted = emit(&small());
    assert_eq!(
        emitted.files.keys().collect::<Vec<_>>(),
        ["client.rs", "mod.rs", "v1_0.rs"]
    );
    assert_eq!(emitted.files["client.rs"], client_rs());
    insta::assert_snapshot!("mod_rs", emitted.files["mod.rs"]);
    insta::assert_snapshot!("v1_0_rs", emitted.files["v1_0.rs"]);
}

#[test]
fn empty_model() {
    let emitted = emit(&ApiModel::default());
    assert_eq!(
        emitted.files.keys().collect::<Vec<_>>(),
        ["client.rs", "mod.rs"]
    );
    assert!(syn::parse_file(&emitted.files["mod.rs"]).is_ok());
}

#[test]
fn version_modules_are_named_and_unique() {
    let mut model = ApiModel::default();
    for v in ["v1.0", "v1_0", "beta", "mod", "", "client"] {
        model.versions.insert(v.into(), TypeSpace::default());
    }
    let emitted = emit(&model);
    assert_eq!(
        emitted.files.keys().collect::<Vec<_>>(),
        [
            "beta.rs",
            "client.rs",
            "client_2.rs",
            "mod.rs",
            "mod_.rs",
            "v1_0.rs",
            "v1_0_2.rs",
            "version.rs"
        ]
    );
    let root = &emitted.files["mod.rs"];
    for m in [
        "beta", "client", "client_2", "mod_", "v1_0", "v1_0_2", "version",
    ] {
        assert!(root.contains(&format!("pub mod {m};")), "{root}");
    }
    let ops = Operations::default();
    assert_eq!(plan(&model, &ops).rust_path("v1_0", "x"), None);
}

#[test]
fn variant_name_lint_is_allowed_only_where_it_fires() {
    let allowed = shares_variant_words;
    assert!(allowed("Color", &["ColorRed", "Blue"]));
    assert!(allowed("Mode", &["Dark", "LightMode"]));
    assert!(allowed(
        "AnyEndpoint",
        &["CallEndpoint", "CallServiceEndpoint", "CallUserEndpoint"]
    ));
    assert!(allowed("AnyX", &["AEndpoint", "BEndpoint", "CEndpoint"]));
    assert!(!allowed("Status", &["Active", "Blocked", "Unrecognized"]));
    assert!(!allowed("AnyLoop", &["LoopA", "LoopB"]));
    assert_eq!(
        camel_words("CallRecordsSession"),
        ["Call", "Records", "Session"]
    );
    assert_eq!(camel_words("U441U432"), ["U441", "U432"]);
    assert_eq!(camel_words("HTTPServer"), ["HTTP", "Server"]);
    assert_eq!(camel_words("Self_"), ["Self_"]);
}

#[test]
fn area_names_come_from_ms_prod() {
    use super::layout::area_name;
    assert_eq!(
        area_name("identity-and-sign-in").as_deref(),
        Some("identity_and_sign_in")
    );
    assert_eq!(area_name("Outlook").as_deref(), Some("outlook"));
    assert_eq!(area_name(" ").as_deref(), None);
    assert_eq!(area_name("reqwest").as_deref(), Some("reqwest_area"));
    assert_eq!(area_name("shared").as_deref(), Some("shared_area"));
}

/// The standalone crate of the v1.0 types `space`, with each page's `ms.prod` from `areas`.
fn crate_of(space: TypeSpace, areas: &[(&str, &str)]) -> Emitted {
    let mut model = ApiModel::default();
    model.versions.insert("v1.0".into(), space);
    let areas = areas
        .iter()
        .map(|(p, a)| (p.to_string(), a.to_string()))
        .collect();
    super::emit_crate(&plan(&model, &Operations::default()), &areas)
}

/// A user (area `users`) with a relationship to messages (area `outlook`) and a property of an
/// `outlook` type: the relationship is gated, the property's type moves to `shared`.
#[test]
fn crate_layout_places_types_by_area_and_gates_what_crosses() {
    let mut space = TypeSpace::default();
    let entity = space.intern("microsoft.graph.entity", TypeKind::Entity);
    space.get_mut(entity).properties = vec![property("id", TypeRef::Primitive(Edm::String), false)];
    let user = space.intern("microsoft.graph.user", TypeKind::Entity);
    let def = space.get_mut(user);
    def.base = Some("microsoft.graph.entity".into());
    def.sources = vec!["user.md".into()];
    let mut messages = property(
        "messages",
        TypeRef::Named("microsoft.graph.message".into()),
        true,
    );
    messages.navigation = true;
    def.properties = vec![
        messages,
        property(
            "mailboxSettings",
            TypeRef::Named("microsoft.graph.mailboxSettings".into()),
            false,
        ),
    ];
    let message = space.intern("microsoft.graph.message", TypeKind::Entity);
    let def = space.get_mut(message);
    def.base = Some("microsoft.graph.entity".into());
    def.sources = vec!["message.md".into()];
    let settings = space.intern("microsoft.graph.mailboxSettings", TypeKind::Complex);
    let def = space.get_mut(settings);
    def.sources = vec!["mailboxsettings.md".into()];
    def.properties = vec![property("timeZone", TypeRef::Primitive(Edm::String), false)];
    let emitted = crate_of(
        space,
        &[
            ("user.md", "users"),
            ("message.md", "outlook"),
            ("mailboxsettings.md", "Outlook"),
        ],
    );
    assert_eq!(emitted.features, ["outlook", "users"]);
    let users = &emitted.files["v1_0/users.rs"];
    assert!(users.contains("pub struct User {"), "{users}");
    assert!(
        users.contains("#[cfg(feature = \"outlook\")]\n    pub messages:")
            && users.contains(
                "#[cfg(feature = \"outlook\")]\n            \"messages\" => self.messages"
            ),
        "{users}"
    );
    assert!(emitted.files["v1_0/outlook.rs"].contains("pub struct Message {"));
    let shared = &emitted.files["v1_0/shared.rs"];
    assert!(shared.contains("pub struct MailboxSettings {"), "{shared}");
    // The entity's `Any…` enum holds the derived types of the areas that are on.
    assert!(
        shared.contains("#[cfg(feature = \"outlook\")]\n    Message("),
        "{shared}"
    );
    // And its conveniences (`From`, downcasts, accessors), with the same gates.
    assert!(
        shared.contains("client::any_enum!(")
            && shared.contains("    #[cfg(feature = \"outlook\")]\n    Message as_message,\n"),
        "{shared}"
    );
    let root = &emitted.files["v1_0/mod.rs"];
    assert!(
        root.contains("#[cfg(feature = \"users\")]\nmod users;"),
        "{root}"
    );
    assert!(root.contains("#[allow(unused_imports)]\npub use self::users::*;"));
}

/// `shared` types are built with the areas that use them: a user (`users`) holds mailbox
/// settings (an `outlook` page, moved to `shared`), which hold working hours (no area): both are
/// built with `users` alone. A recipient (no area) that messages (`outlook`) and groups
/// (`groups`) hold is built with either. What no area names is always built.
#[test]
fn crate_layout_gates_each_shared_type_by_the_areas_that_use_it() {
    let mut space = TypeSpace::default();
    let named = |name: &str| TypeRef::Named(format!("microsoft.graph.{name}"));
    let mut add = |name: &str, kind, page: Option<&str>, props: Vec<Property>| {
        let id = space.intern(&format!("microsoft.graph.{name}"), kind);
        let def = space.get_mut(id);
        def.sources = page.map(|p| p.to_string()).into_iter().collect();
        def.properties = props;
    };
    add(
        "user",
        TypeKind::Entity,
        Some("user.md"),
        vec![property("mailboxSettings", named("mailboxSettings"), false)],
    );
    add(
        "mailboxSettings",
        TypeKind::Complex,
        Some("mailboxsettings.md"),
        vec![property("workingHours", named("workingHours"), false)],
    );
    add(
        "workingHours",
        TypeKind::Complex,
        None,
        vec![property("timeZone", TypeRef::Primitive(Edm::String), false)],
    );
    add(
        "message",
        TypeKind::Entity,
        Some("message.md"),
        vec![property("sender", named("recipient"), false)],
    );
    add(
        "group",
        TypeKind::Entity,
        Some("group.md"),
        vec![property("owner", named("recipient"), false)],
    );
    let mut mailbox = property("mailbox", named("mailboxSettings"), false);
    mailbox.navigation = true;
    add(
        "recipient",
        TypeKind::Complex,
        None,
        vec![
            property("name", TypeRef::Primitive(Edm::String), false),
            mailbox,
        ],
    );
    add(
        "identity",
        TypeKind::Complex,
        None,
        vec![property(
            "displayName",
            TypeRef::Primitive(Edm::String),
            false,
        )],
    );
    let emitted = crate_of(
        space,
        &[
            ("user.md", "users"),
            ("mailboxsettings.md", "outlook"),
            ("message.md", "outlook"),
            ("group.md", "groups"),
        ],
    );
    assert_eq!(emitted.features, ["groups", "outlook", "users"]);
    let shared = &emitted.files["v1_0/shared.rs"];
    // Each item of a gated type carries the gate: the struct (above its docs), its
    // `client::Object` impl and its wire form.
    for (ty, cfg) in [
        ("MailboxSettings", "#[cfg(feature = \"users\")]"),
        ("WorkingHours", "#[cfg(feature = \"users\")]"),
        (
            "Recipient",
            "#[cfg(any(feature = \"groups\", feature = \"outlook\"))]",
        ),
    ] {
        for item in [
            format!("impl client::Object for {ty} {{"),
            format!("client::wire_form!(object {ty});"),
        ] {
            assert!(
                shared.contains(&format!("\n{cfg}\n{item}")),
                "{item}: {shared}"
            );
        }
        let start = shared.find(&format!("pub struct {ty} {{")).unwrap();
        let item = &shared[..start].rsplit("\n\n").next().unwrap();
        assert!(item.starts_with(&format!("{cfg}\n///")), "{ty}: {item}");
    }
    // A relationship to a type that may be missing carries that type's gate.
    assert!(
        shared.contains("    #[cfg(feature = \"users\")]\n    pub mailbox:"),
        "{shared}"
    );
    // What no area names is built whatever the features.
    assert!(
        shared.contains("\n\nimpl client::Object for Identity {"),
        "{shared}"
    );
    // The users area names the settings without a gate: they are built whenever it is.
    let users = &emitted.files["v1_0/users.rs"];
    assert!(users.contains("pub mailbox_settings:"), "{users}");
    assert!(!users.contains("#[cfg("), "{users}");
}
