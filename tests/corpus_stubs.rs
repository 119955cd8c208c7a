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
/// issue's floors where they are met (97% name precision, 90% GET outputs, 85% on en-2020).
struct Floors {
    set: &'static str,
    schema: &'static str,
    paths: f64,
    names_precision: f64,
    names_recall: f64,
    outputs: f64,
    get: f64,
    /// GET stubs whose output is `()`: only where the page documents no body (ru-2023 and
    /// zh-2023: `subjectrightsrequest-getfinalattachment` answers a bare `200` redirect).
    get_unit: usize,
}

const FLOORS: [Floors; 4] = [
    // Measured 96.0 / 99.7 / 93.5 / 78.6 / 91.6, no `()` GET: URL forms reach 96% (3,039 of
    // 3,165); those left are the docs' own (44 Excel functions the pages call with a POST or GET
    // body, Intune and identityProtection paths the 2021 schema lacks). Not reached, the docs'
    // own: name recall 96% (createReply,
    // createReplyAll, createForward say they take no body; the OneNote copy pages' tables lack
    // siteId, siteCollectionId), outputs 80% (68 reports redirect to CSV, typed bytes as their
    // pages show; the 2021 schema says microsoft.graph.report; copy answers 202, education
    // publish/submit 204).
    Floors {
        set: "en-2021",
        schema: "v1.0-csdl-2021-07-13.xml",
        // 95.0 after one operation per method and URL (issue 11): the forms a second page also
        // claimed are gone from the count (3,167 forms instead of 3,784), resolved ones among them.
        // 95.7 once a function the section writes with arguments after one parent takes none
        // after another (range_update's `names/{name}/range`). 95.9 once a parenthesis left open
        // is closed, `range(<address>)` names its argument as the doc set does, and an example
        // keying what the section binds to a collection (`tables/{id}/add`) is no form. 96.0
        // (3,039 of 3,166, printed rounded) once an example's arguments stay with the call that
        // takes them (`range(address='A1')/visibleView/range` gives the last `range` none), and
        // 3,039 of 3,165 (96.02%) once a section form leaving out an inner key its example
        // writes (`overridesPages/$value` beside `overridesPages/{id}/$value`) gives way.
        paths: 96.0,
        names_precision: 99.5,
        names_recall: 93.5,
        // 302 of 383 (78.85%) once a response shown with exactly one type's keys is that type
        // (driveItem preview: itemPreviewInfo).
        outputs: 78.8,
        get: 90.0,
        get_unit: 0,
    },
    // Measured 96.8 / 99.8 / 95.2 / 92.2 / 90.9. Names recall 95.2: a translated Request body
    // row takes the one example key whose values fit its type cell (search-query's `запросы`
    // takes the key its unannotated example sends). Not reached, the docs' own: as en-2021
    // (createReply/createReplyAll/createForward take no body, the OneNote copy pages lack
    // siteId, siteCollectionId), and call-answer, createLink, invite, createOrGet list no
    // callOptions, message, retainInheritedPermissions, chatInfo.
    // Measured 97.0 / 93.7 paths and outputs since an example's `{"value": true}` outweighs an
    // annotation's `string` (serviceAnnouncement's archive, markRead…, contentType isPublished).
    Floors {
        set: "ru-2023",
        schema: "v1.0-csdl-2023-02-03.xml",
        paths: 97.1,
        names_precision: 99.5,
        names_recall: 95.2,
        // 435 of 463 (93.95%) and GET 1,189 of 1,294 (91.9%) once a response shown with exactly
        // one type's keys is that type (preview, profilePhoto, calendarPermission).
        outputs: 93.9,
        get: 91.8,
        get_unit: 1,
    },
    // Measured 96.8 / 99.8 / 95.2 / 92.2 / 90.7; outputs 435 of 463 and GET 1,187 of 1,294
    // (91.73%) with the rule above.
    Floors {
        set: "zh-2023",
        schema: "v1.0-csdl-2023-02-03.xml",
        paths: 97.1,
        names_precision: 99.5,
        names_recall: 95.2,
        outputs: 93.9,
        get: 91.7,
        get_unit: 1,
    },
    // Measured 93.3 / 99.0 / 91.5 / 75.4 / 91.3 (the floors here: 86% forms, 85% GET).
    // Outputs 75.4 once an empty example response under an unknown `microsoft.graph.None` is no
    // body (keepAlive, the shift requests' approve/decline, calculate).
    Floors {
        set: "en-2020",
        schema: "v1.0-csdl-2020-05-19.xml",
        // 93.3 since the Excel pages' `/workbook/…` forms, which their examples call below
        // `/me/drive/items/{id}`, are sent below it (2,187 of 2,343; 83.6% before).
        // 93.5 once an example's arguments stay with the call that takes them.
        paths: 93.5,
        names_precision: 98.8,
        names_recall: 91.5,
        // 237 of 313 (75.72%) once a response shown with exactly one type's keys is that type.
        outputs: 75.7,
        get: 91.3,
        get_unit: 0,
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

/// `stub Output = (): N/M operations` of stubcheck's GET section: N.
fn get_unit_count(output: &str) -> Option<usize> {
    let line = output.lines().find(|l| l.contains("stub Output = ():"))?;
    let rest = &line[line.find("stub Output = ():")? + "stub Output = ():".len()..];
    rest.trim_start().split('/').next()?.trim().parse().ok()
}

/// stubcheck's whole report and its SUMMARY line.
fn stubcheck(model: &Path, schema: &Path) -> (String, String) {
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
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let summary = text
        .lines()
        .rfind(|l| l.starts_with("SUMMARY"))
        .expect("stubcheck prints a SUMMARY line")
        .to_string();
    (text, summary)
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
        let (report, line) = stubcheck(&model, &schema);
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
        let units = get_unit_count(&report).expect("stubcheck counts the GET stubs returning ()");
        eprintln!("{} v1.0: GET stubs returning (): {units}", f.set);
        if units > f.get_unit {
            failures.push(format!(
                "{} v1.0: {units} GET stubs return () (at most {})",
                f.set, f.get_unit
            ));
        }
        for (what, got, floor) in checks {
            if got < floor {
                failures.push(format!("{} v1.0: {what} {got:.1}% < {floor}%", f.set));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn get_unit_lines_parse() {
    let report = "   (all GET operations) success response without a body, i.e. stub Output = (): 1/1151 operations (0 of them intune_*)";
    assert_eq!(get_unit_count(report), Some(1));
    assert_eq!(get_unit_count("no such line"), None);
}
