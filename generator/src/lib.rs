//! graphdoc reads Microsoft Graph API reference pages (markdown) and generates Rust types and
//! typed client stubs from them.
//!
//! The pipeline, one module a stage: [`docset`] finds the pages, [`page`] reads each into a
//! [`page::Page`], [`model`] merges the types of all pages and [`ops`] reads the operations,
//! [`codegen`] writes Rust from them, and [`report`] summarizes pages for the command line. Every problem found on
//! the way is a [`diag::Diagnostic`].

#[cfg(feature = "cli")]
pub mod allocator;
mod casing;
pub mod codegen;
pub mod diag;
pub mod docset;
pub mod files;
pub mod generate;
pub mod json;
pub mod model;
pub mod ops;
pub mod page;
pub mod report;

pub use diag::{Diagnostic, Severity};
pub use generate::Config;
pub use page::{Page, Reader, ReaderOptions};
