//! What each render job reads — a page, summaries of pages, sections, the templates it uses,
//! the site's shape — and its signature, a hash of all of it: equal signatures give equal
//! output. One description serves both the signature and the reverse index of readers.

use std::hash::{DefaultHasher, Hash, Hasher};

use crate::build::graph::TemplateGraph;
use crate::model::page::PageKind;
use crate::model::site::Site;
use crate::pdf::paged_media::worksheets_in_order;
use crate::render::Job;
use crate::render::feeds::FEED_SIZE;

/// Something of the site that a rebuild can change without placing the site again, and that
/// jobs read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Input {
    /// A page as its own job shows it: header, body, quiz, kind and section.
    Page(usize),
    /// A page's summary, as listings, tag pages and its neighbours show it.
    Summary(usize),
    /// A section as its listing and the home page show it.
    Section(usize),
    /// A section's link, as its pages show it.
    SectionLink(usize),
}

/// A fingerprint of each input: a hash of the data itself, so that fingerprints from two builds
/// compare equal exactly when the data does. Indexed like the site's pages and sections.
#[derive(Debug, Clone, Default)]
pub struct Fingerprints {
    pub pages: Vec<u64>,
    pub summaries: Vec<u64>,
    pub sections: Vec<u64>,
    pub section_links: Vec<u64>,
}

impl Fingerprints {
    pub fn of(&self, input: Input) -> u64 {
        match input {
            Input::Page(index) => self.pages[index],
            Input::Summary(index) => self.summaries[index],
            Input::Section(index) => self.sections[index],
            Input::SectionLink(index) => self.section_links[index],
        }
    }
}

/// What placing the site decided that jobs read; it changes only when the site is placed again.
#[derive(Debug, Default)]
pub struct Layout {
    /// Per page: the pages before and after it in its section's reading order.
    pub neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// The articles the home page lists, newest first.
    pub latest: Vec<usize>,
    /// The pages in any feed (the site's, a section's or a tag's).
    pub feed_entries: Vec<usize>,
    /// The worksheets in reading order, as the print booklet holds them.
    pub worksheets: Vec<usize>,
    /// Per page: the parts of its series (empty for a page in none).
    pub series: Vec<Vec<usize>>,
    /// A hash of the site's shape: each page's and section's file, URL, kind, date and place,
    /// the orders of listings, and the tags.
    pub shape: u64,
}

impl Layout {
    pub fn new(site: &Site, home_latest: usize) -> Self {
        let mut neighbours = vec![(None, None); site.pages.len()];
        for section in &site.sections {
            for (position, &page) in section.pages.iter().enumerate() {
                neighbours[page] = Site::neighbours_at(section, position);
            }
        }
        let newest = |keep: &dyn Fn(usize) -> bool, count: usize| -> Vec<usize> {
            let pages = site.newest_first.iter().copied();
            pages.filter(|&page| keep(page)).take(count).collect()
        };
        let latest = newest(
            &|page| site.pages[page].kind == PageKind::Article,
            home_latest,
        );
        let mut feed_entries = newest(&|page| site.pages[page].kind != PageKind::Page, FEED_SIZE);
        for section in 1..site.sections.len() {
            feed_entries.extend(newest(
                &|page| site.pages[page].section == section,
                FEED_SIZE,
            ));
        }
        for term in &site.terms {
            feed_entries.extend(term.pages.iter().take(FEED_SIZE));
        }
        feed_entries.sort_unstable();
        feed_entries.dedup();
        let mut series = vec![Vec::new(); site.pages.len()];
        for one in &site.series {
            for &page in &one.pages {
                series[page].clone_from(&one.pages);
            }
        }
        Self {
            neighbours,
            series,
            latest,
            feed_entries,
            worksheets: worksheets_in_order(site),
            shape: shape(site),
        }
    }
}

fn shape(site: &Site) -> u64 {
    let mut hash = DefaultHasher::new();
    site.newest_first.hash(&mut hash);
    for page in &site.pages {
        (&page.content_path, &page.site_path, page.kind, page.section).hash(&mut hash);
        (page.date, &page.title).hash(&mut hash);
    }
    for section in &site.sections {
        (&section.content_path, &section.site_path, &section.title).hash(&mut hash);
        (&section.pages, &section.subsections).hash(&mut hash);
    }
    for term in &site.terms {
        (&term.name, &term.slug, &term.pages).hash(&mut hash);
    }
    site.series.hash(&mut hash);
    hash.finish()
}

/// Something that follows what a job reads.
pub trait Reading {
    /// A value read straight from the site or the templates: it changes only when the site is
    /// placed again or the templates change.
    fn value(&mut self, value: impl Hash);
    /// An input that a rebuild can change.
    fn input(&mut self, input: Input);
}

/// Signs jobs of one placed site.
pub struct Signer<'a> {
    pub site: &'a Site,
    pub layout: &'a Layout,
    pub prints: &'a Fingerprints,
    pub templates: &'a TemplateGraph,
}

impl Signer<'_> {
    /// Jobs that read something of every page straight from the site (each page's `updated`
    /// date, in the sitemap): they are signed again on every rebuild.
    pub fn reads_every_page(job: Job) -> bool {
        matches!(job, Job::Machine)
    }

    /// The signature of everything `job` reads: equal signatures give equal output.
    pub fn signature(&self, job: Job) -> u64 {
        let mut signature = Signature {
            hash: DefaultHasher::new(),
            prints: self.prints,
        };
        self.read(job, &mut signature);
        signature.hash.finish()
    }

    /// Tells `reading` what `job` reads. Keep in step with `render::Renderer::render`.
    pub fn read(&self, job: Job, reading: &mut impl Reading) {
        let site = self.site;
        let template = |name: &str| self.templates.stamp(name);
        match job {
            Job::Home => {
                let home = site.home();
                reading.value(template(home.template()));
                reading.input(Input::Section(0));
                reading.value(self.layout.latest.len());
                listed(reading, &self.layout.latest);
                for &section in &home.subsections {
                    reading.input(Input::Section(section));
                }
            }
            Job::Section(index, step) => {
                let section = &site.sections[index];
                reading.value(template(section.template()));
                reading.input(Input::Section(index));
                reading.value((step, section.pages.len()));
                let size = section.paginate_by.unwrap_or(section.pages.len().max(1));
                let start = ((step - 1) * size).min(section.pages.len());
                let end = (start + size).min(section.pages.len());
                reading.value(end - start);
                listed(reading, &section.pages[start..end]);
            }
            Job::Page(index) => {
                let page = &site.pages[index];
                reading.value(template(page.template()));
                reading.input(Input::Page(index));
                reading.input(Input::SectionLink(page.section));
                let (before, after) = self.layout.neighbours[index];
                for neighbour in [before, after] {
                    reading.value(neighbour.is_some());
                    listed(reading, neighbour.as_slice());
                }
                reading.value(site.series_of(index).map(|series| &series.name));
                reading.value(&self.layout.series[index]);
                listed(reading, &self.layout.series[index]);
            }
            Job::TagIndex => {
                reading.value(template("taxonomy_list.html"));
                for term in &site.terms {
                    reading.value((&term.name, &term.slug, term.pages.len()));
                }
            }
            Job::Tag(index) => {
                let term = &site.terms[index];
                reading.value(template("taxonomy_single.html"));
                reading.value((&term.name, &term.slug, term.pages.len()));
                listed(reading, &term.pages);
            }
            Job::NotFound => reading.value(template("404.html")),
            // Feeds (their newest pages), the sitemap (every page's URL and dates).
            Job::Machine => {
                reading.value(self.layout.shape);
                for page in &site.pages {
                    reading.value(page.updated);
                }
                for &page in &self.layout.feed_entries {
                    reading.input(Input::Page(page));
                }
            }
            // The booklet: every worksheet as its own page shows it; `print.css`.
            Job::Print => {
                reading.value(template("print.html"));
                reading.value(self.layout.shape);
                for &worksheet in &self.layout.worksheets {
                    reading.input(Input::Page(worksheet));
                    let (before, after) = self.layout.neighbours[worksheet];
                    for neighbour in [before, after] {
                        reading.value(neighbour.is_some());
                        listed(reading, neighbour.as_slice());
                    }
                }
            }
        }
    }
}

/// Reads the summaries of `pages`. A summary names its page (its URL is in it), so listing
/// summaries lists pages.
fn listed(reading: &mut impl Reading, pages: &[usize]) {
    for &page in pages {
        reading.input(Input::Summary(page));
    }
}

/// Sums up what a job reads.
struct Signature<'a> {
    hash: DefaultHasher,
    prints: &'a Fingerprints,
}

impl Reading for Signature<'_> {
    fn value(&mut self, value: impl Hash) {
        value.hash(&mut self.hash);
    }

    fn input(&mut self, input: Input) {
        self.hash.write_u64(self.prints.of(input));
    }
}
