//! Client stubs: one struct per operation, an enum of its URL forms, and its
//! `client::Operation` impl. The stubs live in a module `ops` inside each version's module and
//! refer to the version's types as `super::Type` and to the runtime as `super::super::client`.
//!
//! Page text reaches the code only as doc strings, the deprecation note and string literals
//! (URL pieces, query option and header names, which are validated tokens); identifiers come
//! from [`naming`].

use super::docs::Doc;
use super::naming::{self, Case, Scope};
use super::plan::TypeNames;
use super::{ident, parse, unparse_item};
use crate::model::TypeSpace;
use crate::ops::path::{ParamKind, Piece};
use crate::ops::{Operation, RequestBody, ResponseBody};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Rust names of one version's operations, in the order given.
pub(crate) struct OpNames {
    pub ops: Vec<OpName>,
}

/// The Rust names of one operation.
pub(crate) struct OpName {
    /// The struct.
    pub ty: String,
    /// The enum of its URL forms.
    pub path: String,
    /// Its variants, one per URL form.
    pub variants: Vec<String>,
    /// Per variant, the fields of its parameters.
    pub fields: Vec<Vec<String>>,
}

pub(crate) fn op_names(ops: &[Operation]) -> OpNames {
    let mut scope = Scope::with_reserved(&["Client", "Operation"]);
    let items: Vec<(&str, String)> = ops
        .iter()
        .map(|o| (o.id.as_str(), naming::pascal(&o.name)))
        .collect();
    let structs = scope.assign(&items, Case::Pascal);
    let path_items: Vec<(&str, String)> = ops
        .iter()
        .zip(&structs)
        .map(|(o, s)| (o.id.as_str(), format!("{s}Path")))
        .collect();
    let paths = scope.assign(&path_items, Case::Pascal);
    let ops = ops
        .iter()
        .zip(structs)
        .zip(paths)
        .map(|((o, s), p)| {
            let items: Vec<(&str, String)> = o
                .variants
                .iter()
                .map(|v| (v.as_str(), naming::pascal(v)))
                .collect();
            let variants = Scope::default().assign(&items, Case::Pascal);
            let fields = o
                .paths
                .iter()
                .map(|t| {
                    let items: Vec<(&str, String)> = t
                        .params
                        .iter()
                        .map(|p| (p.name.as_str(), naming::snake(&p.name)))
                        .collect();
                    Scope::default().assign(&items, Case::Snake)
                })
                .collect();
            OpName {
                ty: s,
                path: p,
                variants,
                fields,
            }
        })
        .collect();
    OpNames { ops }
}

/// The Rust type of a qualified model name, seen from the `ops` module.
pub(crate) fn type_tokens(space: &TypeSpace, names: &TypeNames, qualified: &str) -> TokenStream {
    match space.lookup(qualified) {
        None => quote!(::serde_json::Value),
        Some(id) => {
            let name = names.any_names.get(&id).unwrap_or(&names.names[&id]);
            let name = ident(name);
            quote!(super::#name)
        }
    }
}

/// The success output of an operation: its first documented success with a body decides.
pub(crate) fn output(op: &Operation) -> &ResponseBody {
    op.responses
        .iter()
        .map(|r| &r.body)
        .find(|b| !matches!(b, ResponseBody::None))
        .unwrap_or(&ResponseBody::None)
}

pub(crate) fn output_tokens(space: &TypeSpace, names: &TypeNames, op: &Operation) -> TokenStream {
    match output(op) {
        ResponseBody::None => quote!(()),
        ResponseBody::Type { name, collection } => {
            let t = type_tokens(space, names, name);
            if *collection {
                quote!(super::super::client::Collection<#t>)
            } else {
                t
            }
        }
        ResponseBody::Json { collection: true } => {
            quote!(super::super::client::Collection<::serde_json::Value>)
        }
        ResponseBody::Json { collection: false } => quote!(::serde_json::Value),
        ResponseBody::Binary => quote!(::std::vec::Vec<u8>),
        ResponseBody::Accepted => quote!(super::super::client::Accepted),
    }
}

/// The type `new` takes for the body, if any.
pub(crate) fn body_tokens(
    space: &TypeSpace,
    names: &TypeNames,
    op: &Operation,
) -> Option<TokenStream> {
    match &op.request_body {
        RequestBody::None => None,
        RequestBody::Type { name, collection } => {
            let t = type_tokens(space, names, name);
            Some(if *collection {
                quote!(::std::vec::Vec<#t>)
            } else {
                t
            })
        }
        RequestBody::Parameters { name } => Some(type_tokens(space, names, name)),
        RequestBody::Json => Some(quote!(::serde_json::Value)),
        RequestBody::Binary { .. } => Some(quote!(::std::vec::Vec<u8>)),
    }
}

/// The `ops` module of a version, as text (items rendered in parallel, then indented).
pub(crate) fn emit_ops(space: &TypeSpace, ops: &[Operation]) -> Option<String> {
    use rayon::prelude::*;
    if ops.is_empty() {
        return None;
    }
    let names = super::plan::type_names(space);
    let op_names = op_names(ops);
    let printed: Vec<Vec<String>> = ops
        .par_iter()
        .zip(op_names.ops.par_iter())
        .map(|(op, n)| {
            let tokens = op_items(space, &names, op, n);
            parse(tokens).items.into_iter().map(unparse_item).collect()
        })
        .collect();
    let doc = Doc::new()
        .note(
            "Typed operations: {} stubs, one a documented operation.",
            &[&ops.len().to_string()],
        )
        .text(
            "Each struct holds one call: its URL form (the `…Path` enum), its body and its options. \
             Build an `http::Request` with `client::Client::request`, parse the `http::Response` with \
             `client::Client::parse`, or send it with `client::Client::send` (feature `reqwest`).",
        )
        .attrs();
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
    for item in printed.into_iter().flatten() {
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

fn op_items(
    space: &TypeSpace,
    names: &TypeNames,
    op: &Operation,
    names_of: &OpName,
) -> TokenStream {
    let OpName {
        ty: struct_name,
        path: path_name,
        variants,
        fields,
    } = names_of;
    let name = ident(struct_name);
    let path_enum = ident(path_name);
    let client = quote!(super::super::client);

    // Docs.
    let mut doc = Doc::new();
    if let Some(title) = &op.title {
        doc.text(title);
    }
    if let Some(d) = &op.description {
        doc.text(d);
    }
    for p in &op.paths {
        doc.note("{} {}", &[&op.method, &p.written]);
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
    doc.note("Operation {} from {}.", &[&op.id, &op.page]);
    let doc = doc.attrs();
    let deprecated = op.deprecated.as_ref().map(|note| {
        let note = note.replace(['\n', '\r'], " ");
        quote!(#[deprecated(note = #note)])
    });

    // The URL forms.
    let mut variant_items = Vec::new();
    let mut path_arms = Vec::new();
    let mut query_arms = Vec::new();
    for (((t, variant), fields), written) in op
        .paths
        .iter()
        .zip(variants)
        .zip(fields)
        .zip(op.paths.iter().map(|p| &p.written))
    {
        let v = ident(variant);
        let field_idents: Vec<_> = fields.iter().map(|f| ident(f)).collect();
        let form = op
            .paths
            .iter()
            .position(|p| std::ptr::eq(p, t))
            .unwrap_or(0);
        let vdoc = match op.learned_from.get(form).copied().flatten() {
            None => Doc::new().note("{}", &[written]).attrs(),
            Some(line) => Doc::new()
                .note("{}", &[written])
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
        if fields.is_empty() {
            variant_items.push(quote! { #vdoc #v, });
        } else {
            variant_items.push(
                quote! { #vdoc #v { #( #field_docs #field_idents: ::std::string::String, )* }, },
            );
        }
        // The path: literal pieces and encoded values.
        let pieces: Vec<TokenStream> = t
            .pieces
            .iter()
            .enumerate()
            .map(|(at, piece)| match piece {
                // `drive_path` starts with its own `/`.
                Piece::Lit(text)
                    if matches!(t.pieces.get(at + 1), Some(Piece::Param(i)) if t.params[*i].kind == ParamKind::DrivePath) =>
                {
                    let text = text.strip_suffix('/').unwrap_or(text);
                    quote!(#text)
                }
                Piece::Lit(text) => quote!(#text),
                Piece::Param(i) => {
                    let f = &field_idents[*i];
                    match t.params[*i].kind {
                        ParamKind::Quoted => quote!(&#client::quoted(#f)),
                        ParamKind::DrivePath => quote!(&#client::drive_path(#f)),
                        _ => quote!(&#client::segment(#f)),
                    }
                }
            })
            .collect();
        let used: Vec<_> = t
            .pieces
            .iter()
            .filter_map(|p| match p {
                Piece::Param(i) => Some(&field_idents[*i]),
                Piece::Lit(_) => None,
            })
            .collect();
        let mut used_unique = Vec::new();
        for u in used {
            if !used_unique.contains(&u) {
                used_unique.push(u);
            }
        }
        let pattern = if fields.is_empty() {
            quote!(#path_enum::#v)
        } else {
            quote!(#path_enum::#v { #(#used_unique,)* .. })
        };
        path_arms.push(quote!(#pattern => [#(#pieces),*].concat(),));
        // Query parameters the URL form writes with a placeholder.
        let query: Vec<TokenStream> = t
            .params
            .iter()
            .zip(&field_idents)
            .filter_map(|(p, f)| match &p.kind {
                ParamKind::Query(key) => Some(quote!(parts.query(#key, #f.clone());)),
                _ => None,
            })
            .collect();
        if !query.is_empty() {
            let names: Vec<_> = t
                .params
                .iter()
                .zip(&field_idents)
                .filter(|(p, _)| matches!(p.kind, ParamKind::Query(_)))
                .map(|(_, f)| f)
                .collect();
            query_arms.push(quote!(#path_enum::#v { #(#names,)* .. } => { #(#query)* }));
        }
    }
    let query_init = if query_arms.is_empty() {
        quote!()
    } else {
        quote! {
            #[allow(unreachable_patterns)]
            match &path {
                #(#query_arms)*
                _ => {}
            }
        }
    };

    // Body and output.
    let body_ty = body_tokens(space, names, op);
    let output_ty = output_tokens(space, names, op);
    let (body_field, body_param, body_init, body_fn) = match (&op.request_body, &body_ty) {
        (RequestBody::Binary { content_type }, Some(t)) => (
            quote!(body: #t, content_type: ::std::string::String,),
            quote!(, body: #t),
            quote!(body, content_type: ::std::string::String::from(#content_type),),
            quote!(::std::result::Result::Ok(#client::bytes_body(&self.body, &self.content_type))),
        ),
        (_, Some(t)) => (
            quote!(body: #t,),
            quote!(, body: #t),
            quote!(body,),
            quote!(#client::json_body(&self.body)),
        ),
        (_, None) => (
            quote!(),
            quote!(),
            quote!(),
            quote!(::std::result::Result::Ok(::std::option::Option::None)),
        ),
    };
    let content_type_fn = matches!(op.request_body, RequestBody::Binary { .. }).then(|| {
        quote! {
            /// The body's media type (default `application/octet-stream`).
            pub fn content_type(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.content_type = value.into();
                self
            }
        }
    });
    let parse_fn = match output(op) {
        ResponseBody::None => quote!(#client::parse_empty(response)),
        ResponseBody::Binary => quote!(#client::parse_bytes(response)),
        ResponseBody::Accepted => quote!(#client::parse_accepted(response)),
        ResponseBody::Type { .. } | ResponseBody::Json { .. } => {
            quote!(#client::parse_json(response))
        }
    };

    // Documented query options and headers.
    let option_fns = op.query_options.iter().filter_map(|o| {
        let doc = Doc::new().note("Sets {}.", &[o]).attrs();
        Some(match o.as_str() {
            "$select" | "$expand" | "$orderby" => {
                let f = format_ident!("{}", &o[1..]);
                quote! {
                    #doc
                    pub fn #f<I, S>(mut self, items: I) -> Self
                    where I: ::std::iter::IntoIterator<Item = S>, S: ::std::convert::Into<::std::string::String> {
                        self.parts.#f(items);
                        self
                    }
                }
            }
            "$filter" | "$search" => {
                let f = format_ident!("{}", &o[1..]);
                quote! {
                    #doc
                    pub fn #f(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                        self.parts.#f(value);
                        self
                    }
                }
            }
            "$top" | "$skip" => {
                let f = format_ident!("{}", &o[1..]);
                quote! {
                    #doc
                    pub fn #f(mut self, n: u32) -> Self {
                        self.parts.#f(n);
                        self
                    }
                }
            }
            "$count" => quote! {
                #doc
                pub fn count(mut self, yes: bool) -> Self {
                    self.parts.count(yes);
                    self
                }
            },
            _ => return None,
        })
    });
    let option_fns: Vec<TokenStream> = option_fns.collect();
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
    ];
    let header_items: Vec<(&str, String)> = op
        .headers
        .iter()
        .map(|h| (h.as_str(), naming::snake(h)))
        .collect();
    let header_names = Scope::with_reserved(&taken).assign(&header_items, Case::Snake);
    let header_fns: Vec<TokenStream> = op
        .headers
        .iter()
        .zip(&header_names)
        .map(|(h, f)| {
            let f = ident(f);
            let doc = Doc::new().note("Sets the {} request header.", &[h]).attrs();
            quote! {
                #doc
                pub fn #f(mut self, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self.parts.header(#h, value);
                    self
                }
            }
        })
        .collect();

    let method = format_ident!("{}", http_method(&op.method));
    let version = &op.version;
    let enum_doc = format!(" The URL forms of [`{struct_name}`].");
    let derive_eq = quote!(#[derive(Debug, Clone, PartialEq)]);
    quote! {
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

        #[allow(deprecated)]
        impl #name {
            /// The call at one of its URL forms.
            pub fn new(path: #path_enum #body_param) -> Self {
                #[allow(unused_mut)]
                let mut parts = #client::Parts::default();
                #query_init
                Self { path, #body_init parts }
            }
            #(#option_fns)*
            #(#header_fns)*
            #content_type_fn
            /// Adds any query parameter (replacing one of the same name).
            pub fn query(mut self, key: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.parts.query(key, value);
                self
            }
            /// Adds any request header (replacing one of the same name).
            pub fn header(mut self, name: impl ::std::convert::Into<::std::string::String>, value: impl ::std::convert::Into<::std::string::String>) -> Self {
                self.parts.header(name, value);
                self
            }
        }

        #[allow(deprecated)]
        impl #client::Operation for #name {
            type Output = #output_ty;
            fn method(&self) -> ::http::Method {
                ::http::Method::#method
            }
            fn version(&self) -> &'static str {
                #version
            }
            fn path(&self) -> ::std::string::String {
                match &self.path {
                    #(#path_arms)*
                }
            }
            fn parts(&self) -> &#client::Parts {
                &self.parts
            }
            // `#[inline]`: the serde code these instantiate is compiled only in crates that
            // call them, not for every operation of the generated crate.
            #[inline]
            fn body(&self) -> ::std::result::Result<::std::option::Option<#client::Body>, #client::Error> {
                #body_fn
            }
            #[inline]
            fn parse(response: ::http::Response<::std::vec::Vec<u8>>) -> ::std::result::Result<Self::Output, #client::Error> {
                #parse_fn
            }
        }
    }
}

fn http_method(m: &str) -> &'static str {
    match m {
        "GET" => "GET",
        "POST" => "POST",
        "PATCH" => "PATCH",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "HEAD" => "HEAD",
        _ => "GET",
    }
}
