//! The stack machine that runs a [`Program`].
//!
//! Values borrow from the program (constants) and from the record (JSON), both
//! for the lifetime `'a` of the run's inputs: reading `jcUser.emails[0].value`
//! copies no JSON. The VM never recurses; predicate builtins are loops over a
//! stack of [`Loop`] frames. A [`Vm`] keeps its buffers between runs, so
//! repeated runs allocate only for the values they compute.

use crate::bytecode::{Const, Op};
use crate::compile::Program;
use crate::error::{ErrorKind, SpannedError};
use crate::functions::{Ctx, Imp, PredicateKind, BUILTINS};
use crate::runtime::ctx::{byte_units, call_units, made_units, size_units, WorkMeter};
use crate::runtime::ops;
use crate::runtime::value::{Key, Str, Value};
use crate::span::Span;
use crate::syntax::ast::BinaryOp;
use indexmap::IndexMap;
use serde_json::Value as Json;
use std::cmp::Ordering;
use std::rc::Rc;

/// Where a run's root variables come from.
#[derive(Clone, Copy)]
pub enum Env<'a, 'r> {
    /// A JSON object whose keys are the roots.
    Object(&'a serde_json::Map<String, Json>),
    /// Named roots.
    Roots(&'r [(&'r str, &'a Json)]),
}

/// The state of one predicate loop (`map`, `filter`, …).
struct Loop<'a> {
    kind: PredicateKind,
    items: Value<'a>,
    len: usize,
    /// Forward: the next index; backward: how many are left.
    next: usize,
    reverse: bool,
    index: usize,
    elem: Value<'a>,
    acc: Value<'a>,
    count: i64,
    out: Vec<Value<'a>>,
    keys: Vec<Value<'a>>,
    groups: Option<IndexMap<Key<'a>, Vec<Value<'a>>>>,
    desc: bool,
}

/// A reusable machine: its buffers survive between runs.
#[derive(Default)]
pub struct Vm {
    /// Roots, then `let` slots, then operands, in one buffer.
    stack: Vec<Value<'static>>,
    loops: Vec<Loop<'static>>,
    regexes: RegexCache,
    /// Where short string concatenations are assembled (see `Op::Binary`).
    scratch: String,
}

/// Empties a buffer and gives it back with another lifetime, keeping its
/// allocation.
///
/// The safe way to do this, an in-place `collect` of the emptied vector, is
/// left out of line by LLVM inside `run_into` and then costs ~68 instructions
/// per run, more than a short expression's whole run: `valgrind
/// --tool=callgrind target/release/examples/profile eval 5 20000` counts
/// 17,780,498 instructions with it and 16,140,529 without.
#[allow(unsafe_code)]
#[inline]
fn recycle<'x, 'y>(mut v: Vec<Value<'x>>) -> Vec<Value<'y>> {
    truncate(&mut v, 0);
    let mut v = std::mem::ManuallyDrop::new(v);
    let (ptr, cap) = (v.as_mut_ptr(), v.capacity());
    // SAFETY: `v` is empty, so no value of lifetime `'x` survives into the
    // result. `Value<'x>` and `Value<'y>` are the same type up to a lifetime,
    // so size and alignment agree, and `ptr`/`cap` come from a `Vec` of that
    // type from the global allocator, which `ManuallyDrop` keeps from freeing.
    unsafe { Vec::from_raw_parts(ptr.cast::<Value<'y>>(), 0, cap) }
}

#[allow(clippy::unnecessary_filter_map)]
#[inline]
fn recycle_loops<'x, 'y>(mut v: Vec<Loop<'x>>) -> Vec<Loop<'y>> {
    if v.capacity() == 0 {
        return Vec::new();
    }
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

/// Compiled dynamic patterns, each with whether this run has been charged for it.
type RegexCache = Vec<(Box<str>, regex::Regex, bool)>;

/// How many compiled dynamic patterns a VM keeps.
const REGEX_CACHE: usize = 32;

/// Memory budget units charged for compiling a pattern built at run time.
const REGEX_COMPILE_UNITS: usize = 10_000;

impl Vm {
    /// A machine with empty buffers.
    pub const fn new() -> Vm {
        Vm {
            stack: Vec::new(),
            loops: Vec::new(),
            regexes: Vec::new(),
            scratch: String::new(),
        }
    }

    /// Runs `program` against `env`.
    pub fn run<'a>(
        &mut self,
        program: &'a Program,
        env: Env<'a, '_>,
    ) -> Result<Value<'a>, SpannedError> {
        let mut out = Value::Nil;
        self.run_into(program, env, &mut out).map_err(|e| *e)?;
        Ok(out)
    }

    /// [`Vm::run`], leaving the result in `out`. Returning a value through
    /// several calls copies it each time, and the first copy after it was
    /// written field by field stalls on store forwarding; an out slot is
    /// written once. The error is boxed so that success returns in a register.
    pub fn run_into<'a>(
        &mut self,
        program: &'a Program,
        env: Env<'a, '_>,
        out: &mut Value<'a>,
    ) -> Result<(), Box<SpannedError>> {
        self.run_metered(program, env, out, None)
    }

    /// [`Vm::run_into`], drawing work from `meter` as well as from the
    /// program's own work budget (whichever is smaller binds), and adding the
    /// work done to it.
    pub fn run_metered<'a>(
        &mut self,
        program: &'a Program,
        env: Env<'a, '_>,
        out: &mut Value<'a>,
        meter: Option<&mut WorkMeter>,
    ) -> Result<(), Box<SpannedError>> {
        // `Value<'static>` is a subtype of `Value<'a>`: taking the buffers is free;
        // only giving them back needs `recycle`.
        for entry in &mut self.regexes {
            entry.2 = false;
        }
        let mut stack: Vec<Value<'a>> = std::mem::take(&mut self.stack);
        let mut loops: Vec<Loop<'a>> = std::mem::take(&mut self.loops);
        for name in program.roots() {
            let v = match env {
                Env::Object(m) => m.get(&**name),
                Env::Roots(rs) => rs.iter().find(|(n, _)| same_name(n, name)).map(|(_, j)| *j),
            };
            push(&mut stack, v.map_or_else(Value::default, Value::from_json));
        }
        let nroots = stack.len();
        if program.locals() > 0 {
            stack.resize(nroots + program.locals(), Value::Nil);
        }
        let env_value = if program.uses_env() {
            match env {
                Env::Object(m) => Value::Map(crate::runtime::value::Map::Json(m)),
                Env::Roots(rs) => {
                    let mut m = IndexMap::with_capacity(rs.len());
                    for (n, j) in rs {
                        m.entry(Key::Str(Str::Owned((*n).into())))
                            .or_insert_with(|| Value::from_json(j));
                    }
                    Value::map(m)
                }
            }
        } else {
            Value::Nil
        };
        let own = program.options().work_budget.unwrap_or(u64::MAX);
        let shared = meter.as_ref().map_or(u64::MAX, |m| m.left());
        let allowance = if shared < own {
            Allowance {
                units: shared,
                limit: meter.as_ref().and_then(|m| m.limit()).unwrap_or(0),
                record: true,
            }
        } else {
            Allowance {
                units: own,
                limit: own,
                record: false,
            }
        };
        let mut left = allowance.units;
        let result = exec(
            program,
            &mut stack,
            nroots,
            &mut loops,
            &env_value,
            &mut self.regexes,
            &mut self.scratch,
            &allowance,
            &mut left,
        );
        if let Some(m) = meter {
            m.add(allowance.units - left);
        }
        // The result is the top of the stack.
        let result = result.and_then(|()| {
            let Some(v) = stack.last() else {
                return Ok(());
            };
            // Whatever the host does next with the result (to_json, printing)
            // walks it, so it must be shallow and small once expanded.
            let limit = program.options().memory_budget.max(MIN_RESULT_NODES);
            v.check_shape(crate::runtime::format::MAX_JSON_DEPTH, limit)
                .map_err(|kind| Box::new(kind.at(crate::span::Span::new(0, 0))))?;
            if let Some(v) = stack.pop() {
                replace(out, v);
            }
            Ok(())
        });
        discard(env_value);
        self.stack = recycle(stack);
        if loops.capacity() > 0 {
            self.loops = recycle_loops(loops);
        }
        result
    }
}

/// What a value allocated, for the memory budget: the bytes of an owned
/// string, the elements of an owned array or map (borrowed values: nothing).
fn owned_size(v: &Value<'_>) -> usize {
    match v {
        Value::Str(crate::runtime::value::Str::Owned(s)) => s.len(),
        Value::Array(
            crate::runtime::value::Array::Owned(a)
            | crate::runtime::value::Array::Pair(a)
            | crate::runtime::value::Array::Pairs(a),
        ) => a.len(),
        Value::Map(
            crate::runtime::value::Map::Owned(m) | crate::runtime::value::Map::Groups(m),
        ) => m.len(),
        Value::Bytes(b) => b.len(),
        _ => 0,
    }
}

/// Longest concatenation assembled in the machine's buffer (which therefore
/// never grows beyond this).
const CONCAT_SCRATCH: usize = 256;

/// Elements a result may have when expanded even under a small memory budget:
/// a host's record returned whole is not a computed value.
const MIN_RESULT_NODES: u64 = 1_000_000;

fn cannot_iterate(v: &Value<'_>) -> ErrorKind {
    ErrorKind::InvalidOperation(format!(
        "cannot iterate over {}",
        crate::functions::go_type(v)
    ))
}

/// expr loops over a map `len(map)` times (reflect's `Len` works on maps) and fails
/// only when an element is fetched (reflect's `Index` does not): `findLastIndex($env,
/// true)` is 4, `find($env, true)` an error.
fn unfetchable(items: &Value<'_>) -> Result<(), ErrorKind> {
    match items {
        Value::Map(_) => Err(ErrorKind::InvalidOperation(format!(
            "cannot fetch an element of {} by index",
            crate::functions::go_type(items)
        ))),
        _ => Ok(()),
    }
}

fn element<'a>(items: &Value<'a>, i: usize) -> Value<'a> {
    match items {
        Value::Array(a) => a.get(i).unwrap_or_default(),
        Value::Str(s) => s
            .as_bytes()
            .get(i)
            .map_or_else(Value::default, |b| Value::Uint8(*b)),
        Value::Bytes(b) => b.get(i).map_or_else(Value::default, |x| Value::Uint8(*x)),
        _ => Value::Nil,
    }
}

fn begin_loop<'a>(
    kind: PredicateKind,
    coll: Value<'a>,
    extra: Option<Value<'a>>,
) -> Result<Loop<'a>, ErrorKind> {
    use PredicateKind as P;
    let len = match &coll {
        Value::Array(a) => a.len(),
        Value::Str(s) => s.len(),
        Value::Bytes(b) => b.len(),
        Value::Map(m) => m.len(),
        other => return Err(cannot_iterate(other)),
    };
    let mut lp = Loop {
        kind,
        items: coll,
        len,
        next: 0,
        reverse: false,
        index: 0,
        elem: Value::Nil,
        acc: Value::Nil,
        count: 0,
        out: Vec::new(),
        keys: Vec::new(),
        groups: None,
        desc: false,
    };
    match kind {
        P::All | P::None => lp.acc = Value::Bool(true),
        P::Any => lp.acc = Value::Bool(false),
        P::Sum => lp.acc = Value::Int(0),
        P::FindLast | P::FindLastIndex => {
            lp.reverse = true;
            lp.next = len;
            // As for `find` below.
            lp.keys.extend(extra);
        }
        P::Reduce => match extra {
            Some(init) => lp.acc = init,
            None => {
                if len == 0 {
                    return Err(ErrorKind::Function(
                        "reduce of empty array with no initial value".into(),
                    ));
                }
                unfetchable(&lp.items)?;
                lp.acc = element(&lp.items, 0);
                lp.next = 1;
            }
        },
        P::SortBy => {
            if let Some(order) = extra {
                lp.desc = match order.as_str() {
                    Some("asc") => false,
                    Some("desc") => true,
                    Some(_) => {
                        return Err(ErrorKind::Function("unknown order, use asc or desc".into()))
                    }
                    None => {
                        return Err(ErrorKind::Function(
                            "sortBy order argument must be a string".into(),
                        ))
                    }
                };
            }
        }
        P::GroupBy => lp.groups = Some(IndexMap::new()),
        // The optimizer's threshold (`count(xs, p) > 2`): the loop may stop there.
        P::Count => lp.acc = extra.unwrap_or_default(),
        // The optimizer's `filter(xs, p)[0]` (`[-1]`): the index, raised if
        // nothing is found.
        P::Find => lp.keys.extend(extra),
        _ => {}
    }
    Ok(lp)
}

/// Feeds one predicate value to the loop; `true` means the loop is finished.
#[inline(never)]
fn step<'a>(lp: &mut Loop<'a>, v: Value<'a>, ctx: &mut Ctx<'_>) -> Result<bool, ErrorKind> {
    use PredicateKind as P;
    match lp.kind {
        P::All | P::None | P::Any => {
            let b = ops::expect_bool(&v)?;
            let stop = match lp.kind {
                P::All => !b,
                _ => b,
            };
            if stop {
                lp.acc = Value::Bool(lp.kind == P::Any);
                return Ok(true);
            }
        }
        P::One | P::Count => {
            if ops::expect_bool(&v)? {
                lp.count += 1;
                if matches!(lp.acc, Value::Int(t) if lp.count >= t) {
                    return Ok(true);
                }
            }
        }
        P::Filter => {
            if ops::expect_bool(&v)? {
                unfetchable(&lp.items)?;
                ctx.charge(1)?;
                lp.out.push(lp.elem.clone());
            }
        }
        P::Map => {
            ctx.charge(1)?;
            lp.out.push(v);
        }
        P::Find | P::FindLast => {
            if ops::expect_bool(&v)? {
                unfetchable(&lp.items)?;
                lp.acc = lp.elem.clone();
                lp.count = 1;
                return Ok(true);
            }
        }
        P::FindIndex | P::FindLastIndex => {
            if ops::expect_bool(&v)? {
                lp.acc = Value::Int(lp.index as i64);
                return Ok(true);
            }
        }
        P::Sum => {
            let acc = std::mem::take(&mut lp.acc);
            lp.acc = ops::arith(BinaryOp::Add, acc, v)?;
        }
        P::GroupBy => {
            let key = Key::from_value(&v).ok_or_else(|| {
                ErrorKind::Function(format!(
                    "cannot use {} as a key for groupBy: type is not comparable",
                    crate::functions::go_type(&v)
                ))
            })?;
            // Each element lands in a group, as `filter` keeps it: one unit.
            unfetchable(&lp.items)?;
            ctx.charge(1)?;
            // The key is hashed and compared with the group's.
            key_work(ctx, &v, 2)?;
            if let Some(g) = lp.groups.as_mut() {
                g.entry(key).or_default().push(lp.elem.clone());
            }
        }
        P::SortBy => {
            unfetchable(&lp.items)?;
            ctx.charge(1)?;
            // Each key takes part in about log2 n comparisons.
            let n = lp.len as u64;
            key_work(ctx, &v, u64::from(n.max(1).ilog2() + 1))?;
            lp.keys.push(v);
            lp.out.push(lp.elem.clone());
        }
        P::Reduce => lp.acc = v,
    }
    Ok(false)
}

/// `times` the work units of touching `key` (kept out of `step`, which the
/// dispatch loop inlines).
#[inline(never)]
fn key_work(ctx: &mut Ctx<'_>, key: &Value<'_>, times: u64) -> Result<(), ErrorKind> {
    ctx.work(size_units(key).saturating_mul(times))
}

fn finish<'a>(lp: Loop<'a>) -> Result<Value<'a>, ErrorKind> {
    use PredicateKind as P;
    Ok(match lp.kind {
        P::One => Value::Bool(lp.count == 1),
        P::Count => Value::Int(lp.count),
        P::Filter | P::Map => Value::array(lp.out),
        P::GroupBy => {
            let groups = lp.groups.unwrap_or_default();
            // Go's `map[any][]any`: a missing key reads as a typed nil.
            Value::Map(crate::runtime::value::Map::Groups(Rc::new(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, Value::array(v)))
                    .collect(),
            )))
        }
        P::SortBy => {
            let mut order: Vec<usize> = (0..lp.out.len()).collect();
            let mut err = None;
            order.sort_by(|&i, &j| {
                let (Some(a), Some(b)) = (lp.keys.get(i), lp.keys.get(j)) else {
                    return Ordering::Equal;
                };
                match ops::compare(a, b) {
                    Ok(o) if lp.desc => o.reverse(),
                    Ok(o) => o,
                    Err(e) => {
                        err.get_or_insert(e);
                        Ordering::Equal
                    }
                }
            });
            if let Some(e) = err {
                return Err(e);
            }
            Value::array(
                order
                    .into_iter()
                    .filter_map(|i| lp.out.get(i).cloned())
                    .collect(),
            )
        }
        P::Find | P::FindLast if lp.count == 0 => match lp.keys.first() {
            Some(Value::Int(i)) => {
                return Err(ErrorKind::IndexOutOfRange { index: *i, len: 0 });
            }
            _ => lp.acc,
        },
        _ => lp.acc,
    })
}

fn regex_for<'r>(
    cache: &'r mut RegexCache,
    pattern: &str,
    ctx: &mut Ctx<'_>,
) -> Result<&'r regex::Regex, ErrorKind> {
    // Compiling can take milliseconds (up to the size limit) for a short
    // pattern, and a loop can build a new pattern each time: each distinct
    // pattern is charged once per run, whether or not an earlier run left it
    // compiled (so results never depend on what ran before), and a run uses at
    // most a hundred or so.
    let cost = REGEX_COMPILE_UNITS.saturating_add(pattern.len());
    let pos = match cache.iter().position(|(p, _, _)| &**p == pattern) {
        Some(i) => {
            if let Some(entry) = cache.get_mut(i) {
                if !entry.2 {
                    ctx.charge(cost)?;
                    ctx.work(cost as u64)?;
                    entry.2 = true;
                }
            }
            i
        }
        None => {
            ctx.charge(cost)?;
            ctx.work(cost as u64)?;
            let re = ops::compile_regex(pattern)?;
            if cache.len() >= REGEX_CACHE {
                cache.remove(0);
            }
            cache.push((Box::from(pattern), re, true));
            cache.len() - 1
        }
    };
    cache
        .get(pos)
        .map(|(_, re, _)| re)
        .ok_or_else(|| ErrorKind::Regex("cache".into()))
}

#[inline]
fn pop<'a>(stack: &mut Vec<Value<'a>>) -> Value<'a> {
    stack.pop().unwrap_or_default()
}

/// `a == b` for root names, without a call to `memcmp` for the short ones
/// (every run compares each root it reads with the names it is given).
#[inline(always)]
fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let n = a.len();
    // Two overlapping words cover 8..=16 bytes, two half words 4..8.
    let word = |s: &[u8], at: usize| {
        s.get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(u64::from_ne_bytes)
    };
    let half = |s: &[u8], at: usize| {
        s.get(at..at + 4)
            .and_then(|w| <[u8; 4]>::try_from(w).ok())
            .map(u32::from_ne_bytes)
    };
    match n {
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        4..=7 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        _ => a == b,
    }
}

/// Drops a value. The drop glue of [`Value`] is an out-of-line call (~20
/// instructions) even for the scalars and borrowed views that make up most of
/// the stack; only values that own an allocation need it.
#[inline(always)]
fn discard(v: Value<'_>) {
    if owns(&v) {
        drop(v);
    } else {
        // Nothing to free: the variant holds no `Rc`.
        std::mem::forget(v);
    }
}

/// Whether dropping `v` frees or releases anything. Exhaustive on purpose: a
/// new variant must say whether it owns (forgetting one that does would leak).
#[inline(always)]
fn owns(v: &Value<'_>) -> bool {
    use crate::runtime::value::{Array, Map};
    match v {
        Value::Str(Str::Owned(_))
        | Value::Array(Array::Owned(_) | Array::Pair(_) | Array::Pairs(_))
        | Value::Map(Map::Owned(_) | Map::Groups(_))
        | Value::Bytes(_)
        | Value::Time(_) => true,
        Value::Nil
        | Value::Bool(_)
        | Value::Int(_)
        | Value::Uint8(_)
        | Value::Float(_)
        | Value::Duration(_)
        | Value::Location(_)
        | Value::Str(Str::Borrowed(_))
        | Value::Array(Array::Json(_) | Array::Nil)
        | Value::Map(Map::Json(_)) => false,
    }
}

/// Pops a value just checked to own nothing (a bool, nil): only the length
/// changes. Popping it as a value would load it whole, and right after its
/// payload was stored narrower (a bool's byte) that load stalls on store
/// forwarding.
#[inline(always)]
fn pop_plain(stack: &mut Vec<Value<'_>>) {
    debug_assert!(!stack.last().is_some_and(owns));
    if let Some(v) = stack.pop() {
        std::mem::forget(v);
    }
}

/// Pops and drops the values above `len`.
#[inline(always)]
fn truncate(stack: &mut Vec<Value<'_>>, len: usize) {
    while stack.len() > len {
        if let Some(v) = stack.pop() {
            discard(v);
        }
    }
}

/// `stack.push(v)`, with the growing out of line: when the grow call sits in
/// the hot path, the value is built in memory field by field before it and
/// copied whole after it, and that copy stalls on store forwarding.
#[inline(always)]
fn push<'a>(stack: &mut Vec<Value<'a>>, v: Value<'a>) {
    if stack.len() < stack.capacity() {
        stack.push(v);
    } else {
        push_growing(stack, v);
    }
}

#[cold]
#[inline(never)]
fn push_growing<'a>(stack: &mut Vec<Value<'a>>, v: Value<'a>) {
    stack.push(v);
}

/// Overwrites `slot`, dropping what it held.
#[inline(always)]
fn replace<'a>(slot: &mut Value<'a>, v: Value<'a>) {
    discard(std::mem::replace(slot, v));
}

/// Per-run counters and the inputs the rare instructions need.
struct RunState<'p> {
    program: &'p Program,
    memory: u64,
    /// Work units left, while a builtin or operator runs (the dispatch loop
    /// keeps its own count in a register and hands it over around calls).
    work: u64,
}

impl RunState<'_> {
    fn ctx(&mut self) -> Ctx<'_> {
        Ctx {
            memory: &mut self.memory,
            work: &mut self.work,
            now: self.program.clock(),
        }
    }
}

/// The work a run may do, and the error it gets when that runs out: the
/// program's own budget, or the record's when a meter leaves less.
struct Allowance {
    units: u64,
    /// The limit named in the error.
    limit: u64,
    /// Whether it is the record's (a meter's) rather than the program's.
    record: bool,
}

impl Allowance {
    /// The error for running out.
    #[cold]
    fn exceeded(&self) -> ErrorKind {
        if self.record {
            ErrorKind::RecordWorkBudget(self.limit)
        } else {
            ErrorKind::WorkBudget(self.limit)
        }
    }
}

/// The error a run reports: running out of work is named after the budget
/// that bound ([`Allowance`]).
#[cold]
fn budget_error(k: ErrorKind, allowance: &Allowance) -> ErrorKind {
    match k {
        ErrorKind::WorkBudget(_) => allowance.exceeded(),
        other => other,
    }
}

#[allow(clippy::too_many_arguments)]
#[inline(always)]
fn exec<'a>(
    program: &'a Program,
    stack: &mut Vec<Value<'a>>,
    nroots: usize,
    loops: &mut Vec<Loop<'a>>,
    env_value: &Value<'a>,
    regexes: &mut RegexCache,
    scratch: &mut String,
    allowance: &Allowance,
    left: &mut u64,
) -> Result<(), Box<SpannedError>> {
    let code = program.code();
    let ops_ = code.ops.as_slice();
    let consts = code.consts.as_slice();
    let mut budget = allowance.units;
    let mut rs = RunState {
        program,
        memory: program.options().memory_budget,
        work: 0,
    };
    let mut pc = 0usize;
    macro_rules! tri {
        ($e:expr) => {
            match $e {
                Ok(v) => v,
                Err(k) => {
                    *left = budget;
                    return Err(fail(program, budget_error(k, allowance), pc - 1));
                }
            }
        };
    }
    // Work beyond the instruction itself, charged where the dispatch loop
    // does it (`w` units for the instruction just decoded).
    macro_rules! work {
        ($w:expr) => {
            let w: u64 = $w;
            if w != 0 {
                if w > budget {
                    *left = 0;
                    return Err(fail(program, allowance.exceeded(), pc - 1));
                }
                budget -= w;
            }
        };
    }
    // A call that may charge work through `Ctx`: the count goes over and back.
    macro_rules! with_rs {
        ($e:expr) => {{
            rs.work = budget;
            let r = $e;
            budget = rs.work;
            r
        }};
    }
    while let Some(&op) = ops_.get(pc) {
        if budget == 0 {
            *left = 0;
            return Err(fail(program, allowance.exceeded(), pc));
        }
        budget -= 1;
        pc += 1;
        match op {
            Op::Const(n) => push(
                stack,
                consts
                    .get(n as usize)
                    .map_or_else(Value::default, Const::value),
            ),
            Op::LoadRoot(n) => {
                let v = stack.get(n as usize).cloned().unwrap_or_default();
                push(stack, v);
            }
            Op::LoadEnv => push(stack, env_value.clone()),
            Op::LoadLocal(n) => {
                let v = stack.get(nroots + n as usize).cloned().unwrap_or_default();
                push(stack, v);
            }
            Op::StoreLocal(n) => {
                let v = pop(stack);
                if let Some(slot) = stack.get_mut(nroots + n as usize) {
                    *slot = v;
                }
            }
            Op::Pop => {
                if let Some(v) = stack.pop() {
                    discard(v);
                }
            }
            Op::Fetch(n) => {
                let name = match consts.get(n as usize) {
                    Some(Const::Str(s)) => &**s,
                    _ => "",
                };
                work!(byte_units(name.len()));
                let top = stack.last_mut();
                match top {
                    Some(Value::Map(m)) => {
                        let v = m.get(name).unwrap_or_else(|| m.missing());
                        if let Some(top) = stack.last_mut() {
                            replace(top, v);
                        }
                    }
                    _ => {
                        let obj = pop(stack);
                        push(stack, tri!(ops::fetch_field(&obj, name)));
                    }
                }
            }
            Op::FetchRoot(r, n) => {
                let name = match consts.get(n as usize) {
                    Some(Const::Str(s)) => &**s,
                    _ => "",
                };
                work!(byte_units(name.len()));
                let v = match stack.get(r as usize) {
                    Some(Value::Map(m)) => m.get(name).unwrap_or_else(|| m.missing()),
                    Some(other) => tri!(ops::fetch_field(other, name)),
                    None => Value::Nil,
                };
                push(stack, v);
            }
            Op::Index => {
                let idx = pop(stack);
                let obj = pop(stack);
                if let Value::Str(key) = &idx {
                    work!(byte_units(key.len()));
                }
                push(stack, tri!(ops::fetch_index(&obj, &idx)));
            }
            Op::Jump(t) => pc = t as usize,
            Op::JumpIfFalse(t) => {
                let c = match stack.last() {
                    Some(Value::Bool(b)) => *b,
                    other => tri!(ops::expect_bool(other.unwrap_or(&Value::Nil))),
                };
                pop_plain(stack);
                if !c {
                    pc = t as usize;
                }
            }
            Op::AndJump(t) => {
                let b = tri!(ops::expect_bool(stack.last().unwrap_or(&Value::Nil)));
                if b {
                    pop_plain(stack);
                } else {
                    pc = t as usize;
                }
            }
            Op::OrJump(t) => {
                let b = tri!(ops::expect_bool(stack.last().unwrap_or(&Value::Nil)));
                if b {
                    pc = t as usize;
                } else {
                    pop_plain(stack);
                }
            }
            Op::JumpIfNotNil(t) => {
                if stack.last().is_some_and(|v| !v.is_go_nil()) {
                    pc = t as usize;
                } else {
                    pop_plain(stack);
                }
            }
            Op::JumpIfNil(t) => {
                if stack.last().is_none_or(Value::is_go_nil) {
                    pc = t as usize;
                }
            }
            Op::Not => {
                let v = pop(stack);
                push(stack, Value::Bool(tri!(ops::not(&v))));
            }
            Op::Plus => {}
            Op::Binary(bop) => {
                // The hot cases read their operands where they are (moving a
                // value just written to the stack stalls on store forwarding).
                let n = stack.len();
                let fast = match (bop, stack.get(n.wrapping_sub(2)), stack.last()) {
                    (BinaryOp::Eq | BinaryOp::Ne, Some(a), Some(b)) => {
                        let (eq, w) = ops::equal_work(a, b);
                        work!(w);
                        Some(Value::Bool(eq == (bop == BinaryOp::Eq)))
                    }
                    // Short strings are joined in a buffer the machine keeps,
                    // so the result is one allocation with no UTF-8 check.
                    (BinaryOp::Add, Some(Value::Str(x)), Some(Value::Str(y)))
                        if x.len() + y.len() <= CONCAT_SCRATCH =>
                    {
                        // As `ops::binary` charges it.
                        tri!(rs.ctx().charge(x.len() + y.len()));
                        scratch.clear();
                        scratch.push_str(x);
                        scratch.push_str(y);
                        let skip = join_next(ops_, pc, consts, stack, scratch, &mut rs, budget);
                        pc += skip;
                        budget -= skip as u64;
                        Some(Value::Str(Str::Owned(Rc::from(scratch.as_str()))))
                    }
                    _ => None,
                };
                match fast {
                    Some(r) => {
                        truncate(stack, n - 2);
                        push(stack, r);
                    }
                    None => {
                        let b = pop(stack);
                        let a = pop(stack);
                        push(stack, tri!(with_rs!(ops::binary(&mut rs.ctx(), bop, a, b))));
                    }
                }
            }
            Op::MatchConst(n) => {
                let s = pop(stack);
                // A pattern may cost many steps per byte: one unit per byte.
                work!(s.as_str().map_or(0, |s| s.len() as u64));
                let r = match code.regexes.get(n as usize) {
                    Some(re) => tri!(ops::matches(&s, re)),
                    None => false,
                };
                push(stack, Value::Bool(r));
            }
            Op::LoopNext(t) => {
                let Some(lp) = loops.last_mut() else {
                    pc = t as usize;
                    continue;
                };
                let i = if lp.reverse {
                    if lp.next == 0 {
                        pc = t as usize;
                        continue;
                    }
                    lp.next -= 1;
                    lp.next
                } else {
                    if lp.next >= lp.len {
                        pc = t as usize;
                        continue;
                    }
                    lp.next += 1;
                    lp.next - 1
                };
                lp.index = i;
                lp.elem = element(&lp.items, i);
            }
            Op::LoopStep(_, t) => {
                let v = pop(stack);
                if let Some(lp) = loops.last_mut() {
                    if tri!(with_rs!(step(lp, v, &mut rs.ctx()))) {
                        pc = t as usize;
                    }
                }
            }
            Op::PtrElem => {
                if let Some(l) = loops.last() {
                    tri!(unfetchable(&l.items));
                }
                push(
                    stack,
                    loops.last().map_or_else(Value::default, |l| l.elem.clone()),
                )
            }
            Op::PtrIndex => push(
                stack,
                loops
                    .last()
                    .map_or_else(Value::default, |l| Value::Int(l.index as i64)),
            ),
            Op::PtrAcc => push(
                stack,
                loops.last().map_or_else(Value::default, |l| l.acc.clone()),
            ),
            Op::CallTest { idx } => {
                let test = program.functions().get(idx as usize).and_then(|f| f.test);
                match (test, stack.last_mut()) {
                    (Some(test), Some(top)) => {
                        let b = test(top);
                        replace(top, Value::Bool(b));
                    }
                    _ => tri!(Err(ErrorKind::Function("unknown host function".into()))),
                }
            }
            // In the loop, not in `rare`: `notNullOrEmpty` and the `toScim…`
            // functions are in nearly every mapping expression.
            Op::CallHost { idx, argc } => {
                let base = stack.len().saturating_sub(argc as usize);
                work!(stack
                    .get(base..)
                    .unwrap_or(&[])
                    .iter()
                    .map(size_units)
                    .sum());
                let r = match program.functions().get(idx as usize) {
                    Some(f) => (f.f)(stack.get(base..).unwrap_or(&[])),
                    None => Err(ErrorKind::Function("unknown host function".into())),
                };
                truncate(stack, base);
                push(stack, tri!(r));
            }
            other => tri!(with_rs!(rare(other, stack, loops, regexes, &mut rs))),
        }
    }
    *left = budget;
    Ok(())
}

/// `a + ' ' + b`: after `a + ' '` was assembled in `scratch`, if the next two
/// instructions push a string (in a way that cannot fail) and add it, joins it
/// too, making the charge the second addition would make, and returns the
/// number of instructions it took over (0 or 2). Saves the middle string.
#[inline(never)]
fn join_next<'a>(
    ops_: &[Op],
    pc: usize,
    consts: &'a [Const],
    stack: &[Value<'a>],
    scratch: &mut String,
    rs: &mut RunState<'_>,
    budget: u64,
) -> usize {
    if budget < 2 {
        return 0;
    }
    let z = match (ops_.get(pc), ops_.get(pc + 1)) {
        (Some(&Op::Const(k)), Some(Op::Binary(BinaryOp::Add))) => {
            consts.get(k as usize).map(Const::value)
        }
        (Some(&Op::FetchRoot(r, k)), Some(Op::Binary(BinaryOp::Add))) => {
            match (stack.get(r as usize), consts.get(k as usize)) {
                (Some(Value::Map(m)), Some(Const::Str(name))) => m.get(name),
                _ => None,
            }
        }
        _ => None,
    };
    let Some(Value::Str(z)) = z else {
        return 0;
    };
    let total = scratch.len() + z.len();
    // Only when the charge succeeds: a failing one is reported at the second
    // addition, which then runs as usual.
    if total > CONCAT_SCRATCH || rs.memory < total as u64 || rs.ctx().charge(total).is_err() {
        return 0;
    }
    scratch.push_str(&z);
    2
}

#[cold]
#[inline(never)]
fn fail(program: &Program, k: ErrorKind, at: usize) -> Box<SpannedError> {
    Box::new(
        k.at(program
            .code()
            .spans
            .get(at)
            .copied()
            .unwrap_or(Span::default())),
    )
}

/// Instructions that allocate or call out; kept out of the dispatch loop so
/// its frame stays small.
#[inline(never)]
fn rare<'a>(
    op: Op,
    stack: &mut Vec<Value<'a>>,
    loops: &mut Vec<Loop<'a>>,
    regexes: &mut RegexCache,
    rs: &mut RunState<'a>,
) -> Result<(), ErrorKind> {
    let program = rs.program;
    let consts = program.code().consts.as_slice();
    match op {
        Op::Slice { from, to } => {
            let t = if to { Some(pop(stack)) } else { None };
            let f = if from { Some(pop(stack)) } else { None };
            let obj = pop(stack);
            rs.ctx().work(size_units(&obj))?;
            let v = ops::slice(&obj, f.as_ref(), t.as_ref())?;
            rs.ctx().charge(owned_size(&v))?;
            stack.push(v);
        }
        Op::Neg => {
            let v = pop(stack);
            stack.push(ops::negate(v)?);
        }
        Op::MatchDyn => {
            let p = pop(stack);
            let s = pop(stack);
            let r = if s.is_nil() || p.is_nil() {
                false
            } else {
                let pat = p.as_str().ok_or_else(|| ErrorKind::TypeMismatch {
                    expected: "string",
                    got: p.type_name().to_string(),
                })?;
                // As `MatchConst`: a unit per byte of subject, and of pattern.
                let mut ctx = rs.ctx();
                ctx.work(s.as_str().map_or(0, |s| s.len() as u64))?;
                ctx.work(pat.len() as u64)?;
                ops::matches(&s, regex_for(regexes, pat, &mut rs.ctx())?)?
            };
            stack.push(Value::Bool(r));
        }
        Op::Array(n) => {
            let n = n as usize;
            rs.ctx().work(n as u64)?;
            rs.ctx().charge(n)?;
            let base = stack.len().saturating_sub(n);
            let items: Vec<Value<'a>> = stack.drain(base..).collect();
            stack.push(Value::array(items));
        }
        Op::Map(n) => {
            let n = n as usize;
            rs.ctx().work(n as u64)?;
            rs.ctx().charge(n)?;
            let base = stack.len().saturating_sub(2 * n);
            let mut m = IndexMap::with_capacity(n);
            let mut bad = None;
            let mut it = stack.drain(base..);
            while let (Some(k), Some(v)) = (it.next(), it.next()) {
                match k {
                    // QUIRK (§4.12): the first of duplicate keys wins.
                    Value::Str(s) => {
                        m.entry(Key::Str(s)).or_insert(v);
                    }
                    other => {
                        bad.get_or_insert(other);
                    }
                }
            }
            drop(it);
            if let Some(other) = bad {
                return Err(ErrorKind::TypeMismatch {
                    expected: "string",
                    got: other.type_name().to_string(),
                });
            }
            stack.push(Value::map(m));
        }
        Op::Call { idx, argc } => {
            let base = stack.len().saturating_sub(argc as usize);
            let r = match BUILTINS.get(idx as usize).map(|b| b.imp) {
                Some(Imp::Native(f)) => {
                    let before = rs.memory;
                    let args = stack.get(base..).unwrap_or(&[]);
                    // Every builtin touches its arguments (a scan, a copy, a
                    // parse) and what it makes; those that do more charge the
                    // rest themselves (`sort`, the time parsers).
                    rs.ctx().work(args.iter().map(call_units).sum())?;
                    let r = f(&mut rs.ctx(), args);
                    // Whatever a builtin did not charge itself is charged by the
                    // size of what it made, so no builtin called in a loop
                    // (`map(1..1000, upper(s))`) can allocate without limit.
                    r.and_then(|v| {
                        let charged = before.saturating_sub(rs.memory);
                        let size = owned_size(&v) as u64;
                        rs.ctx().charge(size.saturating_sub(charged) as usize)?;
                        rs.ctx().work(made_units(&v))?;
                        Ok(v)
                    })
                }
                _ => Err(ErrorKind::Function("not a native builtin".into())),
            };
            stack.truncate(base);
            stack.push(r?);
        }
        Op::CallMethod { name, argc } => {
            let name = match consts.get(name as usize) {
                Some(Const::Str(s)) => &**s,
                _ => "",
            };
            let base = stack.len().saturating_sub(argc as usize);
            let recv_at = base.saturating_sub(1);
            let r = match stack.get(recv_at) {
                // A JSON record holds no functions: `u.f(1)` calls a field.
                Some(Value::Map(m)) => Err(ErrorKind::InvalidOperation(format!(
                    "invalid operation: cannot call {}",
                    m.get(name).map_or("nil", |v| v.type_name())
                ))),
                Some(Value::Nil) => Err(ErrorKind::CannotFetch {
                    field: name.to_string(),
                    from: "<nil>".into(),
                }),
                Some(recv) => {
                    // Methods are the time ones: they read layouts and
                    // durations byte by byte, a unit per byte.
                    let args = stack.get(base..).unwrap_or(&[]);
                    let bytes: usize = args.iter().filter_map(Value::as_str).map(str::len).sum();
                    rs.ctx().work(bytes as u64)?;
                    crate::runtime::time::call_method(recv, name, args).and_then(|v| {
                        rs.ctx().work(made_units(&v))?;
                        Ok(v)
                    })
                }
                None => Err(ErrorKind::Function("missing receiver".into())),
            };
            stack.truncate(recv_at);
            stack.push(r?);
        }
        Op::CallValue(_) => {
            let callee = pop(stack);
            return Err(ErrorKind::InvalidOperation(match callee {
                Value::Nil => "invalid operation: cannot call nil".to_string(),
                v => format!(
                    "invalid operation: cannot call non-function of type {}",
                    crate::runtime::value::go_type(&v)
                ),
            }));
        }
        Op::Fail(n) => {
            let msg = match consts.get(n as usize) {
                Some(Const::Str(s)) => s.to_string(),
                _ => String::new(),
            };
            return Err(ErrorKind::Function(msg));
        }
        Op::LoopPush => {
            let v = pop(stack);
            rs.ctx().charge(1)?;
            if let Some(lp) = loops.last_mut() {
                lp.out.push(v);
            }
        }
        Op::LoopBegin(kind, has_extra) => {
            let extra = if has_extra { Some(pop(stack)) } else { None };
            let coll = pop(stack);
            loops.push(begin_loop(kind, coll, extra)?);
        }
        Op::LoopEnd(_) => {
            if let Some(lp) = loops.pop() {
                // Sorting compares n log n times; grouping hashes each key.
                let n = lp.out.len().max(lp.keys.len()) as u64;
                let w = match lp.kind {
                    PredicateKind::SortBy => n.saturating_mul(u64::from(n.max(1).ilog2() + 1)),
                    _ => 0,
                };
                rs.ctx().work(w)?;
                stack.push(finish(lp)?);
            }
        }
        Op::Trace(id) => record_trace(id, stack.last()),
        _ => {
            return Err(ErrorKind::Function(format!(
                "unexpected instruction {op:?}"
            )))
        }
    }
    Ok(())
}

/// Values recorded per traced node (the first few evaluations: a predicate
/// body runs once per element).
pub const TRACE_VALUES_PER_NODE: usize = 3;
/// Longest value text recorded, in bytes (longer text is cut and ends in `...`).
pub const TRACE_VALUE_TEXT: usize = 200;

/// What a traced run recorded: per node id, how often it was evaluated and
/// the text of its first [`TRACE_VALUES_PER_NODE`] values.
#[derive(Debug, Default, Clone)]
pub(crate) struct TraceBuf {
    pub(crate) counts: Vec<u64>,
    pub(crate) values: Vec<Vec<String>>,
}

thread_local! {
    /// The buffer of the traced run in progress on this thread, if any. Only
    /// `Op::Trace` reads it, and only traced programs have that instruction.
    static TRACE: std::cell::RefCell<Option<TraceBuf>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` with a trace buffer for `nodes` node ids installed on this
/// thread, and returns what it recorded.
pub(crate) fn with_trace<T>(nodes: usize, f: impl FnOnce() -> T) -> (T, TraceBuf) {
    let buf = TraceBuf {
        counts: vec![0; nodes],
        values: vec![Vec::new(); nodes],
    };
    let previous = TRACE.with(|t| t.replace(Some(buf)));
    let out = f();
    let buf = TRACE.with(|t| t.replace(previous)).unwrap_or_default();
    (out, buf)
}

#[cold]
#[inline(never)]
fn record_trace(id: u32, top: Option<&Value<'_>>) {
    TRACE.with(|t| {
        let Ok(mut guard) = t.try_borrow_mut() else {
            return;
        };
        let Some(buf) = guard.as_mut() else {
            return;
        };
        let i = id as usize;
        if let Some(n) = buf.counts.get_mut(i) {
            *n += 1;
        }
        if let Some(vs) = buf.values.get_mut(i) {
            if vs.len() < TRACE_VALUES_PER_NODE {
                vs.push(trace_text(top.unwrap_or(&Value::Nil)));
            }
        }
    });
}

/// A value as explain shows it: `nil`, strings quoted, the rest as JSON,
/// cut at [`TRACE_VALUE_TEXT`] bytes.
pub(crate) fn trace_text(v: &Value<'_>) -> String {
    let mut text = match v {
        Value::Nil => "nil".to_string(),
        Value::Str(s) => {
            let mut out = String::new();
            crate::runtime::format::push_json_string(&mut out, s.as_str());
            out
        }
        Value::Array(_) | Value::Map(_) => serde_json::to_string(&v.to_json()).unwrap_or_default(),
        other => crate::runtime::format::to_string_brief(other),
    };
    if text.len() > TRACE_VALUE_TEXT {
        let mut end = TRACE_VALUE_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
        text.push_str("...");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::same_name;

    /// `same_name` is `==` for every length class it special-cases.
    #[test]
    fn same_name_is_string_equality() {
        let names = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abce",
            "jcUser",
            "jcUsex",
            "xcUser",
            "settings",
            "settingz",
            "zettings",
            "providerUser",
            "providerUsex",
            "pxoviderUser",
            "providerXser",
            "abcdefghijklmnop",
            "abcdefghijklmnoq",
            "abcdefghijklmnopq",
            "abcdefghijklmnopr",
            "bbcdefghijklmnopq",
            "jcGroup",
            "jcGroux",
        ];
        for a in names {
            for b in names {
                assert_eq!(same_name(a, b), a == b, "{a:?} vs {b:?}");
            }
        }
    }
}
