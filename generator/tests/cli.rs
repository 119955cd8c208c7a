//! The `graphdoc` binary: output shapes and exit codes (0 clean, 1 error diagnostics, never 101).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn graphdoc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_graphdoc"))
        .args(args)
        .current_dir(workspace())
        .output()
        .expect("graphdoc runs")
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect()
}

#[test]
fn parse_docs_input_as_json_lines() {
    let out = graphdoc(&["parse", "docs-input", "--format", "json"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = json_lines(&out);
    let (files, _) = graphdoc::docset::collect_pages(&[workspace().join("docs-input")]);
    assert_eq!(pages.len(), files.len());
    for page in &pages {
        for key in [
            "path",
            "doc_type",
            "locale",
            "title",
            "annotations",
            "requests",
            "responses",
            "templates",
            "diagnostics",
        ] {
            assert!(page.get(key).is_some(), "{key} missing in {page}");
        }
    }
    let post = pages
        .iter()
        .find(|p| {
            p["path"]
                .as_str()
                .unwrap()
                .ends_with("beta/api/externalmeetingregistration-post.md")
        })
        .unwrap();
    let request = &post["requests"][0];
    assert_eq!(request["method"], "POST");
    assert_eq!(request["body_kind"], "json");
    assert_eq!(request["body_ok"], true);
    assert_eq!(post["responses"][0]["status"], 201);
    assert_eq!(post["responses"][0]["truncated"], true);
    assert_eq!(post["templates"].as_array().unwrap().len(), 2);
}

#[test]
fn error_diagnostics_exit_1_with_place() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("broken.md");
    std::fs::write(
        &page,
        "# Broken\n\n<!-- { \"blockType\": request, , } junk -->\n```http\nGET /me\n```\n",
    )
    .unwrap();
    let page = page.to_str().unwrap();
    let out = graphdoc(&["parse", page]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[GD0202]"), "{stderr}");
    assert!(stderr.contains("broken.md:3:"), "{stderr}");
    let out = graphdoc(&["parse", page, "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let diags = &json_lines(&out)[0]["diagnostics"];
    assert_eq!(diags[0]["code"], "GD0202");
    assert_eq!(diags[0]["line"], 3);
}

#[test]
fn missing_paths_and_bad_arguments_never_panic() {
    // A path that holds no page is a bad argument: exit 2, with the reason.
    let out = graphdoc(&["parse", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("GD0003"));
    let out = graphdoc(&["parse", "--format", "yaml", "docs-input"]);
    assert_eq!(out.status.code(), Some(2));
    let out = graphdoc(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn stats_as_json() {
    let out = graphdoc(&["stats", "docs-input", "--format", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let stats: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(stats["pages"].as_u64().unwrap() > 20);
    assert!(stats["requests"].as_u64().unwrap() >= 8);
    assert_eq!(stats["annotations_invalid"], 0);
}

/// Every corpus version: exit 0 or 1, one JSON line a page.
#[test]
#[ignore = "reads ../shared/corpus; run by .ci/run"]
fn corpus_parse_every_page() {
    let corpus = workspace().join("../shared/corpus");
    if !corpus.is_dir() {
        assert!(
            std::env::var_os("CI").is_none(),
            "../shared/corpus is missing in CI"
        );
        eprintln!("notice: ../shared/corpus is missing; skipped");
        return;
    }
    for set in ["en-2021", "ru-2023"] {
        for version in ["v1.0", "beta"] {
            let dir = corpus.join(set).join("api-reference").join(version);
            let out = graphdoc(&["parse", dir.to_str().unwrap(), "--format", "json"]);
            let code = out.status.code();
            assert!(
                matches!(code, Some(0 | 1)),
                "{set} {version}: exit {code:?}"
            );
            let (files, _) = graphdoc::docset::collect_pages(&[dir]);
            assert_eq!(json_lines(&out).len(), files.len(), "{set} {version}");
        }
    }
}

/// Bad arguments and input without pages exit 2 with plain words: paths as paths.
#[test]
fn usage_errors_exit_2_in_plain_words() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nonexistent");
    let missing = missing.to_str().unwrap();
    for args in [
        vec!["generate", "--docs", missing, "--out", missing],
        vec!["model", missing],
        vec!["stats", missing],
    ] {
        let out = graphdoc(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains(&format!("no pages found in {missing}")) && !err.contains("[\""),
            "{args:?}: {err}"
        );
    }
    // An empty folder holds no pages either.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    let out = graphdoc(&["model", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // A refused include names the file the page names, not its folder.
    let api = dir.path().join("docs/api-reference/v1.0/api");
    std::fs::create_dir_all(&api).unwrap();
    std::fs::write(
        api.join("a.md"),
        "# t\n\n[!INCLUDE [x](../../../../../secret/passwd.md)]\n",
    )
    .unwrap();
    let out = graphdoc(&["parse", dir.path().join("docs").to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("GD0401")
            && err.contains("`../../../../../secret/passwd.md` leaves the doc root"),
        "{err}"
    );
    // Crate names that cannot build: refused before anything is written.
    for name in ["self", "std", "test", "serde", "http", "tokio", "1x"] {
        let out_dir = dir.path().join(format!("out-{name}"));
        let out = graphdoc(&[
            "generate",
            "--docs",
            "docs-input",
            "--out",
            out_dir.to_str().unwrap(),
            "--crate",
            name,
        ]);
        assert_eq!(out.status.code(), Some(2), "--crate {name}");
        assert!(!out_dir.exists(), "--crate {name} wrote output");
    }
}

/// A version folder named like a crate root (`lib`, `main`) becomes a module of its own name,
/// never `src/lib.rs` or `src/main.rs`.
#[test]
fn version_folders_never_replace_crate_roots() {
    let dir = tempfile::tempdir().unwrap();
    for version in ["lib", "main"] {
        let resources = dir
            .path()
            .join("docs/api-reference")
            .join(version)
            .join("resources");
        std::fs::create_dir_all(&resources).unwrap();
        std::fs::copy(
            workspace().join("docs-input/api-reference/v1.0/resources/entity.md"),
            resources.join("entity.md"),
        )
        .unwrap();
    }
    let out_dir = dir.path().join("crate");
    let out = graphdoc(&[
        "generate",
        "--docs",
        dir.path().join("docs").to_str().unwrap(),
        "--out",
        out_dir.to_str().unwrap(),
        "--crate",
        "roots",
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lib = std::fs::read_to_string(out_dir.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("pub mod lib_2;") && lib.contains("pub mod main_2;"),
        "{lib}"
    );
    assert!(!out_dir.join("src/main.rs").exists());
}

/// A page whose file name holds terminal escapes: its diagnostics are printed with the escapes
/// shown as text, and `generate --out .` is refused without leaving a staged folder behind.
#[cfg(unix)]
#[test]
fn hostile_file_names_and_output_folders() {
    let dir = tempfile::tempdir().unwrap();
    let api = dir.path().join("docs/api-reference/v1.0/api");
    std::fs::create_dir_all(&api).unwrap();
    let page = api.join("user\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}-get.md");
    std::fs::write(
        &page,
        "# T\n\n<!-- { \"blockType\": \"request\" \"name\": } -->\n",
    )
    .unwrap();
    let docs = dir.path().join("docs");
    let out = graphdoc(&["parse", docs.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("GD0202"), "{stderr}");
    assert!(
        !stderr
            .chars()
            .any(|c| c != '\n' && c.is_control() || c == '\u{202e}'),
        "{stderr:?}"
    );
    assert!(
        stderr.contains(r"user\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}-get.md"),
        "{stderr}"
    );

    let cwd = dir.path().join("work");
    std::fs::create_dir(&cwd).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_graphdoc"))
        .args(["generate", "--docs", docs.to_str().unwrap(), "--out", "."])
        .current_dir(&cwd)
        .output()
        .expect("graphdoc runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_ne!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("replaced as a whole"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(&cwd).unwrap().count(),
        0,
        "nothing left behind"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

/// `--include`: a pattern that cannot be read is a usage error (exit 2, no output written); a
/// pattern that matches nothing is a warning, shown without `--notes`, and the run succeeds.
#[test]
fn include_patterns() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gen");
    let out_arg = out.to_str().unwrap();
    let bad = graphdoc(&["generate", "--out", out_arg, "--include", "me/**x"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("whole segment"));
    assert!(!out.exists());
    let run = graphdoc(&[
        "generate",
        "--out",
        out_arg,
        "--include",
        "me/onlineMeetings/*",
        "--include",
        "nowhere/**",
    ]);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("warning[GD0905]"), "{stderr}");
    assert!(stderr.contains("nowhere/**"), "{stderr}");
    let v1 = std::fs::read_to_string(out.join("v1_0.rs")).unwrap();
    assert!(v1.contains("/me/onlineMeetings/{meetingId}"));
    assert!(!v1.contains("/users/{userId}/onlineMeetings/{meetingId}"));
}
