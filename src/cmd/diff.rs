//! `scimexpr diff`: two versions of a mapping over the same records, target
//! by target: how many records' values change, start or stop failing, become
//! or stop being omitted, with a few examples of each.
//!
//! It streams with `map`'s machinery ([`stream`]): each line's job applies
//! both versions and writes one compact line for a record that differs; the
//! output sink folds those lines into bounded counts and examples, so memory
//! does not grow with the input.

use super::map::{
    job_count, line_bytes, load_or_exit, open, parse_record, parse_settings, stream, usage,
    with_input, Done, LineCaps, LineJob, Pending, DEFAULT_MAX_RECORD_VALUES,
};
use super::output::{self, Lines, Stop, Tally};
use super::plan::ProviderFile;
use scimexpr::mapping::{Direction, EntryStatus, Mapping};
use serde_json::{json, Value as Json};
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scimexpr diff`.
#[derive(clap::Args)]
pub struct DiffArgs {
    /// The old version: a shipped mapping name or a mapping document file.
    #[arg(long)]
    pub old: String,
    /// The new version.
    #[arg(long)]
    pub new: String,
    /// JSON lines of input records; `-` reads stdin.
    #[arg(long)]
    pub input: PathBuf,
    /// JSON lines of the provider's current users (`providerUser`), matched
    /// by key as `plan` does (the new version's key, or --match).
    #[arg(long)]
    pub provider: Option<PathBuf>,
    /// The match key for --provider (see `plan --match`).
    #[arg(long = "match")]
    pub r#match: Option<String>,
    /// Examples kept per target and kind of change.
    #[arg(long, default_value_t = 3)]
    pub examples: usize,
    /// Print one JSON document instead of text.
    #[arg(long)]
    pub json: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// The `settings` object, as JSON.
    #[arg(long, default_value = r#"{"defaultUserState":"STAGED"}"#)]
    pub settings: String,
    /// Longest input line accepted, in bytes; longer lines fail on their own.
    #[arg(long, default_value_t = 16 << 20)]
    pub max_line_bytes: usize,
    /// Most JSON values (objects, arrays, members, elements) in one input
    /// line; a line with more fails on its own, before it is parsed, so one
    /// record's memory is bounded.
    #[arg(long, default_value_t = DEFAULT_MAX_RECORD_VALUES)]
    pub max_record_values: usize,
}

/// The kinds of change, in report order.
const KINDS: [&str; 5] = [
    "changed",
    "start_failing",
    "stop_failing",
    "become_omitted",
    "stop_being_omitted",
];

struct Job<'a> {
    old: &'a Mapping,
    new: &'a Mapping,
    settings: &'a Json,
    provider: Option<&'a ProviderFile>,
    keep: Option<Vec<String>>,
}

/// An entry's result as the diff compares it: 0 written (with the value),
/// 1 omitted or cleared, 2 error (with its headline).
type State<'a> = (u8, &'a Json, &'a str);

fn state(status: &EntryStatus) -> State<'_> {
    match status {
        EntryStatus::Written(v) => (0, v, ""),
        EntryStatus::Omitted | EntryStatus::Cleared => (1, &Json::Null, ""),
        EntryStatus::Error(e) => (2, &Json::Null, e.lines().next().unwrap_or("")),
    }
}

/// The kind of change from `old` to `new` (absent targets count as omitted).
fn kind(old: State<'_>, new: State<'_>) -> Option<usize> {
    match (old.0, new.0) {
        (0, 0) if old.1 != new.1 => Some(0),
        (a, 2) if a != 2 => Some(1),
        (2, b) if b != 2 => Some(2),
        (0, 1) => Some(3),
        (1, 0) => Some(4),
        _ => None,
    }
}

fn shown(s: State<'_>) -> Json {
    match s.0 {
        0 => s.1.clone(),
        1 => json!("(omitted)"),
        _ => json!(format!("ERROR {}", s.2)),
    }
}

impl LineJob for Job<'_> {
    fn run(&self, p: &Pending, out: &mut Vec<u8>) -> Done {
        let mut done = Done::default();
        let bytes = match line_bytes(p) {
            Err(d) => return d,
            Ok(None) => {
                done.blank = true;
                return done;
            }
            Ok(Some(b)) => b,
        };
        let record = match parse_record(bytes, self.keep.as_deref()) {
            Ok(r) => r,
            Err(e) => return Done::failure(p.line, &e),
        };
        let empty = Json::Object(Default::default());
        let provider = match self.provider {
            None => empty,
            Some(file) => match file.matching(&record) {
                Ok(Some(found)) => found,
                Ok(None) => empty,
                Err(e) => return Done::failure(p.line, &format!("provider: {e}")),
            },
        };
        let run = |m: &Mapping| {
            with_input(m, &record, &provider, self.settings, |input| {
                m.preview(input)
            })
        };
        let (old, new) = (run(self.old), run(self.new));
        // Targets paired by position when the versions agree there (the
        // usual case), else by name; a target only one version has is
        // omitted in the other.
        let omitted: State<'_> = (1, &Json::Null, "");
        let mut changes: Vec<Json> = Vec::new();
        let mut push = |t: &str, o: State<'_>, n: State<'_>| {
            if let Some(k) = kind(o, n) {
                changes.push(json!([t, k, shown(o), shown(n)]));
            }
        };
        for (i, ne) in new.entries.iter().enumerate() {
            let oe = match old.entries.get(i) {
                Some(oe) if oe.target == ne.target => Some(oe),
                _ => old.entries.iter().find(|oe| oe.target == ne.target),
            };
            let o = oe.map_or(omitted, |oe| state(&oe.status));
            push(&ne.target, o, state(&ne.status));
        }
        for oe in &old.entries {
            if !new.entries.iter().any(|ne| ne.target == oe.target) {
                push(&oe.target, state(&oe.status), omitted);
            }
        }
        done.written = true;
        let (of, nf) = (old.outcome.failed.is_some(), new.outcome.failed.is_some());
        if !changes.is_empty() || of || nf {
            let user = ["id", "username", "userName", "name"]
                .iter()
                .find_map(|k| record.get(*k).and_then(Json::as_str))
                .map_or_else(|| format!("line {}", p.line), str::to_string);
            done.emit(&json!({"u": user, "c": changes, "of": of, "nf": nf}), out);
        }
        done
    }
}

/// Counts and examples for one target.
#[derive(Default)]
struct TargetDiff {
    counts: [u64; 5],
    examples: [Vec<Json>; 5],
}

/// The output sink: folds each record's line into the report.
struct Report {
    keep: usize,
    targets: BTreeMap<String, TargetDiff>,
    records_changed: u64,
    old_failed: u64,
    new_failed: u64,
    partial: Vec<u8>,
}

impl Report {
    fn fold(&mut self, line: &[u8]) {
        let Ok(v) = serde_json::from_slice::<Json>(line) else {
            return;
        };
        let user = v.get("u").cloned().unwrap_or(Json::Null);
        self.old_failed += u64::from(v.get("of") == Some(&Json::Bool(true)));
        self.new_failed += u64::from(v.get("nf") == Some(&Json::Bool(true)));
        let changes = v
            .get("c")
            .and_then(Json::as_array)
            .cloned()
            .unwrap_or_default();
        if !changes.is_empty() {
            self.records_changed += 1;
        }
        for c in changes {
            let (Some(t), Some(k)) = (
                c.get(0).and_then(Json::as_str),
                c.get(1).and_then(Json::as_u64),
            ) else {
                continue;
            };
            let k = k as usize;
            let entry = self.targets.entry(t.to_string()).or_default();
            if let Some(n) = entry.counts.get_mut(k) {
                *n += 1;
            }
            if let Some(ex) = entry.examples.get_mut(k) {
                if ex.len() < self.keep {
                    ex.push(json!({
                        "user": user,
                        "old": c.get(2).cloned().unwrap_or(Json::Null),
                        "new": c.get(3).cloned().unwrap_or(Json::Null),
                    }));
                }
            }
        }
    }
}

impl Write for Report {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.partial.extend_from_slice(buf);
        while let Some(i) = self.partial.iter().position(|&b| b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=i).collect();
            self.fold(&line);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Runs `diff`.
pub fn diff(args: DiffArgs) -> ExitCode {
    let old = match load_or_exit(&args.old) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let new = match load_or_exit(&args.new) {
        Ok(m) => m,
        Err(code) => return code,
    };
    if old.direction != new.direction || old.resource != new.resource {
        return usage("--old and --new must map the same direction and resource");
    }
    if args.provider.is_some() && new.direction == Direction::Import {
        return usage(
            "--provider applies to export mappings: an import mapping reads the provider's users as --input",
        );
    }
    let settings = match parse_settings(&args.settings) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let provider = match &args.provider {
        None => None,
        Some(path) => {
            match ProviderFile::for_mapping(
                &new,
                path,
                args.r#match.as_deref(),
                LineCaps {
                    bytes: args.max_line_bytes,
                    values: args.max_record_values,
                },
            ) {
                Ok(p) => Some(p),
                Err(e) => return usage(e),
            }
        }
    };
    if let Some(p) = &provider {
        if let Err(e) = p.report_unreadable() {
            return e;
        }
    }
    let mut input = match open(&args.input) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    // Both versions' fields (all of them when either reads the whole record),
    // the provider key, and what names a user in the examples.
    let keep = match (old.primary_fields(), new.primary_fields()) {
        (Some(a), Some(b)) => {
            let mut k: Vec<String> = a.iter().chain(b).cloned().collect();
            k.extend(["id", "username", "userName", "name"].map(String::from));
            if let Some(p) = &provider {
                k.push(p.key().directory.clone());
            }
            k.sort();
            k.dedup();
            Some(k)
        }
        _ => None,
    };
    let job = Job {
        old: &old,
        new: &new,
        settings: &settings,
        provider: provider.as_ref(),
        keep,
    };
    let report = Report {
        keep: args.examples,
        targets: BTreeMap::new(),
        records_changed: 0,
        old_failed: 0,
        new_failed: 0,
        partial: Vec::new(),
    };
    let mut lines = Lines::new(report);
    let run = stream(
        &mut input,
        &args.input,
        LineCaps {
            bytes: args.max_line_bytes,
            values: args.max_record_values,
        },
        &job,
        job_count(args.jobs),
        &mut lines,
    );
    let tally = lines.delivered.clone();
    let report = match lines.into_inner() {
        Ok(r) => r,
        Err(_) => return ExitCode::from(2),
    };
    if let Some(Stop::Interrupted) = run.stop {
        return super::sys::exit_interrupted();
    }
    let text = if args.json {
        let mut s = serde_json::to_string_pretty(&to_json(&report, &tally)).unwrap_or_default();
        s.push('\n');
        s
    } else {
        render(&report, &tally)
    };
    if let Err(code) = output::print(text.as_bytes()) {
        return code;
    }
    if run.read_error {
        ExitCode::from(2)
    } else if tally.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn totals(report: &Report) -> [u64; 5] {
    let mut t = [0u64; 5];
    for d in report.targets.values() {
        for (a, b) in t.iter_mut().zip(d.counts) {
            *a += b;
        }
    }
    t
}

fn to_json(report: &Report, tally: &Tally) -> Json {
    let mut targets = serde_json::Map::new();
    for (t, d) in &report.targets {
        let mut m = serde_json::Map::new();
        for (i, k) in KINDS.iter().enumerate() {
            m.insert(
                (*k).to_string(),
                json!({
                    "count": d.counts.get(i).copied().unwrap_or(0),
                    "examples": d.examples.get(i).cloned().unwrap_or_default(),
                }),
            );
        }
        targets.insert(t.clone(), Json::Object(m));
    }
    let t = totals(report);
    let mut tot = serde_json::Map::new();
    for (k, n) in KINDS.iter().zip(t) {
        tot.insert((*k).to_string(), json!(n));
    }
    json!({
        "records": tally.records,
        "unreadable": tally.failed,
        "records_changed": report.records_changed,
        "old_failed": report.old_failed,
        "new_failed": report.new_failed,
        "targets": targets,
        "totals": tot,
    })
}

fn render(report: &Report, tally: &Tally) -> String {
    let mut s = String::new();
    for (t, d) in &report.targets {
        let parts: Vec<String> = KINDS
            .iter()
            .zip(d.counts)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {}", k.replace('_', " ")))
            .collect();
        s.push_str(&format!("{t}: {}\n", parts.join(", ")));
        for (k, ex) in KINDS.iter().zip(&d.examples) {
            for e in ex {
                let user = match e.get("user") {
                    Some(Json::String(u)) => u.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                };
                s.push_str(&format!(
                    "  {} {user}: {} → {}\n",
                    k.replace('_', " "),
                    e.get("old").cloned().unwrap_or(Json::Null),
                    e.get("new").cloned().unwrap_or(Json::Null)
                ));
            }
        }
    }
    let t = totals(report);
    let parts: Vec<String> = KINDS
        .iter()
        .zip(t)
        .map(|(k, n)| format!("{n} {}", k.replace('_', " ")))
        .collect();
    s.push_str(&format!(
        "{} records, {} changed ({}); records failing: {} old, {} new\n",
        tally.records,
        report.records_changed,
        parts.join(", "),
        report.old_failed,
        report.new_failed
    ));
    s
}
