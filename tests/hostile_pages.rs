//! Hostile pages, end to end: names and text that collide with keywords and std types, or try
//! to close a string or a comment, go through the reader, the model and the emitter, and the
//! result is still exactly the items graphdoc means to emit, and it compiles with warnings
//! denied.

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

fn item_idents(file: &syn::File) -> Vec<String> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Struct(s) => Some(s.ident.to_string()),
            syn::Item::Enum(e) => Some(e.ident.to_string()),
            syn::Item::Fn(f) => Some(f.sig.ident.to_string()),
            syn::Item::Impl(_) => None,
            other => Some(format!(
                "unexpected item: {}",
                quote::ToTokens::to_token_stream(other)
            )),
        })
        .collect()
}

#[test]
fn hostile_pages_stay_inert_and_compile() {
    let dir = tempfile::tempdir().unwrap();
    let resources = dir.path().join("docs/api-reference/v1.0/resources");
    std::fs::create_dir_all(&resources).unwrap();
    std::fs::write(resources.join("result.md"), RESOURCE).unwrap();
    std::fs::write(resources.join("option.md"), OPTION).unwrap();
    std::fs::write(resources.join("error.md"), ERROR).unwrap();

    let out = dir.path().join("hostile-crate");
    let generated = graphdoc::Config::new()
        .docs(dir.path().join("docs"))
        .out_dir(&out)
        .standalone_crate("hostile-crate")
        .generate()
        .expect("generates");
    let code = &generated.files[Path::new("src/v1_0.rs")];
    let file = syn::parse_file(code).expect("the output parses");
    let idents = item_idents(&file);
    assert!(
        idents
            .iter()
            .all(|i| !i.contains("injected") && !i.starts_with("unexpected")),
        "{idents:?}"
    );
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
            code.contains(&format!("rename = \"{wire}\"")),
            "{wire} has no field"
        );
    }

    // And the crate compiles, warnings denied, sharing a target folder across runs.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/generated-crates");
    // The workspace's lock file: the same dependency versions, all already downloaded.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    std::fs::copy(&lock, out.join("Cargo.lock")).expect("copies Cargo.lock");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--offline", "--quiet"])
        .current_dir(&out)
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", &target)
        .status()
        .expect("cargo runs");
    assert!(
        status.success(),
        "the generated crate does not compile:\n{code}"
    );
}
