//! What a native function can reach besides its arguments: the run's memory
//! and work budgets and its clock.

use crate::error::ErrorKind;
use crate::runtime::value::Value;
use chrono::{DateTime, Utc};

/// Bytes of string scanned, compared, parsed or built per work unit
/// (docs/language.md, Limits). An instruction is one unit, an element of an
/// array or map touched is one unit.
pub const BYTES_PER_UNIT: usize = 16;

/// Work units for touching `n` bytes of text.
#[inline]
pub fn byte_units(n: usize) -> u64 {
    (n / BYTES_PER_UNIT) as u64
}

/// Work units for touching a value once, shallowly: its bytes (strings),
/// or its elements (arrays, maps); scalars cost nothing beyond the instruction.
#[inline]
pub fn size_units(v: &Value<'_>) -> u64 {
    match v {
        Value::Str(s) => byte_units(s.len()),
        Value::Bytes(b) => byte_units(b.len()),
        Value::Array(a) => a.len() as u64,
        Value::Map(m) => m.len() as u64,
        _ => 0,
    }
}

/// Work units for a builtin's argument or result: a unit per 4 bytes of
/// text (builtins walk text a character at a time: `split`, `upper`,
/// `indexOf`'s character count), a unit per element.
#[inline]
pub fn call_units(v: &Value<'_>) -> u64 {
    match v {
        Value::Str(s) => (s.len() / 4) as u64,
        Value::Bytes(b) => (b.len() / 4) as u64,
        other => size_units(other),
    }
}

/// [`call_units`] for what a builtin made: a value it returns from its
/// arguments or the record (`get(#, 'id')`) was not built and costs nothing.
#[inline]
pub fn made_units(v: &Value<'_>) -> u64 {
    use crate::runtime::value::{Array, Map, Str};
    match v {
        Value::Str(Str::Owned(s)) => (s.len() / 4) as u64,
        Value::Bytes(b) => (b.len() / 4) as u64,
        Value::Array(Array::Owned(a) | Array::Pair(a) | Array::Pairs(a)) => a.len() as u64,
        Value::Map(Map::Owned(m) | Map::Groups(m)) => m.len() as u64,
        _ => 0,
    }
}

/// What a native builtin can reach besides its arguments.
pub struct Ctx<'r> {
    /// Memory budget units left for this run (docs/language.md, Limits).
    pub memory: &'r mut u64,
    /// Work units left for this run (docs/language.md, Limits).
    pub work: &'r mut u64,
    /// The clock `now()` reads.
    pub now: &'r dyn Fn() -> DateTime<Utc>,
}

/// Budgets for a call outside any program's run (the optimizer folding
/// constants, the admin checks probing a builtin with nil): work unlimited,
/// 1 MiB of memory, and a clock fixed at the Unix epoch, so what such a call
/// gives never depends on when it was made.
pub struct Scratch {
    memory: u64,
    work: u64,
}

impl Default for Scratch {
    fn default() -> Self {
        Scratch {
            memory: 1 << 20,
            work: u64::MAX,
        }
    }
}

fn epoch() -> DateTime<Utc> {
    DateTime::<Utc>::UNIX_EPOCH
}

impl Scratch {
    /// The context for one such call.
    pub fn ctx(&mut self) -> Ctx<'_> {
        Ctx {
            memory: &mut self.memory,
            work: &mut self.work,
            now: &epoch,
        }
    }
}

impl Ctx<'_> {
    /// Takes `units` from the memory budget, failing with `memory budget exceeded`.
    pub fn charge(&mut self, units: usize) -> Result<(), ErrorKind> {
        let units = units as u64;
        if units > *self.memory {
            *self.memory = 0;
            return Err(ErrorKind::MemoryBudget);
        }
        *self.memory -= units;
        Ok(())
    }

    /// Takes `units` from the work budget, failing with `work budget
    /// exceeded` (the VM names the limit and the instruction).
    #[inline]
    pub fn work(&mut self, units: u64) -> Result<(), ErrorKind> {
        if units > *self.work {
            *self.work = 0;
            return Err(ErrorKind::WorkBudget(0));
        }
        *self.work -= units;
        Ok(())
    }

    /// [`Ctx::work`] for touching `n` bytes of text.
    #[inline]
    pub fn work_bytes(&mut self, n: usize) -> Result<(), ErrorKind> {
        self.work(byte_units(n))
    }
}

/// A work allowance shared by several runs, and what they used: one record's
/// mapping entries draw from one meter, so the sum over entries is bounded
/// ([`Program::run_roots_metered`](crate::Program::run_roots_metered)).
///
/// ```
/// use scimexpr::{Program, WorkMeter};
/// use serde_json::json;
///
/// let p = Program::compile("upper(jcUser.name)")?;
/// let user = json!({"name": "ada"});
/// let mut meter = WorkMeter::new(Some(1_000));
/// p.run_roots_metered(&[("jcUser", &user)], &mut meter)?;
/// assert!(meter.used() > 0 && meter.used() < 100);
/// # Ok::<(), scimexpr::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkMeter {
    limit: Option<u64>,
    used: u64,
}

impl WorkMeter {
    /// A meter allowing `limit` units in all (`None`: only each program's own budget).
    pub fn new(limit: Option<u64>) -> WorkMeter {
        WorkMeter { limit, used: 0 }
    }

    /// The units all runs on this meter may use together, if limited.
    pub fn limit(&self) -> Option<u64> {
        self.limit
    }

    /// Units used so far.
    pub fn used(&self) -> u64 {
        self.used
    }

    /// Units left (`u64::MAX` when unlimited).
    pub fn left(&self) -> u64 {
        self.limit.map_or(u64::MAX, |l| l.saturating_sub(self.used))
    }

    /// Records `units` as used.
    pub fn add(&mut self, units: u64) {
        self.used = self.used.saturating_add(units);
    }
}
