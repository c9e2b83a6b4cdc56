//! A page: one Markdown file of the site (an article, a worksheet, a quiz or a plain page).

use std::hash::{Hash, Hasher};
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Serialize};

use crate::config::Paper;
use crate::model::date::Date;
use crate::model::document::Document;
use crate::model::html::Html;
use crate::model::quiz::Quiz;
use crate::model::toc::TocEntry;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PageKind {
    #[default]
    Article,
    Worksheet,
    Quiz,
    Page,
}

impl PageKind {
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Article => "article",
            PageKind::Worksheet => "worksheet",
            PageKind::Quiz => "quiz",
            PageKind::Page => "page",
        }
    }

    /// The theme template that renders pages of this kind.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Article => "article.html",
            PageKind::Worksheet => "worksheet.html",
            PageKind::Quiz => "quiz.html",
            PageKind::Page => "page.html",
        }
    }
}

/// A page's Markdown, rendered, and what was learnt while rendering it.
#[derive(Debug, Clone, Default, PartialEq, Hash, Deserialize, Serialize)]
pub struct Content {
    pub html: Html,
    pub summary_html: String,
    pub toc: Vec<TocEntry>,
    /// Every heading id, for checking `@/page.md#anchor` links.
    pub anchors: Anchors,
    pub word_count: usize,
    /// The page's `image`, found: its path from the site's root (`articles/a/cover.png`).
    pub image: Option<String>,
    /// The text as the search index knows it (empty when search is off).
    pub search_text: SearchText,
}

/// The ids of a body that links may point to (`@/page.md#id`), in order: one string, an id to a
/// line, for a site holds every page's. (An id with a line break in it is never looked for.)
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub struct Anchors(Box<str>);

impl Anchors {
    pub fn new<S: AsRef<str>>(ids: &[S]) -> Self {
        let ids: Vec<&str> = ids.iter().map(AsRef::as_ref).collect();
        Self(ids.join("\n").into_boxed_str())
    }

    pub fn contains(&self, id: &str) -> bool {
        self.iter().any(|held| held == id)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.0.split('\n').filter(|id| !id.is_empty())
    }
}

/// What the search index keeps of a page's text (body and quiz questions) from one run to the
/// next: a hash of it, and whether the text is at hand. The words themselves are counted from
/// the HTML when the index scores the page (`render::search::page_words`), so that a site never
/// holds every page's words at once. It follows from the HTML, so it adds nothing to a page's
/// hash.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
pub struct SearchText {
    /// Whether the text is at hand (false once stored and read back: the page is hollow).
    #[serde(skip)]
    known: bool,
    stamp: u64,
}

impl SearchText {
    /// Of a body rendered as `html`, with the questions of its quiz.
    pub fn of(html: &Html, quiz: Option<&Quiz>) -> Self {
        let mut hasher = xxhash_rust::xxh3::Xxh3Default::new();
        html.hash(&mut hasher);
        for question in quiz.iter().flat_map(|quiz| &quiz.questions) {
            question.prompt.html.hash(&mut hasher);
        }
        Self {
            known: true,
            stamp: hasher.finish(),
        }
    }

    /// A hash of the text, kept when the text is not.
    pub fn stamp(&self) -> u64 {
        self.stamp
    }

    /// Whether the text is at hand: not when the page was read back from a build cache.
    pub fn known(&self) -> bool {
        self.known
    }
}

impl Hash for SearchText {
    fn hash<H: Hasher>(&self, _: &mut H) {}
}

impl Content {
    /// Minutes to read at 200 words a minute, at least one.
    pub fn reading_time(&self) -> usize {
        self.word_count.div_ceil(200).max(1)
    }
}

/// Stored in the build cache (`build::cache`) without its body, rendered HTML, table of contents
/// and quiz: a page read from it is hollow, and is parsed again before anything reads those.
#[derive(Debug, Clone, Default, PartialEq, Hash, Deserialize, Serialize)]
pub struct Page {
    #[serde(with = "crate::model::stored::hollow_document")]
    pub doc: Document,
    /// Index of the section the page belongs to, in `Site::sections`.
    pub section: usize,
    pub kind: PageKind,
    #[serde(with = "crate::model::stored::date")]
    pub date: Option<Date>,
    #[serde(with = "crate::model::stored::date")]
    pub updated: Option<Date>,
    /// The page is taken down once this date has come.
    #[serde(with = "crate::model::stored::date")]
    pub expires: Option<Date>,
    /// The series the page is a part of, and its place in it (lighter first, then by date).
    pub series: Option<String>,
    pub series_order: Option<i64>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub slug: String,
    /// Old URLs that redirect here, each with the place it is written.
    pub aliases: Vec<Alias>,
    /// Where `template` is written (line, column), for errors about it.
    pub template_place: (usize, usize),
    /// The `image` key as written: the picture shown when the page is shared.
    pub image: Option<String>,
    /// Where the `image` key is in the file.
    pub image_place: (usize, usize),
    pub paper: Paper,
    /// The questions and results of a quiz page.
    #[serde(skip)]
    pub quiz: Option<Quiz>,
}

impl Deref for Page {
    type Target = Document;

    fn deref(&self) -> &Document {
        &self.doc
    }
}

impl DerefMut for Page {
    fn deref_mut(&mut self) -> &mut Document {
        &mut self.doc
    }
}

/// An old URL of a page (`/old-name/`), which gets a redirect to the page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub struct Alias {
    pub url: String,
    /// Where the alias is written in the page's file.
    pub line: usize,
    pub col: usize,
}

impl Page {
    pub fn template(&self) -> &str {
        self.template.as_deref().unwrap_or(self.kind.template())
    }
}
