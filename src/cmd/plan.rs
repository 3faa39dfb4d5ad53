//! `scimexpr plan`: directory users matched to the provider's users by key,
//! one action per directory user (docs/sync.md).
//!
//! Both inputs are read more than once, so each must be a file (pipes and
//! standard input are first copied to an unlinked temporary file). The
//! provider file is indexed by key — a hash of the key and the line's byte
//! offset, tens of bytes a user — and each provider record is parsed again
//! when its match is planned, so memory stays bounded by the index, not by the
//! provider's data.
//!
//! Exit codes: 0 every line planned, 1 some line failed, 2 bad usage or an
//! input or output that could not be read or written, 141 the output's reader
//! went away; SIGINT ends the run at a line boundary (see `map`).

use super::map::{
    interrupted_before_output, job_count, line_bytes, load_or_exit, no_thread, parse_jobs,
    parse_line, parse_record, parse_settings, read_capped, stream, usage, with_input, Done,
    LineCaps, LineJob, Pending, DEFAULT_MAX_RECORD_VALUES,
};
use super::output::{self, note, Lines, Stop, Tally};
use super::sys;
use scimexpr::mapping::{
    duplicate_directory_key, duplicate_provider_key, missing_key, parse_object_folded,
    unsafe_create, ApplyInput, Direction, KeyIndex, Lookup, Mapping, MatchKey, Orphan,
    PatchOptions, PlanAction, PlanLine, DEFAULT_MAX_OPERATIONS, PLAN_FIELDS,
};
use serde_json::{json, Value as Json};
use std::fs::File;
use std::io::{self, BufReader, Seek, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};

/// Arguments of `scimexpr plan`.
#[derive(clap::Args)]
pub struct PlanArgs {
    /// A shipped export mapping (namely, interact, interact-groups, spaceiq,
    /// scim) or a mapping document file.
    #[arg(long)]
    pub mapping: String,
    /// JSON lines of directory users (directory groups for Group mappings).
    #[arg(long)]
    pub input: PathBuf,
    /// JSON lines of the provider's users as `GET /Users` returns them (each
    /// with its `id`), in any order.
    #[arg(long)]
    pub provider: PathBuf,
    /// How users are matched: `email` (directory email = userName, ignoring
    /// case), `username` (directory username = userName) or FIELD=ATTRIBUTE.
    /// Default: the mapping's own key (the directory field its externalId
    /// entry reads = externalId; groups: name = displayName).
    #[arg(long = "match")]
    pub r#match: Option<String>,
    /// Most operations in one PATCH request; larger changes are split.
    #[arg(long, default_value_t = DEFAULT_MAX_OPERATIONS)]
    pub max_operations: usize,
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
    pub schemas: super::map::SchemaArgs,
    /// Most JSON values (objects, arrays, members, elements) in one input
    /// line; a line with more fails on its own, before it is parsed, so one
    /// record's memory is bounded.
    #[arg(long, default_value_t = DEFAULT_MAX_RECORD_VALUES)]
    pub max_record_values: usize,
}

/// A file that can be read again: the file itself, or standard input / a pipe
/// copied into an unlinked temporary file.
fn seekable(path: &Path) -> Result<File, String> {
    let name = path.display();
    if path.as_os_str() != "-" {
        let file = File::open(path).map_err(|e| format!("cannot read {name}: {e}"))?;
        let regular = file.metadata().map(|m| m.is_file()).unwrap_or(false);
        if regular {
            return Ok(file);
        }
        return spool(&mut BufReader::new(file), &name.to_string());
    }
    spool(&mut io::stdin().lock(), "standard input")
}

fn spool(from: &mut dyn io::Read, name: &str) -> Result<File, String> {
    let tmp = std::env::temp_dir().join(format!(
        "scimexpr-plan-{}-{}",
        std::process::id(),
        SPOOLS.fetch_add(1, Ordering::Relaxed)
    ));
    let err = |e: io::Error| format!("cannot copy {name} to {}: {e}", tmp.display());
    let mut file = File::options()
        .read(true)
        .write(true)
        .create_new(true)
        .open(&tmp)
        .map_err(err)?;
    // Unlinked at once: the open handle keeps the data, and nothing is left
    // behind however the run ends (where the platform allows it).
    let _ = std::fs::remove_file(&tmp);
    copy(from, &mut file).map_err(err)?;
    file.rewind().map_err(err)?;
    Ok(file)
}

/// `io::copy`, except that a read SIGINT interrupts ends it (an endless pipe
/// would otherwise be copied for ever).
fn copy(from: &mut dyn io::Read, to: &mut File) -> io::Result<()> {
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) => return Ok(()),
            Ok(n) => n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted && !sys::interrupted() => continue,
            Err(e) => return Err(e),
        };
        if sys::interrupted() {
            return Err(io::Error::from(io::ErrorKind::Interrupted));
        }
        to.write_all(buf.get(..n).unwrap_or_default())?;
    }
}

static SPOOLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A reader that counts the bytes consumed, so line offsets come without a
/// seek per line.
struct Counting<R> {
    inner: R,
    consumed: u64,
}

impl<R: io::Read> io::Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.consumed += n as u64;
        Ok(n)
    }
}

impl<R: io::BufRead> io::BufRead for Counting<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        self.inner.fill_buf()
    }
    fn consume(&mut self, amt: usize) {
        self.consumed += amt as u64;
        self.inner.consume(amt);
    }
}

/// Reads `len` bytes at `offset`.
#[cfg(unix)]
fn read_at(file: &File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    use std::os::unix::fs::FileExt;
    let mut buf = vec![0; len];
    file.read_exact_at(&mut buf, offset)?;
    Ok(buf)
}

#[cfg(not(unix))]
fn read_at(file: &File, offset: u64, len: usize) -> io::Result<Vec<u8>> {
    use std::io::Read;
    // Without positional reads, each read clones the handle's position away.
    let mut f = file.try_clone()?;
    f.seek(io::SeekFrom::Start(offset))?;
    let mut buf = vec![0; len];
    f.read_exact(&mut buf)?;
    Ok(buf)
}

/// The provider's users, indexed by key.
pub(crate) struct ProviderFile {
    file: File,
    key: MatchKey,
    /// Byte offset and length of each line (0-based).
    lines: Vec<(u64, u32)>,
    index: KeyIndex,
    /// Lines that are not records, with why.
    bad: Vec<(u32, String)>,
    /// Lines whose key another line has, in order.
    duplicated: Vec<u32>,
    /// Lines a directory record matched (or claimed by an ambiguous key).
    claimed: Vec<AtomicBool>,
    name: String,
    /// The members a matched record is parsed with (see
    /// [`Mapping::provider_fields`]); all with `None`.
    fields: Option<Vec<String>>,
}

/// Why a command cannot use its `--provider` file.
pub(crate) enum Refused {
    /// The file or `--match` is unusable: a usage error with this message.
    Usage(String),
    /// Some lines are not records: reported already, exit with this code.
    Reported(ExitCode),
}

impl Refused {
    /// The command's exit.
    pub(crate) fn exit(self) -> ExitCode {
        match self {
            Refused::Usage(e) => usage(e),
            Refused::Reported(code) => code,
        }
    }
}

impl ProviderFile {
    /// Reads and indexes `path` by `key`.
    pub(crate) fn open(path: &Path, key: MatchKey, caps: LineCaps) -> Result<Self, String> {
        let max_line_bytes = caps.bytes;
        let name = path.display().to_string();
        let file = seekable(path)?;
        let mut reader = Counting {
            inner: BufReader::with_capacity(1 << 16, &file),
            consumed: 0,
        };
        let mut buf = Vec::new();
        let mut offset = 0u64;
        let mut pf = ProviderFile {
            file: file
                .try_clone()
                .map_err(|e| format!("cannot read {name}: {e}"))?,
            key,
            lines: Vec::new(),
            index: KeyIndex::default(),
            bad: Vec::new(),
            duplicated: Vec::new(),
            claimed: Vec::new(),
            name: name.clone(),
            fields: None,
        };
        let keep = vec![pf.key.provider.to_string(), "id".to_string()];
        loop {
            let long = match read_capped(&mut reader, &mut buf, max_line_bytes) {
                Ok(None) => break,
                Ok(Some(long)) => long,
                Err(e) => return Err(format!("reading {name}: {e}")),
            };
            let after = reader.consumed;
            let line = u32::try_from(pf.lines.len())
                .map_err(|_| format!("{name} has more than {} lines", u32::MAX))?;
            pf.lines
                .push((offset, u32::try_from(buf.len()).unwrap_or(u32::MAX)));
            offset = after;
            if long {
                pf.bad.push((
                    line,
                    format!("line longer than {max_line_bytes} bytes (--max-line-bytes)"),
                ));
                continue;
            }
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // A matched provider line is parsed again in full later: one over
            // the values cap is never read.
            if let Err(e) = caps.check_values(&buf) {
                pf.bad.push((line, e));
                continue;
            }
            match parse_provider(&buf, Some(&keep)) {
                Ok(rec) => {
                    if let Some(k) = pf.key.provider_key(&rec) {
                        if let Some(first) = pf.index.insert(&pf.key.normalize(&k), line) {
                            pf.duplicated.extend([first, line]);
                        }
                    }
                }
                Err(e) => pf.bad.push((line, e)),
            }
        }
        pf.claimed = (0..pf.lines.len())
            .map(|_| AtomicBool::new(false))
            .collect();
        Ok(pf)
    }

    /// Indexes `path` by `--match` or, without it, the mapping's own key.
    pub(crate) fn for_mapping(
        mapping: &Mapping,
        path: &Path,
        match_arg: Option<&str>,
        caps: LineCaps,
    ) -> Result<Self, String> {
        let key = resolve_key(mapping, match_arg)?;
        let mut pf = ProviderFile::open(path, key, caps)?;
        pf.fields = mapping.provider_fields(&pf.key);
        Ok(pf)
    }

    /// `--provider` where a command needs every provider user (`map`,
    /// `diff`): [`ProviderFile::for_mapping`], refused when some lines are
    /// not records ([`ProviderFile::report_unreadable`]). `None` without
    /// a path.
    pub(crate) fn for_command(
        mapping: &Mapping,
        path: Option<&Path>,
        match_arg: Option<&str>,
        caps: LineCaps,
    ) -> Result<Option<Self>, Refused> {
        let Some(path) = path else {
            return Ok(None);
        };
        let pf = Self::for_mapping(mapping, path, match_arg, caps).map_err(Refused::Usage)?;
        pf.report_unreadable().map_err(Refused::Reported)?;
        Ok(Some(pf))
    }

    pub(crate) fn key(&self) -> &MatchKey {
        &self.key
    }

    fn claim(&self, line: u32) {
        if let Some(c) = self.claimed.get(line as usize) {
            c.store(true, Ordering::Relaxed);
        }
    }

    /// The record on `line`, with the members `keep` names (all with `None`).
    fn read(&self, line: u32, keep: Option<&[String]>) -> Result<Json, String> {
        let (offset, len) = self
            .lines
            .get(line as usize)
            .copied()
            .ok_or_else(|| format!("no line {} in {}", line + 1, self.name))?;
        let bytes = read_at(&self.file, offset, len as usize)
            .map_err(|e| format!("reading {} line {}: {e}", self.name, line + 1))?;
        let bytes = bytes.strip_suffix(b"\r").unwrap_or(&bytes);
        parse_provider(bytes, keep).map_err(|e| format!("{} line {}: {e}", self.name, line + 1))
    }

    /// The provider record `key` (as written in the directory record) finds:
    /// `Err` with the action for an ambiguous key.
    fn find(&self, key: &str) -> Result<Option<Json>, PlanAction> {
        let norm = self.key.normalize(key);
        match self.index.get(&norm) {
            Lookup::None => Ok(None),
            Lookup::Many(all) => {
                for l in &all {
                    self.claim(*l);
                }
                Err(duplicate_provider_key(&self.key, key, &all))
            }
            Lookup::One(line) => {
                let record = self
                    .read(line, self.fields.as_deref())
                    .map_err(PlanAction::failed)?;
                // The index holds hashes: the record itself must agree.
                let agrees = self
                    .key
                    .provider_key(&record)
                    .is_some_and(|k| self.key.normalize(&k) == norm);
                if !agrees {
                    return Err(PlanAction::failed(format!(
                        "{} line {} changed while the plan ran",
                        self.name,
                        line + 1
                    )));
                }
                self.claim(line);
                Ok(Some(record))
            }
        }
    }

    /// For `map --provider`: the provider record matching a directory record.
    pub(crate) fn matching(&self, record: &Json) -> Result<Option<Json>, String> {
        let Some(k) = self.key.directory_key(record) else {
            return Err(format!(
                "record has no {} to match by ({})",
                self.key.directory, self.key
            ));
        };
        self.find(&k).map_err(|a| match a {
            PlanAction::Failed { errors } => errors
                .first()
                .map(|e| e.message.clone())
                .unwrap_or_default(),
            other => other.name().to_string(),
        })
    }

    /// Refuses to go on when some provider lines are not records: a user on
    /// one of them would be taken for a new one (for `map`, which has no
    /// per-line place to say so).
    pub(crate) fn report_unreadable(&self) -> Result<(), ExitCode> {
        if self.bad.is_empty() {
            return Ok(());
        }
        let mut text = String::new();
        for (line, e) in &self.bad {
            text.push_str(&json!({"provider_line": line + 1, "error": e}).to_string());
            text.push('\n');
        }
        text.push_str(&format!(
            "scimexpr: {} line(s) of {} are not records",
            self.bad.len(),
            self.name
        ));
        note(text);
        Err(ExitCode::from(1))
    }

    fn bad_lines(&self) -> Vec<u32> {
        self.bad.iter().map(|(l, _)| *l).collect()
    }
}

/// A provider record with only the members named in `keep` (all with
/// `None`), names matched regardless of case, as SCIM attribute names are.
fn parse_provider(bytes: &[u8], keep: Option<&[String]>) -> Result<Json, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to()))?;
    parse_object_folded(text, keep).map_err(|e| e.to_string())
}

/// The key `--match` names, or the mapping's own.
fn resolve_key(mapping: &Mapping, match_arg: Option<&str>) -> Result<MatchKey, String> {
    match match_arg {
        Some(text) => MatchKey::parse(text, mapping.resource),
        None => mapping.match_key().cloned().ok_or_else(|| {
            format!(
                "mapping {} names no match key (it has no externalId entry fed by one directory field, \
                 and no \"match\"): give --match email, --match username or --match FIELD=ATTRIBUTE",
                mapping.name
            )
        }),
    }
}

struct PlanJob<'a> {
    mapping: &'a Mapping,
    settings: &'a Json,
    provider: &'a ProviderFile,
    directory: &'a KeyIndex,
    keep: Option<Vec<String>>,
    opts: PatchOptions,
    bad_provider: Vec<u32>,
}

impl LineJob for PlanJob<'_> {
    fn run(&self, p: &Pending, out: &mut Vec<u8>) -> Done {
        let mut done = Done::default();
        let key = self.provider.key();
        let mut line = PlanLine {
            line: p.line,
            user: None,
            key: None,
            action: PlanAction::Skipped {
                reason: String::new(),
            },
            warnings: Vec::new(),
        };
        let record = match line_bytes(p) {
            Ok(None) => {
                done.blank = true;
                return done;
            }
            Err(d) => Err(d.problems.first().cloned().unwrap_or_default()),
            Ok(Some(bytes)) => parse_line(bytes, self.keep.as_deref()),
        };
        let (action, warnings) = match record {
            Err(e) => (PlanAction::failed(error_text(&e)), Vec::new()),
            Ok((text, record)) => {
                line.user = record.get("id").and_then(id_text);
                line.key = key.directory_key(&record);
                self.mapping
                    .with_number_text(text, &record, || self.decide(&record, line.key.as_deref()))
            }
        };
        line.action = action;
        line.warnings = warnings;
        done.action = Some(line.action.name());
        done.failed = matches!(line.action, PlanAction::Failed { .. });
        done.written = !done.failed;
        done.emit(&line.into_json(self.mapping.resource), out);
        done
    }
}

impl PlanJob<'_> {
    fn decide(
        &self,
        record: &Json,
        k: Option<&str>,
    ) -> (PlanAction, Vec<scimexpr::mapping::AttrError>) {
        let key = self.provider.key();
        let Some(k) = k else {
            return (missing_key(key), Vec::new());
        };
        if let Lookup::Many(all) = self.directory.get(&key.normalize(k)) {
            // The provider records this key finds are spoken for, not orphans:
            // an orphan may be deactivated, and these users still exist.
            let _ = self.provider.find(k);
            return (duplicate_directory_key(key, k, &all), Vec::new());
        }
        let found = match self.provider.find(k) {
            Ok(f) => f,
            Err(action) => return (action, Vec::new()),
        };
        let (action, warnings) =
            with_input(self.mapping, record, &Json::Null, self.settings, |input| {
                let base: ApplyInput<'_> = *input;
                self.mapping
                    .plan_record(base, record, found.as_ref(), &self.opts)
            });
        if matches!(action, PlanAction::Create { .. }) && !self.bad_provider.is_empty() {
            return (unsafe_create(&self.bad_provider), warnings);
        }
        (action, warnings)
    }
}

/// A problem line from [`Done::failure`] holds JSON; the plan line wants its text.
fn error_text(e: &str) -> String {
    serde_json::from_str::<Json>(e)
        .ok()
        .and_then(|v| v.get("error").and_then(Json::as_str).map(str::to_string))
        .unwrap_or_else(|| e.to_string())
}

fn id_text(v: &Json) -> Option<String> {
    match v {
        Json::String(s) if !s.is_empty() => Some(s.clone()),
        Json::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Indexes the directory records' keys, to find the ones that occur twice.
fn directory_index(file: &File, key: &MatchKey, caps: LineCaps) -> Result<KeyIndex, String> {
    let max_line_bytes = caps.bytes;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let mut buf = Vec::new();
    let keep = key.directory_fields();
    let mut index = KeyIndex::default();
    let mut line = 0u32;
    while let Some(long) = read_capped(&mut reader, &mut buf, max_line_bytes)
        .map_err(|e| format!("reading input: {e}"))?
    {
        // A line over a cap fails when it is run; it has no key.
        if !long && caps.check_values(&buf).is_ok() {
            if let Some(k) = parse_record(&buf, Some(&keep))
                .ok()
                .and_then(|r| key.directory_key(&r))
            {
                index.insert(&key.normalize(&k), line);
            }
        }
        line = line.saturating_add(1);
    }
    Ok(index)
}

/// Runs `plan`.
pub fn plan(args: PlanArgs) -> ExitCode {
    if let Err(code) = output::stdout_usable() {
        return code;
    }
    let mapping = match load_or_exit(&args.mapping, &args.schemas) {
        Ok(m) => m,
        Err(code) => return code,
    };
    if mapping.direction == Direction::Import {
        return usage("plan applies to export mappings (an import produces directory records)");
    }
    if args.max_operations == 0 {
        return usage("--max-operations must be at least 1");
    }
    let settings = match parse_settings(&args.settings) {
        Ok(s) => s,
        Err(e) => return usage(e),
    };
    let key = match resolve_key(&mapping, args.r#match.as_deref()) {
        Ok(k) => k,
        Err(e) => return usage(e),
    };
    let jobs = job_count(args.jobs);
    sys::catch_sigint();
    let input = match seekable(&args.input) {
        Ok(f) => f,
        Err(_) if sys::interrupted() => {
            return interrupted_before_output(plan_summary(&Tally::default()))
        }
        Err(e) => return usage(e),
    };
    // The two files are indexed at once, each on its own core (one after the
    // other when the system gives no thread).
    let caps = LineCaps {
        bytes: args.max_line_bytes,
        values: args.max_record_values,
    };
    let index = || directory_index(&input, &key, caps);
    let (provider, directory) = std::thread::scope(|s| {
        let dir = std::thread::Builder::new()
            .spawn_scoped(s, index)
            .map_err(|e| no_thread(&e));
        let provider = ProviderFile::open(&args.provider, key.clone(), caps);
        let directory = match dir {
            Ok(h) => h
                .join()
                .unwrap_or_else(|_| Err("internal error indexing the input".into())),
            Err(()) => index(),
        };
        (provider, directory)
    });
    if sys::interrupted() {
        return interrupted_before_output(plan_summary(&Tally::default()));
    }
    let provider = match provider {
        Ok(mut p) => {
            p.fields = mapping.provider_fields(&p.key);
            p
        }
        Err(e) => return usage(e),
    };
    let directory = match directory {
        Ok(d) => d,
        Err(e) => return usage(e),
    };
    let mut reader = BufReader::with_capacity(1 << 16, &input);
    if let Err(e) = reader.rewind() {
        return usage(format!("reading {}: {e}", args.input.display()));
    }
    let keep = mapping.primary_fields().map(|fields| {
        let mut keep = fields.to_vec();
        let extra = PLAN_FIELDS
            .iter()
            .map(|f| f.to_string())
            .chain(std::iter::once(provider.key().directory.clone()));
        for f in extra {
            if !keep.contains(&f) {
                keep.push(f);
            }
        }
        keep
    });
    let job = PlanJob {
        mapping: &mapping,
        settings: &settings,
        provider: &provider,
        directory: &directory,
        keep,
        opts: PatchOptions {
            max_operations: args.max_operations,
        },
        bad_provider: provider.bad_lines(),
    };
    let mut out = output::stdout_lines();
    let mut run = stream(&mut reader, &args.input, caps, &job, jobs, &mut out);
    if run.stop.is_none() {
        // The orphans are known only once every directory line is planned.
        run.stop = provider_tail(&provider, &mut out).err();
        if let Some(Stop::Interrupted) = run.stop {
            out.flush_interrupted();
        }
    }
    let tally = &out.delivered;
    let mut summary = plan_summary(tally);
    if let (Some(stop), Json::Object(m)) = (&run.stop, &mut summary) {
        m.insert("stopped".into(), stop.reason().into());
    }
    let code = match run.stop {
        Some(Stop::Interrupted) => None,
        Some(stop) => Some(stop.exit()),
        None if run.read_error => Some(ExitCode::from(2)),
        None if tally.failed > 0 || tally.provider_failed > 0 => Some(ExitCode::from(1)),
        None => Some(ExitCode::SUCCESS),
    };
    note(summary);
    code.unwrap_or_else(sys::exit_interrupted)
}

/// `plan`'s summary line.
fn plan_summary(tally: &Tally) -> Json {
    json!({
        "records": tally.records,
        "create": tally.action("create"),
        "update": tally.action("update"),
        "unchanged": tally.action("unchanged"),
        "failed": tally.action("failed"),
        "skipped": tally.action("skipped"),
        "orphan": tally.orphans,
        "provider_failed": tally.provider_failed,
    })
}

/// After the directory lines: a failed line for each provider line that is no
/// record or whose key occurs twice, and an orphan line for each record no
/// directory record matched, in provider order, each counted in the summary
/// once written; SIGINT and a failed write end it early.
fn provider_tail<W: Write>(p: &ProviderFile, out: &mut Lines<W>) -> Result<(), Stop> {
    let failed_line = Tally {
        provider_failed: 1,
        ..Tally::default()
    };
    let orphan = Tally {
        orphans: 1,
        ..Tally::default()
    };
    let mut emit = |v: &Json, counts: &Tally| {
        if sys::interrupted() {
            return Err(Stop::Interrupted);
        }
        let mut line = v.to_string().into_bytes();
        line.push(b'\n');
        out.line(&line, counts.clone()).map_err(Stop::from_error)
    };
    let mut bad = p.bad.iter().peekable();
    let mut duplicated = p.duplicated.iter().peekable();
    let keep = [p.key.provider.to_string(), "id".to_string()];
    for (line, (_, len)) in (0u32..).zip(p.lines.iter()) {
        if let Some((_, why)) = bad.next_if(|(l, _)| *l == line) {
            let v =
                json!({"provider_line": line + 1, "action": "failed", "errors": [{"error": why}]});
            emit(&v, &failed_line)?;
            continue;
        }
        let dup = duplicated.next_if(|l| **l == line).is_some();
        let claimed = p
            .claimed
            .get(line as usize)
            .is_some_and(|c| c.load(Ordering::Relaxed));
        // Only what is reported is read again.
        if *len == 0 || (claimed && !dup) {
            continue;
        }
        let Ok(record) = p.read(line, Some(&keep)) else {
            continue;
        };
        let key = p.key.provider_key(&record);
        if dup {
            let k = key.unwrap_or_default();
            let all = match p.index.get(&p.key.normalize(&k)) {
                Lookup::Many(all) => all,
                _ => vec![line],
            };
            let why = match duplicate_provider_key(&p.key, &k, &all) {
                PlanAction::Failed { errors } => errors.into_iter().next().map(|e| e.message),
                _ => None,
            };
            let v = json!({"provider_line": line + 1, "action": "failed", "key": k,
                           "errors": [{"error": why.unwrap_or_default()}]});
            emit(&v, &failed_line)?;
            continue;
        }
        let o = Orphan {
            provider_line: line as usize + 1,
            id: record.get("id").and_then(id_text),
            key,
        };
        emit(&o.to_json(), &orphan)?;
    }
    out.flush().map_err(Stop::from_error)
}
