//! `scimexpr connectors | show`: what the shipped connector tables (and any
//! mapping document) map, source by source, for an admin who has to pick one
//! or write their own. `docs/connectors.md` is this output for every shipped
//! table (`tests/docs_connectors.rs` checks it and regenerates it).

use super::output::{note, print};
use scimexpr::mapping::{DirectPath, Direction, Mapping, OnNull, Resource, Source};
use std::path::Path;
use std::process::ExitCode;

/// Largest mapping document read; real ones are a few KiB.
const MAX_DOCUMENT_BYTES: u64 = 4 << 20;

/// Arguments of `scimexpr connectors`.
#[derive(clap::Args)]
pub struct ConnectorsArgs {}

/// Arguments of `scimexpr show`.
#[derive(clap::Args)]
pub struct ShowArgs {
    /// A shipped mapping (see `scimexpr connectors`) or a mapping document file.
    pub mapping: String,
    /// Print the document itself (JSON) instead of the table.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub schemas: super::map::SchemaArgs,
}

/// Runs `connectors`: one line per shipped table, name, direction,
/// resource and a one-line summary.
pub fn connectors(_args: ConnectorsArgs) -> ExitCode {
    let mut rows = Vec::new();
    for name in Mapping::builtin_names() {
        let Some(text) = Mapping::builtin_source(name) else {
            continue;
        };
        match Mapping::load(text) {
            Ok(m) => rows.push((
                name,
                direction(m.direction),
                resource(m.resource),
                summary(m.description.as_deref().unwrap_or("")),
            )),
            Err(errors) => {
                // A shipped table always loads (tests/mapping_connectors.rs).
                note(format_args!(
                    "scimexpr: shipped mapping {name} does not load:\n{errors}"
                ));
                return ExitCode::from(1);
            }
        }
    }
    let w = rows.iter().map(|r| r.0.len()).max().unwrap_or(0);
    let mut text = String::new();
    for (name, dir, res, summary) in rows {
        text.push_str(&format!("{name:w$}  {dir:6}  {res:5}  {summary}\n"));
    }
    match print(text.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// Runs `show`.
pub fn show(args: ShowArgs) -> ExitCode {
    let (text, shipped) = match source(&args.mapping) {
        Ok(t) => t,
        Err(msg) => {
            note(format_args!("scimexpr: {msg}"));
            return ExitCode::from(2);
        }
    };
    let schemas = match super::map::schemas_or_exit(&args.schemas) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let compiler = scimexpr::Compiler::new();
    let mapping = match Mapping::load_with_schemas(&text, &compiler, &schemas) {
        Ok(m) => m,
        Err(errors) => {
            note(format_args!(
                "scimexpr: mapping {} is invalid:\n{errors}",
                args.mapping
            ));
            return ExitCode::from(2);
        }
    };
    let mut out = if args.json {
        text
    } else {
        table(&mapping, shipped)
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    match print(out.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(code) => code,
    }
}

/// The document text for a shipped name or a file, and whether it is shipped.
fn source(spec: &str) -> Result<(String, bool), String> {
    if let Some(text) = Mapping::builtin_source(spec) {
        return Ok((text.to_string(), true));
    }
    let path = Path::new(spec);
    if !path.exists() {
        return Err(format!(
            "unknown mapping {spec:?}: not a shipped mapping ({}) nor a file",
            Mapping::builtin_names().join(", ")
        ));
    }
    let len = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    if len > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "{spec} is too large for a mapping document ({len} bytes, limit {MAX_DOCUMENT_BYTES})"
        ));
    }
    std::fs::read_to_string(path)
        .map(|t| (t, false))
        .map_err(|e| format!("cannot read {spec}: {e}"))
}

fn direction(d: Direction) -> &'static str {
    match d {
        Direction::Export => "export",
        Direction::Import => "import",
    }
}

fn resource(r: Resource) -> &'static str {
    match r {
        Resource::User => "User",
        Resource::Group => "Group",
    }
}

/// The description up to its first `. `, `: ` or `; ` outside parentheses
/// (or all of it), without the final period.
fn summary(description: &str) -> String {
    let mut depth = 0usize;
    let mut end = description.len();
    let mut chars = description.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            '.' | ':' | ';'
                if depth == 0 && chars.peek().is_none_or(|(_, n)| n.is_whitespace()) =>
            {
                end = i;
                break;
            }
            _ => {}
        }
    }
    let s = description.get(..end).unwrap_or(description).trim();
    if s.is_empty() {
        "(no description)".to_string()
    } else {
        s.to_string()
    }
}

/// `text` as a Markdown code span that survives a table cell: a fence longer
/// than any run of backticks inside, and `|` escaped.
fn code(text: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        if c == '`' {
            run += 1;
            longest = longest.max(run);
        } else {
            run = 0;
        }
    }
    let fence = "`".repeat(longest + 1);
    let pad = if longest > 0 { " " } else { "" };
    let body = text.replace('|', "\\|").replace('\n', " ");
    format!("{fence}{pad}{body}{pad}{fence}")
}

/// The Markdown section `show` prints: heading, what the mapping is, its
/// notes (the document's description), then one row per entry.
pub fn table(m: &Mapping, shipped: bool) -> String {
    let mut s = format!("## {}\n\n", m.name);
    let (from, to) = match (m.direction, m.resource) {
        (Direction::Export, Resource::User) => ("directory user (`jcUser`)", "SCIM User"),
        (Direction::Export, Resource::Group) => ("directory group (`jcGroup`)", "SCIM Group"),
        (Direction::Import, _) => ("provider's SCIM user (`providerUser`)", "directory user"),
    };
    s.push_str(&format!(
        "{} {} mapping, {} attributes: {from} → {to}.",
        direction(m.direction),
        resource(m.resource),
        m.entries.len()
    ));
    match m.match_key() {
        Some(k) => s.push_str(&format!(
            " `scimexpr plan` matches directory `{}` to provider `{}`.",
            k.directory, k.provider
        )),
        None if m.direction == Direction::Export => {
            s.push_str(" It names no match key: `scimexpr plan` needs `--match`.")
        }
        None => {}
    }
    s.push('\n');
    if let Some(d) = m.description.as_deref().filter(|d| !d.trim().is_empty()) {
        s.push_str(&format!("\nNotes: {}\n", d.trim()));
    }
    s.push_str(&format!(
        "\n| from the {from} | to the {to} | notes |\n|---|---|---|\n"
    ));
    for e in &m.entries {
        let source = match &e.source {
            Source::Direct(_) => code(&e.source_text),
            Source::Expression(_) => format!("expression {}", code(&e.source_text)),
            Source::Constant(_) => format!("constant {}", code(&e.source_text)),
        };
        let target = match m.direction {
            Direction::Export => e.target.short(),
            Direction::Import => e.target_text().to_string(),
        };
        let mut notes = Vec::new();
        if e.required {
            notes.push("required");
        }
        if e.on_null == OnNull::Clear {
            notes.push("`onNull: clear`");
        }
        if matches!(e.source, Source::Direct(DirectPath::Custom(_))) {
            notes.push("custom attribute");
        }
        let notes = notes.join(", ");
        let notes = if notes.is_empty() { notes } else { notes + " " };
        s.push_str(&format!("| {source} | {} | {notes}|\n", code(&target)));
    }
    if shipped {
        s.push_str(&format!(
            "\nThe document: `scimexpr show {} --json` (`src/mapping/connectors/{}.json`).\n",
            m.name, m.name
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_stop_at_the_first_clause_outside_parentheses() {
        assert_eq!(summary("A (x. y: z) b. More."), "A (x. y: z) b");
        assert_eq!(
            summary("Generic defaults: what (e.g. X) gets."),
            "Generic defaults"
        );
        assert_eq!(summary("One sentence."), "One sentence");
        assert_eq!(summary("v1.2 works"), "v1.2 works");
        assert_eq!(summary(""), "(no description)");
    }

    #[test]
    fn code_spans_survive_table_cells() {
        assert_eq!(code("a || b"), "`a \\|\\| b`");
        assert_eq!(code("`raw`"), "`` `raw` ``");
    }
}
