//! Checks beyond the build's own: outside links (`hearth check --external`).

pub mod external;
pub mod links;
