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
mod checks;
pub mod diff;
mod document;
pub mod explain;
pub mod extension;
mod patch;
pub mod path;
mod plan;
mod record;
pub mod records;
pub mod schema;

pub use apply::{AttrError, EntryOutcome, EntryStatus, Outcome, Preview};
pub use checks::{Diagnostic, Severity};
pub use diff::{compare, diff_record, Change, DiffSummary, RecordDiff, TargetChange};
pub use document::{LoadError, LoadErrors};
pub use explain::{explain_program, EntryExplanation, Explanation, ExprExplanation, Step};
pub use patch::{
    equal, requests, PatchOp, PatchOperation, PatchOptions, PatchRequest, DEFAULT_MAX_OPERATIONS,
};
pub use path::TargetPath;
pub use plan::{
    duplicate_directory_key, duplicate_provider_key, is_suspended, lines_text, missing_key, plan,
    unsafe_create, KeyIndex, Lookup, MatchKey, Orphan, Plan, PlanAction, PlanLine, PLAN_FIELDS,
};
pub use record::{parse_object, parse_object_folded, RecordError};
pub use records::RecordSchemas;

use crate::engine::{Compiler, Program};
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
///
/// ```
/// use scimexpr::{ApplyInput, Mapping};
/// use serde_json::json;
///
/// let doc = r#"{"name": "acme", "direction": "export", "resource": "User", "attributes": [
///     {"target": "userName", "direct": "email", "required": true},
///     {"target": "displayName", "expression": "jcUser.firstname + ' ' + (jcUser.lastname ?? '')"},
///     {"target": "emails[type eq \"work\"].value", "direct": "email"},
///     {"target": "userType", "constant": "Employee"}
/// ]}"#;
/// let mapping = Mapping::load(doc)?;
/// let user = json!({"email": "ada@example.com", "firstname": "Ada"});
/// let resource = mapping.apply(&ApplyInput::user(&user)).resource.unwrap();
/// assert_eq!(resource["displayName"], "Ada ");
/// assert_eq!(resource["emails"], json!([{"type": "work", "value": "ada@example.com"}]));
///
/// // Every problem of a bad document at once, each naming its entry.
/// let errs = Mapping::load(r#"{"name": "x", "direction": "export", "resource": "User",
///     "attributes": [{"target": "userName", "direct": "email"}, {"target": "titel", "direct": "jobTitle"}]}"#)
///     .unwrap_err();
/// assert_eq!(errs[0].index, Some(1));
/// assert!(errs[0].message.contains("did you mean title?"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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
    /// What [`Mapping::diagnostics`] returns, found at load.
    warnings: Vec<Diagnostic>,
    /// What [`Mapping::record_work_budget`] returns.
    record_work_budget: Option<u64>,
}

/// Default work units one record may use across all of a mapping's entries
/// ([`Mapping::record_work_budget`]): one expression's default budget, so a
/// record costs at most what one expression may, however many entries the
/// mapping has.
pub const DEFAULT_RECORD_WORK_BUDGET: u64 = crate::DEFAULT_WORK_BUDGET;

/// The records a mapping's expressions read (docs/mapping.md, The roots). Declared once:
/// the compiler's strict roots, the records an expression runs against and
/// the primary record of each kind of mapping all come from here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// `jcUser`: the directory user.
    JcUser,
    /// `providerUser`: the provider's copy, `{}` when it has none yet.
    ProviderUser,
    /// `settings`: host settings.
    Settings,
    /// `jcGroup`: the directory group (Group mappings only).
    JcGroup,
}

impl Root {
    /// The name expressions use.
    pub fn name(self) -> &'static str {
        match self {
            Root::JcUser => "jcUser",
            Root::ProviderUser => "providerUser",
            Root::Settings => "settings",
            Root::JcGroup => "jcGroup",
        }
    }

    /// The root whose record a mapping's `direct` paths read (see
    /// [`Mapping::primary_root`]).
    pub fn primary(direction: Direction, resource: Resource) -> Root {
        match (direction, resource) {
            (Direction::Import, _) => Root::ProviderUser,
            (Direction::Export, Resource::Group) => Root::JcGroup,
            (Direction::Export, Resource::User) => Root::JcUser,
        }
    }

    /// The roots a mapping of `resource` provides, in the order expressions see them.
    pub fn for_resource(resource: Resource) -> &'static [Root] {
        const USER: &[Root] = &[Root::JcUser, Root::ProviderUser, Root::Settings];
        const GROUP: &[Root] = &[
            Root::JcUser,
            Root::ProviderUser,
            Root::Settings,
            Root::JcGroup,
        ];
        match resource {
            Resource::User => USER,
            Resource::Group => GROUP,
        }
    }
}

/// The records an application of a mapping sees (docs/mapping.md, The roots).
///
/// ```
/// use scimexpr::{ApplyInput, Mapping};
/// use serde_json::json;
///
/// let mapping = Mapping::builtin("scim")?;
/// let user = json!({"id": "u1", "username": "ada", "email": "ada@example.com"});
/// let outcome = mapping.apply(&ApplyInput::user(&user));
/// assert_eq!(outcome.resource.unwrap()["userName"], "ada");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
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

/// `{}`, for the records an input does not have.
fn empty_object() -> &'static Json {
    static EMPTY: std::sync::OnceLock<Json> = std::sync::OnceLock::new();
    EMPTY.get_or_init(|| Json::Object(serde_json::Map::new()))
}

impl Default for ApplyInput<'_> {
    /// Every record `{}`.
    fn default() -> Self {
        let e = empty_object();
        ApplyInput {
            jc_user: e,
            provider_user: e,
            settings: e,
            jc_group: e,
        }
    }
}

impl<'a> ApplyInput<'a> {
    /// A directory user, the other records `{}`.
    pub fn user(jc_user: &'a Json) -> Self {
        ApplyInput {
            jc_user,
            ..ApplyInput::default()
        }
    }

    /// A directory group, the other records `{}`.
    pub fn group(jc_group: &'a Json) -> Self {
        ApplyInput {
            jc_group,
            ..ApplyInput::default()
        }
    }

    /// The provider's user (also the primary record of an import).
    pub fn provider(provider_user: &'a Json) -> Self {
        ApplyInput {
            provider_user,
            ..ApplyInput::default()
        }
    }

    /// With the provider's copy.
    pub fn with_provider(self, provider_user: &'a Json) -> Self {
        ApplyInput {
            provider_user,
            ..self
        }
    }

    /// With host settings.
    pub fn with_settings(self, settings: &'a Json) -> Self {
        ApplyInput { settings, ..self }
    }

    /// The record a root names.
    pub fn get(&self, root: Root) -> &'a Json {
        match root {
            Root::JcUser => self.jc_user,
            Root::ProviderUser => self.provider_user,
            Root::Settings => self.settings,
            Root::JcGroup => self.jc_group,
        }
    }

    fn slot(&mut self, root: Root) -> &mut &'a Json {
        match root {
            Root::JcUser => &mut self.jc_user,
            Root::ProviderUser => &mut self.provider_user,
            Root::Settings => &mut self.settings,
            Root::JcGroup => &mut self.jc_group,
        }
    }
}

/// The shipped record schemas, parsed once.
fn shipped_schemas() -> &'static RecordSchemas {
    static SHIPPED: std::sync::OnceLock<RecordSchemas> = std::sync::OnceLock::new();
    SHIPPED.get_or_init(RecordSchemas::default)
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
    /// Validates and compiles a mapping document, reporting every problem,
    /// with the default [`Compiler`] (the JumpCloud host functions).
    pub fn load(json_text: &str) -> Result<Mapping, LoadErrors> {
        document::load(json_text, &Compiler::new(), shipped_schemas())
    }

    /// [`Mapping::load`] with the host's compiler: its functions, limits and
    /// clock (the mapping's roots are set on a copy of it).
    pub fn load_with(json_text: &str, compiler: &Compiler) -> Result<Mapping, LoadErrors> {
        document::load(json_text, compiler, shipped_schemas())
    }

    /// [`Mapping::load_with`] checked against the host's record schemas and
    /// extension schemas (see [`RecordSchemas`]) instead of the shipped ones:
    /// targets may name the extensions' attributes, and expressions and
    /// `direct` paths are checked against the host's records.
    pub fn load_with_schemas(
        json_text: &str,
        compiler: &Compiler,
        schemas: &RecordSchemas,
    ) -> Result<Mapping, LoadErrors> {
        document::load(json_text, compiler, schemas)
    }

    /// [`Mapping::load_with`] for a document already parsed.
    pub fn from_json(doc: &Json, compiler: &Compiler) -> Result<Mapping, LoadErrors> {
        document::from_json(doc, compiler, shipped_schemas())
    }

    /// [`Mapping::load_with_schemas`] for a document already parsed.
    pub fn from_json_with_schemas(
        doc: &Json,
        compiler: &Compiler,
        schemas: &RecordSchemas,
    ) -> Result<Mapping, LoadErrors> {
        document::from_json(doc, compiler, schemas)
    }

    /// The names of the shipped connector tables.
    pub fn builtin_names() -> Vec<&'static str> {
        BUILTINS.iter().map(|(n, _)| *n).collect()
    }

    /// A shipped connector table by name; an unknown name is an error that
    /// says which names there are, and the nearest one.
    ///
    /// ```
    /// let err = scimexpr::Mapping::builtin("nemly").unwrap_err();
    /// assert!(err.to_string().contains("did you mean namely?"), "{err}");
    /// ```
    pub fn builtin(name: &str) -> Result<Mapping, LoadErrors> {
        Mapping::builtin_with(name, &Compiler::new())
    }

    /// [`Mapping::builtin`] compiled with the host's compiler.
    pub fn builtin_with(name: &str, compiler: &Compiler) -> Result<Mapping, LoadErrors> {
        Mapping::builtin_with_schemas(name, compiler, shipped_schemas())
    }

    /// [`Mapping::builtin_with`] checked against the host's schemas (see
    /// [`Mapping::load_with_schemas`]).
    pub fn builtin_with_schemas(
        name: &str,
        compiler: &Compiler,
        schemas: &RecordSchemas,
    ) -> Result<Mapping, LoadErrors> {
        match Mapping::builtin_source(name) {
            Some(text) => document::load(text, compiler, schemas),
            None => {
                let names = Mapping::builtin_names();
                let hint = crate::suggest::nearest(name, names.iter().copied())
                    .map(|n| format!(" (did you mean {n}?)"))
                    .unwrap_or_default();
                Err(LoadErrors::from(vec![LoadError {
                    index: None,
                    target: None,
                    message: format!(
                        "unknown mapping {name:?}{hint}: the shipped ones are {}",
                        names.join(", ")
                    ),
                    ..LoadError::default()
                }]))
            }
        }
    }

    /// Work units one record may use across all entries (default
    /// [`DEFAULT_RECORD_WORK_BUDGET`]; `None`: only each expression's own
    /// budget). Every entry's expression draws from it as well as from its
    /// own budget; when it runs out, the record fails with `record work
    /// budget exceeded`, naming the entry's target and the position of the
    /// instruction, and the entries after it are not run.
    pub fn record_work_budget(&self) -> Option<u64> {
        self.record_work_budget
    }

    /// Sets [`Mapping::record_work_budget`].
    ///
    /// ```
    /// use scimexpr::{ApplyInput, Mapping};
    /// use serde_json::json;
    ///
    /// let mut m = Mapping::builtin("namely")?;
    /// m.set_record_work_budget(Some(10));
    /// let out = m.apply(&ApplyInput::user(&json!({"id": "u1", "email": "a@x.io"})));
    /// assert!(out.failed.unwrap().message.starts_with("record work budget exceeded (10 units"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn set_record_work_budget(&mut self, units: Option<u64>) {
        self.record_work_budget = units;
    }

    /// The source text of a shipped connector table.
    pub fn builtin_source(name: &str) -> Option<&'static str> {
        BUILTINS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }

    /// Applies the mapping to one record (docs/mapping.md, How values are written).
    pub fn apply(&self, input: &ApplyInput<'_>) -> Outcome {
        apply::apply(self, input, None)
    }

    /// [`Mapping::apply`] drawing the record's work from `meter` instead of a
    /// fresh one of [`Mapping::record_work_budget`] units; afterwards
    /// [`WorkMeter::used`](crate::WorkMeter::used) says what the record cost.
    ///
    /// ```
    /// use scimexpr::{ApplyInput, Mapping, WorkMeter};
    /// use serde_json::json;
    ///
    /// let m = Mapping::builtin("namely")?;
    /// let mut meter = WorkMeter::new(m.record_work_budget());
    /// let out = m.apply_metered(&ApplyInput::user(&json!({"id": "u1", "email": "a@x.io"})), &mut meter);
    /// assert!(out.failed.is_none());
    /// assert!(meter.used() > 0 && meter.used() < 10_000);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn apply_metered(&self, input: &ApplyInput<'_>, meter: &mut crate::WorkMeter) -> Outcome {
        apply::apply_metered(self, input, None, meter)
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

    /// The root whose record the entries' `direct` paths read: the provider's
    /// user for imports, the directory group for Group mappings, else the
    /// directory user.
    pub fn primary_root(&self) -> Root {
        Root::primary(self.direction, self.resource)
    }

    /// The record the entries' `direct` paths read.
    pub fn primary<'a>(&self, input: &ApplyInput<'a>) -> &'a Json {
        input.get(self.primary_root())
    }

    /// `input` with `record` in the primary place (see [`Mapping::primary_root`]).
    pub fn with_primary<'a>(&self, mut input: ApplyInput<'a>, record: &'a Json) -> ApplyInput<'a> {
        *input.slot(self.primary_root()) = record;
        input
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
