//! The typed Microsoft Graph API of docs-input/, generated at build time by `build.rs` with the
//! graphdoc library (the recipe a user's crate follows). `generated/` holds the same code,
//! checked in for review.

/// The runtime of the typed operations: `Client`, the `Operation` trait, errors, paging.
pub mod client {
    include!(concat!(env!("OUT_DIR"), "/graph/client.rs"));
}

/// Types and operations of the Microsoft Graph `v1.0` API, as documented in docs-input/.
pub mod v1_0 {
    include!(concat!(env!("OUT_DIR"), "/graph/v1_0.rs"));
}

/// Types and operations of the Microsoft Graph `beta` API, as documented in docs-input/.
pub mod beta {
    include!(concat!(env!("OUT_DIR"), "/graph/beta.rs"));
}
