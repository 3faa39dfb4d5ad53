//! Tokens (logos). STUB: to be completed by the front-end work.
