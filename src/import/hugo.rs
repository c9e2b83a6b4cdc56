//! A Hugo site: its configuration (`hugo.toml`, `config.toml`, or YAML), `content/` and
//! `static/`; layouts, themes and assets belong to the old theme and are not brought along.

use std::path::Path;

use crate::import::folder;
use crate::import::front::{Dialect, Header, text_of};
use crate::import::report::Report;
use crate::import::site::NewSite;

const CONFIG_FILES: [&str; 6] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
];

pub(super) fn import(source: &Path, report: &mut Report) -> Result<NewSite, String> {
    let config = read_config(source, report)?;
    let title = config
        .get("title")
        .map(text_of)
        .unwrap_or_else(|| "Imported site".to_string());
    let mut site = NewSite::new(&title);
    if let Some(base_url) = config.get("baseURL").or_else(|| config.get("baseurl")) {
        site.config.base_url = text_of(base_url);
    }
    if let Some(language) = config
        .get("languageCode")
        .or_else(|| config.get("defaultContentLanguage"))
    {
        site.config.language = text_of(language);
    }
    for (key, _) in &config {
        let why = match key.as_str() {
            "title" | "baseURL" | "baseurl" | "languageCode" | "defaultContentLanguage" => continue,
            "theme" | "themesDir" => "the new site uses hearth's default theme",
            "taxonomies" => "hearth has one taxonomy, tags: categories and series become tags",
            "languages" => "hearth builds one language: translations are not imported",
            "menu" | "menus" => {
                "hearth's menu is made from the site's top sections; edit [[menu]] in hearth.toml"
            }
            _ => "hearth has no such setting",
        };
        report.skipped(format!("config: `{key}`"), why);
    }
    for folder in ["layouts", "themes", "assets", "data", "i18n", "archetypes"] {
        if source.join(folder).is_dir() {
            report.skipped(
                format!("{folder}/"),
                "belongs to the old theme or Hugo's templates: not brought along",
            );
        }
    }
    folder::import_content(source, Dialect::Hugo, &mut site, report)?;
    site.menu_from_sections();
    Ok(site)
}

/// The first configuration file found, read as a table (YAML through the front matter reader).
fn read_config(source: &Path, report: &mut Report) -> Result<toml::Table, String> {
    for name in CONFIG_FILES {
        let Ok(text) = std::fs::read_to_string(source.join(name)) else {
            continue;
        };
        if name.ends_with(".toml") {
            return toml::from_str(&text).map_err(|error| {
                let line = error
                    .span()
                    .map_or(1, |span| crate::error::line_col(&text, span.start).0);
                format!("{name}:{line}: {}", error.message().trim_end())
            });
        }
        let wrapped = format!("---\n{text}\n---\n");
        let header = Header::read(name, &wrapped)?;
        return Ok(header.table);
    }
    report.skipped(
        "hugo.toml",
        "no configuration file found: the site's title and URL are left as hearth's defaults",
    );
    Ok(toml::Table::new())
}
