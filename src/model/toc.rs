//! A page's table of contents.

use serde::{Deserialize, Serialize};

/// A heading of a page, with the headings under it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}
