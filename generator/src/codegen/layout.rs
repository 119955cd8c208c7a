//! Where each type and stub of a standalone crate goes, and when each is built: one module per
//! area of the docs, each behind a cargo feature, and a `shared` module whose items carry the
//! features of the areas that use them.
//!
//! An area is the docs' own grouping: the `ms.prod` front matter of the pages (`outlook`,
//! `intune`, `users`, …), which the caller reads and hands over as page → area. A type goes to
//! the area of the pages it was read from (the most common one; a parameter type to its
//! operation's), a type no area claims to the one area that uses it, else to `shared`; a stub to
//! its page's area. Then what must be there with its holder moves to `shared`: a type that a type
//! of another area (or of `shared`) holds as a property, and what that type holds in turn. What
//! stays across areas is a relationship (a navigation property), a derived type in an `Any…`
//! enum, or a stub's body or output: those are gated by the feature of the area they reach
//! (`#[cfg(feature = "…")]`), the way windows-rs gates a method by the types it uses, so
//! enabling `outlook` and `users` does not pull in `intune`.
//!
//! A `shared` type is built when any area whose code names it is on, and with what holds it as a
//! property ([`Gate`]); so `outlook` and `users` build only the `shared` types they reach.

use super::naming;
use super::plan::{BodyPlan, OutputPlan, StructPlan, Target, TypePlan, VersionPlan};
use proc_macro2::TokenStream;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Module and feature names that an area cannot take: the module of shared types, the stubs'
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
    /// Per entry of `VersionPlan::types`: the features that build it.
    type_gate: Vec<Gate>,
    /// Per entry of `VersionPlan::ops`: the features that build its module (a stub of
    /// `shared`: none).
    op_gate: Vec<Gate>,
    /// The index in `VersionPlan::types` of each Rust type name (structs, their `Any…` enums,
    /// enums).
    by_name: HashMap<String, usize>,
}

/// When a type is built: always, or when the feature of any one of a set of areas is on (a
/// type of an area: that area; a `shared` type: the areas that use it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Gate {
    Always,
    Any(BTreeSet<String>),
}

impl Gate {
    /// The gate of the code of `area`, or of code built whatever the features.
    fn of_area(area: Option<&String>) -> Gate {
        match area {
            Some(area) => Gate::Any(BTreeSet::from([area.clone()])),
            None => Gate::Always,
        }
    }

    /// Whether code built under `self` may name a type built under `other` without a gate
    /// of its own: whenever `self` is built, so is the type.
    fn within(&self, other: &Gate) -> bool {
        match (self, other) {
            (_, Gate::Always) => true,
            (Gate::Always, Gate::Any(_)) => false,
            (Gate::Any(here), Gate::Any(there)) => here.is_subset(there),
        }
    }
}

/// The `#[cfg]` gates of one type or stub: what its references to other types need.
pub(crate) struct Gates<'a> {
    /// Where the code is built: `None` for a layout without features.
    here: Option<(&'a VersionLayout, &'a Gate)>,
    /// The item's own gate, when its module (`shared`) has none.
    own: Option<&'a BTreeSet<String>>,
}

impl<'a> Gates<'a> {
    /// No gates: the one-file layout of a module tree, which has no features.
    pub fn none() -> Gates<'static> {
        Gates {
            here: None,
            own: None,
        }
    }

    /// The gates of the type `plan.types[i]`.
    pub fn of_type(layout: &'a VersionLayout, i: usize) -> Gates<'a> {
        let gate = &layout.type_gate[i];
        Gates {
            here: Some((layout, gate)),
            own: match (gate, &layout.type_area[i]) {
                (Gate::Any(areas), None) => Some(areas),
                _ => None,
            },
        }
    }

    /// The gates of the stub `plan.ops[i]`: a stub of `shared` is built whatever the features,
    /// unless what it sends or returns is not.
    pub fn of_op(layout: &'a VersionLayout, i: usize) -> Gates<'a> {
        Gates {
            here: Some((layout, &layout.op_gate[i])),
            own: None,
        }
    }

    /// The areas a reference to `target` needs (any one of them), when this code may be
    /// built without `target`.
    fn needs(&self, target: &Target) -> Option<&'a BTreeSet<String>> {
        let (layout, here) = self.here.as_ref()?;
        let gate = &layout.type_gate[*layout.by_name.get(target_name(target)?)?];
        match gate {
            Gate::Any(areas) if !here.within(gate) => Some(areas),
            _ => None,
        }
    }

    /// `#[cfg(…)]` for a reference to `target`, as printed text (without a line break), or
    /// `None` for nothing.
    pub fn attr_text(&self, target: &Target) -> Option<String> {
        cfg_text(self.needs(target).into_iter().collect())
    }

    /// `#[cfg(…)]` for each item of the type, as printed text, when its module does not gate it.
    pub fn own_attr(&self) -> Option<String> {
        cfg_text(self.own.into_iter().collect())
    }

    /// The gate of a stub, as printed: the areas of its body and output.
    pub fn op_attr(&self, body: Option<&BodyPlan>, output: &OutputPlan) -> Option<String> {
        cfg_text(
            op_targets(body, output)
                .filter_map(|t| self.needs(t))
                .collect(),
        )
    }
}

/// The types a stub names: its body's and its output's.
fn op_targets<'p>(
    body: Option<&'p BodyPlan>,
    output: &'p OutputPlan,
) -> impl Iterator<Item = &'p Target> {
    let body = match body {
        Some(BodyPlan::Typed { target, .. }) => Some(target),
        _ => None,
    };
    let output = match output {
        OutputPlan::Typed { target, .. } | OutputPlan::Value { target } => Some(target),
        _ => None,
    };
    body.into_iter().chain(output)
}

/// `#[cfg(feature = "…")]` for the module of `area`, or nothing for `shared`.
pub(crate) fn cfg_attr(area: Option<&str>) -> TokenStream {
    let areas = area.map(|a| BTreeSet::from([a.to_string()]));
    match cfg_text(areas.iter().collect()) {
        None => TokenStream::new(),
        Some(text) => match text.parse() {
            Ok(tokens) => tokens,
            // Feature names are literals: a bug here.
            Err(e) => panic!("graphdoc wrote a cfg attribute that does not lex: {e}"),
        },
    }
}

/// `#[cfg(…)]` requiring, for each of `groups`, the feature of one of its areas, as
/// prettyplease prints it; `None` for no group.
fn cfg_text(groups: Vec<&BTreeSet<String>>) -> Option<String> {
    let any = |areas: &BTreeSet<String>| -> String {
        let features: Vec<String> = areas
            .iter()
            .map(|a| format!("feature = {}", super::text::literal(a)))
            .collect();
        match features.len() {
            1 => features.into_iter().next().unwrap_or_default(),
            _ => format!("any({})", features.join(", ")),
        }
    };
    // Sorted, each once: a single feature (`feature = …`) before a choice (`any(…)`).
    let predicates: BTreeSet<String> = groups.into_iter().map(any).collect();
    match predicates.len() {
        0 => None,
        1 => predicates
            .into_iter()
            .next()
            .map(|p| format!("#[cfg({p})]")),
        _ => Some(format!(
            "#[cfg(all({}))]",
            predicates.into_iter().collect::<Vec<_>>().join(", ")
        )),
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
        for target in op_targets(o.body.as_ref(), &o.output) {
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
        for j in held(s, &index) {
            if type_area[j].is_some() && type_area[j] != type_area[i] {
                type_area[j] = None;
                work.push(j);
            }
        }
    }
    let type_gate = gates(plan, &index, &type_area, &op_area);
    let op_gate = op_area.iter().map(|a| Gate::of_area(a.as_ref())).collect();
    let by_name = index.iter().map(|(n, &i)| (n.to_string(), i)).collect();
    VersionLayout {
        type_area,
        op_area,
        type_gate,
        op_gate,
        by_name,
    }
}

/// The types `s` holds as properties (not relationships), by index in `VersionPlan::types`.
fn held<'p>(s: &'p StructPlan, index: &'p HashMap<&str, usize>) -> impl Iterator<Item = usize> {
    s.fields
        .iter()
        .filter(|f| !f.prop.navigation)
        .filter_map(|f| index.get(target_name(&f.target)?).copied())
}

/// The gate of each type. A type of an area is built with that area's feature. A `shared` type
/// is built when the feature of any area whose code names it is on (as a property, a
/// relationship, a derived type or a stub's body or output), and whenever the `shared` type
/// that holds it as a property is: what a built type holds is built. A `shared` type that no
/// area's code reaches so is always built, and so is what it holds; so is a type that every
/// area reaches. Elsewhere a reference whose type may be missing carries that type's gate.
fn gates(
    plan: &VersionPlan,
    index: &HashMap<&str, usize>,
    type_area: &[Option<String>],
    op_area: &[Option<String>],
) -> Vec<Gate> {
    let shared_named = |name: &str| -> Option<usize> {
        let &j = index.get(name)?;
        type_area[j].is_none().then_some(j)
    };
    let shared = |target: &Target| shared_named(target_name(target)?);
    // The areas whose code names each `shared` type.
    let mut reached: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); plan.types.len()];
    for (ty, area) in plan.types.iter().zip(type_area) {
        let (TypePlan::Struct(s), Some(area)) = (ty, area) else {
            continue;
        };
        let fields = s.fields.iter().filter_map(|f| shared(&f.target));
        let variants = s.any.iter().flat_map(|any| &any.variants);
        let variants = variants.filter_map(|v| shared_named(&v.name));
        for j in fields.chain(variants) {
            reached[j].insert(area);
        }
    }
    for (o, area) in plan.ops.iter().zip(op_area) {
        let Some(area) = area else { continue };
        for j in op_targets(o.body.as_ref(), &o.output).filter_map(shared) {
            reached[j].insert(area);
        }
    }
    // What a `shared` type holds as a property is built whenever it is.
    let holds: Vec<Vec<usize>> = plan
        .types
        .iter()
        .zip(type_area)
        .map(|(ty, area)| match (ty, area) {
            (TypePlan::Struct(s), None) => {
                held(s, index).filter(|&j| type_area[j].is_none()).collect()
            }
            _ => Vec::new(),
        })
        .collect();
    let mut work: Vec<usize> = (0..plan.types.len())
        .filter(|&i| !reached[i].is_empty())
        .collect();
    while let Some(i) = work.pop() {
        for &j in &holds[i] {
            if !reached[i].is_subset(&reached[j]) {
                let add: Vec<&str> = reached[i].difference(&reached[j]).copied().collect();
                reached[j].extend(add);
                work.push(j);
            }
        }
    }
    let all: BTreeSet<&str> = type_area
        .iter()
        .chain(op_area)
        .flatten()
        .map(String::as_str)
        .collect();
    let mut gate: Vec<Gate> = type_area
        .iter()
        .zip(&reached)
        .map(|(area, reached)| match area {
            Some(_) => Gate::of_area(area.as_ref()),
            None if reached.is_empty() || *reached == all => Gate::Always,
            None => Gate::Any(reached.iter().map(|a| a.to_string()).collect()),
        })
        .collect();
    // What an always-built type holds is always built.
    let mut work: Vec<usize> = (0..plan.types.len())
        .filter(|&i| type_area[i].is_none() && gate[i] == Gate::Always)
        .collect();
    while let Some(i) = work.pop() {
        for &j in &holds[i] {
            if gate[j] != Gate::Always {
                gate[j] = Gate::Always;
                work.push(j);
            }
        }
    }
    gate
}
