//! What templates see: borrowed, serializable views of the site's pages, sections and tags
//! (made by `views::Views`).

use std::borrow::Cow;

use serde::Serialize;

use crate::model::quiz::Quiz;
use crate::model::toc::TocEntry;

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

/// A page's `Summary` as templates see it in a list: made into a template value once per run
/// (`ListedSummaries`) and shared by every list the page is in, a tag's or a section's.
#[derive(Clone)]
pub struct Listed(tera::Value);

impl Serialize for Listed {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// Every page's `Listed` summary, each made the first time a job of the run lists the page;
/// on a site of `KEPT_UP_TO_PAGES` pages or more, made again wherever a list shows it.
pub(crate) struct ListedSummaries(Vec<std::sync::OnceLock<Listed>>);

impl ListedSummaries {
    /// Each summary kept is about 3 KB: 100,000 pages would hold 300 MB more through the run.
    const KEPT_UP_TO_PAGES: usize = 20_000;
    /// From how many summaries dropping them goes to a thread of its own.
    const FREED_APART_FROM: usize = 1_000;

    pub(crate) fn for_pages(count: usize) -> Self {
        let kept = if count < Self::KEPT_UP_TO_PAGES {
            count
        } else {
            0
        };
        Self((0..kept).map(|_| std::sync::OnceLock::new()).collect())
    }

    pub(crate) fn get<'a>(&self, index: usize, summary: impl FnOnce() -> Summary<'a>) -> Listed {
        let make = || Listed(tera::Value::from_serializable(&summary()));
        match self.0.get(index) {
            Some(kept) => kept.get_or_init(make).clone(),
            None => make(),
        }
    }
}

impl Drop for ListedSummaries {
    /// A full build made a summary of every page: freeing them all takes tens of milliseconds
    /// that nothing waits for, so a large set is let go of on a thread of its own.
    fn drop(&mut self) {
        if self.0.len() >= Self::FREED_APART_FROM {
            let summaries = std::mem::take(&mut self.0);
            crate::drop_apart(summaries);
        }
    }
}

#[derive(Serialize)]
pub struct PageView<'a> {
    #[serde(flatten)]
    pub summary: Summary<'a>,
    pub content: Cow<'a, str>,
    pub updated: String,
    pub updated_display: String,
    pub toc: &'a [TocEntry],
    pub slug: &'a str,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<Listed>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<Listed>,
    pub draft: bool,
    /// Dated after the build's "now" (published only with `--future` or by `hearth serve`).
    pub scheduled: bool,
    pub paper: &'static str,
    /// The name of the page's `@page` rule in `print.css` (running header, paper size), also a
    /// class for the element that prints as that page: `print-worksheets-before-i-act`.
    pub print_page: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quiz: Option<&'a Quiz>,
    /// Whether the content has highlighted code (the page then needs `highlight.css`).
    pub has_code: bool,
    /// Whether the content has a table, a code block or footnotes (the theme's long-read rules).
    pub has_rich_prose: bool,
    /// Whether the content has heading anchors.
    pub has_anchors: bool,
    /// Whether the content has callouts, task lists, quotes, rules or images.
    pub has_prose_extras: bool,
    /// The series the page is a part of.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<SeriesView<'a>>,
}

/// A series as one of its pages shows it: "Part 2 of 3", and every part.
#[derive(Serialize)]
pub struct SeriesView<'a> {
    pub name: &'a str,
    /// The page's own part, from 1.
    pub part: usize,
    pub count: usize,
    pub parts: Vec<SeriesPart<'a>>,
}

#[derive(Serialize)]
pub struct SeriesPart<'a> {
    pub title: &'a str,
    pub path: String,
    pub current: bool,
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
    pub content: Cow<'a, str>,
    pub path: String,
    pub permalink: String,
    pub page_count: usize,
    /// The kind of the section's pages unless they say otherwise (`article`, `worksheet`…).
    pub page_kind: &'static str,
    pub extra: &'a serde_json::Map<String, serde_json::Value>,
    /// Whether the content has heading anchors.
    pub has_anchors: bool,
    /// Whether the content has callouts, task lists, quotes, rules or images.
    pub has_prose_extras: bool,
    /// Whether the content has highlighted code (`highlight.css`) or tables, footnotes and
    /// code blocks (`rich-prose.css`), as a page's may.
    pub has_code: bool,
    pub has_rich_prose: bool,
}

#[derive(Serialize)]
pub(crate) struct Paginator {
    pub pages: Vec<Listed>,
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
pub(crate) struct Pager {
    pub index: usize,
    pub path: String,
}

#[derive(Serialize)]
pub struct TermView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub path: String,
    pub permalink: String,
    /// The URL path of the tag's own Atom feed.
    pub feed_path: String,
    pub page_count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<Vec<Listed>>,
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

/// `worksheets/before-i-act/` → `print-worksheets-before-i-act`: a CSS name for a page's print rules.
pub(crate) fn print_page_name(site_path: &str) -> String {
    format!("print-{}", crate::slug::slugify(site_path))
}
