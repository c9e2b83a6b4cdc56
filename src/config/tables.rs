//! The tables of `hearth.toml` (`[print]`, `[safety]`, `[feed]`, `[images]`…) and their defaults.

use serde::{Deserialize, Serialize};

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
