//! Placing parsed files into the kept site: a changed page that is placed as before (same
//! date, title, tags, URL… and kind) takes its old page's place; any other change places every
//! file again with `model::site::place`, the pages of the old site moved back in, not copied.

use std::collections::BTreeSet;

use crate::build::session::sources::{FileRecord, FileState};
use crate::config::Settings;
use crate::model::schedule::Publication;
use crate::model::site::{Site, place, placement_key};
use crate::parse::ParsedFile;

/// Puts the files waiting in `files` into `site`; `changed` holds every file that changed since
/// the site was last placed (`None`: place everything). Returns whether the site was placed
/// again from scratch.
pub(super) fn place_changes(
    site: &mut Site,
    files: &mut std::collections::BTreeMap<String, FileRecord>,
    changed: Option<&BTreeSet<String>>,
    settings: &Settings,
) -> bool {
    if let Some(changed) = changed
        && replace_in_place(site, files, changed, &settings.publication())
    {
        return false;
    }
    let old = std::mem::take(site);
    let mut parsed = Vec::with_capacity(files.len());
    for page in old.pages {
        if let Some(FileState::Placed(declared)) = files.get(&page.content_path).map(|r| &r.state) {
            parsed.push(ParsedFile::Page(Box::new(page), *declared));
        }
    }
    for mut section in old.sections {
        let placed = files
            .get(&section.content_path)
            .is_some_and(|record| matches!(record.state, FileState::Placed(_)));
        if placed && !section.source.is_empty() {
            section.pages.clear();
            section.subsections.clear();
            section.parent = None;
            parsed.push(ParsedFile::Section(Box::new(section)));
        }
    }
    for record in files.values_mut() {
        let left_out = match &record.state {
            FileState::Waiting(ParsedFile::Page(page, _)) => {
                !settings.publication().publishes(page)
            }
            FileState::Waiting(ParsedFile::Section(_)) => false,
            _ => continue,
        };
        if left_out {
            continue;
        }
        let declared = match &record.state {
            FileState::Waiting(ParsedFile::Page(_, declared)) => *declared,
            _ => None,
        };
        if let FileState::Waiting(file) =
            std::mem::replace(&mut record.state, FileState::Placed(declared))
        {
            parsed.push(file);
        }
    }
    *site = place(parsed, &settings.config.title, &settings.publication());
    true
}

/// Replaces pages whose new version is placed exactly as the old one; `false` (and nothing
/// done) when any change calls for placing everything again.
fn replace_in_place(
    site: &mut Site,
    files: &mut std::collections::BTreeMap<String, FileRecord>,
    changed: &BTreeSet<String>,
    publication: &Publication,
) -> bool {
    let mut replacements = Vec::new();
    for path in changed {
        let in_site = site.page_by_content_path.get(path).copied();
        let is_section = site.sections.iter().any(|s| &s.content_path == path);
        match (files.get(path).map(|record| &record.state), in_site) {
            (Some(FileState::Placed(_)), _) => {}
            (None | Some(FileState::Failed(..) | FileState::Unreadable(_)), None)
                if !is_section => {}
            (Some(FileState::Waiting(ParsedFile::Page(page, _))), None)
                if !publication.publishes(page) && !is_section => {}
            (Some(FileState::Waiting(ParsedFile::Page(page, declared))), Some(index)) => {
                let old = &site.pages[index];
                let kind = declared.unwrap_or(site.sections[old.section].page_kind);
                if kind != old.kind || placement_key(page) != placement_key(old) {
                    return false;
                }
                replacements.push((path.clone(), index));
            }
            _ => return false,
        }
    }
    for (path, index) in replacements {
        let Some(record) = files.get_mut(&path) else {
            continue;
        };
        let declared = match &record.state {
            FileState::Waiting(ParsedFile::Page(_, declared)) => *declared,
            _ => continue,
        };
        if let FileState::Waiting(ParsedFile::Page(mut page, _)) =
            std::mem::replace(&mut record.state, FileState::Placed(declared))
        {
            let old = &site.pages[index];
            page.section = old.section;
            page.kind = old.kind;
            site.pages[index] = *page;
        }
    }
    true
}
