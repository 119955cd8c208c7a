//! Doc sets on disk: which files are pages. A folder that holds `api-reference/` is a doc set
//! root and only that subtree is read; any other folder is read whole. Folders named `includes`
//! hold fragments, not pages, and are skipped; so are hidden entries and symlinked folders.
//! `api-reference` itself must be a folder inside its doc set, not a link out of it, and only
//! regular files are read (a FIFO or a device named like a page would block or never end).

use crate::diag::{Code, Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// Expands paths (files or folders) into page files, sorted and without duplicates, so output
/// never depends on file-system order.
pub fn collect_pages(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut diags = Vec::new();
    for path in paths {
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => {
                let reference = path.join("api-reference");
                if !reference.is_dir() {
                    walk(path, PARALLEL_LEVELS, &mut pages, &mut diags);
                } else if let Err(why) = inside(&reference, path) {
                    diags.push(Diagnostic {
                        severity: Severity::Error,
                        code: Code::Unreadable,
                        file: reference,
                        line: 1,
                        column: 1,
                        message: format!("{why}; the doc set was not read"),
                    });
                } else {
                    walk(&reference, PARALLEL_LEVELS, &mut pages, &mut diags);
                }
            }
            Ok(m) if m.is_file() => pages.push(path.clone()),
            Ok(_) => diags.push(Diagnostic {
                severity: Severity::Error,
                code: Code::Unreadable,
                file: path.clone(),
                line: 1,
                column: 1,
                message: "not a regular file or a folder; it was skipped".into(),
            }),
            Err(e) => diags.push(Diagnostic {
                severity: Severity::Error,
                code: Code::Unreadable,
                file: path.clone(),
                line: 1,
                column: 1,
                message: format!("cannot read {}: {e}", path.display()),
            }),
        }
    }
    // By bytes: as deterministic as by components, and much cheaper over 20,000 paths.
    pages.sort_unstable_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    pages.dedup();
    (pages, diags)
}

/// Ok when `folder` really (links resolved) is inside `root`.
fn inside(folder: &Path, root: &Path) -> Result<(), String> {
    let real = folder
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", folder.display()))?;
    let root = root
        .canonicalize()
        .map_err(|e| format!("cannot resolve {}: {e}", root.display()))?;
    if real.starts_with(&root) && real != root {
        Ok(())
    } else {
        Err(format!(
            "{} is a link to {}, not a folder inside the doc set",
            folder.display(),
            real.display()
        ))
    }
}

pub use crate::files::read_regular_file;

/// How many levels of folders [`walk`] lists in parallel: `api-reference/`, its versions and
/// their `api/` and `resources/` folders, which hold thousands of pages each (listing them was
/// most of the time before the first page is read). Deeper folders are walked one after another
/// with a stack of their own, so no nesting of folders can exhaust a thread's stack.
const PARALLEL_LEVELS: usize = 2;

/// The pages under `start`: its subfolders are walked in parallel for `levels` more levels.
/// Pages come in any order (the caller sorts them); the unreadable folders of each level are
/// reported in name order.
fn walk(start: &Path, levels: usize, pages: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>) {
    use rayon::prelude::*;
    if levels == 0 {
        return walk_serial(start, pages, diags);
    }
    let mut folders = Vec::new();
    list(start, pages, &mut folders, diags);
    folders.sort_unstable();
    let found: Vec<(Vec<PathBuf>, Vec<Diagnostic>)> = folders
        .par_iter()
        .map(|folder| {
            let (mut pages, mut diags) = (Vec::new(), Vec::new());
            walk(folder, levels - 1, &mut pages, &mut diags);
            (pages, diags)
        })
        .collect();
    for (more_pages, more_diags) in found {
        pages.extend(more_pages);
        diags.extend(more_diags);
    }
}

fn walk_serial(start: &Path, pages: &mut Vec<PathBuf>, diags: &mut Vec<Diagnostic>) {
    let mut stack = vec![start.to_path_buf()];
    while let Some(dir) = stack.pop() {
        list(&dir, pages, &mut stack, diags);
    }
}

/// The pages of the folder `dir` into `pages`, its subfolders (but `includes`) into `folders`.
fn list(
    dir: &Path,
    pages: &mut Vec<PathBuf>,
    folders: &mut Vec<PathBuf>,
    diags: &mut Vec<Diagnostic>,
) {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            diags.push(Diagnostic {
                severity: Severity::Error,
                code: Code::Unreadable,
                file: dir.to_path_buf(),
                line: 1,
                column: 1,
                message: format!("cannot list the folder: {e}; it was skipped"),
            });
            return;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with('.') {
            continue;
        }
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let path = entry.path();
        if kind.is_dir() {
            if !name.eq_ignore_ascii_case("includes") {
                folders.push(path);
            }
        } else if kind.is_file()
            && Path::new(name.as_ref())
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            pages.push(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn walks_api_reference_only_and_skips_includes() {
        let dir = std::env::temp_dir().join(format!("graphdoc-docset-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for d in [
            "api-reference/v1.0/api",
            "api-reference/v1.0/includes",
            "ru-ru/api-reference/v1.0/api",
        ] {
            fs::create_dir_all(dir.join(d)).unwrap();
        }
        for f in [
            "README.md",
            "api-reference/v1.0/api/b.md",
            "api-reference/v1.0/api/a.md",
            "api-reference/v1.0/api/a.txt",
            "api-reference/v1.0/includes/p.md",
            "ru-ru/api-reference/v1.0/api/a.md",
        ] {
            fs::write(dir.join(f), "x").unwrap();
        }
        let (pages, diags) = collect_pages(&[dir.clone(), dir.join("missing")]);
        let names: Vec<_> = pages
            .iter()
            .map(|p| p.strip_prefix(&dir).unwrap().to_path_buf())
            .collect();
        assert_eq!(
            names,
            [
                PathBuf::from("api-reference/v1.0/api/a.md"),
                PathBuf::from("api-reference/v1.0/api/b.md")
            ]
        );
        assert_eq!(diags.len(), 1);
        let _ = fs::remove_dir_all(&dir);
    }
}
