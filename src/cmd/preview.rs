//! `scimexpr preview`: what each entry of a mapping produces for one record,
//! laid out for the terminal's width; `--explain` adds every sub-expression's
//! value, `--json` gives the same as one JSON document.
//!
//! This replaces `preview` and `render_preview` in `map.rs` (copied from there
//! and reworked; the old code goes when this is merged).

use super::map::{
    json_values_over, load_or_exit, open, parse_record, parse_settings, read_capped, usage,
    with_input, LineCaps, DEFAULT_MAX_RECORD_VALUES,
};
use super::plan::ProviderFile;
use scimexpr::mapping::{
    Direction, EntryExplanation, EntryStatus, Explanation, Mapping, Resource, Step,
};
use serde_json::{json, Value as Json};
use std::path::PathBuf;
use std::process::ExitCode;

/// Arguments of `scimexpr preview`.
#[derive(clap::Args)]
pub struct PreviewArgs {
    /// A shipped mapping name or a mapping document file.
    #[arg(long)]
    pub mapping: String,
    /// JSON lines of input records.
    #[arg(long)]
    pub input: PathBuf,
    /// The record whose `id` or `username` (`userName`, `name` for groups) is
    /// this (default: the first record).
    #[arg(long)]
    pub user: Option<String>,
    /// The `settings` object, as JSON.
    #[arg(long, default_value = r#"{"defaultUserState":"STAGED"}"#)]
    pub settings: String,
    /// JSON lines of the provider's current users (`providerUser`), matched to
    /// the record by key as `plan` does (export mappings only).
    #[arg(long)]
    pub provider: Option<PathBuf>,
    /// The match key for --provider (see `plan --match`).
    #[arg(long = "match")]
    pub r#match: Option<String>,
    /// Show every sub-expression's value and the branches taken.
    #[arg(long)]
    pub explain: bool,
    /// Print one JSON document instead of the text layout.
    #[arg(long)]
    pub json: bool,
    /// Longest input line accepted, in bytes.
    #[arg(long, default_value_t = 16 << 20)]
    pub max_line_bytes: usize,
    #[command(flatten)]
    pub schemas: super::map::SchemaArgs,
}

/// The layout width: `COLUMNS`, else 100 (at least 40).
fn width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .unwrap_or(100)
        .max(40)
}

/// Runs `preview`.
pub fn preview(args: PreviewArgs) -> ExitCode {
    if let Err(code) = super::output::stdout_usable() {
        return code;
    }
    let mapping = match load_or_exit(&args.mapping, &args.schemas) {
        Ok(m) => m,
        Err(code) => return code,
    };
    let settings = match parse_settings(&args.settings) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    if args.provider.is_some() && mapping.direction == Direction::Import {
        return usage(
            "--provider applies to export mappings: an import mapping reads the provider's users as --input",
        );
    }
    let provider = match &args.provider {
        None => None,
        Some(path) => match ProviderFile::for_mapping(
            &mapping,
            path,
            args.r#match.as_deref(),
            LineCaps {
                bytes: args.max_line_bytes,
                values: DEFAULT_MAX_RECORD_VALUES,
            },
        ) {
            Ok(p) => Some(p),
            Err(e) => return usage(e),
        },
    };
    let mut input = match open(&args.input) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    let mut buf = Vec::new();
    let mut line = 0usize;
    let found = loop {
        match read_capped(&mut input, &mut buf, args.max_line_bytes) {
            Ok(Some(false)) => {}
            Ok(Some(true)) => {
                line += 1;
                continue;
            }
            Ok(None) => break None,
            Err(e) => return usage(format!("reading {}: {e}", args.input.display())),
        }
        line += 1;
        // A line over the values cap is not built (as `map` refuses it).
        if json_values_over(&buf, DEFAULT_MAX_RECORD_VALUES) {
            continue;
        }
        let Ok(record) = parse_record(&buf, None) else {
            continue;
        };
        let matches = match &args.user {
            None => true,
            Some(want) => ["id", "username", "userName", "name"]
                .iter()
                .any(|k| record.get(*k).and_then(Json::as_str) == Some(want.as_str())),
        };
        if matches {
            break Some(record);
        }
    };
    let Some(record) = found else {
        return match &args.user {
            Some(u) => usage(format!(
                "no record with id or username {u:?} in {}",
                args.input.display()
            )),
            None => usage(format!("no record in {}", args.input.display())),
        };
    };
    let empty = Json::Object(Default::default());
    let (provider_user, provider_note) = match &provider {
        None => (empty, None),
        Some(file) => match file.matching(&record) {
            Ok(Some(found)) => (found, Some("provider record matched".to_string())),
            Ok(None) => (empty, Some("no provider record matched".to_string())),
            Err(e) => return usage(format!("provider: {e}")),
        },
    };
    // `buf` still holds the record's line: `direct` numbers are copied as written.
    let text = std::str::from_utf8(&buf).unwrap_or_default();
    let explanation = mapping.with_number_text(text, &record, || {
        with_input(&mapping, &record, &provider_user, &settings, |input| {
            mapping.explain(input)
        })
    });
    let failed = explanation.preview.outcome.failed.is_some();
    let mut out = if args.json {
        serde_json::to_string_pretty(&to_json(&mapping, &explanation, line, args.explain))
            .unwrap_or_default()
    } else {
        render(
            &mapping,
            &explanation,
            line,
            provider_note.as_deref(),
            args.explain,
            width(),
        )
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    if let Err(code) = super::output::print(out.as_bytes()) {
        return code;
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn kind_names(mapping: &Mapping) -> (&'static str, &'static str) {
    let dir = match mapping.direction {
        Direction::Export => "export",
        Direction::Import => "import",
    };
    let res = match mapping.resource {
        Resource::User => "User",
        Resource::Group => "Group",
    };
    (dir, res)
}

/// Wraps `text` to `width` columns: the first line starts with `first`, the
/// rest with `rest` (character counts; long words are cut).
pub(crate) fn wrap(text: &str, first: &str, rest: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut prefix = first;
    let mut chars: Vec<char> = text.chars().collect();
    loop {
        let room = width.saturating_sub(prefix.chars().count()).max(20);
        if chars.len() <= room {
            out.push(format!("{prefix}{}", chars.iter().collect::<String>()));
            return out;
        }
        // Break at the last space that fits, else cut.
        let cut = chars
            .get(..room)
            .and_then(|head| head.iter().rposition(|c| *c == ' '))
            .filter(|&i| i > room / 3)
            .unwrap_or(room);
        let head: String = chars.get(..cut).unwrap_or(&[]).iter().collect();
        out.push(format!("{prefix}{}", head.trim_end()));
        let skip = if chars.get(cut) == Some(&' ') {
            cut + 1
        } else {
            cut
        };
        chars = chars.get(skip..).unwrap_or(&[]).to_vec();
        prefix = rest;
    }
}

fn status_text(status: &EntryStatus) -> Vec<String> {
    match status {
        EntryStatus::Written(v) => vec![v.to_string()],
        EntryStatus::Omitted => vec!["(omitted: no value)".to_string()],
        EntryStatus::Cleared => vec!["(cleared: no value, onNull clear)".to_string()],
        EntryStatus::Error(e) => {
            let mut lines: Vec<String> = e.lines().map(str::to_string).collect();
            if let Some(first) = lines.first_mut() {
                *first = format!("ERROR {first}");
            }
            lines
        }
    }
}

/// The text layout: per entry, its target and result, its source (with
/// `--explain`, its steps), wrapped to `width`; the summary; the resource.
fn render(
    mapping: &Mapping,
    ex: &Explanation,
    line: usize,
    provider_note: Option<&str>,
    explain: bool,
    width: usize,
) -> String {
    let (dir, res) = kind_names(mapping);
    let mut s = format!(
        "mapping {} ({dir} {res}), record on line {line}",
        mapping.name
    );
    if let Some(n) = provider_note {
        s.push_str(&format!(", {n}"));
    }
    s.push_str("\n\n");
    for (e, entry) in ex.entries.iter().zip(&mapping.entries) {
        // The target and its result on one line, the caret lines of an
        // error under it (whole, so the caret stays under its column), then
        // the source and, with --explain, the steps.
        let mut target = entry.target.short();
        if e.required {
            target.push_str(" *");
        }
        let mut result = status_text(&e.status).into_iter();
        let head = result.next().unwrap_or_default();
        for l in wrap(&head, &format!("{target}  "), "        ", width) {
            s.push_str(&l);
            s.push('\n');
        }
        for r in result {
            s.push_str(&format!("        {r}\n"));
        }
        for l in wrap(
            &format!("{}: {}", e.source_kind, e.source),
            "  from  ",
            "        ",
            width,
        ) {
            s.push_str(&l);
            s.push('\n');
        }
        if explain && !e.steps.is_empty() {
            for l in explain_lines(e) {
                let indent = l.len() - l.trim_start().len();
                let pad = " ".repeat(8 + indent);
                for w in wrap(l.trim_start(), &pad, &format!("{pad}    "), width) {
                    s.push_str(&w);
                    s.push('\n');
                }
            }
        }
    }
    s.push('\n');
    let outcome = &ex.preview.outcome;
    match &outcome.failed {
        Some(f) => s.push_str(&format!(
            "record FAILED: {}: {}\n",
            f.target,
            f.message.lines().next().unwrap_or("")
        )),
        None => s.push_str(&format!(
            "record written: {} attributes, {} omitted, {} errors (* = required)\n",
            ex.preview.entries.len() - outcome.omitted.len(),
            outcome.omitted.len() - outcome.errors.len(),
            outcome.errors.len()
        )),
    }
    if let Some(r) = &outcome.resource {
        s.push('\n');
        s.push_str(&serde_json::to_string_pretty(r).unwrap_or_default());
        s.push('\n');
    }
    s
}

/// The steps of an entry (without the final status line: the layout prints
/// the result beside the target).
fn explain_lines(e: &EntryExplanation) -> Vec<String> {
    e.steps.iter().map(Step::line).collect()
}

fn status_json(status: &EntryStatus) -> Json {
    match status {
        EntryStatus::Written(v) => json!({"status": "written", "value": v}),
        EntryStatus::Omitted => json!({"status": "omitted"}),
        EntryStatus::Cleared => json!({"status": "cleared"}),
        EntryStatus::Error(e) => json!({"status": "error", "error": e}),
    }
}

fn to_json(mapping: &Mapping, ex: &Explanation, line: usize, explain: bool) -> Json {
    let (dir, res) = kind_names(mapping);
    let entries: Vec<Json> = ex
        .entries
        .iter()
        .map(|e| {
            let mut v = json!({
                "target": e.target,
                "required": e.required,
                "source": {"kind": e.source_kind, "text": e.source},
            });
            if let (Json::Object(m), Json::Object(st)) = (&mut v, status_json(&e.status)) {
                m.extend(st);
                if explain && !e.steps.is_empty() {
                    let steps: Vec<Json> = e
                        .steps
                        .iter()
                        .map(|s| {
                            json!({
                                "depth": s.depth, "text": s.text,
                                "start": s.span.start, "end": s.span.end,
                                "evaluations": s.evaluations, "values": s.values,
                                "branch": s.branch, "error": s.error, "failed": s.failed,
                            })
                        })
                        .collect();
                    m.insert("steps".into(), Json::Array(steps));
                }
            }
            v
        })
        .collect();
    let outcome = &ex.preview.outcome;
    json!({
        "mapping": mapping.name,
        "direction": dir,
        "resource_type": res,
        "line": line,
        "entries": entries,
        "failed": outcome.failed.as_ref().map(|f| json!({"target": f.target, "error": f.message})),
        "resource": outcome.resource,
    })
}
