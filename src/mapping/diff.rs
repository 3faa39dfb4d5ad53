//! Two versions of a mapping over the same records (docs/cli.md, `diff`):
//! per target, how many records' values change, start or stop failing,
//! become or stop being omitted, with a few examples of each.
//!
//! [`diff_record`] compares one record's two previews; a [`DiffSummary`]
//! folds any number of those into counts and a bounded list of examples, so
//! its memory does not grow with the number of records. Summaries of parts of
//! a population [`merge`](DiffSummary::merge), so a host can diff in parallel.

use std::collections::BTreeMap;

use serde_json::{json, Value as Json};

use super::apply::{EntryStatus, Preview};
use super::{ApplyInput, Mapping};

/// How one target's result differs between the old and the new version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Change {
    /// Written by both, with different values.
    Changed,
    /// Failed only in the new version.
    StartFailing,
    /// Failed only in the old version.
    StopFailing,
    /// Written by the old version, omitted by the new.
    BecomeOmitted,
    /// Omitted by the old version, written by the new.
    StopBeingOmitted,
}

impl Change {
    /// Every kind, in report order.
    pub const ALL: [Change; 5] = [
        Change::Changed,
        Change::StartFailing,
        Change::StopFailing,
        Change::BecomeOmitted,
        Change::StopBeingOmitted,
    ];

    /// The name used in JSON reports (`start_failing`).
    pub fn name(self) -> &'static str {
        match self {
            Change::Changed => "changed",
            Change::StartFailing => "start_failing",
            Change::StopFailing => "stop_failing",
            Change::BecomeOmitted => "become_omitted",
            Change::StopBeingOmitted => "stop_being_omitted",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// One target that differs for one record.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetChange {
    /// The target path.
    pub target: String,
    /// How it differs.
    pub change: Change,
    /// The old result as shown: the value, `"(omitted)"` or `"ERROR …"`.
    pub old: Json,
    /// The new result, shown the same way.
    pub new: Json,
}

/// How one record's results differ between the two versions.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RecordDiff {
    /// The targets that differ, in the new version's order, then targets
    /// only the old version has.
    pub changes: Vec<TargetChange>,
    /// The whole record failed under the old version.
    pub old_failed: bool,
    /// The whole record failed under the new version.
    pub new_failed: bool,
}

impl RecordDiff {
    /// Nothing differs and neither version failed the record.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && !self.old_failed && !self.new_failed
    }
}

/// An entry's result as the diff compares it.
#[derive(Clone, Copy)]
enum State<'a> {
    Written(&'a Json),
    Omitted,
    Failed(&'a str),
}

fn state(status: &EntryStatus) -> State<'_> {
    match status {
        EntryStatus::Written(v) => State::Written(v),
        EntryStatus::Omitted | EntryStatus::Cleared => State::Omitted,
        EntryStatus::Error(e) => State::Failed(e.lines().next().unwrap_or("")),
    }
}

fn change(old: State<'_>, new: State<'_>) -> Option<Change> {
    use State::*;
    match (old, new) {
        (Written(a), Written(b)) if a != b => Some(Change::Changed),
        (Written(_) | Omitted, Failed(_)) => Some(Change::StartFailing),
        (Failed(_), Written(_) | Omitted) => Some(Change::StopFailing),
        (Written(_), Omitted) => Some(Change::BecomeOmitted),
        (Omitted, Written(_)) => Some(Change::StopBeingOmitted),
        _ => None,
    }
}

fn shown(s: State<'_>) -> Json {
    match s {
        State::Written(v) => v.clone(),
        State::Omitted => json!("(omitted)"),
        State::Failed(e) => json!(format!("ERROR {e}")),
    }
}

/// Compares one record's previews under the old and the new version.
/// Targets are paired by position when the versions agree there (the usual
/// case), else by name; a target only one version has is omitted in the other.
pub fn compare(old: &Preview, new: &Preview) -> RecordDiff {
    let mut changes = Vec::new();
    let mut push = |target: &str, o: State<'_>, n: State<'_>| {
        if let Some(change) = change(o, n) {
            changes.push(TargetChange {
                target: target.to_string(),
                change,
                old: shown(o),
                new: shown(n),
            });
        }
    };
    for (i, ne) in new.entries.iter().enumerate() {
        let oe = match old.entries.get(i) {
            Some(oe) if oe.target == ne.target => Some(oe),
            _ => old.entries.iter().find(|oe| oe.target == ne.target),
        };
        let o = oe.map_or(State::Omitted, |oe| state(&oe.status));
        push(&ne.target, o, state(&ne.status));
    }
    for oe in &old.entries {
        if !new.entries.iter().any(|ne| ne.target == oe.target) {
            push(&oe.target, state(&oe.status), State::Omitted);
        }
    }
    RecordDiff {
        changes,
        old_failed: old.outcome.failed.is_some(),
        new_failed: new.outcome.failed.is_some(),
    }
}

/// Applies both versions to one record and compares them.
///
/// ```
/// use scimexpr::mapping::{diff_record, Change};
/// use scimexpr::{ApplyInput, Compiler, Mapping};
/// use serde_json::json;
///
/// let version = |expression: &str| {
///     let doc = json!({"name": "v", "direction": "export", "resource": "User", "attributes": [
///         {"target": "userName", "direct": "username"},
///         {"target": "displayName", "expression": expression}]});
///     Mapping::from_json(&doc, &Compiler::new())
/// };
/// let (old, new) = (version("jcUser.firstname")?, version("upper(jcUser.firstname)")?);
/// let user = json!({"username": "ada", "firstname": "Ada"});
/// let d = diff_record(&old, &new, &ApplyInput::user(&user));
/// assert_eq!(d.changes[0].change, Change::Changed);
/// assert_eq!(d.changes[0].new, json!("ADA"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn diff_record(old: &Mapping, new: &Mapping, input: &ApplyInput<'_>) -> RecordDiff {
    compare(&old.preview(input), &new.preview(input))
}

/// One example of a change: which user, and the two results.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The user (id, user name, or however the host names the record).
    pub user: String,
    /// The old result, as [`TargetChange::old`].
    pub old: Json,
    /// The new result.
    pub new: Json,
}

/// Counts and examples of one target's changes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TargetSummary {
    /// How many records had each kind of change, indexed as [`Change::ALL`].
    pub counts: [u64; 5],
    /// The first examples of each kind, at most [`DiffSummary::max_examples`].
    pub examples: [Vec<Example>; 5],
}

impl TargetSummary {
    /// How many records had `change`.
    pub fn count(&self, change: Change) -> u64 {
        self.counts.get(change.index()).copied().unwrap_or(0)
    }
}

/// The diff of a population, folded record by record in bounded memory.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DiffSummary {
    /// Examples kept per target and kind.
    pub max_examples: usize,
    /// Records added.
    pub records: u64,
    /// Records with at least one target that differs.
    pub records_changed: u64,
    /// Records the old version failed.
    pub old_failed: u64,
    /// Records the new version failed.
    pub new_failed: u64,
    /// Per target, by name.
    pub targets: BTreeMap<String, TargetSummary>,
}

impl DiffSummary {
    /// An empty summary keeping up to `max_examples` examples per target and kind.
    pub fn new(max_examples: usize) -> DiffSummary {
        DiffSummary {
            max_examples,
            ..DiffSummary::default()
        }
    }

    /// Folds in one record's diff; `user` names it in examples.
    pub fn add(&mut self, user: &str, d: &RecordDiff) {
        self.records += 1;
        self.old_failed += u64::from(d.old_failed);
        self.new_failed += u64::from(d.new_failed);
        self.records_changed += u64::from(!d.changes.is_empty());
        for c in &d.changes {
            let t = self.targets.entry(c.target.clone()).or_default();
            let i = c.change.index();
            if let Some(n) = t.counts.get_mut(i) {
                *n += 1;
            }
            match t.examples.get_mut(i) {
                Some(ex) if ex.len() < self.max_examples => ex.push(Example {
                    user: user.to_string(),
                    old: c.old.clone(),
                    new: c.new.clone(),
                }),
                _ => {}
            }
        }
    }

    /// Folds in another summary (of other records). Examples are kept in
    /// order, this summary's first.
    pub fn merge(&mut self, other: DiffSummary) {
        self.records += other.records;
        self.records_changed += other.records_changed;
        self.old_failed += other.old_failed;
        self.new_failed += other.new_failed;
        for (name, o) in other.targets {
            let t = self.targets.entry(name).or_default();
            for (n, m) in t.counts.iter_mut().zip(o.counts) {
                *n += m;
            }
            for (mine, theirs) in t.examples.iter_mut().zip(o.examples) {
                let room = self.max_examples.saturating_sub(mine.len());
                mine.extend(theirs.into_iter().take(room));
            }
        }
    }

    /// How many target changes of each kind, over all targets.
    pub fn totals(&self) -> [u64; 5] {
        let mut t = [0u64; 5];
        for d in self.targets.values() {
            for (a, b) in t.iter_mut().zip(d.counts) {
                *a += b;
            }
        }
        t
    }

    /// The summary as JSON: `records`, `records_changed`, `old_failed`,
    /// `new_failed`, per target each kind's `count` and `examples`, and `totals`.
    pub fn to_json(&self) -> Json {
        let mut targets = serde_json::Map::new();
        for (t, d) in &self.targets {
            let mut m = serde_json::Map::new();
            for (k, ex) in Change::ALL.iter().zip(&d.examples) {
                let examples: Vec<Json> = ex
                    .iter()
                    .map(|e| json!({"user": e.user, "old": e.old, "new": e.new}))
                    .collect();
                m.insert(
                    k.name().to_string(),
                    json!({"count": d.count(*k), "examples": examples}),
                );
            }
            targets.insert(t.clone(), Json::Object(m));
        }
        let mut totals = serde_json::Map::new();
        for (k, n) in Change::ALL.iter().zip(self.totals()) {
            totals.insert(k.name().to_string(), json!(n));
        }
        json!({
            "records": self.records,
            "records_changed": self.records_changed,
            "old_failed": self.old_failed,
            "new_failed": self.new_failed,
            "targets": targets,
            "totals": totals,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Compiler;

    fn version(entries: &[(&str, &str)]) -> Mapping {
        let mut attributes = vec![json!({"target": "userName", "direct": "username"})];
        for (target, expression) in entries {
            attributes.push(json!({"target": target, "expression": expression}));
        }
        let doc = json!({"name": "v", "direction": "export", "resource": "User",
                         "attributes": attributes});
        Mapping::from_json(&doc, &Compiler::new()).unwrap()
    }

    /// One target per kind of change, and one that does not change.
    #[test]
    fn each_kind_of_change() {
        let old = version(&[
            ("displayName", "jcUser.firstname"),
            ("title", "jcUser.jobTitle"),
            ("nickName", "string(int(jcUser.middlename))"),
            ("locale", "jcUser.location"),
            ("profileUrl", "nil"),
        ]);
        let new = version(&[
            ("displayName", "upper(jcUser.firstname)"),
            ("title", "string(int(jcUser.jobTitle))"),
            ("nickName", "jcUser.middlename"),
            ("locale", "nil"),
            ("profileUrl", "'https://example.org/ada'"),
        ]);
        let user = json!({"username": "ada", "firstname": "Ada", "jobTitle": "Eng",
                          "middlename": "A", "location": "fr"});
        let d = diff_record(&old, &new, &ApplyInput::user(&user));
        let got: Vec<(&str, Change, &Json)> = d
            .changes
            .iter()
            .map(|c| (c.target.as_str(), c.change, &c.new))
            .collect();
        assert_eq!(
            got,
            [
                ("displayName", Change::Changed, &json!("ADA")),
                ("title", Change::StartFailing, &d.changes[1].new),
                ("nickName", Change::StopFailing, &json!("A")),
                ("locale", Change::BecomeOmitted, &json!("(omitted)")),
                (
                    "profileUrl",
                    Change::StopBeingOmitted,
                    &json!("https://example.org/ada")
                ),
            ]
        );
        let shown = d.changes[1].new.as_str().unwrap_or("");
        assert!(shown.starts_with("ERROR "), "{shown}");
        assert!(diff_record(&old, &old, &ApplyInput::user(&user)).is_empty());
    }

    /// Counts add up over records and merges; examples stop at the cap.
    #[test]
    fn summaries_count_all_and_keep_few() {
        let change = |target: &str| RecordDiff {
            changes: vec![TargetChange {
                target: target.into(),
                change: Change::Changed,
                old: json!(1),
                new: json!(2),
            }],
            old_failed: false,
            new_failed: true,
        };
        let mut a = DiffSummary::new(2);
        for u in ["u1", "u2", "u3"] {
            a.add(u, &change("title"));
        }
        let mut b = DiffSummary::new(2);
        b.add("u4", &change("title"));
        b.add("u5", &change("locale"));
        a.merge(b);
        assert_eq!((a.records, a.records_changed, a.new_failed), (5, 5, 5));
        let title = &a.targets["title"];
        assert_eq!(title.count(Change::Changed), 4);
        let users: Vec<&str> = title.examples[0].iter().map(|e| e.user.as_str()).collect();
        assert_eq!(users, ["u1", "u2"]);
        assert_eq!(a.totals(), [5, 0, 0, 0, 0]);
        assert_eq!(a.to_json()["targets"]["locale"]["changed"]["count"], 1);
    }
}
