//! The instruction set the compiler emits and the VM runs.
//!
//! Instructions are a `Copy` enum with their operands inline, kept in one
//! `Vec<Op>`; a parallel table holds each instruction's source span so errors
//! can point at the source without making instructions bigger. Constants live
//! in the program and are borrowed at run time.

use crate::functions::PredicateKind;
use crate::runtime::value::{Str, Value};
use crate::span::Span;
use crate::syntax::ast::BinaryOp;
use std::rc::Rc;
use std::sync::Arc;

/// A constant of the program. Only scalars and strings: collections are built
/// at run time (they are charged to the memory budget).
#[derive(Debug, Clone, PartialEq)]
pub enum Const {
    /// `nil`
    Nil,
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float.
    Float(f64),
    /// A string (also field and method names).
    Str(Box<str>),
    /// A bytes literal.
    Bytes(Arc<[u8]>),
}

impl Const {
    /// The constant as a value borrowing from the program.
    #[inline]
    pub fn value(&self) -> Value<'_> {
        match self {
            Const::Nil => Value::Nil,
            Const::Bool(b) => Value::Bool(*b),
            Const::Int(i) => Value::Int(*i),
            Const::Float(f) => Value::Float(*f),
            Const::Str(s) => Value::Str(Str::Borrowed(s)),
            Const::Bytes(b) => Value::Bytes(Rc::from(&**b)),
        }
    }

    /// A folded value as a constant, if it is a scalar or a string.
    pub fn from_value(v: &Value<'_>) -> Option<Const> {
        Some(match v {
            Value::Nil => Const::Nil,
            Value::Bool(b) => Const::Bool(*b),
            Value::Int(i) => Const::Int(*i),
            Value::Float(f) => Const::Float(*f),
            Value::Str(s) => Const::Str(Box::from(s.as_str())),
            _ => return None,
        })
    }
}

/// One instruction. Jump targets are instruction indexes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    /// Push constant `n`.
    Const(u32),
    /// Push env root `n` (resolved once per run).
    LoadRoot(u16),
    /// Push the whole environment (`$env`).
    LoadEnv,
    /// Push `let` slot `n`.
    LoadLocal(u16),
    /// Pop into `let` slot `n`.
    StoreLocal(u16),
    /// Discard the top value.
    Pop,
    /// `obj.name` with constant `n` as the name.
    Fetch(u32),
    /// `root.name`: env root `.0`, constant `.1` as the name (the commonest access).
    FetchRoot(u16, u32),
    /// `obj[index]`.
    Index,
    /// `obj[from:to]`; the flags say which bounds were pushed.
    Slice {
        /// A `from` bound is on the stack.
        from: bool,
        /// A `to` bound is on the stack.
        to: bool,
    },
    /// Unconditional jump.
    Jump(u32),
    /// Pop a bool (error otherwise) and jump if it is false.
    JumpIfFalse(u32),
    /// `and`: the top must be a bool; if false jump keeping it, else pop it.
    AndJump(u32),
    /// `or` and elvis: the top must be a bool; if true jump keeping it, else pop it.
    OrJump(u32),
    /// `??`: if the top is not nil jump keeping it, else pop it.
    JumpIfNotNil(u32),
    /// `?.`: if the top is nil jump keeping it (to the end of the chain).
    JumpIfNil(u32),
    /// `not x`.
    Not,
    /// `-x`.
    Neg,
    /// `+x` (no-op at run time, as in expr).
    Plus,
    /// A binary operator on the two top values (not `and`, `or`, `??`, `matches`).
    Binary(BinaryOp),
    /// `x matches re` with precompiled regex `n`.
    MatchConst(u32),
    /// `x matches y` with a pattern computed at run time.
    MatchDyn,
    /// Build an array of the `n` top values.
    Array(u32),
    /// Build a map of the `n` top key/value pairs.
    Map(u32),
    /// Call builtin `idx` (a native one) with `argc` arguments.
    Call {
        /// Index in [`crate::functions::BUILTINS`].
        idx: u16,
        /// Number of arguments on the stack.
        argc: u16,
    },
    /// Call host function `idx` with `argc` arguments.
    CallHost {
        /// Index in the program's host functions.
        idx: u16,
        /// Number of arguments on the stack.
        argc: u16,
    },
    /// Host function `idx`'s [`crate::functions::TestFn`] fast path on the
    /// top value, which it replaces with the boolean answer.
    CallTest {
        /// Index in the program's host functions.
        idx: u16,
    },
    /// Call method named by constant `name` on the receiver below the `argc` arguments.
    CallMethod {
        /// Constant index of the method name.
        name: u32,
        /// Number of arguments on the stack.
        argc: u16,
    },
    /// Start a predicate loop: pops the extra argument (init/order) if any,
    /// then the collection.
    LoopBegin(PredicateKind, bool),
    /// Next element of the innermost loop, or jump to its end.
    LoopNext(u32),
    /// Consume the predicate's value; may finish the loop early by jumping.
    LoopStep(PredicateKind, u32),
    /// Pop a value into the innermost loop's result (a fused `filter | map`).
    LoopPush,
    /// Finish the innermost loop and push its result.
    LoopEnd(PredicateKind),
    /// Call the value on top (below it, `.0` arguments): expr's call of a
    /// name that is no function, compiled only where its checker does not
    /// look. No value is callable, so it fails (`cannot call nil`).
    CallValue(u16),
    /// Fail with constant `n` as the message (a call expr never typed, with
    /// the wrong number of arguments).
    Fail(u32),
    /// `#`
    PtrElem,
    /// `#index`
    PtrIndex,
    /// `#acc`
    PtrAcc,
    /// Explain mode only: record the top value as the value of traced node
    /// `n` (see `crate::compile::compile_traced`). Ordinary programs have none.
    Trace(u32),
}

/// What one instruction reads of the environment (see [`Op::root_use`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootUse {
    /// Nothing.
    Nothing,
    /// Field named by constant `.1` of root `.0`.
    Field(u16, u32),
    /// Root `.0` as a whole (any of its fields may be read).
    Whole(u16),
    /// The whole environment (`$env`).
    Env,
}

impl Op {
    /// What the instruction reads of the environment. Hosts use this to parse
    /// only the fields a program can read; the match lists every instruction so
    /// that a new one must say what it reads.
    pub fn root_use(&self) -> RootUse {
        match *self {
            Op::LoadRoot(r) => RootUse::Whole(r),
            Op::FetchRoot(r, n) => RootUse::Field(r, n),
            Op::LoadEnv => RootUse::Env,
            Op::Const(_)
            | Op::LoadLocal(_)
            | Op::StoreLocal(_)
            | Op::Pop
            | Op::Fetch(_)
            | Op::Index
            | Op::Slice { .. }
            | Op::Jump(_)
            | Op::JumpIfFalse(_)
            | Op::AndJump(_)
            | Op::OrJump(_)
            | Op::JumpIfNotNil(_)
            | Op::JumpIfNil(_)
            | Op::Not
            | Op::Neg
            | Op::Plus
            | Op::Binary(_)
            | Op::MatchConst(_)
            | Op::MatchDyn
            | Op::Array(_)
            | Op::Map(_)
            | Op::Call { .. }
            | Op::CallHost { .. }
            | Op::CallMethod { .. }
            | Op::CallValue(_)
            | Op::Fail(_)
            | Op::LoopBegin(..)
            | Op::LoopNext(_)
            | Op::LoopStep(..)
            | Op::LoopEnd(_)
            | Op::LoopPush
            | Op::PtrElem
            | Op::PtrIndex
            | Op::PtrAcc
            | Op::Trace(_)
            | Op::CallTest { .. } => RootUse::Nothing,
        }
    }
}

/// Instructions with their spans and constants.
#[derive(Debug, Default)]
pub struct Code {
    /// The instructions.
    pub ops: Vec<Op>,
    /// One span per instruction.
    pub spans: Vec<Span>,
    /// The constant pool.
    pub consts: Vec<Const>,
    /// Patterns of `matches` with a literal right-hand side.
    pub regexes: Vec<regex::Regex>,
}

impl Code {
    /// Appends an instruction; returns its index.
    pub fn emit(&mut self, op: Op, span: Span) -> usize {
        self.ops.push(op);
        self.spans.push(span);
        self.ops.len() - 1
    }

    /// Adds a constant; returns its index.
    pub fn constant(&mut self, c: Const) -> u32 {
        self.consts.push(c);
        (self.consts.len() - 1) as u32
    }

    /// Sets the target of the jump at `at` to `target`.
    pub fn patch(&mut self, at: usize, target: usize) {
        let t = target as u32;
        if let Some(op) = self.ops.get_mut(at) {
            *op = match *op {
                Op::Jump(_) => Op::Jump(t),
                Op::JumpIfFalse(_) => Op::JumpIfFalse(t),
                Op::AndJump(_) => Op::AndJump(t),
                Op::OrJump(_) => Op::OrJump(t),
                Op::JumpIfNotNil(_) => Op::JumpIfNotNil(t),
                Op::JumpIfNil(_) => Op::JumpIfNil(t),
                Op::LoopNext(_) => Op::LoopNext(t),
                Op::LoopStep(k, _) => Op::LoopStep(k, t),
                other => other,
            };
        }
    }

    /// Drops instructions from `len` on.
    pub fn truncate(&mut self, len: usize) {
        self.ops.truncate(len);
        self.spans.truncate(len);
    }

    /// One line per instruction: index, op, operands, and the source text of its span.
    pub fn disassemble(&self, source: &str) -> String {
        let mut out = String::new();
        for (i, op) in self.ops.iter().enumerate() {
            let span = self.spans.get(i).copied().unwrap_or_default();
            let text = source
                .get(span.start as usize..span.end as usize)
                .unwrap_or("")
                .replace('\n', " ");
            let detail = match op {
                Op::Const(n) | Op::Fetch(n) | Op::Fail(n) => self
                    .consts
                    .get(*n as usize)
                    .map(|c| format!("{op:?} ; {c:?}"))
                    .unwrap_or_else(|| format!("{op:?}")),
                Op::FetchRoot(_, n) | Op::CallMethod { name: n, .. } => self
                    .consts
                    .get(*n as usize)
                    .map(|c| format!("{op:?} ; {c:?}"))
                    .unwrap_or_else(|| format!("{op:?}")),
                Op::Call { idx, .. } => crate::functions::BUILTINS
                    .get(*idx as usize)
                    .map(|b| format!("{op:?} ; {}", b.name))
                    .unwrap_or_else(|| format!("{op:?}")),
                _ => format!("{op:?}"),
            };
            out.push_str(&format!("{i:4} {detail:<40} | {text}\n"));
        }
        out
    }
}
