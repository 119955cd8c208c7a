//! Permissions tables, inline or included. Two shapes exist:
//! `| Permission type | Permissions (from least to most privileged) |` (older, and translated), and
//! `| Permission type | Least privileged permissions | Higher privileged permissions |` (current).
//! Permission names are never translated; row labels are, so the row kind is read from the
//! English label when there is one, else from the row's position (the docs always order them
//! delegated work/school, delegated personal, application).

use super::{Cell, Span};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PermissionKind {
    DelegatedWork,
    DelegatedPersonal,
    Application,
    /// A row that is none of the above (e.g. a per-scenario row), labelled as written.
    Other(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PermissionRow {
    pub kind: PermissionKind,
    /// The least privileged permissions: the least-privileged column, or the first name of a
    /// least-to-most list.
    pub least: Vec<String>,
    pub higher: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Permissions {
    pub span: Span,
    /// The include the table came from, as written, when it was included.
    pub include: Option<String>,
    pub rows: Vec<PermissionRow>,
}

/// Reads a permissions table; `None` when it has no row with a permission name or a
/// recognizable row label.
pub(crate) fn from_table(
    header: &[Cell],
    rows: &[Vec<Cell>],
    span: Span,
    include: Option<String>,
) -> Option<Permissions> {
    if header.len() < 2 {
        return None;
    }
    let split_columns = header.len() >= 3;
    let out: Vec<PermissionRow> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| row.len() >= 2)
        .map(|(i, row)| {
            let kind = row_kind(&row[0].text, i, rows.len());
            let mut least = permission_names(&row[1].text);
            let higher = if split_columns {
                row.get(2)
                    .map(|c| permission_names(&c.text))
                    .unwrap_or_default()
            } else {
                least.split_off(least.len().min(1))
            };
            PermissionRow {
                kind,
                least,
                higher,
            }
        })
        .collect();
    let useful = out
        .iter()
        .any(|r| !r.least.is_empty() || !matches!(r.kind, PermissionKind::Other(_)));
    useful.then_some(Permissions {
        span,
        include,
        rows: out,
    })
}

fn row_kind(label: &str, index: usize, count: usize) -> PermissionKind {
    let l = label.to_ascii_lowercase();
    if l.contains("delegated") && (l.contains("work") || l.contains("school")) {
        return PermissionKind::DelegatedWork;
    }
    if l.contains("delegated") && (l.contains("personal") || l.contains("microsoft account")) {
        return PermissionKind::DelegatedPersonal;
    }
    if l.starts_with("application") {
        return PermissionKind::Application;
    }
    if l.is_ascii() || count != 3 {
        return PermissionKind::Other(label.trim().to_string());
    }
    // A translated label in a standard three-row table: the docs' fixed row order.
    match index {
        0 => PermissionKind::DelegatedWork,
        1 => PermissionKind::DelegatedPersonal,
        _ => PermissionKind::Application,
    }
}

/// Permission names in a cell: tokens shaped like `User.Read.All` or `Directory.AccessAsUser.All`.
/// Words such as "Not supported." (in any language) are not names and are dropped.
pub fn permission_names(cell: &str) -> Vec<String> {
    cell.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .map(|t| t.trim_matches(|c: char| matches!(c, '`' | '*' | '.' | '(' | ')')))
        .filter(|t| is_permission_name(t))
        .map(str::to_string)
        .collect()
}

/// An ASCII uppercase letter, then two or more non-empty dot-separated parts of ASCII letters,
/// digits, `_` and `-`. Read byte by byte: every word of every permissions cell is asked.
fn is_permission_name(t: &str) -> bool {
    let bytes = t.as_bytes();
    if !bytes.first().is_some_and(u8::is_ascii_uppercase) || !bytes.contains(&b'.') {
        return false;
    }
    let mut previous = b'.';
    for &b in bytes {
        let ok = if b == b'.' {
            previous != b'.'
        } else {
            b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
        };
        if !ok {
            return false;
        }
        previous = b;
    }
    previous != b'.'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(items: &[&str]) -> Vec<Cell> {
        items
            .iter()
            .map(|t| Cell {
                text: t.to_string(),
                raw: t.to_string(),
            })
            .collect()
    }

    fn span() -> Span {
        Span {
            file: None,
            line: 1,
        }
    }

    #[test]
    fn least_to_most_list() {
        let p = from_table(
            &cells(&[
                "Permission type",
                "Permissions (from least to most privileged)",
            ]),
            &[
                cells(&[
                    "Delegated (work or school account)",
                    "User.Read, User.ReadWrite, Directory.Read.All",
                ]),
                cells(&["Delegated (personal Microsoft account)", "Not supported."]),
                cells(&["Application", "User.Read.All"]),
            ],
            span(),
            None,
        )
        .unwrap();
        assert_eq!(p.rows[0].kind, PermissionKind::DelegatedWork);
        assert_eq!(p.rows[0].least, ["User.Read"]);
        assert_eq!(p.rows[0].higher, ["User.ReadWrite", "Directory.Read.All"]);
        assert!(p.rows[1].least.is_empty());
        assert_eq!(p.rows[2].kind, PermissionKind::Application);
    }

    #[test]
    fn split_columns_and_translated_labels() {
        let p = from_table(
            &cells(&[
                "Тип разрешения",
                "Наименее привилегированные",
                "Более привилегированные",
            ]),
            &[
                cells(&[
                    "Делегированные (рабочая или учебная учетная запись)",
                    "OnlineMeetings.ReadWrite",
                    "Не поддерживается.",
                ]),
                cells(&[
                    "Делегированные (личная учетная запись Майкрософт)",
                    "Не поддерживается.",
                    "Не поддерживается.",
                ]),
                cells(&[
                    "Для приложений",
                    "OnlineMeetings.ReadWrite.All",
                    "Не поддерживается.",
                ]),
            ],
            span(),
            None,
        )
        .unwrap();
        let kinds: Vec<_> = p.rows.iter().map(|r| r.kind.clone()).collect();
        assert_eq!(
            kinds,
            [
                PermissionKind::DelegatedWork,
                PermissionKind::DelegatedPersonal,
                PermissionKind::Application
            ]
        );
        assert_eq!(p.rows[2].least, ["OnlineMeetings.ReadWrite.All"]);
        assert!(p.rows[0].higher.is_empty());
    }

    #[test]
    fn permission_name_shapes() {
        // The rule written over split parts, as it was first written.
        let by_parts = |t: &str| {
            let parts: Vec<&str> = t.split('.').collect();
            parts[0]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase())
                && parts.len() > 1
                && parts.iter().all(|p| {
                    !p.is_empty()
                        && p.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                })
        };
        let pieces = ["", ".", "U", "u", "_", "-", "9", "é", "x", "Read", " "];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let t = format!("{a}{b}{c}{d}");
                        assert_eq!(is_permission_name(&t), by_parts(&t), "{t:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn names_not_words() {
        assert_eq!(permission_names("Not supported."), Vec::<String>::new());
        assert_eq!(
            permission_names("`Mail.Read`; Mail.ReadWrite"),
            ["Mail.Read", "Mail.ReadWrite"]
        );
    }
}
