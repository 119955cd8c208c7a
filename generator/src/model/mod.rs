//! The API model: the types of a whole doc set, merged from all its pages and keyed by their
//! OData-qualified names. Later stages (code emission) read only this model.
//!
//! The model is an arena per API version: ids are assigned when a type is first named, before
//! its properties are known, so forward and cyclic references just work.

mod extract;

pub(crate) use extract::{parse_type_cell, read_cell, row_wire_name};

pub use extract::{
    FinishedVersion, ModelBuilder, VersionDrafts, build, version_of, version_of_path,
};

use serde::Serialize;
use std::collections::BTreeMap;

/// The types of all API versions of a doc set (`v1.0`, `beta`).
#[derive(Debug, Clone, Default, Serialize)]
pub struct ApiModel {
    pub versions: BTreeMap<String, TypeSpace>,
}

/// The index of a type in its [`TypeSpace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeId(pub usize);

/// The types of one API version.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TypeSpace {
    types: Vec<TypeDef>,
    /// Lowercased qualified name → id. OData names are case-insensitive in the docs.
    #[serde(skip)]
    index: BTreeMap<String, TypeId>,
    /// The same, hashed: [`TypeSpace::lookup`] is called for every name every stage reads.
    #[serde(skip)]
    by_name: std::collections::HashMap<String, TypeId, foldhash::fast::FixedState>,
    /// What the doc set shows its type cells mean, for cells read after the model (the
    /// operations' "Request body" tables).
    #[serde(skip)]
    pub(crate) cells: CellReadings,
}

/// What a doc set shows its translated type cells mean, learned from properties whose JSON
/// samples give their type: a whole cell that names no type (`Zeichenfolge`, `布尔值`) → a
/// primitive and whether it is a collection; the words beside a type (`коллекция`, `集合`) →
/// collection or not; a translated row name's words (`说明`) → the wire name they stand for
/// (`description`). Only readings the doc set agrees on are kept.
#[derive(Debug, Clone, Default)]
pub(crate) struct CellReadings {
    pub(crate) primitive: BTreeMap<String, (TypeRef, bool)>,
    pub(crate) collection: BTreeMap<String, bool>,
    pub(crate) rows: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TypeKind {
    Entity,
    Complex,
    Enum,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeDef {
    /// Qualified name as the docs spell it: `microsoft.graph.user`.
    pub name: String,
    pub kind: TypeKind,
    /// Qualified name of the base type.
    pub base: Option<String>,
    pub is_abstract: bool,
    /// Open types accept properties the docs do not list.
    pub open: bool,
    pub key: Option<String>,
    /// Own properties only: inherited ones live on the base type.
    pub properties: Vec<Property>,
    pub members: Vec<EnumMember>,
    pub description: Option<String>,
    /// Pages the type was read from (paths as given), sorted.
    pub sources: Vec<String>,
    /// Set on a type graphdoc made for the parameters of an action (the docs give it no name):
    /// the operation's id. Such types are made by the operations stage, never by the model,
    /// and are left out of the scored model.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parameters_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Property {
    /// The name on the wire (`displayName`, `@odata.type`).
    pub name: String,
    pub ty: TypeRef,
    pub collection: bool,
    /// A relationship (navigation property) rather than a structural property.
    pub navigation: bool,
    pub nullable: bool,
    pub description: Option<String>,
}

/// Graph's name for "any JSON value": a property of this type is [`TypeRef::Json`].
pub const ANY_JSON: &str = "microsoft.graph.Json";

/// The type of a property.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TypeRef {
    Primitive(Edm),
    /// A qualified type name; it may or may not have a definition in the model.
    Named(String),
    /// Any JSON: `microsoft.graph.Json` in the docs, or a type that could not be read.
    Json,
}

/// The OData primitive types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Edm {
    String,
    Boolean,
    Byte,
    SByte,
    Int16,
    Int32,
    Int64,
    Single,
    Double,
    Decimal,
    DateTimeOffset,
    Date,
    TimeOfDay,
    Duration,
    Guid,
    Binary,
    Stream,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumMember {
    /// The member as it appears on the wire.
    pub name: String,
    pub description: Option<String>,
}

impl Edm {
    pub const ALL: [Edm; 17] = [
        Edm::String,
        Edm::Boolean,
        Edm::Byte,
        Edm::SByte,
        Edm::Int16,
        Edm::Int32,
        Edm::Int64,
        Edm::Single,
        Edm::Double,
        Edm::Decimal,
        Edm::DateTimeOffset,
        Edm::Date,
        Edm::TimeOfDay,
        Edm::Duration,
        Edm::Guid,
        Edm::Binary,
        Edm::Stream,
    ];

    /// `String`, `Int32`, …: the name after `Edm.`.
    pub fn name(self) -> &'static str {
        match self {
            Edm::String => "String",
            Edm::Boolean => "Boolean",
            Edm::Byte => "Byte",
            Edm::SByte => "SByte",
            Edm::Int16 => "Int16",
            Edm::Int32 => "Int32",
            Edm::Int64 => "Int64",
            Edm::Single => "Single",
            Edm::Double => "Double",
            Edm::Decimal => "Decimal",
            Edm::DateTimeOffset => "DateTimeOffset",
            Edm::Date => "Date",
            Edm::TimeOfDay => "TimeOfDay",
            Edm::Duration => "Duration",
            Edm::Guid => "Guid",
            Edm::Binary => "Binary",
            Edm::Stream => "Stream",
        }
    }

    /// Whether JSON writes it as a number.
    pub fn is_number(self) -> bool {
        matches!(
            self,
            Edm::Byte
                | Edm::SByte
                | Edm::Int16
                | Edm::Int32
                | Edm::Int64
                | Edm::Single
                | Edm::Double
                | Edm::Decimal
        )
    }

    /// Reads `Edm.Int32`, `Int32`, `int32` (any case, `Edm.` optional).
    pub fn parse(s: &str) -> Option<Edm> {
        let s = s.trim();
        let s = s
            .get(..4)
            .filter(|p| p.eq_ignore_ascii_case("edm."))
            .map_or(s, |_| &s[4..]);
        Edm::ALL
            .into_iter()
            .find(|e| e.name().eq_ignore_ascii_case(s))
    }
}

impl TypeRef {
    /// `Edm.String`, `microsoft.graph.user`, or `microsoft.graph.Json` for any JSON (the name
    /// Graph gives its any-JSON type).
    pub fn odata_name(&self) -> String {
        match self {
            TypeRef::Primitive(e) => format!("Edm.{}", e.name()),
            TypeRef::Named(n) => n.clone(),
            TypeRef::Json => ANY_JSON.to_string(),
        }
    }
}

impl TypeSpace {
    /// A space with no types (for a version that documents only operations).
    pub const EMPTY: TypeSpace = TypeSpace {
        types: Vec::new(),
        index: BTreeMap::new(),
        by_name: std::collections::HashMap::with_hasher(foldhash::fast::FixedState::with_seed(0)),
        cells: CellReadings {
            primitive: BTreeMap::new(),
            collection: BTreeMap::new(),
            rows: BTreeMap::new(),
        },
    };

    /// The id of a qualified name, assigning one (as an empty complex type) if it is new.
    pub fn intern(&mut self, name: &str, kind: TypeKind) -> TypeId {
        if let Some(id) = self.lookup(name) {
            return id;
        }
        let key = name.to_ascii_lowercase();
        let id = TypeId(self.types.len());
        self.types.push(TypeDef {
            name: name.to_string(),
            kind,
            base: None,
            is_abstract: false,
            open: false,
            key: None,
            properties: Vec::new(),
            members: Vec::new(),
            description: None,
            sources: Vec::new(),
            parameters_of: None,
        });
        self.by_name.insert(key.clone(), id);
        self.index.insert(key, id);
        id
    }

    pub fn get(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    pub fn get_mut(&mut self, id: TypeId) -> &mut TypeDef {
        &mut self.types[id.0]
    }

    /// Looks a qualified name up, case-insensitively.
    pub fn lookup(&self, name: &str) -> Option<TypeId> {
        if name.bytes().any(|b| b.is_ascii_uppercase()) {
            self.by_name.get(&name.to_ascii_lowercase()).copied()
        } else {
            self.by_name.get(name).copied()
        }
    }

    /// All types with their ids, ordered by lowercased qualified name (never by page order).
    pub fn iter(&self) -> impl Iterator<Item = (TypeId, &TypeDef)> {
        self.index.values().map(|&id| (id, &self.types[id.0]))
    }

    pub fn len(&self) -> usize {
        self.types.len()
    }

    pub fn is_empty(&self) -> bool {
        self.types.is_empty()
    }

    /// `id` and its base types, nearest first; a cycle or an undefined base ends the chain.
    pub fn base_chain(&self, id: TypeId) -> Vec<TypeId> {
        self.base_chain_within(id, usize::MAX)
    }

    /// The first `max_len` types of [`TypeSpace::base_chain`]: the walk stops there.
    pub fn base_chain_within(&self, id: TypeId, max_len: usize) -> Vec<TypeId> {
        let mut chain = vec![id];
        // The types of the chain, to end a cycle in time linear in the chain's length.
        let mut seen: foldhash::HashSet<TypeId> = [id].into_iter().collect();
        let mut current = id;
        while let Some(base) = self
            .get(current)
            .base
            .as_deref()
            .and_then(|b| self.lookup(b))
        {
            if chain.len() >= max_len || !seen.insert(base) {
                break;
            }
            chain.push(base);
            current = base;
        }
        chain
    }

    /// Own and inherited properties, the type's own first.
    pub fn properties_with_inherited(&self, id: TypeId) -> impl Iterator<Item = &Property> {
        self.base_chain(id)
            .into_iter()
            .flat_map(|t| self.get(t).properties.iter())
    }

    /// The types whose base is `id`, directly.
    pub fn derived(&self, id: TypeId) -> Vec<TypeId> {
        let name = self.types[id.0].name.to_ascii_lowercase();
        self.iter()
            .filter(|(_, t)| {
                t.base
                    .as_deref()
                    .is_some_and(|b| b.eq_ignore_ascii_case(&name))
            })
            .map(|(i, _)| i)
            .collect()
    }
}
