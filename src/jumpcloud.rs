//! The JumpCloud host functions (mapping.md §2): `notNullOrEmpty`,
//! `toScimEmails`, `toScimAddresses`, `toScimPhoneNumbers`.
//!
//! STUB: to be completed by the builtin-library work.
