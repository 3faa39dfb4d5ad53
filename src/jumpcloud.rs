//! The JumpCloud host functions (mapping.md §2): `notNullOrEmpty`,
//! `toScimEmails`, `toScimAddresses`, `toScimPhoneNumbers`.
//!
//! STUB: to be completed by the builtin-library work.

use crate::program::HostFunction;

/// The JumpCloud set, registered by default on every [`crate::Compiler`].
pub fn functions() -> Vec<HostFunction> {
    Vec::new()
}
