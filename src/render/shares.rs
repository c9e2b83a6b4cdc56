//! Each job's sharing tags (`social` in its templates' context) and the card file it makes.

use tera::Context;

use crate::error::Diagnostic;
use crate::model::page::PageKind;
use crate::model::quiz::QuizMode;
use crate::render::Rendered;
use crate::render::job::Rendering;
use crate::render::social::{self, Share, crumbs};
use crate::render::structured;

impl Rendering<'_> {
    /// Puts the home page's `social` (the `WebSite`) in `context`; returns its card file.
    pub(super) fn share_home(&self, context: &mut Context) -> Result<Option<Rendered>, Diagnostic> {
        let settings = self.views.settings();
        let config = &settings.config;
        let share = Share {
            title: &config.title,
            card_title: match config.description.as_str() {
                "" => &config.title,
                description => description,
            },
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

    /// A page that lists others (a section's pagination step, the tags, a tag, the booklet):
    /// `steps` lead from the home page to it; the first step of a section makes the card the
    /// others show (`card_owner`).
    pub(super) fn share_listing(
        &self,
        context: &mut Context,
        (title, description, kind): (&str, &str, &str),
        site_path: &str,
        card_owner: Option<&str>,
        steps: &[(&str, &str)],
    ) -> Result<Option<Rendered>, Diagnostic> {
        let settings = self.views.settings();
        let description = match description {
            "" => settings.config.description.as_str(),
            own => own,
        };
        let url = settings.permalink(site_path);
        let share = Share {
            title,
            card_title: title,
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

    fn share(
        &self,
        context: &mut Context,
        share: Share,
        what: impl FnOnce(Option<&str>) -> serde_json::Value,
    ) -> Result<Option<Rendered>, Diagnostic> {
        let (social, card) = social::share(self.views.settings(), self.cards, share, what)?;
        context.insert("social", &social);
        Ok(card)
    }
}
