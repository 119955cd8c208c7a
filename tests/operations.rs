//! Operations and stubs: a snapshot of the operations of docs-input (the stubs themselves are
//! checked in as generated/, which tests/generated.rs keeps current), the two seeds giving one
//! Rust API, and the stubs of docs-input called for real (they are compiled into this crate by
//! build.rs).

use graphdoc_docs_input::beta::ops as beta;
use graphdoc_docs_input::client::{Client, Error, Operation};
use std::path::{Path, PathBuf};

#[test]
fn docs_input_operations_snapshot() {
    let generated = graphdoc::Config::new()
        .docs("docs-input")
        .render()
        .expect("renders");
    let plan = graphdoc::codegen::plan(&generated.model, &generated.ops);
    insta::assert_json_snapshot!("operations", plan.model_json(&[])["operations"]);
}

/// The Rust API of a file: its items with doc comments, `#[deprecated]` and the
/// `#[allow(deprecated)]` that goes with it removed.
fn api_of(text: &str) -> String {
    use quote::ToTokens;
    let mut file = syn::parse_file(text).expect("the generated file parses");
    struct Strip;
    impl syn::visit_mut::VisitMut for Strip {
        fn visit_attributes_mut(&mut self, attrs: &mut Vec<syn::Attribute>) {
            let allows_deprecated = |a: &syn::Attribute| {
                a.path().is_ident("allow") && a.to_token_stream().to_string().contains("deprecated")
            };
            attrs.retain(|a| {
                !a.path().is_ident("doc")
                    && !a.path().is_ident("deprecated")
                    && !allows_deprecated(a)
            });
        }
    }
    syn::visit_mut::VisitMut::visit_file_mut(&mut Strip, &mut file);
    file.into_token_stream().to_string()
}

/// Each seed, placed at api-reference/beta/api/externalmeetingregistration-post.md of a doc set
/// of its own, gives the same items and signatures; only docs differ, and the English page (which
/// says "(deprecated)") is `#[deprecated]`.
#[test]
fn both_seeds_give_the_same_rust_api() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&seeds) {
        Ok(entries) => entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
            .collect(),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "../shared/seeds is missing in CI"
            );
            eprintln!("notice: ../shared/seeds is missing; the seed test is skipped");
            return;
        }
    };
    files.sort();
    assert_eq!(files.len(), 2, "two seeds: {files:?}");
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for (i, seed) in files.iter().enumerate() {
        let set = dir.path().join(format!("set{i}"));
        let page = set.join("api-reference/beta/api/externalmeetingregistration-post.md");
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::copy(seed, &page).unwrap();
        let generated = graphdoc::Config::new()
            .docs(&set)
            .render()
            .expect("renders");
        let ops = &generated.ops.versions["beta"].operations;
        assert_eq!(ops.len(), 1, "{}", seed.display());
        assert_eq!(ops[0].id, "externalmeetingregistration_post");
        outputs.push(generated.files[Path::new("beta.rs")].clone());
    }
    let (en, ru) = (&outputs[0], &outputs[1]);
    assert!(
        en.contains("#[deprecated("),
        "the English seed is deprecated"
    );
    assert!(en.contains("December 12, 2024"), "the note says when");
    assert!(!ru.contains("#[deprecated("));
    assert_ne!(en, ru, "the docs differ");
    assert_eq!(api_of(en), api_of(ru));
    // The API holds the stub, its URL forms and its typed body and output.
    let api = api_of(en);
    for needle in [
        "pub struct ExternalMeetingRegistrationPost",
        "pub enum ExternalMeetingRegistrationPostPath",
        "Me { meeting_id",
        "Users { user_id",
        "type Output = super :: ExternalMeetingRegistration",
    ] {
        assert!(api.contains(needle), "{needle} in {api}");
    }
}

fn response(status: u16, body: &str) -> http::Response<Vec<u8>> {
    http::Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.as_bytes().to_vec())
        .unwrap()
}

#[test]
fn a_stub_builds_its_request() {
    let op = beta::OnlineMeetingGet::new(beta::OnlineMeetingGetPath::UsersOnlineMeetings1 {
        user_id: "a/b?c#d".into(),
        meeting_id: "..".into(),
    });
    let client = Client::with_base_url("http://localhost:8080/").bearer_token("t");
    // `..` can never be sent: it would change the path's shape.
    assert!(matches!(client.request(&op), Err(Error::Request(_))));
    let op = beta::OnlineMeetingGet::new(beta::OnlineMeetingGetPath::UsersOnlineMeetings1 {
        user_id: "a/b?c#d".into(),
        meeting_id: "m 1".into(),
    });
    let request = client.request(&op).unwrap();
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(
        request.uri().to_string(),
        "http://localhost:8080/beta/users/a%2Fb%3Fc%23d/onlineMeetings/m%201"
    );
    assert_eq!(request.headers()["authorization"], "Bearer t");
}

#[test]
fn a_stub_parses_its_response_and_graph_errors() {
    let ok = Client::new()
        .parse::<beta::OnlineMeetingGet>(response(200, r#"{"id": "m1", "subject": "Hi"}"#))
        .unwrap();
    assert_eq!(ok.subject.as_deref(), Some("Hi"));
    let err = Client::new()
        .parse::<beta::OnlineMeetingGet>(response(
            404,
            r#"{"error": {"code": "NotFound", "message": "no meeting"}}"#,
        ))
        .unwrap_err();
    match err {
        Error::Graph { status, error } => {
            assert_eq!(status, 404);
            assert_eq!(error.code, "NotFound");
        }
        other => panic!("expected a Graph error, got {other:?}"),
    }
    // A DELETE documents 204 No Content.
    beta::OnlineMeetingDelete::parse(response(204, "")).unwrap();
}

/// A page of the doc set in `root`: `api-reference/v1.0/api/{name}.md`.
fn write_page(root: &Path, name: &str, text: &str) {
    let page = root.join(format!("api-reference/v1.0/api/{name}.md"));
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(page, text).unwrap();
}

/// The output of the v1.0 operation `id`, as the full model writes it.
fn output_of(generated: &graphdoc::generate::Generated, id: &str) -> serde_json::Value {
    let ops = &generated.ops.versions["v1.0"].operations;
    let op = ops.iter().find(|o| o.id == id).unwrap();
    serde_json::to_value(op.output()).unwrap()
}

/// A page documenting `request` (section form, example URL) answered by `response`.
fn call_page(title: &str, method: &str, form: &str, body: &str, response: &str) -> String {
    format!(
        "---\ntitle: \"{title}\"\n---\n\n# {title}\n\n## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{method} {form}\n```\n\n## Request body\n\nSee the example.\n\n## Response\n\nIf successful, this method returns a `200 OK` response code.\n\n## Example\n\n### Request\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"{title}\" }} -->\n```http\n{method} https://graph.microsoft.com/v1.0{form}\nContent-type: application/json\n\n{body}\n```\n\n### Response\n\n{response}\n"
    )
}

/// Primitive outputs: `{"value": true}` is a `bool` and `{"value": ["…"]}` a collection of
/// strings, whether an annotation names the primitive or only the example shows it; a response
/// the page marks `ignored` still gives the output's shape.
#[test]
fn primitive_and_ignored_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let annotated = "<!-- { \"blockType\": \"response\", \"@odata.type\": \"string\", \"isCollection\": true } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"value\": [\"a\", \"b\"]}\n```";
    write_page(
        root,
        "group-checkmembergroups",
        &call_page(
            "checkMemberGroups",
            "POST",
            "/groups/{id}/checkMemberGroups",
            "{\"groupIds\": [\"x\"]}",
            annotated,
        ),
    );
    let shown = "<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"value\": true}\n```";
    write_page(
        root,
        "policy-removegroup",
        &call_page(
            "removeGroup",
            "POST",
            "/policies/{id}/removeGroup",
            "{\"groupId\": \"x\"}",
            shown,
        ),
    );
    let ignored = "<!-- { \"blockType\": \"ignored\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"value\": 7}\n```";
    write_page(
        root,
        "policy-addgroup",
        &call_page(
            "addGroup",
            "POST",
            "/policies/{id}/addGroup",
            "{\"groupId\": \"x\"}",
            ignored,
        ),
    );
    let generated = graphdoc::Config::new()
        .docs(root)
        .render()
        .expect("renders");
    let output = |id: &str| output_of(&generated, id);
    assert_eq!(
        output("group_checkmembergroups"),
        serde_json::json!({"kind": "primitive", "name": "Edm.String", "collection": true})
    );
    assert_eq!(
        output("policy_removegroup"),
        serde_json::json!({"kind": "primitive", "name": "Edm.Boolean", "collection": false})
    );
    assert_eq!(
        output("policy_addgroup"),
        serde_json::json!({"kind": "primitive", "name": "Edm.Int32", "collection": false})
    );
    let text = &generated.files[Path::new("v1_0.rs")];
    let api = api_of(text);
    assert!(
        api.contains("type Output = client :: Collection < :: std :: string :: String >"),
        "{api}"
    );
    assert!(api.contains("type Output = bool"), "{api}");
    assert!(api.contains("type Output = i32"), "{api}");
}

/// A page whose forms create things in several collections (`/me/messages`, `/me/events`,
/// `…/{id}/extensions`) sends what it creates, not one action's parameters: untyped JSON.
#[test]
fn pages_creating_in_several_collections_send_json() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let page = "---\ntitle: \"Create extension\"\n---\n\n# Create extension\n\n## HTTP request\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /me/messages\nPOST /me/events\nPOST /me/messages/{id}/extensions\n```\n\n## Request body\n\n| Name | Type | Description |\n|:--|:--|:--|\n| extensionName | String | The name. |\n\n## Response\n\nIf successful, this method returns `201 Created`.\n";
    write_page(root, "opentypeextension-post", page);
    let generated = graphdoc::Config::new()
        .docs(root)
        .render()
        .expect("renders");
    let op = &generated.ops.versions["v1.0"].operations[0];
    assert_eq!(op.request_body, graphdoc::ops::RequestBody::Json);
    // One form ending in an action keeps the table's parameters.
    let page = page.replace(
        "POST /me/messages\nPOST /me/events\nPOST /me/messages/{id}/extensions",
        "POST /me/messages/{id}/doIt\nPOST /users/{id}/messages/{id}/doIt",
    );
    let dir = tempfile::tempdir().unwrap();
    write_page(dir.path(), "opentypeextension-post", &page);
    let generated = graphdoc::Config::new()
        .docs(dir.path())
        .render()
        .expect("renders");
    let op = &generated.ops.versions["v1.0"].operations[0];
    assert!(
        matches!(&op.request_body, graphdoc::ops::RequestBody::Parameters { properties } if properties[0].name == "extensionName"),
        "{:?}",
        op.request_body
    );
}

/// A GET whose example sends a JSON object of plain values (the Excel range functions) calls a
/// function: its forms take those values as named arguments, in the example's order, quoted where the example gives a
/// string, and the stub sends no body. The example's bare URL is not learned as another form.
#[test]
fn get_bodies_are_function_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let response = "<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"address\": \"A1\"}\n```";
    write_page(
        root,
        "range-offsetrange",
        &call_page(
            "offsetRange",
            "GET",
            "/me/drive/items/{id}/workbook/names/{name}/range/offsetRange",
            "{\"rowOffset\": 3, \"columnOffset\": 5, \"anchor\": \"A1\"}",
            response,
        ),
    );
    // A section form relative to the item the example addresses (`/workbook/…`) is written below
    // it, and takes the arguments too.
    write_page(
        root,
        "range-intersection",
        &call_page(
            "intersection",
            "GET",
            "/me/drive/items/{id}/workbook/names/{name}/range/intersection",
            "{\"anotherRange\": \"A1:B2\"}",
            response,
        )
        .replacen("GET /me/drive/items/{id}/workbook/", "GET /workbook/", 1),
    );
    // A body that is not a list of plain values keeps the page's form and body as they are.
    write_page(
        root,
        "range-other",
        &call_page(
            "other",
            "GET",
            "/me/drive/items/{id}/workbook/other",
            "{\"values\": [[1]]}",
            response,
        ),
    );
    let generated = graphdoc::Config::new()
        .docs(root)
        .render()
        .expect("renders");
    let ops = &generated.ops.versions["v1.0"].operations;
    let op = |id: &str| ops.iter().find(|o| o.id == id).unwrap();
    let offset = op("range_offsetrange");
    let written: Vec<&str> = offset.paths.iter().map(|p| p.written.as_str()).collect();
    assert_eq!(
        written,
        [
            "/me/drive/items/{id}/workbook/names/{name}/range/offsetRange(rowOffset={rowOffset},columnOffset={columnOffset},anchor='{anchor}')"
        ]
    );
    assert_eq!(offset.request_body, graphdoc::ops::RequestBody::None);
    assert_eq!(
        offset.examples[0].unreplayable.as_deref(),
        Some("it sends the function's arguments in a GET body; the stub sends them in the URL")
    );
    let written: Vec<&str> = op("range_intersection")
        .paths
        .iter()
        .map(|p| p.written.as_str())
        .collect();
    assert_eq!(
        written,
        [
            "/me/drive/items/{id}/workbook/names/{name}/range/intersection(anotherRange='{anotherRange}')"
        ]
    );
    let other = op("range_other");
    let written: Vec<&str> = other.paths.iter().map(|p| p.written.as_str()).collect();
    assert_eq!(written, ["/me/drive/items/{id}/workbook/other"]);
    assert_ne!(other.request_body, graphdoc::ops::RequestBody::None);
}

/// A response whose annotation says `isCollection` answers a collection even when the page
/// writes its body in a fence of its own and annotates no request (`search-query`).
/// A function the examples call with arguments gives them to a section form ending in it, unless
/// the example URL writes the same name bare further on: `range(address='A1')/visibleView/range`
/// calls the first `range` with an address and the last one with nothing.
#[test]
fn example_arguments_go_to_the_call_that_takes_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let response = "<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"address\": \"A1\"}\n```";
    let section =
        "/me/drive/items/{id}/workbook/worksheets/{id}/range(address={address})/visibleView/range";
    write_page(
        root,
        "rangeview-range",
        &call_page("rangeViewRange", "GET", section, "", response).replacen(
            "v1.0/me/drive/items/{id}/workbook/worksheets/{id}/range(address={address})/",
            "v1.0/me/drive/items/{id}/workbook/worksheets/{id}/range(address='A1:Z10')/",
            1,
        ),
    );
    write_page(
        root,
        "range-cell",
        &call_page(
            "rangeCell",
            "GET",
            "/me/drive/items/{id}/workbook/names/{name}/range/cell",
            "",
            response,
        )
        .replacen(
            "range/cell\nContent-type",
            "range/cell(row=5,column=6)\nContent-type",
            1,
        ),
    );
    let generated = graphdoc::Config::new()
        .docs(root)
        .render()
        .expect("renders");
    let ops = &generated.ops.versions["v1.0"].operations;
    let written = |id: &str| -> Vec<String> {
        let op = ops.iter().find(|o| o.id == id).unwrap();
        op.paths.iter().map(|p| p.written.clone()).collect()
    };
    assert_eq!(written("rangeview_range"), [section]);
    assert_eq!(
        written("range_cell"),
        ["/me/drive/items/{id}/workbook/names/{name}/range/cell(row={row},column={column})"]
    );
}

/// A section form no example calls, where the page's example writes the same path with a key
/// more before a later segment, left the key out: the example's form replaces it (with a
/// diagnostic). A key missing at the end is another call, and the section's form stays.
#[test]
fn a_section_form_missing_an_inner_key_the_example_writes_gives_way() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let none = "<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 204 No Content\n```";
    write_page(
        root,
        "page-delete",
        &call_page("pageDelete", "DELETE", "/books/{id}/pages/$value", "", none).replacen(
            "v1.0/books/{id}/pages/$value",
            "v1.0/books/b1/pages/p1/$value",
            1,
        ),
    );
    let one = "<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{\"id\": \"x\"}\n```";
    write_page(
        root,
        "shelf-get",
        &call_page("shelfGet", "GET", "/library/shelves", "", one).replacen(
            "v1.0/library/shelves\n",
            "v1.0/library/shelves/s1\n",
            1,
        ),
    );
    let generated = graphdoc::Config::new()
        .docs(root)
        .render()
        .expect("renders");
    let ops = &generated.ops.versions["v1.0"].operations;
    let written = |id: &str| -> Vec<String> {
        let op = ops.iter().find(|o| o.id == id).unwrap();
        op.paths.iter().map(|p| p.written.clone()).collect()
    };
    assert_eq!(written("page_delete"), ["/books/{id}/pages/{id}/$value"]);
    assert!(generated.diagnostics.iter().any(|d| {
        d.message
            .contains("`DELETE /books/{id}/pages/$value` leaves out a key")
    }));
    assert_eq!(
        written("shelf_get"),
        ["/library/shelves", "/library/shelves/{id}"]
    );
}

#[test]
fn an_annotated_collection_without_a_body_in_its_fence() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let resource = "---\ntitle: \"hit resource type\"\n---\n\n# hit resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| summary | String | The summary. |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.hit\" } -->\n```json\n{\"summary\": \"String\"}\n```\n";
    let page = root.join("api-reference/v1.0/resources/hit.md");
    std::fs::create_dir_all(page.parent().unwrap()).unwrap();
    std::fs::write(page, resource).unwrap();
    let response = "<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.hit\", \"isCollection\": true } -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n```\n\n```json\n{\"value\": [{\"summary\": \"a\"}]}\n```";
    write_page(
        root,
        "search-query",
        // The request is not annotated, so no example pairs with the response.
        &call_page("query", "POST", "/search/query", "{\"q\": \"x\"}", response)
            .replace(
                "<!-- { \"blockType\": \"request\", \"name\": \"query\" } -->\n",
                "",
            )
            .replace(
                "response code.",
                "response code and a [hit](../resources/hit.md) collection.",
            ),
    );
    let generated = graphdoc::Config::new()
        .docs(root)
        .render()
        .expect("renders");
    let op = &generated.ops.versions["v1.0"].operations[0];
    assert_eq!(
        serde_json::to_value(op.output()).unwrap(),
        serde_json::json!({"kind": "type", "name": "microsoft.graph.hit", "collection": true})
    );
}

/// One "Request body" row whose name was translated (`запросы`) is the one key the page's
/// request bodies send that no other row names, with the row's type, in the table's order.
#[test]
fn a_translated_parameter_row_takes_the_unclaimed_key() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let page = call_page(
        "query",
        "POST",
        "/search/query",
        "{\"requests\": [\"a\"], \"size\": 3}",
        "",
    )
    .replace(
        "See the example.",
        "| Параметр | Тип | Описание |\n|:--|:--|:--|\n| запросы | String collection | Запросы. |\n| size | Int32 | Размер. |",
    );
    write_page(root, "search-query", &page);
    let generated = graphdoc::Config::new()
        .docs(root)
        .render()
        .expect("renders");
    let op = &generated.ops.versions["v1.0"].operations[0];
    let graphdoc::ops::RequestBody::Parameters { properties } = &op.request_body else {
        panic!("{:?}", op.request_body);
    };
    let names: Vec<(&str, bool)> = properties
        .iter()
        .map(|p| (p.name.as_str(), p.collection))
        .collect();
    assert_eq!(names, [("requests", true), ("size", false)]);
    assert!(matches!(
        properties[0].ty,
        graphdoc::model::TypeRef::Primitive(graphdoc::model::Edm::String)
    ));
}

/// An example response that shows no body under an annotation naming a type the doc set does
/// not define (`microsoft.graph.None`) answers nothing: the stub's output is `()`.
#[test]
fn an_unknown_type_over_an_empty_response_is_no_body() {
    let dir = tempfile::tempdir().unwrap();
    let response = "<!-- { \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.None\" } -->\n```http\nHTTP/1.1 200 OK\n```";
    write_page(
        dir.path(),
        "call-keepalive",
        &call_page(
            "keepAlive",
            "POST",
            "/communications/calls/{id}/keepAlive",
            "",
            response,
        ),
    );
    let generated = graphdoc::Config::new()
        .docs(dir.path())
        .render()
        .expect("renders");
    let op = &generated.ops.versions["v1.0"].operations[0];
    assert_eq!(op.responses.len(), 1);
    assert_eq!(op.responses[0].status, 200);
    assert_eq!(op.responses[0].body, graphdoc::ops::ResponseBody::None);
}

/// What the "Request body" section shows as the page lays it out: a translated row takes the
/// key a request the page marks `ignored` sends; a table of values written right under the table
/// of parameters (no blank line between) is a table of its own, not more parameters; rows the
/// examples send inside an object under one key (`{"passwordCredential": {…}}`) describe that
/// one parameter even where the section links the type those rows are properties of.
#[test]
fn request_body_sections_as_the_page_lays_them_out() {
    let body_of = |name: &str, page: &str, resource: Option<&str>| {
        let dir = tempfile::tempdir().unwrap();
        write_page(dir.path(), name, page);
        if let Some(resource) = resource {
            let path = dir
                .path()
                .join("api-reference/v1.0/resources/passwordcredential.md");
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, resource).unwrap();
        }
        let generated = graphdoc::Config::new()
            .docs(dir.path())
            .render()
            .expect("renders");
        let op = &generated.ops.versions["v1.0"].operations[0];
        let graphdoc::ops::RequestBody::Parameters { properties } = &op.request_body else {
            panic!("{:?}", op.request_body);
        };
        properties
            .iter()
            .map(|p| (p.name.clone(), p.ty.clone(), p.collection))
            .collect::<Vec<_>>()
    };
    use graphdoc::model::{Edm, TypeRef};
    let query = "---\ntitle: \"query\"\n---\n\n# query\n\n## HTTP request\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /search/query\n```\n\n## Request body\n\n| Параметр | Тип | Описание |\n|:--|:--|:--|\n| запросы | String collection | Запросы. |\n| size | Int32 | Размер. |\n| size value | Meaning |\n|:--|:--|\n| small | Fewer than ten results come back at once. |\n| large | More than a hundred results come back at once. |\n\n## Response\n\nIf successful, this method returns a `204 No Content` response code.\n\n## Example\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST https://graph.microsoft.com/v1.0/search/query\nContent-type: application/json\n\n{\"requests\": [\"a\"], \"size\": 3}\n```\n";
    assert_eq!(
        body_of("search-query", query, None),
        [
            ("requests".into(), TypeRef::Primitive(Edm::String), true),
            ("size".into(), TypeRef::Primitive(Edm::Int32), false),
        ]
    );
    let resource = "---\ntitle: \"passwordCredential\"\ndoc_type: resourcePageType\n---\n# passwordCredential\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| displayName | String | x |\n| endDateTime | DateTimeOffset | x |\n\n## JSON representation\n\n<!-- { \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.passwordCredential\" } -->\n\n```json\n{\n  \"displayName\": \"String\",\n  \"endDateTime\": \"String (timestamp)\"\n}\n```\n";
    let add = call_page(
        "addPassword",
        "POST",
        "/applications/{id}/addPassword",
        "{\"passwordCredential\": {\"displayName\": \"A\"}}",
        "",
    )
    .replace(
        "See the example.",
        "Provide an optional [passwordCredential](../resources/passwordcredential.md) object.\n\n| Property | Type | Description |\n|:--|:--|:--|\n| displayName | String | A name. |\n| endDateTime | DateTimeOffset | The end. |",
    );
    assert_eq!(
        body_of("application-addpassword", &add, Some(resource)),
        [(
            "passwordCredential".into(),
            TypeRef::Named("microsoft.graph.passwordCredential".into()),
            false
        )]
    );
}

/// One update page in two translations: the "Request body" rows get the same wire names and
/// types from what translation leaves alone (a translated name takes the one example key that
/// fits its cell; a translated cell means what the doc set's samples show it means; a row cased
/// otherwise is spelled as the resource spells it).
#[test]
fn translated_request_body_rows_give_one_body() {
    let resource = |string: &str, boolean: &str| {
        format!(
            "---\ntitle: \"widget\"\ndoc_type: resourcePageType\n---\n# widget\n\n\
             Namespace: microsoft.graph\n\n## <a name=\"properties\"></a>P\n\n\
             | P | T | D |\n|:--|:--|:--|\n| id | {string} | x |\n| displayName | {string} | x |\n\
             | description | {string} | x |\n| isOn | {boolean} | x |\n| size | Int32 | x |\n\n\
             ## <a name=\"json-representation\"></a>J\n\n\
             <!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.widget\" }} -->\n\n\
             ```json\n{{\n  \"id\": \"String\",\n  \"displayName\": \"String\",\n  \
             \"description\": \"String\",\n  \"isOn\": \"Boolean\",\n  \"size\": \"Int32\"\n}}\n```\n"
        )
    };
    let update = |string: &str, boolean: &str, description: &str, is_on: &str| {
        format!(
            "---\ntitle: \"widget: update\"\ndoc_type: apiPageType\n---\n# widget: update\n\n\
             Namespace: microsoft.graph\n\n## <a name=\"http-request\"></a>H\n\n\
             <!-- {{ \"blockType\": \"ignored\" }} -->\n\n```http\nPATCH /widgets/{{id}}\n```\n\n\
             ## <a name=\"request-body\"></a>B\n\n| P | T | D |\n|:--|:--|:--|\n\
             | displayName | {string} | x |\n| {description} | {string} | x |\n\
             | {is_on} | {boolean} | x |\n\n## <a name=\"response\"></a>R\n\n204\n\n\
             ## <a name=\"examples\"></a>E\n\n\
             <!-- {{ \"blockType\": \"request\", \"name\": \"update_widget\" }} -->\n\n\
             ```http\nPATCH https://graph.microsoft.com/v1.0/widgets/1\n\
             Content-type: application/json\n\n{{\"displayName\": \"A\", \"description\": \"B\"}}\n```\n"
        )
    };
    let body = |resource: String, update: String| {
        let dir = tempfile::tempdir().expect("temp dir");
        let v1 = dir.path().join("api-reference/v1.0");
        for (folder, name, text) in [
            ("resources", "widget.md", resource),
            ("api", "widget-update.md", update),
        ] {
            std::fs::create_dir_all(v1.join(folder)).expect("folder");
            std::fs::write(v1.join(folder).join(name), text).expect("page");
        }
        let (files, _) = graphdoc::docset::collect_pages(&[v1]);
        let read = graphdoc::generate::read_doc_set(&graphdoc::ReaderOptions::default(), &files);
        let full = graphdoc::codegen::plan(&read.model, &read.ops).full_json();
        let op = &full["operations"]["v1.0"][0];
        let properties = op["request_body"]["properties"]
            .as_array()
            .expect("parameters");
        properties
            .iter()
            .map(|p| (p["name"].clone(), p["ty"].clone(), p["collection"].clone()))
            .collect::<Vec<_>>()
    };
    let ru = body(
        resource("Строка", "Логический"),
        update("Строка", "Логический", "Описание", "isOn"),
    );
    let zh = body(
        resource("字符串", "布尔值"),
        update("字符串", "布尔值", "说明", "IsOn"),
    );
    let string = serde_json::json!({"primitive": "String"});
    let boolean = serde_json::json!({"primitive": "Boolean"});
    let no = serde_json::json!(false);
    assert_eq!(
        ru,
        vec![
            ("displayName".into(), string.clone(), no.clone()),
            ("description".into(), string, no.clone()),
            ("isOn".into(), boolean, no),
        ]
    );
    assert_eq!(ru, zh);
}

/// Forms the section writes relative to the item its examples address (`/workbook/…` below
/// `/me/drive/items/{id}`) are sent below that item; forms that start at the service root keep
/// their start (a leading part of words only, or a page writing forms from two starts).
#[test]
fn relative_section_forms_are_sent_below_the_item_the_examples_address() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let response =
        "<!-- { \"blockType\": \"response\" } -->\n```http\nHTTP/1.1 204 No Content\n```";
    let page = |title: &str, forms: &str, url: &str| {
        call_page(title, "POST", url, "{}", response).replacen(
            &format!("POST {url}\n```\n\n## Request body"),
            &format!("{forms}\n```\n\n## Request body"),
            1,
        )
    };
    write_page(
        root,
        "table-clearfilters",
        &page(
            "clearFilters",
            "POST /workbook/tables/{id|name}/clearFilters\nPOST /workbook/worksheets/{id|name}/tables/{id|name}/clearFilters",
            "/me/drive/items/01CYZLFJGUJ7JHBSZDFZFL25KSZGQTVAUN/workbook/tables/4/clearFilters",
        ),
    );
    write_page(
        root,
        "agreement-post-files",
        &page(
            "files",
            "POST /agreements/{agreementsId}/files",
            "/identityGovernance/termsOfUse/agreements/94410bbf-3d3e-4683-8149-f034e55c39dd/files",
        ),
    );
    write_page(
        root,
        "chat-post-members",
        &page(
            "members",
            "POST /chats/{chat-id}/members\nPOST /users/{user-id}/chats/{chat-id}/members",
            "/me/chats/19:8b081ef6-4792-4def@unq.gbl.spaces/members",
        ),
    );
    let generated = graphdoc::Config::new()
        .docs(root)
        .render()
        .expect("renders");
    let ops = &generated.ops.versions["v1.0"].operations;
    let written = |id: &str| -> Vec<String> {
        let op = ops.iter().find(|o| o.id == id).unwrap();
        op.paths.iter().map(|p| p.written.clone()).collect()
    };
    assert_eq!(
        written("table_clearfilters"),
        [
            "/me/drive/items/{id}/workbook/tables/{id|name}/clearFilters",
            "/me/drive/items/{id}/workbook/worksheets/{id|name}/tables/{id|name}/clearFilters"
        ]
    );
    let clear = ops.iter().find(|o| o.id == "table_clearfilters").unwrap();
    assert_eq!(clear.examples[0].path, Some(0));
    assert_eq!(
        clear.examples[0].values[0],
        "01CYZLFJGUJ7JHBSZDFZFL25KSZGQTVAUN"
    );
    assert_eq!(
        written("agreement_post_files")[0],
        "/agreements/{agreementsId}/files"
    );
    assert_eq!(written("chat_post_members")[0], "/chats/{chat-id}/members");
    assert!(
        generated
            .diagnostics
            .iter()
            .any(|d| d.message.contains("relative to `/me/drive/items/{id}`")),
        "the rebase is reported"
    );
}

/// A resource page defining the complex type `name` with string properties `keys`.
fn resource_page(name: &str, keys: &[&str]) -> String {
    let rows: String = keys
        .iter()
        .map(|k| format!("| {k} | String | The {k}. |\n"))
        .collect();
    let json: Vec<String> = keys
        .iter()
        .map(|k| format!("  \"{k}\": \"String\""))
        .collect();
    format!(
        "---\ntitle: \"{name} resource type\"\n---\n\n# {name} resource type\n\nNamespace: microsoft.graph\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.{name}\" }} -->\n```json\n{{\n{}\n}}\n```\n",
        json.join(",\n")
    )
}

/// A response that neither an annotation nor a link types takes the one type whose properties
/// are exactly the keys the page shows, in an example or in the "Response" section itself; keys
/// that two types share, or a single key, leave it untyped JSON.
#[test]
fn a_response_shown_with_exactly_one_types_keys_is_that_type() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    for (name, keys) in [
        ("previewInfo", &["getUrl", "postUrl"][..]),
        ("embedInfo", &["getUrl", "postUrl", "width"][..]),
        ("sizeA", &["height", "depth"][..]),
        ("sizeB", &["depth", "height"][..]),
    ] {
        let page = root.join(format!("api-reference/v1.0/resources/{name}.md"));
        std::fs::create_dir_all(page.parent().unwrap()).unwrap();
        std::fs::write(page, resource_page(name, keys)).unwrap();
    }
    // Shown in the "Response" section, with no example at all.
    write_page(
        root,
        "item-preview",
        "---\ntitle: \"preview\"\n---\n\n# preview\n\n## HTTP request\n\n<!-- { \"blockType\": \"ignored\" } -->\n```http\nPOST /items/{id}/preview\n```\n\n## Response\n\n```json\n{\n  \"getUrl\": \"https://a\",\n  \"postUrl\": \"https://b\"\n}\n```\n",
    );
    let example = |body: &str| {
        format!(
            "<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 200 OK\nContent-type: application/json\n\n{body}\n```"
        )
    };
    write_page(
        root,
        "item-embed",
        &call_page(
            "embed",
            "POST",
            "/items/{id}/embed",
            "",
            &example("{\"getUrl\": \"a\", \"postUrl\": \"b\", \"width\": \"1\"}"),
        ),
    );
    write_page(
        root,
        "item-size",
        &call_page(
            "size",
            "POST",
            "/items/{id}/size",
            "",
            &example("{\"height\": \"1\", \"depth\": \"2\"}"),
        ),
    );
    write_page(
        root,
        "item-url",
        &call_page(
            "url",
            "POST",
            "/items/{id}/url",
            "",
            &example("{\"getUrl\": \"a\"}"),
        ),
    );
    let generated = graphdoc::Config::new()
        .docs(root)
        .render()
        .expect("renders");
    let output = |id: &str| output_of(&generated, id);
    let typed = |name: &str| serde_json::json!({"kind": "type", "name": format!("microsoft.graph.{name}"), "collection": false});
    let json = serde_json::json!({"kind": "json", "collection": false});
    assert_eq!(output("item_preview"), typed("previewInfo"));
    assert_eq!(output("item_embed"), typed("embedInfo"));
    assert_eq!(output("item_size"), json);
    assert_eq!(output("item_url"), json);
}
