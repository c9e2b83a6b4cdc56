//! The site's configuration: `hearth.toml` as written, and the resolved settings a build runs with.

mod parse;
mod settings;
mod tables;

use serde::{Deserialize, Serialize};

pub(crate) use parse::{check_base_url, check_theme_name, key_place, parse_config};
pub use settings::{Overrides, Settings};
pub use tables::{
    CardsConfig, FeedConfig, FeedContent, HelpConfig, ImagesConfig, MenuEntry, Paper, PrintConfig,
    SafetyConfig, SearchConfig,
};

pub const CONFIG_FILE: &str = "hearth.toml";

/// `hearth.toml`, exactly as the writer put it.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SiteConfig {
    /// The site's name, shown in every page's header and title.
    pub title: String,
    /// One sentence about the site, for the home page's description and the feed.
    pub description: String,
    /// Where the site will be published; its path (`/blog/`) prefixes every URL.
    pub base_url: String,
    /// The language of the content (`lang` attribute of every page).
    pub language: String,
    /// Who writes the site (feeds and the footer).
    pub author: String,
    /// The theme folder under `themes/`.
    pub theme: String,
    /// How many of the newest articles the home page lists.
    pub home_latest: usize,
    /// Entries of the site's main menu, in order.
    pub menu: Vec<MenuEntry>,
    /// Paper for printed pages.
    pub print: PrintConfig,
    /// The note shown beside self-assessments: not a diagnosis, and where to find help.
    pub help: HelpConfig,
    /// The quick exit for readers who may not be safe being seen reading the site.
    pub safety: SafetyConfig,
    /// Whether content, templates and static files may be symbolic links to files outside the
    /// site's folder (off: such a link is an error, so nothing outside the site is published).
    pub allow_outside_links: bool,
    /// What the Atom feeds carry.
    pub feed: FeedConfig,
    /// Whether pages' images are resized into WebP widths.
    pub images: ImagesConfig,
    /// Whether the site has a search index.
    pub search: SearchConfig,
    /// The pictures painted for pages shared without an `image` of their own.
    pub cards: CardsConfig,
    /// Anything else the theme wants.
    pub extra: toml::Table,
}

impl Default for SiteConfig {
    fn default() -> Self {
        Self {
            title: "hearth site".to_string(),
            description: String::new(),
            base_url: "/".to_string(),
            language: "en".to_string(),
            author: String::new(),
            theme: "hearth".to_string(),
            home_latest: 5,
            menu: Vec::new(),
            print: PrintConfig::default(),
            help: HelpConfig::default(),
            safety: SafetyConfig::default(),
            allow_outside_links: false,
            feed: FeedConfig::default(),
            images: ImagesConfig::default(),
            search: SearchConfig::default(),
            cards: CardsConfig::default(),
            extra: toml::Table::new(),
        }
    }
}
