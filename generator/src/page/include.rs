//! Include resolution: `[!INCLUDE [label](path)]` is read relative to the including file and
//! must stay inside the doc root. Absolute paths, paths that climb out of the root and symlinks
//! that point out of it are refused; the page is never allowed to read anything else.

use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// The file to read (canonical).
    File(PathBuf),
    Missing(PathBuf),
    Refused(String),
}

/// The doc root of a page: the parent of the nearest ancestor folder named `api-reference`, else
/// the page's own folder.
pub fn doc_root_of(page: &Path) -> PathBuf {
    let parent = page.parent().unwrap_or(Path::new("."));
    for dir in parent.ancestors() {
        if dir.file_name().is_some_and(|n| n == "api-reference") {
            return dir.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        }
    }
    if parent.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parent.to_path_buf()
    }
}

/// Resolves `target` as written in `including` (a file under `root`). `root_canonical` is the
/// canonical form of `root`.
pub(crate) fn resolve(root: &Path, root_canonical: &Path, including: &Path, target: &str) -> Resolved {
    let target = target.trim();
    let target = target.split(['#', '?']).next().unwrap_or_default().trim();
    if target.is_empty() {
        return Resolved::Refused("the include names no file".into());
    }
    let target = target.replace('\\', "/");
    let target = percent_decode_spaces(&target);
    if target.starts_with('/')
        || target.starts_with('~')
        || target.contains("://")
        || target.as_bytes().get(1) == Some(&b':')
    {
        return Resolved::Refused(format!("`{target}` is an absolute path; includes must be relative"));
    }
    let (Ok(including), Ok(root_abs)) = (std::path::absolute(including), std::path::absolute(root))
    else {
        return Resolved::Refused("the current folder cannot be read".into());
    };
    let base = including.parent().unwrap_or(Path::new("/"));
    let Some(lexical) = normalize(&base.join(&target)) else {
        return Resolved::Refused(format!("`{target}` climbs above the file system root"));
    };
    let Some(root_lexical) = normalize(&root_abs) else {
        return Resolved::Refused("the doc root cannot be normalized".into());
    };
    if !lexical.starts_with(&root_lexical) {
        return Resolved::Refused(format!(
            "`{target}` leaves the doc root {}",
            root.display()
        ));
    }
    match lexical.canonicalize() {
        Ok(real) if real.starts_with(root_canonical) => {
            if real.is_file() {
                Resolved::File(real)
            } else {
                Resolved::Refused(format!("`{target}` is not a file"))
            }
        }
        Ok(real) => Resolved::Refused(format!(
            "`{target}` is a link to {}, outside the doc root",
            real.display()
        )),
        Err(_) => Resolved::Missing(lexical),
    }
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
    }

    #[test]
    fn resolves_inside_and_refuses_outside() {
        let (dir, page) = tree();
        let root = dir.join("docs");
        let canon = root.canonicalize().unwrap();
        assert!(matches!(
            resolve(&root, &canon, &page, "../includes/p.md"),
            Resolved::File(_)
        ));
        assert!(matches!(
            resolve(&root, &canon, &page, "../includes/none.md"),
            Resolved::Missing(_)
        ));
        for bad in ["/etc/passwd", "../../../../secret.md", "C:/x.md", "~/x.md", "https://x/y.md", ""] {
            assert!(
                matches!(resolve(&root, &canon, &page, bad), Resolved::Refused(_)),
                "{bad}"
            );
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.join("secret.md"), dir.join("docs/api-reference/beta/includes/link.md")).unwrap();
            assert!(matches!(
                resolve(&root, &canon, &page, "../includes/link.md"),
                Resolved::Refused(_)
            ));
        }
        let _ = fs::remove_dir_all(&dir);
    }
}
