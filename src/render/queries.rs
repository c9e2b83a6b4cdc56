//! What render jobs ask of the site, as plain functions of it: views of one page or section,
//! and the lists jobs walk (the newest articles, a feed's entries, the worksheets, the sitemap).
//! `views::Views` hands them out and notes the asking; the build stamps them with the same
//! functions, so the stamp of an input is the stamp of what a job was handed.

use std::borrow::Cow;

use crate::config::Settings;
use crate::model::date::Date;
use crate::model::page::{Page, PageKind};
use crate::model::section::Section;
use crate::model::site::Site;
use crate::model::taxonomy::{TAG_INDEX_PATH, tag_path};
use crate::render::context::{SectionLink, SectionView, Summary, TagLink, TermView};
use crate::render::feeds::FEED_SIZE;
use crate::render::paged_media::BOOKLET_PATH;

pub(crate) use crate::render::paged_media::worksheets_in_order;

pub(crate) fn summary<'a>(site: &'a Site, settings: &Settings, index: usize) -> Summary<'a> {
    let page: &'a Page = &site.pages[index];
    Summary {
        title: &page.title,
        description: &page.description,
        path: settings.url_path(&page.site_path),
        permalink: settings.permalink(&page.site_path),
        kind: page.kind.name(),
        date: page.date.map(|date| date.iso()).unwrap_or_default(),
        date_display: page.date.map(|date| date.long()).unwrap_or_default(),
        summary: &page.content.summary_html,
        reading_time: page.content.reading_time(),
        word_count: page.content.word_count,
        tags: page
            .tags
            .iter()
            .map(|tag| tag_link(settings, tag))
            .collect(),
    }
}

pub(crate) fn tag_link<'a>(settings: &Settings, tag: &'a str) -> TagLink<'a> {
    TagLink {
        name: tag,
        path: settings.url_path(&tag_path(&crate::slug::slugify(tag))),
    }
}

pub(crate) fn section_link<'a>(
    site: &'a Site,
    settings: &Settings,
    index: usize,
) -> SectionLink<'a> {
    let section = &site.sections[index];
    SectionLink {
        title: &section.title,
        path: settings.url_path(&section.site_path),
        description: &section.description,
    }
}

pub(crate) fn section_view<'a>(settings: &Settings, section: &'a Section) -> SectionView<'a> {
    let content = section.content.html.text();
    let parts = crate::render::prose::ProseParts::of(&content);
    SectionView {
        title: &section.title,
        description: &section.description,
        has_anchors: parts.anchors,
        has_prose_extras: parts.extras,
        has_code: parts.code,
        has_rich_prose: parts.rich,
        content,
        path: settings.url_path(&section.site_path),
        permalink: settings.permalink(&section.site_path),
        page_count: section.pages.len(),
        page_kind: section.page_kind.name(),
        extra: &section.extra,
    }
}

/// A tag without its pages.
pub(crate) fn term<'a>(site: &'a Site, settings: &Settings, index: usize) -> TermView<'a> {
    let term = &site.terms[index];
    let site_path = term.site_path();
    TermView {
        name: &term.name,
        slug: &term.slug,
        path: settings.url_path(&site_path),
        permalink: settings.permalink(&site_path),
        feed_path: settings.url_path(&format!("{site_path}atom.xml")),
        page_count: term.pages.len(),
        pages: None,
    }
}

/// The newest articles, as many as `home_latest` says.
pub(crate) fn latest(site: &Site, settings: &Settings) -> Vec<usize> {
    let articles = site.newest_first.iter().copied();
    articles
        .filter(|&index| site.pages[index].kind == PageKind::Article)
        .take(settings.config.home_latest)
        .collect()
}

/// The newest dated pages of the site's feed (`section` 0: every kind but plain pages) or of a
/// section's feed (its own pages), at most `FEED_SIZE`.
pub(crate) fn feed_entries(site: &Site, section: usize) -> Vec<usize> {
    let keep = |index: usize| {
        let page = &site.pages[index];
        if section == 0 {
            page.kind != PageKind::Page
        } else {
            page.section == section
        }
    };
    let newest = site.newest_first.iter().copied();
    newest
        .filter(|&index| keep(index))
        .take(FEED_SIZE)
        .collect()
}

/// Every page's aliases, as (alias, page) URL paths, sorted.
pub(crate) fn redirects(site: &Site, settings: &Settings) -> Vec<(String, String)> {
    let mut moves: Vec<(String, String)> = (site.pages.iter())
        .flat_map(|page| {
            let to = settings.url_path(&page.site_path);
            (page.aliases.iter()).map(move |alias| {
                (
                    settings.url_path(alias.url.trim_start_matches('/')),
                    to.clone(),
                )
            })
        })
        .collect();
    moves.sort();
    moves
}

/// The newest pages of a tag's feed, at most `FEED_SIZE`.
pub(crate) fn tag_feed_entries(site: &Site, term: usize) -> &[usize] {
    let pages = &site.terms[term].pages;
    &pages[..pages.len().min(FEED_SIZE)]
}

/// The parts of the series `page` belongs to, in reading order, and the series' name.
pub(crate) fn series_parts(site: &Site, page: usize) -> Option<(&str, &[usize])> {
    let series = site.series_of(page)?;
    Some((&series.name, &series.pages))
}

/// The file (from the site's root) of the page or section whose URL is `site_path`.
pub(crate) fn owner_of<'a>(site: &'a Site, site_path: &str) -> Option<&'a str> {
    (site.documents())
        .find(|doc| doc.site_path == site_path)
        .map(|doc| doc.source.as_str())
}

/// Every HTML page's permalink with its last change where it has a date, sorted: the sitemap's
/// entries, made of `sitemap_dated` and `sitemap_undated`.
pub(crate) fn sitemap_entries(site: &Site, settings: &Settings) -> Vec<(String, Option<String>)> {
    let undated = sitemap_undated(site);
    let mut entries = Vec::with_capacity(undated.len() + site.pages.len());
    entries.extend((undated.iter()).map(|path| (settings.permalink(path), None)));
    for page in &site.pages {
        let (path, last) = sitemap_dated(page);
        entries.push((settings.permalink(path), last.map(|date| date.iso())));
    }
    entries.sort();
    entries
}

/// A page's entry in the sitemap: its path on the site and its last change.
pub(crate) fn sitemap_dated(page: &Page) -> (&str, Option<Date>) {
    (&page.site_path, page.updated.max(page.date))
}

/// The paths on the site of the sitemap's entries without a date: the home page, the sections,
/// the tags and the print booklet.
pub(crate) fn sitemap_undated(site: &Site) -> Vec<Cow<'_, str>> {
    let mut paths = vec![Cow::Borrowed("")];
    paths.extend((site.sections.iter().skip(1)).map(|section| Cow::Borrowed(&*section.site_path)));
    paths.push(Cow::Borrowed(TAG_INDEX_PATH));
    if site.pages.iter().any(|p| p.kind == PageKind::Worksheet) {
        paths.push(Cow::Borrowed(BOOKLET_PATH));
    }
    for term in &site.terms {
        paths.push(Cow::Owned(term.site_path()));
    }
    paths
}
