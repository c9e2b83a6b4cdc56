//! What each render job read when it was last rendered, and the same read the other way round:
//! for each input a rebuild can change without placing the site again, the jobs that read it.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use serde::{Deserialize, Serialize};

use crate::build::graph::JobKey;
use crate::model::site::Site;
use crate::render::reads::Input;

/// Which file each index of a placed site stood for, so records made against one placement can
/// be read against the next.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Placement {
    pub pages: Vec<String>,
    pub sections: Vec<String>,
    /// Tags, by slug.
    pub terms: Vec<String>,
}

impl Placement {
    pub(crate) fn of(site: &Site) -> Self {
        Self {
            pages: site.pages.iter().map(|p| p.content_path.clone()).collect(),
            sections: site
                .sections
                .iter()
                .map(|s| s.content_path.clone())
                .collect(),
            terms: site.terms.iter().map(|t| t.slug.clone()).collect(),
        }
    }
}

/// The inputs each job read when last rendered, with indices of the placement they were read in.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Records {
    pub placed: Placement,
    pub by_job: FxHashMap<JobKey, Vec<Input>>,
}

impl Records {
    /// Re-expresses every record with the indices of `site`, newly placed; a record that read
    /// a page, section or tag the site no longer has is dropped (its job renders again).
    pub(crate) fn follow(&mut self, site: &Site) {
        let now = Placement::of(site);
        if now == self.placed {
            return;
        }
        let sections: HashMap<&str, usize> = (now.sections.iter().enumerate())
            .map(|(index, path)| (path.as_str(), index))
            .collect();
        let terms: HashMap<&str, usize> = (now.terms.iter().enumerate())
            .map(|(index, slug)| (slug.as_str(), index))
            .collect();
        let moved = |old: &[String], to: &dyn Fn(&str) -> Option<usize>| -> Vec<Option<usize>> {
            old.iter().map(|key| to(key)).collect()
        };
        let pages = moved(&self.placed.pages, &|path| {
            site.page_by_content_path.get(path).copied()
        });
        let sections = moved(&self.placed.sections, &|path| sections.get(path).copied());
        let terms = moved(&self.placed.terms, &|slug| terms.get(slug).copied());
        let at = |table: &[Option<usize>], index: usize| table.get(index).copied().flatten();
        self.by_job.retain(|_, reads| {
            reads.iter_mut().all(|input| {
                let (table, index) = match input {
                    Input::Page(index)
                    | Input::SearchText(index)
                    | Input::Summary(index)
                    | Input::Neighbours(index)
                    | Input::Series(index) => (&pages, index),
                    Input::Section(index)
                    | Input::SectionLink(index)
                    | Input::SectionPages(index)
                    | Input::Subsections(index) => (&sections, index),
                    Input::Feed(index) if *index > 0 => (&sections, index),
                    Input::Term(index) => (&terms, index),
                    _ => return true,
                };
                at(table, *index).map(|new| *index = new).is_some()
            })
        });
        self.placed = now;
    }
}

/// The jobs reading each input that changes without the site being placed again, as indices
/// into the list of jobs they were built from.
#[derive(Debug, Default)]
pub(crate) struct Readers {
    by_input: FxHashMap<Input, Vec<u32>>,
}

impl Readers {
    pub(crate) fn new(records: &Records, keys: &[JobKey]) -> Self {
        let mut readers = Self::default();
        for (job, key) in keys.iter().enumerate() {
            if let Some(reads) = records.by_job.get(key) {
                readers.add(job as u32, reads);
            }
        }
        readers
    }

    /// Notes that `job` read `reads`.
    pub(crate) fn add(&mut self, job: u32, reads: &[Input]) {
        for input in reads {
            let changes_in_place = matches!(
                input,
                Input::Page(_)
                    | Input::SearchText(_)
                    | Input::Summary(_)
                    | Input::Section(_)
                    | Input::SectionLink(_)
                    | Input::Sitemap
            );
            if changes_in_place {
                let jobs = self.by_input.entry(input.clone()).or_default();
                if jobs.last() != Some(&job) {
                    jobs.push(job);
                }
            }
        }
    }

    /// The jobs that read `input`.
    pub(crate) fn of(&self, input: &Input) -> &[u32] {
        self.by_input.get(input).map_or(&[], Vec::as_slice)
    }
}
