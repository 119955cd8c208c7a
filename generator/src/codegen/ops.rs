//! Client stubs: one struct per operation, an enum of its URL forms, and its
//! `client::Operation` impl. The stubs live in a module `ops` inside each version's module and
//! refer to the version's types as `super::Type` and to the runtime as `client` (imported once).
//! The builder methods are the runtime's: `query` and `header` of `client::Operation`, and one
//! trait per documented OData option (`client::Select`, …), which a stub implements with an
//! empty impl.
//!
//! Page text reaches the code only as doc strings, the deprecation note and string literals
//! (URL pieces, query option and header names, which are validated tokens); identifiers come
//! from the [`super::plan`], which takes them from [`naming`].

use super::docs::Doc;
use super::naming::{self, Case, Scope};
use super::plan::{BodyPlan, OpPlan, OutputPlan, PathPiece, VersionPlan, path_pieces};
use super::{ident, parse, target_tokens, unparse_item};
use crate::ops::path::{ParamKind, PathTemplate, Piece};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// How the ops module reaches the runtime (after its `use super::super::client;`).
fn client() -> TokenStream {
    quote!(client)
}

/// How the stubs' module reaches the version's types: `super::` from the one `ops` module,
/// `super::super::` from a module of the stubs of one area.
pub(crate) fn types_prefix(nested: bool) -> TokenStream {
    if nested {
        quote!(super::super::)
    } else {
        quote!(super::)
    }
}

/// The type `new` takes for the body, if any.
pub(crate) fn body_tokens(o: &OpPlan, prefix: &TokenStream) -> Option<TokenStream> {
    Some(match o.body.as_ref()? {
        BodyPlan::Typed { target, collection } => {
            let t = target_tokens(target, prefix);
            if *collection {
                quote!(::std::vec::Vec<#t>)
            } else {
                t
            }
        }
        BodyPlan::Json => quote!(::serde_json::Value),
        BodyPlan::Bytes { .. } => quote!(::std::vec::Vec<u8>),
    })
}

fn output_tokens(o: &OpPlan, prefix: &TokenStream) -> TokenStream {
    let client = client();
    match &o.output {
        OutputPlan::Nothing => quote!(()),
        OutputPlan::Typed { target, collection } => {
            let t = target_tokens(target, prefix);
            if *collection {
                quote!(#client::Collection<#t>)
            } else {
                t
            }
        }
        OutputPlan::Json { collection: true } => {
            quote!(#client::Collection<::serde_json::Value>)
        }
        OutputPlan::Json { collection: false } => quote!(::serde_json::Value),
        OutputPlan::Value { target } => target_tokens(target, prefix),
        OutputPlan::Bytes => quote!(::std::vec::Vec<u8>),
        OutputPlan::Accepted => quote!(#client::Accepted),
    }
}

/// The `ops` module of a version, as text (items rendered in parallel, then indented).
pub(crate) fn emit_ops(version: &VersionPlan) -> Option<String> {
    use rayon::prelude::*;
    if version.ops.is_empty() {
        return None;
    }
    let printed: Vec<Vec<String>> = version
        .ops
        .par_iter()
        .map(|o| {
            let _deferred = super::docs::defer();
            stub_items(o, &types_prefix(false), &TokenStream::new())
        })
        .collect();
    let doc = ops_doc(version);
    let head: String = parse(quote! { #doc pub mod ops {} })
        .items
        .into_iter()
        .map(unparse_item)
        .collect();
    // `pub mod ops {}` as printed, opened up to take the items.
    let head = head.trim_end().trim_end_matches('}').trim_end().to_string();
    let mut out = head;
    out.push('\n');
    let mut first = true;
    let import: Vec<String> = parse(quote!(
        use super::super::client;
    ))
    .items
    .into_iter()
    .map(unparse_item)
    .collect();
    for item in import.into_iter().chain(printed.into_iter().flatten()) {
        if !first {
            out.push('\n');
        }
        first = false;
        for line in item.lines() {
            if line.is_empty() {
                out.push('\n');
            } else {
                out.push_str("    ");
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out.push_str("}\n");
    Some(out)
}

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
fn stub_doc(o: &OpPlan) -> TokenStream {
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
        let template = format!(
            "Least privileged permission, {kind}: {}.",
            vec!["{}"; perms.len()].join(", ")
        );
        let values: Vec<&str> = perms.iter().map(String::as_str).collect();
        doc.note(&template, &values);
    }
    if let Some(link) = &op.doc_link {
        doc.text(&format!("Reference: {link}"));
    }
    doc.note("Operation {} from {}.", &[&op.id, &op.doc_page]);
    doc.attrs()
}

/// The tokens of one URL form: its variant, its arm of `path()`, and its arm of the query
/// parameters `new` sets (when the form writes any).
struct FormTokens {
    variant: TokenStream,
    path_arm: TokenStream,
    query_arm: Option<TokenStream>,
}

fn form_tokens(
    o: &OpPlan,
    form: usize,
    t: &PathTemplate,
    variant: &str,
    fields: &[String],
) -> FormTokens {
    let client = client();
    let path_enum = ident(&o.path_enum);
    let v = ident(variant);
    let field_idents: Vec<_> = fields.iter().map(|f| ident(f)).collect();
    let vdoc = match o.op.learned_from.get(form).copied().flatten() {
        None => Doc::new().note("{}", &[&t.written]).attrs(),
        Some(line) => Doc::new()
            .note("{}", &[&t.written])
            .text(&format!(
                "Shown by the example at line {line} of the page; its \"HTTP request\" section does not list this form."
            ))
            .attrs(),
    };
    let field_docs: Vec<TokenStream> = t
        .params
        .iter()
        .map(|p| {
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
            d.attrs()
        })
        .collect();
    let variant_item = if fields.is_empty() {
        quote! { #vdoc #v, }
    } else {
        quote! { #vdoc #v { #( #field_docs #field_idents: ::std::string::String, )* }, }
    };
    // The path: literal pieces and encoded values.
    let pieces: Vec<TokenStream> = path_pieces(t)
        .into_iter()
        .map(|piece| match piece {
            PathPiece::Lit(text) => quote!(#text),
            PathPiece::Value(i, kind) => {
                let f = &field_idents[i];
                match kind {
                    ParamKind::Quoted => quote!(&#client::quoted(#f)),
                    ParamKind::DrivePath => quote!(&#client::drive_path(#f)),
                    _ => quote!(&#client::segment(#f)),
                }
            }
        })
        .collect();
    let mut seen = std::collections::HashSet::new();
    let used: Vec<_> = t
        .pieces
        .iter()
        .filter_map(|p| match p {
            Piece::Param(i) if seen.insert(*i) => Some(&field_idents[*i]),
            _ => None,
        })
        .collect();
    let pattern = if fields.is_empty() {
        quote!(#path_enum::#v)
    } else {
        quote!(#path_enum::#v { #(#used,)* .. })
    };
    // Query parameters the URL form writes with a placeholder.
    let query: Vec<(TokenStream, &proc_macro2::Ident)> = t
        .params
        .iter()
        .zip(&field_idents)
        .filter_map(|(p, f)| match &p.kind {
            ParamKind::Query(key) => Some((quote!(parts.query(#key, #f.clone());), f)),
            _ => None,
        })
        .collect();
    let query_arm = (!query.is_empty()).then(|| {
        let (sets, names): (Vec<_>, Vec<_>) = query.into_iter().unzip();
        quote!(#path_enum::#v { #(#names,)* .. } => { #(#sets)* })
    });
    FormTokens {
        variant: variant_item,
        path_arm: quote!(#pattern => [#(#pieces),*].concat(),),
        query_arm,
    }
}

/// Where an operation has one URL form, the parameters `new` takes instead of the path enum
/// (`user_id: impl Into<String>`), and the expression of the path built from them; `None`
/// where it has several forms, or a value would be named like the body.
pub(crate) fn one_form_args(o: &OpPlan) -> Option<(Vec<TokenStream>, TokenStream)> {
    let ([variant], [fields]) = (o.variants.as_slice(), o.fields.as_slice()) else {
        return None;
    };
    if fields.iter().any(|f| f == "body") {
        return None;
    }
    let path_enum = ident(&o.path_enum);
    let v = ident(variant);
    let idents: Vec<_> = fields.iter().map(|f| ident(f)).collect();
    let params = idents
        .iter()
        .map(|f| quote!(#f: impl ::std::convert::Into<::std::string::String>))
        .collect();
    let path = if idents.is_empty() {
        quote!(#path_enum::#v)
    } else {
        quote!(#path_enum::#v { #(#idents: #idents.into(),)* })
    };
    Some((params, path))
}

/// `, body: T` as the first parameter: `body: T`.
pub(crate) fn without_leading_comma(tokens: TokenStream, first: bool) -> TokenStream {
    if first {
        tokens.into_iter().skip(1).collect()
    } else {
        tokens
    }
}

/// The option traits of the query options the page documents (`Select` for
/// `impl client::Select for X {}`).
fn option_traits(o: &OpPlan) -> Vec<&'static str> {
    o.op.query_options
        .iter()
        .filter_map(|opt| {
            Some(match opt.as_str() {
                "$select" => "Select",
                "$expand" => "Expand",
                "$orderby" => "OrderBy",
                "$filter" => "Filter",
                "$search" => "Search",
                "$top" => "Top",
                "$skip" => "Skip",
                "$count" => "Count",
                _ => return None,
            })
        })
        .collect()
}

/// The setters of the request headers the page names.
fn header_methods(o: &OpPlan) -> Vec<TokenStream> {
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
    o.op.headers
        .iter()
        .zip(&names)
        .map(|(h, f)| {
            let f = ident(f);
            let doc = Doc::new().note("Sets the {} request header.", &[h]).attrs();
            quote! {
                #doc
                pub fn #f(self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                    client::Operation::header(self, #h, value)
                }
            }
        })
        .collect()
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

/// `http::Method::GET` and the other standard methods; an extension method graphdoc
/// validated when it read the page.
fn method_tokens(method: &http::Method) -> TokenStream {
    if let Some(m) = standard_method(method) {
        let m = format_ident!("{}", m);
        quote!(::http::Method::#m)
    } else {
        let bytes = proc_macro2::Literal::byte_string(method.as_str().as_bytes());
        quote!(::http::Method::from_bytes(#bytes).expect("graphdoc checked the method token"))
    }
}

/// Where a stub's body shows: its field, the parameter of `new`, its initializer, the body of
/// `Operation::body`, and the `content_type` setter of an upload.
struct BodyTokens {
    field: TokenStream,
    param: TokenStream,
    init: TokenStream,
    body_fn: TokenStream,
    content_type_fn: Option<TokenStream>,
}

fn body_parts(o: &OpPlan, prefix: &TokenStream) -> BodyTokens {
    let client = client();
    let Some(t) = body_tokens(o, prefix) else {
        return BodyTokens {
            field: quote!(),
            param: quote!(),
            init: quote!(),
            body_fn: quote!(::std::result::Result::Ok(::std::option::Option::None)),
            content_type_fn: None,
        };
    };
    match &o.body {
        Some(BodyPlan::Bytes { content_type }) => BodyTokens {
            field: quote!(body: #t, content_type: ::std::string::String,),
            param: quote!(, body: #t),
            init: quote!(body, content_type: ::std::string::String::from(#content_type),),
            body_fn: quote!(::std::result::Result::Ok(#client::bytes_body(&self.body, &self.content_type))),
            content_type_fn: Some(quote! {
                /// The body's media type (default `application/octet-stream`).
                pub fn content_type(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.content_type = value.into();
                    self
                }
            }),
        },
        _ => BodyTokens {
            field: quote!(body: #t,),
            param: quote!(, body: #t),
            init: quote!(body,),
            body_fn: quote!(#client::json_body(&self.body)),
            content_type_fn: None,
        },
    }
}

fn op_items(o: &OpPlan, prefix: &TokenStream) -> StubTokens {
    let op = o.op;
    let client = client();
    let name = ident(&o.name);
    let path_enum = ident(&o.path_enum);
    let doc = stub_doc(o);
    let deprecated = op.deprecated.as_ref().map(|note| {
        let note = note.replace(['\n', '\r'], " ");
        quote!(#[deprecated(note = #note)])
    });

    let forms: Vec<FormTokens> = op
        .paths
        .iter()
        .enumerate()
        .zip(o.variants.iter().zip(&o.fields))
        .map(|((form, t), (variant, fields))| form_tokens(o, form, t, variant, fields))
        .collect();
    let variant_items = forms.iter().map(|f| &f.variant);
    let path_arms = forms.iter().map(|f| &f.path_arm);
    let query_arms: Vec<&TokenStream> = forms.iter().filter_map(|f| f.query_arm.as_ref()).collect();
    let (parts_init, query_init) = if query_arms.is_empty() {
        (quote!(let parts = #client::Parts::default();), quote!())
    } else {
        // A catch-all arm only where some form has no query parameter.
        let rest = (query_arms.len() < forms.len()).then(|| quote!(_ => {}));
        (
            quote!(let mut parts = #client::Parts::default();),
            quote! {
                match &path {
                    #(#query_arms)*
                    #rest
                }
            },
        )
    };

    let BodyTokens {
        field: body_field,
        param: body_param,
        init: body_init,
        body_fn,
        content_type_fn,
    } = body_parts(o, prefix);
    let output_ty = output_tokens(o, prefix);
    let parse_fn = match &o.output {
        OutputPlan::Nothing => quote!(#client::parse_empty(response)),
        OutputPlan::Bytes => quote!(#client::parse_bytes(response)),
        OutputPlan::Accepted => quote!(#client::parse_accepted(response)),
        OutputPlan::Typed {
            collection: true, ..
        }
        | OutputPlan::Json { collection: true } => quote!(#client::parse_collection(response)),
        _ if o.checks_object_shape => quote!(#client::parse_object(response)),
        OutputPlan::Typed { .. } | OutputPlan::Json { .. } => {
            quote!(#client::parse_json(response))
        }
        OutputPlan::Value { .. } => quote! {
            /// `{"value": …}`: the primitive the operation answers.
            #[derive(::serde::Deserialize)]
            struct Wrapped {
                value: #output_ty,
            }
            #client::parse_json::<Wrapped>(response).map(|w| w.value)
        },
    };
    // Only a deprecated stub's own impls use the deprecated item.
    let allow = if op.deprecated.is_some() {
        quote!(#[allow(deprecated)])
    } else {
        quote!()
    };
    let header_fns = header_methods(o);
    let method = standard_method(&op.method);
    let enum_doc = format!(" The URL forms of [`{}`].", o.name);
    let derive_eq = quote!(#[derive(Debug, Clone, PartialEq)]);
    let mut default_impl = quote!();
    let new_fn = match one_form_args(o) {
        // One URL form: `new` takes its values, no path enum.
        Some((params, path)) => {
            let body_param = without_leading_comma(body_param, params.is_empty());
            if body_param.is_empty() && params.is_empty() {
                // A call that takes nothing is also its type's default (clippy's
                // `new_without_default`).
                default_impl = quote! {
                    #allow
                    impl ::std::default::Default for #name {
                        #[inline]
                        fn default() -> Self {
                            Self::new()
                        }
                    }
                };
            }
            quote! {
                /// The call (the operation has one URL form).
                #[inline]
                pub fn new(#(#params),* #body_param) -> Self {
                    let path = #path;
                    #parts_init
                    #query_init
                    Self { path, #body_init parts }
                }
            }
        }
        None => quote! {
            /// The call at one of its URL forms.
            #[inline]
            pub fn new(path: #path_enum #body_param) -> Self {
                #parts_init
                #query_init
                Self { path, #body_init parts }
            }
        },
    };
    let items = quote! {
        #doc
        #deprecated
        #derive_eq
        pub struct #name {
            path: #path_enum,
            #body_field
            parts: #client::Parts,
        }

        #[doc = #enum_doc]
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum #path_enum {
            #(#variant_items)*
        }

        #allow
        impl #name {
            #new_fn
            #(#header_fns)*
            #content_type_fn
        }

        #default_impl
    };
    // The `client::Operation` impl with only what differs from stub to stub: its functions
    // that are the same in every stub are written as printed text by `operation_text`.
    let method_fn = method.is_none().then(|| {
        let m = method_tokens(&op.method);
        quote! {
            #[inline]
            fn method(&self) -> ::http::Method {
                #m
            }
        }
    });
    let operation = quote! {
        #allow
        impl #client::Operation for #name {
            type Output = #output_ty;
            #method_fn
            #[inline]
            fn path(&self) -> ::std::string::String {
                match &self.path {
                    #(#path_arms)*
                }
            }
            fn body() {
                #body_fn
            }
            fn parse() {
                #parse_fn
            }
        }
    };
    StubTokens {
        items,
        options: option_traits(o),
        allow,
        operation,
        method,
        version: proc_macro2::Literal::string(&op.version).to_string(),
    }
}

/// A stub's items but its `client::Operation` impl; that impl without the functions that are
/// the same in every stub (`body` and `parse` keep their contents under a short signature);
/// the printed `http::Method` constant of a standard method; the printed version literal.
struct StubTokens {
    items: TokenStream,
    options: Vec<&'static str>,
    allow: TokenStream,
    operation: TokenStream,
    method: Option<&'static str>,
    version: String,
}

/// The printed items of one stub (call within a [`super::docs::defer`] scope or without), each
/// with `cfg` (a `#[cfg]`, or nothing) on it.
pub(crate) fn stub_items(o: &OpPlan, prefix: &TokenStream, cfg: &TokenStream) -> Vec<String> {
    let stub = op_items(o, prefix);
    let cfg = parse_attrs(cfg);
    let mut out: Vec<String> = parse(stub.items)
        .items
        .into_iter()
        .map(|mut item| {
            add_attrs(&mut item, &cfg);
            unparse_item(item)
        })
        .collect();
    let mut operation = Vec::new();
    for mut item in parse(stub.operation).items {
        add_attrs(&mut item, &cfg);
        operation.push(operation_text(
            unparse_item(item),
            stub.method,
            &stub.version,
        ));
    }
    // The option impls (`impl client::Select for X {}`), written after the attributes the
    // Operation impl printed (the same: `cfg`, `#[allow(deprecated)]`) where its first line
    // shows that theirs, no longer, fit on one line; else printed.
    let header = format!("impl client::Operation for {} {{\n", o.name);
    let attrs = operation.first().and_then(|printed| {
        let at = printed.find(&header)?;
        let attrs = &printed[..at];
        (header.len() <= 90 && (attrs.is_empty() || attrs.ends_with('\n'))).then_some(attrs)
    });
    match attrs {
        Some(attrs) => out.extend(
            stub.options
                .iter()
                .map(|tr| format!("{attrs}impl client::{tr} for {} {{}}\n", o.name)),
        ),
        None => {
            let name = ident(&o.name);
            let allow = &stub.allow;
            for tr in &stub.options {
                let tr = format_ident!("{}", tr);
                for mut item in parse(quote!(#allow impl client::#tr for #name {})).items {
                    add_attrs(&mut item, &cfg);
                    out.push(unparse_item(item));
                }
            }
        }
    }
    out.extend(operation);
    out
}

/// The functions of `client::Operation` every stub writes the same way, as prettyplease prints
/// them in an impl at a file's top level (`operation_text_prints_as_prettyplease` checks it).
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

/// The printed `client::Operation` impl of a stub from its printed short form: the `method`
/// (when standard) and `version` functions before `path`, `parts` and `parts_mut` after it,
/// and the full signatures of `body` and `parse`. Each function of an impl prints on its own
/// lines, whatever the others hold, so the text is what printing the whole impl gives.
fn operation_text(printed: String, method: Option<&str>, version: &str) -> String {
    let mut fixed = String::new();
    if let Some(m) = method {
        fixed.push_str(
            "    #[inline]\n    fn method(&self) -> ::http::Method {\n        ::http::Method::",
        );
        fixed.push_str(m);
        fixed.push_str("\n    }\n");
    }
    fixed.push_str("    #[inline]\n    fn version(&self) -> &'static str {\n        ");
    fixed.push_str(version);
    fixed.push_str("\n    }\n");
    let mut out = String::with_capacity(printed.len() + 800);
    let mut rest = printed.as_str();
    for (marker, text) in [
        (
            "\n    #[inline]\n    fn path(&self) -> ",
            [fixed.as_str(), ""],
        ),
        ("\n    fn body() {\n", [PARTS_FNS, BODY_SIGNATURE]),
        ("\n    fn parse() {\n", [PARSE_SIGNATURE, ""]),
    ] {
        // Each marker is a line at the impl's item depth: one of the impl's functions.
        let Some(at) = rest.find(marker) else {
            panic!("graphdoc printed a stub's Operation impl without {marker:?}");
        };
        out.push_str(&rest[..at + 1]);
        out.push_str(text[0]);
        out.push_str(text[1]);
        rest = &rest[at + 1..];
        if marker.ends_with("{\n") {
            // The short signature gives way to the full one.
            rest = &rest[marker.len() - 1..];
        }
    }
    out.push_str(rest);
    out
}

/// `attr` (a `#[cfg]`, or nothing) as parsed attributes, to put on each item of a stub.
fn parse_attrs(attr: &TokenStream) -> Vec<syn::Attribute> {
    if attr.is_empty() {
        return Vec::new();
    }
    match syn::parse::Parser::parse2(syn::Attribute::parse_outer, attr.clone()) {
        Ok(a) => a,
        Err(e) => panic!("graphdoc made an attribute that does not parse: {e}"),
    }
}

/// Puts `attrs` before the attributes of an item.
fn add_attrs(item: &mut syn::Item, attrs: &[syn::Attribute]) {
    if attrs.is_empty() {
        return;
    }
    let target = match item {
        syn::Item::Struct(i) => &mut i.attrs,
        syn::Item::Enum(i) => &mut i.attrs,
        syn::Item::Impl(i) => &mut i.attrs,
        syn::Item::Fn(i) => &mut i.attrs,
        syn::Item::Const(i) => &mut i.attrs,
        syn::Item::Type(i) => &mut i.attrs,
        syn::Item::Use(i) => &mut i.attrs,
        syn::Item::Mod(i) => &mut i.attrs,
        // Stubs are structs, enums and impls only.
        _ => panic!("graphdoc cannot gate this kind of item"),
    };
    target.splice(0..0, attrs.iter().cloned());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printed(tokens: TokenStream) -> String {
        parse(tokens).items.into_iter().map(unparse_item).collect()
    }

    /// The Operation impl as one `quote!` printed by prettyplease, against its short form
    /// printed and completed by `operation_text`: standard and extension methods, attributes
    /// on the impl, a long output type, a `parse` holding an item.
    #[test]
    fn operation_text_prints_as_prettyplease() {
        let long = format_ident!("{}", "A".repeat(90));
        let attrs = [
            quote!(),
            quote!(#[cfg(all(feature = "mail", feature = "users"))] #[allow(deprecated)]),
        ];
        let outputs = [
            quote!(()),
            quote!(client::Collection<super::super::super::#long>),
        ];
        let bodies = [
            quote!(::std::result::Result::Ok(::std::option::Option::None)),
            quote!(::std::result::Result::Ok(client::bytes_body(
                &self.body,
                &self.content_type
            ))),
        ];
        let parses = [
            quote!(client::parse_empty(response)),
            quote! {
                /// `{"value": …}`: the primitive the operation answers.
                #[derive(::serde::Deserialize)]
                struct Wrapped {
                    value: ::std::string::String,
                }
                client::parse_json::<Wrapped>(response).map(|w| w.value)
            },
        ];
        let methods = [
            http::Method::DELETE,
            http::Method::from_bytes(b"MERGE").unwrap(),
        ];
        for (i, attrs) in attrs.iter().enumerate() {
            let (output, body_fn, parse_fn) = (&outputs[i], &bodies[i], &parses[i]);
            for method in &methods {
                let m = method_tokens(method);
                let full = printed(quote! {
                    #attrs
                    impl client::Operation for Stub {
                        type Output = #output;
                        #[inline]
                        fn method(&self) -> ::http::Method {
                            #m
                        }
                        #[inline]
                        fn version(&self) -> &'static str {
                            "v1.0"
                        }
                        #[inline]
                        fn path(&self) -> ::std::string::String {
                            match &self.path {
                                StubPath::A => ["/a"].concat(),
                            }
                        }
                        #[inline]
                        fn parts(&self) -> &client::Parts {
                            &self.parts
                        }
                        #[inline]
                        fn parts_mut(&mut self) -> &mut client::Parts {
                            &mut self.parts
                        }
                        #[inline]
                        fn body(&self) -> ::std::result::Result<::std::option::Option<client::Body>, client::Error> {
                            #body_fn
                        }
                        #[inline]
                        fn parse(response: ::http::Response<::std::vec::Vec<u8>>) -> ::std::result::Result<Self::Output, client::Error> {
                            #parse_fn
                        }
                    }
                });
                let standard = standard_method(method);
                let method_fn = standard.is_none().then(|| {
                    quote! {
                        #[inline]
                        fn method(&self) -> ::http::Method {
                            #m
                        }
                    }
                });
                let short = printed(quote! {
                    #attrs
                    impl client::Operation for Stub {
                        type Output = #output;
                        #method_fn
                        #[inline]
                        fn path(&self) -> ::std::string::String {
                            match &self.path {
                                StubPath::A => ["/a"].concat(),
                            }
                        }
                        fn body() {
                            #body_fn
                        }
                        fn parse() {
                            #parse_fn
                        }
                    }
                });
                let version = proc_macro2::Literal::string("v1.0").to_string();
                assert_eq!(operation_text(short, standard, &version), full);
            }
        }
    }
}
