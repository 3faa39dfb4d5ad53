//! `scimexpr map | preview | check`. STUB: filled in by the mapping work.
