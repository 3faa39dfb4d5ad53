//! Attribute mappings (mapping.md). STUB: filled in by the mapping work.
