//! Example replay: a test file for a generated crate that calls every stub with its documented
//! examples. For each replayable request example a test builds the request through the stub
//! (path values from the URL the docs show, query options through the stub's typed setters, the
//! documented body deserialized into the stub's body type) and checks method, path, query and
//! body (the same JSON value) against the documented request; for each documented JSON
//! response a test parses it with the stub's parser and writes it back unchanged. One test (feature `reqwest`) sends a call over loopback.
//!
//! Everything from the docs reaches the test code as string literals.

use super::plan::{BodyPlan, OpPlan, OutputPlan, Plan};
use super::{Doc, ident, naming, parse, render};
use crate::ops::BodyKind;
use crate::ops::Example;
use naming::{Case, Scope};
use proc_macro2::TokenStream;
use quote::quote;

/// The helpers the tests call; written verbatim into the test file.
const SUPPORT_RS: &str = include_str!("../../templates/example_support.rs");

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

/// The test file (`tests/examples.rs`) for the crate `crate_name` generated from `plan`.
pub fn example_tests(plan: &Plan, crate_name: &str) -> (String, ExampleReport) {
    let krate = ident(&naming::snake(crate_name));
    let mut report = ExampleReport::default();
    let mut tests = TokenStream::new();
    let mut test_names = Scope::default();
    let mut loopback: Option<TokenStream> = None;
    // Whether a test calls a builder method of the runtime's traits (its prelude is then
    // imported; an unused import would warn).
    let mut uses_builders = false;
    for version in &plan.versions {
        for orphan in version.orphan_examples {
            report.requests += 1;
            report.left_out.push(orphan.clone());
        }
        let module = ident(&version.module);
        for o in &version.ops {
            let s = ident(&o.name);
            let op_path = quote!(#krate::#module::ops::#s);
            let p = ident(&o.path_enum);
            let path_enum = quote!(#krate::#module::ops::#p);
            // Only tests of a deprecated stub use a deprecated item.
            let allow = if o.op.deprecated.is_some() {
                quote!(#[allow(deprecated)])
            } else {
                quote!()
            };
            for (i, (e, decision)) in o.op.examples.iter().zip(&o.examples).enumerate() {
                report.requests += 1;
                let place = format!("{}:{}", e.doc_page(o.op), e.line);
                let base = format!("{}_example_{}", o.op.id, i + 1);
                match (&decision.request, e.path) {
                    (None, Some(form)) => {
                        report.requests_replayed += 1;
                        let fname = test_name(&mut test_names, &base);
                        let build =
                            build_call(o, e, form, &op_path, &path_enum, &mut uses_builders);
                        tests.extend(request_test(o, e, &place, &fname, &build, &allow));
                        if loopback.is_none() {
                            loopback =
                                loopback_test(e, decision.response.is_none(), &build, &allow);
                        }
                    }
                    (why, _) => {
                        let why = why.clone().unwrap_or_else(|| "no URL form matches".into());
                        report.left_out.push(format!("{place}: request: {why}"));
                    }
                }
                let Some(r) = e
                    .response
                    .as_ref()
                    .filter(|r| r.body_kind == BodyKind::Json)
                else {
                    continue;
                };
                report.json_responses += 1;
                let place = format!("{}:{}", e.doc_page(o.op), r.line);
                match (&decision.response, &r.body) {
                    (None, Some(body)) if is_json_output(o) => {
                        report.json_responses_parsed += 1;
                        let fname = test_name(&mut test_names, &format!("{base}_response"));
                        let status = r.status.unwrap_or(200);
                        let text = serde_json::to_string(body).unwrap_or_default();
                        let place = Doc::new().note("{}", &[&place]).attrs();
                        let check = if matches!(o.output, OutputPlan::Value { .. }) {
                            quote!(check_value_response)
                        } else {
                            quote!(check_response)
                        };
                        tests.extend(quote! {
                            #place
                            #[test]
                            #allow
                            fn #fname() {
                                support::run(|| {
                                    support::#check::<#op_path>(#status, #text);
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
    let doc = Doc::new()
        .text("Generated by graphdoc: the documented examples of every operation, replayed through the stubs.")
        .note(
            "Request examples replayed (bodies sent exactly as documented): {} of {}; JSON responses parsed and written back unchanged: {} of {}.",
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
    let prelude = uses_builders.then(|| quote!(use #krate::client::prelude::*;));
    let file = parse(quote! {
        #doc
        #prelude
        #tests
        #loopback
    });
    let mut text = render(file);
    // Helpers shared by every generated test file; a crate whose examples use few of them
    // (or none replay) leaves the rest unused.
    text.push_str("\n#[allow(dead_code, unused_imports)]\nmod support {\n");
    let support = SUPPORT_RS.replace("use super::client::", &format!("use {krate}::client::"));
    let support = format!("{support}\n{}", super::runtime::URL_COMPARE_RS);
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
            let line: String = l
                .chars()
                .filter(|c| !c.is_control() && !super::docs::is_invisible(*c))
                .collect();
            text.push_str(&format!("// {line}\n"));
        }
    }
    (text, report)
}

fn is_json_output(o: &OpPlan) -> bool {
    matches!(
        o.output,
        OutputPlan::Typed { .. } | OutputPlan::Json { .. } | OutputPlan::Value { .. }
    )
}

/// The test that builds the documented request through the stub and compares it.
fn request_test(
    o: &OpPlan,
    e: &Example,
    place: &str,
    fname: &proc_macro2::Ident,
    build: &TokenStream,
    allow: &TokenStream,
) -> TokenStream {
    let method = &e.method;
    let url = &e.url;
    let expected_body = expected_body(e);
    // An example may call another API version than its page's (a v1.0 page showing a beta
    // URL): the client's version override makes that call.
    let client = match &e.api_version {
        Some(v) if *v != o.op.version => quote!(support::client().api_version(#v)),
        _ => quote!(support::client()),
    };
    let place = Doc::new().note("{}", &[place]).attrs();
    quote! {
        #place
        #[test]
        #allow
        fn #fname() {
            support::run(|| {
                let op = #build;
                support::check_request(&#client, &op, #method, #url, #expected_body);
            });
        }
    }
}

/// The one test (feature `reqwest`) that sends a documented GET over loopback, answered with
/// its documented response, when `e` is such an example.
fn loopback_test(
    e: &Example,
    response_checked: bool,
    build: &TokenStream,
    allow: &TokenStream,
) -> Option<TokenStream> {
    let r = e.response.as_ref()?;
    let body = r.body.as_ref()?;
    if e.method != "GET" || !response_checked || r.status != Some(200) {
        return None;
    }
    let method = &e.method;
    let body = serde_json::to_string(body).unwrap_or_default();
    Some(quote! {
        /// One documented call sent over loopback with reqwest, answered
        /// with its documented response.
        #[cfg(feature = "reqwest")]
        #[test]
        #allow
        fn loopback_with_reqwest() {
            let op = #build;
            support::loopback(&op, #method, 200, #body);
        }
    })
}

fn test_name(scope: &mut Scope, base: &str) -> proc_macro2::Ident {
    let candidate = naming::snake(base);
    let name = scope.assign(&[(base, candidate)], Case::Snake).remove(0);
    ident(&name)
}

/// The expression that makes the call: `Op::new(Path::Form { … }, body)` and its options.
fn build_call(
    o: &OpPlan,
    e: &Example,
    form: usize,
    op_path: &TokenStream,
    path_enum: &TokenStream,
    uses_builders: &mut bool,
) -> TokenStream {
    let op = o.op;
    let variant = ident(&o.variants[form]);
    let fields: Vec<_> = o.fields[form].iter().map(|f| ident(f)).collect();
    let values = &e.values;
    let path = if fields.is_empty() {
        quote!(#path_enum::#variant)
    } else {
        quote!(#path_enum::#variant { #(#fields: ::std::string::String::from(#values),)* })
    };
    let body = match &o.body {
        None => quote!(),
        Some(BodyPlan::Bytes { .. }) => {
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
    // The setters, quoted once at the end: appending to the call one by one would copy it
    // each time.
    let mut setters: Vec<TokenStream> = Vec::with_capacity(e.query.len());
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
        *uses_builders = true;
        setters.push(typed.unwrap_or_else(|| quote!(.query(#key, #value))));
    }
    let new = if super::ops::one_form_fields(o).is_some() {
        let body = without_leading_comma(body, values.is_empty());
        quote!(#op_path::new(#(#values),* #body))
    } else {
        quote!(#op_path::new(#path #body))
    };
    if setters.len() <= 16 {
        quote!(#new #(#setters)*)
    } else {
        // A long chain is an expression nested as deep as it is long; statements stay flat.
        quote!({
            let op = #new;
            #(let op = op #setters;)*
            op
        })
    }
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

/// `, body` as the first argument: `body`.
fn without_leading_comma(tokens: TokenStream, first: bool) -> TokenStream {
    if first {
        tokens.into_iter().skip(1).collect()
    } else {
        tokens
    }
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
