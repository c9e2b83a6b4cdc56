//! The dependency graph read the other way round: for each input (a page, a summary, a
//! section, a section's link), the render jobs that read it. Built once each time the site is
//! placed, so that a rebuild signs again only the jobs that read what it changed.

use crate::build::graph::reads::{Input, Reading, Signer};
use crate::render::Job;

/// The jobs reading each input, as indices into the list of jobs they were built from.
#[derive(Debug, Default)]
pub struct Readers {
    /// By input: pages, then summaries, then sections, then section links.
    by_input: Vec<Vec<u32>>,
    pages: usize,
    sections: usize,
}

impl Readers {
    /// Who reads what, among `jobs` of the site `signer` signs.
    pub fn new(signer: &Signer, jobs: &[Job]) -> Self {
        let (pages, sections) = (signer.site.pages.len(), signer.site.sections.len());
        let mut readers = Self {
            by_input: vec![Vec::new(); 2 * pages + 2 * sections],
            pages,
            sections,
        };
        for (index, &job) in jobs.iter().enumerate() {
            let mut reading = Listing {
                readers: &mut readers,
                job: u32::try_from(index).expect("fewer than 2^32 jobs"),
            };
            signer.read(job, &mut reading);
        }
        for jobs in &mut readers.by_input {
            jobs.dedup();
        }
        readers
    }

    /// The jobs that read `input`.
    pub fn of(&self, input: Input) -> &[u32] {
        &self.by_input[self.slot(input)]
    }

    fn slot(&self, input: Input) -> usize {
        let (pages, sections) = (self.pages, self.sections);
        match input {
            Input::Page(index) => index,
            Input::Summary(index) => pages + index,
            Input::Section(index) => 2 * pages + index,
            Input::SectionLink(index) => 2 * pages + sections + index,
        }
    }
}

/// Adds one job to the readers of each input it reads.
struct Listing<'a> {
    readers: &'a mut Readers,
    job: u32,
}

impl Reading for Listing<'_> {
    fn value(&mut self, _value: impl std::hash::Hash) {}

    fn input(&mut self, input: Input) {
        let slot = self.readers.slot(input);
        let jobs = &mut self.readers.by_input[slot];
        if jobs.last() != Some(&self.job) {
            jobs.push(self.job);
        }
    }
}
