//! Where each type and stub of a standalone crate goes: one module per area of the docs, each
//! behind a cargo feature, and a `shared` module that is always built.
//!
//! An area is the docs' own grouping: the `ms.prod` front matter of the pages (`outlook`,
//! `intune`, `users`, …), which the caller reads and hands over as page → area. A type goes to
//! the area of the pages it was read from (the most common one; a parameter type to its
//! operation's), a type no area claims to the one area that uses it, else to `shared`; a stub to
//! its page's area. Then what must always be there moves to `shared`: a type that a type of
//! another area (or of `shared`) holds as a property, and what that type holds in turn. What
//! stays across areas is a relationship (a navigation property), a derived type in an `Any…`
//! enum, or a stub's body or output: those are gated by the feature of the area they reach
//! (`#[cfg(feature = "…")]`), the way windows-rs gates a method by the types it uses, so
//! enabling `outlook` and `users` does not pull in `intune`.

use super::naming;
use super::plan::{BodyPlan, OutputPlan, Target, TypePlan, VersionPlan};
use proc_macro2::TokenStream;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Module and feature names that an area cannot take: the always-built module, the stubs'
/// module, the runtime, and the crate's other features.
const RESERVED: [&str; 6] = ["shared", "ops", "client", "full", "default", "reqwest"];

/// The area (feature and module name) of an `ms.prod` value, if it names one.
pub(crate) fn area_name(ms_prod: &str) -> Option<String> {
    let raw = ms_prod.trim();
    if raw.is_empty() || !raw.is_ascii() {
        return None;
    }
    let name = naming::snake(&raw.to_ascii_lowercase());
    if name.is_empty() || !naming::is_valid_ident(&name) || !name.is_ascii() {
        return None;
    }
    Some(
        if naming::is_keyword(&name) || RESERVED.contains(&name.as_str()) {
            format!("{name}_area")
        } else {
            name
        },
    )
}

/// The placement of one version's types and stubs.
pub(crate) struct VersionLayout {
    /// Per entry of `VersionPlan::types`: its area, `None` for `shared`.
    pub type_area: Vec<Option<String>>,
    /// Per entry of `VersionPlan::ops`.
    pub op_area: Vec<Option<String>>,
    /// The area of each Rust type name (structs, their `Any…` enums, enums).
    by_name: HashMap<String, Option<String>>,
}

/// The `#[cfg]` gates of the code of one area (`None`: `shared`).
pub(crate) struct Gates<'a> {
    area: Option<&'a str>,
    layout: Option<&'a VersionLayout>,
}

impl<'a> Gates<'a> {
    /// No gates: the one-file layout of a module tree, which has no features.
    pub fn none() -> Gates<'static> {
        Gates {
            area: None,
            layout: None,
        }
    }

    pub fn of(layout: &'a VersionLayout, area: Option<&'a str>) -> Gates<'a> {
        Gates {
            area,
            layout: Some(layout),
        }
    }

    /// The area a reference to `target` needs, when it is another area than this code's.
    fn needs(&self, target: &Target) -> Option<&'a str> {
        let layout = self.layout?;
        let area = layout.by_name.get(target_name(target)?)?.as_deref()?;
        (Some(area) != self.area).then_some(area)
    }

    /// `#[cfg(feature = "…")]` for a reference to `target`, as printed text (without a line
    /// break), or `None` for nothing.
    pub fn attr_text(&self, target: &Target) -> Option<String> {
        cfg_text(self.needs(target).into_iter().collect())
    }

    /// The gate of a stub, as printed: the areas of its body and output.
    pub fn op_attr(&self, body: Option<&BodyPlan>, output: &OutputPlan) -> Option<String> {
        let mut areas = BTreeSet::new();
        if let Some(BodyPlan::Typed { target, .. }) = body {
            areas.extend(self.needs(target));
        }
        if let OutputPlan::Typed { target, .. } | OutputPlan::Value { target } = output {
            areas.extend(self.needs(target));
        }
        cfg_text(areas)
    }
}

/// `#[cfg(feature = "…")]` requiring every one of `areas`, or nothing for none.
pub(crate) fn cfg_attr(areas: BTreeSet<&str>) -> TokenStream {
    match cfg_text(areas) {
        None => TokenStream::new(),
        Some(text) => match text.parse() {
            Ok(tokens) => tokens,
            // Feature names are literals: a bug here.
            Err(e) => panic!("graphdoc wrote a cfg attribute that does not lex: {e}"),
        },
    }
}

/// The same as prettyplease prints it, or `None` for no area.
fn cfg_text(areas: BTreeSet<&str>) -> Option<String> {
    let features: Vec<String> = areas
        .iter()
        .map(|a| format!("feature = {}", super::text::literal(a)))
        .collect();
    match features.len() {
        0 => None,
        1 => Some(format!("#[cfg({})]", features[0])),
        _ => Some(format!("#[cfg(all({}))]", features.join(", "))),
    }
}

/// The most common area of `pages` (ties: the first by name).
fn area_of_pages<'p>(
    pages: impl IntoIterator<Item = &'p String>,
    areas: &BTreeMap<String, String>,
) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for p in pages {
        if let Some(a) = areas.get(p) {
            *counts.entry(a).or_default() += 1;
        }
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|(_, n)| *n == best)
        .map(|(a, _)| a.to_string())
}

fn target_name(t: &Target) -> Option<&str> {
    match t {
        Target::Struct { name, .. } | Target::Any { name, .. } | Target::Enum { name, .. } => {
            Some(name)
        }
        _ => None,
    }
}

/// Places the types and stubs of `plan`; `ms_prod` maps a page (as the model and operations
/// name it) to its `ms.prod` value.
pub(crate) fn layout(plan: &VersionPlan, ms_prod: &BTreeMap<String, String>) -> VersionLayout {
    let areas: BTreeMap<String, String> = ms_prod
        .iter()
        .filter_map(|(page, v)| Some((page.clone(), area_name(v)?)))
        .collect();
    let areas = &areas;
    // Rust name → index in `plan.types`.
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, ty) in plan.types.iter().enumerate() {
        match ty {
            TypePlan::Struct(s) => {
                index.insert(&s.name, i);
                if let Some(any) = &s.any {
                    index.insert(&any.name, i);
                }
            }
            TypePlan::Enum(e) => {
                index.insert(&e.name, i);
            }
        }
    }
    let op_area: Vec<Option<String>> = plan
        .ops
        .iter()
        .map(|o| areas.get(&o.op.page).cloned())
        .collect();
    let op_of_id: HashMap<&str, usize> = plan
        .ops
        .iter()
        .enumerate()
        .map(|(i, o)| (o.op.id.as_str(), i))
        .collect();
    // The areas of the pages a type was read from.
    let mut type_area: Vec<Option<String>> = plan
        .types
        .iter()
        .map(|ty| match ty {
            TypePlan::Struct(s) => match s.info.parameters_of {
                Some(op) => op_of_id.get(op).and_then(|&i| op_area[i].clone()),
                None if s.id.0 < plan.space.len() => {
                    area_of_pages(&plan.space.get(s.id).sources, areas)
                }
                None => None,
            },
            TypePlan::Enum(e) => area_of_pages(&e.def.sources, areas),
        })
        .collect();
    // A type no page's area claims: the one area that uses it, if only one does.
    let mut users: Vec<BTreeSet<String>> = vec![BTreeSet::new(); plan.types.len()];
    let mut used_by = |target: &Target, area: &Option<String>| {
        if let (Some(name), Some(area)) = (target_name(target), area)
            && let Some(&i) = index.get(name)
        {
            users[i].insert(area.clone());
        }
    };
    for (i, ty) in plan.types.iter().enumerate() {
        if let TypePlan::Struct(s) = ty {
            for f in &s.fields {
                used_by(&f.target, &type_area[i]);
            }
        }
    }
    for (o, area) in plan.ops.iter().zip(&op_area) {
        if let Some(BodyPlan::Typed { target, .. }) = &o.body {
            used_by(target, area);
        }
        if let OutputPlan::Typed { target, .. } | OutputPlan::Value { target } = &o.output {
            used_by(target, area);
        }
    }
    for (area, users) in type_area.iter_mut().zip(users) {
        if area.is_none() && users.len() == 1 {
            *area = users.into_iter().next();
        }
    }
    // What a type of another area holds as a property must always be built: it moves to
    // `shared`, and so does what it holds.
    let mut work: Vec<usize> = (0..plan.types.len()).collect();
    while let Some(i) = work.pop() {
        let TypePlan::Struct(s) = &plan.types[i] else {
            continue;
        };
        for f in s.fields.iter().filter(|f| !f.prop.navigation) {
            let Some(&j) = target_name(&f.target).and_then(|n| index.get(n)) else {
                continue;
            };
            if type_area[j].is_some() && type_area[j] != type_area[i] {
                type_area[j] = None;
                work.push(j);
            }
        }
    }
    let mut by_name = HashMap::new();
    for (name, &i) in &index {
        by_name.insert(name.to_string(), type_area[i].clone());
    }
    VersionLayout {
        type_area,
        op_area,
        by_name,
    }
}
