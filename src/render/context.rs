//! What templates see: borrowed, serializable views of the site's pages, sections and tags.

use serde::Serialize;

use crate::config::Settings;
use crate::model::page::Page;
use crate::model::quiz::Quiz;
use crate::model::section::Section;
use crate::model::site::Site;
use crate::model::taxonomy::Term;
use crate::model::toc::TocEntry;

/// Builds views of one site for one settings; cheap to share between threads.
pub struct Views<'a> {
    pub site: &'a Site,
    pub settings: &'a Settings,
}

#[derive(Serialize)]
pub struct TagLink<'a> {
    pub name: &'a str,
    pub path: String,
}

#[derive(Serialize)]
pub struct Summary<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub path: String,
    pub permalink: String,
    pub kind: &'static str,
    pub date: String,
    pub date_display: String,
    pub summary: &'a str,
    pub reading_time: usize,
    pub word_count: usize,
    pub tags: Vec<TagLink<'a>>,
}

#[derive(Serialize)]
pub struct PageView<'a> {
    #[serde(flatten)]
    pub summary: Summary<'a>,
    pub content: &'a str,
    pub updated: String,
    pub updated_display: String,
    pub toc: &'a [TocEntry],
    pub slug: &'a str,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Summary<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Summary<'a>>,
    pub draft: bool,
    pub paper: &'static str,
    /// The name of the page's `@page` rule in `print.css` (running header, paper size), also a
    /// class for the element that prints as that page: `print-worksheets-before-i-act`.
    pub print_page: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiz: Option<&'a Quiz>,
    /// Whether the content has highlighted code (the page then needs `highlight.css`).
    pub has_code: bool,
}

#[derive(Serialize)]
pub struct SectionLink<'a> {
    pub title: &'a str,
    pub path: String,
    pub description: &'a str,
}

#[derive(Serialize)]
pub struct SectionView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub content: &'a str,
    pub path: String,
    pub permalink: String,
    pub page_count: usize,
    /// The kind of the section's pages unless they say otherwise (`article`, `worksheet`…).
    pub page_kind: &'static str,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
}

#[derive(Serialize)]
pub struct Paginator<'a> {
    pub pages: Vec<Summary<'a>>,
    pub current_index: usize,
    pub number_pagers: usize,
    pub first: String,
    pub last: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    pub total_pages: usize,
    /// Every step of the pagination: `{ index, path }`, for numbered links.
    pub pagers: Vec<Pager>,
}

#[derive(Serialize)]
pub struct Pager {
    pub index: usize,
    pub path: String,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub path: String,
    pub permalink: String,
    pub page_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Vec<Summary<'a>>>,
}

#[derive(Serialize)]
pub struct TaxonomyView {
    pub name: &'static str,
    pub path: String,
}

#[derive(Serialize)]
pub struct MenuItem<'a> {
    pub name: &'a str,
    pub url: String,
    pub active: bool,
}

impl<'a> Views<'a> {
    pub fn summary(&self, index: usize) -> Summary<'a> {
        let page: &'a Page = &self.site.pages[index];
        Summary {
            title: &page.title,
            description: &page.description,
            path: self.settings.url_path(&page.site_path),
            permalink: self.settings.permalink(&page.site_path),
            kind: page.kind.name(),
            date: page.date.map(|date| date.iso()).unwrap_or_default(),
            date_display: page.date.map(|date| date.long()).unwrap_or_default(),
            summary: &page.content.summary_html,
            reading_time: page.content.reading_time(),
            word_count: page.content.word_count,
            tags: page.tags.iter().map(|tag| self.tag_link(tag)).collect(),
        }
    }

    pub fn summaries(&self, indices: &[usize]) -> Vec<Summary<'a>> {
        indices.iter().map(|&index| self.summary(index)).collect()
    }

    fn tag_link(&self, tag: &'a str) -> TagLink<'a> {
        TagLink {
            name: tag,
            path: self
                .settings
                .url_path(&format!("tags/{}/", crate::slug::slugify(tag))),
        }
    }

    pub fn page(&self, index: usize) -> PageView<'a> {
        let page: &'a Page = &self.site.pages[index];
        let (previous, next) = self.site.neighbours(index);
        PageView {
            summary: self.summary(index),
            content: &page.content.html,
            updated: page.updated.map(|date| date.iso()).unwrap_or_default(),
            updated_display: page.updated.map(|date| date.long()).unwrap_or_default(),
            toc: &page.content.toc,
            slug: &page.slug,
            extra: &page.extra,
            previous: previous.map(|p| self.summary(p)),
            next: next.map(|p| self.summary(p)),
            draft: page.draft,
            paper: page.paper.name(),
            print_page: print_page_name(&page.site_path),
            quiz: page.quiz.as_ref(),
            has_code: page.content.html.contains("class=\"hl-"),
        }
    }

    pub fn section_link(&self, section: &'a Section) -> SectionLink<'a> {
        SectionLink {
            title: &section.title,
            path: self.settings.url_path(&section.site_path),
            description: &section.description,
        }
    }

    pub fn section(&self, section: &'a Section) -> SectionView<'a> {
        SectionView {
            title: &section.title,
            description: &section.description,
            content: &section.content.html,
            path: self.settings.url_path(&section.site_path),
            permalink: self.settings.permalink(&section.site_path),
            page_count: section.pages.len(),
            page_kind: section.page_kind.name(),
            extra: &section.extra,
        }
    }

    pub fn term(&self, term: &'a Term, with_pages: bool) -> TermView<'a> {
        let site_path = format!("tags/{}/", term.slug);
        TermView {
            name: &term.name,
            slug: &term.slug,
            path: self.settings.url_path(&site_path),
            permalink: self.settings.permalink(&site_path),
            page_count: term.pages.len(),
            pages: with_pages.then(|| self.summaries(&term.pages)),
        }
    }

    pub fn taxonomy(&self) -> TaxonomyView {
        TaxonomyView {
            name: "tags",
            path: self.settings.url_path("tags/"),
        }
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

/// `worksheets/before-i-act/` → `print-worksheets-before-i-act`: a CSS name for a page's print rules.
pub fn print_page_name(site_path: &str) -> String {
    format!("print-{}", crate::slug::slugify(site_path))
}
