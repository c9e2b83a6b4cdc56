//! One render job: its template context built from `Views` (which notes everything it reads),
//! rendered into the files it makes.

use tera::Context;

use crate::error::{Diagnostic, Location};
use crate::model::taxonomy::{TAG_INDEX_PATH, tag_path};
use crate::output::OutputPath;
use crate::render::context::{Pager, Paginator};
use crate::render::paged_media::{BOOKLET_PATH, sheets_stylesheet, stylesheet};
use crate::render::relative_links::relative_links;
use crate::render::shares::CardOf::{self, Home};
use crate::render::templates::Templates;
use crate::render::views::Views;
use crate::render::{Job, PrintedPdfs, Rendered, feeds, hosting, pager_count, search};

/// What one job renders with.
pub(super) struct Rendering<'a> {
    pub views: Views<'a>,
    pub templates: &'a Templates,
    pub base: &'a Context,
    pub pdfs: &'a PrintedPdfs,
    pub cards: Option<&'a crate::cards::CardPainter>,
    pub search: Option<&'a search::SearchMemo>,
}

impl Rendering<'_> {
    pub(super) fn render(&self, job: Job) -> Result<Vec<Rendered>, Diagnostic> {
        let views = &self.views;
        match job {
            Job::Home => {
                let home = views.section_model(0);
                let mut context = self.context("");
                context.insert("section", &views.section(0));
                context.insert("latest", &views.listed_all(&views.latest()));
                let sections: Vec<_> = (views.subsections(0).iter())
                    .map(|&s| views.section(s))
                    .collect();
                context.insert("sections", &sections);
                let card = self.share_home(&mut context)?;
                with_card(self.html(home.template(), "", &context), card)
            }
            Job::Section(index, step) => self.section(index, step),
            Job::Page(index) => self.page(index),
            Job::TagIndex => {
                let mut context = self.context(TAG_INDEX_PATH);
                context.insert("taxonomy", &views.taxonomy());
                context.insert("terms", &views.terms());
                let what = ("Tags", "", "Topics");
                let steps = [("Tags", TAG_INDEX_PATH)];
                let card = self.share_listing(&mut context, what, TAG_INDEX_PATH, Home, &steps)?;
                with_card(
                    self.html("taxonomy_list.html", TAG_INDEX_PATH, &context),
                    card,
                )
            }
            Job::Tag(index) => {
                let term = views.term(index);
                let site_path = tag_path(term.slug);
                let mut context = self.context(&site_path);
                context.insert("taxonomy", &views.taxonomy());
                context.insert("term", &term);
                let steps = [("Tags", TAG_INDEX_PATH), (term.name, site_path.as_str())];
                let what = (term.name, "", "Topic");
                let card = self.share_listing(&mut context, what, &site_path, Home, &steps)?;
                with_card(
                    self.html("taxonomy_single.html", &site_path, &context),
                    card,
                )
            }
            Job::NotFound => {
                let mut context = self.context("404.html");
                let card = self.share_not_found(&mut context)?;
                let html = self
                    .templates
                    .render_for(&self.views, "404.html", &context)?;
                with_card(Ok(vec![(file("404.html")?, html.into_bytes())]), card)
            }
            Job::Machine => self.machine_files(),
            Job::SectionFeed(index) => self.section_feed(index),
            Job::TagFeed(index) => self.tag_feed(index),
            Job::Print => self.print_files(),
            Job::Search => {
                let views = &self.views;
                let settings = views.settings();
                if !settings.config.search.enabled {
                    return Ok(Vec::new());
                }
                let entries: Vec<search::Entry> = (0..views.page_count())
                    .map(|index| {
                        let page = views.search_model(index);
                        search::Entry {
                            page,
                            url: settings.url_path(&page.site_path),
                        }
                    })
                    .collect();
                let files = match self.search {
                    Some(memo) => memo.index_files(&entries),
                    None => search::index_files(&entries),
                };
                // Only a build from a cache can lack a page's words; it is then built whole.
                let files = files.map_err(|missing| {
                    Diagnostic::general(format!(
                        "the search index needs the words of {}, which this build did not read",
                        missing.0
                    ))
                })?;
                (files.into_iter())
                    .map(|(path, bytes)| Ok((file(&path)?, bytes)))
                    .collect()
            }
            Job::Hosting => {
                let views = &self.views;
                let base_path = &views.settings().base_path;
                Ok(vec![
                    (file("_headers")?, hosting::headers(base_path).into_bytes()),
                    (
                        file("_redirects")?,
                        hosting::redirects(&views.redirects()).into_bytes(),
                    ),
                ])
            }
        }
    }

    fn context(&self, site_path: &str) -> Context {
        let mut context = self.base.clone();
        let settings = self.views.settings();
        let path = settings.url_path(site_path);
        context.insert("menu", &self.views.menu(&path));
        context.insert("current_url", &settings.permalink(site_path));
        context.insert("current_path", &path);
        context
    }

    fn html(
        &self,
        template: &str,
        site_path: &str,
        context: &Context,
    ) -> Result<Vec<Rendered>, Diagnostic> {
        let html = self.templates.render_for(&self.views, template, context)?;
        let settings = self.views.settings();
        let html = relative_links(&html, &settings.base_path, &settings.url_path(site_path));
        Ok(vec![(
            file(format!("{site_path}index.html"))?,
            html.into_bytes(),
        )])
    }

    fn section(&self, index: usize, step: usize) -> Result<Vec<Rendered>, Diagnostic> {
        let views = &self.views;
        let section = views.section_model(index);
        let pages = views.section_pages(index);
        let size = section.paginate_by.unwrap_or(pages.len().max(1));
        let count = pager_count(pages.len(), section.paginate_by);
        let step_path = |n: usize| {
            if n == 1 {
                section.site_path.clone()
            } else {
                format!("{}page/{n}/", section.site_path)
            }
        };
        let url = |n: usize| views.settings().url_path(&step_path(n));
        let start = (step - 1) * size;
        let on_step = &pages[start.min(pages.len())..(start + size).min(pages.len())];
        let paginator = Paginator {
            pages: views.listed_all(on_step),
            current_index: step,
            number_pagers: count,
            first: url(1),
            last: url(count),
            previous: (step > 1).then(|| url(step - 1)),
            next: (step < count).then(|| url(step + 1)),
            total_pages: pages.len(),
            pagers: (1..=count)
                .map(|index| Pager {
                    index,
                    path: url(index),
                })
                .collect(),
        };
        let site_path = step_path(step);
        let mut context = self.context(&site_path);
        context.insert("section", &views.section(index));
        context.insert("paginator", &paginator);
        let what = (
            section.title.as_str(),
            section.description.as_str(),
            "Section",
        );
        let owner = match step {
            1 => CardOf::Own,
            _ => CardOf::FirstStep(&section.site_path),
        };
        let steps = [(section.title.as_str(), site_path.as_str())];
        let card = self.share_listing(&mut context, what, &site_path, owner, &steps)?;
        with_card(self.html(section.template(), &site_path, &context), card)
    }

    fn page(&self, index: usize) -> Result<Vec<Rendered>, Diagnostic> {
        let views = &self.views;
        let page = views.page_model(index);
        let mut context = self.context(&page.site_path);
        context.insert("page", &views.page(index));
        context.insert("section", &views.section_link(page.section));
        if let Some(pdf) = self.pdfs.get(&page.site_path) {
            context.insert("pdf", pdf);
        }
        if let Some(name) = (page.template.as_deref()).filter(|name| !self.templates.has(name)) {
            let (line, col) = page.template_place;
            return Err(Diagnostic::at(
                Location::new(&page.source, line, col),
                format!(
                    "template `{name}` not found in the theme; expected a file templates/{name}"
                ),
            ));
        }
        let card = self.share_page(index, &mut context)?;
        let mut files = with_card(self.html(page.template(), &page.site_path, &context), card)?;
        let settings = views.settings();
        for alias in &page.aliases {
            let file = OutputPath::for_url(&alias.url).map_err(|error| {
                let place = Location::new(&page.source, alias.line, alias.col);
                Diagnostic::at(place, error.to_string())
            })?;
            let html = feeds::redirect(
                &settings.permalink(&page.site_path),
                &settings.url_path(&page.site_path),
            );
            files.push((file, html.into_bytes()));
        }
        Ok(files)
    }

    /// `print.css` (the site's name and origin, for every printed page) and, when the site has
    /// worksheets, `print-sheets.css` (each worksheet's printed pages) and the booklet of every
    /// worksheet after a contents page.
    fn print_files(&self) -> Result<Vec<Rendered>, Diagnostic> {
        let views = &self.views;
        let minified = |name: &str, css: String| -> Result<Rendered, Diagnostic> {
            let bytes = crate::output::minify::asset(name, css.into_bytes());
            Ok((file(name)?, bytes))
        };
        let mut files = vec![minified("print.css", stylesheet(views))?];
        let worksheets = views.worksheets();
        if worksheets.is_empty() {
            return Ok(files);
        }
        files.push(minified("print-sheets.css", sheets_stylesheet(views))?);
        if let Some(source) = views.owner_of(BOOKLET_PATH) {
            return Err(Diagnostic::at(
                Location::new(source, 1, 1),
                format!(
                    "its URL /{BOOKLET_PATH} is the worksheet booklet's; expected another slug"
                ),
            ));
        }
        let mut context = self.context(BOOKLET_PATH);
        let pages: Vec<_> = worksheets.iter().map(|&i| views.page(i)).collect();
        context.insert("worksheets", &pages);
        if let Some(pdf) = self.pdfs.get(BOOKLET_PATH) {
            context.insert("pdf", pdf);
        }
        let what = ("Every worksheet", "", "Printable booklet");
        let steps = [("Every worksheet", BOOKLET_PATH)];
        let card = self.share_listing(&mut context, what, BOOKLET_PATH, CardOf::Own, &steps)?;
        files.extend(with_card(
            self.html("print.html", BOOKLET_PATH, &context),
            card,
        )?);
        Ok(files)
    }

    /// Feeds, sitemap, robots.txt and the code highlighting stylesheet.
    /// The feed of the site (section 0) or of a section.
    fn section_feed(&self, index: usize) -> Result<Vec<Rendered>, Diagnostic> {
        let views = &self.views;
        let title = &views.settings().config.title;
        let entries = views.feed_entries(index);
        if index == 0 {
            let feed = feeds::atom(views, title, "atom.xml", "", &entries);
            return Ok(vec![(file("atom.xml")?, feed.into_bytes())]);
        }
        let section = views.section_model(index);
        let feed_path = format!("{}atom.xml", section.site_path);
        let title = format!("{} — {title}", section.title);
        let feed = feeds::atom(views, &title, &feed_path, &section.site_path, &entries);
        Ok(vec![(file(feed_path)?, feed.into_bytes())])
    }

    /// The feed of a tag.
    fn tag_feed(&self, index: usize) -> Result<Vec<Rendered>, Diagnostic> {
        let views = &self.views;
        let (slug, name, entries) = views.tag_feed(index);
        let term_path = tag_path(slug);
        let feed_path = format!("{term_path}atom.xml");
        let title = format!("Tagged “{name}” — {}", views.settings().config.title);
        let feed = feeds::atom(views, &title, &feed_path, &term_path, entries);
        Ok(vec![(file(feed_path)?, feed.into_bytes())])
    }

    fn machine_files(&self) -> Result<Vec<Rendered>, Diagnostic> {
        let views = &self.views;
        let settings = views.settings();
        let mut files = vec![(
            file("sitemap.xml")?,
            feeds::sitemap(&views.sitemap_entries()).into_bytes(),
        )];
        files.push((file("robots.txt")?, feeds::robots(settings).into_bytes()));
        files.push((
            file("highlight.css")?,
            crate::output::minify::asset(
                "highlight.css",
                crate::parse::highlight::highlight_css().into_bytes(),
            ),
        ));
        Ok(files)
    }
}

/// A page's files and, when it made one, its social card.
fn with_card(
    files: Result<Vec<Rendered>, Diagnostic>,
    card: Option<Rendered>,
) -> Result<Vec<Rendered>, Diagnostic> {
    let mut files = files?;
    files.extend(card);
    Ok(files)
}

/// A file of the site at `path`; paths come from checked slugs, so a refusal is a bug to report.
fn file(path: impl Into<String>) -> Result<OutputPath, Diagnostic> {
    OutputPath::new(path).map_err(|error| Diagnostic::general(error.to_string()))
}
