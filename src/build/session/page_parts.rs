//! The parts of the build cache that hold a stored session's pages, a run of pages each, and
//! which of them the next cache can take as they are: a run none of whose pages changed is
//! linked from the cache read, not encoded and written again.

use rustc_hash::FxHashSet;

use crate::build::cache::PartRecord;
use crate::model::page::Page;

/// Pages go into the cache in parts of this many: a part whose pages did not change since it
/// was read is linked into the next cache rather than written again.
pub(super) const PAGES_PER_PART: usize = 512;

/// Where a session read from a build cache found its pages: how many, and the part each run
/// of `PAGES_PER_PART` came from.
///
/// Rule: kept only while the site is not placed again from scratch (which may move pages,
/// and set their section and kind); a page stays as read for as long as it is hollow.
#[derive(Default)]
pub(super) struct StoredPages {
    pub(super) count: usize,
    pub(super) parts: Vec<PartRecord>,
}

impl StoredPages {
    /// For each run of `pages`, the part it was read from when every page of the run is still
    /// `hollow` (and so exactly as read); `None` for a run to write again.
    pub(super) fn unchanged(
        &self,
        pages: &[Page],
        hollow: &FxHashSet<String>,
    ) -> Vec<Option<PartRecord>> {
        let runs = pages.chunks(PAGES_PER_PART);
        let same_pages = self.count == pages.len() && self.parts.len() == runs.len();
        (runs.zip(&self.parts))
            .map(|(run, &part)| {
                let as_read = run.iter().all(|page| hollow.contains(&page.content_path));
                (same_pages && as_read).then_some(part)
            })
            .collect()
    }
}
