//! Run-time values and what every stage knows about them: [`value`] (the
//! values, borrowed from JSON where they can be), [`ops`] (operator
//! semantics), [`format`](mod@format) (Go-compatible text), [`time`] (Go's time and
//! duration values).

pub mod ctx;
pub mod format;
mod goregex;
mod number;
pub mod ops;
pub mod time;
pub mod value;
