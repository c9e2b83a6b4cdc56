//! Building a site: the stages run in order, in one place.

pub(crate) mod cache;
pub(crate) mod content;
pub mod directives;
pub(crate) mod graph;
pub mod pipeline;
pub mod progress;
pub mod quiz;
pub mod session;

pub use pipeline::{build, build_to_memory, build_to_memory_with, build_with, check, check_with};
