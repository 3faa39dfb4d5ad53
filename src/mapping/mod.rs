//! Attribute mappings (docs/mapping.md): a JSON document listing, for each target
//! attribute, where its value comes from (a `direct` path, an `expression` or a
//! `constant`). [`Mapping::load`] validates and compiles a document once;
//! [`Mapping::apply`] turns one record into a SCIM resource (export), a directory
//! record (import) or a SCIM Group; [`Mapping::patch`] turns a produced resource and
//! the provider's current copy into RFC 7644 PatchOp requests that change only
//! what the mapping owns; [`plan()`] matches directory records to provider records by
//! key and gives each an action ([`Mapping::plan_record`] for one).
//!
//! The shipped connector tables (docs/connectors.md) are documents embedded in the
//! binary: [`Mapping::builtin_names`], [`Mapping::builtin`].

mod apply;
mod document;
mod patch;
pub mod path;
mod plan;
mod record;
pub mod schema;

pub use apply::{AttrError, EntryOutcome, EntryStatus, Outcome, Preview};
pub use document::LoadError;
pub use patch::{
    equal, requests, PatchOp, PatchOperation, PatchOptions, PatchRequest, DEFAULT_MAX_OPERATIONS,
};
pub use path::TargetPath;
pub use plan::{
    duplicate_directory_key, duplicate_provider_key, is_suspended, lines_text, missing_key, plan,
    unsafe_create, KeyIndex, Lookup, MatchKey, Orphan, Plan, PlanAction, PlanLine, PLAN_FIELDS,
};
pub use record::{parse_object, parse_object_folded, RecordError};

use crate::program::Program;
use serde_json::Value as Json;

/// Which way records flow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Directory → service provider: targets are SCIM attributes, the primary
    /// record is `jcUser` (or `jcGroup`).
    Export,
    /// Service provider → directory: targets are directory fields, the primary
    /// record is `providerUser`.
    Import,
}

/// The SCIM resource type a mapping produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resource {
    /// A User (core schema plus the enterprise extension).
    User,
    /// A Group.
    Group,
}

/// What to do at the provider when an attribute has no value (docs/mapping.md, Entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnNull {
    /// Leave whatever the provider has (the default).
    Omit,
    /// Remove the attribute at the provider (PATCH `remove`).
    Clear,
}

/// Where an entry's value comes from.
pub enum Source {
    /// A dotted path into the primary record; `custom:NAME` reads the custom
    /// attribute `NAME`.
    Direct(DirectPath),
    /// A compiled expression.
    Expression(Box<Program>),
    /// A fixed value.
    Constant(Json),
}

impl std::fmt::Debug for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Direct(p) => f.debug_tuple("Direct").field(p).finish(),
            Source::Expression(p) => f.debug_tuple("Expression").field(&p.source()).finish(),
            Source::Constant(v) => f.debug_tuple("Constant").field(v).finish(),
        }
    }
}

/// A parsed `direct` source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DirectPath {
    /// Object keys (or array indexes, for all-digit segments), in order.
    Fields(Vec<String>),
    /// `custom:NAME`: the `value` of the element of `attributes` whose `name` is NAME.
    Custom(String),
}

/// One validated entry of a mapping.
#[derive(Debug)]
pub struct Entry {
    /// Its index in the document's `attributes`.
    pub index: usize,
    /// The parsed target.
    pub target: TargetPath,
    /// The source, as written in the document (for previews and messages).
    pub source_text: String,
    /// Where the value comes from.
    pub source: Source,
    /// Whether a missing value fails the record.
    pub required: bool,
    /// What a nil result does at the provider.
    pub on_null: OnNull,
    /// The target in canonical form (also its PATCH path), computed once at load.
    canonical: String,
}

impl Entry {
    /// The target in canonical form.
    pub fn target_text(&self) -> &str {
        &self.canonical
    }

    /// The path a PATCH operation for this target names (see [`TargetPath::patch_path`]).
    pub fn patch_path(&self) -> &str {
        &self.canonical
    }

    /// `direct`, `expression` or `constant`.
    pub fn source_kind(&self) -> &'static str {
        match self.source {
            Source::Direct(_) => "direct",
            Source::Expression(_) => "expression",
            Source::Constant(_) => "constant",
        }
    }
}

/// A loaded, validated and compiled mapping document. `Send + Sync`: compile once,
/// share across threads.
#[derive(Debug)]
pub struct Mapping {
    /// The document's name.
    pub name: String,
    /// Export or import.
    pub direction: Direction,
    /// User or Group.
    pub resource: Resource,
    /// The document's description, if any.
    pub description: Option<String>,
    /// The entries, in document order.
    pub entries: Vec<Entry>,
    /// What [`Mapping::primary_fields`] returns, worked out at load.
    primary_fields: Option<Vec<String>>,
    /// What [`Mapping::match_key`] returns, worked out at load.
    match_key: Option<MatchKey>,
}

/// The records an application of a mapping sees (docs/mapping.md, The roots).
#[derive(Debug, Clone, Copy)]
pub struct ApplyInput<'a> {
    /// The directory user (`jcUser`).
    pub jc_user: &'a Json,
    /// The provider's copy (`providerUser`), `{}` when it does not exist yet.
    pub provider_user: &'a Json,
    /// Host settings (`settings`).
    pub settings: &'a Json,
    /// The directory group (`jcGroup`), for Group mappings.
    pub jc_group: &'a Json,
}

/// The shipped connector tables: (name, document).
const BUILTINS: &[(&str, &str)] = &[
    ("namely", include_str!("connectors/namely.json")),
    (
        "namely-import",
        include_str!("connectors/namely-import.json"),
    ),
    ("interact", include_str!("connectors/interact.json")),
    (
        "interact-groups",
        include_str!("connectors/interact-groups.json"),
    ),
    ("spaceiq", include_str!("connectors/spaceiq.json")),
    ("scim", include_str!("connectors/scim.json")),
];

impl Mapping {
    /// Validates and compiles a mapping document, reporting every problem.
    pub fn load(json_text: &str) -> Result<Mapping, Vec<LoadError>> {
        document::load(json_text)
    }

    /// The names of the shipped connector tables.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTINS.iter().map(|(n, _)| *n).collect()
    }

    /// A shipped connector table by name (`None` if there is none).
    pub fn builtin(name: &str) -> Option<Result<Mapping, Vec<LoadError>>> {
        BUILTINS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| Mapping::load(text))
    }

    /// The source text of a shipped connector table.
    pub fn builtin_source(name: &str) -> Option<&'static str> {
        BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// Applies the mapping to one record (docs/mapping.md, How values are written).
    pub fn apply(&self, input: &ApplyInput<'_>) -> Outcome {
        apply::apply(self, input, None)
    }

    /// [`Mapping::apply`] plus each entry's result and a copy of every value
    /// written, as a preview shows them.
    pub fn preview(&self, input: &ApplyInput<'_>) -> Preview {
        let mut entries = Vec::with_capacity(self.entries.len());
        let outcome = apply::apply(self, input, Some(&mut entries));
        Preview { outcome, entries }
    }

    /// The RFC 7644 PatchOp requests turning `provider_user` into what
    /// `outcome` says, changing only what the mapping owns (docs/sync.md, What a PATCH changes),
    /// at most [`PatchOptions::max_operations`] operations each: `None` when
    /// the record failed, no request when nothing differs.
    pub fn patch(
        &self,
        outcome: &Outcome,
        provider_user: &Json,
        opts: &PatchOptions,
    ) -> Option<Vec<PatchRequest>> {
        let ops = self.operations(outcome, provider_user, opts)?;
        Some(requests(ops, opts.max_operations))
    }

    /// The key provider records are matched by when the caller names none
    /// (docs/sync.md, Match keys): the document's `match`, else the directory field its
    /// `externalId` entry reads = provider `externalId`, else (groups) `name` =
    /// `displayName`. `None` when the mapping gives no way to tell.
    pub fn match_key(&self) -> Option<&MatchKey> {
        self.match_key.as_ref()
    }

    /// The top-level fields of the primary record (see [`Mapping::primary`])
    /// that any entry can read, in first-use order; `None` when some entry may
    /// read any field (an expression using the record as a whole or `$env`).
    pub fn primary_fields(&self) -> Option<&[String]> {
        self.primary_fields.as_deref()
    }

    /// Parses a primary record from JSON text, keeping only the
    /// [`Mapping::primary_fields`]: the rest is checked for syntax and skipped,
    /// so a record with many fields the mapping never reads costs little more
    /// than one without them, and applying the mapping gives the same result.
    pub fn parse_primary(&self, text: &str) -> Result<Json, RecordError> {
        parse_object(text, self.primary_fields())
    }

    /// The record the entries' `direct` paths read.
    pub fn primary<'a>(&self, input: &ApplyInput<'a>) -> &'a Json {
        let mut copy = *input;
        let record: &'a Json = self.primary_slot(&mut copy);
        record
    }

    /// `input` with `record` in the primary place (the directory user, the
    /// provider's user for imports, the directory group for Group mappings).
    pub fn with_primary<'a>(&self, mut input: ApplyInput<'a>, record: &'a Json) -> ApplyInput<'a> {
        *self.primary_slot(&mut input) = record;
        input
    }

    fn primary_slot<'i, 'a>(&self, input: &'i mut ApplyInput<'a>) -> &'i mut &'a Json {
        match (self.direction, self.resource) {
            (Direction::Import, _) => &mut input.provider_user,
            (Direction::Export, Resource::Group) => &mut input.jc_group,
            (Direction::Export, Resource::User) => &mut input.jc_user,
        }
    }
}

/// The Rust examples of the guides in `docs/` run as doctests, so they stay
/// true to the API.
#[cfg(doctest)]
mod guides {
    #[doc = include_str!("../../docs/mapping.md")]
    pub struct MappingGuide;

    #[doc = include_str!("../../docs/sync.md")]
    pub struct SyncGuide;

    #[doc = include_str!("../../docs/import.md")]
    pub struct ImportGuide;

    #[doc = include_str!("../../docs/groups.md")]
    pub struct GroupsGuide;
}
