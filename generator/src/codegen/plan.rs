//! Every decision about one API version before any token is written: Rust names, flattened
//! inheritance, derived types, field types and where recursion needs a `Box`.
//!
//! All orders come from [`TypeSpace::iter`] (by qualified name) or from the model's own lists,
//! so the plan, and the code written from it, never depends on the order pages were read in.

use super::naming::{self, Case, Scope};
use crate::model::{Edm, EnumMember, Property, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace};
use std::collections::{BTreeMap, BTreeSet};

pub(crate) struct VersionPlan<'a> {
    pub types: Vec<TypePlan<'a>>,
}

pub(crate) enum TypePlan<'a> {
    Struct(StructPlan<'a>),
    Enum(EnumPlan<'a>),
}

pub(crate) struct StructPlan<'a> {
    pub def: &'a TypeDef,
    pub name: String,
    /// Qualified names of the base types, nearest first.
    pub bases: Vec<&'a str>,
    /// Inherited fields first (from the root down), then the type's own.
    pub fields: Vec<FieldPlan<'a>>,
    /// The enum over this type and its derived types, if it has any.
    pub any: Option<AnyPlan<'a>>,
}

pub(crate) struct FieldPlan<'a> {
    pub prop: &'a Property,
    /// The qualified name of the type that declares the property.
    pub declared_in: &'a str,
    pub ident: String,
    pub target: Target,
}

/// What a property's (element) type becomes.
pub(crate) enum Target {
    Primitive(Edm),
    Json,
    /// A named type this version does not define; kept as JSON.
    Undefined(String),
    Enum(String),
    Struct {
        id: TypeId,
        name: String,
        boxed: bool,
    },
    /// The `Any…` enum of a type with derived types.
    Any(String),
}

pub(crate) struct AnyPlan<'a> {
    pub name: String,
    /// The type itself first, then every derived type by qualified name.
    pub variants: Vec<AnyVariant<'a>>,
}

pub(crate) struct AnyVariant<'a> {
    pub qualified: &'a str,
    /// The variant is named like the struct it boxes.
    pub name: String,
    /// Lowercased `@odata.type` values (without `#`) that select this variant; unique across
    /// the enum.
    pub odata_types: Vec<String>,
}

pub(crate) struct EnumPlan<'a> {
    pub def: &'a TypeDef,
    pub name: String,
    pub members: Vec<(&'a EnumMember, String)>,
}

fn is_struct(def: &TypeDef) -> bool {
    def.kind != TypeKind::Enum
}

fn struct_id(space: &TypeSpace, qualified: &str) -> Option<TypeId> {
    space
        .lookup(qualified)
        .filter(|&id| is_struct(space.get(id)))
}

/// The Rust names of a version's types, and of the `Any…` enums of types with derived types.
pub(crate) struct TypeNames {
    pub names: BTreeMap<TypeId, String>,
    pub any_names: BTreeMap<TypeId, String>,
    /// Direct derived types, by qualified name.
    children: BTreeMap<TypeId, Vec<TypeId>>,
}

pub(crate) fn type_names(space: &TypeSpace) -> TypeNames {
    let all: Vec<(TypeId, &TypeDef)> = space.iter().collect();
    // Every type first, then the `Any…` enums, which yield on a collision.
    // Parameter types graphdoc makes for actions come after the documented types, so they
    // never take a documented type's name.
    let mut scope = Scope::default();
    let mut names: BTreeMap<TypeId, String> = BTreeMap::new();
    for synthetic in [false, true] {
        let batch: Vec<&(TypeId, &TypeDef)> = all
            .iter()
            .filter(|(_, t)| t.parameters_of.is_some() == synthetic)
            .collect();
        let items: Vec<(&str, String)> = batch
            .iter()
            .map(|(_, t)| {
                let candidate = if synthetic {
                    naming::pascal(t.name.rsplit('.').next().unwrap_or_default())
                } else {
                    naming::type_name(&t.name)
                };
                (t.name.as_str(), candidate)
            })
            .collect();
        names.extend(
            batch
                .iter()
                .map(|(id, _)| *id)
                .zip(scope.assign(&items, Case::Pascal)),
        );
    }

    let mut children: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
    for &(id, def) in &all {
        if let Some(base) = def.base.as_deref().and_then(|b| struct_id(space, b))
            && is_struct(def)
            && base != id
        {
            children.entry(base).or_default().push(id);
        }
    }
    // In `iter` order, like the types.
    let polymorphic: Vec<TypeId> = all
        .iter()
        .map(|(id, _)| *id)
        .filter(|id| children.contains_key(id))
        .collect();
    let any_items: Vec<(&str, String)> = polymorphic
        .iter()
        .map(|id| (space.get(*id).name.as_str(), naming::any_name(&names[id])))
        .collect();
    let any_names = polymorphic
        .into_iter()
        .zip(scope.assign(&any_items, Case::Pascal))
        .collect();
    TypeNames {
        names,
        any_names,
        children,
    }
}

pub(crate) fn plan(space: &TypeSpace) -> VersionPlan<'_> {
    let all: Vec<(TypeId, &TypeDef)> = space.iter().collect();
    let rank: BTreeMap<TypeId, usize> = all
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (*id, i))
        .collect();
    let struct_id = |qualified: &str| struct_id(space, qualified);

    let TypeNames {
        names,
        any_names,
        children,
    } = type_names(space);
    let descendants = |root: TypeId| -> Vec<TypeId> {
        let mut seen = BTreeSet::from([root]);
        let mut stack = vec![root];
        let mut out = Vec::new();
        while let Some(id) = stack.pop() {
            for &child in children.get(&id).into_iter().flatten() {
                if seen.insert(child) {
                    out.push(child);
                    stack.push(child);
                }
            }
        }
        out.sort_by_key(|id| rank[id]);
        out
    };
    let polymorphic: Vec<(TypeId, Vec<TypeId>)> =
        any_names.keys().map(|&id| (id, descendants(id))).collect();

    // Resolved element type of a property.
    let target_of = |ty: &TypeRef| -> Target {
        match ty {
            TypeRef::Primitive(edm) => Target::Primitive(*edm),
            TypeRef::Json => Target::Json,
            TypeRef::Named(qualified) => match space.lookup(qualified) {
                None => Target::Undefined(qualified.clone()),
                Some(id) if !is_struct(space.get(id)) => Target::Enum(names[&id].clone()),
                Some(id) => match any_names.get(&id) {
                    Some(any) => Target::Any(any.clone()),
                    None => Target::Struct {
                        id,
                        name: names[&id].clone(),
                        boxed: false,
                    },
                },
            },
        }
    };

    // Flattened properties: the base chain from the root down, a redeclared name keeping its
    // first place and its most derived declaration.
    let flattened = |id: TypeId| -> (Vec<&str>, Vec<(&Property, &str)>) {
        let mut chain = vec![id];
        let mut seen = BTreeSet::from([id]);
        let mut current = id;
        while let Some(base) = space.get(current).base.as_deref().and_then(struct_id) {
            if !seen.insert(base) {
                break;
            }
            chain.push(base);
            current = base;
        }
        let bases = chain[1..]
            .iter()
            .map(|&b| space.get(b).name.as_str())
            .collect();
        let mut props: Vec<(&Property, &str)> = Vec::new();
        let mut position: BTreeMap<&str, usize> = BTreeMap::new();
        for &ancestor in chain.iter().rev() {
            let def = space.get(ancestor);
            for prop in &def.properties {
                match position.get(prop.name.as_str()) {
                    Some(&i) => props[i] = (prop, def.name.as_str()),
                    None => {
                        position.insert(&prop.name, props.len());
                        props.push((prop, &def.name));
                    }
                }
            }
        }
        (bases, props)
    };

    let mut structs: BTreeMap<TypeId, StructPlan> = BTreeMap::new();
    for &(id, def) in all.iter().filter(|(_, d)| is_struct(d)) {
        let (bases, props) = flattened(id);
        let items: Vec<(&str, String)> = props
            .iter()
            .map(|(p, _)| (p.name.as_str(), naming::snake(&p.name)))
            .collect();
        let idents =
            Scope::with_reserved(&[naming::ADDITIONAL_PROPERTIES]).assign(&items, Case::Snake);
        let fields = props
            .into_iter()
            .zip(idents)
            .map(|((prop, declared_in), ident)| FieldPlan {
                prop,
                declared_in,
                ident,
                target: target_of(&prop.ty),
            })
            .collect();
        structs.insert(
            id,
            StructPlan {
                def,
                name: names[&id].clone(),
                bases,
                fields,
                any: None,
            },
        );
    }

    // Recursion: a by-value field whose struct can reach back to the containing struct is boxed.
    // Such a field joins two structs of one strongly connected component.
    let edges: BTreeMap<TypeId, Vec<TypeId>> = structs
        .iter()
        .map(|(id, s)| {
            let targets = s
                .fields
                .iter()
                .filter(|f| !f.prop.collection)
                .filter_map(|f| match &f.target {
                    Target::Struct { id, .. } => Some(*id),
                    _ => None,
                })
                .collect();
            (*id, targets)
        })
        .collect();
    let component = strongly_connected_components(&edges);
    for (id, s) in structs.iter_mut() {
        for f in s.fields.iter_mut().filter(|f| !f.prop.collection) {
            if let Target::Struct { id: to, boxed, .. } = &mut f.target {
                *boxed = component[to] == component[id];
            }
        }
    }

    for (id, derived) in &polymorphic {
        let mut claimed = BTreeSet::new();
        let members: Vec<TypeId> = std::iter::once(*id)
            .chain(derived.iter().copied())
            .collect();
        let mut odata_types: Vec<Vec<String>> = vec![Vec::new(); members.len()];
        // Qualified names claim their value before any short alias does.
        for (i, m) in members.iter().enumerate() {
            let full = space.get(*m).name.to_ascii_lowercase();
            if claimed.insert(full.clone()) {
                odata_types[i].push(full);
            }
        }
        for (i, m) in members.iter().enumerate() {
            let full = space.get(*m).name.to_ascii_lowercase();
            if let Some(short) = full.strip_prefix("microsoft.graph.")
                && claimed.insert(short.to_string())
            {
                odata_types[i].push(short.to_string());
            }
        }
        let variants = members
            .iter()
            .zip(odata_types)
            .map(|(m, odata_types)| AnyVariant {
                qualified: space.get(*m).name.as_str(),
                name: names[m].clone(),
                odata_types,
            })
            .collect();
        structs
            .get_mut(id)
            .expect("a polymorphic type is a struct")
            .any = Some(AnyPlan {
            name: any_names[id].clone(),
            variants,
        });
    }

    let types = all
        .iter()
        .map(|&(id, def)| match structs.remove(&id) {
            Some(s) => TypePlan::Struct(s),
            None => TypePlan::Enum(enum_plan(def, names[&id].clone())),
        })
        .collect();
    VersionPlan { types }
}

fn enum_plan(def: &TypeDef, name: String) -> EnumPlan<'_> {
    let mut seen = BTreeSet::new();
    let members: Vec<&EnumMember> = def
        .members
        .iter()
        .filter(|m| seen.insert(m.name.as_str()))
        .collect();
    let items: Vec<(&str, String)> = members
        .iter()
        .map(|m| (m.name.as_str(), naming::pascal(&m.name)))
        .collect();
    let variants = Scope::with_reserved(&[naming::CATCH_ALL_VARIANT]).assign(&items, Case::Pascal);
    EnumPlan {
        def,
        name,
        members: members.into_iter().zip(variants).collect(),
    }
}

/// Kosaraju, iteratively: a component number per node.
fn strongly_connected_components(edges: &BTreeMap<TypeId, Vec<TypeId>>) -> BTreeMap<TypeId, usize> {
    let mut finished = Vec::with_capacity(edges.len());
    let mut visited = BTreeSet::new();
    for &start in edges.keys() {
        if !visited.insert(start) {
            continue;
        }
        let mut stack = vec![(start, 0usize)];
        while let Some((node, next)) = stack.last_mut() {
            let out = &edges[node];
            if let Some(&to) = out.get(*next) {
                *next += 1;
                if visited.insert(to) {
                    stack.push((to, 0));
                }
            } else {
                finished.push(*node);
                stack.pop();
            }
        }
    }
    let mut reverse: BTreeMap<TypeId, Vec<TypeId>> = BTreeMap::new();
    for (&from, tos) in edges {
        for &to in tos {
            reverse.entry(to).or_default().push(from);
        }
    }
    let mut component = BTreeMap::new();
    for (n, &root) in finished.iter().rev().enumerate() {
        if component.contains_key(&root) {
            continue;
        }
        component.insert(root, n);
        let mut stack = vec![root];
        while let Some(node) = stack.pop() {
            for &from in reverse.get(&node).into_iter().flatten() {
                if let std::collections::btree_map::Entry::Vacant(slot) = component.entry(from) {
                    slot.insert(n);
                    stack.push(from);
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_join_cycles_only() {
        let e = |v: &[usize]| v.iter().map(|&i| TypeId(i)).collect::<Vec<_>>();
        let edges = BTreeMap::from([
            (TypeId(0), e(&[1])),
            (TypeId(1), e(&[2])),
            (TypeId(2), e(&[0, 3])),
            (TypeId(3), e(&[3])),
            (TypeId(4), e(&[0])),
        ]);
        let c = strongly_connected_components(&edges);
        assert_eq!(c[&TypeId(0)], c[&TypeId(1)]);
        assert_eq!(c[&TypeId(1)], c[&TypeId(2)]);
        assert_ne!(c[&TypeId(2)], c[&TypeId(3)]);
        assert_ne!(c[&TypeId(4)], c[&TypeId(0)]);
    }
}
