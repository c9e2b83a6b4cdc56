//! The Markdown stage in a build session: bodies are rendered once and kept, with the links to
//! headings each file holds. A rebuild renders again, with the same
//! `content::render_some_bodies` a first build runs over the whole site, the files that changed
//! and the files that link to one whose URL changed (or that appeared, went away, or stopped
//! parsing); then it checks again the links to headings that reach a file whose headings
//! changed.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use crate::build::graph::StampHasher;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::build::content::{BodySelection, check_anchors, render_some_bodies};
use crate::build::graph::{LinkTargets, path_hash};
use crate::build::progress::Progress;
use crate::config::Settings;
use crate::error::Diagnostic;
use crate::images::{Catalog, UsedImage, Variant};
use crate::model::site::Site;
use crate::parse::markdown::AnchorRef;
use crate::render::templates::Templates;

/// What the Markdown stage made of one file.
#[derive(Debug, Serialize, Deserialize)]
struct BodyRecord {
    /// The file's source (`content/articles/x.md`), as its problems name it.
    source: String,
    /// A hash of the page as rendered (body, quiz texts, everything); 0 for sections.
    stamp: u64,
    /// Whether the body rendered; links to the headings of a file that did not are not checked.
    rendered: bool,
    /// A hash of the headings links can point to.
    anchors: u64,
    /// Problems rendering the file.
    problems: Vec<Diagnostic>,
    /// Warnings rendering the file.
    warnings: Vec<Diagnostic>,
    /// The file's links to headings, and what checking them found.
    anchor_refs: Vec<AnchorRef>,
    anchor_problems: Vec<Diagnostic>,
    /// The processed images the file shows (its variants are copied with the site).
    #[serde(default)]
    images: Vec<UsedImage>,
}

/// The kept bodies, by file from `content/`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct BodyCache {
    records: FxHashMap<String, BodyRecord>,
    /// The block templates the bodies were rendered with (`None`: the templates did not compile).
    blocks: Option<u64>,
    /// Files whose body did not render, and files with links to headings.
    unrendered: BTreeSet<String>,
    linking_to_headings: BTreeSet<String>,
}

/// What the stage needs besides the site.
pub(super) struct BodyInputs<'a> {
    pub settings: &'a Settings,
    pub templates: Option<&'a Templates>,
    /// `TemplateGraph::blocks_stamp` of the compiled templates; `None` when they did not compile.
    pub blocks: Option<u64>,
    /// Files that failed to parse.
    pub unparsed: &'a HashSet<String>,
    /// Files that changed, appeared or disappeared since the last run.
    pub changed: &'a BTreeSet<String>,
    /// Files whose links lead elsewhere than in the last run: to another URL, to nothing, or
    /// to a file that does not parse.
    pub moved: &'a BTreeSet<String>,
    pub links: &'a dyn Fn(&str) -> Option<&'a LinkTargets>,
    /// The site's images: a file showing one that changed is rendered again.
    pub images: &'a Catalog,
    /// Told the stage, with how many files it renders, and each file rendered.
    pub progress: &'a dyn Progress,
    /// Drop each page's Markdown once rendered (a build that ends).
    pub forget_markdown: bool,
}

/// The files a run rendered, by index in the site.
#[derive(Debug, Default)]
pub(super) struct Rendered {
    pub pages: Vec<usize>,
    pub sections: Vec<usize>,
}

impl BodyCache {
    /// Renders the bodies the changes reach and checks the links to headings they reach.
    pub(super) fn render(&mut self, site: &mut Site, inputs: &BodyInputs) -> Rendered {
        let selected = self.due(site, inputs);
        let files = selected.pages.len() + selected.sections.len();
        inputs.progress.stage("bodies", Some(files));
        let mut headings_changed: HashSet<String> = inputs.changed.iter().cloned().collect();
        if !selected.pages.is_empty() || !selected.sections.is_empty() {
            let selection = BodySelection {
                pages: &selected.pages,
                sections: &selected.sections,
                progress: inputs.progress,
                forget_markdown: inputs.forget_markdown,
            };
            let found = render_some_bodies(
                site,
                &selection,
                inputs.settings,
                inputs.templates,
                inputs.unparsed,
                inputs.images,
            );
            self.keep(site, &selected, found, &mut headings_changed);
        }
        self.blocks = inputs.blocks;
        self.forget_files_gone(site);
        self.check_links_to_headings(site, &selected, &headings_changed, inputs.unparsed);
        selected
    }

    /// The files to render: every file when the block templates changed, else the files that
    /// changed, the files linking to one that moved and the files showing an image that changed.
    pub(super) fn due(&self, site: &Site, inputs: &BodyInputs) -> Rendered {
        let everything = self.records.is_empty() || self.blocks != inputs.blocks;
        let images_changed: HashSet<&str> = (self.records.par_iter())
            .filter(|(_, record)| {
                let mut images = record.images.iter();
                images.any(|image| !inputs.images.is_current(image))
            })
            .map(|(path, _)| path.as_str())
            .collect();
        let scan = everything || !inputs.moved.is_empty() || !images_changed.is_empty();
        let moved: FxHashSet<u64> = inputs.moved.iter().map(|path| path_hash(path)).collect();
        let due = |path: &str| {
            everything
                || inputs.changed.contains(path)
                || images_changed.contains(path)
                || links_to(inputs, &moved, path)
        };
        let sections = (0..site.sections.len())
            .filter(|&index| due(&site.sections[index].content_path))
            .collect();
        let pages = if scan {
            (0..site.pages.len())
                .filter(|&index| due(&site.pages[index].content_path))
                .collect()
        } else {
            let changed = inputs.changed.iter();
            let mut pages: Vec<usize> = changed
                .filter_map(|path| site.page_by_content_path.get(path).copied())
                .collect();
            pages.sort_unstable();
            pages
        };
        Rendered { pages, sections }
    }

    /// Records what was rendered; adds to `headings_changed` the files whose headings (or
    /// whether they rendered) changed.
    fn keep(
        &mut self,
        site: &mut Site,
        selected: &Rendered,
        found: crate::build::content::RenderedBodies,
        headings_changed: &mut HashSet<String>,
    ) {
        let mut problems: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        let mut general = Vec::new();
        for problem in found.problems {
            match &problem.location {
                Some(location) => problems
                    .entry(location.path.clone())
                    .or_default()
                    .push(problem),
                None => general.push(problem),
            }
        }
        let mut warnings: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        for warning in found.warnings {
            let path = warning.location.as_ref().map(|l| l.path.clone());
            warnings
                .entry(path.unwrap_or_default())
                .or_default()
                .push(warning);
        }
        let mut images = found.images;
        let mut anchor_refs: HashMap<String, Vec<AnchorRef>> = HashMap::new();
        for (source, anchor_ref) in found.anchor_refs {
            anchor_refs.entry(source).or_default().push(anchor_ref);
        }
        // A page's stamp leaves out its Markdown, which a build that ends drops once rendered:
        // the HTML and everything else made of it are in.
        let markdown: Vec<String> = (selected.pages.iter())
            .map(|&index| std::mem::take(&mut site.pages[index].body))
            .collect();
        let stamps: Vec<u64> = (selected.pages.par_iter())
            .map(|&index| hash_of(&site.pages[index]))
            .collect();
        for (&index, body) in selected.pages.iter().zip(markdown) {
            site.pages[index].body = body;
        }
        let pages = (selected.pages.iter().zip(stamps))
            .map(|(&index, stamp)| (&site.pages[index].doc, stamp));
        let sections = (selected.sections.iter()).map(|&index| (&site.sections[index].doc, 0));
        for (doc, stamp) in pages.chain(sections) {
            let (content_path, source) = (&doc.content_path, &doc.source);
            let anchors = &doc.content.anchors;
            let mut file_problems = problems.remove(source).unwrap_or_default();
            file_problems.extend(general.iter().cloned());
            let rendered = !found.unrendered.contains(content_path);
            let anchors = if rendered { hash_of(anchors) } else { 0 };
            let record = BodyRecord {
                source: source.clone(),
                stamp,
                rendered,
                anchors,
                problems: file_problems,
                warnings: warnings.remove(source).unwrap_or_default(),
                anchor_refs: anchor_refs.remove(source).unwrap_or_default(),
                anchor_problems: Vec::new(),
                images: images.remove(source).unwrap_or_default(),
            };
            if rendered {
                self.unrendered.remove(content_path);
            } else {
                self.unrendered.insert(content_path.clone());
            }
            if record.anchor_refs.is_empty() {
                self.linking_to_headings.remove(content_path);
            } else {
                self.linking_to_headings.insert(content_path.clone());
            }
            let old = self.records.insert(content_path.clone(), record);
            if old.is_none_or(|old| (old.rendered, old.anchors) != (rendered, anchors)) {
                headings_changed.insert(content_path.clone());
            }
        }
    }

    /// Forgets the files no longer in the site.
    fn forget_files_gone(&mut self, site: &Site) {
        if self.records.len() <= site.pages.len() + site.sections.len() {
            return;
        }
        let present: HashSet<&str> = (site.documents())
            .map(|doc| doc.content_path.as_str())
            .collect();
        self.records
            .retain(|path, _| present.contains(path.as_str()));
        let records = &self.records;
        self.unrendered.retain(|path| records.contains_key(path));
        self.linking_to_headings
            .retain(|path| records.contains_key(path));
    }

    /// Checks again the links to headings of the files just rendered and of the files that
    /// link to one in `headings_changed`.
    fn check_links_to_headings(
        &mut self,
        site: &Site,
        selected: &Rendered,
        headings_changed: &HashSet<String>,
        unparsed: &HashSet<String>,
    ) {
        let mut due: BTreeSet<&str> = selected
            .pages
            .iter()
            .map(|&index| site.pages[index].content_path.as_str())
            .chain(
                selected
                    .sections
                    .iter()
                    .map(|&index| site.sections[index].content_path.as_str()),
            )
            .collect();
        due.extend(
            (self.linking_to_headings.iter())
                .filter(|path| {
                    let refs = self.records.get(*path).map(|record| &record.anchor_refs);
                    (refs.into_iter().flatten()).any(|r| headings_changed.contains(&r.target))
                })
                .map(String::as_str),
        );
        if due.is_empty() {
            return;
        }
        let mut unrendered = unparsed.clone();
        unrendered.extend(self.unrendered.iter().cloned());
        let due: Vec<String> = due.into_iter().map(str::to_string).collect();
        for path in due {
            let Some(record) = self.records.get_mut(&path) else {
                continue;
            };
            let refs: Vec<(String, AnchorRef)> = (record.anchor_refs.iter())
                .map(|anchor_ref| (record.source.clone(), anchor_ref.clone()))
                .collect();
            record.anchor_problems = check_anchors(site, &refs, &unrendered);
        }
    }

    /// A hash of the page at `content_path` as last rendered.
    pub(super) fn stamp(&self, content_path: &str) -> u64 {
        self.records
            .get(content_path)
            .map_or(0, |record| record.stamp)
    }

    /// The resized variants of every image the site's files show, to copy with the site.
    pub(super) fn image_variants(&self) -> impl Iterator<Item = &Variant> {
        let images = self.records.values().flat_map(|record| &record.images);
        images.flat_map(|image| &image.variants)
    }

    /// Every warning the stage found in the files of the site.
    pub(super) fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.records
            .values()
            .flat_map(|record| record.warnings.iter())
    }

    /// Every problem the stage found in the files of the site.
    pub(super) fn problems(&self) -> impl Iterator<Item = &Diagnostic> {
        self.records
            .values()
            .flat_map(|record| record.problems.iter().chain(&record.anchor_problems))
    }
}

/// Whether the file at `content_path` may link to a file that moved (`moved`: their
/// `path_hash`es).
fn links_to(inputs: &BodyInputs, moved: &FxHashSet<u64>, content_path: &str) -> bool {
    let Some(links) = (inputs.links)(content_path) else {
        return false;
    };
    if moved.is_empty() {
        false
    } else if links.anywhere {
        true
    } else {
        links.paths.iter().any(|path| moved.contains(path))
    }
}

fn hash_of(value: &impl Hash) -> u64 {
    let mut hash = StampHasher::new();
    value.hash(&mut hash);
    hash.finish()
}
