//! The one way a render job reads the site: each accessor hands out a view (or a part of the
//! model) and notes in the job's `Reads` the input it came from, so what a job read is recorded
//! by the code that renders it. The lists the accessors hand out (the newest articles, a feed's
//! entries, the worksheets, the sitemap) are the `queries` functions, which also stamp them.

use crate::config::Settings;
use crate::model::page::Page;
use crate::model::section::Section;
use crate::model::site::Site;
use crate::model::taxonomy::TAG_INDEX_PATH;
use crate::render::context::{
    Listed, ListedSummaries, MenuItem, PageView, SectionLink, SectionView, SeriesPart, SeriesView,
    Summary, TagLink, TaxonomyView, TermView, print_page_name,
};
use crate::render::prose::ProseParts;
use crate::render::queries;
use crate::render::reads::{Input, Reads};

/// Views of one site for one settings, for one job (noting what it reads) or for stamping
/// inputs (noting nothing).
pub struct Views<'a> {
    site: &'a Site,
    settings: &'a Settings,
    reads: Option<&'a Reads>,
    listed: &'a ListedSummaries,
}

impl<'a> Views<'a> {
    /// Views for one job, noting in `reads` what it reads; every job reads the settings.
    pub(crate) fn recording(
        site: &'a Site,
        settings: &'a Settings,
        reads: &'a Reads,
        listed: &'a ListedSummaries,
    ) -> Self {
        reads.note(Input::Config);
        Self {
            site,
            settings,
            reads: Some(reads),
            listed,
        }
    }

    fn note(&self, input: Input) {
        if let Some(reads) = self.reads {
            reads.note(input);
        }
    }

    /// The settings (noted when the views were made).
    pub fn settings(&self) -> &'a Settings {
        self.settings
    }

    /// A template about to be rendered with what the job read.
    pub fn template(&self, name: &str) {
        self.note(Input::Template(name.to_string()));
    }

    /// The model of a page, everything of it.
    pub fn page_model(&self, index: usize) -> &'a Page {
        self.note(Input::Page(index));
        &self.site.pages[index]
    }

    /// A page as the search index reads it: its header, headings and the words of its text,
    /// known by `Content::search_text` (see `Input::SearchText`).
    pub fn search_model(&self, index: usize) -> &'a Page {
        self.note(Input::SearchText(index));
        &self.site.pages[index]
    }

    /// The header and body of a section (not which pages and sections it holds).
    pub fn section_model(&self, index: usize) -> &'a Section {
        self.note(Input::Section(index));
        &self.site.sections[index]
    }

    /// How many pages the site has.
    pub fn page_count(&self) -> usize {
        self.note(Input::Urls);
        self.site.pages.len()
    }

    /// How many sections the site has (the home is section 0).
    pub fn section_count(&self) -> usize {
        self.note(Input::Urls);
        self.site.sections.len()
    }

    /// The pages a section lists, in its order.
    pub fn section_pages(&self, index: usize) -> &'a [usize] {
        self.note(Input::SectionPages(index));
        &self.site.sections[index].pages
    }

    /// The sections a section holds, in order.
    pub fn subsections(&self, index: usize) -> &'a [usize] {
        self.note(Input::Subsections(index));
        &self.site.sections[index].subsections
    }

    pub fn summary(&self, index: usize) -> Summary<'a> {
        self.note(Input::Summary(index));
        queries::summary(self.site, self.settings, index)
    }

    /// A page's summary as a list shows it (the same as `summary`, made once a run).
    pub fn listed(&self, index: usize) -> Listed {
        self.note(Input::Summary(index));
        (self.listed).get(index, || queries::summary(self.site, self.settings, index))
    }

    pub fn listed_all(&self, indices: &[usize]) -> Vec<Listed> {
        indices.iter().map(|&index| self.listed(index)).collect()
    }

    pub fn page(&self, index: usize) -> PageView<'a> {
        let page = self.page_model(index);
        self.note(Input::Neighbours(index));
        let (previous, next) = self.site.neighbours(index);
        let content = page.content.html.text();
        let parts = ProseParts::of(&content);
        PageView {
            summary: queries::summary(self.site, self.settings, index),
            has_code: parts.code,
            has_rich_prose: parts.rich,
            has_anchors: parts.anchors,
            has_prose_extras: parts.extras,
            content,
            updated: page.updated.map(|date| date.iso()).unwrap_or_default(),
            updated_display: page.updated.map(|date| date.long()).unwrap_or_default(),
            toc: &page.content.toc,
            slug: &page.slug,
            extra: &page.extra,
            previous: previous.map(|p| self.listed(p)),
            next: next.map(|p| self.listed(p)),
            draft: page.draft,
            scheduled: self.settings.publication().is_scheduled(page),
            paper: page.paper.name(),
            print_page: print_page_name(&page.site_path),
            quiz: page.quiz.as_ref(),
            series: self.series(index),
        }
    }

    /// "Part N of M" of the series `index` is a part of, with each part's title and link.
    fn series(&self, index: usize) -> Option<SeriesView<'a>> {
        self.note(Input::Series(index));
        let (name, parts) = queries::series_parts(self.site, index)?;
        Some(SeriesView {
            name,
            part: parts.iter().position(|&part| part == index)? + 1,
            count: parts.len(),
            parts: (parts.iter())
                .map(|&part| {
                    let summary = self.summary(part);
                    SeriesPart {
                        title: summary.title,
                        path: summary.path,
                        current: part == index,
                    }
                })
                .collect(),
        })
    }

    pub fn section_link(&self, index: usize) -> SectionLink<'a> {
        self.note(Input::SectionLink(index));
        queries::section_link(self.site, self.settings, index)
    }

    pub fn section(&self, index: usize) -> SectionView<'a> {
        let section = self.section_model(index);
        queries::section_view(self.settings, section)
    }

    /// Every tag, without its pages.
    pub fn terms(&self) -> Vec<TermView<'a>> {
        self.note(Input::Terms);
        (0..self.site.terms.len())
            .map(|index| queries::term(self.site, self.settings, index))
            .collect()
    }

    /// One tag, with the summaries of its pages.
    pub fn term(&self, index: usize) -> TermView<'a> {
        self.note(Input::Term(index));
        let term = &self.site.terms[index];
        TermView {
            pages: Some(self.listed_all(&term.pages)),
            ..queries::term(self.site, self.settings, index)
        }
    }

    pub fn taxonomy(&self) -> TaxonomyView {
        TaxonomyView {
            name: "tags",
            path: self.settings.url_path(TAG_INDEX_PATH),
        }
    }

    /// The newest articles, as many as the home page lists.
    pub fn latest(&self) -> Vec<usize> {
        self.note(Input::Latest);
        queries::latest(self.site, self.settings)
    }

    /// The pages of the site's feed (`section` 0) or of a section's, newest first.
    pub fn feed_entries(&self, section: usize) -> Vec<usize> {
        self.note(Input::Feed(section));
        queries::feed_entries(self.site, section)
    }

    /// How many tags the site has.
    pub fn term_count(&self) -> usize {
        self.note(Input::Terms);
        self.site.terms.len()
    }

    /// A tag's slug and name and the pages of its feed, newest first.
    pub fn tag_feed(&self, index: usize) -> (&'a str, &'a str, &'a [usize]) {
        self.note(Input::Term(index));
        let term = &self.site.terms[index];
        let entries = queries::tag_feed_entries(self.site, index);
        (&term.slug, &term.name, entries)
    }

    /// The worksheets, section by section in reading order.
    pub fn worksheets(&self) -> Vec<usize> {
        self.note(Input::Worksheets);
        queries::worksheets_in_order(self.site)
    }

    /// The file (from the site's root) of the page or section at `site_path`, if any.
    pub fn owner_of(&self, site_path: &str) -> Option<&'a str> {
        self.note(Input::Urls);
        queries::owner_of(self.site, site_path)
    }

    /// Every URL of the sitemap with its last change, sorted.
    pub fn sitemap_entries(&self) -> Vec<(String, Option<String>)> {
        self.note(Input::Sitemap);
        queries::sitemap_entries(self.site, self.settings)
    }

    /// Every alias with the URL path it moved to, sorted.
    pub fn redirects(&self) -> Vec<(String, String)> {
        self.note(Input::Redirects);
        queries::redirects(self.site, self.settings)
    }

    pub fn tag_link(&self, tag: &'a str) -> TagLink<'a> {
        queries::tag_link(self.settings, tag)
    }

    /// The menu, with the entry that holds `current_path` marked active.
    pub fn menu(&self, current_path: &str) -> Vec<MenuItem<'a>> {
        self.settings
            .config
            .menu
            .iter()
            .map(|entry| {
                let url = self.settings.url_path(entry.url.trim_start_matches('/'));
                let active = if url == self.settings.base_path {
                    current_path == url
                } else {
                    current_path.starts_with(&url)
                };
                MenuItem {
                    name: &entry.name,
                    url,
                    active,
                }
            })
            .collect()
    }
}
