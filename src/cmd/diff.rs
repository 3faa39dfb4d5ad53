//! `scimexpr diff`: two versions of a mapping over the same records, target
//! by target: how many records' values change, start or stop failing, become
//! or stop being omitted, with a few examples of each.
//!
//! The comparison and the summary are the library's (`scimexpr::mapping::diff`).
//! This command streams with `map`'s machinery ([`stream`]): each line's job
//! applies both versions and writes one compact line for a record that
//! differs; the output sink folds those lines into the bounded summary, so
//! memory does not grow with the input.

use super::map::{
    job_count, line_bytes, load_or_exit, open, parse_record, parse_settings, stream, usage,
    with_input, Done, LineCaps, LineJob, Pending, DEFAULT_MAX_RECORD_VALUES,
};
use super::output::{self, Lines, Stop, Tally};
use super::plan::ProviderFile;
use scimexpr::mapping::{
    compare, Change, DiffSummary, Direction, Mapping, RecordDiff, TargetChange,
};
use serde_json::{json, Value as Json};
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
    #[command(flatten)]
    pub schemas: super::map::SchemaArgs,
    /// Most JSON values (objects, arrays, members, elements) in one input
    /// line; a line with more fails on its own, before it is parsed, so one
    /// record's memory is bounded.
    #[arg(long, default_value_t = DEFAULT_MAX_RECORD_VALUES)]
    pub max_record_values: usize,
}

struct Job<'a> {
    old: &'a Mapping,
    new: &'a Mapping,
    settings: &'a Json,
    provider: Option<&'a ProviderFile>,
    keep: Option<Vec<String>>,
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
        let d = compare(&run(self.old), &run(self.new));
        done.written = true;
        if !d.is_empty() {
            let user = ["id", "username", "userName", "name"]
                .iter()
                .find_map(|k| record.get(*k).and_then(Json::as_str))
                .map_or_else(|| format!("line {}", p.line), str::to_string);
            let c: Vec<Json> = d
                .changes
                .iter()
                .map(|c| json!([c.target, c.change as u8, c.old, c.new]))
                .collect();
            done.emit(
                &json!({"u": user, "c": c, "of": d.old_failed, "nf": d.new_failed}),
                out,
            );
        }
        done
    }
}

/// The output sink: folds each record's line into the summary. The jobs
/// run on several threads and hand their results over as lines, in input
/// order, so examples are the first records in the input.
struct Report {
    summary: DiffSummary,
    partial: Vec<u8>,
}

impl Report {
    fn fold(&mut self, line: &[u8]) {
        let Ok(v) = serde_json::from_slice::<Json>(line) else {
            return;
        };
        let user = v.get("u").and_then(Json::as_str).unwrap_or("").to_string();
        let changes = v.get("c").and_then(Json::as_array).map_or(&[][..], |c| c);
        let d = RecordDiff {
            changes: changes
                .iter()
                .filter_map(|c| {
                    let kind = c.get(1).and_then(Json::as_u64)?;
                    Some(TargetChange {
                        target: c.get(0).and_then(Json::as_str)?.to_string(),
                        change: *Change::ALL.get(usize::try_from(kind).ok()?)?,
                        old: c.get(2).cloned().unwrap_or(Json::Null),
                        new: c.get(3).cloned().unwrap_or(Json::Null),
                    })
                })
                .collect(),
            old_failed: v.get("of") == Some(&Json::Bool(true)),
            new_failed: v.get("nf") == Some(&Json::Bool(true)),
        };
        self.summary.add(&user, &d);
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
    let old = match load_or_exit(&args.old, &args.schemas) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let new = match load_or_exit(&args.new, &args.schemas) {
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
    let provider = match ProviderFile::for_command(
        &new,
        args.provider.as_deref(),
        args.r#match.as_deref(),
        LineCaps {
            bytes: args.max_line_bytes,
            values: args.max_record_values,
        },
    ) {
        Ok(p) => p,
        Err(r) => return r.exit(),
    };
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
        summary: DiffSummary::new(args.examples),
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
        let mut s =
            serde_json::to_string_pretty(&to_json(&report.summary, &tally)).unwrap_or_default();
        s.push('\n');
        s
    } else {
        render(&report.summary, &tally)
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

/// The library's summary, with the record counts of the whole stream (the
/// summary only saw the records that differ) and the unreadable lines.
fn to_json(summary: &DiffSummary, tally: &Tally) -> Json {
    let mut v = summary.to_json();
    if let Some(m) = v.as_object_mut() {
        m.insert("records".into(), json!(tally.records));
        m.insert("unreadable".into(), json!(tally.failed));
    }
    v
}

fn render(report: &DiffSummary, tally: &Tally) -> String {
    let mut s = String::new();
    for (t, d) in &report.targets {
        let parts: Vec<String> = Change::ALL
            .iter()
            .zip(d.counts)
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| format!("{n} {}", k.name().replace('_', " ")))
            .collect();
        s.push_str(&format!("{t}: {}\n", parts.join(", ")));
        for (k, ex) in Change::ALL.iter().zip(&d.examples) {
            for e in ex {
                s.push_str(&format!(
                    "  {} {}: {} → {}\n",
                    k.name().replace('_', " "),
                    e.user,
                    e.old,
                    e.new
                ));
            }
        }
    }
    let parts: Vec<String> = Change::ALL
        .iter()
        .zip(report.totals())
        .map(|(k, n)| format!("{n} {}", k.name().replace('_', " ")))
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
