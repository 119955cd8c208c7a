//! The architecture invariants of ARCHITECTURE.md: each stage imports only the stages it reads
//! from, never a later one, and the code generator never reads the page model (it works from the
//! types and the operations only).

use std::collections::BTreeSet;
use std::path::Path;

/// Each module of the library and the modules its non-test code may use (`crate::…`), in
/// pipeline order.
const ALLOWED: &[(&str, &[&str])] = &[
    ("allocator", &[]),
    ("files", &[]),
    ("casing", &[]),
    ("diag", &["files"]),
    ("json", &["diag"]),
    ("docset", &["diag", "files"]),
    ("page", &["diag", "json", "docset", "files"]),
    ("model", &["diag", "json", "page"]),
    ("ops", &["diag", "json", "page", "model", "casing"]),
    ("codegen", &["diag", "model", "ops", "casing"]),
    ("report", &["diag", "page"]),
    (
        "generate",
        &["diag", "files", "docset", "page", "model", "ops", "codegen"],
    ),
];

/// The text of a source file without its unit tests (`#[cfg(test)]` and what follows: test
/// modules sit at the end of a file, and may use later stages to state expectations).
fn production_code(text: &str) -> &str {
    match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    }
}

/// The modules `crate::x` names in a file.
fn uses(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let name: String = text[at + "crate::".len()..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        out.insert(name);
    }
    out
}

fn rust_files(path: &Path, out: &mut Vec<std::path::PathBuf>) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for e in entries {
            rust_files(&e, out);
        }
    } else if path.is_file() && path.extension().is_some_and(|e| e == "rs") {
        out.push(path.to_path_buf());
    }
}

#[test]
fn stages_import_only_earlier_stages() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    let mut checked = 0;
    for (module, allowed) in ALLOWED {
        let dir = src.join(module);
        let mut files = Vec::new();
        rust_files(&dir, &mut files);
        rust_files(&src.join(format!("{module}.rs")), &mut files);
        assert!(!files.is_empty(), "no source for the module {module}");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for used in uses(production_code(&text)) {
                checked += 1;
                if used != *module && !allowed.contains(&used.as_str()) {
                    violations.push(format!(
                        "{} uses crate::{used}, which {module} may not",
                        file.display()
                    ));
                }
            }
        }
    }
    assert!(checked > 10, "the check found almost nothing to check");
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}

/// Every module of the library is listed, so a new one gets a place in the order.
#[test]
fn every_module_has_a_place() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    for line in lib.lines() {
        if let Some(name) = line.trim().strip_prefix("pub mod ") {
            let name = name.trim_end_matches(';');
            assert!(
                ALLOWED.iter().any(|(m, _)| *m == name),
                "src/lib.rs declares `{name}`, which tests/architecture.rs does not place"
            );
        }
    }
}

#[test]
fn the_check_sees_imports() {
    assert_eq!(
        uses("use crate::page::Page;\nfn f() { crate::model::build(); }\nmycrate::x"),
        BTreeSet::from(["page".to_string(), "model".to_string()])
    );
    assert_eq!(
        production_code("a\n#[cfg(test)]\nmod tests { crate::x }"),
        "a\n"
    );
}
