//! A section: a folder of the site with an `_index.md`, its pages in order and its sub-sections.

use serde::{Deserialize, Serialize};

use crate::model::page::{Content, PageKind};

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
    /// The `_index.md`, from the site's root (empty for a section without one).
    pub source: String,
    /// The `_index.md`, from `content/`: `articles/_index.md`.
    pub content_path: String,
    /// The URL path from the site's root, without a leading slash: `articles/` (the home is ``).
    pub site_path: String,
    pub title: String,
    pub description: String,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    /// The kind of this section's pages unless they say otherwise.
    pub page_kind: PageKind,
    pub weight: i64,
    pub template: Option<String>,
    #[serde(with = "crate::model::stored::json_map")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    pub body: String,
    pub body_first_line: usize,
    pub content: Content,
    /// Indices in `Site::pages`, in the section's order.
    pub pages: Vec<usize>,
    /// Indices in `Site::sections`, in weight order.
    pub subsections: Vec<usize>,
    pub parent: Option<usize>,
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
