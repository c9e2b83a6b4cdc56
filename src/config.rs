//! The site's configuration: `hearth.toml` as written, and the resolved settings a build runs with.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Location, line_col};
use crate::model::date::Date;
use crate::model::schedule::Publication;

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
    /// What the Atom feeds carry.
    pub feed: FeedConfig,
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
            feed: FeedConfig::default(),
            extra: toml::Table::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MenuEntry {
    pub name: String,
    /// A path from the site's root, such as `/articles/`.
    pub url: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct PrintConfig {
    pub paper: Paper,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct HelpConfig {
    pub text: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct FeedConfig {
    /// Each entry's whole text (`full`, the default), or its summary and a link to the rest.
    pub content: FeedContent,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedContent {
    #[default]
    Full,
    Summary,
}

/// What a build needs, resolved once from the command line and `hearth.toml`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub root: PathBuf,
    pub output_dir: PathBuf,
    pub include_drafts: bool,
    /// Publish pages dated after `now` (marked as scheduled).
    pub include_future: bool,
    /// The build's "now", against which dates and `expires` are compared.
    pub now: Date,
    pub config: SiteConfig,
    /// The absolute base URL, always ending in `/`.
    pub base_url: String,
    /// The path part of the base URL, always starting and ending in `/`.
    pub base_path: String,
}

/// What the command line may override.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub output_dir: Option<PathBuf>,
    pub include_drafts: bool,
    pub include_future: bool,
    /// The build's "now" (default: the system clock when the settings are loaded).
    pub now: Option<Date>,
    pub base_url: Option<String>,
}

impl Settings {
    /// Reads `hearth.toml` under `root` (a missing file means every default).
    pub fn load(root: &Path, overrides: Overrides) -> Result<Self, Diagnostic> {
        let config_path = root.join(CONFIG_FILE);
        let config = match std::fs::read_to_string(&config_path) {
            Ok(text) => parse_config(&text)?,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => SiteConfig::default(),
            Err(error) => {
                return Err(Diagnostic::general(format!(
                    "{}: cannot read: {error}",
                    config_path.display()
                )));
            }
        };
        Ok(Self::from_config(root, config, overrides))
    }

    pub fn from_config(root: &Path, config: SiteConfig, overrides: Overrides) -> Self {
        let raw_base = overrides
            .base_url
            .unwrap_or_else(|| config.base_url.clone());
        let (base_url, base_path) = split_base_url(&raw_base);
        Self {
            root: root.to_path_buf(),
            output_dir: overrides.output_dir.unwrap_or_else(|| root.join("output")),
            include_drafts: overrides.include_drafts,
            include_future: overrides.include_future,
            now: overrides.now.unwrap_or_else(Date::now),
            config,
            base_url,
            base_path,
        }
    }

    /// Which pages this build publishes.
    pub fn publication(&self) -> Publication {
        Publication {
            include_drafts: self.include_drafts,
            include_future: self.include_future,
            now: self.now,
        }
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    pub fn themes_dir(&self) -> PathBuf {
        self.root.join("themes")
    }

    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }

    /// The absolute URL of a site path such as `articles/x/` (no leading slash).
    pub fn permalink(&self, site_path: &str) -> String {
        format!("{}{}", self.base_url, site_path)
    }

    /// The root-relative URL of a site path, including the base URL's own path.
    pub fn url_path(&self, site_path: &str) -> String {
        format!("{}{}", self.base_path, site_path)
    }
}

pub fn parse_config(text: &str) -> Result<SiteConfig, Diagnostic> {
    toml::from_str(text).map_err(|error| {
        let (line, col) = error
            .span()
            .map_or((1, 1), |span| line_col(text, span.start));
        Diagnostic::at(
            Location::new(CONFIG_FILE, line, col),
            error.message().trim_end().to_string(),
        )
    })
}

/// Splits `https://host/blog` into (`https://host/blog/`, `/blog/`); a bare path is kept as is.
fn split_base_url(raw: &str) -> (String, String) {
    let trimmed = raw.trim().trim_end_matches('/');
    let path = match trimmed.find("://") {
        Some(scheme_end) => {
            let after_host = &trimmed[scheme_end + 3..];
            after_host
                .find('/')
                .map_or("", |slash| &after_host[slash..])
        }
        None => trimmed,
    };
    let base_path = format!("{}/", path.trim_end_matches('/'));
    let base_path = if base_path.starts_with('/') {
        base_path
    } else {
        format!("/{base_path}")
    };
    (format!("{trimmed}/"), base_path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_gives_permalinks_and_paths() {
        assert_eq!(
            split_base_url("https://example.org/"),
            ("https://example.org/".into(), "/".into())
        );
        assert_eq!(
            split_base_url("https://example.org/blog"),
            ("https://example.org/blog/".into(), "/blog/".into())
        );
        assert_eq!(split_base_url("/"), ("/".into(), "/".into()));
    }

    #[test]
    fn unknown_config_key_names_its_line() {
        let error = parse_config("title = \"x\"\ncolour = 1\n").unwrap_err();
        assert_eq!(error.location, Some(Location::new("hearth.toml", 2, 1)));
        assert!(
            error.message.starts_with("unknown field `colour`"),
            "{}",
            error.message
        );
    }
}
