//! What a page shows when it is shared or found: OpenGraph and Twitter tags (`Social`, for the
//! theme's head) with the page's picture — its own `image`, or a card painted for it — and its
//! structured data.

use serde::Serialize;

use crate::cards::{Card, CardPainter, HEIGHT, WIDTH};
use crate::config::Settings;
use crate::error::Diagnostic;
use crate::output::OutputPath;
use crate::render::Rendered;
use crate::render::structured::{self, Crumb, Thing};

/// The sharing tags of one page, as templates see them (`social`).
#[derive(Debug, Serialize)]
pub struct Social {
    pub title: String,
    pub description: String,
    /// The page's absolute URL.
    pub url: String,
    /// `article` or `website`.
    pub og_type: &'static str,
    /// The absolute URL of the page's picture, if it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The picture's size, when known (a card's is).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_width: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image_height: Option<u32>,
    pub image_alt: String,
    /// The page's JSON-LD, ready for a `<script type="application/ld+json">`.
    pub json_ld: String,
}

/// What is known of a page to share it.
pub struct Share<'a> {
    pub title: &'a str,
    /// What the card says in large type: the title, or the site's description on the home page.
    pub card_title: &'a str,
    pub description: &'a str,
    pub site_path: &'a str,
    /// The page's kind as its card names it ("Article", "Worksheet"…).
    pub kind: &'a str,
    pub og_type: &'static str,
    /// The page's own picture (a path from the site's root), instead of a card.
    pub own_image: Option<&'a str>,
    /// The page whose card this one shows, when it is not its own (a section's later
    /// pagination steps show its first step's; tags and the 404 page show the home page's):
    /// `card_title` and `kind` are then that page's, and only that page's job paints the file.
    pub card_owner: Option<&'a str>,
    /// The steps from the home page to this one (none for the home page).
    pub crumbs: Vec<Crumb>,
}

/// Makes the sharing tags of a page and, when it gets a card, the card's file.
pub fn share<'w>(
    settings: &Settings,
    painter: Option<&CardPainter>,
    share: Share,
    what: impl for<'i> FnOnce(Option<&'i str>) -> Thing<'w>,
) -> Result<(Social, Option<Rendered>), Diagnostic> {
    let site_name = &settings.config.title;
    let mut card_file = None;
    let (image, size) = match (share.own_image, painter) {
        (Some(own), _) => (Some(settings.permalink(own)), None),
        (None, Some(painter)) => {
            let card = Card {
                title: share.card_title,
                kind: share.kind,
                site_name,
            };
            let path = match share.card_owner {
                Some(owner) => painter.path(&card, owner),
                None => {
                    let owner = share.site_path;
                    let (path, png) = painter
                        .card(&card, owner)
                        .map_err(|error| Diagnostic::general(format!("{error} (page /{owner})")))?;
                    let file = OutputPath::new(&path)
                        .map_err(|error| Diagnostic::general(error.to_string()))?;
                    card_file = Some((file, png));
                    path
                }
            };
            (Some(settings.permalink(&path)), Some((WIDTH, HEIGHT)))
        }
        (None, None) => (None, None),
    };
    let mut graph = vec![what(image.as_deref())];
    if !share.crumbs.is_empty() {
        graph.push(structured::breadcrumbs(&share.crumbs));
    }
    let social = Social {
        title: share.title.to_string(),
        description: share.description.to_string(),
        url: settings.permalink(share.site_path),
        og_type: share.og_type,
        image_alt: match size {
            Some(_) => format!("{} — {}", share.title, site_name),
            None => share.title.to_string(),
        },
        image,
        image_width: size.map(|(width, _)| width),
        image_height: size.map(|(_, height)| height),
        json_ld: structured::script(&graph),
    };
    Ok((social, card_file))
}

/// Home, then each of `steps` (a name and a path from the site's root).
pub fn crumbs(settings: &Settings, steps: &[(&str, &str)]) -> Vec<Crumb> {
    let home = Crumb {
        name: settings.config.title.clone(),
        url: settings.base_url.clone(),
    };
    let rest = steps.iter().map(|(name, path)| Crumb {
        name: name.to_string(),
        url: settings.permalink(path),
    });
    std::iter::once(home).chain(rest).collect()
}
