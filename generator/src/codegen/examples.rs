//! Example replay: a test file for a generated crate that calls every stub with its documented
//! examples. For each replayable request example a test builds the request through the stub
//! (path values from the URL the docs show, query options through the stub's typed setters, the
//! documented body deserialized into the stub's body type) and checks method, path, query and
//! body against the documented request; for each documented JSON response a test parses it
//! with the stub's parser. One test (feature `reqwest`) sends a call over loopback.
//!
//! Everything from the docs reaches the test code as string literals.

use super::ops::{OpName, OpNames, op_names};
use super::{Doc, ident, naming, parse, render};
use crate::model::ApiModel;
use crate::ops::{Example, Operation, RequestBody, ResponseBody};
use naming::{Case, Scope};
use proc_macro2::TokenStream;
use quote::quote;

/// The helpers the tests call; written verbatim into the test file.
const SUPPORT_RS: &str = include_str!("../../templates/example_support.rs");

/// A one-shot HTTP/1.1 server on loopback, std only.
const LOOPBACK_RS: &str = include_str!("../../templates/loopback.rs");

/// What the example tests cover.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExampleReport {
    /// Annotated request examples, and of those the ones replayed as tests.
    pub requests: usize,
    pub requests_replayed: usize,
    /// Documented JSON responses, and of those the ones parsed in tests.
    pub json_responses: usize,
    pub json_responses_parsed: usize,
    /// `page:line: reason` for every example left out.
    pub left_out: Vec<String>,
}

/// The test file (`tests/examples.rs`) for the crate `crate_name` generated from `model`.
pub fn example_tests(model: &ApiModel, crate_name: &str) -> (String, ExampleReport) {
    let krate = ident(&naming::snake(crate_name));
    let modules = super::module_names(model);
    let mut report = ExampleReport::default();
    let mut tests = TokenStream::new();
    let mut test_names = Scope::default();
    let mut loopback: Option<TokenStream> = None;
    for ((version, _), module) in model.versions.iter().zip(&modules) {
        for orphan in model.orphan_examples.get(version).into_iter().flatten() {
            report.requests += 1;
            report.left_out.push(orphan.clone());
        }
        let Some(ops) = model.operations.get(version) else {
            continue;
        };
        let module = ident(module);
        let names: OpNames = op_names(ops);
        for (op, n) in ops.iter().zip(&names.ops) {
            let op_path = {
                let s = ident(&n.ty);
                quote!(#krate::#module::ops::#s)
            };
            let path_enum = {
                let p = ident(&n.path);
                quote!(#krate::#module::ops::#p)
            };
            for (i, e) in op.examples.iter().enumerate() {
                report.requests += 1;
                let place = format!("{}:{}", op.page, e.line);
                let base = format!("{}_example_{}", op.id, i + 1);
                match (&e.unreplayable, e.path) {
                    (None, Some(form)) => {
                        report.requests_replayed += 1;
                        let fname = test_name(&mut test_names, &base);
                        let build = build_call(op, e, form, n, &op_path, &path_enum);
                        let method = &e.method;
                        let url = &e.url;
                        let expected_body = expected_body(e);
                        // An example may call another API version than its page's (a v1.0 page
                        // showing a beta URL): the client's version override makes that call.
                        let client = match crate::page::http::parse_url(&e.url).api_version {
                            Some(v) if v != op.version => quote!(support::client().api_version(#v)),
                            _ => quote!(support::client()),
                        };
                        tests.extend(quote! {
                            #[doc = #place]
                            #[test]
                            fn #fname() {
                                support::run(|| {
                                    let op = #build;
                                    support::check_request(&#client, &op, #method, #url, #expected_body);
                                });
                            }
                        });
                        if loopback.is_none()
                            && e.method == "GET"
                            && let Some(r) = &e.response
                            && r.unparsable.is_none()
                            && r.body.is_some()
                            && r.status == Some(200)
                        {
                            let body = serde_json::to_string(r.body.as_ref().unwrap_or_default())
                                .unwrap_or_default();
                            loopback = Some(quote! {
                                /// One documented call sent over loopback with reqwest, answered
                                /// with its documented response.
                                #[cfg(feature = "reqwest")]
                                #[test]
                                fn loopback_with_reqwest() {
                                    let op = #build;
                                    support::loopback(&op, #method, 200, #body);
                                }
                            });
                        }
                    }
                    (why, _) => {
                        let why = why.clone().unwrap_or_else(|| "no URL form matches".into());
                        report.left_out.push(format!("{place}: request: {why}"));
                    }
                }
                if let Some(r) = &e.response
                    && r.body_kind == crate::page::http::BodyKind::Json
                {
                    report.json_responses += 1;
                    let place = format!("{}:{}", op.page, r.line);
                    match (&r.unparsable, &r.body) {
                        (None, Some(body)) if is_json_output(op) => {
                            report.json_responses_parsed += 1;
                            let fname = test_name(&mut test_names, &format!("{base}_response"));
                            let status = r.status.unwrap_or(200);
                            let text = serde_json::to_string(body).unwrap_or_default();
                            tests.extend(quote! {
                                #[doc = #place]
                                #[test]
                                fn #fname() {
                                    support::run(|| {
                                        support::check_response::<#op_path>(#status, #text);
                                    });
                                }
                            });
                        }
                        (why, _) => {
                            let why = why.clone().unwrap_or_else(|| {
                                "the stub's output is not JSON (no content, bytes or 202)".into()
                            });
                            report.left_out.push(format!("{place}: response: {why}"));
                        }
                    }
                }
            }
        }
    }
    let doc = Doc::new()
        .text("Generated by graphdoc: the documented examples of every operation, replayed through the stubs.")
        .note(
            "Request examples replayed: {} of {}; JSON responses parsed: {} of {}.",
            &[
                &report.requests_replayed.to_string(),
                &report.requests.to_string(),
                &report.json_responses_parsed.to_string(),
                &report.json_responses.to_string(),
            ],
        )
        .text("Examples left out, and why, are listed at the end of this file and reported by `graphdoc generate`.")
        .inner_attrs();
    let loopback = loopback.unwrap_or_default();
    let file = parse(quote! {
        #doc
        #![allow(deprecated)]
        #tests
        #loopback
    });
    let mut text = render(file);
    text.push_str("\nmod support {\n");
    let support = SUPPORT_RS.replace("use super::client::", &format!("use {krate}::client::"));
    let support = format!(
        "{support}\n#[cfg(feature = \"reqwest\")]\npub use loopback_server::serve_once;\n\n#[cfg(feature = \"reqwest\")]\nmod loopback_server {{\n{LOOPBACK_RS}}}\n"
    );
    for line in support.lines() {
        if line.is_empty() {
            text.push('\n');
        } else {
            text.push_str("    ");
            text.push_str(line);
            text.push('\n');
        }
    }
    text.push_str("}\n");
    if !report.left_out.is_empty() {
        text.push_str("\n// Examples left out:\n");
        for l in &report.left_out {
            let line: String = l.chars().filter(|c| !c.is_control()).collect();
            text.push_str(&format!("// {line}\n"));
        }
    }
    (text, report)
}

fn is_json_output(op: &Operation) -> bool {
    matches!(
        super::ops::output(op),
        ResponseBody::Type { .. } | ResponseBody::Json { .. }
    )
}

fn test_name(scope: &mut Scope, base: &str) -> proc_macro2::Ident {
    let candidate = naming::snake(base);
    let name = scope.assign(&[(base, candidate)], Case::Snake).remove(0);
    ident(&name)
}

/// The expression that makes the call: `Op::new(Path::Form { … }, body)` and its options.
fn build_call(
    op: &Operation,
    e: &Example,
    form: usize,
    n: &OpName,
    op_path: &TokenStream,
    path_enum: &TokenStream,
) -> TokenStream {
    let variant = ident(&n.variants[form]);
    let fields: Vec<_> = n.fields[form].iter().map(|f| ident(f)).collect();
    let values = &e.values;
    let path = if fields.is_empty() {
        quote!(#path_enum::#variant)
    } else {
        quote!(#path_enum::#variant { #(#fields: ::std::string::String::from(#values),)* })
    };
    let body = match &op.request_body {
        RequestBody::None => quote!(),
        RequestBody::Binary { .. } => {
            let text = e.body_text.clone().unwrap_or_default();
            quote!(, #text.as_bytes().to_vec())
        }
        _ => {
            let text = e
                .body
                .as_ref()
                .map(|b| serde_json::to_string(b).unwrap_or_default())
                .unwrap_or_else(|| "null".into());
            quote!(, support::body(#text))
        }
    };
    let mut call = quote!(#op_path::new(#path #body));
    for (key, raw) in &e.query {
        let value = decode(raw);
        let lower = key.trim().to_ascii_lowercase();
        let has = |o: &str| op.query_options.iter().any(|q| q == o);
        let typed = match lower.as_str() {
            "$select" | "$expand" | "$orderby" if has(&lower) => {
                let f = ident(&lower[1..]);
                let items = split_top_level(&value);
                Some(quote!(.#f([#(#items),*])))
            }
            "$filter" | "$search" if has(&lower) => {
                let f = ident(&lower[1..]);
                Some(quote!(.#f(#value)))
            }
            "$top" | "$skip" if has(&lower) => value.parse::<u32>().ok().map(|v| {
                let f = ident(&lower[1..]);
                quote!(.#f(#v))
            }),
            "$count" if has(&lower) => match value.as_str() {
                "true" => Some(quote!(.count(true))),
                "false" => Some(quote!(.count(false))),
                _ => None,
            },
            _ => None,
        };
        let key = decode(key);
        call = match typed {
            Some(t) => quote!(#call #t),
            None => quote!(#call .query(#key, #value)),
        };
    }
    call
}

fn expected_body(e: &Example) -> TokenStream {
    match (&e.body, &e.body_text) {
        (Some(v), _) => {
            let text = serde_json::to_string(v).unwrap_or_default();
            quote!(support::Expected::Json(#text))
        }
        (None, Some(t)) => quote!(support::Expected::Bytes(#t)),
        (None, None) => quote!(support::Expected::None),
    }
}

/// `a,b(c,d),e` → `a`, `b(c,d)`, `e`.
fn split_top_level(value: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut current = String::new();
    for c in value.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    out.push(current);
    out
}

/// Percent-decodes; text that does not decode to UTF-8 is kept as written.
pub(crate) fn decode(raw: &str) -> String {
    percent_encoding::percent_decode_str(raw)
        .decode_utf8()
        .map_or_else(|_| raw.to_string(), |c| c.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_top_level_commas() {
        assert_eq!(split_top_level("a,b(c,d),e"), vec!["a", "b(c,d)", "e"]);
        assert_eq!(split_top_level("a, b"), vec!["a", " b"]);
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(decode("a%20b%27"), "a b'");
        assert_eq!(decode("100%"), "100%");
        assert_eq!(decode("%ff"), "%ff");
    }
}
