//! Each job's sharing tags (`social` in its templates' context) and the card file it makes.

use tera::Context;

use crate::error::Diagnostic;
use crate::model::page::PageKind;
use crate::model::quiz::QuizMode;
use crate::render::Rendered;
use crate::render::job::Rendering;
use crate::render::social::{self, Share, crumbs};
use crate::render::structured;

/// Whose card a listing shows: cards are painted for the pages people share, and the pages
/// that only lead to them show one of those.
pub(super) enum CardOf<'a> {
    /// Its own (a section's first step, the booklet).
    Own,
    /// Its section's first step's, at this path (the later pagination steps).
    FirstStep(&'a str),
    /// The home page's (the tags and each tag).
    Home,
}

impl Rendering<'_> {
    /// Puts the home page's `social` (the `WebSite`) in `context`; returns its card file.
    pub(super) fn share_home(&self, context: &mut Context) -> Result<Option<Rendered>, Diagnostic> {
        let settings = self.views.settings();
        let config = &settings.config;
        let share = Share {
            title: &config.title,
            card_title: self.home_card_title(),
            description: &config.description,
            site_path: "",
            kind: "Home",
            og_type: "website",
            own_image: None,
            card_owner: None,
            crumbs: Vec::new(),
        };
        self.share(context, share, |_| structured::website(settings))
    }

    /// A page's: what it is (after its kind), its picture and its place under its section.
    pub(super) fn share_page(
        &self,
        index: usize,
        context: &mut Context,
    ) -> Result<Option<Rendered>, Diagnostic> {
        let settings = self.views.settings();
        let page = self.views.page_model(index);
        let description = match page.description.as_str() {
            "" => settings.config.description.as_str(),
            own => own,
        };
        let mut steps = Vec::new();
        if page.section != 0 {
            let section = self.views.section_model(page.section);
            steps.push((section.title.as_str(), section.site_path.as_str()));
        }
        steps.push((&page.title, &page.site_path));
        let kind = match (page.kind, &page.quiz) {
            (PageKind::Article, _) => "Article",
            (PageKind::Worksheet, _) => "Worksheet",
            (PageKind::Quiz, Some(quiz)) if quiz.mode == QuizMode::Assessment => "Self-assessment",
            (PageKind::Quiz, _) => "Quiz",
            (PageKind::Page, _) => "Page",
        };
        let share = Share {
            title: &page.title,
            card_title: &page.title,
            description,
            site_path: &page.site_path,
            kind,
            og_type: if page.kind == PageKind::Article {
                "article"
            } else {
                "website"
            },
            own_image: page.content.image.as_deref(),
            card_owner: None,
            crumbs: crumbs(settings, &steps),
        };
        self.share(context, share, |image| {
            structured::page(settings, page, description, image)
        })
    }

    /// What the home page's card says in large type: the site's description, or its title.
    fn home_card_title(&self) -> &str {
        let config = &self.views.settings().config;
        match config.description.as_str() {
            "" => &config.title,
            description => description,
        }
    }

    /// The 404 page's: a `WebPage` showing the home page's card.
    pub(super) fn share_not_found(
        &self,
        context: &mut Context,
    ) -> Result<Option<Rendered>, Diagnostic> {
        let settings = self.views.settings();
        let title = "Page not found";
        let share = Share {
            title,
            card_title: self.home_card_title(),
            description: &settings.config.description,
            site_path: "404.html",
            kind: "Home",
            og_type: "website",
            own_image: None,
            card_owner: Some(""),
            crumbs: Vec::new(),
        };
        let url = settings.permalink("404.html");
        self.share(context, share, |_| structured::web_page(title, &url))
    }

    /// A page that lists others (a section's pagination step, the tags, a tag, the booklet):
    /// `steps` lead from the home page to it; `card` says whose card it shows.
    pub(super) fn share_listing(
        &self,
        context: &mut Context,
        (title, description, kind): (&str, &str, &str),
        site_path: &str,
        card: CardOf,
        steps: &[(&str, &str)],
    ) -> Result<Option<Rendered>, Diagnostic> {
        let settings = self.views.settings();
        let description = match description {
            "" => settings.config.description.as_str(),
            own => own,
        };
        let url = settings.permalink(site_path);
        let (card_title, kind, card_owner) = match card {
            CardOf::Own => (title, kind, None),
            CardOf::FirstStep(first) => (title, kind, Some(first)),
            CardOf::Home => (self.home_card_title(), "Home", Some("")),
        };
        let share = Share {
            title,
            card_title,
            description,
            site_path,
            kind,
            og_type: "website",
            own_image: None,
            card_owner,
            crumbs: crumbs(settings, steps),
        };
        self.share(context, share, |_| structured::collection(title, &url))
    }

    fn share<'w>(
        &self,
        context: &mut Context,
        share: Share,
        what: impl for<'i> FnOnce(Option<&'i str>) -> structured::Thing<'w>,
    ) -> Result<Option<Rendered>, Diagnostic> {
        let (social, card) = social::share(self.views.settings(), self.cards, share, what)?;
        context.insert("social", &social);
        Ok(card)
    }
}
