//! Rust code from the API model (in progress).
