//! The generated code on the real docs: the crates generated from en-2021 v1.0 and beta compile
//! with warnings denied, and every valid JSON example with a known type deserializes into its
//! generated type and serializes back without losing a field.
//!
//! `#[ignore]`d in the everyday run; `.ci/run` runs them (`cargo test --release -- --ignored`).
//! The crates are built in target/corpus-crates with a shared target folder.

mod common;
use common::corpus;
use graphdoc::codegen::Plan;
use graphdoc::{Page, Reader, ReaderOptions};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn workdir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/corpus-crates")
}

/// An example to replay: the type it is documented as, where it comes from, and the JSON.
struct Example {
    ty: String,
    page: String,
    line: usize,
    value: Value,
}

/// Every request or response body that parsed and whose annotation names its type. Collections
/// give one example per item of `value`.
fn examples(pages: &[Page]) -> Vec<Example> {
    let mut out = Vec::new();
    for page in pages {
        let bodies = page
            .requests
            .iter()
            .map(|r| (r.annotation, r.body.as_ref(), r.fence, false))
            .chain(
                page.responses
                    .iter()
                    .map(|r| (r.annotation, r.body.as_ref(), r.fence, r.is_collection)),
            );
        for (annotation, body, fence, collection) in bodies {
            let Some(a) = annotation.map(|a| &page.annotations[a]) else {
                continue;
            };
            let Some(ty) = a.odata_type.clone() else {
                continue;
            };
            let Some(value) = body.and_then(|b| b.value.as_deref().cloned()) else {
                continue;
            };
            let line = page.fences[fence].content_line;
            let page_name = page.path.display().to_string();
            match value.get("value").and_then(Value::as_array) {
                Some(items) if collection => {
                    for item in items.iter().filter(|i| i.is_object()) {
                        out.push(Example {
                            ty: ty.clone(),
                            page: page_name.clone(),
                            line,
                            value: item.clone(),
                        });
                    }
                }
                _ if value.is_object() && !collection => out.push(Example {
                    ty,
                    page: page_name,
                    line,
                    value,
                }),
                _ => {}
            }
        }
    }
    out
}

fn read(dir: &Path) -> Vec<Page> {
    let (files, _) = graphdoc::docset::collect_pages(&[dir.to_path_buf()]);
    Reader::read_files(&ReaderOptions::default(), &files)
}

/// The floors of issue 4 for the example tests: the share (percent) of annotated request
/// examples replayed and of documented JSON responses parsed.
struct ExampleFloors {
    requests: f64,
    responses: f64,
}

/// Generates the crate, adds the replay test, and runs `cargo test` in it with warnings denied
/// (and the `reqwest` feature). `floor`: the share of examples (percent) that must round-trip.
/// With `examples`, the crate also gets graphdoc's example tests, which must pass and cover the
/// floors.
fn build_and_replay(set: &str, version: &str, floor: f64, examples_floor: Option<ExampleFloors>) {
    build_and_replay_then(set, version, floor, examples_floor, |_| {});
}

/// [`build_and_replay`], then `then` runs on the crate's folder (the crate is built once, for
/// every check that reads it).
fn build_and_replay_then(
    set: &str,
    version: &str,
    floor: f64,
    examples_floor: Option<ExampleFloors>,
    then: impl FnOnce(&Path),
) {
    let Some(corpus) = corpus() else { return };
    let docs = corpus.join(set).join("api-reference").join(version);
    let pages = read(&docs);
    let name = format!("graph-{set}-{}", version.replace('.', "-"));
    let dir = workdir().join(&name);
    let generated = graphdoc::Config::new()
        .docs(&docs)
        .out_dir(&dir)
        .standalone_crate(&name)
        .example_tests(examples_floor.is_some())
        .generate()
        .expect("generates");
    assert!(generated.files.keys().any(|p| p.ends_with("Cargo.toml")));
    // Operations come from (nearly) every page with an "HTTP request" section.
    let counts = &generated.ops.versions[version];
    let (with_section, with_ops) = (
        counts.pages_with_request_section,
        counts.pages_with_operations,
    );
    let share = with_ops as f64 * 100.0 / with_section.max(1) as f64;
    eprintln!(
        "{set} {version}: operations from {with_ops} of {with_section} pages with an HTTP request section ({share:.2}%)"
    );
    assert!(
        share >= 99.0,
        "operations from only {share:.2}% of the pages"
    );
    let annotated_requests = pages
        .iter()
        .flat_map(|p| p.requests.iter().map(move |r| (p, r)))
        .filter(|(p, r)| {
            r.annotation
                .is_some_and(|a| p.annotations[a].block_type == graphdoc::page::BlockType::Request)
        })
        .count();
    let mut expected_tests = 0;
    if let (Some(floors), Some(report)) = (&examples_floor, &generated.examples) {
        // Every annotated request is counted. Issue 11's one operation per method and URL
        // gives the examples of a call another page serves to that page's operation; only an
        // example whose URL does not fit the serving form is lost with an operation dropped
        // whole (all 1,474 of en-2021 v1.0 counted when this was written).
        assert!(
            report.requests <= annotated_requests
                && report.requests as f64 >= annotated_requests as f64 * 0.99,
            "{} of {annotated_requests} annotated requests counted",
            report.requests
        );
        let replayed = report.requests_replayed as f64 * 100.0 / report.requests.max(1) as f64;
        let parsed =
            report.json_responses_parsed as f64 * 100.0 / report.json_responses.max(1) as f64;
        eprintln!(
            "{set} {version}: example tests replay {} of {} annotated request examples ({replayed:.2}%) and parse {} of {} JSON responses ({parsed:.2}%)",
            report.requests_replayed,
            report.requests,
            report.json_responses_parsed,
            report.json_responses
        );
        for l in report.left_out.iter().take(60) {
            eprintln!("  left out: {l}");
        }
        assert!(
            replayed >= floors.requests,
            "only {replayed:.2}% of request examples replayed"
        );
        assert!(
            parsed >= floors.responses,
            "only {parsed:.2}% of JSON responses parsed"
        );
        expected_tests = report.requests_replayed + report.json_responses_parsed;
    }

    let examples = examples(&pages);
    let plan = graphdoc::codegen::plan(&generated.model, &generated.ops);
    if version == "v1.0" {
        std::fs::write(
            dir.join("tests/updates.rs"),
            UPDATES.replace("CRATE", &name.replace('-', "_")),
        )
        .unwrap();
    }
    let real = real_responses(version);
    let (harness, data, known) = replay_harness(&plan, version, &name, &examples, &real, floor);
    std::fs::create_dir_all(dir.join("tests")).unwrap();
    std::fs::write(dir.join("tests/replay.rs"), harness).unwrap();
    std::fs::write(dir.join("tests/examples.json"), data).unwrap();
    let real: Vec<Value> = real
        .into_iter()
        .map(|r| serde_json::json!([r.ty.to_ascii_lowercase(), r.collection, r.file, r.value]))
        .collect();
    std::fs::write(
        dir.join("tests/real-responses.json"),
        serde_json::to_string(&real).unwrap(),
    )
    .unwrap();
    // The workspace's lock file: the same dependency versions, all already downloaded.
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    std::fs::copy(&lock, dir.join("Cargo.lock")).expect("copies Cargo.lock");
    let mut args = vec![
        "test",
        "--offline",
        "--features",
        "full,reqwest",
        "--test",
        "replay",
    ];
    if examples_floor.is_some() {
        args.extend(["--test", "examples"]);
    }
    if version == "v1.0" {
        args.extend(["--test", "updates"]);
    }
    args.extend(["--", "--nocapture"]);
    let output = Command::new(env!("CARGO"))
        .args(&args)
        .current_dir(&dir)
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", workdir().join("target"))
        // Crates of 300,000 lines: no debug info and no incremental state, which cost time and
        // disk and serve nothing in a test run.
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    eprintln!(
        "{set} {version}: {} examples with a known type of {} typed examples",
        known,
        examples.len()
    );
    eprintln!("{stdout}");
    assert!(
        output.status.success(),
        "the generated crate {name} failed to build or replay:\n{stderr}\n{stdout}"
    );
    if examples_floor.is_some() {
        // The example tests ran: every replayed request, every parsed response and the
        // loopback test passed.
        let passed: usize = stdout
            .lines()
            .filter_map(|l| l.strip_prefix("test result: ok. "))
            .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
            .sum();
        assert!(
            passed > expected_tests,
            "{passed} tests passed, expected the {expected_tests} example tests, the loopback test and the replay"
        );
        assert!(
            stdout.contains("test loopback_with_reqwest ... ok"),
            "the loopback test ran"
        );
    }
    then(&dir);
}

/// The area features of a generated crate, from its manifest.
fn area_features(manifest: &str) -> Vec<String> {
    manifest
        .lines()
        .skip_while(|l| *l != "[features]")
        .skip(1)
        .take_while(|l| !l.starts_with('['))
        .filter_map(|l| l.strip_suffix(" = []"))
        .filter(|f| *f != "default")
        .map(str::to_string)
        .collect()
}

/// Each area feature alone (and none) passes `cargo check` with warnings denied: what one
/// area's code reaches in another is gated by that area's feature. Two checks run at a time,
/// each worker with its own target folder (one cargo blocks another on a shared one).
fn every_feature_checks_alone(dir: &Path) {
    let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
    let features = area_features(&manifest);
    assert!(
        features.len() >= 10,
        "the areas of the docs give features: {features:?}"
    );
    let queue = std::sync::Mutex::new(
        std::iter::once(String::new())
            .chain(features)
            .collect::<Vec<_>>(),
    );
    let failed = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for worker in 0..2 {
            let (queue, failed) = (&queue, &failed);
            scope.spawn(move || {
                while let Some(feature) = queue.lock().unwrap().pop() {
                    let start = std::time::Instant::now();
                    let output = Command::new(env!("CARGO"))
                        .args(["check", "--offline", "--lib", "--no-default-features"])
                        .args(if feature.is_empty() {
                            vec![]
                        } else {
                            vec!["--features", feature.as_str()]
                        })
                        .current_dir(dir)
                        .env("RUSTFLAGS", "-D warnings")
                        .env(
                            "CARGO_TARGET_DIR",
                            workdir().join(format!("target-features-{worker}")),
                        )
                        .env("CARGO_INCREMENTAL", "0")
                        .output()
                        .expect("cargo runs");
                    eprintln!(
                        "feature {:?}: cargo check {:.1} s",
                        feature,
                        start.elapsed().as_secs_f64()
                    );
                    if !output.status.success() {
                        failed.lock().unwrap().push(format!(
                            "{feature}: {}",
                            String::from_utf8_lossy(&output.stderr)
                        ));
                    }
                }
            });
        }
    });
    let failed = failed.into_inner().unwrap();
    assert!(
        failed.is_empty(),
        "features that fail alone:\n{}",
        failed.join("\n")
    );
}

/// Issue 11: an update sends exactly the properties that were set, and `null` on purpose.
const UPDATES: &str = r###"//! Generated by graphdoc's corpus test: what a PATCH sends.
use CRATE::client::{Client, Nullable};
use CRATE::v1_0::UserUpdateParameters;
use CRATE::v1_0::ops::UserUpdate;

fn sent(body: UserUpdateParameters) -> String {
    // One URL form is left to user-update.md (`/me`): one operation per method and URL gives
    // `PATCH /users/{id}` to another page, so `new` takes the body only.
    let op = UserUpdate::new(body);
    let request = Client::new().request(&op).expect("builds");
    assert_eq!(request.method(), "PATCH");
    assert!(request.uri().path().starts_with("/v1.0/"), "{}", request.uri());
    String::from_utf8(request.body().clone()).expect("UTF-8")
}

#[test]
fn an_update_sends_exactly_the_two_fields_set() {
    let body = UserUpdateParameters {
        job_title: "Product Marketing Manager".into(),
        office_location: "18/2111".into(),
        ..Default::default()
    };
    assert_eq!(sent(body), r#"{"jobTitle":"Product Marketing Manager","officeLocation":"18/2111"}"#);
}

#[test]
fn an_update_clears_one_property_with_null() {
    let body = UserUpdateParameters { office_location: Nullable::Null, ..Default::default() };
    assert_eq!(sent(body), r#"{"officeLocation":null}"#);
}
"###;

/// A real Graph response no doc page wrote, from `tests/real-responses/` (see its README).
struct RealResponse {
    file: String,
    ty: String,
    collection: bool,
    value: Value,
}

/// The held-out real responses of `version`, as `index.tsv` lists them: file, API version,
/// type, `collection` or `object`, the request URL.
fn real_responses(version: &str) -> Vec<RealResponse> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/real-responses");
    let index = std::fs::read_to_string(dir.join("index.tsv")).expect("reads index.tsv");
    let mut out = Vec::new();
    for line in index
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cells: Vec<&str> = line.split('\t').collect();
        let [file, v, ty, shape, _url] = cells[..] else {
            panic!("index.tsv: a line of five cells expected: {line:?}");
        };
        if v != version {
            continue;
        }
        let text = std::fs::read_to_string(dir.join(file)).expect("reads a real response");
        out.push(RealResponse {
            file: file.to_string(),
            ty: ty.to_string(),
            collection: shape == "collection",
            value: serde_json::from_str(&text).expect("a real response is JSON"),
        });
    }
    out
}

/// A test file for the generated crate: each example, by its type's Rust path, through
/// `from_value` and `to_value`, compared with the original.
fn replay_harness(
    plan: &Plan,
    version: &str,
    crate_name: &str,
    examples: &[Example],
    real: &[RealResponse],
    floor: f64,
) -> (String, String, usize) {
    let mut arms = String::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut known = 0;
    let mut data = Vec::new();
    let crate_ident = crate_name.replace('-', "_");
    let mut paths: std::collections::BTreeMap<String, Option<String>> = Default::default();
    for r in real {
        let ty = r.ty.to_ascii_lowercase();
        let path = plan
            .rust_path(version, &r.ty)
            .unwrap_or_else(|| panic!("{}: no type {}", r.file, r.ty));
        if seen.insert(ty.clone()) {
            arms.push_str(&format!(
                "        {ty:?} => round_trip::<{crate_ident}::{path}>(value),\n"
            ));
        }
    }
    for e in examples {
        let path = paths
            .entry(e.ty.to_ascii_lowercase())
            .or_insert_with(|| plan.rust_path(version, &e.ty))
            .clone();
        let Some(path) = path.map(|p| format!("{crate_ident}::{p}")) else {
            continue;
        };
        known += 1;
        data.push(serde_json::json!([
            e.ty.to_ascii_lowercase(),
            format!("{}:{}", e.page, e.line),
            e.value
        ]));
        if seen.insert(e.ty.to_ascii_lowercase()) {
            arms.push_str(&format!(
                "        {:?} => round_trip::<{path}>(value),\n",
                e.ty.to_ascii_lowercase()
            ));
        }
    }
    let data = serde_json::to_string(&data).unwrap();
    let harness = format!(
        r####"//! Generated by graphdoc's corpus test: replays documented JSON examples.
use serde_json::Value;

const EXAMPLES: &str = include_str!("examples.json");
const REAL: &str = include_str!("real-responses.json");

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> Result<Value, String> {{
    let typed: T = serde_json::from_value(value).map_err(|e| e.to_string())?;
    serde_json::to_value(&typed).map_err(|e| e.to_string())
}}

fn dispatch(ty: &str, value: Value) -> Result<Value, String> {{
    match ty {{
{arms}        _ => Err(format!("no type {{ty}}")),
    }}
}}

/// A real response (not from a doc page): its type, whether it is a collection, and the body.
fn real(ty: &str, collection: bool, value: Value) -> Result<Value, String> {{
    if !collection {{
        return dispatch(ty, value);
    }}
    let Value::Object(mut page) = value else {{ return Err("not an object".into()) }};
    let items = match page.remove("value") {{
        Some(Value::Array(items)) => items,
        _ => return Err("no `value` array".into()),
    }};
    let back: Result<Vec<Value>, String> = items.into_iter().map(|i| dispatch(ty, i)).collect();
    page.insert("value".into(), Value::Array(back?));
    Ok(Value::Object(page))
}}

#[test]
fn documented_examples_round_trip() {{
    // Debug builds of serde code for structs with hundreds of fields use large stack frames;
    // nested examples need more than a test thread's 2 MiB.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(replay)
        .unwrap()
        .join()
        .unwrap();
}}

fn replay() {{
    let examples: Vec<(String, String, Value)> = serde_json::from_str(EXAMPLES).unwrap();
    let (mut ok, mut failed) = (0usize, Vec::new());
    for (ty, place, value) in examples {{
        match dispatch(&ty, value.clone()) {{
            Ok(back) if back == value => ok += 1,
            Ok(_) => failed.push(format!("{{place}} ({{ty}}): a field was lost")),
            Err(e) => failed.push(format!("{{place}} ({{ty}}): {{e}}")),
        }}
    }}
    let total = ok + failed.len();
    let percent = ok as f64 * 100.0 / total.max(1) as f64;
    println!("replayed {{total}} examples: {{ok}} round-trip ({{percent:.2}}%), {{}} fail", failed.len());
    for f in failed.iter().take(40) {{
        println!("  {{f}}");
    }}
    assert!(percent >= {floor:.1}, "only {{percent:.2}}% of examples round-trip");
    replay_real();
}}

/// The held-out real responses: each read as its type (a collection item by item) and written
/// back; the share that deserializes and the share that comes back as the same JSON value.
fn replay_real() {{
    let responses: Vec<(String, bool, String, Value)> = serde_json::from_str(REAL).unwrap();
    if responses.is_empty() {{
        return;
    }}
    let (mut read, mut exact, mut failed) = (0usize, 0usize, Vec::new());
    for (ty, collection, file, value) in &responses {{
        match real(ty, *collection, value.clone()) {{
            Ok(back) => {{
                read += 1;
                if &back == value {{
                    exact += 1;
                }} else {{
                    failed.push(format!("{{file}} ({{ty}}): written back differently"));
                }}
            }}
            Err(e) => failed.push(format!("{{file}} ({{ty}}): {{e}}")),
        }}
    }}
    let total = responses.len() as f64;
    let (read_pct, exact_pct) = (read as f64 * 100.0 / total, exact as f64 * 100.0 / total);
    println!(
        "real responses: {{}} held out; {{read}} deserialize ({{read_pct:.2}}%), {{exact}} round-trip exactly ({{exact_pct:.2}}%)",
        responses.len()
    );
    for f in &failed {{
        println!("  {{f}}");
    }}
    assert!(read_pct >= 99.5, "only {{read_pct:.2}}% of the real responses deserialize");
    assert!(exact_pct >= 99.0, "only {{exact_pct:.2}}% of the real responses round-trip");
}}
"####
    );
    (harness, data, known)
}

#[test]
#[ignore = "builds a crate from ../shared/corpus; run by .ci/run"]
fn corpus_v1_crate_compiles_and_examples_round_trip() {
    // Issue 3: at least 99% of the v1.0 examples.
    // Issue 4: the example tests replay at least 98% of the 1,474 annotated request examples
    // and parse at least 98% of the documented JSON responses.
    // Issue 12: every area feature passes `cargo check` alone.
    build_and_replay_then(
        "en-2021",
        "v1.0",
        99.0,
        Some(ExampleFloors {
            // Issue 4's floor. Examples of a call that one operation per method and URL gives
            // to another page's operation are replayed through that operation's stub: 1,449 of
            // 1,474 (98.30%) when this was written.
            requests: 98.0,
            // Issue 4 set 98.0. Since issue 10 made provisioningobjectsummary-list a collection
            // (as its page documents), its two response examples contradict their type and are
            // left out: 1,048 of 1,070 (97.94%); every example test written passes.
            // Issue 11 made a collection body (`{"value": [...]}`) parsed as one object a shape
            // error: the 11 examples whose pages document one object and show a collection
            // (directoryaudit-get, riskyuser-get, signin-get, team-get-installedapps, …) are
            // left out, each with that reason, as is a single object documented for a
            // collection output (driveitem-list-thumbnails): 1,036 of 1,070 (96.82%).
            responses: 96.8,
        }),
        every_feature_checks_alone,
    );
}

#[test]
#[ignore = "builds a crate from ../shared/corpus; run by .ci/run"]
fn corpus_beta_crate_compiles_and_examples_round_trip() {
    // Beta's examples disagree with its own pages more often (measured 97.0% in Nov 2026);
    // this guards against regressions.
    build_and_replay("en-2021", "beta", 96.5, None);
}
