//! A Zola site: `config.toml` (title, base URL, description, taxonomies), `content/` and
//! `static/`; templates and Sass are the old theme's, not brought along.

use std::path::Path;

use crate::import::folder;
use crate::import::front::{Dialect, text_of};
use crate::import::report::Report;
use crate::import::site::NewSite;

pub(super) fn import(source: &Path, report: &mut Report) -> Result<NewSite, String> {
    // Zola reads `zola.toml` first, then the older name.
    let found = ["zola.toml", "config.toml"]
        .into_iter()
        .find_map(|name| Some((name, std::fs::read_to_string(source.join(name)).ok()?)));
    let config_name = found.as_ref().map_or("config.toml", |(name, _)| name);
    let config: toml::Table = match &found {
        Some((name, text)) => toml::from_str(text).map_err(|error| {
            let (line, column) = error
                .span()
                .map_or((1, 1), |span| crate::error::line_col(text, span.start));
            format!("{name}:{line}:{column}: {}", error.message().trim_end())
        })?,
        None => {
            report.skipped(
                "zola.toml",
                "not found (nor config.toml): the site's title and URL are left as hearth's defaults",
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
    if let Some(toml::Value::String(author)) = config.get("author") {
        site.config.author = author.clone();
    }
    for (key, _) in &config {
        let why = match key.as_str() {
            "title" | "base_url" | "description" | "default_language" => continue,
            "author" if config["author"].is_str() => continue,
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
        report.skipped(format!("{config_name}: `{key}`"), why);
    }
    for folder in ["templates", "sass", "themes"] {
        if source.join(folder).is_dir() {
            report.skipped(
                format!("{folder}/"),
                "the old theme: the new site uses hearth's default theme",
            );
        }
    }
    let default_language =
        (config.get("default_language").map(text_of)).unwrap_or_else(|| "en".to_string());
    folder::import_content(source, Dialect::Zola, &default_language, &mut site, report)?;
    site.menu_from_sections();
    Ok(site)
}
