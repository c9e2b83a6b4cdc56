//! What pages and sections have in common: a Markdown file of the site with its front matter's
//! shared keys, its body and the body rendered. `Page` and `Section` each hold one and deref to
//! it, so that `page.title` reads as it always did and code that needs only these takes a
//! `&Document`.

use serde::{Deserialize, Serialize};

use crate::model::page::Content;

/// Stored in the build cache whole for a section; a page stores it hollow (`stored::hollow_document`).
#[derive(Debug, Clone, Default, PartialEq, Hash, Deserialize, Serialize)]
pub struct Document {
    /// The file, from the site's root: `content/articles/x.md` (empty for a section without an
    /// `_index.md`).
    pub source: String,
    /// The file, from `content/`: `articles/x.md`, as `@/` links name it.
    pub content_path: String,
    /// The URL path from the site's root, without a leading slash: `articles/x/` (the home is ``).
    pub site_path: String,
    pub title: String,
    pub description: String,
    pub weight: i64,
    /// The theme template the front matter names, if any.
    pub template: Option<String>,
    #[serde(with = "crate::model::stored::json_map")]
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// The Markdown body as written, and the file line it starts on.
    pub body: String,
    pub body_first_line: usize,
    pub content: Content,
}
