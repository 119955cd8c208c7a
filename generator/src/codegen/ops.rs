//! Client stubs: one struct per operation, an enum of its URL forms, and its
//! `client::Operation` impl. The stubs live in a module `ops` inside each version's module and
//! refer to the version's types as `super::Type` and to the runtime as `client` (imported once).
//! The builder methods are the runtime's: `query` and `header` of `client::Operation`, and one
//! trait per documented OData option (`client::Select`, …), which a stub implements with an
//! empty impl.
//!
//! The stubs are written as text, the way prettyplease prints them ([`Source`]). Page text
//! reaches the code only as doc comments ([`Doc`]), the deprecation note and string literals
//! printed by `proc_macro2` (URL pieces, query option and header names, which are validated
//! tokens); identifiers come from the [`super::plan`], which takes them from [`naming`], and are
//! checked again as they are written.

use super::docs::Doc;
use super::naming::{self, Case, Scope};
use super::plan::{BodyPlan, OpPlan, OutputPlan, PathPiece, VersionPlan, path_pieces};
use super::text::{Source, literal, push_indented};
use super::{checked, parse, target_text, unparse_item};
use crate::ops::path::{ParamKind, Piece};
use proc_macro2::TokenStream;
use quote::quote;

/// The `ops` module of a version, as text (items rendered in parallel, then indented).
pub(crate) fn emit_ops(version: &VersionPlan) -> Option<Vec<String>> {
    use rayon::prelude::*;
    if version.ops.is_empty() {
        return None;
    }
    // Each stub's items, indented by four spaces and each after a blank line, in parallel;
    // each task prints in one buffer and keeps each stub's text at its size.
    let printed: Vec<String> = version
        .ops
        .par_iter()
        .map_init(
            || String::with_capacity(STUB_CAPACITY),
            |scratch, o| {
                Source::print_nested_in(scratch, |out| write_stub(out, o, "super::", None))
            },
        )
        .collect();
    let doc = ops_doc(version);
    let head: String = parse(quote! { #doc pub mod ops {} })
        .items
        .into_iter()
        .map(unparse_item)
        .collect();
    // `pub mod ops {}` as printed, opened up to take the items.
    let mut open = head.trim_end().trim_end_matches('}').trim_end().to_string();
    open.push('\n');
    let import: String = parse(quote!(
        use super::super::client;
    ))
    .items
    .into_iter()
    .map(unparse_item)
    .collect();
    push_indented(&mut open, &import);
    let mut pieces = Vec::with_capacity(printed.len() + 2);
    pieces.push(open);
    pieces.extend(printed);
    pieces.push("}\n".to_string());
    Some(pieces)
}

/// The bytes a task's buffer for stubs starts with room for: most stubs fit, a few grow it.
const STUB_CAPACITY: usize = 8 * 1024;

/// The documentation of a version's `ops` module, on its declaration.
pub(crate) fn ops_doc(version: &VersionPlan) -> TokenStream {
    Doc::new()
        .note(
            "Typed operations: {} stubs, one a documented operation.",
            &[&version.ops.len().to_string()],
        )
        .text(
            "Each struct holds one call: its URL form (the `…Path` enum), its body and its options. \
             Build an `http::Request` with `client::Client::request`, parse the `http::Response` with \
             `client::Client::parse`, or send it with `client::Client::send` (feature `reqwest`).",
        )
        .attrs()
}

/// The doc comment of a stub: the page's title and description, its URL forms, permissions,
/// the link to the page and where it came from.
fn stub_doc(o: &OpPlan) -> Doc {
    let op = o.op;
    let mut doc = Doc::new();
    if let Some(title) = &op.title {
        doc.text(title);
    }
    if let Some(d) = &op.description {
        doc.text(d);
    }
    for p in &op.paths {
        doc.note("{} {}", &[op.method.as_str(), &p.written]);
    }
    for (kind, perms) in &op.permissions {
        // `Least privileged permission, kind: {}, {}.`, one `{}` a permission.
        let mut template = String::with_capacity(40 + kind.len() + 4 * perms.len());
        template.push_str("Least privileged permission, ");
        template.push_str(kind);
        template.push_str(": ");
        for i in 0..perms.len() {
            if i > 0 {
                template.push_str(", ");
            }
            template.push_str("{}");
        }
        template.push('.');
        let values: Vec<&str> = perms.iter().map(String::as_str).collect();
        doc.note(&template, &values);
    }
    if let Some(link) = &op.doc_link {
        doc.text(&["Reference: ", link].concat());
    }
    doc.note("Operation {} from {}.", &[&op.id, &op.doc_page]);
    doc
}

/// Where an operation has one URL form, the fields of that form, which `new` takes as its
/// parameters instead of the path enum (`user_id: impl Into<String>`); `None` where it has
/// several forms, or a value would be named like the body.
pub(crate) fn one_form_fields<'p>(o: &'p OpPlan) -> Option<(&'p str, &'p [String])> {
    let ([variant], [fields]) = (o.variants.as_slice(), o.fields.as_slice()) else {
        return None;
    };
    if fields.iter().any(|f| f == "body") {
        return None;
    }
    Some((variant, fields))
}

/// The option traits of the query options the page documents (`client::Select` for
/// `impl client::Select for X {}`).
fn option_traits(o: &OpPlan) -> impl Iterator<Item = &'static str> {
    o.op.query_options.iter().filter_map(|opt| {
        Some(match opt.as_str() {
            "$select" => "client::Select",
            "$expand" => "client::Expand",
            "$orderby" => "client::OrderBy",
            "$filter" => "client::Filter",
            "$search" => "client::Search",
            "$top" => "client::Top",
            "$skip" => "client::Skip",
            "$count" => "client::Count",
            _ => return None,
        })
    })
}

/// The setters of the request headers the page names: each header with its method's name.
fn header_methods<'o>(o: &OpPlan<'o>) -> Vec<(&'o str, String)> {
    if o.op.headers.is_empty() {
        // Most pages name none: no scope to build.
        return Vec::new();
    }
    // The methods of `new`, `content_type` and of the runtime's traits.
    let taken = [
        "new",
        "query",
        "header",
        "select",
        "expand",
        "orderby",
        "filter",
        "search",
        "top",
        "skip",
        "count",
        "content_type",
        "path",
        "body",
        "parts",
        "parts_mut",
        "method",
        "version",
        "parse",
    ];
    let items: Vec<(&str, String)> =
        o.op.headers
            .iter()
            .map(|h| (h.as_str(), naming::snake(h)))
            .collect();
    let names = Scope::with_reserved(&taken).assign(&items, Case::Snake);
    o.op.headers.iter().map(String::as_str).zip(names).collect()
}

/// The name of `http::Method`'s constant for a standard method (`GET`), `None` for an
/// extension method.
fn standard_method(method: &http::Method) -> Option<&'static str> {
    [
        http::Method::GET,
        http::Method::POST,
        http::Method::PATCH,
        http::Method::PUT,
        http::Method::DELETE,
        http::Method::HEAD,
        http::Method::OPTIONS,
        http::Method::TRACE,
        http::Method::CONNECT,
    ]
    .into_iter()
    .zip([
        "GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "TRACE", "CONNECT",
    ])
    .find(|(m, _)| m == method)
    .map(|(_, name)| name)
}

/// The type `new` takes for the body, if any.
fn body_type(o: &OpPlan, prefix: &str) -> Option<String> {
    Some(match o.body.as_ref()? {
        BodyPlan::Typed { target, collection } => {
            let t = target_text(target, prefix);
            if *collection {
                ["::std::vec::Vec<", &t, ">"].concat()
            } else {
                t
            }
        }
        BodyPlan::Json => "::serde_json::Value".to_string(),
        BodyPlan::Bytes { .. } => "::std::vec::Vec<u8>".to_string(),
    })
}

/// The type `parse` returns.
fn output_type(o: &OpPlan, prefix: &str) -> String {
    match &o.output {
        OutputPlan::Nothing => "()".to_string(),
        OutputPlan::Typed { target, collection } => {
            let t = target_text(target, prefix);
            if *collection {
                ["client::Collection<", &t, ">"].concat()
            } else {
                t
            }
        }
        OutputPlan::Json { collection: true } => {
            "client::Collection<::serde_json::Value>".to_string()
        }
        OutputPlan::Json { collection: false } => "::serde_json::Value".to_string(),
        OutputPlan::Value { target } => target_text(target, prefix),
        OutputPlan::Bytes => "::std::vec::Vec<u8>".to_string(),
        OutputPlan::Accepted => "client::Accepted".to_string(),
    }
}

/// The printed items of one stub, each with `cfg` (a `#[cfg]` as printed) on it: its struct,
/// the enum of its URL forms, its constructor and setters, the impls of its query options and
/// its `client::Operation` impl. `prefix` is how the stubs' module reaches the version's types
/// (`super::` from the one `ops` module, `super::super::` from a module of one area's stubs).
pub(crate) fn stub_items(o: &OpPlan, prefix: &str, cfg: Option<&str>) -> Vec<String> {
    Source::print(|out| write_stub(out, o, prefix, cfg))
}

fn write_stub(out: &mut Source, o: &OpPlan, prefix: &str, cfg: Option<&str>) {
    let op = o.op;
    let name = checked(&o.name);
    // Only a deprecated stub's own impls use the deprecated item.
    let allow = op.deprecated.as_ref().map(|_| "#[allow(deprecated)]");
    let attrs = |out: &mut Source, extra: Option<&str>| {
        for attr in [cfg, extra].into_iter().flatten() {
            out.line(0, &[attr]);
        }
    };
    let body = body_type(o, prefix);

    attrs(out, None);
    out.doc(0, &stub_doc(o));
    if let Some(note) = &op.deprecated {
        let note = literal(&note.replace(['\n', '\r'], " "));
        out.attr_list(0, "deprecated", &["note = ", &note].concat());
    }
    out.fixed("#[derive(Debug, Clone, PartialEq)]\n");
    // Names and paths do not break; types with generic arguments may.
    out.unbreakable(0, &["pub struct ", name, " {"]);
    out.unbreakable(1, &["path: ", checked(&o.path_enum), ","]);
    if let Some(body) = &body {
        out.typed(1, "body: ", body, ",", true);
        if let Some(BodyPlan::Bytes { .. }) = &o.body {
            out.fixed("    content_type: ::std::string::String,\n");
        }
    }
    out.fixed("    parts: client::Parts,\n}\n");
    out.end_item();

    attrs(out, None);
    path_enum(out, o);
    out.end_item();

    attrs(out, allow);
    out.unbreakable(0, &["impl ", name, " {"]);
    let takes_nothing = new_fn(out, o, body.as_deref());
    for (header, method) in header_methods(o) {
        out.doc(1, Doc::new().note("Sets the {} request header.", &[header]));
        let head = format!("pub fn {}", checked(&method));
        let value = format!("value: {INTO_STRING}");
        out.signature(1, &head, &["self", &value], " -> Self {");
        let header = literal(header);
        out.line(
            2,
            &["client::Operation::header(self, ", &header, ", value)"],
        );
        out.fixed("    }\n");
    }
    if let Some(BodyPlan::Bytes { .. }) = &o.body {
        out.fixed(CONTENT_TYPE_FN);
    }
    out.fixed("}\n");
    out.end_item();

    if takes_nothing {
        // A call that takes nothing is also its type's default (clippy's
        // `new_without_default`).
        attrs(out, allow);
        out.impl_header("::std::default::Default", name);
        out.fixed("    #[inline]\n    fn default() -> Self {\n        Self::new()\n    }\n}\n");
        out.end_item();
    }

    for option in option_traits(o) {
        attrs(out, allow);
        out.empty_impl(option, name);
        out.end_item();
    }

    attrs(out, allow);
    operation_impl(out, o, prefix);
    out.end_item();
}

/// `impl Into<String>`, what a setter or `new` takes for a string.
const INTO_STRING: &str = "impl ::std::convert::Into<::std::string::String>";

/// The setter of an upload's media type.
const CONTENT_TYPE_FN: &str = "    /// The body's media type (default `application/octet-stream`).
    pub fn content_type(
        mut self,
        value: impl ::std::convert::Into<::std::string::String>,
    ) -> Self {
        self.content_type = value.into();
        self
    }
";

/// The enum of a stub's URL forms: one variant a form, one field a value it takes.
fn path_enum(out: &mut Source, o: &OpPlan) {
    let name = checked(&o.path_enum);
    out.unbreakable(0, &["/// The URL forms of [`", checked(&o.name), "`]."]);
    out.fixed("#[derive(Debug, Clone, PartialEq, Eq)]\n");
    if o.variants.is_empty() {
        out.unbreakable(0, &["pub enum ", name, " {}"]);
        return;
    }
    out.unbreakable(0, &["pub enum ", name, " {"]);
    let forms = o.op.paths.iter().zip(&o.variants).zip(&o.fields);
    for (form, ((t, variant), fields)) in forms.enumerate() {
        let mut doc = Doc::new();
        doc.note("{}", &[&t.written]);
        if let Some(line) = o.op.learned_from.get(form).copied().flatten() {
            doc.text(&format!(
                "Shown by the example at line {line} of the page; its \"HTTP request\" section does not list this form."
            ));
        }
        out.doc(1, &doc);
        let variant = checked(variant);
        if fields.is_empty() {
            out.unbreakable(1, &[variant, ","]);
            continue;
        }
        out.unbreakable(1, &[variant, " {"]);
        for (p, field) in t.params.iter().zip(fields) {
            let mut d = Doc::new();
            match &p.kind {
                ParamKind::Query(key) => {
                    d.note("The query parameter {} ({}).", &[key, &p.placeholder])
                }
                ParamKind::DrivePath => d.note(
                    "The drive item path {}: `/` separates folders.",
                    &[&p.placeholder],
                ),
                _ => d.note("{}", &[&p.placeholder]),
            };
            out.doc(2, &d);
            out.unbreakable(2, &[checked(field), ": ::std::string::String,"]);
        }
        out.unbreakable(1, &["},"]);
    }
    out.fixed("}\n");
}

/// `new`, which takes the URL form (or, where there is one form, its values) and the body, and
/// sets the query parameters the form writes. Whether it takes nothing.
fn new_fn(out: &mut Source, o: &OpPlan, body: Option<&str>) -> bool {
    let path_enum = checked(&o.path_enum);
    let body_arg = body.map(|t| ["body: ", t].concat());
    let mut args: Vec<String> = Vec::new();
    let one_form = one_form_fields(o);
    match one_form {
        Some((_, fields)) => {
            out.fixed("    /// The call (the operation has one URL form).\n");
            args.extend(
                fields
                    .iter()
                    .map(|f| [checked(f), ": ", INTO_STRING].concat()),
            );
        }
        None => {
            out.fixed("    /// The call at one of its URL forms.\n");
            args.push(["path: ", path_enum].concat());
        }
    }
    args.extend(body_arg);
    let takes_nothing = args.is_empty();
    out.fixed("    #[inline]\n");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    out.signature(1, "pub fn new", &args, " -> Self {");
    if let Some((variant, fields)) = one_form {
        let path = [path_enum, "::", checked(variant)].concat();
        if fields.is_empty() {
            out.unbreakable(2, &["let path = ", &path, ";"]);
        } else {
            let values: Vec<String> = fields
                .iter()
                .map(|f| [f.as_str(), ": ", f, ".into()"].concat())
                .collect();
            let values: Vec<&str> = values.iter().map(String::as_str).collect();
            out.struct_expr(2, "let path = ", &path, &values, ";");
        }
    }
    query_init(out, o);
    let mut fields = vec!["path"];
    let content_type;
    if let Some(plan) = &o.body {
        fields.push("body");
        if let BodyPlan::Bytes { content_type: ct } = plan {
            content_type = format!("content_type: ::std::string::String::from({})", literal(ct));
            fields.push(&content_type);
        }
    }
    fields.push("parts");
    out.struct_expr(2, "", "Self", &fields, "");
    out.fixed("    }\n");
    takes_nothing
}

/// The query parameters `new` sets for the URL forms that write some with a placeholder.
fn query_init(out: &mut Source, o: &OpPlan) {
    let path_enum = checked(&o.path_enum);
    let forms: Vec<(&str, Vec<(&str, &str)>)> =
        o.op.paths
            .iter()
            .zip(&o.variants)
            .zip(&o.fields)
            .map(|((t, variant), fields)| {
                let query = t
                    .params
                    .iter()
                    .zip(fields)
                    .filter_map(|(p, f)| match &p.kind {
                        ParamKind::Query(key) => Some((key.as_str(), checked(f))),
                        _ => None,
                    })
                    .collect();
                (variant.as_str(), query)
            })
            .collect();
    if forms.iter().all(|(_, query)| query.is_empty()) {
        out.fixed("        let parts = client::Parts::default();\n");
        return;
    }
    out.fixed("        let mut parts = client::Parts::default();\n        match &path {\n");
    for (variant, query) in forms.iter().filter(|(_, query)| !query.is_empty()) {
        let path = [path_enum, "::", checked(variant)].concat();
        let names: Vec<&str> = query.iter().map(|(_, f)| *f).collect();
        let pattern = out.pattern(3, &path, Some(&names), " => {".len());
        out.unbreakable(3, &[&pattern, " => {"]);
        for (key, f) in query {
            out.line(4, &["parts.query(", &literal(key), ", ", f, ".clone());"]);
        }
        out.unbreakable(3, &["}"]);
    }
    // A catch-all arm only where some form has no query parameter.
    if forms.iter().any(|(_, query)| query.is_empty()) {
        out.fixed("            _ => {}\n");
    }
    out.fixed("        }\n");
}

/// A stub's `client::Operation` impl.
fn operation_impl(out: &mut Source, o: &OpPlan, prefix: &str) {
    let op = o.op;
    out.impl_header("client::Operation", checked(&o.name));
    out.typed(1, "type Output = ", &output_type(o, prefix), ";", true);
    out.fixed("    #[inline]\n    fn method(&self) -> ::http::Method {\n");
    match standard_method(&op.method) {
        Some(m) => out.line(2, &["::http::Method::", m]),
        // An extension method graphdoc validated when it read the page.
        None => {
            let bytes = proc_macro2::Literal::byte_string(op.method.as_str().as_bytes());
            out.line(
                2,
                &[
                    "::http::Method::from_bytes(",
                    &bytes.to_string(),
                    ").expect(\"graphdoc checked the method token\")",
                ],
            )
        }
    }
    out.fixed("    }\n    #[inline]\n    fn version(&self) -> &'static str {\n");
    out.line(2, &[&literal(&op.version)]);
    out.fixed("    }\n    #[inline]\n    fn path(&self) -> ::std::string::String {\n");
    if o.variants.is_empty() {
        out.fixed("        match &self.path {}\n");
    } else {
        out.fixed("        match &self.path {\n");
        let forms = op.paths.iter().zip(&o.variants).zip(&o.fields);
        for ((t, variant), fields) in forms {
            path_arm(out, o, t, variant, fields);
        }
        out.fixed("        }\n");
    }
    out.fixed("    }\n");
    out.fixed(PARTS_FNS);
    out.fixed(BODY_SIGNATURE);
    out.line(
        2,
        &[match &o.body {
            None => "::std::result::Result::Ok(::std::option::Option::None)",
            Some(BodyPlan::Bytes { .. }) => {
                "::std::result::Result::Ok(client::bytes_body(&self.body, &self.content_type))"
            }
            Some(_) => "client::json_body(&self.body)",
        }],
    );
    out.fixed("    }\n");
    out.fixed(PARSE_SIGNATURE);
    let parse = match &o.output {
        OutputPlan::Nothing => "client::parse_empty(response)",
        OutputPlan::Bytes => "client::parse_bytes(response)",
        OutputPlan::Accepted => "client::parse_accepted(response)",
        OutputPlan::Typed {
            collection: true, ..
        }
        | OutputPlan::Json { collection: true } => "client::parse_collection(response)",
        _ if o.checks_object_shape => "client::parse_object(response)",
        OutputPlan::Typed { .. } | OutputPlan::Json { .. } => "client::parse_json(response)",
        OutputPlan::Value { .. } => {
            out.fixed(
                "        /// `{\"value\": …}`: the primitive the operation answers.
        #[derive(::serde::Deserialize)]
        struct Wrapped {
",
            );
            out.typed(3, "value: ", &output_type(o, prefix), ",", true);
            out.fixed("        }\n");
            "client::parse_json::<Wrapped>(response).map(|w| w.value)"
        }
    };
    out.line(2, &[parse]);
    out.fixed("    }\n}\n");
}

/// The arm of `path()` for one URL form: its literal pieces and encoded values, joined.
fn path_arm(
    out: &mut Source,
    o: &OpPlan,
    t: &crate::ops::path::PathTemplate,
    variant: &str,
    fields: &[String],
) {
    let path = [checked(&o.path_enum), "::", checked(variant)].concat();
    let mut seen = foldhash::HashSet::default();
    let used: Vec<&str> = t
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Param(i) if seen.insert(*i) => Some(checked(&fields[*i])),
            _ => None,
        })
        .collect();
    let pieces: Vec<String> = path_pieces(t)
        .into_iter()
        .map(|piece| match piece {
            PathPiece::Lit(text) => literal(text),
            PathPiece::Value(i, kind) => {
                let function = match kind {
                    ParamKind::Quoted => "quoted",
                    ParamKind::DrivePath => "drive_path",
                    _ => "segment",
                };
                ["&client::", function, "(", checked(&fields[i]), ")"].concat()
            }
        })
        .collect();
    let used = (!fields.is_empty()).then_some(used.as_slice());
    let pattern = out.pattern(3, &path, used, " => ".len());
    let pieces: Vec<&str> = pieces.iter().map(String::as_str).collect();
    out.concat_arm(3, &pattern, &pieces);
}

/// The functions of `client::Operation` every stub writes the same way, as prettyplease prints
/// them in an impl at a file's top level.
const PARTS_FNS: &str = "    #[inline]
    fn parts(&self) -> &client::Parts {
        &self.parts
    }
    #[inline]
    fn parts_mut(&mut self) -> &mut client::Parts {
        &mut self.parts
    }
";
/// `#[inline]` on every function of a stub: a library compiles its non-generic functions to
/// machine code, and a program calls few of the thousands of stubs; inline ones (and the serde
/// code `body` and `parse` instantiate) are compiled only in the crates that call them.
const BODY_SIGNATURE: &str = "    #[inline]
    fn body(
        &self,
    ) -> ::std::result::Result<::std::option::Option<client::Body>, client::Error> {
";
const PARSE_SIGNATURE: &str = "    #[inline]
    fn parse(
        response: ::http::Response<::std::vec::Vec<u8>>,
    ) -> ::std::result::Result<Self::Output, client::Error> {
";
