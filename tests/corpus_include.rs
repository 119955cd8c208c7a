//! Issue 12: a crate of only the operations a program calls. Generates en-2021 v1.0 with
//! `--include 'users/**' --include 'me/messages/**' --include 'me/sendMail'` and the example
//! tests, and runs them with warnings denied.
//!
//! `#[ignore]`d in the everyday run; `.ci/run` runs it (`cargo test --release -- --ignored`).

mod common;
use common::corpus;
use std::path::Path;
use std::process::Command;

const PATTERNS: [&str; 3] = ["users/**", "me/messages/**", "me/sendMail"];

#[test]
#[ignore = "builds a crate from ../shared/corpus; run by .ci/run"]
fn corpus_include_crate_compiles_and_examples_pass() {
    let Some(corpus) = corpus() else { return };
    let docs = corpus.join("en-2021/api-reference/v1.0");
    let work = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/corpus-crates");
    let name = "graph-en-2021-include";
    let dir = work.join(name);
    let mut config = graphdoc::Config::new()
        .docs(&docs)
        .out_dir(&dir)
        .standalone_crate(name)
        .example_tests(true);
    for p in PATTERNS {
        config = config.include(p);
    }
    let generated = config.generate().expect("generates");
    let ops = &generated.ops.versions["v1.0"].operations;
    // Every operation kept has a form a pattern matches, and only such forms.
    let include = graphdoc::codegen::Include::new(&PATTERNS).unwrap();
    assert!(
        ops.iter()
            .all(|o| o.paths.iter().all(|f| include.matches(f)))
    );
    for (pattern, path) in [
        ("users/**", "/users"),
        ("users/**", "/users/{id | userPrincipalName}/messages"),
        ("me/messages/**", "/me/messages/{id}"),
        ("me/sendMail", "/me/sendMail"),
    ] {
        assert!(
            ops.iter()
                .any(|o| o.paths.iter().any(|f| f.written.eq_ignore_ascii_case(path))),
            "{pattern} keeps {path}"
        );
    }
    assert!(
        !ops.iter()
            .any(|o| o.paths.iter().any(|f| f.written.starts_with("/groups"))),
        "no group form is kept"
    );
    let report = generated.examples.as_ref().expect("example tests written");
    eprintln!(
        "include crate: {} operations; example tests replay {} of {} request examples and parse {} of {} JSON responses",
        ops.len(),
        report.requests_replayed,
        report.requests,
        report.json_responses_parsed,
        report.json_responses
    );
    let source: usize = generated
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("src"))
        .map(|(_, t)| t.len())
        .sum();
    eprintln!("include crate: {:.1} MB of source", source as f64 / 1e6);

    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock");
    std::fs::copy(&lock, dir.join("Cargo.lock")).expect("copies Cargo.lock");
    let output = Command::new(env!("CARGO"))
        .args([
            "test",
            "--offline",
            "--features",
            "full,reqwest",
            "--test",
            "examples",
        ])
        .current_dir(&dir)
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", work.join("target"))
        .env("CARGO_PROFILE_DEV_DEBUG", "0")
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .expect("cargo runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the include crate failed to build or pass its example tests:\n{stderr}\n{stdout}"
    );
    let passed: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    let expected = report.requests_replayed + report.json_responses_parsed;
    assert!(
        expected > 50 && passed > expected,
        "{passed} tests passed, expected the {expected} example tests and the loopback test"
    );
    assert!(stdout.contains("test loopback_with_reqwest ... ok"));
}
