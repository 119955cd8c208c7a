//! Hostile pages, end to end: names and text that collide with keywords and std types, or try
//! to close a string or a comment, or to become a doc test (indented code inside a list item or
//! a quote), go through the reader, the model and the emitter, and the result is still exactly
//! the items graphdoc means to emit, and it compiles with warnings denied and runs no doc test.

use std::path::Path;
use std::process::Command;

const RESOURCE: &str = r#"---
title: "Result resource type"
doc_type: resourcePageType
---

# Result resource type

Namespace: microsoft.graph

Describes a result. */ } fn injected_from_prose() {} /* "); fn injected_too() {} ("

## Properties

| Property | Type | Description |
|:---|:---|:---|
| type | String | The kind. `*/ fn injected_from_cell() {} /*` |
| self | [Option](option.md) | Self-reference. "\"); fn injected_from_escape() {} (\"" |
| Self | Boolean | Case-only twin of self. |
| crate | Int32 | A keyword. |
| 3dModel | String | Leading digit. |
| displayName | String | Name. |
| DisplayName | String | Name that differs only by case. |
| error | [Error](error.md) | A type named Error. |
| items | [Result](result.md) collection | Recursion. |
| parent | [Result](result.md) | Recursion through a single value. |
| kind | [resultKind](#resultkind-values) | An enum. |

### resultKind values

| Member | Description |
|:---|:---|
| None | Nothing. |
| Self | A keyword. |
| 1st | Leading digit. |
| unknownFutureValue | Evolvable enumeration sentinel value. |

## JSON representation

<!-- {
  "blockType": "resource",
  "@odata.type": "microsoft.graph.Result",
  "baseType": "microsoft.graph.Option",
  "keyProperty": "id"
} -->

```json
{
  "type": "String",
  "self": {"@odata.type": "microsoft.graph.Option"},
  "Self": true,
  "crate": 1,
  "3dModel": "String",
  "displayName": "String",
  "DisplayName": "String",
  "error": {"@odata.type": "microsoft.graph.Error"},
  "items": [{"@odata.type": "microsoft.graph.Result"}],
  "parent": {"@odata.type": "microsoft.graph.Result"},
  "kind": "microsoft.graph.resultKind",
  "a\"b */ fn injected_from_key() {} /*": "String"
}
```
"#;

const OPTION: &str = r#"---
title: "Option resource type"
doc_type: resourcePageType
---

# Option resource type

Namespace: microsoft.graph

An entity named Option.

## Properties

| Property | Type | Description |
|:---|:---|:---|
| id | String | Identifier. |
| box | String | Named like std's Box. |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.Option", "keyProperty": "id" } -->

```json
{ "id": "String", "box": "String" }
```
"#;

const ERROR: &str = r#"---
title: "Error resource type"
doc_type: resourcePageType
---

# Error resource type

Namespace: microsoft.graph

## Properties

| Property | Type | Description |
|:---|:---|:---|
| code | String | `\u{0}` and a backslash \ at the end \ |
| message | String | Ends with a quote " |

## JSON representation

<!-- { "blockType": "resource", "@odata.type": "microsoft.graph.Error" } -->

```json
{ "code": "String", "message": "String" }
```
"#;

/// An API page whose every part tries to become code: the title, the templates (placeholders,
/// literal segments, function parameters, query), the headers, the body table and the examples.
const API: &str = r#"---
title: "Get result \"); fn injected_from_title() {} (\" (deprecated)"
description: "*/ fn injected_from_description() {} /*"
doc_type: apiPageType
---

# Get result (deprecated)

> [!CAUTION]
> This API is deprecated "); fn injected_from_caution() {} (" since **2024**.

## HTTP request

<!-- { "blockType": "ignored" } -->
```http
GET /results/{id"); fn injected_from_placeholder() {} ("}/items
GET /results/{id}/it"ems/{self}/f(x='{a'b}',crate={type})?$filter={q"); fn injected_from_query() {} ("}
POST /results/{id}/act"); fn injected_from_literal() {} ("
```

## Optional query parameters

This method supports `$select`, `$top` and `$filter"); fn injected_from_option() {} ("`.

## Request headers

| Name | Description |
|:---|:---|
| Authorization | Bearer. |
| Prefer"); fn injected_from_header() {} (" | Bad. |
| If-Match | An ETag. |
| self | A keyword. |

## Request body

| Parameter | Type | Description |
|:---|:---|:---|
| type | String | A keyword. |
| crate"); fn injected_from_row() {} (" | String | Bad. |
| items | [Result](../resources/result.md) collection | Results. |

## Response

If successful, this method returns `200 OK`.

## Example

<!-- { "blockType": "request", "name": "get_result\"); fn injected_from_name() {} (\"" } -->
```http
GET https://graph.microsoft.com/v1.0/results/a%22b'c/items?$top=2&$select=type,self&x")=1
```

<!-- { "blockType": "response", "@odata.type": "microsoft.graph.Result", "isCollection": true } -->
```http
HTTP/1.1 200 OK
Content-Type: application/json

{"value": [{"type": "\"); fn injected_from_response() {} (\"", "self": null}]}
```

<!-- { "blockType": "request", "name": "act" } -->
```http
POST https://graph.microsoft.com/v1.0/results/r1/act"); fn injected_from_literal() {} ("
Content-Type: application/json

{"type": "\"); fn injected_from_body() {} (\"", "items": [], "extra\")": 1}
```

<!-- { "blockType": "response" } -->
```http
HTTP/1.1 204 No Content
```
"#;

/// A `use` of the crate's layout: the runtime (`use super::…::client;`), a parent's items
/// (`use super::*;`) or an area module's re-export (`pub use self::area::*;`).
fn layout_use(u: &syn::ItemUse) -> bool {
    let mut plain = u.clone();
    plain.attrs.clear();
    let text = quote::ToTokens::to_token_stream(&plain).to_string();
    let runtime = regex::Regex::new(r"^use (super :: )+(client|\*) ;$").unwrap();
    let reexport = regex::Regex::new(r"^pub use self :: [a-z0-9_]+ :: \* ;$").unwrap();
    runtime.is_match(&text) || reexport.is_match(&text)
}

fn item_idents(items: &[syn::Item]) -> Vec<String> {
    items
        .iter()
        .flat_map(|item| match item {
            syn::Item::Struct(s) => vec![s.ident.to_string()],
            syn::Item::Enum(e) => vec![e.ident.to_string()],
            syn::Item::Fn(f) => vec![f.sig.ident.to_string()],
            syn::Item::Impl(_) => Vec::new(),
            // The runtime, imported once by a version module and by its `ops`, and what the
            // modules of the areas import and re-export.
            syn::Item::Use(u) if layout_use(u) => Vec::new(),
            // The modules of the areas (file modules: no content here).
            syn::Item::Mod(m) if m.content.is_none() => Vec::new(),
            // The conveniences of an `Any…` enum and the serde impls of a struct or enum, from
            // the runtime's macros.
            syn::Item::Macro(m)
                if ["client :: any_enum", "client :: wire_form"].contains(
                    &quote::ToTokens::to_token_stream(&m.mac.path)
                        .to_string()
                        .as_str(),
                ) =>
            {
                Vec::new()
            }
            syn::Item::Mod(m) if m.ident == "ops" => {
                item_idents(m.content.as_ref().map_or(&[][..], |(_, items)| items))
            }
            other => vec![format!(
                "unexpected item: {}",
                quote::ToTokens::to_token_stream(other)
            )],
        })
        .collect()
}

/// Every identifier in the code, impl bodies included.
fn all_idents(tokens: proc_macro2::TokenStream, out: &mut Vec<String>) {
    for tree in tokens {
        match tree {
            proc_macro2::TokenTree::Ident(i) => out.push(i.to_string()),
            proc_macro2::TokenTree::Group(g) => all_idents(g.stream(), out),
            _ => {}
        }
    }
}

#[test]
fn hostile_pages_stay_inert_and_compile() {
    let dir = tempfile::tempdir().unwrap();
    let resources = dir.path().join("docs/api-reference/v1.0/resources");
    std::fs::create_dir_all(&resources).unwrap();
    // A description whose lines markdown reads as indented code inside a list item or a quote
    // (a doc test that `cargo test` would run), direction controls and a bare CR, which rustc
    // refuses in comments (written as escapes: rustc refuses them in this file's literals too).
    let resource = RESOURCE
        .replace(
            "doc_type: resourcePageType",
            r#"description: "A result.\n-     std::process::exit(3);\n>     std::process::exit(4);\n> 1.      std::process::exit(5);\r\u202e evil\u2066 \r end"
doc_type: resourcePageType"#,
        )
        .replace("Self-reference.", "Self-\u{202e}reference\u{2066}.\u{200f}")
        .replace("A keyword. |\n| 3dModel", "A keyword\u{61c}. |\n| 3dModel");
    assert_ne!(resource, RESOURCE);
    std::fs::write(resources.join("result.md"), resource).unwrap();
    std::fs::write(resources.join("option.md"), OPTION).unwrap();
    std::fs::write(resources.join("error.md"), ERROR).unwrap();
    let api = dir.path().join("docs/api-reference/v1.0/api");
    std::fs::create_dir_all(&api).unwrap();
    std::fs::write(api.join("result-get.md"), API).unwrap();

    let out = dir.path().join("hostile-crate");
    let generated = graphdoc::Config::new()
        .docs(dir.path().join("docs"))
        .out_dir(&out)
        .standalone_crate("hostile-crate")
        .example_tests(true)
        .generate()
        .expect("generates");
    // The version's files (a module per area of the docs), read as one.
    let code: String = generated
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("src/v1_0"))
        .map(|(_, t)| t.as_str())
        .collect();
    let code = &code;
    let file = syn::parse_file(code).expect("the output parses");
    let idents = item_idents(&file.items);
    assert!(
        idents
            .iter()
            .all(|i| !i.contains("injected") && !i.starts_with("unexpected")),
        "{idents:?}"
    );
    for file in [code, &generated.files[Path::new("tests/examples.rs")]] {
        let mut names = Vec::new();
        all_idents(
            quote::ToTokens::to_token_stream(&syn::parse_file(file).expect("parses")),
            &mut names,
        );
        assert!(
            names.iter().all(|n| !n.contains("injected")),
            "{:?}",
            names
                .iter()
                .filter(|n| n.contains("injected"))
                .collect::<Vec<_>>()
        );
    }
    // The operations are there, one a method, and the page's deprecation is a note.
    let ops = &generated.ops.versions["v1.0"].operations;
    assert_eq!(ops.len(), 2, "{ops:#?}");
    assert!(code.contains("#[deprecated("));
    assert!(idents.iter().any(|i| i == "ResultGetGet"), "{idents:?}");
    for want in ["Result", "Option", "Error", "ResultKind"] {
        assert!(
            idents.iter().any(|i| i == want),
            "{want} missing from {idents:?}"
        );
    }
    // The injected text survives only inside string literals and doc attributes.
    assert!(code.contains("injected_from_cell"));
    // Names that collide once cased are kept apart, with their exact wire names.
    for wire in [
        "self",
        "Self",
        "displayName",
        "DisplayName",
        "3dModel",
        "type",
        "crate",
        "box",
    ] {
        assert!(
            code.contains(&format!("\"{wire}\" => self.")),
            "{wire} has no field"
        );
    }

    // And the crate compiles, warnings denied; the example tests too: what the docs show is
    // what the stubs send.
    assert!(
        cargo_in(
            &out,
            &["test", "--offline", "--quiet", "--features", "full"]
        ),
        "the generated crate does not compile:\n{code}"
    );
    // Its docs hold no doc test (a doc test of the cells above would exit with 3, 4 or 5).
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/generated-crates");
    let doc_tests = Command::new(env!("CARGO"))
        .args(["test", "--offline", "--doc", "--", "--list"])
        .current_dir(&out)
        .env("CARGO_TARGET_DIR", &target)
        .output()
        .expect("cargo runs");
    let listed = String::from_utf8_lossy(&doc_tests.stdout);
    assert!(
        doc_tests.status.success() && listed.contains("0 tests"),
        "{listed}"
    );
}

/// With no example to replay, the example test file still compiles with warnings denied.
#[test]
fn an_example_test_file_without_examples_is_warning_free() {
    let dir = tempfile::tempdir().unwrap();
    let resources = dir.path().join("docs/api-reference/v1.0/resources");
    std::fs::create_dir_all(&resources).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("docs-input/api-reference/v1.0/resources/entity.md"),
        resources.join("entity.md"),
    )
    .unwrap();
    let out = dir.path().join("quiet-crate");
    let generated = graphdoc::Config::new()
        .docs(dir.path().join("docs"))
        .out_dir(&out)
        .standalone_crate("quiet-crate")
        .example_tests(true)
        .generate()
        .expect("generates");
    assert_eq!(generated.examples.as_ref().map(|r| r.requests), Some(0));
    assert!(
        cargo_in(
            &out,
            &[
                "test",
                "--offline",
                "--quiet",
                "--features",
                "full",
                "--no-run"
            ]
        ),
        "the example tests do not compile warning-free"
    );
}

/// Runs cargo in a generated crate with warnings denied, with the workspace's lock file (the
/// same dependency versions, all already downloaded) and a target folder shared across runs.
fn cargo_in(krate: &Path, args: &[&str]) -> bool {
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/generated-crates");
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    std::fs::copy(&lock, krate.join("Cargo.lock")).expect("copies Cargo.lock");
    Command::new(env!("CARGO"))
        .args(args)
        .current_dir(krate)
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs")
        .success()
}

/// An example is counted as replayed only if its generated test passes: where the stub would
/// send another path than the example shows (a key form `users('{id}')` for `/users/1`, a
/// closing `:` the example leaves out), it is left out with GD0902 and its reason.
#[test]
fn examples_the_stub_does_not_reproduce_are_left_out() {
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("docs/api-reference/v1.0/api");
    std::fs::create_dir_all(&api).unwrap();
    let page = |templates: &str, examples: &[&str]| {
        let mut text = format!(
            "---\ntitle: \"Get x\"\n---\n\n# Get x\n\n## HTTP request\n\n```http\n{templates}\n```\n\n## Example\n"
        );
        for (i, e) in examples.iter().enumerate() {
            text.push_str(&format!(
                "\n<!-- {{ \"blockType\": \"request\", \"name\": \"get_x_{i}\" }} -->\n```http\n{e}\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
            ));
        }
        text
    };
    std::fs::write(
        api.join("user-get.md"),
        page(
            "GET /users('{id}')",
            &["GET /v1.0/users('1')", "GET /v1.0/users/1"],
        ),
    )
    .unwrap();
    std::fs::write(
        api.join("driveitem-get.md"),
        page(
            "GET /me/drive/root:/{item-path}:",
            &[
                "GET /v1.0/me/drive/root:/a/b:",
                "GET /v1.0/me/drive/root:/a/b",
            ],
        ),
    )
    .unwrap();
    let out = dir.path().join("replay-crate");
    let generated = graphdoc::Config::new()
        .docs(dir.path().join("docs"))
        .out_dir(&out)
        .standalone_crate("replay-crate")
        .example_tests(true)
        .generate()
        .expect("generates");
    let report = generated.examples.as_ref().expect("example tests");
    assert_eq!(
        (report.requests, report.requests_replayed),
        (4, 2),
        "{report:#?}"
    );
    let left_out: Vec<&String> = report.left_out.iter().collect();
    assert!(
        left_out
            .iter()
            .all(|l| l.contains("the stub sends the path")),
        "{left_out:#?}"
    );
    assert_eq!(
        generated
            .diagnostics
            .iter()
            .filter(|d| d.code.as_str() == "GD0902" && d.message.contains("sends the path"))
            .count(),
        2
    );
    // What is replayed passes.
    assert!(
        cargo_in(
            &out,
            &["test", "--offline", "--quiet", "--features", "full"]
        ),
        "the replayed examples fail"
    );
}
