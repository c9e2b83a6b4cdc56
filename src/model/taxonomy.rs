//! Tags: every term used by a page, with the pages that use it.

use std::collections::BTreeMap;

use crate::model::page::Page;
use crate::slug::slugify;

/// Where the tag index is, from the site's root.
pub(crate) const TAG_INDEX_PATH: &str = "tags/";

/// Where the page of the tag slugged `slug` is, from the site's root.
pub(crate) fn tag_path(slug: &str) -> String {
    [TAG_INDEX_PATH, slug, "/"].concat()
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize, serde::Serialize)]
pub struct Term {
    /// The tag as first written (by the page that comes first in source order).
    pub name: String,
    pub slug: String,
    /// Indices in `Site::pages`, newest first.
    pub pages: Vec<usize>,
}

impl Term {
    /// Where the tag's page is, from the site's root.
    pub(crate) fn site_path(&self) -> String {
        tag_path(&self.slug)
    }
}

/// Builds every term in one pass over the pages, sorted by slug: the pages in `order` (newest
/// first) come first in each term, then the undated pages in site order, so that every tag a page
/// shows has its page.
pub(crate) fn collect_terms(pages: &[Page], order: &[usize]) -> Vec<Term> {
    let mut terms: BTreeMap<String, Term> = BTreeMap::new();
    let mut listed = vec![false; pages.len()];
    for &index in order {
        listed[index] = true;
    }
    let undated = (0..pages.len()).filter(|&index| !listed[index] && pages[index].date.is_none());
    for index in order.iter().copied().chain(undated) {
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
