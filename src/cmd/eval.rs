//! `scimexpr eval`. STUB.
