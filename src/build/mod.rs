//! Building a site: the stages run in order, in one place.

pub mod content;
pub mod directives;
pub mod pipeline;

pub use pipeline::{build, build_to_memory};
