//! A folder of Markdown — an mdBook book (its `book.toml` and `src/`) or any docs folder:
//! `SUMMARY.md` gives the order (weights), a folder's `README.md` becomes its section page
//! (`_index.md`, links to it follow), mdBook's `{{#include}}` is replaced by the file's text.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag};

use crate::import::body::{self, BodyContext};
use crate::import::book_links::{book_links, html_paths_from_page, one_folder_down};
use crate::import::folder::files_under;
use crate::import::front::{self, Dialect, Header, text_of};
use crate::import::report::Report;
use crate::import::site::{NewSite, PageFront, SectionFront, markdown_file};

pub(super) fn import(source: &Path, report: &mut Report) -> Result<NewSite, String> {
    if !source.is_dir() {
        return Err(format!(
            "{} is not a folder; expected a folder of Markdown files",
            source.display()
        ));
    }
    let (title, src) = book(source, report)?;
    let mut site = NewSite::new(&title);
    let shown_root = if src == source {
        String::new()
    } else {
        "src/".to_string()
    };
    let files = files_under(&src, report, shown_root.trim_end_matches('/'));
    let src_in_book = src
        .strip_prefix(source)
        .unwrap_or(Path::new(""))
        .to_path_buf();
    let order = match files.get("SUMMARY.md") {
        Some(bytes) => summary_order(
            &String::from_utf8_lossy(bytes),
            &format!("{shown_root}SUMMARY.md"),
            report,
        ),
        None => BTreeMap::new(),
    };
    let indexes = folder_indexes(&files);
    let mut folders_with_pages = BTreeSet::new();
    let refs = |_: &str| None;
    for (path, bytes) in &files {
        let shown = format!("{shown_root}{path}");
        if path == "SUMMARY.md" {
            report.mapped(
                &shown,
                "used for the order of pages (their `weight`), not imported as a page",
            );
            continue;
        }
        if !path.ends_with(".md") {
            site.add(format!("content/{path}"), bytes.clone());
            continue;
        }
        let Some(header) = Header::of_file(&shown, bytes, report) else {
            continue;
        };
        let folder = path
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder)
            .to_string();
        // An include may name any file of the book, `src/` or not (listings often are not).
        let include = |file: &str| read_inside(source, &src_in_book.join(&folder), file);
        let image = |target: &str| {
            let from_page = if folder.is_empty() {
                target.to_string()
            } else {
                format!("{folder}/{target}")
            };
            files.contains_key(&from_page).then(|| target.to_string())
        };
        let context = BodyContext {
            path: &shown,
            first_line: header.split.body_first_line,
            refs: &refs,
            include: &include,
            image: &image,
            runs: &["mdBook", "Hugo", "Zola", "template"],
        };
        let converted = body::convert(header.body(), &context, report);
        let converted = book_links(&converted, &folder, &files, &indexes, report, &shown);
        let file_name = path.rsplit('/').next().unwrap_or_default();
        let in_place = matches!(file_name, "README.md" | "index.md");
        let section = (indexes.contains(path)).then(|| match in_place {
            true => folder.clone(),
            false => path.trim_end_matches(".md").to_string(),
        });
        let is_index = section.is_some();
        let converted = match (&section, in_place) {
            (Some(_), true) => converted,
            (Some(_), false) => html_paths_from_page(&one_folder_down(&converted), &folder, &files),
            (None, _) => html_paths_from_page(&converted, &folder, &files),
        };
        let weight = order.get(path).map(|(weight, _)| *weight);
        if is_index {
            let mut front = SectionFront {
                sort_by: Some("weight".to_string()),
                weight,
                ..front::section(&header, Dialect::Zola, report)
            };
            if front.title.is_none()
                && crate::parse::markdown::headings::first_heading(&converted)
                    .is_none_or(|h| !h.opens_body)
            {
                front.title = order.get(path).map(|(_, title)| title.clone());
            }
            let section = section.unwrap_or_default();
            let index = if section.is_empty() {
                "content/_index.md".to_string()
            } else {
                format!("content/{section}/_index.md")
            };
            site.add(index.clone(), markdown_file(&front, &converted));
            report.mapped(&shown, format!("the folder's index → {index}"));
        } else {
            folders_with_pages.insert(folder.clone());
            let mut front = PageFront {
                weight,
                ..front::page(&header, Dialect::Zola, report)
            };
            if front.title.is_none()
                && crate::parse::markdown::headings::first_heading(&converted)
                    .is_none_or(|h| !h.opens_body)
            {
                front.title = order.get(path).map(|(_, title)| title.clone());
            }
            if weight.is_none() && !order.is_empty() {
                report.mapped(
                    &shown,
                    "not in SUMMARY.md: listed after the pages it orders",
                );
                front.weight = Some(order.len() as i64 + 1);
            }
            front.kind = Some("page".to_string()).filter(|_| front.date.is_none());
            site.add(format!("content/{path}"), markdown_file(&front, &converted));
            report.converted(&shown, "a page");
        }
    }
    for folder in folders_with_pages.iter().chain([&String::new()]) {
        let mut path = folder.as_str();
        loop {
            let index = if path.is_empty() {
                "content/_index.md".to_string()
            } else {
                format!("content/{path}/_index.md")
            };
            if !site.has(&index) {
                let name = path.rsplit('/').next().unwrap_or_default();
                let title = if path.is_empty() {
                    title.clone()
                } else {
                    name.replace(['-', '_'], " ")
                };
                let front = SectionFront {
                    title: Some(title),
                    sort_by: Some("weight".to_string()),
                    ..SectionFront::default()
                };
                site.add(index.clone(), markdown_file(&front, ""));
                report.mapped(
                    format!("{shown_root}{path}"),
                    format!("a folder without README.md: made {index}"),
                );
            }
            if path.is_empty() {
                break;
            }
            path = path.rsplit_once('/').map_or("", |(parent, _)| parent);
        }
    }
    site.menu_from_sections();
    Ok(site)
}

/// The files that are their folder's index, made its `_index.md`: a folder's `README.md` (or,
/// without one, its `index.md`, as mdBook reads them), and `chapter.md` beside a folder
/// `chapter/` of sub-chapters that has neither (mdBook's nested chapters).
fn folder_indexes(files: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    let has_index = |folder: &str| {
        let prefix = if folder.is_empty() {
            String::new()
        } else {
            format!("{folder}/")
        };
        ["README.md", "index.md"]
            .iter()
            .any(|name| files.contains_key(&format!("{prefix}{name}")))
    };
    let mut indexes = BTreeSet::new();
    for path in files.keys().filter(|path| path.ends_with(".md")) {
        let name = path.rsplit('/').next().unwrap_or_default();
        let stem = path.trim_end_matches(".md");
        let has_pages = || {
            (files.range(format!("{stem}/")..))
                .take_while(|(below, _)| below.starts_with(&format!("{stem}/")))
                .any(|(below, _)| below.ends_with(".md"))
        };
        let is_index = match name {
            "README.md" => true,
            "index.md" => !files.contains_key(&path.replace("index.md", "README.md")),
            "SUMMARY.md" => false,
            _ => has_pages() && !has_index(stem),
        };
        if is_index {
            indexes.insert(path.clone());
        }
    }
    indexes
}

/// The book's title and the folder its Markdown is in (`src/` for an mdBook book).
fn book(source: &Path, report: &mut Report) -> Result<(String, PathBuf), String> {
    let fallback = source
        .canonicalize()
        .ok()
        .and_then(|path| {
            path.file_name()
                .map(|name| name.to_string_lossy().into_owned())
        })
        .unwrap_or_else(|| "Imported site".to_string());
    let Ok(text) = std::fs::read_to_string(source.join("book.toml")) else {
        return Ok((fallback, source.to_path_buf()));
    };
    let config: toml::Table = toml::from_str(&text).map_err(|error| {
        let line = error
            .span()
            .map_or(1, |span| crate::error::line_col(&text, span.start).0);
        format!("book.toml:{line}: {}", error.message().trim_end())
    })?;
    let book = config.get("book").and_then(|book| book.as_table());
    let title = book
        .and_then(|book| book.get("title"))
        .map(text_of)
        .unwrap_or(fallback);
    let src = book
        .and_then(|book| book.get("src"))
        .map(text_of)
        .unwrap_or_else(|| "src".to_string());
    for key in config.keys().filter(|key| *key != "book") {
        report.skipped(
            format!("book.toml: [{key}]"),
            "mdBook's own settings: the new site uses hearth's defaults",
        );
    }
    if source.join("theme").is_dir() {
        report.skipped(
            "theme/",
            "mdBook's theme: the new site uses hearth's default theme",
        );
    }
    Ok((title, source.join(src)))
}

/// SUMMARY.md's chapters in order: path → (weight, title). Draft chapters are reported.
fn summary_order(text: &str, shown: &str, report: &mut Report) -> BTreeMap<String, (i64, String)> {
    let mut order = BTreeMap::new();
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    for (event, range) in
        Parser::new_ext(text, crate::parse::markdown::options()).into_offset_iter()
    {
        let Event::Start(Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        let path = dest_url
            .split('#')
            .next()
            .unwrap_or_default()
            .trim_start_matches("./")
            .to_string();
        let written = &text[range.clone()];
        let label = written
            .trim_start_matches('[')
            .split("](")
            .next()
            .unwrap_or_default()
            .to_string();
        if path.is_empty() {
            report.skipped(
                format!("{shown}:{}", line_of(range.start)),
                format!("draft chapter `{label}` has no file"),
            );
            continue;
        }
        let weight = order.len() as i64 + 1;
        order.entry(path).or_insert((weight, label));
    }
    order
}

/// The text of `file`, named relative to `folder` of the book's folder `root`; never outside
/// `root`.
fn read_inside(root: &Path, folder: &Path, file: &str) -> Result<String, String> {
    let mut path = PathBuf::new();
    for component in folder.join(file).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            Component::ParentDir if path.pop() => {}
            _ => return Err(format!("`{file}` is outside the book's folder")),
        }
    }
    let full = root.join(&path);
    if std::fs::symlink_metadata(&full).is_ok_and(|meta| meta.file_type().is_symlink()) {
        return Err(format!("`{file}` is a symbolic link"));
    }
    std::fs::read_to_string(&full)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_include_reads_any_file_of_the_book_and_nothing_outside_it() {
        let book = tempfile::tempdir().unwrap();
        let root = book.path().join("book");
        std::fs::create_dir_all(root.join("src/part")).unwrap();
        std::fs::create_dir_all(root.join("listings")).unwrap();
        std::fs::write(root.join("listings/main.rs"), "fn main() {}\n").unwrap();
        std::fs::write(book.path().join("secret.txt"), "not the book's\n").unwrap();
        let folder = Path::new("src/part");
        assert_eq!(
            read_inside(&root, folder, "../../listings/main.rs"),
            Ok("fn main() {}\n".to_string())
        );
        assert_eq!(
            read_inside(&root, folder, "../../../secret.txt"),
            Err("`../../../secret.txt` is outside the book's folder".to_string())
        );
        assert!(read_inside(&root, folder, "/etc/hostname").is_err());
    }
}
