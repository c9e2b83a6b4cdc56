//! The render stage in a build session: each job of the site is signed with a hash of what it
//! reads (`graph::Signer`), and jobs whose signature changed since their last good render are
//! rendered again. Once the site is placed, every job is signed and the readers of each page
//! and section are indexed; a rebuild that changed pages or sections in place signs again only
//! the jobs that read them.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::build::graph::{
    Fingerprints, Input, JobKey, Layout, Readers, Signer, TemplateGraph, job_key, view_stamp,
};
use crate::build::session::bodies::BodyCache;
use crate::build::session::outputs::{JobRun, Outputs};
use crate::build::session::sources::ContentCache;
use crate::config::Settings;
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::model::site::Site;
use crate::output::OutputPath;
use crate::render::context::Views;
use crate::render::templates::Templates;
use crate::render::{self, Job, Rendered, Renderer};
use crate::source::Theme;

/// What the render stage reads from the rest of the session.
pub struct Stage<'a> {
    pub site: &'a Site,
    pub settings: &'a Settings,
    pub templates: &'a Templates,
    pub graph: &'a TemplateGraph,
    pub bodies: &'a BodyCache,
}

/// The jobs of the placed site, who reads what, and the fingerprints they were last signed with.
#[derive(Default)]
pub struct RenderPlan {
    jobs: Vec<Job>,
    keys: Vec<JobKey>,
    readers: Readers,
    /// Jobs signed again on every rebuild (`Signer::reads_every_page`).
    every_run: Vec<u32>,
    layout: Layout,
    prints: Fingerprints,
    /// By page file: (page fingerprint, summary fingerprint) as last computed.
    summaries: HashMap<String, (u64, u64)>,
    /// Whether summary fingerprints count the word count (some template may show it).
    word_count_shown: bool,
}

/// A job to render if its signature differs from its last good render's.
pub struct Signed {
    job: u32,
    signature: u64,
}

impl RenderPlan {
    /// Signs every job of a newly placed site, and indexes who reads what.
    pub fn sign_everything(&mut self, stage: &Stage) -> Vec<Signed> {
        let site = stage.site;
        self.layout = Layout::new(site, stage.settings.config.home_latest);
        self.prints = self.fingerprint_everything(stage);
        self.jobs = render::jobs(site);
        self.keys = (self.jobs.par_iter())
            .map(|&job| job_key(site, job))
            .collect();
        self.every_run = (0..self.jobs.len() as u32)
            .filter(|&job| Signer::reads_every_page(self.jobs[job as usize]))
            .collect();
        let readers = Readers::new(&self.signer(stage), &self.jobs);
        self.readers = readers;
        let signer = self.signer(stage);
        (0..self.jobs.len() as u32)
            .into_par_iter()
            .map(|job| Signed {
                job,
                signature: signer.signature(self.jobs[job as usize]),
            })
            .collect()
    }

    /// Fingerprints of every page, summary and section; summaries of pages whose fingerprint
    /// is as last computed are not computed again.
    fn fingerprint_everything(&mut self, stage: &Stage) -> Fingerprints {
        let site = stage.site;
        let word_count_shown = stage.graph.may_read("word_count");
        if word_count_shown != self.word_count_shown {
            self.summaries.clear();
            self.word_count_shown = word_count_shown;
        }
        let views = Views {
            site,
            settings: stage.settings,
        };
        let pages: Vec<u64> = (0..site.pages.len())
            .into_par_iter()
            .map(|index| page_print(site, stage.bodies, index))
            .collect();
        let kept = &self.summaries;
        let summaries: Vec<(u64, bool)> = (pages.par_iter().enumerate())
            .map(
                |(index, &page)| match kept.get(&site.pages[index].content_path) {
                    Some(&(kept, summary)) if kept == page => (summary, false),
                    _ => (summary_print(&views, index, word_count_shown), true),
                },
            )
            .collect();
        for (index, &(summary, computed)) in summaries.iter().enumerate() {
            if computed {
                let path = site.pages[index].content_path.clone();
                self.summaries.insert(path, (pages[index], summary));
            }
        }
        if self.summaries.len() > site.pages.len() {
            self.summaries
                .retain(|path, _| site.page_by_content_path.contains_key(path));
        }
        Fingerprints {
            pages,
            summaries: summaries.into_iter().map(|(summary, _)| summary).collect(),
            sections: (site.sections.iter())
                .map(|section| section_print(&views, section))
                .collect(),
            section_links: (site.sections.iter())
                .map(|section| view_stamp(&views.section_link(section)))
                .collect(),
        }
    }

    /// Signs again the jobs that read the pages and sections (files from `content/`) rendered
    /// again since jobs were last signed, and the jobs signed on every run. The site must be
    /// placed as it was then.
    pub fn sign_changes(
        &mut self,
        stage: &Stage,
        pages: &BTreeSet<String>,
        sections: &BTreeSet<String>,
    ) -> Vec<Signed> {
        let site = stage.site;
        let views = Views {
            site,
            settings: stage.settings,
        };
        let mut inputs = Vec::new();
        for path in pages {
            let Some(&index) = site.page_by_content_path.get(path) else {
                continue;
            };
            let page = page_print(site, stage.bodies, index);
            let summary = match self.summaries.get(path) {
                Some(&(kept, summary)) if kept == page => summary,
                _ => summary_print(&views, index, self.word_count_shown),
            };
            self.summaries.insert(path.clone(), (page, summary));
            self.prints.pages[index] = page;
            self.prints.summaries[index] = summary;
            inputs.extend([Input::Page(index), Input::Summary(index)]);
        }
        for (index, section) in site.sections.iter().enumerate() {
            if sections.contains(&section.content_path) {
                self.prints.sections[index] = section_print(&views, section);
                self.prints.section_links[index] = view_stamp(&views.section_link(section));
                inputs.extend([Input::Section(index), Input::SectionLink(index)]);
            }
        }
        let mut jobs = self.every_run.clone();
        for input in inputs {
            jobs.extend_from_slice(self.readers.of(input));
        }
        jobs.sort_unstable();
        jobs.dedup();
        let signer = self.signer(stage);
        jobs.into_iter()
            .map(|job| Signed {
                job,
                signature: signer.signature(self.jobs[job as usize]),
            })
            .collect()
    }

    fn signer<'a>(&'a self, stage: &Stage<'a>) -> Signer<'a> {
        Signer {
            site: stage.site,
            layout: &self.layout,
            prints: &self.prints,
            templates: stage.graph,
        }
    }

    /// Renders the signed jobs whose signature changed since their last good render, handing
    /// each job's files to `deliver` as soon as they are made (it returns what the run keeps of
    /// them); all errors of the run are returned together.
    pub fn render<Deliver>(
        &self,
        stage: &Stage,
        signed: Vec<Signed>,
        outputs: &Outputs,
        deliver: Deliver,
    ) -> Result<Vec<JobRun>, BuildError>
    where
        Deliver: Fn(Vec<Rendered>) -> Result<Option<Vec<Rendered>>, Diagnostic> + Sync,
    {
        let renderer = Renderer::new(stage.site, stage.settings, stage.templates);
        let results: Vec<_> = signed
            .into_par_iter()
            .map(|Signed { job, signature }| {
                let key = &self.keys[job as usize];
                let files = if outputs.needs(key, signature) {
                    renderer.render(self.jobs[job as usize]).and_then(&deliver)
                } else {
                    Ok(None)
                };
                (key.clone(), signature, files)
            })
            .collect();
        let mut problems = Diagnostics::new();
        let mut runs = Vec::with_capacity(results.len());
        for (key, signature, files) in results {
            match files {
                Ok(files) => runs.push(JobRun {
                    key,
                    signature,
                    files,
                }),
                Err(problem) => problems.push(problem),
            }
        }
        problems.finish(runs)
    }
}

/// A page as its own job shows it.
fn page_print(site: &Site, bodies: &BodyCache, index: usize) -> u64 {
    let page = &site.pages[index];
    let mut hash = DefaultHasher::new();
    bodies.stamp(&page.content_path).hash(&mut hash);
    page.kind.hash(&mut hash);
    site.sections[page.section].content_path.hash(&mut hash);
    hash.finish()
}

/// A page's summary as listings show it; its word count only when some template may show it
/// (the reading time, which listings do show, changes once every 200 words).
fn summary_print(views: &Views, index: usize, word_count_shown: bool) -> u64 {
    let mut summary = views.summary(index);
    if !word_count_shown {
        summary.word_count = 0;
    }
    view_stamp(&summary)
}

/// A section as its listing and the home page show it.
fn section_print(views: &Views, section: &crate::model::section::Section) -> u64 {
    let mut header = section.clone();
    header.pages.clear();
    header.subsections.clear();
    let mut hash = DefaultHasher::new();
    (header, view_stamp(&views.section(section))).hash(&mut hash);
    hash.finish()
}

/// Files copied as they are: the theme's static files, then `content/`'s other files over them.
/// A file whose name cannot be a file of the site (a backslash, a `:`) is an error naming it.
pub fn copied_files(
    theme: Option<&Theme>,
    content: &ContentCache,
) -> Result<BTreeMap<OutputPath, PathBuf>, BuildError> {
    let theme_files = theme.into_iter().flat_map(|theme| &theme.static_files);
    let mut copies = BTreeMap::new();
    let mut problems = Diagnostics::new();
    for (path, file) in theme_files.chain(&content.assets) {
        match OutputPath::new(path.as_str()) {
            Ok(path) => {
                copies.insert(path, file.clone());
            }
            Err(error) => problems.push(Diagnostic::general(format!(
                "{}: {error}; expected a file name without it",
                file.display()
            ))),
        }
    }
    if problems.is_empty() {
        Ok(copies)
    } else {
        Err(problems.into_error())
    }
}
