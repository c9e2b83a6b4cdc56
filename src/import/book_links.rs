//! Links inside an mdBook book made links between the imported files: `README.md` and mdBook's
//! `.html` output names lead to the Markdown files, raw HTML paths are made relative to the page.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{Event, Parser, Tag};

use crate::import::report::Report;

/// Relative `src` and `href` values in raw HTML (`<img src="images/a.svg">`), made relative to
/// the page's own URL: a page `x.md` is served at `x/`, one folder below its file's folder.
pub(super) fn html_paths_from_page(
    body: &str,
    folder: &str,
    files: &BTreeMap<String, Vec<u8>>,
) -> String {
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(at) = rest.find([' ', '\n', '\t']).and_then(|_| {
        ["src=\"", "href=\""]
            .iter()
            .filter_map(|key| rest.find(key).map(|i| i + key.len()))
            .min()
    }) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let value = &rest[..rest.find('"').unwrap_or(0)];
        let path = value.split(['#', '?']).next().unwrap_or_default();
        let in_source = if folder.is_empty() {
            path.to_string()
        } else {
            format!("{folder}/{path}")
        };
        let relative = !(path.is_empty() || path.starts_with(['/', '#']) || path.contains(':'));
        if relative && files.contains_key(&in_source) {
            out.push_str("../");
        }
    }
    out.push_str(rest);
    out
}

/// Where `dest` starts in a reference definition (`[label]: dest`) of `body`.
fn reference_definition(body: &str, dest: &str) -> Option<usize> {
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[')
            && let Some(colon) = trimmed.find("]:")
        {
            let after = &trimmed[colon + 2..];
            let dest_at = after.len() - after.trim_start().len();
            if after.trim_start().starts_with(dest) {
                return Some(offset + (line.len() - trimmed.len()) + colon + 2 + dest_at);
            }
        }
        offset += line.len();
    }
    None
}

/// Links between the book's pages as its readers know them, made links to the imported files:
/// `README.md` (and `index.html`) lead to the folder's `_index.md`, `chapter.html` (mdBook's
/// output) to `chapter.md`.
pub(super) fn book_links(
    body: &str,
    folder: &str,
    files: &BTreeMap<String, Vec<u8>>,
    indexes: &BTreeSet<String>,
    report: &mut Report,
    shown: &str,
) -> String {
    let in_book = |relative: &str| {
        let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
        for part in relative.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                part => parts.push(part),
            }
        }
        parts.join("/")
    };
    let exists = |relative: &str| files.contains_key(&in_book(relative));
    // `chapter.md` beside a folder `chapter/` of its sub-chapters is that folder's index.
    let index = |prefix: &str, markdown: &str| {
        (indexes.contains(&in_book(&format!("{prefix}{markdown}"))))
            .then(|| format!("{}/_index.md", markdown.trim_end_matches(".md")))
    };
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in
        Parser::new_ext(body, crate::parse::markdown::options()).into_offset_iter()
    {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let path = dest_url.split(['#', '?']).next().unwrap_or_default();
        if path.contains("://") || path.starts_with('/') || path.is_empty() {
            continue;
        }
        let (stem, file) = path
            .rsplit_once('/')
            .map_or(("", path), |(stem, file)| (stem, file));
        let prefix = if stem.is_empty() {
            String::new()
        } else {
            format!("{stem}/")
        };
        let replacement = match file {
            "README.md" => "_index.md".to_string(),
            "index.html" if exists(&format!("{prefix}README.md")) => "_index.md".to_string(),
            "index.md" | "index.html"
                if exists(&format!("{prefix}index.md"))
                    && !exists(&format!("{prefix}README.md")) =>
            {
                "_index.md".to_string()
            }
            html if html.ends_with(".html") => {
                let markdown = format!("{}.md", html.trim_end_matches(".html"));
                if !exists(&format!("{prefix}{markdown}")) {
                    continue;
                }
                index(&prefix, &markdown).unwrap_or(markdown)
            }
            markdown if markdown.ends_with(".md") => match index(&prefix, markdown) {
                Some(index) => index,
                None => continue,
            },
            _ => continue,
        };
        let written = &body[range.clone()];
        let start = match written.rfind(dest_url.as_ref()) {
            Some(at) => range.start + at,
            None => match reference_definition(body, &dest_url) {
                Some(at) => at,
                None => continue,
            },
        };
        let start = start + stem.len() + usize::from(!stem.is_empty());
        if edits.iter().any(|(edit, _)| edit.start == start) {
            continue;
        }
        edits.push((start..start + file.len(), replacement));
    }
    edits.sort_by_key(|(range, _)| range.start);
    if !edits.is_empty() {
        report.mapped(
            shown,
            format!(
                "{} link(s) to README.md or mdBook's .html pages → the imported Markdown files",
                edits.len()
            ),
        );
    }
    let mut out = body.to_string();
    for (range, replacement) in edits.into_iter().rev() {
        out.replace_range(range, &replacement);
    }
    out
}

/// The body of a page moved one folder down (`chapter.md` made `chapter/_index.md`), its
/// relative Markdown links and images made to lead where they led.
pub(super) fn one_folder_down(body: &str) -> String {
    let mut edits: Vec<usize> = Vec::new();
    for (event, range) in
        Parser::new_ext(body, crate::parse::markdown::options()).into_offset_iter()
    {
        let (Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. })) =
            event
        else {
            continue;
        };
        let relative = !(dest_url.is_empty()
            || dest_url.starts_with(['/', '#', '@'])
            || dest_url.contains(':'));
        if !relative {
            continue;
        }
        let written = &body[range.clone()];
        let start = match written.rfind(&format!("]({dest_url}")) {
            Some(at) => range.start + at + 2,
            None => match reference_definition(body, &dest_url) {
                Some(at) => at,
                None => continue,
            },
        };
        if !edits.contains(&start) {
            edits.push(start);
        }
    }
    edits.sort_unstable();
    let mut out = body.to_string();
    for at in edits.into_iter().rev() {
        out.insert_str(at, "../");
    }
    out
}
