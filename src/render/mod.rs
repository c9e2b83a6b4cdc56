//! Rendering: the site model and the theme's templates become output files, in parallel.

pub(crate) mod absolute_links;
pub(crate) mod blocks;
pub(crate) mod context;
pub(crate) mod feeds;
pub(crate) mod hosting;
mod job;
pub(crate) mod paged_media;
pub(crate) mod prose;
pub(crate) mod queries;
pub(crate) mod reads;
pub(crate) mod relative_links;
pub(crate) mod search;
mod shares;
pub mod social;
pub mod structured;
pub mod templates;
pub(crate) mod views;

use tera::Context;

use crate::config::Settings;
use crate::error::Diagnostic;
use crate::model::site::Site;
use job::Rendering;
use reads::{Input, Reads};
use templates::Templates;
use views::Views;

/// A file of the built site: its path under the output folder and its bytes.
pub type Rendered = (crate::output::OutputPath, Vec<u8>);

/// One file to render; jobs are independent, so they run on every core.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Home,
    /// A section's pagination step (1-based).
    Section(usize, usize),
    Page(usize),
    TagIndex,
    Tag(usize),
    NotFound,
    /// The sitemap, robots.txt and the highlighting stylesheet.
    Machine,
    /// The Atom feed of the site (section 0) or of a section: a job of its own, so that an edit
    /// renders again only the feeds whose pages it touches.
    SectionFeed(usize),
    /// The Atom feed of a tag.
    TagFeed(usize),
    /// The booklet of every worksheet (`/print/`) and the site's `print.css`.
    Print,
    /// `_headers` and `_redirects`, for static hosts.
    Hosting,
    /// The search index (`search/`).
    Search,
}

/// PDFs made by `hearth pdf`: the site path of the page each prints → the PDF's URL path.
pub type PrintedPdfs = std::collections::BTreeMap<String, String>;

/// Every job the site needs.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Home,
        Job::TagIndex,
        Job::NotFound,
        Job::Machine,
        Job::Print,
        Job::Hosting,
        Job::Search,
    ];
    for (index, section) in site.sections.iter().enumerate().skip(1) {
        for step in 1..=pager_count(section.pages.len(), section.paginate_by) {
            jobs.push(Job::Section(index, step));
        }
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((0..site.terms.len()).map(Job::Tag));
    jobs.extend((0..site.sections.len()).map(Job::SectionFeed));
    jobs.extend((0..site.terms.len()).map(Job::TagFeed));
    jobs
}

pub(crate) fn pager_count(pages: usize, paginate_by: Option<usize>) -> usize {
    match paginate_by {
        Some(size) if pages > 0 => pages.div_ceil(size),
        _ => 1,
    }
}

pub struct Renderer<'a> {
    site: &'a Site,
    settings: &'a Settings,
    templates: &'a Templates,
    base: Context,
    pdfs: PrintedPdfs,
    cards: Option<&'a crate::cards::CardPainter>,
    search: Option<&'a search::SearchMemo>,
    listed: context::ListedSummaries,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, settings: &'a Settings, templates: &'a Templates) -> Self {
        let mut config = settings.config.clone();
        config.base_url = settings.base_url.clone();
        let mut base = Context::new();
        base.insert("config", &config);
        base.insert("root", &settings.base_path);
        base.insert("feed_url", &settings.url_path("atom.xml"));
        let advice = settings.config.safety.advice.trim_start_matches('/');
        if !advice.is_empty() {
            base.insert("safety_advice", &settings.url_path(advice));
        }
        Self {
            site,
            settings,
            templates,
            base,
            pdfs: PrintedPdfs::new(),
            cards: None,
            search: None,
            listed: context::ListedSummaries::for_pages(site.pages.len()),
        }
    }

    /// Pages that have a PDF get its path as `pdf`.
    pub fn with_pdfs(mut self, pdfs: PrintedPdfs) -> Self {
        self.pdfs = pdfs;
        self
    }

    /// Pages without an `image` of their own get a card painted by `painter`.
    pub fn with_cards(mut self, painter: Option<&'a crate::cards::CardPainter>) -> Self {
        self.cards = painter;
        self
    }

    /// The search index is made from what `memo` kept of the last one, and kept there.
    pub(crate) fn with_search_memo(mut self, memo: Option<&'a search::SearchMemo>) -> Self {
        self.search = memo;
        self
    }

    pub fn render(&self, job: Job) -> Result<Vec<Rendered>, Diagnostic> {
        self.render_recorded(job).0
    }

    /// Renders `job`, and tells what it read (all of it, whether or not it rendered).
    pub fn render_recorded(&self, job: Job) -> (Result<Vec<Rendered>, Diagnostic>, Vec<Input>) {
        let reads = Reads::default();
        let files = Rendering {
            views: Views::recording(self.site, self.settings, &reads, &self.listed),
            templates: self.templates,
            base: &self.base,
            pdfs: &self.pdfs,
            cards: self.cards,
            search: self.search,
        }
        .render(job);
        (files, reads.into_inputs())
    }
}
