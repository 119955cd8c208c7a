//! Each stage stays linear: an input of size N and one of size 10N (a big table, many URL
//! templates, many diagnostics, deep nesting, long URLs, big and broken JSON) must not take more
//! than 20 times as long. Times are the best of three runs, so a busy machine does not fail them.
//!
//! `cargo test --release -p graphdoc --test scaling -- --ignored --nocapture` prints them.

use graphdoc::diag::LineIndex;
use graphdoc::{Reader, ReaderOptions};
use std::path::Path;
use std::time::{Duration, Instant};

fn best_of_three(input: &str, run: &dyn Fn(&str)) -> Duration {
    (0..3)
        .map(|_| {
            let start = Instant::now();
            run(input);
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Fails when 10 times the input takes more than 20 times as long, per byte (with 5 ms of
/// slack for timer noise on tiny inputs); quadratic work takes 100 times as long. A machine
/// busy with other work can make one measurement look bad, so up to three are taken.
fn linear(what: &str, n: usize, make: impl Fn(usize) -> String, run: impl Fn(&str)) {
    let small = make(n);
    let large = make(10 * n);
    let growth = large.len() as f64 / small.len() as f64;
    let mut measured = Vec::new();
    for _ in 0..3 {
        let t_small = best_of_three(&small, &run);
        let t_large = best_of_three(&large, &run);
        eprintln!(
            "{what}: {} bytes {t_small:?}, {} bytes {t_large:?}",
            small.len(),
            large.len()
        );
        if t_large <= t_small.mul_f64(2.0 * growth) + Duration::from_millis(5) {
            return;
        }
        measured.push((t_small, t_large));
    }
    panic!(
        "{what} is not linear: {} bytes and {} bytes took {measured:?}",
        small.len(),
        large.len()
    );
}

fn read_page(text: &str) {
    let page = Reader::new(ReaderOptions::default())
        .read_str(Path::new("docs/api-reference/v1.0/api/page.md"), text);
    let lines = LineIndex::new(text);
    for d in &page.diagnostics {
        std::hint::black_box(d.render_in(Some((text, &lines))));
    }
}

const HEAD: &str = "---\ntitle: \"user resource type\"\ndoc_type: resourcePageType\n---\n\n# user resource type\n\n";

/// All cases one after the other, so they do not compete for the cores. Timing an unoptimized
/// build says little (allocation and bounds checks dominate), so it runs with `--release`
/// (CI's `cargo test --release --workspace -- --ignored`).
#[test]
#[ignore = "timing needs an optimized build: run with --release -- --ignored"]
fn every_stage_is_linear() {
    page_with_a_big_properties_table();
    page_with_many_url_templates();
    page_with_many_diagnostics();
    page_with_deep_nesting();
    page_with_many_examples();
    json_big_deep_and_broken();
    long_urls();
}

fn page_with_a_big_properties_table() {
    linear(
        "properties table",
        // Big enough that the small case takes milliseconds, not timer noise.
        20_000,
        |n| {
            let rows: String = (0..n)
                .map(|i| format!("| property{i} | String | The property number {i}. |\n"))
                .collect();
            format!(
                "{HEAD}## Properties\n\n| Property | Type | Description |\n|:--|:--|:--|\n{rows}"
            )
        },
        read_page,
    );
}

fn page_with_many_url_templates() {
    linear(
        "URL templates",
        1_000,
        |n| {
            let lines: String = (0..n)
                .map(|i| format!("GET /users/{{id}}/items{i}/{{item-id}}/children?$top={i}\n"))
                .collect();
            format!(
                "{HEAD}## HTTP request\n\n<!-- {{ \"blockType\": \"ignored\" }} -->\n```http\n{lines}```\n"
            )
        },
        read_page,
    );
}

fn page_with_many_diagnostics() {
    linear(
        "diagnostics",
        500,
        |n| {
            let broken =
                "<!-- { \"blockType\": \"request\" \"name\": } -->\n```http\nGET /me\n```\n\n";
            format!("{HEAD}{}", broken.repeat(n))
        },
        read_page,
    );
}

fn page_with_deep_nesting() {
    linear(
        "nested quotes and lists",
        5_000,
        |n| {
            let quotes = format!("{} deep\n\n", ">".repeat(n));
            let lists = format!("{}item\n", "- ".repeat(n));
            format!("{HEAD}{quotes}{lists}")
        },
        read_page,
    );
}

fn page_with_many_examples() {
    linear(
        "request and response examples",
        150,
        |n| {
            let pair = |i: usize| {
                format!(
                    "<!-- {{ \"blockType\": \"request\", \"name\": \"r{i}\" }} -->\n```http\nPOST https://graph.microsoft.com/v1.0/users/{i}/items?$select=a,b\nContent-Type: application/json\n\n{{ \"a\": {i}, \"b\": [1, 2, 3], }}\n```\n\n<!-- {{ \"blockType\": \"response\", \"@odata.type\": \"microsoft.graph.item\" }} -->\n```http\nHTTP/1.1 201 Created\nContent-Type: application/json\n\n{{ \"id\": \"{i}\" }}\n```\n\n"
                )
            };
            format!(
                "{HEAD}## Example\n\n{}",
                (0..n).map(pair).collect::<String>()
            )
        },
        read_page,
    );
}

fn json_big_deep_and_broken() {
    linear(
        "big JSON array",
        2_000,
        |n| {
            let items: Vec<String> = (0..n)
                .map(|i| format!("{{\"id\": \"{i}\", \"values\": [1, 2, {{\"x\": null}}]}}"))
                .collect();
            format!("[{}]", items.join(","))
        },
        |text| {
            graphdoc::json::parse(text).expect("strict JSON");
        },
    );
    linear(
        "broken JSON (repairs)",
        2_000,
        |n| {
            let items: String = (0..n)
                .map(|i| format!("{{id: '{i}', // note\n \"v\": [1, 2,], }},\n"))
                .collect();
            format!("[{items} ... ]")
        },
        |text| {
            let _ = graphdoc::json::parse(text);
        },
    );
    linear(
        "deep JSON",
        10_000,
        |n| format!("{}{}", "[".repeat(n), "]".repeat(n)),
        |text| {
            assert!(graphdoc::json::parse(text).is_err());
        },
    );
}

fn long_urls() {
    linear(
        "URL with many segments",
        2_000,
        |n| {
            let segments: String = (0..n).map(|i| format!("/items{i}('{{id{i}}}')")).collect();
            format!("https://graph.microsoft.com/v1.0{segments}?$top=1&$filter=a eq 'b'")
        },
        |text| {
            std::hint::black_box(graphdoc::page::http::parse_url(text));
        },
    );
}
