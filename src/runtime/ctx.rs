//! What a native function can reach besides its arguments: the run's memory
//! budget and its clock.

use crate::error::ErrorKind;
use chrono::{DateTime, Utc};

/// What a native builtin can reach besides its arguments.
pub struct Ctx<'r> {
    /// Memory budget units left for this run (docs/language.md, Limits).
    pub memory: &'r mut u64,
    /// The clock `now()` reads.
    pub now: &'r dyn Fn() -> DateTime<Utc>,
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
}
