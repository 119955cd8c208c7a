//! Include resolution: `[!INCLUDE [label](path)]` is read relative to the including file and
//! must stay inside the doc root. Absolute paths, paths that climb out of the root and symlinks
//! that point out of it are refused; the page is never allowed to read anything else.

use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// The file to read: its canonical path, and the path to show (the doc root as given,
    /// joined with the file's place under it), which does not depend on the machine.
    File {
        real: PathBuf,
        shown: PathBuf,
    },
    /// Nothing is there. Its lexical path is not kept: nothing reads it, and a resolution is
    /// copied out of the reader's cache for each include, nearly all of them missing in a
    /// checkout without includes.
    Missing,
    Refused(String),
}

/// The doc root of a page: the parent of the nearest ancestor folder named `api-reference`, else
/// the page's own folder.
pub fn doc_root_of(page: &Path) -> PathBuf {
    let parent = page.parent().unwrap_or(Path::new("."));
    for dir in parent.ancestors() {
        if dir.file_name().is_some_and(|n| n == "api-reference") {
            return dir
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        }
    }
    if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent.to_path_buf()
    }
}

/// Where `target`, as written in `including`, points: lexically, without touching the disk.
/// Refused when it is absolute or leaves `root`.
pub(crate) fn locate(root: &Path, including: &Path, target: &str) -> Result<PathBuf, String> {
    let target = target.trim();
    let target = target.split(['#', '?']).next().unwrap_or_default().trim();
    if target.is_empty() {
        return Err("the include names no file".into());
    }
    let target = percent_decode_spaces(&target.replace('\\', "/"));
    if target.starts_with('/')
        || target.starts_with('~')
        || target.contains("://")
        || target.as_bytes().get(1) == Some(&b':')
    {
        return Err(format!(
            "`{target}` is an absolute path; includes must be relative"
        ));
    }
    let (root, including) = if root.is_absolute() == including.is_absolute() {
        (root.to_path_buf(), including.to_path_buf())
    } else {
        let abs = |p: &Path| {
            std::path::absolute(p).map_err(|e| format!("cannot resolve {}: {e}", p.display()))
        };
        (abs(root)?, abs(including)?)
    };
    let base = including.parent().unwrap_or(Path::new(""));
    let (Some(lexical), Some(root_lexical)) = (normalize(&base.join(&target)), normalize(&root))
    else {
        return Err(format!("`{target}` climbs above the file system root"));
    };
    if !lexical.starts_with(&root_lexical) || climbs(&lexical) != climbs(&root_lexical) {
        return Err(format!("`{target}` leaves the doc root {}", root.display()));
    }
    Ok(lexical)
}

/// Checks a located include on disk: it must exist, be a file, and really (symlinks resolved)
/// be inside the canonical root.
pub(crate) fn check(lexical: &Path, root: &Path, root_canonical: &Path) -> Resolved {
    match lexical.canonicalize() {
        Ok(real) if real.starts_with(root_canonical) => {
            if real.is_file() {
                let under = real.strip_prefix(root_canonical).unwrap_or(&real);
                Resolved::File {
                    shown: root.join(under),
                    real,
                }
            } else {
                Resolved::Refused(format!("`{}` is not a file", lexical.display()))
            }
        }
        Ok(real) => Resolved::Refused(format!(
            "`{}` is a link to {}, outside the doc root",
            lexical.display(),
            real.display()
        )),
        Err(_) => Resolved::Missing,
    }
}

/// Resolves `target` as written in `including` (a file under `root`). `root_canonical` is the
/// canonical form of `root`.
#[cfg(test)]
pub(crate) fn resolve(
    root: &Path,
    root_canonical: &Path,
    including: &Path,
    target: &str,
) -> Resolved {
    match locate(root, including, target) {
        Ok(lexical) => check(&lexical, root, root_canonical),
        Err(why) => Resolved::Refused(why),
    }
}

/// How many `..` a normalized path starts with.
fn climbs(path: &Path) -> usize {
    path.components()
        .take_while(|c| matches!(c, Component::ParentDir))
        .count()
}

fn percent_decode_spaces(s: &str) -> String {
    s.replace("%20", " ")
}

/// Removes `.` and `..` lexically; `None` when `..` would climb above the path's start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => match out.last() {
                Some(Component::Normal(_)) => {
                    out.pop();
                }
                Some(Component::ParentDir) | None => out.push(c),
                Some(_) => return None,
            },
            other => out.push(other),
        }
    }
    Some(out.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    fn tree() -> (PathBuf, PathBuf) {
        let dir = std::env::temp_dir().join(format!("graphdoc-include-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        let api = dir.join("docs/api-reference/beta/api");
        fs::create_dir_all(&api).unwrap();
        fs::create_dir_all(dir.join("docs/api-reference/beta/includes")).unwrap();
        fs::write(dir.join("docs/api-reference/beta/includes/p.md"), "x").unwrap();
        fs::write(dir.join("secret.md"), "secret").unwrap();
        (dir.clone(), api.join("page.md"))
    }

    #[test]
    fn root_is_parent_of_api_reference() {
        assert_eq!(
            doc_root_of(Path::new("a/docs/api-reference/v1.0/api/x.md")),
            PathBuf::from("a/docs")
        );
        assert_eq!(doc_root_of(Path::new("x.md")), PathBuf::from("."));
        assert_eq!(doc_root_of(Path::new("d/x.md")), PathBuf::from("d"));
        assert!(locate(Path::new("."), Path::new("x.md"), "../y.md").is_err());
        assert!(locate(Path::new(".."), Path::new("../x.md"), "../y.md").is_err());
        assert!(locate(Path::new("../d"), Path::new("../d/a/x.md"), "../y.md").is_ok());
    }

    #[test]
    fn resolves_inside_and_refuses_outside() {
        let (dir, page) = tree();
        let root = dir.join("docs");
        let canon = root.canonicalize().unwrap();
        assert!(matches!(
            resolve(&root, &canon, &page, "../includes/p.md"),
            Resolved::File { .. }
        ));
        assert!(matches!(
            resolve(&root, &canon, &page, "../includes/none.md"),
            Resolved::Missing
        ));
        for bad in [
            "/etc/passwd",
            "../../../../secret.md",
            "C:/x.md",
            "~/x.md",
            "https://x/y.md",
            "",
        ] {
            assert!(
                matches!(resolve(&root, &canon, &page, bad), Resolved::Refused(_)),
                "{bad}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(
                dir.join("secret.md"),
                dir.join("docs/api-reference/beta/includes/link.md"),
            )
            .unwrap();
            assert!(matches!(
                resolve(&root, &canon, &page, "../includes/link.md"),
                Resolved::Refused(_)
            ));
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
