//! Every stage after the reader stays linear in what one page holds: a doc set of size N and
//! one of size 10N go through the whole pipeline (`Config::render`: model, operations, plan,
//! Rust, example tests), and the larger may take at most about 20 times as long. Each shape
//! was quadratic once: one URL template of many segments (naming its form), many templates in
//! one block (each compared with all earlier ones), many placeholders in one template (their
//! names), an example with many query parameters (its test's call), a table of many properties
//! (each looked up among the earlier ones), and a long chain of base
//! types (flattened inheritance, which also made the output quadratic).
//!
//! Timings of an unoptimized build say little, so these are ignored in the everyday run; CI's
//! release `--ignored` pass runs them, one at a time. A URL form over its budget (256 segments,
//! 64 parameters) is now refused with GD0901, so the largest of these shapes also checks that
//! the refusal costs linear time.

use std::path::Path;
use std::time::{Duration, Instant};

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// An API page whose "HTTP request" block holds `templates` and whose example is `example`.
fn api_page(templates: &str, example: &str) -> String {
    format!(
        "---\ntitle: \"Get x\"\n---\n\n# Get x\n\n## HTTP request\n\n```http\n{templates}\n```\n\n## Example\n\n<!-- {{ \"blockType\": \"request\", \"name\": \"get_x\" }} -->\n```http\n{example}\n```\n\n<!-- {{ \"blockType\": \"response\" }} -->\n```http\nHTTP/1.1 204 No Content\n```\n"
    )
}

/// Renders the doc set `make(n)` writes, with example tests; the time it took and the bytes
/// written.
fn render(make: &dyn Fn(&Path, usize), n: usize) -> (Duration, usize) {
    let dir = tempfile::tempdir().unwrap();
    make(dir.path(), n);
    let config = graphdoc::Config::new()
        .docs(dir.path().join("docs"))
        .standalone_crate("scaled")
        .example_tests(true);
    // The fastest of a few runs: the machine may be busy (with two, a CI run under a load
    // of 8 once took 28 times as long for 10N; a quadratic stage takes 100 times).
    let mut best = Duration::MAX;
    let mut bytes = 0;
    for _ in 0..3 {
        let start = Instant::now();
        let generated = config.render().expect("renders");
        best = best.min(start.elapsed());
        bytes = generated.files.values().map(String::len).sum();
    }
    (best, bytes)
}

/// One timing at a time: tests of one binary run in parallel.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn assert_linear(what: &str, n: usize, make: &dyn Fn(&Path, usize)) -> (usize, usize) {
    let _one_at_a_time = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (small, small_bytes) = render(make, n);
    let (large, large_bytes) = render(make, n * 10);
    eprintln!("{what}: N={n} {small:?}, 10N {large:?}");
    // 20× for 10× the input, with room for timer noise on tiny runs.
    assert!(
        large <= small * 20 + Duration::from_millis(50),
        "{what}: {small:?} for N = {n}, {large:?} for 10N"
    );
    (small_bytes, large_bytes)
}

#[test]
#[ignore = "a timing: .ci/run runs it in release"]
fn one_template_of_many_segments() {
    assert_linear("segments", 2_000, &|dir, n| {
        let path: String = (0..n).map(|i| format!("/w{i}")).collect();
        let page = api_page(
            &format!("GET {path}\nGET /me{path}"),
            &format!("GET /v1.0/me{path}"),
        );
        write(dir, "docs/api-reference/v1.0/api/x-get.md", &page);
    });
}

#[test]
#[ignore = "a timing: .ci/run runs it in release"]
fn many_templates_in_one_block() {
    assert_linear("templates", 2_000, &|dir, n| {
        let templates: Vec<String> = (0..n).map(|i| format!("GET /x{i}/items/{{id}}")).collect();
        let page = api_page(&templates.join("\n"), "GET /v1.0/x0/items/1");
        write(dir, "docs/api-reference/v1.0/api/x-get.md", &page);
    });
}

#[test]
#[ignore = "a timing: .ci/run runs it in release"]
fn many_placeholders_in_one_template() {
    assert_linear("placeholders", 1_000, &|dir, n| {
        let path: String = (0..n).map(|_| "/{p}").collect();
        let example: String = (0..n).map(|i| format!("/v{i}")).collect();
        let page = api_page(&format!("GET /x{path}"), &format!("GET /v1.0/x{example}"));
        write(dir, "docs/api-reference/v1.0/api/x-get.md", &page);
    });
}

#[test]
#[ignore = "a timing: .ci/run runs it in release"]
fn an_example_with_many_query_parameters() {
    assert_linear("query parameters", 1_000, &|dir, n| {
        let query: Vec<String> = (0..n).map(|i| format!("k{i}=v{i}")).collect();
        let page = api_page("GET /x", &format!("GET /v1.0/x?{}", query.join("&")));
        write(dir, "docs/api-reference/v1.0/api/x-get.md", &page);
    });
}

/// A Properties table of many rows (each looked up by name as it is added).
#[test]
#[ignore = "a timing: .ci/run runs it in release"]
fn a_table_of_many_properties() {
    assert_linear("properties", 3_000, &|dir, n| {
        let rows: String = (0..n)
            .map(|i| format!("| p{i} | String | A property. |\n"))
            .collect();
        let page = format!(
            "---\ntitle: \"t resource type\"\ndoc_type: resourcePageType\n---\n\n# t resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.t\" }} -->\n```json\n{{ \"p0\": \"String\" }}\n```\n"
        );
        write(dir, "docs/api-reference/v1.0/resources/t.md", &page);
    });
}

/// A chain of base types: the time stays linear and so does the output (the code flattens a
/// bounded number of levels; GD0904 says so).
#[test]
#[ignore = "a timing: .ci/run runs it in release"]
fn a_long_chain_of_base_types() {
    let make = |dir: &Path, n: usize| {
        for i in 0..n {
            let base = if i == 0 {
                String::new()
            } else {
                format!(", \"baseType\": \"microsoft.graph.t{}\"", i - 1)
            };
            let page = format!(
                "---\ntitle: \"t{i} resource type\"\ndoc_type: resourcePageType\n---\n\n# t{i} resource type\n\n## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n| p{i} | String | A property. |\n\n## JSON representation\n\n<!-- {{ \"blockType\": \"resource\", \"@odata.type\": \"microsoft.graph.t{i}\"{base} }} -->\n```json\n{{ \"p{i}\": \"String\" }}\n```\n"
            );
            write(
                dir,
                &format!("docs/api-reference/v1.0/resources/t{i}.md"),
                &page,
            );
        }
    };
    let (small, large) = assert_linear("base chain", 100, &make);
    assert!(
        large <= small * 20,
        "the output grew from {small} to {large} bytes for 10 times the types"
    );
    // The bound is said, once per type beyond it.
    let dir = tempfile::tempdir().unwrap();
    make(dir.path(), 40);
    let generated = graphdoc::Config::new()
        .docs(dir.path().join("docs"))
        .render()
        .expect("renders");
    let deep = generated
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "GD0904")
        .count();
    assert_eq!(deep, 40 - 17, "types deeper than 16 levels");
}
