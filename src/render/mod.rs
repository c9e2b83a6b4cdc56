//! Rendering: the site model and the theme's templates become output files, in parallel.

pub mod blocks;
pub mod context;
pub mod feeds;
pub mod templates;

use rayon::prelude::*;
use tera::Context;

use crate::config::Settings;
use crate::error::{Diagnostic, Location};
use crate::model::page::PageKind;
use crate::model::site::Site;
use context::Views;
use templates::Templates;

/// A file of the built site: its path under the output folder and its bytes.
pub type Rendered = (String, Vec<u8>);

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
    Machine,
    /// The booklet of every worksheet (`/print/`) and the site's `print.css`.
    Print,
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
    ];
    for (index, section) in site.sections.iter().enumerate().skip(1) {
        for step in 1..=pager_count(section.pages.len(), section.paginate_by) {
            jobs.push(Job::Section(index, step));
        }
    }
    jobs.extend((0..site.pages.len()).map(Job::Page));
    jobs.extend((0..site.terms.len()).map(Job::Tag));
    jobs
}

fn pager_count(pages: usize, paginate_by: Option<usize>) -> usize {
    match paginate_by {
        Some(size) if pages > 0 => pages.div_ceil(size),
        _ => 1,
    }
}

/// Renders every job; all template errors of the run are returned together.
pub fn render_all(
    site: &Site,
    settings: &Settings,
    templates: &Templates,
    jobs: &[Job],
) -> Result<Vec<Rendered>, Vec<Diagnostic>> {
    let renderer = Renderer::new(site, settings, templates);
    let results: Vec<Result<Vec<Rendered>, Diagnostic>> =
        jobs.par_iter().map(|&job| renderer.render(job)).collect();
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(rendered) => files.extend(rendered),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(files)
    } else {
        Err(errors)
    }
}

pub struct Renderer<'a> {
    views: Views<'a>,
    templates: &'a Templates,
    base: Context,
    pdfs: PrintedPdfs,
}

impl<'a> Renderer<'a> {
    pub fn new(site: &'a Site, settings: &'a Settings, templates: &'a Templates) -> Self {
        let mut config = settings.config.clone();
        config.base_url = settings.base_url.clone();
        let mut base = Context::new();
        base.insert("config", &config);
        base.insert("root", &settings.base_path);
        base.insert("feed_url", &settings.url_path("atom.xml"));
        Self {
            views: Views { site, settings },
            templates,
            base,
            pdfs: PrintedPdfs::new(),
        }
    }

    /// Pages that have a PDF get its path as `pdf`.
    pub fn with_pdfs(mut self, pdfs: PrintedPdfs) -> Self {
        self.pdfs = pdfs;
        self
    }

    fn context(&self, site_path: &str) -> Context {
        let mut context = self.base.clone();
        let path = self.views.settings.url_path(site_path);
        context.insert("menu", &self.views.menu(&path));
        context.insert("current_url", &self.views.settings.permalink(site_path));
        context.insert("current_path", &path);
        context
    }

    fn html(
        &self,
        template: &str,
        site_path: &str,
        context: &Context,
    ) -> Result<Vec<Rendered>, Diagnostic> {
        let html = self.templates.render(template, context)?;
        Ok(vec![(format!("{site_path}index.html"), html.into_bytes())])
    }

    /// Checks that the template a page or section asks for exists: when it does not, the error
    /// names the file that asked and the path the template was looked for at.
    fn needs_template(&self, template: &str, source: &str) -> Result<(), Diagnostic> {
        if self.templates.has(template) || source.is_empty() {
            return Ok(());
        }
        let theme = &self.views.settings.config.theme;
        Err(Diagnostic::at(
            crate::error::Location::new(source, 1, 1),
            format!(
                "template `{template}` not found; expected a file themes/{theme}/templates/{template}"
            ),
        ))
    }

    pub fn render(&self, job: Job) -> Result<Vec<Rendered>, Diagnostic> {
        let site = self.views.site;
        let views = &self.views;
        match job {
            Job::Home => {
                let home = site.home();
                let mut context = self.context("");
                context.insert("section", &views.section(home));
                let latest: Vec<usize> = site
                    .newest_first
                    .iter()
                    .copied()
                    .filter(|&index| site.pages[index].kind == PageKind::Article)
                    .take(views.settings.config.home_latest)
                    .collect();
                context.insert("latest", &views.summaries(&latest));
                let sections: Vec<_> = home
                    .subsections
                    .iter()
                    .map(|&s| views.section(&site.sections[s]))
                    .collect();
                context.insert("sections", &sections);
                self.needs_template(home.template(), &home.source)?;
                self.html(home.template(), "", &context)
            }
            Job::Section(index, step) => self.section(index, step),
            Job::Page(index) => self.page(index),
            Job::TagIndex => {
                let mut context = self.context("tags/");
                context.insert("taxonomy", &views.taxonomy());
                let terms: Vec<_> = site
                    .terms
                    .iter()
                    .map(|term| views.term(term, false))
                    .collect();
                context.insert("terms", &terms);
                self.html("taxonomy_list.html", "tags/", &context)
            }
            Job::Tag(index) => {
                let term = &site.terms[index];
                let site_path = format!("tags/{}/", term.slug);
                let mut context = self.context(&site_path);
                context.insert("taxonomy", &views.taxonomy());
                context.insert("term", &views.term(term, true));
                self.html("taxonomy_single.html", &site_path, &context)
            }
            Job::NotFound => {
                let context = self.context("404.html");
                let html = self.templates.render("404.html", &context)?;
                Ok(vec![("404.html".to_string(), html.into_bytes())])
            }
            Job::Machine => Ok(self.machine_files()),
            Job::Print => self.print_files(),
        }
    }

    fn section(&self, index: usize, step: usize) -> Result<Vec<Rendered>, Diagnostic> {
        let section = &self.views.site.sections[index];
        let size = section.paginate_by.unwrap_or(section.pages.len().max(1));
        let count = pager_count(section.pages.len(), section.paginate_by);
        let step_path = |n: usize| {
            if n == 1 {
                section.site_path.clone()
            } else {
                format!("{}page/{n}/", section.site_path)
            }
        };
        let url = |n: usize| self.views.settings.url_path(&step_path(n));
        let start = (step - 1) * size;
        let on_step =
            &section.pages[start.min(section.pages.len())..(start + size).min(section.pages.len())];
        let paginator = context::Paginator {
            pages: self.views.summaries(on_step),
            current_index: step,
            number_pagers: count,
            first: url(1),
            last: url(count),
            previous: (step > 1).then(|| url(step - 1)),
            next: (step < count).then(|| url(step + 1)),
            total_pages: section.pages.len(),
            pagers: (1..=count)
                .map(|index| context::Pager {
                    index,
                    path: url(index),
                })
                .collect(),
        };
        let site_path = step_path(step);
        let mut context = self.context(&site_path);
        context.insert("section", &self.views.section(section));
        context.insert("paginator", &paginator);
        self.needs_template(section.template(), &section.source)?;
        self.html(section.template(), &site_path, &context)
    }

    fn page(&self, index: usize) -> Result<Vec<Rendered>, Diagnostic> {
        let site = self.views.site;
        let page = &site.pages[index];
        let mut context = self.context(&page.site_path);
        context.insert("page", &self.views.page(index));
        context.insert(
            "section",
            &self.views.section_link(&site.sections[page.section]),
        );
        if let Some(pdf) = self.pdfs.get(&page.site_path) {
            context.insert("pdf", pdf);
        }
        self.needs_template(page.template(), &page.source)?;
        let mut files = self.html(page.template(), &page.site_path, &context)?;
        let settings = self.views.settings;
        for alias in &page.aliases {
            let alias = alias.trim_start_matches('/');
            let file = if alias.ends_with(".html") {
                alias.to_string()
            } else {
                format!("{}/index.html", alias.trim_end_matches('/'))
            };
            let html = feeds::redirect(
                &settings.permalink(&page.site_path),
                &settings.url_path(&page.site_path),
            );
            files.push((file, html.into_bytes()));
        }
        Ok(files)
    }

    /// The booklet of every worksheet, after a contents page (nothing when there are none), and
    /// `print.css`, which names each worksheet's printed pages.
    fn print_files(&self) -> Result<Vec<Rendered>, Diagnostic> {
        use crate::pdf::paged_media::{BOOKLET_PATH, stylesheet, worksheets_in_order};
        let site = self.views.site;
        let css = stylesheet(site, self.views.settings);
        let mut files = vec![("print.css".to_string(), css.into_bytes())];
        let worksheets = worksheets_in_order(site);
        if worksheets.is_empty() {
            return Ok(files);
        }
        let taken = site.pages.iter().map(|p| (&p.site_path, &p.source));
        let taken = taken.chain(site.sections.iter().map(|s| (&s.site_path, &s.source)));
        if let Some((_, source)) = taken.into_iter().find(|(path, _)| *path == BOOKLET_PATH) {
            return Err(Diagnostic::at(
                Location::new(source, 1, 1),
                format!(
                    "its URL /{BOOKLET_PATH} is the worksheet booklet's; expected another slug"
                ),
            ));
        }
        let mut context = self.context(BOOKLET_PATH);
        let views: Vec<_> = worksheets.iter().map(|&i| self.views.page(i)).collect();
        context.insert("worksheets", &views);
        if let Some(pdf) = self.pdfs.get(BOOKLET_PATH) {
            context.insert("pdf", pdf);
        }
        files.extend(self.html("print.html", BOOKLET_PATH, &context)?);
        Ok(files)
    }

    /// Feeds, sitemap, robots.txt and the code highlighting stylesheet.
    fn machine_files(&self) -> Vec<Rendered> {
        let site = self.views.site;
        let settings = self.views.settings;
        let config = &settings.config;
        let listed: Vec<usize> = site
            .newest_first
            .iter()
            .copied()
            .filter(|&i| site.pages[i].kind != PageKind::Page)
            .collect();
        let mut files = vec![(
            "atom.xml".to_string(),
            feeds::atom(site, settings, &config.title, "atom.xml", "", &listed).into_bytes(),
        )];
        for (index, section) in site.sections.iter().enumerate().skip(1) {
            let in_section: Vec<usize> = site
                .newest_first
                .iter()
                .copied()
                .filter(|&i| site.pages[i].section == index)
                .collect();
            let feed_path = format!("{}atom.xml", section.site_path);
            let title = format!("{} — {}", section.title, config.title);
            files.push((
                feed_path.clone(),
                feeds::atom(
                    site,
                    settings,
                    &title,
                    &feed_path,
                    &section.site_path,
                    &in_section,
                )
                .into_bytes(),
            ));
        }
        files.push((
            "sitemap.xml".to_string(),
            feeds::sitemap(&self.sitemap_entries()).into_bytes(),
        ));
        files.push((
            "robots.txt".to_string(),
            feeds::robots(settings).into_bytes(),
        ));
        files.push((
            "highlight.css".to_string(),
            crate::parse::highlight::highlight_css().into_bytes(),
        ));
        files
    }

    fn sitemap_entries(&self) -> Vec<(String, Option<String>)> {
        let site = self.views.site;
        let settings = self.views.settings;
        let mut entries = vec![(settings.permalink(""), None)];
        for section in site.sections.iter().skip(1) {
            entries.push((settings.permalink(&section.site_path), None));
        }
        for page in &site.pages {
            let last = page.updated.max(page.date).map(|date| date.iso());
            entries.push((settings.permalink(&page.site_path), last));
        }
        entries.push((settings.permalink("tags/"), None));
        if site.pages.iter().any(|p| p.kind == PageKind::Worksheet) {
            let booklet = crate::pdf::paged_media::BOOKLET_PATH;
            entries.push((settings.permalink(booklet), None));
        }
        for term in &site.terms {
            entries.push((settings.permalink(&format!("tags/{}/", term.slug)), None));
        }
        entries.sort();
        entries
    }
}
