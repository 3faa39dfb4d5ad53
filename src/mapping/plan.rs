//! Sync plans (docs/sync.md): directory users matched to the provider's users
//! by a key, never by position, and one action for each.
//!
//! The decision for one record is [`Mapping::plan_record`]; [`plan`] does a
//! whole in-memory population (duplicates, orphans). The CLI's `plan` does the
//! same over files it indexes by key, so that the provider side never has to
//! fit in memory; both use [`KeyIndex`] and the same messages.

use super::apply::{AttrError, Outcome};
use super::patch::{self, PatchOperation, PatchOptions, PatchRequest};
use super::schema::{self, Attr};
use super::{ApplyInput, Direction, Mapping, Resource};
use serde_json::{Map, Value as Json};
use std::collections::HashMap;
use std::fmt;
use std::hash::Hasher;

/// How directory records are matched to provider records: the directory
/// field `directory` (a top-level field of the primary record) equals the
/// provider attribute `provider`, compared as the provider attribute's schema
/// says (`userName` case-insensitively, `externalId` exactly).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchKey {
    /// The directory record's field (`id`, `employeeIdentifier`, `email`, …).
    pub directory: String,
    /// The provider resource's attribute, in canonical case (`externalId`,
    /// `userName`, `displayName`, `id`).
    pub provider: &'static str,
    case_exact: bool,
}

impl fmt::Display for MatchKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.directory, self.provider)
    }
}

impl MatchKey {
    /// `directory` = `provider`, the provider attribute looked up in the
    /// resource's core schema; it must be a single-valued string attribute.
    pub fn new(directory: &str, provider: &str, resource: Resource) -> Result<MatchKey, String> {
        if directory.is_empty() || directory.contains('.') {
            return Err(format!(
                "match key field {directory:?} must be a top-level field name"
            ));
        }
        let core = schema::schemas_for(resource)
            .first()
            .map_or(&[][..], |s| s.1);
        let attr: &'static Attr = schema::find(core, provider)
            .ok_or_else(|| format!("match key: unknown provider attribute {provider:?}"))?;
        if attr.multi || attr.ty != schema::Type::String {
            return Err(format!(
                "match key: {} is not a single-valued string attribute",
                attr.name
            ));
        }
        Ok(MatchKey {
            directory: directory.to_string(),
            provider: attr.name,
            case_exact: attr.case_exact,
        })
    }

    /// Parses a `--match` value: `email` (directory `email` = `userName`),
    /// `username` (directory `username` = `userName`), or `FIELD=ATTRIBUTE`.
    pub fn parse(text: &str, resource: Resource) -> Result<MatchKey, String> {
        match text {
            "email" => MatchKey::new("email", "userName", resource),
            "username" => MatchKey::new("username", "userName", resource),
            _ => match text.split_once('=') {
                Some((d, p)) => MatchKey::new(d.trim(), p.trim(), resource),
                None => Err(format!(
                    "unknown match key {text:?}: use email, username or FIELD=ATTRIBUTE (e.g. id=externalId)"
                )),
            },
        }
    }

    /// The key of a directory record, as written there.
    pub fn directory_key(&self, record: &Json) -> Option<String> {
        key_text(record.as_object()?.get(&self.directory)?)
    }

    /// The key of a provider record, as written there (the attribute name is
    /// matched case-insensitively, as SCIM names are).
    pub fn provider_key(&self, record: &Json) -> Option<String> {
        let m = record.as_object()?;
        let v = m.get(self.provider).or_else(|| {
            m.iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(self.provider))
                .map(|(_, v)| v)
        })?;
        key_text(v)
    }

    /// The form keys are compared in: case-folded unless the provider
    /// attribute is `caseExact`.
    pub fn normalize<'k>(&self, key: &'k str) -> std::borrow::Cow<'k, str> {
        if self.case_exact {
            std::borrow::Cow::Borrowed(key)
        } else {
            std::borrow::Cow::Owned(key.to_lowercase())
        }
    }

    /// The fields a reader of directory records must keep for this key.
    pub fn directory_fields(&self) -> Vec<String> {
        vec![self.directory.clone()]
    }
}

/// A key must be a non-empty string or a number (written as its JSON text).
fn key_text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) if !s.is_empty() => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The key a mapping matches by when none is given (docs/sync.md, Match keys): the one
/// the document names, else the directory field its `externalId` entry reads
/// (= provider `externalId`), else, for groups, the group's `name` =
/// `displayName` (the Interact article: groups are taken over by name).
pub(super) fn derive_key(
    mapping_direction: Direction,
    resource: Resource,
    entries: &[super::Entry],
    named: Option<MatchKey>,
) -> Result<Option<MatchKey>, String> {
    if mapping_direction == Direction::Import {
        return Ok(named);
    }
    let root = super::Root::primary(mapping_direction, resource).name();
    let external = entries
        .iter()
        .find(|e| e.target.urn.is_none() && e.target.attr.name == "externalId");
    // The directory fields the externalId entry can take its value from.
    let fed_by: Option<Vec<String>> = external.map(|e| match &e.source {
        super::Source::Direct(super::DirectPath::Fields(f)) if f.len() == 1 => f.clone(),
        super::Source::Expression(p) => p
            .fields_read(root)
            .map(|v| v.into_iter().map(str::to_string).collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    });
    match (named, fed_by) {
        (Some(k), Some(fields)) if k.provider == "externalId" => {
            if fields.contains(&k.directory) {
                Ok(Some(k))
            } else {
                Err(format!(
                    "\"match\" says {k}, but the externalId entry is fed by {}",
                    if fields.is_empty() {
                        "no directory field".to_string()
                    } else {
                        fields.join(", ")
                    }
                ))
            }
        }
        (Some(k), _) => Ok(Some(k)),
        (None, Some(fields)) => match fields.as_slice() {
            [one] => MatchKey::new(one, "externalId", resource).map(Some),
            // An externalId fed by several (or no) fields names no key: the
            // document has to say.
            _ => Ok(None),
        },
        (None, None) if resource == Resource::Group => {
            MatchKey::new("name", "displayName", resource).map(Some)
        }
        (None, None) => Ok(None),
    }
}

/// What to do for one directory record.
#[derive(Debug, Clone, PartialEq)]
pub enum PlanAction {
    /// No provider record matches: the resource to `POST`.
    Create {
        /// The resource.
        body: Json,
    },
    /// A provider record matches and owned data differs.
    Update {
        /// The provider resource's `id`.
        id: String,
        /// The PATCH requests, to send in order.
        requests: Vec<PatchRequest>,
    },
    /// A provider record matches and nothing the mapping owns differs.
    Unchanged {
        /// The provider resource's `id`.
        id: String,
    },
    /// Nothing is sent: the mapping could not produce the record, or the
    /// match is ambiguous or impossible.
    Failed {
        /// What went wrong.
        errors: Vec<AttrError>,
    },
    /// Nothing is sent, by rule (an empty group is not created).
    Skipped {
        /// Why.
        reason: String,
    },
}

impl PlanAction {
    /// `create`, `update`, `unchanged`, `failed` or `skipped`.
    pub fn name(&self) -> &'static str {
        match self {
            PlanAction::Create { .. } => "create",
            PlanAction::Update { .. } => "update",
            PlanAction::Unchanged { .. } => "unchanged",
            PlanAction::Failed { .. } => "failed",
            PlanAction::Skipped { .. } => "skipped",
        }
    }

    /// A failure that concerns the record as a whole (no one target).
    pub fn failed(message: impl Into<String>) -> PlanAction {
        PlanAction::Failed {
            errors: vec![AttrError {
                target: String::new(),
                message: message.into(),
            }],
        }
    }
}

/// One line of a plan: a directory record and its action.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanLine {
    /// The record's line (1-based) in the input.
    pub line: usize,
    /// The directory record's `id`, if it has one.
    pub user: Option<String>,
    /// The record's match key, if it has one.
    pub key: Option<String>,
    /// What to do.
    pub action: PlanAction,
    /// Errors on optional attributes: the record still goes out without them.
    pub warnings: Vec<AttrError>,
}

/// A provider record no directory record matched. The plan never deletes:
/// whether to deactivate or delete it is the service's decision.
#[derive(Debug, Clone, PartialEq)]
pub struct Orphan {
    /// Its line (1-based) in the provider input.
    pub provider_line: usize,
    /// Its `id`, if it has one.
    pub id: Option<String>,
    /// Its key, if it has one.
    pub key: Option<String>,
}

fn errors_json(errors: &[AttrError]) -> Json {
    Json::Array(
        errors
            .iter()
            .map(|e| {
                let mut m = Map::new();
                if !e.target.is_empty() {
                    m.insert("target".into(), Json::from(e.target.as_str()));
                }
                // The caret lines stay out of a JSON line; `(L:C)` is in the headline.
                let headline = e.message.lines().next().unwrap_or("");
                m.insert("error".into(), Json::from(headline));
                Json::Object(m)
            })
            .collect(),
    )
}

impl PlanLine {
    /// The line as the CLI prints it: `{"line", "user", "key", "action", "id",
    /// "body" | "patch" | "errors" | "reason", "warnings"}`.
    pub fn to_json(&self, resource: Resource) -> Json {
        self.clone().into_json(resource)
    }

    /// [`PlanLine::to_json`], moving the body and requests instead of copying them.
    pub fn into_json(self, resource: Resource) -> Json {
        let mut m = Map::new();
        m.insert("line".into(), Json::from(self.line));
        let who = match resource {
            Resource::User => "user",
            Resource::Group => "group",
        };
        m.insert(who.into(), self.user.map_or(Json::Null, Json::from));
        m.insert("key".into(), self.key.map_or(Json::Null, Json::from));
        m.insert("action".into(), Json::from(self.action.name()));
        match self.action {
            PlanAction::Create { body } => {
                m.insert("body".into(), body);
            }
            PlanAction::Update { id, requests } => {
                m.insert("id".into(), Json::from(id));
                m.insert(
                    "patch".into(),
                    serde_json::to_value(requests).unwrap_or(Json::Null),
                );
            }
            PlanAction::Unchanged { id } => {
                m.insert("id".into(), Json::from(id));
            }
            PlanAction::Failed { errors } => {
                m.insert("errors".into(), errors_json(&errors));
            }
            PlanAction::Skipped { reason } => {
                m.insert("reason".into(), Json::from(reason));
            }
        }
        if !self.warnings.is_empty() {
            m.insert("warnings".into(), errors_json(&self.warnings));
        }
        Json::Object(m)
    }
}

impl Orphan {
    /// The line as the CLI prints it.
    pub fn to_json(&self) -> Json {
        let mut m = Map::new();
        m.insert("provider_line".into(), Json::from(self.provider_line));
        m.insert("action".into(), Json::from("orphan"));
        m.insert("id".into(), self.id.clone().map_or(Json::Null, Json::from));
        m.insert(
            "key".into(),
            self.key.clone().map_or(Json::Null, Json::from),
        );
        Json::Object(m)
    }
}

/// Whether a directory user is suspended (`state: SUSPENDED` or
/// `suspended: true`); suspension deactivates at the provider.
pub fn is_suspended(record: &Json) -> bool {
    record.get("suspended") == Some(&Json::Bool(true))
        || record
            .get("state")
            .and_then(Json::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("SUSPENDED"))
}

/// The directory fields [`Mapping::plan_record`] reads besides the mapping's
/// own: the record's `id` and what says it is suspended.
pub const PLAN_FIELDS: &[&str] = &["id", "state", "suspended"];

impl Mapping {
    /// The action for one directory record (`record` in the primary place of
    /// `base`), given the provider record its key matched, if any
    /// (docs/sync.md).
    pub fn plan_record(
        &self,
        base: ApplyInput<'_>,
        record: &Json,
        matched: Option<&Json>,
        opts: &PatchOptions,
    ) -> (PlanAction, Vec<AttrError>) {
        let empty = Json::Object(Map::new());
        let provider = matched.unwrap_or(&empty);
        let mut input = self.with_primary(base, record);
        input.provider_user = provider;
        let mut outcome = self.apply(&input);
        let warnings = outcome.errors.clone();
        if let Some(f) = &outcome.failed {
            let mut errors = vec![f.clone()];
            errors.extend(outcome.errors.iter().cloned());
            return (PlanAction::Failed { errors }, Vec::new());
        }
        let suspended = self.resource == Resource::User && is_suspended(record);
        if suspended {
            if let Some(Json::Object(r)) = outcome.resource.as_mut() {
                r.insert("active".into(), Json::Bool(false));
            }
        }
        let Some(current) = matched else {
            let body = outcome.resource.take().unwrap_or(Json::Null);
            if self.resource == Resource::Group && !has_members(&body) {
                let reason =
                    "empty group: not created (groups are created with their first member)";
                return (
                    PlanAction::Skipped {
                        reason: reason.into(),
                    },
                    warnings,
                );
            }
            return (PlanAction::Create { body }, warnings);
        };
        let Some(id) = current.get("id").and_then(key_text) else {
            return (
                PlanAction::failed("the matching provider record has no \"id\" to address"),
                warnings,
            );
        };
        let mut ops = self.operations(&outcome, current, opts).unwrap_or_default();
        if suspended {
            deactivate(self, &outcome, current, &mut ops);
        }
        let action = if ops.is_empty() {
            PlanAction::Unchanged { id }
        } else {
            PlanAction::Update {
                id,
                requests: patch::requests(ops, opts.max_operations),
            }
        };
        (action, warnings)
    }

    /// The top-level attributes of a provider record that planning a
    /// directory record against it can read: what the entries own, what the
    /// expressions read of `providerUser`, its `id`, `active` and the key's
    /// attribute; `None` when an expression may read any. Names are SCIM
    /// names: match them case-insensitively ([`super::parse_object_folded`]).
    pub fn provider_fields(&self, key: &MatchKey) -> Option<Vec<String>> {
        let mut out: Vec<String> = vec!["id".into(), "active".into(), key.provider.into()];
        let mut add = |f: &str| {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(f)) {
                out.push(f.to_string());
            }
        };
        for e in &self.entries {
            add(e.target.urn.unwrap_or(e.target.attr.name));
            if let super::Source::Expression(p) = &e.source {
                for f in p.fields_read("providerUser")? {
                    add(f);
                }
            }
        }
        Some(out)
    }

    /// The PATCH operations turning `provider_user` into what `outcome` says,
    /// touching only what the mapping owns (docs/sync.md, What a PATCH changes); `None` when the
    /// record failed, empty when nothing differs.
    pub fn operations(
        &self,
        outcome: &Outcome,
        provider_user: &Json,
        opts: &PatchOptions,
    ) -> Option<Vec<PatchOperation>> {
        patch::operations(self, outcome, provider_user, opts)
    }
}

fn has_members(body: &Json) -> bool {
    body.get("members")
        .and_then(Json::as_array)
        .is_some_and(|m| !m.is_empty())
}

/// A suspended user's `active: false`, when the mapping has no `active`
/// entry of its own (with one, [`Mapping::operations`] already compared it).
fn deactivate(mapping: &Mapping, outcome: &Outcome, current: &Json, ops: &mut Vec<PatchOperation>) {
    let owned = mapping
        .entries
        .iter()
        .any(|e| e.target.urn.is_none() && e.target.attr.name == "active");
    if owned || outcome.resource.is_none() {
        return;
    }
    let now = current.as_object().and_then(|m| {
        m.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("active"))
            .map(|(_, v)| v)
    });
    let op = match now {
        Some(Json::Bool(false)) => return,
        Some(Json::Null) | None => patch::PatchOp::Add,
        Some(_) => patch::PatchOp::Replace,
    };
    ops.push(PatchOperation {
        op,
        path: Some("active".into()),
        value: Some(Json::Bool(false)),
    });
}

/// Keys mapped to the lines they occur on. Keys are stored as 128-bit hashes
/// of their normalized form, so a million keys take tens of MiB; a match is
/// always confirmed against the record itself, so a hash collision cannot
/// pair the wrong records. Half of each hash is keyed at random per index, so
/// keys cannot be chosen to collide.
#[derive(Debug)]
pub struct KeyIndex {
    keyed: std::collections::hash_map::RandomState,
    // (keyed half, other half): two words rather than a u128, whose 16-byte
    // alignment would pad every table slot to 32 bytes.
    first: HashMap<(u64, u64), u32, PassThrough>,
    more: HashMap<(u64, u64), Vec<u32>, PassThrough>,
}

impl Default for KeyIndex {
    fn default() -> Self {
        KeyIndex {
            keyed: std::collections::hash_map::RandomState::new(),
            first: HashMap::default(),
            more: HashMap::default(),
        }
    }
}

/// The index's keys are hashes already: the table uses their low bits as
/// they are instead of hashing them again.
#[derive(Debug, Default, Clone, Copy)]
pub struct PassThrough;

impl std::hash::BuildHasher for PassThrough {
    type Hasher = PassThroughHasher;
    fn build_hasher(&self) -> PassThroughHasher {
        PassThroughHasher(None)
    }
}

/// See [`PassThrough`]: keeps the first word written, the keyed half.
#[derive(Debug, Default, Clone, Copy)]
pub struct PassThroughHasher(Option<u64>);

impl Hasher for PassThroughHasher {
    fn finish(&self) -> u64 {
        self.0.unwrap_or(0)
    }
    fn write(&mut self, bytes: &[u8]) {
        // Not reached for the index's keys; any mixing keeps it a hash.
        let h = bytes.iter().fold(self.finish(), |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        self.0 = Some(h);
    }
    fn write_u64(&mut self, n: u64) {
        self.0.get_or_insert(n);
    }
}

/// What a key finds in a [`KeyIndex`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// No line has the key.
    None,
    /// Exactly one line (0-based).
    One(u32),
    /// Several lines (0-based, in order).
    Many(Vec<u32>),
}

impl KeyIndex {
    /// A key's 128 bits: SipHash keyed at random (the table's hash), and
    /// FNV-1a for the other half, which only tells keys apart.
    fn hash128(&self, key: &str) -> (u64, u64) {
        use std::hash::BuildHasher;
        let keyed = self.keyed.hash_one(key);
        let fnv = key.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
        (keyed, fnv)
    }
}

impl KeyIndex {
    /// Records that line `line` (0-based) has `key` (normalized); returns the
    /// first earlier line with the same key.
    pub fn insert(&mut self, key: &str, line: u32) -> Option<u32> {
        let h = self.hash128(key);
        match self.first.get(&h) {
            None => {
                self.first.insert(h, line);
                None
            }
            Some(&first) => {
                self.more.entry(h).or_default().push(line);
                Some(first)
            }
        }
    }

    /// The lines with `key` (normalized).
    pub fn get(&self, key: &str) -> Lookup {
        let h = self.hash128(key);
        match (self.first.get(&h), self.more.get(&h)) {
            (None, _) => Lookup::None,
            (Some(&one), None) => Lookup::One(one),
            (Some(&one), Some(more)) => {
                let mut all = vec![one];
                all.extend(more);
                Lookup::Many(all)
            }
        }
    }

    /// How many distinct keys are indexed.
    pub fn len(&self) -> usize {
        self.first.len()
    }

    /// Whether no key is indexed.
    pub fn is_empty(&self) -> bool {
        self.first.is_empty()
    }
}

/// `lines` (0-based) written for a message: `lines 3 and 9`, `lines 3, 9 and 12`.
pub fn lines_text(lines: &[u32]) -> String {
    let shown: Vec<String> = lines.iter().map(|l| (l + 1).to_string()).collect();
    match shown.split_last() {
        Some((last, rest)) if !rest.is_empty() => {
            format!("lines {} and {last}", rest.join(", "))
        }
        Some((last, _)) => format!("line {last}"),
        None => String::new(),
    }
}

/// The failure for a directory record whose key another directory record has.
pub fn duplicate_directory_key(key: &MatchKey, value: &str, lines: &[u32]) -> PlanAction {
    PlanAction::failed(format!(
        "directory {} {value:?} occurs on input {}: a key must be unique",
        key.directory,
        lines_text(lines)
    ))
}

/// The failure for a directory record whose key several provider records have.
pub fn duplicate_provider_key(key: &MatchKey, value: &str, lines: &[u32]) -> PlanAction {
    PlanAction::failed(format!(
        "provider {} {value:?} occurs on provider {}: a key must be unique",
        key.provider,
        lines_text(lines)
    ))
}

/// The failure for a directory record without a key.
pub fn missing_key(key: &MatchKey) -> PlanAction {
    PlanAction::failed(format!(
        "no {} to match provider records by ({key})",
        key.directory
    ))
}

/// The failure for a would-be create while some provider records could not
/// be read: one of them may be this user, and creating it again would
/// duplicate it.
pub fn unsafe_create(bad_lines: &[u32]) -> PlanAction {
    PlanAction::failed(format!(
        "not created: provider {} could not be read, and one of them may be this record",
        lines_text(bad_lines)
    ))
}

/// A whole plan, in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// One line per directory record, in input order.
    pub lines: Vec<PlanLine>,
    /// Provider records no directory record matched, in provider order.
    pub orphans: Vec<Orphan>,
    /// Provider records whose key another provider record has: (line, message).
    /// They are neither matched nor orphans.
    pub provider_errors: Vec<(usize, String)>,
}

/// Plans `directory` against `provider` (docs/sync.md); `base` gives the
/// settings (and the other roots) every record is applied with.
pub fn plan(
    mapping: &Mapping,
    key: &MatchKey,
    base: ApplyInput<'_>,
    directory: &[Json],
    provider: &[Json],
    opts: &PatchOptions,
) -> Plan {
    let mut dir_index = KeyIndex::default();
    let dir_keys: Vec<Option<String>> = directory.iter().map(|r| key.directory_key(r)).collect();
    for (i, k) in dir_keys.iter().enumerate() {
        if let Some(k) = k {
            dir_index.insert(&key.normalize(k), i as u32);
        }
    }
    let mut prov_index = KeyIndex::default();
    for (i, p) in provider.iter().enumerate() {
        if let Some(k) = key.provider_key(p) {
            prov_index.insert(&key.normalize(&k), i as u32);
        }
    }
    let mut claimed = vec![false; provider.len()];
    let mut lines = Vec::with_capacity(directory.len());
    for (i, (record, k)) in directory.iter().zip(&dir_keys).enumerate() {
        let user = record.get("id").and_then(key_text);
        let (action, warnings) = match k {
            None => (missing_key(key), Vec::new()),
            Some(k) => {
                let norm = key.normalize(k);
                let found = prov_index.get(&norm);
                // Provider records a key finds are spoken for, never orphans
                // (an orphan may be deactivated), even when the match is refused.
                let lines: &[u32] = match &found {
                    Lookup::None => &[],
                    Lookup::One(l) => std::slice::from_ref(l),
                    Lookup::Many(all) => all,
                };
                for l in lines {
                    if let Some(c) = claimed.get_mut(*l as usize) {
                        *c = true;
                    }
                }
                match (dir_index.get(&norm), found) {
                    (Lookup::Many(all), _) => (duplicate_directory_key(key, k, &all), Vec::new()),
                    (_, Lookup::Many(all)) => (duplicate_provider_key(key, k, &all), Vec::new()),
                    (_, Lookup::One(l)) => {
                        let p = provider.get(l as usize);
                        mapping.plan_record(base, record, p, opts)
                    }
                    (_, Lookup::None) => mapping.plan_record(base, record, None, opts),
                }
            }
        };
        lines.push(PlanLine {
            line: i + 1,
            user,
            key: k.clone(),
            action,
            warnings,
        });
    }
    let mut orphans = Vec::new();
    let mut provider_errors = Vec::new();
    for (i, (p, c)) in provider.iter().zip(&claimed).enumerate() {
        let k = key.provider_key(p);
        if let Some(k) = &k {
            if let Lookup::Many(all) = prov_index.get(&key.normalize(k)) {
                if let PlanAction::Failed { errors } = duplicate_provider_key(key, k, &all) {
                    let message = errors.into_iter().next().map(|e| e.message);
                    provider_errors.push((i + 1, message.unwrap_or_default()));
                }
                continue;
            }
        }
        if !c {
            orphans.push(Orphan {
                provider_line: i + 1,
                id: p.get("id").and_then(key_text),
                key: k,
            });
        }
    }
    Plan {
        lines,
        orphans,
        provider_errors,
    }
}
