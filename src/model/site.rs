//! The whole site: pages placed in their sections, in order, with tags and a link index.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use crate::error::{Diagnostic, Location};
use crate::model::document::Document;
use crate::model::page::{Page, PageKind};
use crate::model::schedule::Publication;
use crate::model::section::Section;
use crate::model::section::SortBy;
use crate::model::series::{Series, collect_series};
use crate::model::taxonomy::{TAG_INDEX_PATH, Term, collect_terms};

/// A content file, read: a page, or a section's `_index.md`.
#[derive(Debug, Clone)]
pub enum ParsedFile {
    /// A page, and the kind its header names (its section's default applies when it names none).
    Page(Box<Page>, Option<PageKind>),
    Section(Box<Section>),
}

/// Stored in the build cache (`build::cache`), its pages hollow (see `Page`).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Site {
    /// Every published page, in source-path order.
    pub pages: Vec<Page>,
    /// Every section, in source-path order; the home (`_index.md`) is first.
    pub sections: Vec<Section>,
    pub terms: Vec<Term>,
    /// Every series, by name.
    pub series: Vec<Series>,
    /// Indices of dated pages, newest first.
    pub newest_first: Vec<usize>,
    /// `articles/x.md` → index in `pages`, for `@/` links.
    #[serde(skip)]
    pub page_by_content_path: HashMap<String, usize>,
}

impl Site {
    /// What `page_by_content_path` holds for `pages` (after reading a stored site).
    pub fn content_path_index(pages: &[Page]) -> HashMap<String, usize> {
        (pages.iter().enumerate())
            .map(|(index, page)| (page.content_path.clone(), index))
            .collect()
    }

    pub fn home(&self) -> &Section {
        &self.sections[0]
    }

    /// Every page's document, then every section's.
    pub fn documents(&self) -> impl Iterator<Item = &Document> {
        let pages = self.pages.iter().map(|page| &page.doc);
        pages.chain(self.sections.iter().map(|section| &section.doc))
    }

    /// The series `page` is a part of.
    pub fn series_of(&self, page: usize) -> Option<&Series> {
        self.pages[page].series.as_ref()?;
        self.series
            .iter()
            .find(|series| series.part_of(page).is_some())
    }

    /// The URL path (from the site's root, no leading slash) of a page or section file.
    pub fn site_path_of(&self, content_path: &str) -> Option<&str> {
        if let Some(&index) = self.page_by_content_path.get(content_path) {
            return Some(&self.pages[index].site_path);
        }
        self.sections
            .iter()
            .find(|section| section.content_path == content_path)
            .map(|section| section.site_path.as_str())
    }

    /// The page that comes before and after `page` in its section's reading order.
    pub fn neighbours(&self, page: usize) -> (Option<usize>, Option<usize>) {
        let section = &self.sections[self.pages[page].section];
        let Some(position) = section.pages.iter().position(|&p| p == page) else {
            return (None, None);
        };
        Self::neighbours_at(section, position)
    }

    /// The neighbours of the page at `position` in `section`'s listing.
    pub fn neighbours_at(section: &Section, position: usize) -> (Option<usize>, Option<usize>) {
        let before = position.checked_sub(1).map(|p| section.pages[p]);
        let after = section.pages.get(position + 1).copied();
        match section.sort_by {
            // Listed newest first; read oldest first.
            SortBy::Date => (after, before),
            SortBy::Weight | SortBy::Title => (before, after),
        }
    }
}

/// Places parsed files into a site: drafts, future and expired pages left out as `publication`
/// says, every page in the nearest section above it, sections in a tree, pages ordered, tags
/// gathered. URLs are checked apart (`url_collisions`): this is the site as placed, even when
/// two files claim one URL.
pub(crate) fn place(files: Vec<ParsedFile>, site_title: &str, publication: &Publication) -> Site {
    let mut pages = Vec::with_capacity(files.len());
    let mut sections = Vec::new();
    let mut declared_kinds = Vec::with_capacity(files.len());
    for file in files {
        match file {
            ParsedFile::Page(page, kind) if publication.publishes(&page) => {
                pages.push(*page);
                declared_kinds.push(kind);
            }
            ParsedFile::Page(..) => {}
            ParsedFile::Section(section) => sections.push(*section),
        }
    }
    sections.sort_by(home_first);
    if sections.first().is_none_or(|section| !section.is_home()) {
        sections.insert(0, default_home(site_title));
    }
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by(|&a, &b| pages[a].content_path.cmp(&pages[b].content_path));
    let mut sorted_pages = Vec::with_capacity(pages.len());
    let mut sorted_kinds = Vec::with_capacity(pages.len());
    let mut slots: Vec<Option<Page>> = pages.into_iter().map(Some).collect();
    for index in order {
        sorted_pages.push(slots[index].take().expect("each page is taken once"));
        sorted_kinds.push(declared_kinds[index]);
    }
    let mut pages = sorted_pages;

    let section_by_folder: HashMap<String, usize> = sections
        .iter()
        .enumerate()
        .map(|(index, section)| (section.site_path.trim_end_matches('/').to_string(), index))
        .collect();
    for index in 1..sections.len() {
        let folder = sections[index].site_path.trim_end_matches('/').to_string();
        let parent = nearest_section(&section_by_folder, parent_folder(&folder));
        sections[index].parent = Some(parent);
        sections[parent].subsections.push(index);
    }
    for (index, page) in pages.iter_mut().enumerate() {
        let folder = parent_folder(&page.content_path);
        page.section = nearest_section(&section_by_folder, folder);
        if sorted_kinds[index].is_none() {
            page.kind = sections[page.section].page_kind;
        }
        sections[page.section].pages.push(index);
    }
    for section in 0..sections.len() {
        let mut members = std::mem::take(&mut sections[section].pages);
        members.sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], sections[section].sort_by));
        sections[section].pages = members;
        let mut children = std::mem::take(&mut sections[section].subsections);
        children.sort_by(|&a, &b| {
            let (a, b) = (&sections[a], &sections[b]);
            a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title))
        });
        sections[section].subsections = children;
    }
    let mut newest_first: Vec<usize> = (0..pages.len())
        .filter(|&i| pages[i].date.is_some())
        .collect();
    newest_first.sort_by(|&a, &b| compare_pages(&pages[a], &pages[b], SortBy::Date));
    let terms = collect_terms(&pages, &newest_first);
    let series = collect_series(&pages);
    let page_by_content_path = pages
        .iter()
        .enumerate()
        .map(|(index, page)| (page.content_path.clone(), index))
        .collect();
    Site {
        pages,
        sections,
        terms,
        series,
        newest_first,
        page_by_content_path,
    }
}

/// Everything of a page that [`place`] reads besides its file's path and its kind: two versions
/// of a page with the same key (and kind) are placed alike, so one can replace the other.
pub(crate) fn placement_key(page: &Page) -> impl Eq + '_ {
    (
        page.draft,
        page.date,
        page.expires,
        (&page.series, page.series_order),
        page.weight,
        &page.title,
        &page.tags,
        &page.site_path,
        &page.aliases,
    )
}

fn home_first(a: &Section, b: &Section) -> Ordering {
    b.is_home()
        .cmp(&a.is_home())
        .then_with(|| a.content_path.cmp(&b.content_path))
}

fn default_home(site_title: &str) -> Section {
    Section {
        doc: Document {
            content_path: "_index.md".to_string(),
            title: site_title.to_string(),
            body_first_line: 1,
            ..Document::default()
        },
        sort_by: SortBy::Date,
        paginate_by: None,
        page_kind: PageKind::Page,
        pages: Vec::new(),
        subsections: Vec::new(),
        parent: None,
    }
}

fn parent_folder(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

fn nearest_section(section_by_folder: &HashMap<String, usize>, mut folder: &str) -> usize {
    loop {
        if let Some(&index) = section_by_folder.get(folder) {
            return index;
        }
        if folder.is_empty() {
            return 0;
        }
        folder = parent_folder(folder);
    }
}

/// Dates newest first (undated last), weights lightest first, titles A to Z; then by file.
pub(crate) fn compare_pages(a: &Page, b: &Page, sort_by: SortBy) -> Ordering {
    let primary = match sort_by {
        SortBy::Date => match (&a.date, &b.date) {
            (Some(x), Some(y)) => y.cmp(x),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        },
        SortBy::Weight => a.weight.cmp(&b.weight),
        SortBy::Title => a.title.to_lowercase().cmp(&b.title.to_lowercase()),
    };
    primary
        .then_with(|| a.title.cmp(&b.title))
        .then_with(|| a.content_path.cmp(&b.content_path))
}

/// Every URL must belong to one file only: pages, sections, aliases and tag pages. URLs that
/// differ only in case clash too: a case-insensitive file system (macOS, Windows) writes them
/// to one file. An alias is blamed at its own line.
pub(crate) fn url_collisions(site: &Site) -> Vec<Diagnostic> {
    let mut claims = Claims::default();
    for section in &site.sections {
        let owner = if section.source.is_empty() {
            "the home page"
        } else {
            &section.source
        };
        let place = Location::new(&section.source, 1, 1);
        claims.claim(&section.site_path, owner, place);
    }
    claims.claim(TAG_INDEX_PATH, "the tag index", Location::new("", 1, 1));
    for term in &site.terms {
        let place = Location::new("", 1, 1);
        claims.claim(&term.site_path(), "a tag page", place);
    }
    for page in &site.pages {
        let place = Location::new(&page.source, 1, 1);
        claims.claim(&page.site_path, &page.source, place);
    }
    for page in &site.pages {
        for alias in &page.aliases {
            let place = Location::new(&page.source, alias.line, alias.col);
            claims.alias(&alias.url, page, place);
        }
    }
    claims.errors
}

/// URLs claimed so far, by the file that serves them (in lower case), with their owners.
#[derive(Default)]
struct Claims {
    owners: BTreeMap<String, (String, String)>,
    errors: Vec<Diagnostic>,
}

impl Claims {
    /// `/a/b` → (`a/b/`, `a/b/index.html` in lower case): the URL as shown, and its file.
    fn url_and_file(path: &str) -> (String, String) {
        let url = path.trim_start_matches('/');
        let url = if url.ends_with(".html") || url.ends_with('/') || url.is_empty() {
            url.to_string()
        } else {
            format!("{url}/")
        };
        let file = crate::output::OutputPath::for_url(&url)
            .map_or_else(|_| url.clone(), |file| file.to_string());
        (url, file.to_lowercase())
    }

    fn claim(&mut self, path: &str, owner: &str, place: Location) {
        let (url, file) = Self::url_and_file(path);
        match self.owners.get(&file) {
            Some((first_url, first)) if *first_url != url => self.errors.push(Diagnostic::at(
                place,
                format!("the URL /{url} differs only in case from /{first_url}, used by {first}; expected URLs that differ in more than case, as a case-insensitive file system would write both to one file"),
            )),
            Some((_, first)) if first != owner => self.errors.push(Diagnostic::at(
                place,
                format!("the URL /{url} is already used by {first}; expected a different `slug`, file name or alias"),
            )),
            Some(_) => {}
            None => {
                self.owners.insert(file, (url, owner.to_string()));
            }
        }
    }

    /// An alias is never the page's own URL: the redirect would take the page's place.
    fn alias(&mut self, path: &str, page: &Page, place: Location) {
        let (url, file) = Self::url_and_file(path);
        if file == Self::url_and_file(&page.site_path).1 {
            self.errors.push(Diagnostic::at(
                place,
                format!("alias /{url} is the page's own URL; expected an old URL to redirect from"),
            ));
        } else {
            self.claim(path, &page.source, place);
        }
    }
}
