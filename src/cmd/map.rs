//! `scimexpr map | preview | check`: apply, preview and validate mapping documents.
//!
//! `map` streams JSON lines: it reads input lines in bounded batches, applies the
//! (once compiled, shared) mapping to a batch on all cores, and writes the results
//! in input order, so memory stays bounded by the batch and output order never
//! depends on scheduling.
//!
//! Exit codes of `map`: 0 every record written, 1 some record failed, 2 bad
//! usage or an input or output that could not be read or written, 141 the
//! output's reader went away (see [`super::output`]); SIGINT ends the run at a
//! line boundary, and the process then dies of it (a shell says 130).

use super::output::{self, note, Lines, Stop, Tally};
use super::plan::{ProviderFile, Refused};
use super::sys;
use scimexpr::mapping::records::RecordSchema;
use scimexpr::mapping::{parse_object, ApplyInput, Direction, Mapping, Outcome, RecordSchemas};
use scimexpr::Compiler;
use serde_json::{json, Value as Json};
use std::fs::File;
use std::io::{self, BufRead, BufReader, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Lines per batch; a batch is also cut short once it holds [`BATCH_BYTES`].
const BATCH_LINES: usize = 1024;
/// Bytes per batch, so long lines cannot multiply the memory a batch holds.
const BATCH_BYTES: usize = 64 << 20;
/// Largest mapping document read; real ones are a few KiB.
const MAX_DOCUMENT_BYTES: u64 = 4 << 20;
/// Below this many lines a batch is not worth spreading over threads.
const PARALLEL_MIN: usize = 64;

/// Arguments of `scimexpr map`.
#[derive(clap::Args)]
pub struct MapArgs {
    /// A shipped mapping (namely, namely-import, interact, interact-groups,
    /// spaceiq, scim) or a mapping document file.
    #[arg(long)]
    pub mapping: String,
    /// JSON lines of input records (directory users; provider users for
    /// import mappings; directory groups for Group mappings); `-` reads stdin.
    #[arg(long)]
    pub input: PathBuf,
    /// JSON lines of the provider's current users (`providerUser`), matched to
    /// the input by key as `plan` does (export mappings only). For PATCH
    /// requests, use `scimexpr plan`.
    #[arg(long)]
    pub provider: Option<PathBuf>,
    /// The match key for --provider (see `plan --match`).
    #[arg(long = "match")]
    pub r#match: Option<String>,
    /// Gone: use `scimexpr plan`, which matches provider users by key.
    #[arg(long, hide = true)]
    pub patch: bool,
    /// Worker threads (default: all cores). More than the machine runs at
    /// once (std::thread::available_parallelism) is lowered to that, with a
    /// note on stderr.
    #[arg(long, value_parser = parse_jobs)]
    pub jobs: Option<usize>,
    /// The `settings` object, as JSON.
    #[arg(long, default_value = r#"{"defaultUserState":"STAGED"}"#)]
    pub settings: String,
    /// Longest input line accepted, in bytes; longer lines fail on their own.
    #[arg(long, default_value_t = 16 << 20)]
    pub max_line_bytes: usize,
    #[command(flatten)]
    pub schemas: SchemaArgs,
    /// Most JSON values (objects, arrays, members, elements) in one input
    /// line; a line with more fails on its own, before it is parsed, so one
    /// record's memory is bounded.
    #[arg(long, default_value_t = DEFAULT_MAX_RECORD_VALUES)]
    pub max_record_values: usize,
}

/// Default `--max-record-values`: room for a group of 250,000 members (about
/// two values each) several times over, while the values parsed from one
/// line stay within a few hundred MB even when they are tiny objects.
pub(crate) const DEFAULT_MAX_RECORD_VALUES: usize = 1_000_000;

/// The caps on one input line: its bytes and the JSON values in it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LineCaps {
    /// `--max-line-bytes`.
    pub(crate) bytes: usize,
    /// `--max-record-values`.
    pub(crate) values: usize,
}

impl LineCaps {
    /// The error for a line over the values cap, if it is: counted on the
    /// text, before anything is built from it.
    pub(crate) fn check_values(&self, line: &[u8]) -> Result<(), String> {
        if json_values_over(line, self.values) {
            Err(format!(
                "line has more than {} JSON values (--max-record-values)",
                self.values
            ))
        } else {
            Ok(())
        }
    }
}

/// Whether the JSON text `line` holds more than `cap` values, counting every
/// `{`, `[` and `,` outside strings (each starts a value, or follows one)
/// plus one. Invalid JSON is counted the same way; the parser reports it.
pub(crate) fn json_values_over(line: &[u8], cap: usize) -> bool {
    let mut n = 1usize;
    if n > cap {
        return true;
    }
    // Each counted byte adds one to `n`: a line shorter than the cap cannot
    // pass it, so ordinary lines are not scanned at all.
    if line.len() < cap {
        return false;
    }
    let mut in_string = false;
    let mut escaped = false;
    for &b in line {
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' | b',' => {
                n += 1;
                if n > cap {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// `--jobs`: a count of at least 1.
pub(crate) fn parse_jobs(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// `--schema FILE`, wherever a mapping is loaded.
#[derive(clap::Args, Clone, Default)]
pub struct SchemaArgs {
    /// An RFC 7643 schema document (one schema, an array of them, or a
    /// `GET /Schemas` ListResponse) defining extension attributes that targets
    /// may name (`urn:…:User:attr`) and `providerUser` then has; repeatable.
    #[arg(long = "schema", value_name = "FILE")]
    pub schema: Vec<PathBuf>,
    /// A record schema document (`{"root": "jcUser", "closed": …, "fields": […]}`,
    /// the format of the shipped ones) replacing the schema of its root, for
    /// records that carry fields of their own; repeatable.
    #[arg(long = "record-schema", value_name = "FILE")]
    pub record_schema: Vec<PathBuf>,
}

impl SchemaArgs {
    /// The shipped record schemas plus the files' extensions.
    fn load(&self) -> Result<RecordSchemas, Unusable> {
        let mut schemas = RecordSchemas::default();
        let named = |path: &Path, errs: scimexpr::LoadErrors| {
            Unusable::Invalid(scimexpr::LoadErrors::from(
                errs.into_iter()
                    .map(|e| scimexpr::LoadError {
                        message: format!("schema {}: {}", path.display(), e.message),
                        ..e
                    })
                    .collect::<Vec<_>>(),
            ))
        };
        for path in &self.record_schema {
            let text = read_text(path, MAX_DOCUMENT_BYTES, "a record schema document")
                .map_err(Unusable::Unreadable)?;
            let record = RecordSchema::from_json_text(&text).map_err(|e| named(path, e))?;
            schemas.set_record(record);
        }
        for path in &self.schema {
            let text = read_text(path, MAX_DOCUMENT_BYTES, "a schema document")
                .map_err(Unusable::Unreadable)?;
            schemas
                .add_extension_document(&text)
                .map_err(|e| named(path, e))?;
        }
        Ok(schemas)
    }
}

/// Arguments of `scimexpr check`.
#[derive(clap::Args)]
pub struct CheckArgs {
    /// A mapping document file (or a shipped mapping name).
    #[arg(long)]
    pub mapping: String,
    /// One JSON object per problem (severity, index, target, line, column,
    /// message, suggestion) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Exit 1 when there are warnings, as for errors.
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub schemas: SchemaArgs,
}

pub(crate) fn usage(msg: impl std::fmt::Display) -> ExitCode {
    note(format_args!("scimexpr: {msg}"));
    ExitCode::from(2)
}

/// Reads a whole file as UTF-8 text, refusing more than `cap` bytes: the size
/// is checked while reading, since a FIFO (`<(cat big.json)`) or a device
/// (`/dev/zero`) has none to look at beforehand.
pub(crate) fn read_text(path: &Path, cap: u64, what: &str) -> Result<String, String> {
    let name = path.display();
    let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {name}: {e}"))?;
    if bytes.len() as u64 > cap {
        return Err(format!(
            "{name} is too large for {what} (more than {cap} bytes)"
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{name} is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Why a `--mapping` argument gives no mapping.
enum Unusable {
    /// Neither a shipped mapping nor a readable file (a usage error).
    Unreadable(String),
    /// A document with problems, each rendered with its position.
    Invalid(scimexpr::LoadErrors),
}

/// Loads a shipped mapping by name or a document from a file, checked
/// against the shipped record schemas and the `--schema` extensions.
fn resolve(spec: &str, schema_args: &SchemaArgs) -> Result<Mapping, Unusable> {
    let schemas = schema_args.load()?;
    let compiler = Compiler::new();
    let loaded = match Mapping::builtin_source(spec) {
        Some(_) => Mapping::builtin_with_schemas(spec, &compiler, &schemas),
        None => {
            let path = Path::new(spec);
            if !path.exists() {
                let why = Mapping::builtin(spec).err().map(|e| e.to_string());
                return Err(Unusable::Unreadable(format!(
                    "{}, nor a file",
                    why.unwrap_or_default()
                )));
            }
            let text = read_text(path, MAX_DOCUMENT_BYTES, "a mapping document")
                .map_err(Unusable::Unreadable)?;
            Mapping::load_with_schemas(&text, &compiler, &schemas)
        }
    };
    loaded.map_err(Unusable::Invalid)
}

/// The `--schema` files' schemas, or the exit status after saying why not.
pub(crate) fn schemas_or_exit(args: &SchemaArgs) -> Result<RecordSchemas, ExitCode> {
    match args.load() {
        Ok(s) => Ok(s),
        Err(Unusable::Unreadable(msg)) => Err(usage(msg)),
        Err(Unusable::Invalid(problems)) => {
            note(format!("scimexpr: {problems}"));
            Err(ExitCode::from(2))
        }
    }
}

pub(crate) fn load_or_exit(spec: &str, schemas: &SchemaArgs) -> Result<Mapping, ExitCode> {
    match resolve(spec, schemas) {
        Ok(m) => Ok(m),
        Err(Unusable::Unreadable(msg)) => Err(usage(msg)),
        Err(Unusable::Invalid(problems)) => {
            let mut text = format!("scimexpr: mapping {spec} is invalid:");
            for p in problems {
                text.push('\n');
                text.push_str(&p.to_string());
            }
            note(text);
            Err(ExitCode::from(2))
        }
    }
}

pub(crate) fn parse_settings(text: &str) -> Result<Json, String> {
    match serde_json::from_str::<Json>(text) {
        Ok(v @ Json::Object(_)) => Ok(v),
        Ok(_) => Err("--settings must be a JSON object".into()),
        Err(e) => Err(format!("--settings is not valid JSON: {e}")),
    }
}

/// Reads one line (without its `\n`, and without a trailing `\r`) into `buf`,
/// keeping at most `cap` bytes: `None` at end of input, else whether the line
/// was longer than `cap` (its bytes are then dropped, not buffered). A read
/// that SIGINT interrupts fails with `Interrupted` once [`sys::interrupted`]
/// says so; other interrupted reads are retried.
pub(crate) fn read_capped<R: BufRead + ?Sized>(
    r: &mut R,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<Option<bool>> {
    buf.clear();
    let mut too_long = false;
    let mut any = false;
    loop {
        // An endless line (`--input /dev/zero`) is read for ever: SIGINT
        // must still end it.
        if sys::interrupted() {
            return Err(io::Error::from(io::ErrorKind::Interrupted));
        }
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted && !sys::interrupted() => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            break;
        }
        any = true;
        let (chunk_len, consumed, done) = match find_newline(avail) {
            Some(i) => (i, i + 1, true),
            None => (avail.len(), avail.len(), false),
        };
        if !too_long {
            if buf.len() + chunk_len > cap {
                too_long = true;
                buf.clear();
                buf.shrink_to(0);
            } else {
                buf.extend_from_slice(avail.get(..chunk_len).unwrap_or_default());
            }
        }
        r.consume(consumed);
        if done {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(too_long))
}

/// The first `\n` in `bytes`, eight bytes at a time (a byte loop was ~5% of
/// `map`'s instructions).
fn find_newline(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    const NEWLINES: u64 = u64::from_ne_bytes([b'\n'; 8]);
    let mut chunks = bytes.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_ne_bytes(word) ^ NEWLINES;
        // Some byte of x is zero (a newline) iff this is non-zero.
        if x.wrapping_sub(ONES) & !x & HIGHS != 0 {
            break;
        }
        offset += 8;
    }
    bytes
        .get(offset..)?
        .iter()
        .position(|&b| b == b'\n')
        .map(|i| offset + i)
}

/// One input line waiting to be processed.
pub(crate) struct Pending {
    pub(crate) line: usize,
    pub(crate) input: Result<Vec<u8>, String>,
}

/// What processing one line produced.
#[derive(Default)]
pub(crate) struct Done {
    pub(crate) blank: bool,
    /// Where its output line lies in its chunk's [`Chunk::out`] (newline included).
    pub(crate) output: Option<std::ops::Range<usize>>,
    pub(crate) written: bool,
    pub(crate) failed: bool,
    pub(crate) omitted: usize,
    /// For `plan`: the action planned.
    pub(crate) action: Option<&'static str>,
    pub(crate) problems: Vec<String>,
}

impl Done {
    /// A line that failed before the mapping ran.
    pub(crate) fn failure(line: usize, error: &str) -> Done {
        Done {
            failed: true,
            problems: vec![problem(line, None, error)],
            ..Done::default()
        }
    }

    /// Appends `v` as one output line to `out`.
    pub(crate) fn emit(&mut self, v: &Json, out: &mut Vec<u8>) {
        let start = out.len();
        // Writing into a Vec cannot fail, and a Value always serializes.
        if serde_json::to_writer(&mut *out, v).is_ok() {
            out.push(b'\n');
            self.output = Some(start..out.len());
        } else {
            out.truncate(start);
        }
    }
}

pub(crate) fn problem(line: usize, target: Option<&str>, error: &str) -> String {
    // One line per problem: the caret snippet of expression errors stays out of
    // the JSON line; the `(L:C)` position is in the headline.
    let error = error.lines().next().unwrap_or("");
    match target {
        Some(t) => json!({"line": line, "target": t, "error": error}).to_string(),
        None => json!({"line": line, "error": error}).to_string(),
    }
}

/// Parses a line as a JSON object, keeping only the members named in `keep`
/// (all when `None`; see [`Mapping::parse_primary`]).
pub(crate) fn parse_record(bytes: &[u8], keep: Option<&[String]>) -> Result<Json, String> {
    parse_line(bytes, keep).map(|(_, record)| record)
}

/// [`parse_record`], and the line's text, which a mapping is applied under
/// ([`Mapping::with_number_text`]) for `direct` entries to copy numbers as
/// the line spells them.
pub(crate) fn parse_line<'b>(
    bytes: &'b [u8],
    keep: Option<&[String]>,
) -> Result<(&'b str, Json), String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to()))?;
    let record = parse_object(text, keep).map_err(|e| e.to_string())?;
    Ok((text, record))
}

/// The bytes of a pending line, or why it has none; `None` for a blank line.
pub(crate) fn line_bytes(p: &Pending) -> Result<Option<&[u8]>, Done> {
    match &p.input {
        Err(e) => Err(Done::failure(p.line, e)),
        Ok(b) if b.iter().all(u8::is_ascii_whitespace) => Ok(None),
        Ok(b) => Ok(Some(b)),
    }
}

struct Job<'a> {
    mapping: &'a Mapping,
    settings: &'a Json,
    provider: Option<&'a ProviderFile>,
    /// The fields a record is parsed with (see [`Mapping::parse_primary`]).
    keep: Option<Vec<String>>,
}

/// The results of a run of consecutive lines: one [`Done`] per line, and their
/// output lines in one buffer, serialized straight into it.
#[derive(Default)]
pub(crate) struct Chunk {
    pub(crate) done: Vec<Done>,
    pub(crate) out: Vec<u8>,
}

/// What a command does with one line: its [`Done`], output appended to `out`.
pub(crate) trait LineJob: Sync {
    fn run(&self, p: &Pending, out: &mut Vec<u8>) -> Done;
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
        // Only the fields the mapping can read are built; the rest is
        // checked and skipped.
        let (text, record) = match parse_line(bytes, self.keep.as_deref()) {
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
        let outcome = self.mapping.with_number_text(text, &record, || {
            apply(self.mapping, &record, &provider, self.settings)
        });
        done.omitted = outcome.omitted.len();
        for e in &outcome.errors {
            done.problems
                .push(problem(p.line, Some(&e.target), &e.message));
        }
        if let Some(f) = &outcome.failed {
            done.failed = true;
            done.problems
                .push(problem(p.line, Some(&f.target), &f.message));
            return done;
        }
        done.written = true;
        if let Some(v) = &outcome.resource {
            done.emit(v, out);
        }
        done
    }
}

fn run_all(job: &dyn LineJob, lines: &[Pending]) -> Chunk {
    let mut chunk = Chunk {
        done: Vec::with_capacity(lines.len()),
        out: Vec::with_capacity(lines.len() * 1024),
    };
    for p in lines {
        let d = job.run(p, &mut chunk.out);
        chunk.done.push(d);
    }
    chunk
}

/// Applies `mapping` to an input record, which is the directory user, the
/// provider user (import) or the directory group, as the mapping says.
fn apply(mapping: &Mapping, record: &Json, provider: &Json, settings: &Json) -> Outcome {
    with_input(mapping, record, provider, settings, |input| {
        mapping.apply(input)
    })
}

/// Calls `f` with the [`ApplyInput`] in which `record` takes the mapping's primary place.
pub(crate) fn with_input<T>(
    mapping: &Mapping,
    record: &Json,
    provider: &Json,
    settings: &Json,
    f: impl FnOnce(&ApplyInput<'_>) -> T,
) -> T {
    let empty = Json::Object(Default::default());
    let base = ApplyInput {
        jc_user: &empty,
        provider_user: provider,
        settings,
        jc_group: &empty,
    };
    f(&mapping.with_primary(base, record))
}

/// Opens an input file; `-` is standard input.
pub(crate) fn open(path: &Path) -> Result<Box<dyn BufRead>, String> {
    if path.as_os_str() == "-" {
        return Ok(Box::new(BufReader::with_capacity(1 << 16, io::stdin())));
    }
    File::open(path)
        .map(|f| Box::new(BufReader::with_capacity(1 << 16, f)) as Box<dyn BufRead>)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The worker count `--jobs` asks for (default: all cores), at most what the
/// machine runs at once: more threads only add memory and switches, and
/// thousands of them can exhaust the process's limits.
pub(crate) fn job_count(jobs: Option<usize>) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    match jobs {
        None => cores,
        Some(n) if n > cores => {
            note(format_args!(
                "scimexpr: --jobs {n} is more than the {cores} thread(s) this machine runs at once; using {cores}"
            ));
            cores
        }
        Some(n) => n.max(1),
    }
}

/// How a [`stream`] ended.
pub(crate) struct Streamed {
    /// Reading the input failed part way (said on stderr).
    pub(crate) read_error: bool,
    /// Why the run ended before its input did.
    pub(crate) stop: Option<Stop>,
}

/// Reads `input` in batches, runs `job` on every line (on `jobs` threads),
/// and writes the output lines in input order and the problems to stderr.
/// What the output took is counted in `out.delivered`. SIGINT, and a failed
/// write, end the run after the last whole line written.
pub(crate) fn stream<W: Write>(
    input: &mut dyn BufRead,
    input_name: &Path,
    caps: LineCaps,
    job: &dyn LineJob,
    jobs: usize,
    out: &mut Lines<W>,
) -> Streamed {
    let progress = io::stderr().is_terminal();
    let started = Instant::now();
    let mut line_no = 0usize;
    let mut buf = Vec::new();
    let mut eof = false;
    let mut read_error = false;
    let mut stop = None;
    let mut records = 0u64;
    'batches: while !eof {
        let mut batch: Vec<Pending> = Vec::with_capacity(BATCH_LINES);
        let mut bytes = 0usize;
        while batch.len() < BATCH_LINES && bytes < BATCH_BYTES {
            if sys::interrupted() {
                stop = Some(Stop::Interrupted);
                break 'batches;
            }
            let read = match read_capped(input, &mut buf, caps.bytes) {
                Ok(None) => {
                    eof = true;
                    break;
                }
                // The next line starts with room for one like this one.
                Ok(Some(false)) => caps.check_values(&buf).map(|()| {
                    let room = Vec::with_capacity(buf.len());
                    std::mem::replace(&mut buf, room)
                }),
                Ok(Some(true)) => Err(format!(
                    "line longer than {} bytes (--max-line-bytes)",
                    caps.bytes
                )),
                Err(_) if sys::interrupted() => {
                    stop = Some(Stop::Interrupted);
                    break 'batches;
                }
                Err(e) => {
                    note(format_args!(
                        "scimexpr: reading {}: {e}",
                        input_name.display()
                    ));
                    read_error = true;
                    eof = true;
                    break;
                }
            };
            line_no += 1;
            bytes += read.as_ref().map_or(0, Vec::len);
            batch.push(Pending {
                line: line_no,
                input: read,
            });
        }
        let chunks = process(job, &batch, jobs);
        drop(batch);
        let stderr = io::stderr();
        let mut err = stderr.lock();
        if progress
            && chunks
                .iter()
                .any(|c| c.done.iter().any(|d| !d.problems.is_empty()))
        {
            // Problem lines start at the left margin, not after the progress text.
            let _ = write!(err, "\r\x1b[K");
        }
        for (d, text) in chunks
            .iter()
            .flat_map(|c| c.done.iter().map(move |d| (d, &c.out)))
        {
            if d.blank {
                continue;
            }
            if sys::interrupted() {
                stop = Some(Stop::Interrupted);
                break 'batches;
            }
            records += 1;
            let mut counts = Tally {
                records: 1,
                ..Tally::default()
            };
            if d.failed {
                counts.failed = 1;
            } else if d.written {
                counts.written = 1;
                // Attributes left out of records that went out; a failed record
                // has no attributes to speak of.
                counts.omitted = d.omitted as u64;
            }
            if let Some(a) = d.action {
                counts.count_action(a, 1);
            }
            if !d.problems.is_empty() {
                let mut text = d.problems.join("\n");
                text.push('\n');
                let _ = err.write_all(text.as_bytes());
            }
            match d.output.clone().and_then(|r| text.get(r)) {
                Some(line) => {
                    if let Err(e) = out.line(line, counts) {
                        stop = Some(Stop::from_error(e));
                        break 'batches;
                    }
                }
                None => out.account(counts),
            }
        }
        // Each batch goes out whole, so a slow input is not held back.
        if let Err(e) = out.flush() {
            stop = Some(Stop::from_error(e));
            break;
        }
        if progress {
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            let _ = write!(
                err,
                "\r{records} records, {:.0} records/s\x1b[K",
                records as f64 / secs
            );
        }
    }
    if progress {
        let _ = io::stderr().write_all(b"\r\x1b[K");
    }
    if let Some(Stop::Interrupted) = stop {
        // What is queued is whole lines; the summary counts them.
        out.flush_interrupted();
    }
    Streamed { read_error, stop }
}

/// Runs `map`.
pub fn map(args: MapArgs) -> ExitCode {
    if let Err(code) = output::stdout_usable() {
        return code;
    }
    let mapping = match load_or_exit(&args.mapping, &args.schemas) {
        Ok(m) => m,
        Err(code) => return code,
    };
    if args.patch {
        return usage(
            "map --patch is gone: `scimexpr plan` matches provider users by key and gives \
             each directory user its create, update (PATCH) or unchanged action",
        );
    }
    if args.provider.is_some() && mapping.direction == Direction::Import {
        return usage(
            "--provider applies to export mappings: an import mapping reads the provider's users as --input",
        );
    }
    let settings = match parse_settings(&args.settings) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let jobs = job_count(args.jobs);
    sys::catch_sigint();
    let provider = match ProviderFile::for_command(
        &mapping,
        args.provider.as_deref(),
        args.r#match.as_deref(),
        LineCaps {
            bytes: args.max_line_bytes,
            values: args.max_record_values,
        },
    ) {
        Ok(p) => p,
        Err(Refused::Usage(_)) if sys::interrupted() => {
            return interrupted_before_output(map_summary(&Tally::default()))
        }
        Err(r) => return r.exit(),
    };
    let mut input = match open(&args.input) {
        Ok(r) => r,
        Err(e) => return usage(e),
    };
    let mut keep = mapping.primary_fields().map(<[String]>::to_vec);
    if let (Some(k), Some(p)) = (keep.as_mut(), &provider) {
        k.push(p.key().directory.clone());
    }
    let job = Job {
        mapping: &mapping,
        settings: &settings,
        provider: provider.as_ref(),
        keep,
    };
    let mut out = output::stdout_lines();
    let run = stream(
        &mut input,
        &args.input,
        LineCaps {
            bytes: args.max_line_bytes,
            values: args.max_record_values,
        },
        &job,
        jobs,
        &mut out,
    );
    let tally = &out.delivered;
    let mut summary = map_summary(tally);
    if let (Some(stop), Json::Object(m)) = (&run.stop, &mut summary) {
        m.insert("stopped".into(), stop.reason().into());
    }
    // The summary goes out after the write error (if any) is said.
    let code = match run.stop {
        Some(Stop::Interrupted) => None,
        Some(stop) => Some(stop.exit()),
        None if run.read_error => Some(ExitCode::from(2)),
        None if tally.failed > 0 => Some(ExitCode::from(1)),
        None => Some(ExitCode::SUCCESS),
    };
    note(summary);
    code.unwrap_or_else(sys::exit_interrupted)
}

/// SIGINT before any record was mapped or planned: `summary` (all zeros)
/// says so.
pub(crate) fn interrupted_before_output(mut summary: Json) -> ExitCode {
    if let Json::Object(m) = &mut summary {
        m.insert("stopped".into(), "interrupted".into());
    }
    note(summary);
    sys::exit_interrupted()
}

/// `map`'s summary line.
fn map_summary(tally: &Tally) -> Json {
    json!({"records": tally.records, "written": tally.written, "failed": tally.failed, "omitted": tally.omitted})
}

/// Processes a batch, spread over `jobs` threads when it is large enough;
/// the chunks come back in input order. The last part runs on the calling
/// thread, and so does any part the system gives no thread for.
fn process(job: &dyn LineJob, batch: &[Pending], jobs: usize) -> Vec<Chunk> {
    if jobs <= 1 || batch.len() < PARALLEL_MIN {
        return vec![run_all(job, batch)];
    }
    let size = batch.len().div_ceil(jobs);
    let parts: Vec<&[Pending]> = batch.chunks(size).collect();
    std::thread::scope(|s| {
        let last = parts.len().saturating_sub(1);
        let started: Vec<_> = parts
            .iter()
            .enumerate()
            .map(|(i, &part)| {
                if i == last {
                    return Err(part);
                }
                std::thread::Builder::new()
                    .spawn_scoped(s, move || run_all(job, part))
                    .map_err(|e| {
                        no_thread(&e);
                        part
                    })
            })
            .collect();
        started
            .into_iter()
            .zip(&parts)
            .map(|(h, part)| match h {
                Err(part) => run_all(job, part),
                // A worker that died leaves its lines failed rather than lost.
                Ok(h) => h.join().unwrap_or_else(|_| Chunk {
                    done: part
                        .iter()
                        .map(|p| Done::failure(p.line, "internal error"))
                        .collect(),
                    out: Vec::new(),
                }),
            })
            .collect()
    })
}

/// Says once that the system refused a thread (the work goes on with fewer).
pub(crate) fn no_thread(e: &io::Error) {
    static SAID: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
    if !SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
        note(format_args!(
            "scimexpr: cannot start a worker thread ({e}); going on with fewer"
        ));
    }
}

/// Runs `check`: exit 0 valid (warnings shown), 1 invalid (or warnings with
/// `--deny-warnings`), 2 unreadable (or output that could not be written).
pub fn check(args: CheckArgs) -> ExitCode {
    if let Err(code) = output::stdout_usable() {
        return code;
    }
    // Warnings, one per line: after the errors when there are some, so that
    // fixing the errors brings no surprise.
    let warnings = |found: &[scimexpr::mapping::Diagnostic], text: &mut String| {
        for d in found {
            if args.json {
                text.push_str(&d.to_json().to_string());
            } else {
                text.push_str(&format!(
                    "attributes[{}] (target {:?}): warning: {}",
                    d.index, d.target, d.rendered
                ));
            }
            text.push('\n');
        }
    };
    let (text, code) = match resolve(&args.mapping, &args.schemas) {
        Ok(m) => {
            let found = m.diagnostics();
            let mut text = String::new();
            warnings(&found, &mut text);
            if !args.json {
                let warned = match found.len() {
                    0 => String::new(),
                    n => format!(", {n} warning(s)"),
                };
                text.push_str(&format!(
                    "{}: ok ({} attributes{warned})\n",
                    m.name,
                    m.entries.len()
                ));
            }
            let failed = args.deny_warnings && !found.is_empty();
            (text, ExitCode::from(u8::from(failed)))
        }
        Err(Unusable::Unreadable(msg)) => return usage(msg),
        Err(Unusable::Invalid(problems)) => {
            let mut text = String::new();
            for p in problems.iter() {
                if args.json {
                    let mut message = p.message.lines().next().unwrap_or("");
                    if let (Some(l), Some(c)) = (p.line, p.column) {
                        message = message
                            .strip_suffix(&format!(" ({l}:{c})"))
                            .unwrap_or(message);
                    }
                    let v = json!({"severity": "error", "code": p.code, "index": p.index,
                                   "target": p.target, "line": p.line, "column": p.column,
                                   "message": message, "suggestion": p.suggestion});
                    text.push_str(&v.to_string());
                } else {
                    text.push_str(&p.to_string());
                }
                text.push('\n');
            }
            warnings(&problems.warnings, &mut text);
            if !args.json {
                let warned = match problems.warnings.len() {
                    0 => String::new(),
                    n => format!(", {n} warning(s)"),
                };
                text.push_str(&format!(
                    "{}: {} problem(s){warned}\n",
                    args.mapping,
                    problems.len()
                ));
            }
            (text, ExitCode::from(1))
        }
    };
    match output::print(text.as_bytes()) {
        Ok(()) => code,
        Err(code) => code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Values counted on the text: `{`, `[` and `,` outside strings, plus one;
    /// escaped quotes do not end a string.
    #[test]
    fn json_values_are_counted_outside_strings() {
        let rows: &[(&str, usize)] = &[
            ("1", 1),
            ("{}", 2),
            (r#"{"a":1}"#, 2),
            (r#"{"a":1,"b":[1,2,3]}"#, 6),
            (r#"{"a":"[,{"}"#, 2),
            (r#"{"a":"\",[,{"}"#, 2),
            (r#"{"a":"\\",[,{"}"#, 6),
            (r#"[{"ab":12},{"ab":12}]"#, 5),
        ];
        for (text, n) in rows {
            assert!(!json_values_over(text.as_bytes(), *n), "{text} has {n}");
            assert!(
                json_values_over(text.as_bytes(), n - 1),
                "{text} has more than {}",
                n - 1
            );
        }
    }

    #[test]
    fn newlines_found_at_every_offset() {
        for len in 0..40 {
            for at in 0..=len {
                let mut bytes = vec![b'x'; len];
                if at < len {
                    bytes[at] = b'\n';
                    // Bytes that differ from a newline in one bit are not one.
                    if at + 1 < len {
                        bytes[at + 1] = b'\n' ^ 0x80;
                    }
                }
                let want = (at < len).then_some(at);
                assert_eq!(find_newline(&bytes), want, "len {len} at {at}");
            }
        }
        assert_eq!(find_newline(b"\x8a\x0b\x09abcdefgh\n"), Some(11));
    }

    #[test]
    fn capped_lines() {
        let data = b"ab\r\n\ncdefgh\nxyz";
        let mut r = io::Cursor::new(&data[..]);
        let mut buf = Vec::new();
        let mut got = Vec::new();
        while let Some(long) = read_capped(&mut r, &mut buf, 4).unwrap() {
            got.push((String::from_utf8(buf.clone()).unwrap(), long));
        }
        assert_eq!(
            got,
            vec![
                ("ab".to_string(), false),
                (String::new(), false),
                (String::new(), true),
                ("xyz".to_string(), false)
            ]
        );
    }
}
