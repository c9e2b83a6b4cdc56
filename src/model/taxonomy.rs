//! Tags: every term used by a page, with the pages that use it.

use std::collections::BTreeMap;

use crate::model::page::Page;
use crate::slug::slugify;

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Term {
    /// The tag as first written (by the page that comes first in source order).
    pub name: String,
    pub slug: String,
    /// Indices in `Site::pages`, newest first.
    pub pages: Vec<usize>,
}

/// Builds every term in one pass over the pages, sorted by slug.
pub fn collect_terms(pages: &[Page], order: &[usize]) -> Vec<Term> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    for &index in order {
        for tag in &pages[index].tags {
            let slug = slugify(tag);
            let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                name: tag.clone(),
                slug,
                pages: Vec::new(),
            });
            if term.pages.last() != Some(&index) {
                term.pages.push(index);
            }
        }
    }
    terms.into_values().collect()
}
