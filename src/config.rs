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

/// `[safety]`: an "Exit this page" button (after the GOV.UK Design System's) on every page, and
/// the Shift key pressed three times, leave for `exit_url` at once, replacing the page in the
/// browser's history. Off unless `exit = true`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SafetyConfig {
    /// Whether pages carry the exit button.
    pub exit: bool,
    /// A neutral site to leave for (a weather or news page): an absolute `http(s)://` address.
    #[serde(deserialize_with = "absolute_url")]
    pub exit_url: String,
    /// A page of the site on browsing safely (private windows, clearing history), linked beside
    /// the button: a path from the site's root such as `/browse-safely/`; empty for none.
    pub advice: String,
}

impl Default for SafetyConfig {
    fn default() -> Self {
        Self {
            exit: false,
            exit_url: "https://www.bbc.co.uk/weather".to_string(),
            advice: String::new(),
        }
    }
}

/// An address that leaves the site: `https://…` or `http://…` with a host. Anything else would
/// be a link inside the site, and the exit would not leave.
fn absolute_url<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let url = String::deserialize(deserializer)?;
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .and_then(|rest| rest.split('/').next())
        .filter(|host| !host.is_empty() && !host.contains(char::is_whitespace));
    match host {
        Some(_) => Ok(url),
        None => Err(serde::de::Error::custom(format!(
            "`{url}` is not a full address; expected one such as \"https://www.bbc.co.uk/weather\""
        ))),
    }
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

/// `[images]`: images next to pages and in `static/` resized to a few widths as WebP, shown
/// with their dimensions (on by default).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImagesConfig {
    /// Off: images are shown as written, without widths, WebP or dimensions.
    pub process: bool,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        Self { process: true }
    }
}

/// `[search]`: the search index built with the site (on by default).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct SearchConfig {
    /// Off: no index is written.
    pub enabled: bool,
}

impl Default for SearchConfig {
    fn default() -> Self {
        Self { enabled: true }
    }
}

/// `[cards]`: social cards painted at build time (on by default).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CardsConfig {
    /// Paint a social card (1200×630 PNG, `cards/`) for every page without an `image`.
    pub enabled: bool,
}

impl Default for CardsConfig {
    fn default() -> Self {
        Self { enabled: true }
    }
}

/// What a build needs, resolved once from the command line and `hearth.toml`.
#[derive(Debug, Clone)]
pub struct Settings {
    pub root: PathBuf,
    pub output_dir: PathBuf,
    pub include_drafts: bool,
    /// Whether the output folder may be one whose files hearth did not make (`--force`).
    pub force_output: bool,
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
    pub force_output: bool,
}

impl Settings {
    /// Reads `hearth.toml` under `root` (a missing file means every default).
    pub fn load(root: &Path, overrides: Overrides) -> Result<Self, Diagnostic> {
        let config_path = root.join(CONFIG_FILE);
        let config = match std::fs::read_to_string(&config_path) {
            Ok(text) => parse_config(&text)?,
            Err(error) if error.kind() == std::io::ErrorKind::InvalidData => {
                let bytes = std::fs::read(&config_path).unwrap_or_default();
                return Err(crate::source::not_utf8(CONFIG_FILE, &bytes));
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => SiteConfig::default(),
            Err(error) => {
                return Err(Diagnostic::general(format!(
                    "{}: cannot read: {error}",
                    config_path.display()
                )));
            }
        };
        if let Some(base_url) = &overrides.base_url
            && let Err(problem) = check_base_url(base_url)
        {
            return Err(Diagnostic::general(format!(
                "--base-url `{}` {problem}",
                base_url.escape_debug()
            )));
        }
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
            force_output: overrides.force_output,
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
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let config: SiteConfig = toml::from_str(text).map_err(|error| {
        let (line, col) = error
            .span()
            .map_or((1, 1), |span| line_col(text, span.start));
        Diagnostic::at(
            Location::new(CONFIG_FILE, line, col),
            error.message().trim_end().to_string(),
        )
    })?;
    let at_key = |key: &str, message: String| {
        let (line, col) = top_level_key(text, key);
        Diagnostic::at(Location::new(CONFIG_FILE, line, col), message)
    };
    if let Err(problem) = check_base_url(&config.base_url) {
        let shown = config.base_url.escape_debug();
        return Err(at_key(
            "base_url",
            format!("`base_url` `{shown}` {problem}"),
        ));
    }
    if let Err(problem) = check_theme_name(&config.theme) {
        let shown = config.theme.escape_debug();
        return Err(at_key("theme", format!("`theme` `{shown}` {problem}")));
    }
    Ok(config)
}

/// A base URL is where the site is published: an absolute `http(s)://host/…` URL, or a path
/// from the root of the server (`/`, the default, for a site served from anywhere).
pub fn check_base_url(url: &str) -> Result<(), String> {
    let expected = "expected an absolute URL such as `https://example.org/` (or `/` for links from the server's root)";
    let unsafe_char = |c: char| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^".contains(c);
    if url.chars().any(unsafe_char) {
        return Err(format!(
            "holds a space, quote or other character a URL cannot; {expected}"
        ));
    }
    let host = ["https://", "http://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    });
    match host {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || host.starts_with(':') || host.contains('@') {
                return Err(format!("has no host name; {expected}"));
            }
            if url.contains(['?', '#']) {
                return Err(format!("has a query or fragment; {expected}"));
            }
            Ok(())
        }
        None if url.starts_with('/')
            && !url.starts_with("//")
            && !url.contains(['?', '#', ':']) =>
        {
            Ok(())
        }
        None => Err(format!("is not an http(s) URL; {expected}")),
    }
}

/// A theme is a folder right under `themes/`: one name, never a path.
pub fn check_theme_name(name: &str) -> Result<(), String> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\', ':'])
        || name.chars().any(char::is_control);
    if bad {
        return Err(
            "is not a folder name; expected the name of a folder in themes/, such as `hearth`"
                .to_string(),
        );
    }
    Ok(())
}

/// Where `hearth.toml` under `root` sets the top-level `key`, if it does.
pub fn key_place(root: &Path, key: &str) -> Option<Location> {
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok()?;
    let (line, col) = top_level_key(&text, key);
    let written = text.lines().nth(line - 1)?.trim_start().starts_with(key);
    written.then(|| Location::new(CONFIG_FILE, line, col))
}

/// The line and column of a top-level `key = …` of `hearth.toml` (1:1 when it is not written there).
fn top_level_key(text: &str, key: &str) -> (usize, usize) {
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        let name = trimmed.split('=').next().unwrap_or_default().trim();
        if trimmed.contains('=') && name.trim_matches(['"', '\'']) == key {
            return (index + 1, line.len() - trimmed.len() + 1);
        }
    }
    (1, 1)
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
    fn an_exit_address_must_leave_the_site() {
        let error =
            parse_config("title = \"x\"\n[safety]\nexit = true\nexit_url = \"bbc.co.uk\"\n")
                .unwrap_err();
        assert_eq!(error.location, Some(Location::new("hearth.toml", 4, 12)));
        assert_eq!(
            error.message,
            "`bbc.co.uk` is not a full address; expected one such as \"https://www.bbc.co.uk/weather\""
        );
        let config = parse_config("[safety]\nexit_url = \"https://example.org/news\"\n").unwrap();
        assert_eq!(config.safety.exit_url, "https://example.org/news");
        assert!(!config.safety.exit, "off unless asked for");
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
