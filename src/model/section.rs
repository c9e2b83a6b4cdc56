//! A section: a folder of the site with an `_index.md`, its pages in order and its sub-sections.

use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};

use crate::model::document::Document;
use crate::model::page::PageKind;

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    #[default]
    Date,
    Weight,
    Title,
}

/// Stored in the build cache as it is (`build::cache`).
#[derive(Debug, Clone, PartialEq, Hash, Deserialize, Serialize)]
pub struct Section {
    pub doc: Document,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    /// The kind of this section's pages unless they say otherwise.
    pub page_kind: PageKind,
    /// Indices in `Site::pages`, in the section's order.
    pub pages: Vec<usize>,
    /// Indices in `Site::sections`, in weight order.
    pub subsections: Vec<usize>,
    pub parent: Option<usize>,
}

impl Deref for Section {
    type Target = Document;

    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl DerefMut for Section {
    fn deref_mut(&mut self) -> &mut Document {
        &mut self.doc
    }
}

impl Section {
    pub fn is_home(&self) -> bool {
        self.site_path.is_empty()
    }

    pub fn template(&self) -> &str {
        match &self.template {
            Some(template) => template,
            None if self.is_home() => "index.html",
            None => "section.html",
        }
    }
}
