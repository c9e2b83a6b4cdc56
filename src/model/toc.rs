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

impl TocEntry {
    /// Gives back the room `entries` and their children took to grow in.
    pub fn shrink_all(entries: &mut Vec<TocEntry>) {
        entries.shrink_to_fit();
        for entry in entries {
            Self::shrink_all(&mut entry.children);
        }
    }
}
