//! The stamps of what a page, a page's summary and a section show the jobs that read them.

use std::hash::{Hash, Hasher};

use crate::build::graph::{StampHasher, view_stamp};
use crate::build::session::bodies::BodyCache;
use crate::config::Settings;
use crate::model::site::Site;
use crate::render::queries;

/// A page as its own job shows it.
pub(super) fn page_print(site: &Site, bodies: &BodyCache, index: usize) -> u64 {
    let page = &site.pages[index];
    let mut hash = StampHasher::new();
    bodies.stamp(&page.content_path).hash(&mut hash);
    page.kind.hash(&mut hash);
    site.sections[page.section].content_path.hash(&mut hash);
    hash.finish()
}

/// A page's summary as listings show it; its word count only when some template may show it
/// (the reading time, which listings do show, changes once every 200 words).
pub(super) fn summary_print(
    site: &Site,
    settings: &Settings,
    index: usize,
    word_count_shown: bool,
) -> u64 {
    let mut summary = queries::summary(site, settings, index);
    if !word_count_shown {
        summary.word_count = 0;
    }
    view_stamp(&summary)
}

/// A section as its listing and the home page show it (its header and body, not which pages
/// and sections it holds, which are inputs of their own).
pub(super) fn section_print(site: &Site, settings: &Settings, index: usize) -> u64 {
    let section = &site.sections[index];
    let mut header = section.clone();
    header.pages.clear();
    header.subsections.clear();
    let mut hash = StampHasher::new();
    (
        header,
        view_stamp(&queries::section_view(settings, section)),
    )
        .hash(&mut hash);
    hash.finish()
}
