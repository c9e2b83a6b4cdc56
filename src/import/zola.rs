//! A Zola site: `config.toml` (title, base URL, description, taxonomies), `content/` and
//! `static/`; templates and Sass are the old theme's, not brought along.

use std::path::Path;

use crate::import::folder;
use crate::import::front::{Dialect, text_of};
use crate::import::report::Report;
use crate::import::site::NewSite;

pub(super) fn import(source: &Path, report: &mut Report) -> Result<NewSite, String> {
    let config_path = source.join("config.toml");
    let config: toml::Table = match std::fs::read_to_string(&config_path) {
        Ok(text) => toml::from_str(&text).map_err(|error| {
            let line = error
                .span()
                .map_or(1, |span| crate::error::line_col(&text, span.start).0);
            format!("config.toml:{line}: {}", error.message().trim_end())
        })?,
        Err(_) => {
            report.skipped(
                "config.toml",
                "not found: the site's title and URL are left as hearth's defaults",
            );
            toml::Table::new()
        }
    };
    let title = config
        .get("title")
        .map(text_of)
        .unwrap_or_else(|| "Imported site".to_string());
    let mut site = NewSite::new(&title);
    if let Some(base_url) = config.get("base_url") {
        site.config.base_url = text_of(base_url);
    }
    if let Some(description) = config.get("description") {
        site.config.description = text_of(description);
    }
    if let Some(language) = config.get("default_language") {
        site.config.language = text_of(language);
    }
    for (key, _) in &config {
        let why = match key.as_str() {
            "title" | "base_url" | "description" | "default_language" => continue,
            "taxonomies" => "hearth has one taxonomy, tags: every taxonomy's terms become tags",
            "languages" | "translations" => {
                "hearth builds one language: translations are not imported"
            }
            "markdown" | "extra" | "search" | "build_search_index" => {
                "hearth's own settings cover this"
            }
            "theme" => "the new site uses hearth's default theme",
            _ => "hearth has no such setting",
        };
        report.skipped(format!("config.toml: `{key}`"), why);
    }
    for folder in ["templates", "sass", "themes"] {
        if source.join(folder).is_dir() {
            report.skipped(
                format!("{folder}/"),
                "the old theme: the new site uses hearth's default theme",
            );
        }
    }
    folder::import_content(source, Dialect::Zola, &mut site, report)?;
    site.menu_from_sections();
    Ok(site)
}
