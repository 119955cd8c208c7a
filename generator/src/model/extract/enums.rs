//! Enum members from what translation leaves alone. Translated enum tables name members in the
//! page's language (`доступен`, `Verarbeitung`); the descriptions of the properties of that enum
//! still list the members in code spans (`available`), and examples show them as JSON values.

use super::{DraftProperty, Shown, TypeDraft, is_property_name};
use crate::model::{EnumMember, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// A cell that names a type no page defines (`alertSeverity`), shaped like a type name, on a row
/// whose description lists at least two values in code spans: the doc set shows an enum and its
/// members there. Such enums are made, so the property keeps its type.
pub(super) fn enums_from_rows(
    types: &mut BTreeMap<String, TypeDraft>,
    known: &dyn Fn(&BTreeMap<String, TypeDraft>, &str) -> bool,
) {
    let mut made: BTreeMap<String, (String, Vec<String>, BTreeSet<String>)> = BTreeMap::new();
    for p in types.values().flat_map(|t| &t.properties) {
        let (Some(cell), Some(TypeRef::Named(named))) = (&p.cell, &p.ty) else {
            continue;
        };
        let last = named.rsplit('.').next().unwrap_or(named);
        if cell.contains("](") || p.values.len() < 2 || !type_shaped(last) || known(types, named) {
            continue;
        }
        let e = made
            .entry(named.to_ascii_lowercase())
            .or_insert_with(|| (named.clone(), Vec::new(), BTreeSet::new()));
        for v in &p.values {
            if !e.1.iter().any(|m| m.eq_ignore_ascii_case(v)) {
                e.1.push(v.clone());
            }
        }
        e.2.insert(p.source.clone());
    }
    for (key, (name, members, sources)) in made {
        let draft = types.entry(key).or_default();
        draft.name = name;
        draft.kind = Some(TypeKind::Enum);
        draft.sources.extend(sources);
        draft.members = members
            .into_iter()
            .map(|name| EnumMember {
                name,
                description: None,
            })
            .collect();
    }
}

/// `alertSeverity`: a lowercase first letter and a capital inside, as Graph names its types.
fn type_shaped(name: &str) -> bool {
    let chars: Vec<char> = name.chars().collect();
    chars.first().is_some_and(char::is_ascii_lowercase)
        && chars.iter().all(char::is_ascii_alphanumeric)
        && chars
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

/// Enum members checked against the values the doc set shows for them: a table member that no
/// code span or JSON value shows is a translated word and is left out where the descriptions of
/// the enum's properties list its values; listed values the table lacks are added where the
/// table was translated or there is none.
pub(super) fn members_from_values(types: &mut BTreeMap<String, TypeDraft>, shown: &Shown) {
    let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let props: Vec<&DraftProperty> = types.values().flat_map(|t| &t.properties).collect();
    for p in props {
        let Some(TypeRef::Named(named)) = &p.ty else {
            continue;
        };
        let key = named.to_ascii_lowercase();
        if types
            .get(&key)
            .is_none_or(|t| t.kind != Some(TypeKind::Enum))
        {
            continue;
        }
        let list = values.entry(key).or_default();
        for v in &p.values {
            if !list.iter().any(|m| m.eq_ignore_ascii_case(v)) {
                list.push(v.clone());
            }
        }
    }
    for (key, listed) in values {
        let Some(t) = types.get_mut(&key) else {
            continue;
        };
        if listed.is_empty() {
            continue;
        }
        let is_listed = |m: &str| listed.iter().any(|v| v.eq_ignore_ascii_case(m));
        let before = t.members.len();
        t.members
            .retain(|m| is_listed(&m.name) || shown.shows_value(&m.name));
        // A table whose members the doc set shows is complete: code spans in descriptions also
        // name other things (`eq`, `null`, the values of a neighbouring property). Only a
        // table that was translated (or none) takes the listed values.
        if before > 0 && t.members.len() == before && !t.members_skipped {
            continue;
        }
        for v in listed {
            if is_property_name(&v) && !t.members.iter().any(|m| m.name.eq_ignore_ascii_case(&v)) {
                t.members.push(EnumMember {
                    name: v,
                    description: None,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_shapes() {
        assert!(type_shaped("alertSeverity"));
        assert!(!type_shaped("Zeichenfolge"));
        assert!(!type_shaped("string"));
        assert!(!type_shaped("RBAC"));
    }
}
