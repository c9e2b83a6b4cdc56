//! A Hugo site: its configuration (`hugo.toml`, `config.toml`, or YAML), `content/` and
//! `static/`; layouts, themes and assets belong to the old theme and are not brought along.

use std::path::Path;

use crate::import::folder;
use crate::import::front::{Dialect, text_of, yaml_table};
use crate::import::report::Report;
use crate::import::site::NewSite;

/// Where Hugo looks for its configuration, in its order: the site's folder, then the
/// `config/_default/` folder that split configurations use.
const CONFIG_FILES: [&str; 12] = [
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config/_default/hugo.toml",
    "config/_default/hugo.yaml",
    "config/_default/hugo.yml",
    "config/_default/config.toml",
    "config/_default/config.yaml",
    "config/_default/config.yml",
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
    if let Some(toml::Value::String(author)) = config.get("author") {
        site.config.author = author.clone();
    }
    for (key, _) in &config {
        let why = match key.as_str() {
            "title" | "baseURL" | "baseurl" | "languageCode" | "defaultContentLanguage" => continue,
            "author" if config["author"].is_str() => continue,
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
    let default_language =
        (config.get("defaultContentLanguage").map(text_of)).unwrap_or_else(|| "en".to_string());
    folder::import_content(source, Dialect::Hugo, &default_language, &mut site, report)?;
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
                let (line, column) = error
                    .span()
                    .map_or((1, 1), |span| crate::error::line_col(&text, span.start));
                format!("{name}:{line}:{column}: {}", error.message().trim_end())
            });
        }
        return yaml_table(&text)
            .map_err(|(line, column, message)| format!("{name}:{line}:{column}: {message}"));
    }
    report.skipped(
        "hugo.toml",
        "no configuration file found: the site's title and URL are left as hearth's defaults",
    );
    Ok(toml::Table::new())
}
