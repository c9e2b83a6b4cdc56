//! The stamp of every input a render job can read (`render::reads::Input`): a hash of what the
//! job is handed for it, made with the same `render::queries` functions that hand it out, so
//! stamps from two builds are equal exactly when what a job reads is. A job's signature is the
//! stamps of the inputs it recorded, in order.
//!
//! Stamps of what placing the site decides (neighbours, listings, tags, feeds, the worksheets,
//! URLs) change only when the site is placed again; pages, summaries, sections and the sitemap
//! change whenever a body is rendered again.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::build::graph::{StampHasher, TemplateGraph, view_stamp};
use crate::config::Settings;
use crate::model::site::Site;
use crate::render::queries;
use crate::render::reads::Input;

/// The stamps of one placed site's inputs, indexed like its pages, sections and tags.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub(crate) struct Fingerprints {
    pub pages: Vec<u64>,
    pub summaries: Vec<u64>,
    pub sections: Vec<u64>,
    pub section_links: Vec<u64>,
    neighbours: Vec<u64>,
    series: Vec<u64>,
    section_pages: Vec<u64>,
    subsections: Vec<u64>,
    terms: Vec<u64>,
    feeds: Vec<u64>,
    term_list: u64,
    latest: u64,
    worksheets: u64,
    urls: u64,
    sitemap: u64,
    redirects: u64,
    config: u64,
}

impl Fingerprints {
    /// Stamps what placing `site` decided; pages, summaries and sections are left for the
    /// caller to stamp (it keeps stamps of bodies), the sitemap is stamped by `restamp_sitemap`.
    pub(crate) fn placed(site: &Site, settings: &Settings) -> Self {
        let paths = |pages: &[usize]| -> u64 {
            hash_of(
                &(pages.iter())
                    .map(|&p| &site.pages[p].content_path)
                    .collect::<Vec<_>>(),
            )
        };
        let neighbours = || {
            let mut neighbours = vec![0; site.pages.len()];
            for section in &site.sections {
                let stamps: Vec<(usize, u64)> = (section.pages.par_iter().enumerate())
                    .map(|(position, &page)| {
                        let (before, after) = Site::neighbours_at(section, position);
                        let path = |page: Option<usize>| page.map(|p| &site.pages[p].content_path);
                        (page, hash_of(&(path(before), path(after))))
                    })
                    .collect();
                for (page, stamp) in stamps {
                    neighbours[page] = stamp;
                }
            }
            neighbours
        };
        let series = || {
            (0..site.pages.len())
                .into_par_iter()
                .map(|page| {
                    let parts = queries::series_parts(site, page);
                    hash_of(&parts.map(|(name, parts)| (name, paths(parts))))
                })
                .collect()
        };
        let section_paths = |indices: &[usize]| -> u64 {
            hash_of(
                &(indices.iter())
                    .map(|&s| &site.sections[s].content_path)
                    .collect::<Vec<_>>(),
            )
        };
        let terms = || {
            (0..site.terms.len())
                .into_par_iter()
                .map(|index| {
                    let view = view_stamp(&queries::term(site, settings, index));
                    hash_of(&(view, paths(&site.terms[index].pages)))
                })
                .collect::<Vec<u64>>()
        };
        let urls = || {
            let claims: Vec<(&String, &String)> = (site.documents())
                .map(|doc| (&doc.site_path, &doc.source))
                .collect();
            hash_of(&claims)
        };
        let config = || {
            let mut config = StampHasher::new();
            view_stamp(&settings.config).hash(&mut config);
            (&settings.base_url, &settings.base_path).hash(&mut config);
            // Not the build's "now" itself, which differs from one run to the next: only what
            // it decides beyond placing the pages, their "scheduled" mark.
            let publication = settings.publication();
            (publication.include_drafts, publication.include_future).hash(&mut config);
            (site.pages.iter())
                .map(|page| publication.is_scheduled(page))
                .collect::<Vec<bool>>()
                .hash(&mut config);
            config.finish()
        };
        let ((neighbours, series), ((terms, urls), config)) = rayon::join(
            || rayon::join(neighbours, series),
            || rayon::join(|| rayon::join(terms, urls), config),
        );
        Self {
            neighbours,
            series,
            section_pages: (site.sections.iter())
                .map(|section| hash_of(&(section.paginate_by, paths(&section.pages))))
                .collect(),
            subsections: (site.sections.iter())
                .map(|section| section_paths(&section.subsections))
                .collect(),
            term_list: hash_of(&terms),
            terms,
            feeds: (0..site.sections.len())
                .map(|section| paths(&queries::feed_entries(site, section)))
                .collect(),
            latest: paths(&queries::latest(site, settings)),
            worksheets: paths(&queries::worksheets_in_order(site)),
            urls,
            redirects: hash_of(&queries::redirects(site, settings)),
            config,
            ..Self::default()
        }
    }

    /// Stamps the sitemap again (it shows every page's dates); tells whether it changed.
    pub(crate) fn restamp_sitemap(&mut self, site: &Site, settings: &Settings) -> bool {
        self.set_sitemap(Self::sitemap_stamp(site, settings))
    }

    /// The sitemap's stamp, for `set_sitemap`: the entries it is made of, the pages' summed
    /// in parallel. The sitemap lists them sorted, so in whatever order they come, the same
    /// entries make the same sitemap; the sum is the same for the same entries too.
    pub(crate) fn sitemap_stamp(site: &Site, settings: &Settings) -> u64 {
        let dated = (site.pages.par_iter())
            .map(|page| hash_of(&queries::sitemap_dated(page)))
            .reduce(|| 0, u64::wrapping_add);
        let undated = queries::sitemap_undated(site);
        hash_of(&(settings.permalink(""), undated, site.pages.len(), dated))
    }

    /// Sets the sitemap's stamp; tells whether it changed.
    pub(crate) fn set_sitemap(&mut self, stamp: u64) -> bool {
        std::mem::replace(&mut self.sitemap, stamp) != stamp
    }

    /// The stamp of `input`; an input the site no longer has gets one of its own.
    pub(crate) fn of(&self, input: &Input, templates: &TemplateGraph) -> u64 {
        let at = |stamps: &[u64], index: usize| {
            stamps
                .get(index)
                .copied()
                .unwrap_or_else(|| hash_of(&("gone", input)))
        };
        match input {
            Input::Config => self.config,
            Input::Template(name) => templates.stamp(name),
            Input::Page(index) | Input::SearchText(index) => at(&self.pages, *index),
            Input::Summary(index) => at(&self.summaries, *index),
            Input::Neighbours(index) => at(&self.neighbours, *index),
            Input::Series(index) => at(&self.series, *index),
            Input::Section(index) => at(&self.sections, *index),
            Input::SectionLink(index) => at(&self.section_links, *index),
            Input::SectionPages(index) => at(&self.section_pages, *index),
            Input::Subsections(index) => at(&self.subsections, *index),
            Input::Terms => self.term_list,
            Input::Term(index) => at(&self.terms, *index),
            Input::Latest => self.latest,
            Input::Feed(index) => at(&self.feeds, *index),
            Input::Worksheets => self.worksheets,
            Input::Urls => self.urls,
            Input::Sitemap => self.sitemap,
            Input::Redirects => self.redirects,
        }
    }

    /// A job's signature: the stamps of what it read, in the order it read them.
    pub(crate) fn signature(&self, reads: &[Input], templates: &TemplateGraph) -> u64 {
        let mut hash = StampHasher::new();
        for input in reads {
            std::mem::discriminant(input).hash(&mut hash);
            self.of(input, templates).hash(&mut hash);
        }
        hash.finish()
    }
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut hash = StampHasher::new();
    value.hash(&mut hash);
    hash.finish()
}
