//! The Markdown stage in a build session: bodies are rendered once and kept. A rebuild renders
//! again only the files that changed and the files that link to them — in a small site made of
//! those files, every section, and the files they link to — with the same
//! `content::render_bodies` a first build runs over the whole site.

use std::collections::{BTreeSet, HashMap, HashSet};

use crate::build::content::render_bodies;
use crate::build::graph::{LinkTargets, debug_stamp};
use crate::config::Settings;
use crate::error::Diagnostic;
use crate::model::site::Site;
use crate::render::templates::Templates;

/// What the Markdown stage made of one file.
#[derive(Debug)]
struct BodyRecord {
    /// A hash of the page as rendered (body, quiz texts, everything); 0 for sections.
    stamp: u64,
    /// Problems the stage found in this file.
    problems: Vec<Diagnostic>,
    /// The block templates it was rendered with (`None`: the templates did not compile).
    blocks: Option<u64>,
}

/// The kept bodies, by file from `content/`.
#[derive(Debug, Default)]
pub struct BodyCache {
    records: HashMap<String, BodyRecord>,
}

/// What the stage needs besides the site.
pub struct BodyInputs<'a> {
    pub settings: &'a Settings,
    pub templates: Option<&'a Templates>,
    /// `TemplateGraph::blocks_stamp` of the compiled templates; `None` when they did not compile.
    pub blocks: Option<u64>,
    /// Files that failed to parse.
    pub unparsed: &'a HashSet<String>,
    /// Files that changed, appeared or disappeared since the last run.
    pub changed: &'a BTreeSet<String>,
    pub links: &'a dyn Fn(&str) -> Option<&'a LinkTargets>,
}

impl BodyCache {
    /// Renders the bodies the changes reach; returns how many files were rendered.
    pub fn render(&mut self, site: &mut Site, inputs: &BodyInputs) -> usize {
        let dirty = |content_path: &str| self.is_dirty(content_path, inputs);
        let pages: Vec<usize> = (0..site.pages.len())
            .filter(|&index| dirty(&site.pages[index].content_path))
            .collect();
        let sections: Vec<usize> = (0..site.sections.len())
            .filter(|&index| dirty(&site.sections[index].content_path))
            .collect();
        let mut targets = BTreeSet::new();
        let mut anywhere = pages.len() == site.pages.len();
        for path in pages
            .iter()
            .map(|&index| &site.pages[index].content_path)
            .chain(
                sections
                    .iter()
                    .map(|&index| &site.sections[index].content_path),
            )
        {
            if let Some(links) = (inputs.links)(path) {
                anywhere |= links.anywhere;
                targets.extend(links.paths.iter().map(String::as_str));
            }
        }
        let problems = if pages.is_empty() && sections.is_empty() {
            Vec::new()
        } else if anywhere {
            let problems = render_bodies(site, inputs.settings, inputs.templates, inputs.unparsed);
            let all_pages: Vec<usize> = (0..site.pages.len()).collect();
            let all_sections: Vec<usize> = (0..site.sections.len()).collect();
            return self.keep(site, &all_pages, &all_sections, problems, inputs.blocks);
        } else {
            render_within(site, &pages, &sections, &targets, inputs)
        };
        self.keep(site, &pages, &sections, problems, inputs.blocks)
    }

    fn is_dirty(&self, content_path: &str, inputs: &BodyInputs) -> bool {
        let Some(record) = self.records.get(content_path) else {
            return true;
        };
        if record.blocks != inputs.blocks || inputs.changed.contains(content_path) {
            return true;
        }
        let Some(links) = (inputs.links)(content_path) else {
            return false;
        };
        let changed = inputs.changed;
        if changed.is_empty() {
            false
        } else if links.anywhere {
            true
        } else if changed.len() < links.paths.len() {
            changed.iter().any(|path| links.paths.contains(path))
        } else {
            links.paths.iter().any(|path| changed.contains(path))
        }
    }

    /// Records what was rendered, and forgets files no longer in the site.
    fn keep(
        &mut self,
        site: &Site,
        pages: &[usize],
        sections: &[usize],
        problems: Vec<Diagnostic>,
        blocks: Option<u64>,
    ) -> usize {
        let mut by_source: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        let mut general = Vec::new();
        for problem in problems {
            match &problem.location {
                Some(location) => by_source
                    .entry(location.path.clone())
                    .or_default()
                    .push(problem),
                None => general.push(problem),
            }
        }
        let mut record = |content_path: &str, source: &str, stamp: u64| {
            let mut problems = by_source.remove(source).unwrap_or_default();
            problems.extend(general.iter().cloned());
            let record = BodyRecord {
                stamp,
                problems,
                blocks,
            };
            self.records.insert(content_path.to_string(), record);
        };
        for &index in pages {
            let page = &site.pages[index];
            record(&page.content_path, &page.source, debug_stamp(page));
        }
        for &index in sections {
            let section = &site.sections[index];
            record(&section.content_path, &section.source, 0);
        }
        if self.records.len() > site.pages.len() + site.sections.len() {
            let present: HashSet<&str> = site
                .pages
                .iter()
                .map(|page| page.content_path.as_str())
                .chain(site.sections.iter().map(|s| s.content_path.as_str()))
                .collect();
            self.records
                .retain(|path, _| present.contains(path.as_str()));
        }
        pages.len() + sections.len()
    }

    /// A hash of the page at `content_path` as last rendered.
    pub fn stamp(&self, content_path: &str) -> u64 {
        self.records
            .get(content_path)
            .map_or(0, |record| record.stamp)
    }

    /// Every problem the stage found in the files of the site.
    pub fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.records.values().flat_map(|record| &record.problems)
    }
}

/// Renders `pages` and `sections` of `site` in a small site that also holds every section and
/// the pages they link to, so their links resolve and their anchors check as in the whole site;
/// puts the results in place and returns the problems found in the files rendered.
fn render_within(
    site: &mut Site,
    pages: &[usize],
    sections: &[usize],
    targets: &BTreeSet<&str>,
    inputs: &BodyInputs,
) -> Vec<Diagnostic> {
    let mut members: BTreeSet<usize> = pages.iter().copied().collect();
    members.extend(
        targets
            .iter()
            .filter_map(|target| site.page_by_content_path.get(*target).copied()),
    );
    let members: Vec<usize> = members.into_iter().collect();
    let mut small = Site {
        pages: members
            .iter()
            .map(|&index| site.pages[index].clone())
            .collect(),
        sections: site.sections.clone(),
        ..Site::default()
    };
    for section in &mut small.sections {
        section.pages.clear();
    }
    small.page_by_content_path = small
        .pages
        .iter()
        .enumerate()
        .map(|(index, page)| (page.content_path.clone(), index))
        .collect();
    // Pages left out resolve as files that did not parse do: to no error. Only the files
    // rendered for their anchors (whose results are dropped) link to them.
    let mut left_out = inputs.unparsed.clone();
    left_out.extend(
        site.pages
            .iter()
            .filter(|page| !small.page_by_content_path.contains_key(&page.content_path))
            .map(|page| page.content_path.clone()),
    );
    let problems = render_bodies(&mut small, inputs.settings, inputs.templates, &left_out);

    let rendered: HashSet<usize> = pages.iter().copied().collect();
    for (page, index) in small.pages.into_iter().zip(members) {
        if rendered.contains(&index) {
            site.pages[index] = page;
        }
    }
    let mut small_sections: Vec<Option<_>> = small.sections.into_iter().map(Some).collect();
    for &index in sections {
        if let Some(mut section) = small_sections[index].take() {
            section.pages = std::mem::take(&mut site.sections[index].pages);
            site.sections[index] = section;
        }
    }
    let sources: HashSet<&str> = pages
        .iter()
        .map(|&index| site.pages[index].source.as_str())
        .chain(
            sections
                .iter()
                .map(|&index| site.sections[index].source.as_str()),
        )
        .collect();
    problems
        .into_iter()
        .filter(|problem| {
            problem
                .location
                .as_ref()
                .is_none_or(|location| sources.contains(location.path.as_str()))
        })
        .collect()
}
