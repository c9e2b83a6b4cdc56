//! The new site an import makes: its configuration and files, kept in memory until the import
//! is over and then written into a folder made for it, moved into place in one step.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::config::{MenuEntry, SiteConfig};

/// A site being made: `hearth.toml` and the files under the new site's root.
#[derive(Debug, Default)]
pub struct NewSite {
    pub config: SiteConfig,
    /// Files by path from the new site's root (`content/articles/x.md`, `static/logo.png`).
    pub files: BTreeMap<String, Vec<u8>>,
}

/// A page's front matter, as hearth reads it, in the order a writer expects to see it.
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct PageFront {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    pub extra: toml::Table,
}

/// A section's front matter (`_index.md`).
#[derive(Debug, Clone, Default, Serialize)]
pub(super) struct SectionFront {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sort_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paginate_by: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub weight: Option<i64>,
    #[serde(skip_serializing_if = "toml::Table::is_empty")]
    pub extra: toml::Table,
}

/// A Markdown file: a TOML header (left out when it would be empty) and the body.
pub(super) fn markdown_file(header: &impl Serialize, body: &str) -> String {
    let header = toml::to_string(header).unwrap_or_default();
    let body = body.trim_start_matches(['\n', '\r']);
    if header.trim().is_empty() {
        return body.to_string();
    }
    format!("+++\n{header}+++\n\n{body}")
}

impl NewSite {
    pub fn new(title: &str) -> Self {
        let config = SiteConfig {
            title: title.to_string(),
            ..SiteConfig::default()
        };
        Self {
            config,
            files: BTreeMap::new(),
        }
    }

    pub fn add(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.files.insert(path.into(), bytes.into());
    }

    pub fn has(&self, path: &str) -> bool {
        self.files.contains_key(path)
    }

    /// A menu entry for every top-level section, in the order of their paths.
    pub fn menu_from_sections(&mut self) {
        let mut menu = Vec::new();
        for (path, bytes) in &self.files {
            let Some(folder) = path
                .strip_prefix("content/")
                .and_then(|rest| rest.strip_suffix("/_index.md"))
            else {
                continue;
            };
            if folder.contains('/') {
                continue;
            }
            let text = String::from_utf8_lossy(bytes);
            let Ok(split) = crate::parse::front_matter::split(&text) else {
                continue;
            };
            let header = crate::parse::front_matter::parse_header::<
                crate::parse::front_matter::SectionHeader,
            >(&split)
            .ok();
            let weight = header.as_ref().and_then(|header| header.weight);
            // A title the header gives, else the heading the section's text opens with (as the
            // build titles it), else the folder's name.
            let heading = || {
                crate::parse::markdown::headings::first_heading(split.body)
                    .filter(|heading| heading.opens_body)
                    .map(|heading| heading.title)
            };
            let title = (header.and_then(|header| header.title))
                .or_else(heading)
                .unwrap_or_else(|| folder.to_string());
            menu.push((
                weight.unwrap_or(i64::MAX),
                MenuEntry {
                    name: title,
                    url: format!("/{folder}/"),
                },
            ));
        }
        // In the order the source gave its sections (an mdBook's SUMMARY.md), else by name.
        menu.sort_by_key(|(weight, _)| *weight);
        let mut menu: Vec<MenuEntry> = menu.into_iter().map(|(_, entry)| entry).collect();
        menu.truncate(6);
        self.config.menu = menu;
    }

    /// Writes the site into `root`, which must not exist yet or be an empty folder: the files go
    /// into a new folder beside it, moved into place once all are written.
    pub fn write(&self, root: &Path) -> Result<(), String> {
        if root.exists() {
            let mut entries = std::fs::read_dir(root)
                .map_err(|error| format!("cannot read {}: {error}", root.display()))?;
            if entries.next().is_some() {
                return Err(format!(
                    "{} is not empty; expected a new or empty folder for the imported site",
                    root.display()
                ));
            }
        }
        let parent = match root.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|error| format!("cannot create {}: {error}", parent.display()))?;
        let name = root
            .file_name()
            .map_or_else(|| "site".into(), |name| name.to_string_lossy().into_owned());
        let staging = parent.join(format!(".{name}.importing-{}", std::process::id()));
        let written = self.write_into(&staging).and_then(|()| {
            if root.exists() {
                std::fs::remove_dir(root)
                    .map_err(|error| format!("cannot replace {}: {error}", root.display()))?;
            }
            std::fs::rename(&staging, root)
                .map_err(|error| format!("cannot move the site to {}: {error}", root.display()))
        });
        if written.is_err() && staging.exists() {
            let _ = std::fs::remove_dir_all(&staging);
        }
        written
    }

    fn write_into(&self, dir: &Path) -> Result<(), String> {
        std::fs::create_dir(dir)
            .map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        let config = toml::to_string(&self.config)
            .map_err(|error| format!("cannot write hearth.toml: {error}"))?;
        let mut files: Vec<(&str, &[u8])> = vec![("hearth.toml", config.as_bytes())];
        files.extend(
            self.files
                .iter()
                .map(|(path, bytes)| (path.as_str(), &bytes[..])),
        );
        for (relative, bytes) in files {
            let safe = relative.split('/').all(|part| {
                !part.is_empty() && part != "." && part != ".." && !part.contains('\\')
            });
            if !safe {
                return Err(format!(
                    "cannot write `{relative}`: not a plain path inside the site"
                ));
            }
            let path = dir.join(relative);
            if let Some(folder) = path.parent() {
                std::fs::create_dir_all(folder)
                    .map_err(|error| format!("cannot create {}: {error}", folder.display()))?;
            }
            std::fs::write(&path, bytes)
                .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
        }
        crate::scaffold::extract_default_theme(dir)
    }
}
