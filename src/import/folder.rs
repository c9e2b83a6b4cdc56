//! A Zola or Hugo site's `content/` and `static/` folders, read into a new hearth site: every
//! Markdown file's front matter mapped and body converted, other files copied, translations and
//! folders hearth does not use reported.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use walkdir::WalkDir;

use crate::import::body::{self, BodyContext};
use crate::import::front::{self, Dialect, Header};
use crate::import::report::Report;
use crate::import::site::{NewSite, SectionFront, markdown_file};
use crate::model::date::Date;

/// Files of a folder by path from it (with `/`), read without following links.
pub(super) fn files_under(
    folder: &Path,
    report: &mut Report,
    shown: &str,
) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in WalkDir::new(folder).follow_links(false).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let Ok(relative) = entry.path().strip_prefix(folder) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        if relative.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        if entry.path_is_symlink() {
            report.skipped(
                format!("{shown}/{relative}"),
                "a symbolic link: not followed, copy what it points to if it belongs to the site",
            );
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        match std::fs::read(entry.path()) {
            Ok(bytes) => {
                files.insert(relative, bytes);
            }
            Err(error) => report.skipped(
                format!("{shown}/{relative}"),
                format!("cannot be read: {error}"),
            ),
        }
    }
    files
}

/// `name.fr.md`, `_index.es-mx.md`: a translation, by the language code before `.md`.
pub(super) fn is_translation(path: &str) -> Option<&str> {
    let stem = path.rsplit('/').next()?.strip_suffix(".md")?;
    let (_, code) = stem.rsplit_once('.')?;
    let (language, region) = code.split_once('-').unwrap_or((code, "xx"));
    let letters = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.chars().all(|c| c.is_ascii_alphabetic())
    };
    (letters(language, 2..=3)
        && language.chars().all(|c| c.is_ascii_lowercase())
        && letters(region, 2..=4))
    .then_some(code)
}

/// `name.en.md` as `name.md` when `en` is the site's `default_language`: Hugo and Zola read
/// both as the page in that language, hearth only the second.
fn in_default_language(path: &str, default_language: &str) -> Option<String> {
    let code = is_translation(path)?;
    if !code.eq_ignore_ascii_case(default_language) {
        return None;
    }
    let stem = path
        .strip_suffix(".md")?
        .strip_suffix(code)?
        .strip_suffix('.')?;
    Some(format!("{stem}.md"))
}

/// The date a Zola page's file or folder name starts with (`2023-05-01-first-post`,
/// `2023-05-01_first-post`), and the rest of the name, which Zola makes its slug.
fn dated_name(stem: &str) -> Option<(&str, &str)> {
    let date = stem.get(..10)?;
    let rest = stem.get(10..)?.strip_prefix(['-', '_'])?;
    let shaped = (date.bytes().enumerate()).all(|(at, byte)| {
        matches!(at, 4 | 7) == (byte == b'-') && (byte == b'-' || byte.is_ascii_digit())
    });
    (shaped && Date::parse(date).is_some() && !rest.is_empty()).then_some((date, rest))
}

/// Reads `source/content` and `source/static` into `site`; pages named for `default_language`
/// (`post.en.md`) are imported as its pages, other translations reported.
pub(super) fn import_content(
    source: &Path,
    dialect: Dialect,
    default_language: &str,
    site: &mut NewSite,
    report: &mut Report,
) -> Result<(), String> {
    let content_dir = source.join("content");
    if !content_dir.is_dir() {
        return Err(format!(
            "{} has no content/ folder; expected a {} site's folder",
            source.display(),
            if dialect == Dialect::Zola {
                "Zola"
            } else {
                "Hugo"
            }
        ));
    }
    let files = files_under(&content_dir, report, "content");
    let pages: Vec<String> = files
        .keys()
        .filter(|path| path.ends_with(".md"))
        .map(|path| in_default_language(path, default_language).unwrap_or_else(|| path.clone()))
        .collect();
    let refs = |target: &str| hugo_ref(&pages, target);
    let mut folders_with_pages = BTreeSet::new();
    for (path, bytes) in &files {
        let shown = format!("content/{path}");
        if !path.ends_with(".md") {
            if path.ends_with(".html")
                || path.ends_with(".adoc")
                || path.ends_with(".org")
                || path.ends_with(".rst")
            {
                report.skipped(&shown, "content in a markup hearth does not read (it reads Markdown); convert it to Markdown");
            } else {
                site.add(format!("content/{path}"), bytes.clone());
            }
            continue;
        }
        let renamed = in_default_language(path, default_language);
        if let Some(main) = &renamed {
            if files.contains_key(main) {
                report.skipped(&shown, format!("the same page as content/{main}, in the site's default language (`{default_language}`): not imported twice"));
                continue;
            }
            report.mapped(&shown, format!("the page in the site's default language (`{default_language}`): imported as content/{main}"));
        } else if let Some(code) = is_translation(path) {
            report.skipped(&shown, format!("a translation (`{code}`): hearth builds one language; not imported, so that the page is not there twice"));
            continue;
        }
        let path = renamed.as_deref().unwrap_or(path);
        let Some(header) = Header::of_file(&shown, bytes, report) else {
            continue;
        };
        let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
        let include = |file: &str| -> Result<String, String> {
            let _ = file;
            Err("mdBook includes are read by `hearth import markdown`".to_string())
        };
        let static_dir = source.join("static");
        let image = |target: &str| image_path(&files, &static_dir, folder, target);
        let context = BodyContext {
            path: &shown,
            first_line: header.split.body_first_line,
            refs: &refs,
            include: &include,
            image: &image,
            runs: match dialect {
                Dialect::Hugo => &["Hugo"],
                Dialect::Zola => &["Zola"],
            },
        };
        let converted = body::convert(header.body(), &context, report);
        let file_name = path.rsplit('/').next().unwrap_or_default();
        let text = if file_name == "_index.md" {
            let front = front::section(&header, dialect, report);
            markdown_file(&front, &converted)
        } else {
            let page_folder = if file_name == "index.md" {
                folder.rsplit_once('/').map_or("", |(f, _)| f)
            } else {
                folder
            };
            folders_with_pages.insert(page_folder.to_string());
            let mut front = front::page(&header, dialect, report);
            let stem = if file_name == "index.md" {
                folder.rsplit('/').next().unwrap_or(folder)
            } else {
                file_name.trim_end_matches(".md")
            };
            if let Some((date, rest)) = dated_name(stem).filter(|_| dialect == Dialect::Zola) {
                if front.date.is_none() {
                    front.date = Some(date.to_string());
                    report.mapped(
                        &shown,
                        format!("the date in the file name → `date = {date}`"),
                    );
                }
                if front.slug.is_none() {
                    let slug = crate::slug::slugify(rest);
                    report.mapped(&shown, format!("the name after its date → `slug = \"{slug}\"`, the page's URL as Zola made it"));
                    front.slug = Some(slug);
                }
            }
            let slug = (front.slug.clone()).unwrap_or_else(|| crate::slug::slugify(stem));
            let own = if page_folder.is_empty() {
                format!("{slug}/")
            } else {
                format!("{page_folder}/{slug}/")
            };
            front
                .aliases
                .retain(|alias| alias.trim_start_matches('/') != own);
            markdown_file(&front, &converted)
        };
        site.add(format!("content/{path}"), text);
        report.converted(
            &shown,
            if file_name == "_index.md" {
                "a section"
            } else {
                "a page"
            },
        );
    }
    add_missing_sections(site, &folders_with_pages, report);
    let static_dir = source.join("static");
    if static_dir.is_dir() {
        for (path, bytes) in files_under(&static_dir, report, "static") {
            site.add(format!("static/{path}"), bytes);
        }
        report.converted("static/", "copied to static/");
    }
    Ok(())
}

/// Where an image a shortcode names is, as a destination from a page in `folder`: a file of
/// `content/` (named from there or from the page's folder), or of `static/` (an absolute path).
fn image_path(
    files: &BTreeMap<String, Vec<u8>>,
    static_dir: &Path,
    folder: &str,
    target: &str,
) -> Option<String> {
    let target = target.trim_start_matches("./");
    let from_page = if folder.is_empty() {
        target.to_string()
    } else {
        format!("{folder}/{target}")
    };
    if files.contains_key(&from_page) {
        return Some(target.to_string());
    }
    let from_root = target.trim_start_matches('/');
    if files.contains_key(from_root) {
        let depth = folder.split('/').filter(|part| !part.is_empty()).count();
        return Some(format!("{}{from_root}", "../".repeat(depth)));
    }
    let in_static = from_root.strip_prefix("static/").unwrap_or(from_root);
    static_dir
        .join(in_static)
        .is_file()
        .then(|| format!("/{in_static}"))
}

/// Every folder holding pages gets a section (`_index.md`): hearth lists a folder's pages there.
fn add_missing_sections(site: &mut NewSite, folders: &BTreeSet<String>, report: &mut Report) {
    let mut needed: BTreeSet<String> = BTreeSet::from([String::new()]);
    for folder in folders {
        let mut path = folder.as_str();
        while !path.is_empty() {
            needed.insert(path.to_string());
            path = path.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
    for folder in needed {
        let index = if folder.is_empty() {
            "content/_index.md".to_string()
        } else {
            format!("content/{folder}/_index.md")
        };
        if site.has(&index) || site.has(&format!("content/{folder}/index.md")) {
            continue;
        }
        let title = if folder.is_empty() {
            site.config.title.clone()
        } else {
            let name = folder
                .rsplit('/')
                .next()
                .unwrap_or(&folder)
                .replace(['-', '_'], " ");
            let mut chars = name.chars();
            chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default()
        };
        let front = SectionFront {
            title: Some(title),
            ..SectionFront::default()
        };
        site.add(index.clone(), markdown_file(&front, ""));
        let shown = if folder.is_empty() {
            "content/".to_string()
        } else {
            format!("content/{folder}/")
        };
        report.mapped(
            shown,
            format!("a folder without `_index.md`: made {index} so that its pages are listed"),
        );
    }
}

/// The content file a Hugo `ref "target"` names: a path from `content/` (with or without
/// `.md`, a bundle's folder) or a file name found once.
fn hugo_ref(pages: &[String], target: &str) -> Option<String> {
    let (target, anchor) = target.split_once('#').map_or((target, ""), |(t, a)| (t, a));
    let path = target.trim_start_matches('/').trim_end_matches('/');
    let candidates = [
        path.to_string(),
        format!("{path}.md"),
        format!("{path}/index.md"),
        format!("{path}/_index.md"),
    ];
    let found = candidates
        .into_iter()
        .find(|candidate| pages.contains(candidate))
        .or_else(|| {
            let name = path.rsplit('/').next()?;
            let mut matches = pages.iter().filter(|page| {
                let stem = page.trim_end_matches(".md");
                stem.rsplit('/').next() == Some(name) || stem.ends_with(&format!("{name}/index"))
            });
            let first = matches.next()?;
            matches.next().is_none().then(|| first.clone())
        })?;
    Some(if anchor.is_empty() {
        found
    } else {
        format!("{found}#{anchor}")
    })
}

#[cfg(test)]
#[path = "folder_tests.rs"]
mod tests;
