//! Every decision about the code before any token is written: Rust names (from [`naming`]),
//! flattened inheritance, derived types and their `@odata.type` dispatch, field types and where
//! recursion needs a `Box`, the stubs' names, bodies and outputs, and which documented examples
//! can be replayed. [`fits`] tells whether a JSON value deserializes into a planned type by the
//! same rules the emitter writes, so the checker and the emitted code cannot drift apart.
//!
//! All orders come from [`TypeSpace::iter`] (by qualified name) or from the model's own lists,
//! so the plan, and the code written from it, never depends on the order pages were read in.

use super::naming::{self, Case, Scope};
use super::runtime::{path_encoding, url_compare};
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{
    ApiModel, Edm, EnumMember, Property, TypeDef, TypeId, TypeKind, TypeRef, TypeSpace,
};
use crate::ops::BodyKind;
use crate::ops::path::{ParamKind, PathTemplate, Piece};
use crate::ops::{Example, Operation, Operations, RequestBody, ResponseBody, VersionOps};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The plan of a whole doc set: one [`VersionPlan`] per API version, in version order.
pub struct Plan<'a> {
    pub(crate) versions: Vec<VersionPlan<'a>>,
    /// Documented examples that cannot be replayed or checked, and why (GD0902).
    pub diagnostics: Vec<Diagnostic>,
}

pub(crate) struct VersionPlan<'a> {
    pub version: &'a str,
    /// The Rust module of the version (`v1_0`).
    pub module: String,
    pub space: &'a TypeSpace,
    /// Documented types in [`TypeSpace::iter`] order with the parameter types of actions
    /// among them, by qualified name.
    pub types: Vec<TypePlan<'a>>,
    /// Where each type's plan is in `types`; parameter types have ids after the space's.
    position: HashMap<TypeId, usize>,
    /// The Rust name of each type, and of the `Any…` enum of each type with derived types.
    names: TypeNames,
    pub ops: Vec<OpPlan<'a>>,
    pub orphan_examples: &'a [String],
}

pub(crate) enum TypePlan<'a> {
    Struct(StructPlan<'a>),
    Enum(EnumPlan<'a>),
}

/// What a struct is, for its documentation.
pub(crate) struct TypeInfo<'a> {
    /// The qualified name (`microsoft.graph.user`, `graphdoc.parameters.UserSendMailParameters`).
    pub qualified: String,
    pub kind: TypeKind,
    pub open: bool,
    pub description: Option<&'a str>,
    /// The operation whose parameters the struct holds.
    pub parameters_of: Option<&'a str>,
}

pub(crate) struct StructPlan<'a> {
    pub id: TypeId,
    pub info: TypeInfo<'a>,
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
    /// The qualified name of the base type that declares the property, if one does.
    pub inherited_from: Option<&'a str>,
    pub ident: String,
    pub target: Target,
    /// A `Vec` of the target rather than an `Option`.
    pub collection: bool,
}

/// What a property's (element) type becomes.
#[derive(Clone)]
pub(crate) enum Target {
    Primitive(Edm),
    Json,
    /// A named type this version does not define; kept as JSON.
    Undefined(String),
    Enum {
        id: TypeId,
        name: String,
    },
    Struct {
        id: TypeId,
        name: String,
        boxed: bool,
    },
    /// The `Any…` enum of a type with derived types.
    Any {
        id: TypeId,
        name: String,
    },
}

/// Whether `value` is a string holding JSON the primitive `target` accepts (`"false"` for a
/// Boolean): a quoted value, not evidence of another type.
fn quotes(target: &Target, collection: bool, value: &Value) -> bool {
    let Target::Primitive(edm) = target else {
        return false;
    };
    let scalar = Scalar::of(*edm);
    let quoted = |v: &Value| {
        v.as_str()
            .and_then(|s| serde_json::from_str::<Value>(s.trim()).ok())
            .is_some_and(|inner| !inner.is_string() && scalar.accepts(&inner))
    };
    match value.as_array() {
        Some(items) if collection => items.iter().all(|i| i.is_null() || quoted(i)),
        _ => !collection && quoted(value),
    }
}

/// The Rust type of an OData primitive, and the JSON it accepts: one rule, one place.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scalar {
    /// Strings, and the primitives Graph sends as strings without a type of their own (bytes,
    /// streams).
    Text,
    /// Strings that keep their exact text in a runtime type (its path: `client::DateTime`, …),
    /// which reads them as dates, times, durations or GUIDs.
    Typed(&'static str),
    Bool,
    U8,
    I8,
    I16,
    I32,
    I64,
    /// Floating point and decimal: kept as the exact JSON number.
    Number,
}

impl Scalar {
    pub fn of(edm: Edm) -> Scalar {
        match edm {
            Edm::String | Edm::Binary | Edm::Stream => Scalar::Text,
            Edm::DateTimeOffset => Scalar::Typed("client::DateTime"),
            Edm::Date => Scalar::Typed("client::Date"),
            Edm::TimeOfDay => Scalar::Typed("client::TimeOfDay"),
            Edm::Duration => Scalar::Typed("client::Duration"),
            Edm::Guid => Scalar::Typed("client::Guid"),
            Edm::Boolean => Scalar::Bool,
            Edm::Byte => Scalar::U8,
            Edm::SByte => Scalar::I8,
            Edm::Int16 => Scalar::I16,
            Edm::Int32 => Scalar::I32,
            Edm::Int64 => Scalar::I64,
            Edm::Single | Edm::Double | Edm::Decimal => Scalar::Number,
        }
    }

    /// The Rust type, as the version module names it.
    pub fn path(self) -> &'static str {
        match self {
            Scalar::Text => "::std::string::String",
            Scalar::Typed(path) => path,
            Scalar::Bool => "bool",
            Scalar::U8 => "u8",
            Scalar::I8 => "i8",
            Scalar::I16 => "i16",
            Scalar::I32 => "i32",
            Scalar::I64 => "i64",
            Scalar::Number => "::serde_json::Number",
        }
    }

    /// Whether serde reads `value` as [`Scalar::path`].
    pub fn accepts(self, value: &Value) -> bool {
        match self {
            Scalar::Text | Scalar::Typed(_) => value.is_string(),
            Scalar::Bool => value.is_boolean(),
            Scalar::U8 => value.as_u64().is_some_and(|n| n <= u8::MAX as u64),
            Scalar::I8 => value.as_i64().is_some_and(|n| i8::try_from(n).is_ok()),
            Scalar::I16 => value.as_i64().is_some_and(|n| i16::try_from(n).is_ok()),
            Scalar::I32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            Scalar::I64 => value.as_i64().is_some(),
            Scalar::Number => value.is_number(),
        }
    }
}

pub(crate) struct AnyPlan<'a> {
    pub name: String,
    /// The type itself first, then every derived type by qualified name.
    pub variants: Vec<AnyVariant<'a>>,
    /// The downcast method of each variant (`as_user`), in the order of `variants`.
    pub downcasts: Vec<String>,
    /// The fields of the base type that every variant holds with the same name and type, by
    /// index into the base's `fields`: each gets an accessor on the enum.
    pub shared_fields: Vec<usize>,
}

pub(crate) struct AnyVariant<'a> {
    pub id: TypeId,
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

/// The stub of one operation.
pub(crate) struct OpPlan<'a> {
    pub op: &'a Operation,
    /// The struct.
    pub name: String,
    /// The enum of its URL forms.
    pub path_enum: String,
    /// Its variants, one per URL form.
    pub variants: Vec<String>,
    /// Per variant, the fields of its parameters.
    pub fields: Vec<Vec<String>>,
    /// What `new` takes as the body, if anything.
    pub body: Option<BodyPlan>,
    /// What `parse` returns.
    pub output: OutputPlan,
    /// Whether `parse` refuses a collection body for a single-object output.
    pub checks_object_shape: bool,
    /// Per example of the operation, whether it is replayed and checked.
    pub examples: Vec<ExamplePlan>,
}

pub(crate) enum BodyPlan {
    /// A type (or a `Vec` of it); parameter types are planned structs too.
    Typed {
        target: Target,
        collection: bool,
    },
    Json,
    Bytes {
        content_type: String,
    },
}

pub(crate) enum OutputPlan {
    Nothing,
    Typed {
        target: Target,
        collection: bool,
    },
    /// One primitive the response wraps in `{"value": …}` (a collection of them is `Typed`).
    Value {
        target: Target,
    },
    Json {
        collection: bool,
    },
    Bytes,
    Accepted,
}

/// Why the documented response of `e` would be a shape error of a stub that parses one object
/// ([`OpPlan::checks_object_shape`]): its body is a collection (`{"value": [...]}`).
fn shape_problem(checks_object_shape: bool, e: &Example) -> Option<String> {
    let body = e.response.as_ref()?.body.as_ref()?;
    (checks_object_shape && body.get("value").is_some_and(Value::is_array)).then(|| {
        "the page documents one object but shows a collection body (`{\"value\": [...]}`), which the stub reports as a shape error".into()
    })
}

/// Why an example is left out; `None` where it is replayed (request) or checked (response).
pub(crate) struct ExamplePlan {
    pub request: Option<String>,
    /// `None` too where the example shows no JSON response to check.
    pub response: Option<String>,
}

/// The Rust names of a version's types, and of the `Any…` enums of types with derived types.
struct TypeNames {
    names: BTreeMap<TypeId, String>,
    any_names: BTreeMap<TypeId, String>,
    /// Direct derived types.
    children: BTreeMap<TypeId, Vec<TypeId>>,
}

static EMPTY_SPACE: TypeSpace = TypeSpace::EMPTY;
static EMPTY_OPS: VersionOps = VersionOps::EMPTY;

/// A parameter type of an action, before it is planned.
struct ParameterType<'a> {
    id: TypeId,
    qualified: String,
    op: &'a Operation,
    properties: &'a [Property],
}

/// Plans every version of a doc set: the types of `types` and the operations of `ops`.
pub fn plan<'a>(types: &'a ApiModel, ops: &'a Operations) -> Plan<'a> {
    let versions: Vec<&'a str> = types
        .versions
        .keys()
        .chain(ops.versions.keys())
        .map(String::as_str)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let modules = module_names(&versions);
    use rayon::prelude::*;
    // Versions are planned independently, in parallel.
    let planned: Vec<PlannedVersion> = versions
        .into_iter()
        .zip(modules)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(version, module)| {
            let space = types.versions.get(version).unwrap_or(&EMPTY_SPACE);
            let vops = ops.versions.get(version).unwrap_or(&EMPTY_OPS);
            plan_version(version, module, space, vops)
        })
        .collect();
    Plan::from_versions(planned)
}

/// The Rust module of each of `versions` (sorted, all the versions of the doc set): `v1.0` →
/// `v1_0`, kept apart from each other and from the crate's own modules.
pub(crate) fn module_names(versions: &[&str]) -> Vec<String> {
    let items: Vec<(&str, String)> = versions
        .iter()
        .map(|v| (*v, naming::module_name(v)))
        .collect();
    // `client` is the runtime; `lib` and `main` are the crate roots of a standalone crate.
    Scope::with_reserved(&["client", "lib", "main"]).assign(&items, Case::Snake)
}

/// One version planned on its own, with its diagnostics: what [`plan`] does for each version,
/// and what `generate` does as soon as a version's pages are read.
pub(crate) struct PlannedVersion<'a> {
    pub plan: VersionPlan<'a>,
    diagnostics: Vec<Diagnostic>,
}

/// Plans the version `version` of the doc set, as the module `module` (see [`module_names`]).
pub(crate) fn plan_version<'a>(
    version: &'a str,
    module: String,
    space: &'a TypeSpace,
    vops: &'a VersionOps,
) -> PlannedVersion<'a> {
    let plan = VersionPlan::new(version, module, space, vops);
    let mut diagnostics = deep_inheritance_diagnostics(space);
    diagnostics.extend(plan.example_diagnostics());
    PlannedVersion { plan, diagnostics }
}

impl<'a> Plan<'a> {
    /// The plan of the versions planned one by one, in version order; diagnostics keep that
    /// order.
    pub(crate) fn from_versions(planned: impl IntoIterator<Item = PlannedVersion<'a>>) -> Self {
        let mut diagnostics = Vec::new();
        let versions = planned
            .into_iter()
            .map(|mut p| {
                diagnostics.append(&mut p.diagnostics);
                p.plan
            })
            .collect();
        Plan {
            versions,
            diagnostics,
        }
    }
}

impl<'a> Plan<'a> {
    /// Keeps, in every version, only the types its operations reach (see [`super::reach`]):
    /// for a crate generated from operations picked with `--include`.
    pub fn keep_reached_types(&mut self, derived: super::reach::Derived) {
        for v in &mut self.versions {
            v.keep_reached(derived);
        }
    }

    /// The path, from the root of the emitted module tree, of the type a `qualified` value of
    /// `version` deserializes into: `v1_0::User`, or `v1_0::AnyDirectoryObject` for a type with
    /// derived types. `None` if the version does not define the type. Prefix it with the module
    /// (or crate) the tree is mounted at.
    pub fn rust_path(&self, version: &str, qualified: &str) -> Option<String> {
        let v = self.versions.iter().find(|v| v.version == version)?;
        let id = v.space.lookup(qualified)?;
        let name = v.names.any_names.get(&id).unwrap_or(&v.names.names[&id]);
        Some(format!("{}::{name}", v.module))
    }
}

impl<'a> VersionPlan<'a> {
    fn new(
        version: &'a str,
        module: String,
        space: &'a TypeSpace,
        vops: &'a VersionOps,
    ) -> VersionPlan<'a> {
        use rayon::prelude::*;
        // Each operation's name is worked out on its own, in parallel; collisions are settled
        // afterwards, in operation order.
        let stub_names: Vec<String> = vops
            .operations
            .par_iter()
            .map(|op| stub_base_name(op, space))
            .collect();
        let parameter_types = parameter_types(space, &vops.operations, &stub_names);
        let names = type_names(space, &parameter_types);
        let mut structs = struct_plans(space, &names, &parameter_types);
        box_recursion(&mut structs);
        any_plans(space, &names, &mut structs);
        let (types, position) = in_name_order(space, &names, structs, &parameter_types);
        let mut plan = VersionPlan {
            version,
            module,
            space,
            types,
            position,
            names,
            ops: Vec::new(),
            orphan_examples: &vops.orphan_examples,
        };
        plan.loosen_contradicted_parameters(&parameter_types);
        plan.ops = plan.op_plans(&vops.operations, &stub_names, &parameter_types);
        plan
    }

    pub(crate) fn struct_plan(&self, id: TypeId) -> Option<&StructPlan<'a>> {
        match self.types.get(*self.position.get(&id)?)? {
            TypePlan::Struct(s) => Some(s),
            TypePlan::Enum(_) => None,
        }
    }

    /// Keeps the types `keep` says yes to, in their order.
    pub(crate) fn retain_types(&mut self, mut keep: impl FnMut(&TypePlan<'a>) -> bool) {
        let types = std::mem::take(&mut self.types);
        self.position.clear();
        for ty in types.into_iter().filter(|t| keep(t)) {
            let id = match &ty {
                TypePlan::Struct(s) => Some(s.id),
                TypePlan::Enum(e) => self.space.lookup(&e.def.name),
            };
            if let Some(id) = id {
                self.position.insert(id, self.types.len());
            }
            self.types.push(ty);
        }
    }

    /// What a reference to the qualified name `name` becomes.
    fn target_of_named(&self, name: &str) -> Target {
        target_of(self.space, &self.names, &TypeRef::Named(name.to_string()))
    }

    /// An action's parameters, if the docs contradict a row's type in an example, take any JSON
    /// there: the docs' example is what the service was seen to accept. A value the example
    /// only quotes (`"false"` for a Boolean row, `"10"` for an Int32 row) does not contradict
    /// the row: the row's type stands and that example is reported instead.
    fn loosen_contradicted_parameters(&mut self, parameter_types: &[ParameterType<'a>]) {
        for p in parameter_types {
            let bodies: Vec<&Value> =
                p.op.examples
                    .iter()
                    .filter_map(|e| e.body.as_deref())
                    .collect();
            let Some(s) = self.struct_plan(p.id) else {
                continue;
            };
            let contradicted: Vec<usize> = s
                .fields
                .iter()
                .enumerate()
                .filter(|(_, f)| {
                    bodies.iter().any(|b| {
                        b.get(f.prop.name.as_str()).is_some_and(|v| {
                            self.fits(&f.target, f.collection, v).is_err()
                                && !quotes(&f.target, f.collection, v)
                        })
                    })
                })
                .map(|(i, _)| i)
                .collect();
            let at = self.position[&p.id];
            if let TypePlan::Struct(s) = &mut self.types[at] {
                for i in contradicted {
                    s.fields[i].target = Target::Json;
                    s.fields[i].collection = false;
                }
            }
        }
    }

    fn op_plans(
        &self,
        ops: &'a [Operation],
        stub_names: &[String],
        parameter_types: &[ParameterType<'a>],
    ) -> Vec<OpPlan<'a>> {
        let mut scope = Scope::with_reserved(&["Client", "Operation"]);
        let items: Vec<(&str, String)> = ops
            .iter()
            .zip(stub_names)
            .map(|(o, n)| (o.id.as_str(), naming::pascal(n)))
            .collect();
        let structs = scope.assign(&items, Case::Pascal);
        let path_items: Vec<(&str, String)> = ops
            .iter()
            .zip(&structs)
            .map(|(o, s)| (o.id.as_str(), format!("{s}Path")))
            .collect();
        let paths = scope.assign(&path_items, Case::Pascal);
        use rayon::prelude::*;
        // Each operation is planned on its own, in parallel (the names above are the only
        // choices operations share).
        ops.par_iter()
            .zip(structs)
            .zip(paths)
            .map(|((op, name), path_enum)| {
                let variant_names = naming::variant_names(&op.paths);
                let items: Vec<(&str, String)> = variant_names
                    .iter()
                    .map(|v| (v.as_str(), naming::pascal(v)))
                    .collect();
                let variants = Scope::default().assign(&items, Case::Pascal);
                let fields = op
                    .paths
                    .iter()
                    .map(|t| {
                        let names = naming::param_names(&t.params);
                        let items: Vec<(&str, String)> = names
                            .iter()
                            .map(|n| (n.as_str(), naming::snake(n)))
                            .collect();
                        Scope::default().assign(&items, Case::Snake)
                    })
                    .collect();
                let parameters = parameter_types
                    .iter()
                    .find(|p| std::ptr::eq(p.op, op))
                    .map(|p| p.id);
                let body = self.body_plan(op, parameters);
                let output = self.output_plan(op);
                let checks_object_shape = self.checks_object_shape(&output);
                let examples = op
                    .examples
                    .iter()
                    .map(|e| ExamplePlan {
                        request: e
                            .unreplayable
                            .clone()
                            .or_else(|| self.request_problem(op, e, &body))
                            .or_else(|| path_mismatch(op, e)),
                        response: self
                            .response_problem(op, e)
                            .or_else(|| shape_problem(checks_object_shape, e)),
                    })
                    .collect();
                OpPlan {
                    op,
                    name,
                    path_enum,
                    variants,
                    fields,
                    body,
                    output,
                    checks_object_shape,
                    examples,
                }
            })
            .collect()
    }

    /// Whether the output is one object of a type that has no `value` collection of its own,
    /// so that a collection body (`{"value": [...]}`) is a shape error when it is parsed.
    fn checks_object_shape(&self, output: &OutputPlan) -> bool {
        let OutputPlan::Typed {
            target: Target::Struct { id, .. } | Target::Any { id, .. },
            collection: false,
        } = output
        else {
            return false;
        };
        self.struct_plan(*id).is_some_and(|s| {
            !s.fields
                .iter()
                .any(|f| f.collection && f.prop.name == "value")
        })
    }

    fn body_plan(&self, op: &Operation, parameters: Option<TypeId>) -> Option<BodyPlan> {
        Some(match &op.request_body {
            RequestBody::None => return None,
            RequestBody::Type { name, collection } => BodyPlan::Typed {
                target: unboxed(self.target_of_named(name)),
                collection: *collection,
            },
            RequestBody::Parameters { .. } => {
                let id = parameters?;
                BodyPlan::Typed {
                    target: Target::Struct {
                        id,
                        name: self.names.names[&id].clone(),
                        boxed: false,
                    },
                    collection: false,
                }
            }
            RequestBody::Json => BodyPlan::Json,
            RequestBody::Binary { content_type } => BodyPlan::Bytes {
                content_type: content_type.clone(),
            },
        })
    }

    fn output_plan(&self, op: &Operation) -> OutputPlan {
        match op.output() {
            ResponseBody::None => OutputPlan::Nothing,
            ResponseBody::Type { name, collection } => OutputPlan::Typed {
                target: unboxed(self.target_of_named(name)),
                collection: *collection,
            },
            ResponseBody::Json { collection } => OutputPlan::Json {
                collection: *collection,
            },
            ResponseBody::Primitive { name, collection } => {
                let target = primitive_target(name);
                if *collection {
                    OutputPlan::Typed {
                        target,
                        collection: true,
                    }
                } else {
                    OutputPlan::Value { target }
                }
            }
            ResponseBody::Binary => OutputPlan::Bytes,
            ResponseBody::Accepted => OutputPlan::Accepted,
        }
    }

    fn request_problem(
        &self,
        op: &Operation,
        e: &Example,
        body: &Option<BodyPlan>,
    ) -> Option<String> {
        match body {
            None if e.body.is_some() => {
                Some("the example sends a JSON body, but the operation takes none".to_string())
            }
            None => e.body_text.is_some().then(|| {
                "the example has a body that is not JSON, and the operation takes none".to_string()
            }),
            Some(BodyPlan::Bytes { .. }) => None,
            Some(BodyPlan::Json) => e
                .body
                .is_none()
                .then(|| "the example has no JSON body".to_string()),
            Some(BodyPlan::Typed { target, collection }) => {
                let Some(value) = &e.body else {
                    return Some("the example has no JSON body".into());
                };
                let what = match &op.request_body {
                    RequestBody::Type { name, .. } => format!("`{name}`"),
                    _ => "the parameters".to_string(),
                };
                if value.is_null() && matches!(op.request_body, RequestBody::Type { .. }) {
                    return Some("the example body is `null`".into());
                }
                self.fits(target, *collection, value)
                    .err()
                    .map(|why| format!("its body does not fit {what}: the body{why}"))
            }
        }
    }

    /// Why the documented response of `e` is not checked against the stub's output.
    fn response_problem(&self, op: &Operation, e: &Example) -> Option<String> {
        let r = e.response.as_ref()?;
        let Some(value) = r.body.as_ref() else {
            return (r.body_kind == BodyKind::Json)
                .then(|| "its JSON body could not be read".into());
        };
        let spec = op
            .responses
            .iter()
            .find(|s| Some(s.status) == r.status)
            .or_else(|| r.status.is_none().then(|| op.responses.first()).flatten());
        let (target, collection) = match spec.map(|s| &s.body) {
            None => {
                return Some(format!(
                    "the status {} is not a success the page documents",
                    r.status.map_or("(none)".to_string(), |s| s.to_string())
                ));
            }
            Some(ResponseBody::Type { name, collection }) => {
                (self.target_of_named(name), *collection)
            }
            Some(ResponseBody::Json { collection }) => (Target::Json, *collection),
            Some(ResponseBody::Primitive { name, collection }) => {
                let target = primitive_target(name);
                if !*collection {
                    return match value.get("value") {
                        Some(v) if !v.is_null() => self
                            .fits(&target, false, v)
                            .err()
                            .map(|e| format!("value{e}")),
                        _ => Some("a primitive response must be `{\"value\": …}`".into()),
                    };
                }
                (target, true)
            }
            Some(ResponseBody::None | ResponseBody::Accepted | ResponseBody::Binary) => {
                return None;
            }
        };
        if collection {
            let Some(map) = value.as_object() else {
                return Some("a collection response must be a JSON object with `value`".into());
            };
            return match map.get("value") {
                Some(Value::Null) => None,
                None => Some(
                    "the page documents a collection but shows one object (no `value` array), which the stub reports as a shape error".into(),
                ),
                Some(items) => self
                    .fits(&target, true, items)
                    .err()
                    .map(|e| format!("value{e}")),
            };
        }
        if value.is_null() {
            return Some("the body is `null`".into());
        }
        self.fits(&target, false, value)
            .err()
            .map(|e| format!("the body{e}"))
    }

    /// The GD0902 warnings of the examples left out, operation by operation.
    fn example_diagnostics(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for o in &self.ops {
            for (e, p) in o.op.examples.iter().zip(&o.examples) {
                let file = std::path::Path::new(e.page(o.op));
                if let Some(why) = &p.request {
                    out.push(example_diagnostic(
                        file,
                        e.line,
                        format!("the request example is not replayed: {why}"),
                    ));
                }
                if let (Some(why), Some(r)) = (&p.response, &e.response) {
                    out.push(example_diagnostic(
                        file,
                        r.line,
                        format!("the response example is not checked: {why}"),
                    ));
                }
            }
        }
        out
    }

    /// The qualified name a target stands for (for messages).
    fn qualified_of(&self, target: &Target) -> String {
        match target {
            Target::Primitive(edm) => format!("Edm.{}", edm.name()),
            Target::Json => crate::model::ANY_JSON.to_string(),
            Target::Undefined(name) => name.clone(),
            Target::Enum { id, .. } | Target::Struct { id, .. } | Target::Any { id, .. } => {
                match self.struct_plan(*id) {
                    Some(s) => s.info.qualified.clone(),
                    None => self.space.get(*id).name.clone(),
                }
            }
        }
    }

    /// Whether `value` deserializes into the emitted type for `target` (a `Vec` when
    /// `collection`, an `Option` otherwise). The error names the JSON path and what was
    /// expected.
    pub(crate) fn fits(
        &self,
        target: &Target,
        collection: bool,
        value: &Value,
    ) -> Result<(), String> {
        self.fits_at(target, collection, value, 0)
    }

    fn fits_at(
        &self,
        target: &Target,
        collection: bool,
        value: &Value,
        depth: usize,
    ) -> Result<(), String> {
        if depth > 200 || value.is_null() {
            return Ok(());
        }
        if collection {
            let Value::Array(items) = value else {
                return Err(format!(": expected an array, found {}", kind(value)));
            };
            for (i, item) in items.iter().enumerate() {
                // `Vec<T>` has no room for a null item, unless T is JSON.
                if item.is_null() && !matches!(target, Target::Json | Target::Undefined(_)) {
                    return Err(format!("[{i}]: null in an array"));
                }
                self.fits_at(target, false, item, depth + 1)
                    .map_err(|e| format!("[{i}]{e}"))?;
            }
            return Ok(());
        }
        let id = match target {
            Target::Json | Target::Undefined(_) => return Ok(()),
            Target::Primitive(edm) => {
                return if Scalar::of(*edm).accepts(value) {
                    Ok(())
                } else {
                    Err(format!(
                        ": expected Edm.{}, found {}",
                        edm.name(),
                        kind(value)
                    ))
                };
            }
            Target::Enum { .. } => {
                return match value {
                    Value::String(_) => Ok(()),
                    other => Err(format!(
                        ": expected a `{}` member (a string), found {}",
                        self.qualified_of(target),
                        kind(other)
                    )),
                };
            }
            Target::Struct { id, .. } | Target::Any { id, .. } => *id,
        };
        let Value::Object(map) = value else {
            return Err(format!(
                ": expected an object (`{}`), found {}",
                self.qualified_of(target),
                kind(value)
            ));
        };
        let Some(declared) = self.struct_plan(id) else {
            return Ok(());
        };
        let chosen = declared
            .any
            .as_ref()
            .and_then(|any| any.variant_for(map))
            .and_then(|v| self.struct_plan(v))
            .unwrap_or(declared);
        for (key, v) in map {
            if let Some(f) = chosen.fields.iter().find(|f| f.prop.name == *key) {
                self.fits_at(&f.target, f.collection, v, depth + 1)
                    .map_err(|e| format!(".{key}{e}"))?;
            }
        }
        Ok(())
    }
}

impl AnyPlan<'_> {
    /// The derived type an object's `@odata.type` picks, as the emitted enum does: the
    /// variant whose values hold the lowercased type without `#`; `None` for the base.
    fn variant_for(&self, map: &serde_json::Map<String, Value>) -> Option<TypeId> {
        let said = map.get("@odata.type")?.as_str()?;
        let said = said.strip_prefix('#').unwrap_or(said).to_ascii_lowercase();
        self.variants
            .iter()
            .skip(1)
            .find(|v| v.odata_types.contains(&said))
            .map(|v| v.id)
    }
}

/// GD0904 for every type whose base chain is longer than the code flattens.
fn deep_inheritance_diagnostics(space: &TypeSpace) -> Vec<Diagnostic> {
    space
        .iter()
        .filter(|(_, t)| t.kind != TypeKind::Enum)
        .filter_map(|(id, t)| {
            // The whole chain is walked only for a type deeper than the bound.
            let deep = space.base_chain_within(id, MAX_INHERITANCE_DEPTH + 2).len() - 1;
            if deep <= MAX_INHERITANCE_DEPTH {
                return None;
            }
            let depth = space.base_chain(id).len() - 1;
            Some(Diagnostic {
                severity: Severity::Warning,
                code: Code::InheritanceTooDeep,
                file: t.sources.first().cloned().unwrap_or_default().into(),
                line: 1,
                column: 1,
                message: format!(
                    "`{}` derives through {depth} levels of base types; its struct flattens the nearest {MAX_INHERITANCE_DEPTH}, and properties of the bases beyond are kept in `additional_properties`",
                    t.name
                ),
            })
        })
        .collect()
}

/// One piece of a stub's path, as its `Operation::path` writes it.
pub(crate) enum PathPiece<'a> {
    Lit(&'a str),
    /// The value of the form's parameter, encoded for its place.
    Value(usize, &'a ParamKind),
}

/// The pieces of a URL form as the stub writes them: literal text and encoded values. A drive
/// path brings its own leading `/`, so the literal before it drops its own.
pub(crate) fn path_pieces(t: &PathTemplate) -> Vec<PathPiece<'_>> {
    t.pieces
        .iter()
        .enumerate()
        .map(|(at, piece)| match piece {
            Piece::Lit(text)
                if matches!(t.pieces.get(at + 1), Some(Piece::Param(i)) if t.params[*i].kind == ParamKind::DrivePath) =>
            {
                PathPiece::Lit(text.strip_suffix('/').unwrap_or(text))
            }
            Piece::Lit(text) => PathPiece::Lit(text),
            Piece::Param(i) => PathPiece::Value(*i, &t.params[*i].kind),
        })
        .collect()
}

/// The path the stub sends for these values, encoded by the runtime's own code.
fn sent_path(t: &PathTemplate, values: &[String]) -> String {
    path_pieces(t)
        .into_iter()
        .map(|piece| match piece {
            PathPiece::Lit(text) => text.to_string(),
            PathPiece::Value(i, kind) => {
                let value = values.get(i).map_or("", String::as_str);
                match kind {
                    ParamKind::Quoted => path_encoding::quoted(value),
                    ParamKind::DrivePath => path_encoding::drive_path(value),
                    _ => path_encoding::segment(value),
                }
            }
        })
        .collect()
}

/// Why the stub, given the example's values, would not send the example's path (the example
/// test compares them as written here), if it would not.
fn path_mismatch(op: &Operation, e: &Example) -> Option<String> {
    let form = op.paths.get(e.path?)?;
    let sent = sent_path(form, &e.values);
    if let Some(why) = path_encoding::path_problem(&sent) {
        return Some(format!("the client would refuse its path: {why}"));
    }
    let version = e.api_version.as_deref().unwrap_or(&op.version);
    let (_, built, _) = url_compare::split(&format!("/{version}{sent}"));
    let (_, documented, _) = url_compare::split(&e.url);
    (!built.eq_ignore_ascii_case(&documented))
        .then(|| format!("the stub sends the path `{built}`, the example shows `{documented}`"))
}

/// A struct as a body or output is never boxed.
fn unboxed(target: Target) -> Target {
    match target {
        Target::Struct { id, name, .. } => Target::Struct {
            id,
            name,
            boxed: false,
        },
        other => other,
    }
}

fn example_diagnostic(file: &std::path::Path, line: usize, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Warning,
        code: Code::ExampleNotReplayable,
        file: file.to_path_buf(),
        line,
        column: 1,
        message,
    }
}

fn kind(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 40 => "a string".into(),
        Value::String(s) => format!("the string {s:?}"),
        Value::Array(_) => "an array".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// The stub's name before collisions, with the casing of the page's words and of the
/// version's types (`externalmeetingregistration` → `ExternalMeetingRegistration`).
fn stub_base_name(op: &Operation, space: &TypeSpace) -> String {
    let mut words = op.casing_words.clone();
    for part in crate::ops::ascii_words(&op.stem).split(' ') {
        let singular = part.strip_suffix('s').unwrap_or(part);
        for candidate in [part, singular] {
            if let Some(id) = crate::ops::lookup_qualified(space, candidate) {
                let name = &space.get(id).name;
                words.push(name.rsplit('.').next().unwrap_or_default().to_string());
            }
        }
    }
    words.retain(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_alphanumeric()));
    naming::stub_name(
        &op.stem,
        &words,
        op.several_methods.then(|| op.method.as_str()),
    )
}

/// The parameter types of a version's actions, with ids after the space's.
fn parameter_types<'a>(
    space: &TypeSpace,
    ops: &'a [Operation],
    stub_names: &[String],
) -> Vec<ParameterType<'a>> {
    ops.iter()
        .zip(stub_names)
        .filter_map(|(op, name)| match &op.request_body {
            RequestBody::Parameters { properties } => Some((op, name, properties)),
            _ => None,
        })
        .enumerate()
        .map(|(k, (op, name, properties))| ParameterType {
            id: TypeId(space.len() + k),
            qualified: format!("graphdoc.parameters.{name}Parameters"),
            op,
            properties,
        })
        .collect()
}

fn is_struct(def: &TypeDef) -> bool {
    def.kind != TypeKind::Enum
}

fn struct_id(space: &TypeSpace, qualified: &str) -> Option<TypeId> {
    space
        .lookup(qualified)
        .filter(|&id| is_struct(space.get(id)))
}

fn type_names(space: &TypeSpace, parameter_types: &[ParameterType]) -> TypeNames {
    let all: Vec<(TypeId, &TypeDef)> = space.iter().collect();
    // Every type first, then the `Any…` enums, which yield on a collision. Parameter types
    // come after the documented types, so they never take a documented type's name.
    let mut scope = Scope::default();
    let mut names: BTreeMap<TypeId, String> = BTreeMap::new();
    let items: Vec<(&str, String)> = all
        .iter()
        .map(|(_, t)| (t.name.as_str(), naming::type_name(&t.name)))
        .collect();
    names.extend(
        all.iter()
            .map(|(id, _)| *id)
            .zip(scope.assign(&items, Case::Pascal)),
    );
    let mut synthetic: Vec<&ParameterType> = parameter_types.iter().collect();
    synthetic.sort_by_key(|p| p.qualified.to_ascii_lowercase());
    let items: Vec<(&str, String)> = synthetic
        .iter()
        .map(|p| {
            let last = p.qualified.rsplit('.').next().unwrap_or_default();
            (p.qualified.as_str(), naming::pascal(last))
        })
        .collect();
    names.extend(
        synthetic
            .iter()
            .map(|p| p.id)
            .zip(scope.assign(&items, Case::Pascal)),
    );

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

/// The resolved element type of a property.
fn target_of(space: &TypeSpace, names: &TypeNames, ty: &TypeRef) -> Target {
    match ty {
        TypeRef::Primitive(edm) => Target::Primitive(*edm),
        TypeRef::Json => Target::Json,
        TypeRef::Named(qualified) => match space.lookup(qualified) {
            None => Target::Undefined(qualified.clone()),
            Some(id) if !is_struct(space.get(id)) => Target::Enum {
                id,
                name: names.names[&id].clone(),
            },
            Some(id) => match names.any_names.get(&id) {
                Some(any) => Target::Any {
                    id,
                    name: any.clone(),
                },
                None => Target::Struct {
                    id,
                    name: names.names[&id].clone(),
                    boxed: false,
                },
            },
        },
    }
}

/// How many levels of inheritance a struct flattens, and an `Any…` enum spans. Graph's
/// hierarchies are wide and a few levels deep; the bound keeps the code linear in the docs
/// when a doc set is not (a chain of a thousand types would flatten a million fields).
pub(crate) const MAX_INHERITANCE_DEPTH: usize = 16;

/// Flattened properties: the base chain from the root down (at most [`MAX_INHERITANCE_DEPTH`]
/// bases; properties of bases beyond stay in `additional_properties`), a redeclared name
/// keeping its first place and its most derived declaration.
fn flattened(space: &TypeSpace, id: TypeId) -> (Vec<&str>, Vec<(&Property, &str)>) {
    let chain: Vec<TypeId> = space
        .base_chain_within(id, MAX_INHERITANCE_DEPTH + 1)
        .into_iter()
        .take_while(|&t| is_struct(space.get(t)))
        .collect();
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
}

/// The fields of a struct, named in the struct's scope.
fn field_plans<'a>(
    space: &TypeSpace,
    names: &TypeNames,
    owner: &str,
    props: Vec<(&'a Property, &'a str)>,
) -> Vec<FieldPlan<'a>> {
    let items: Vec<(&str, String)> = props
        .iter()
        .map(|(p, _)| (p.name.as_str(), naming::snake(&p.name)))
        .collect();
    let idents = Scope::with_reserved(&[naming::ADDITIONAL_PROPERTIES]).assign(&items, Case::Snake);
    props
        .into_iter()
        .zip(idents)
        .map(|((prop, declared_in), ident)| FieldPlan {
            prop,
            inherited_from: (!declared_in.eq_ignore_ascii_case(owner)).then_some(declared_in),
            ident,
            target: target_of(space, names, &prop.ty),
            collection: prop.collection,
        })
        .collect()
}

/// Every struct: the documented entity and complex types, and the parameter types.
fn struct_plans<'a>(
    space: &'a TypeSpace,
    names: &TypeNames,
    parameter_types: &[ParameterType<'a>],
) -> BTreeMap<TypeId, StructPlan<'a>> {
    use rayon::prelude::*;
    // Each type is planned on its own, in parallel.
    let defs: Vec<_> = space.iter().filter(|(_, d)| is_struct(d)).collect();
    let planned: Vec<(TypeId, StructPlan<'a>)> = defs
        .into_par_iter()
        .map(|(id, def)| {
            let (bases, props) = flattened(space, id);
            let plan = StructPlan {
                id,
                info: TypeInfo {
                    qualified: def.name.clone(),
                    kind: def.kind,
                    open: def.open,
                    description: def.description.as_deref(),
                    parameters_of: None,
                },
                name: names.names[&id].clone(),
                bases,
                fields: field_plans(space, names, &def.name, props),
                any: None,
            };
            (id, plan)
        })
        .collect();
    let mut structs: BTreeMap<TypeId, StructPlan<'a>> = planned.into_iter().collect();
    for p in parameter_types {
        let props = p.properties.iter().map(|prop| (prop, "")).collect();
        let fields = field_plans(space, names, "", props);
        structs.insert(
            p.id,
            StructPlan {
                id: p.id,
                info: TypeInfo {
                    qualified: p.qualified.clone(),
                    kind: TypeKind::Complex,
                    open: false,
                    description: Some(
                        "The parameters of an action, from the request body table of its page and its examples.",
                    ),
                    parameters_of: Some(p.op.id.as_str()),
                },
                name: names.names[&p.id].clone(),
                bases: Vec::new(),
                fields,
                any: None,
            },
        );
    }
    structs
}

/// Recursion: a by-value field whose struct can reach back to the containing struct is boxed.
/// Such a field joins two structs of one strongly connected component.
fn box_recursion(structs: &mut BTreeMap<TypeId, StructPlan>) {
    let edges: BTreeMap<TypeId, Vec<TypeId>> = structs
        .iter()
        .map(|(id, s)| {
            let targets = s
                .fields
                .iter()
                .filter(|f| !f.collection)
                .filter_map(|f| match &f.target {
                    Target::Struct { id, .. } => Some(*id),
                    _ => None,
                })
                .filter(|to| structs.contains_key(to))
                .collect();
            (*id, targets)
        })
        .collect();
    let component = strongly_connected_components(&edges);
    for (id, s) in structs.iter_mut() {
        for f in s.fields.iter_mut().filter(|f| !f.collection) {
            if let Target::Struct { id: to, boxed, .. } = &mut f.target {
                *boxed = component.get(to) == component.get(id);
            }
        }
    }
}

/// The `Any…` enum of each type with derived types: the type itself first, then every
/// descendant by name, each with the `@odata.type` values that pick it.
fn any_plans<'a>(
    space: &'a TypeSpace,
    names: &TypeNames,
    structs: &mut BTreeMap<TypeId, StructPlan<'a>>,
) {
    let rank: BTreeMap<TypeId, usize> = space
        .iter()
        .enumerate()
        .map(|(i, (id, _))| (id, i))
        .collect();
    // Descendants within MAX_INHERITANCE_DEPTH levels: a deeper one is not a variant here
    // (it does not flatten this type's fields either).
    let descendants = |root: TypeId| -> Vec<TypeId> {
        let mut seen = BTreeSet::from([root]);
        let mut stack = vec![(root, 0)];
        let mut out = Vec::new();
        while let Some((id, depth)) = stack.pop() {
            if depth == MAX_INHERITANCE_DEPTH {
                continue;
            }
            for &child in names.children.get(&id).into_iter().flatten() {
                if seen.insert(child) {
                    out.push(child);
                    stack.push((child, depth + 1));
                }
            }
        }
        out.sort_by_key(|id| rank[id]);
        out
    };
    for (&id, any_name) in &names.any_names {
        let members: Vec<TypeId> = std::iter::once(id).chain(descendants(id)).collect();
        let mut claimed = BTreeSet::new();
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
        let variants: Vec<AnyVariant> = members
            .iter()
            .zip(odata_types)
            .map(|(m, odata_types)| AnyVariant {
                id: *m,
                qualified: space.get(*m).name.as_str(),
                name: names.names[m].clone(),
                odata_types,
            })
            .collect();
        let variant_names: Vec<&str> = variants.iter().map(|v| v.name.as_str()).collect();
        let downcasts = naming::downcast_names(&variant_names);
        let shared_fields = shared_fields(structs, &members, &downcasts);
        if let Some(s) = structs.get_mut(&id) {
            s.any = Some(AnyPlan {
                name: any_name.clone(),
                variants,
                downcasts,
                shared_fields,
            });
        }
    }
}

/// The fields of `members[0]` that every member's struct holds under the same name, with the
/// same wire name and Rust type, and whose name no downcast method takes.
fn shared_fields(
    structs: &BTreeMap<TypeId, StructPlan>,
    members: &[TypeId],
    downcasts: &[String],
) -> Vec<usize> {
    let Some(base) = members.first().and_then(|id| structs.get(id)) else {
        return Vec::new();
    };
    let same = |a: &FieldPlan, b: &FieldPlan| {
        a.ident == b.ident
            && a.prop.name == b.prop.name
            && a.collection == b.collection
            && match (&a.target, &b.target) {
                (Target::Primitive(x), Target::Primitive(y)) => x == y,
                (Target::Json, Target::Json) => true,
                (Target::Undefined(x), Target::Undefined(y)) => x == y,
                (Target::Enum { id: x, .. }, Target::Enum { id: y, .. })
                | (Target::Any { id: x, .. }, Target::Any { id: y, .. }) => x == y,
                (
                    Target::Struct {
                        id: x, boxed: bx, ..
                    },
                    Target::Struct {
                        id: y, boxed: by, ..
                    },
                ) => x == y && bx == by,
                _ => false,
            }
    };
    (0..base.fields.len())
        .filter(|&i| {
            let f = &base.fields[i];
            !downcasts.contains(&f.ident)
                && members.iter().all(|m| {
                    structs
                        .get(m)
                        .is_some_and(|s| s.fields.iter().any(|g| same(f, g)))
                })
        })
        .collect()
}

/// Every type's plan in the order of the qualified names (documented and parameter types
/// together, lowercased), and where each one is.
fn in_name_order<'a>(
    space: &'a TypeSpace,
    names: &TypeNames,
    mut structs: BTreeMap<TypeId, StructPlan<'a>>,
    parameter_types: &[ParameterType<'a>],
) -> (Vec<TypePlan<'a>>, HashMap<TypeId, usize>) {
    let mut order: Vec<(String, TypeId)> = space
        .iter()
        .map(|(id, def)| (def.name.to_ascii_lowercase(), id))
        .chain(
            parameter_types
                .iter()
                .map(|p| (p.qualified.to_ascii_lowercase(), p.id)),
        )
        .collect();
    // Stable: documented types keep `iter`'s order among equal keys.
    order.sort_by(|a, b| a.0.cmp(&b.0));
    let mut types = Vec::with_capacity(order.len());
    let mut position = HashMap::with_capacity(order.len());
    for (_, id) in order {
        position.insert(id, types.len());
        types.push(match structs.remove(&id) {
            Some(s) => TypePlan::Struct(s),
            None => TypePlan::Enum(enum_plan(space.get(id), names.names[&id].clone())),
        });
    }
    (types, position)
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

/// The target of an `Edm.…` name an operation's primitive output gives (any JSON for a name
/// that is none).
fn primitive_target(name: &str) -> Target {
    crate::model::Edm::parse(name).map_or(Target::Json, Target::Primitive)
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
