//! The fuzz targets. Each takes arbitrary bytes and must not panic, hang or break its contract.
//! One copy, used by the cargo-fuzz targets (`fuzz/fuzz_targets/`, coverage-guided, nightly) and
//! by `tests/fuzz.rs`, which replays the seed corpus and every input the fuzzers kept on stable.

#![allow(dead_code)]

use graphdoc::diag::LineIndex;
use graphdoc::{Reader, ReaderOptions};
use std::path::Path;

/// The page reader: any bytes are a page. Diagnostics have a place and render without a
/// control character reaching the terminal; what the page yields feeds the URL parsers, and the
/// page goes on through the later stages (types, operations, the plan, which names every URL
/// form and parameter and checks the examples).
pub fn reader(data: &[u8]) {
    let path = Path::new("fuzz/api-reference/v1.0/api/page.md");
    let page = Reader::new(ReaderOptions::default()).read_bytes(path, data);
    let text = String::from_utf8_lossy(data);
    let lines = LineIndex::new(&text);
    for d in &page.diagnostics {
        assert!(d.line >= 1 && d.column >= 1, "{d:?}");
        let shown = d.render_in(Some((&text, &lines)));
        assert!(
            !shown.chars().any(|c| c != '\n' && c.is_control()),
            "{shown:?}"
        );
        let line = d.to_string();
        assert!(!line.chars().any(char::is_control), "{line:?}");
    }
    for request in &page.requests {
        url(&request.message.url);
    }
    for template in &page.templates {
        url(&template.path);
    }
    let pages = [page];
    let (model, _) = graphdoc::model::build(&pages);
    let ops = graphdoc::ops::build(&pages, &model);
    let _ = graphdoc::codegen::plan(&model, &ops);
}

/// The lenient JSON reader: never panics; strict JSON reads as serde_json reads it, with no
/// repair; repairs point into the input.
pub fn json(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let strict = serde_json::from_str::<serde_json::Value>(text);
    match (graphdoc::json::parse(text), strict) {
        (Ok(parsed), Ok(value)) => {
            assert!(parsed.is_strict(), "{text:?}");
            assert_eq!(parsed.value, value, "{text:?}");
        }
        (Ok(parsed), Err(_)) => {
            assert!(!parsed.is_strict(), "{text:?}");
            assert!(
                parsed.repairs.iter().all(|r| r.offset <= text.len()),
                "{text:?}"
            );
            let _ = parsed.summary();
        }
        (Err(e), Ok(_)) => panic!("strict JSON refused: {e} in {text:?}"),
        (Err(e), Err(_)) => {
            let _ = e.to_string();
        }
    }
}

/// The URL template parsers: a template or example URL (or a block of template lines).
pub fn url_template(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = graphdoc::page::http::parse_templates(text);
    for line in text.lines().take(64) {
        url(line);
    }
}

fn url(text: &str) {
    let parsed = graphdoc::page::http::parse_url(text);
    assert!(parsed.path.len() <= text.len(), "{text:?}");
    if let Ok(template) = graphdoc::ops::path::normalize(text) {
        let _ = graphdoc::ops::path::match_url(&template, text);
    }
}
