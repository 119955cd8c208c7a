//! The stubs against the official schema of the same date: graphdoc's full model of each doc set
//! is checked by `../shared/tools/stubcheck.py` (URL forms walked from the entity container,
//! action parameters and outputs against the bound operations, GET outputs against what the
//! path returns), and its SUMMARY line must hold the floors below.
//!
//! `#[ignore]`d in the everyday run; `.ci/run` runs them (`cargo test --release -- --ignored`).

mod common;
use common::corpus;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The figures of stubcheck's SUMMARY line, in percent.
#[derive(Debug, Default)]
struct Summary {
    paths: f64,
    names_precision: f64,
    names_recall: f64,
    outputs: f64,
    get: f64,
}

/// Floors per doc set: at least what graphdoc reaches now (regression guards), and the
/// issue's floors where they are met.
struct Floors {
    set: &'static str,
    schema: &'static str,
    paths: f64,
    names_precision: f64,
    names_recall: f64,
    outputs: f64,
    get: f64,
}

const FLOORS: [Floors; 4] = [
    // Measured 95.5 / 93.6 / 92.7 / 70.9 / 90.2 (with issue 9's model); the 96% URL forms and 97/96% names
    // are not reached (the remaining forms and names are the docs' own: see the report).
    Floors {
        set: "en-2021",
        schema: "v1.0-csdl-2021-07-13.xml",
        paths: 95.5,
        names_precision: 93.5,
        names_recall: 92.5,
        outputs: 70.5,
        get: 90.0,
    },
    // Measured 96.7 / 96.0 / 94.5 / 73.6 / 89.4.
    Floors {
        set: "ru-2023",
        schema: "v1.0-csdl-2023-02-03.xml",
        paths: 96.0,
        names_precision: 95.5,
        names_recall: 94.0,
        outputs: 73.5,
        get: 89.0,
    },
    // Measured 96.7 / 95.4 / 94.8 / 73.6 / 89.5 (with issue 9's model).
    Floors {
        set: "zh-2023",
        schema: "v1.0-csdl-2023-02-03.xml",
        paths: 96.0,
        names_precision: 95.0,
        names_recall: 94.5,
        outputs: 73.5,
        get: 89.0,
    },
    // Measured 85.4 / 95.0 / 90.4 / 65.5 / 89.1 (the floors here: 86% forms, 85% GET).
    Floors {
        set: "en-2020",
        schema: "v1.0-csdl-2020-05-19.xml",
        paths: 85.0,
        names_precision: 94.5,
        names_recall: 90.0,
        outputs: 65.0,
        get: 88.5,
    },
];

/// The number before `%` that follows `after` in `line`.
fn percent_after(line: &str, after: &str) -> Option<f64> {
    let rest = &line[line.find(after)? + after.len()..];
    let end = rest.find('%')?;
    let number = rest[..end].rsplit(['(', ' ']).next()?;
    number.trim().parse().ok()
}

/// `a/b agree` after `after`, as a percentage.
fn ratio_after(line: &str, after: &str) -> Option<f64> {
    let rest = &line[line.find(after)? + after.len()..];
    let (a, rest) = rest.trim_start().split_once('/')?;
    let b = rest.split(|c: char| !c.is_ascii_digit()).next()?;
    let (a, b): (f64, f64) = (a.trim().parse().ok()?, b.parse().ok()?);
    Some(if b == 0.0 { 100.0 } else { 100.0 * a / b })
}

fn parse_summary(line: &str) -> Option<Summary> {
    let ci = &line[line.find("case-insensitive")?..];
    Some(Summary {
        paths: percent_after(line, "resolved (")?,
        names_precision: percent_after(ci, "P ")?,
        names_recall: percent_after(ci, "R ")?,
        outputs: ratio_after(line, "responses vs ReturnType")?,
        get: percent_after(line, "GET types")?,
    })
}

/// graphdoc's full model of a doc set, as `graphdoc model DOCS --format full` prints it.
fn full_model(docs: &Path) -> serde_json::Value {
    let (files, _) = graphdoc::docset::collect_pages(&[docs.to_path_buf()]);
    let read = graphdoc::generate::read_doc_set(&graphdoc::ReaderOptions::default(), &files);
    graphdoc::codegen::plan(&read.model, &read.ops).full_json()
}

fn stubcheck(model: &Path, schema: &Path) -> String {
    let tool = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/tools/stubcheck.py");
    let out = Command::new("python3")
        .arg(&tool)
        .arg(model)
        .arg(schema)
        .output()
        .expect("runs python3 ../shared/tools/stubcheck.py");
    assert!(
        out.status.success(),
        "stubcheck failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .rfind(|l| l.starts_with("SUMMARY"))
        .expect("stubcheck prints a SUMMARY line")
        .to_string()
}

#[test]
fn summary_lines_parse() {
    let line = "SUMMARY paths 3598/3789 resolved (95.0%, strict 80.9%); actions 239: param names P 79.8% R 82.0% (case-insensitive P 90.4% R 92.4%), types 241/260 agree; responses vs ReturnType 262/384 agree; GET types 812/1383 agree (58.7%); method violations 25/3598";
    let s = parse_summary(line).unwrap();
    assert_eq!(s.paths, 95.0);
    assert_eq!(s.names_precision, 90.4);
    assert_eq!(s.names_recall, 92.4);
    assert!((s.outputs - 68.23).abs() < 0.01);
    assert_eq!(s.get, 58.7);
}

#[test]
#[ignore = "reads ../shared/corpus and runs ../shared/tools/stubcheck.py; run by .ci/run"]
fn stubs_agree_with_the_schema() {
    let Some(corpus) = corpus() else { return };
    let shared = corpus.parent().unwrap().to_path_buf();
    let tool = shared.join("tools/stubcheck.py");
    if !tool.is_file() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/tools/stubcheck.py is missing"
        );
        eprintln!("notice: ../shared/tools/stubcheck.py is missing; stub test skipped");
        return;
    }
    let work: PathBuf = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/corpus-stubs");
    std::fs::create_dir_all(&work).unwrap();
    let mut failures = Vec::new();
    for f in &FLOORS {
        let docs = corpus.join(f.set).join("api-reference/v1.0");
        let schema = shared.join("ground-truth").join(f.schema);
        if !docs.is_dir() || !schema.is_file() {
            assert!(
                std::env::var_os("CI").is_none(),
                "{} or {} is missing",
                docs.display(),
                schema.display()
            );
            eprintln!("notice: {} v1.0 or its schema is missing; skipped", f.set);
            continue;
        }
        let model = work.join(format!("{}-v1.0.json", f.set));
        std::fs::write(&model, serde_json::to_vec(&full_model(&docs)).unwrap()).unwrap();
        let line = stubcheck(&model, &schema);
        eprintln!("{} v1.0: {line}", f.set);
        let s = parse_summary(&line).expect("a SUMMARY line of the known shape");
        let checks = [
            ("URL forms resolved", s.paths, f.paths),
            (
                "action parameter names precision",
                s.names_precision,
                f.names_precision,
            ),
            (
                "action parameter names recall",
                s.names_recall,
                f.names_recall,
            ),
            ("action outputs vs ReturnType", s.outputs, f.outputs),
            ("GET outputs agree", s.get, f.get),
        ];
        for (what, got, floor) in checks {
            if got < floor {
                failures.push(format!("{} v1.0: {what} {got:.1}% < {floor}%", f.set));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
