//! What `hearth pdf` prints — every worksheet, every quiz's paper version (its questions and
//! scoring key) and the booklet, or the pages named on the command line — and the file each PDF
//! goes to (`pdf/<slug>.pdf`, the booklet `pdf/booklet.pdf`).

use std::collections::BTreeMap;

use crate::model::page::PageKind;
use crate::model::site::Site;
use crate::render::paged_media::{BOOKLET_PATH, worksheets_in_order};

/// One page to print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Target {
    /// The page's site path (`worksheets/x/`, the booklet `print/`).
    pub site_path: String,
    pub title: String,
    /// The PDF's output path: `pdf/x.pdf`.
    pub file: String,
}

/// The booklet's PDF: `pdf/booklet.pdf`.
pub(crate) const BOOKLET_FILE: &str = "pdf/booklet.pdf";

/// Every worksheet, then the booklet (none when the site has no worksheet), then every quiz
/// with questions, whose printed page is its paper version with the scoring key.
pub(crate) fn everything(site: &Site) -> Vec<Target> {
    let mut targets: Vec<Target> = worksheets_in_order(site)
        .into_iter()
        .map(|index| page_target(site, index))
        .collect();
    if !targets.is_empty() {
        targets.push(booklet());
    }
    targets.extend(
        quizzes_in_order(site)
            .into_iter()
            .map(|index| page_target(site, index)),
    );
    targets
}

/// Indices of the quizzes that have questions, section by section in reading order.
pub(crate) fn quizzes_in_order(site: &Site) -> Vec<usize> {
    site.sections
        .iter()
        .flat_map(|section| section.pages.iter().copied())
        .filter(|&index| {
            let page = &site.pages[index];
            page.kind == PageKind::Quiz && page.quiz.is_some()
        })
        .collect()
}

/// The pages named by `names`: a slug (`before-i-act`), a file (`worksheets/before-i-act.md`,
/// `content/…`), a URL path (`/worksheets/before-i-act/`), or `booklet`.
pub(crate) fn named(site: &Site, names: &[String]) -> Result<Vec<Target>, Vec<String>> {
    let mut targets = Vec::new();
    let mut errors = Vec::new();
    for name in names {
        match find(site, name) {
            Ok(target) if !targets.contains(&target) => targets.push(target),
            Ok(_) => {}
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(targets)
    } else {
        Err(errors)
    }
}

/// Two pages whose PDFs would have the same name, as messages.
pub(crate) fn clashes(site: &Site, targets: &[Target]) -> Vec<String> {
    let mut by_file: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for target in targets {
        by_file
            .entry(target.file.as_str())
            .or_default()
            .push(&target.site_path);
    }
    let source_of = |site_path: &str| {
        site.pages
            .iter()
            .find(|page| page.site_path == site_path)
            .map_or_else(
                || format!("the booklet /{site_path}"),
                |page| page.source.clone(),
            )
    };
    by_file
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .map(|(file, paths)| {
            let sources: Vec<String> = paths.iter().map(|path| source_of(path)).collect();
            format!(
                "{} would all be printed to output/{file}; expected pages with different slugs",
                sources.join(" and ")
            )
        })
        .collect()
}

fn booklet() -> Target {
    Target {
        site_path: BOOKLET_PATH.to_string(),
        title: "the booklet of every worksheet".to_string(),
        file: BOOKLET_FILE.to_string(),
    }
}

fn page_target(site: &Site, index: usize) -> Target {
    let page = &site.pages[index];
    Target {
        site_path: page.site_path.clone(),
        title: page.title.clone(),
        file: format!("pdf/{}.pdf", page.slug),
    }
}

fn find(site: &Site, name: &str) -> Result<Target, String> {
    let wanted = name.trim().trim_start_matches('/');
    let wanted = wanted.strip_prefix("content/").unwrap_or(wanted);
    if matches!(wanted, "booklet" | "print" | "print/") {
        return Ok(booklet());
    }
    let matches: Vec<usize> = (0..site.pages.len())
        .filter(|&index| {
            let page = &site.pages[index];
            page.content_path == wanted
                || page.site_path.trim_end_matches('/') == wanted.trim_end_matches('/')
                || page.slug == wanted
        })
        .collect();
    match matches.as_slice() {
        [index] => Ok(page_target(site, *index)),
        [] => {
            let mut known: Vec<String> = worksheets_in_order(site)
                .into_iter()
                .chain(quizzes_in_order(site))
                .map(|index| site.pages[index].slug.clone())
                .collect();
            known.push("booklet".to_string());
            Err(format!(
                "no page `{name}` to print; expected a worksheet or quiz ({}), a page's file or its URL",
                known.join(", ")
            ))
        }
        several => {
            let files: Vec<&str> = several
                .iter()
                .map(|&index| site.pages[index].source.as_str())
                .collect();
            Err(format!(
                "`{name}` names several pages ({}); expected its file, e.g. `{}`",
                files.join(", "),
                files[0].trim_start_matches("content/")
            ))
        }
    }
}
