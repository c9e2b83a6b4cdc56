//! The settings a build runs with: `hearth.toml` resolved once with the command line's overrides.

use std::path::{Path, PathBuf};

use super::{CONFIG_FILE, SiteConfig, check_base_url, parse_config};
use crate::error::Diagnostic;
use crate::model::date::Date;
use crate::model::schedule::Publication;

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
        [self.base_url.as_str(), site_path].concat()
    }

    /// The root-relative URL of a site path, including the base URL's own path.
    pub fn url_path(&self, site_path: &str) -> String {
        [self.base_path.as_str(), site_path].concat()
    }
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
}
