//! The render stage in a build session: each job of the site is signed with the stamps of what
//! it read when last rendered (recorded by the renderer), and jobs whose signature changed
//! since their last good render, or that were never rendered, are rendered again, their record
//! renewed. Once the site is placed, every job is signed; a rebuild that changed pages or
//! sections in place signs again only the jobs that read them, found by looking through what
//! each job read the first time, and in an index of who reads what made the second time.

use std::collections::BTreeSet;

use rustc_hash::{FxHashMap, FxHashSet};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use crate::build::graph::{
    Fingerprints, JobKey, Readers, Records, TemplateGraph, job_key, view_stamp,
};
use crate::build::session::bodies::BodyCache;
use crate::build::session::outputs::{JobRun, Outputs};
use crate::build::session::prints::{page_print, section_print, summary_print};
use crate::config::Settings;
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::model::site::Site;
use crate::output::OutputPath;
use crate::render::queries;
use crate::render::reads::Input;
use crate::render::templates::Templates;
use crate::render::{self, Job, Rendered, Renderer};

/// What the render stage reads from the rest of the session.
pub(super) struct Stage<'a> {
    pub site: &'a Site,
    pub settings: &'a Settings,
    pub templates: &'a Templates,
    /// Paints the pages' social cards (none when `[cards] enabled = false`).
    pub cards: Option<&'a crate::cards::CardPainter>,
    pub graph: &'a TemplateGraph,
    pub bodies: &'a BodyCache,
    /// Pages (files from `content/`) read from a build cache without their bodies: a job that
    /// reads one is rendered once it has been parsed again.
    pub hollow: &'a FxHashSet<String>,
    /// The search index as the last run left it.
    pub search: &'a crate::render::search::SearchMemo,
}

/// The jobs of the placed site, what each read when last rendered, who reads what, and the
/// stamps of the inputs.
#[derive(Default)]
pub(super) struct RenderPlan {
    jobs: Vec<Job>,
    keys: Vec<JobKey>,
    /// What each job read when last rendered; a job without a record is rendered.
    records: Records,
    /// Who reads what, from `records`: made the second time it is asked for (the first ask
    /// looks through `records`), and kept up to date after. A build that ends asks once.
    readers: Option<Readers>,
    readers_asked: bool,
    prints: Fingerprints,
    /// By page file: (page stamp, summary stamp) as last computed.
    summaries: FxHashMap<String, (u64, u64)>,
    /// Whether summary stamps count the word count (some template may show it).
    word_count_shown: bool,
    /// Jobs that read a hollow page, rendered again once it is parsed again.
    deferred: Vec<u32>,
}

/// What a render stage keeps between builds (`build::cache`).
#[derive(Default, Serialize, Deserialize)]
pub(super) struct StoredPlan {
    records: Records,
    summaries: FxHashMap<String, (u64, u64)>,
    word_count_shown: bool,
    /// When every job was signed as the build ended: the stamps then, and the stamp of the
    /// theme's templates they were signed with (`theme_stamp`).
    signed: Option<(Fingerprints, u64)>,
}

/// The jobs a render made and kept, and the hollow pages that jobs waiting to render read.
pub(super) struct RenderRun {
    pub runs: Vec<JobRun>,
    pub hollow_read: BTreeSet<String>,
}

/// A job to render if it has no signature (no record of what it reads) or its signature
/// differs from its last good render's.
pub(super) struct Signed {
    job: u32,
    signature: Option<u64>,
}

impl RenderPlan {
    /// The plan stored with `site`, and, when its jobs were all signed, the stamp of the
    /// theme's templates they were signed with: while the templates are the same and the site
    /// is not placed again, only the jobs reading what changes need signing again.
    pub(super) fn from_stored(stored: StoredPlan, site: &Site) -> (Self, Option<u64>) {
        let mut plan = Self {
            records: stored.records,
            summaries: stored.summaries,
            word_count_shown: stored.word_count_shown,
            ..Self::default()
        };
        let Some((prints, templates)) = stored.signed else {
            return (plan, None);
        };
        plan.prints = prints;
        plan.jobs = render::jobs(site);
        plan.keys = (plan.jobs.par_iter())
            .map(|&job| job_key(site, job))
            .collect();
        (plan, Some(templates))
    }

    /// What to store of the plan; `signed_with`: the stamp of the templates every job was
    /// signed with, when each was signed since the site was last placed and its pages changed.
    pub(super) fn into_stored(self, signed_with: Option<u64>) -> StoredPlan {
        let signed = signed_with.filter(|_| self.deferred.is_empty());
        StoredPlan {
            records: self.records,
            summaries: self.summaries,
            word_count_shown: self.word_count_shown,
            signed: signed.map(|templates| (self.prints, templates)),
        }
    }

    /// Signs every job of a newly placed site, and indexes who reads what.
    pub(super) fn sign_everything(&mut self, stage: &Stage) -> Vec<Signed> {
        let site = stage.site;
        let ((placed, sitemap), ()) = rayon::join(
            || {
                rayon::join(
                    || Fingerprints::placed(site, stage.settings),
                    || Fingerprints::sitemap_stamp(site, stage.settings),
                )
            },
            || self.stamp_contents(stage),
        );
        let contents = std::mem::replace(&mut self.prints, placed);
        self.prints.pages = contents.pages;
        self.prints.summaries = contents.summaries;
        self.prints.sections = contents.sections;
        self.prints.section_links = contents.section_links;
        self.prints.set_sitemap(sitemap);
        self.jobs = render::jobs(site);
        self.keys = (self.jobs.par_iter())
            .map(|&job| job_key(site, job))
            .collect();
        self.records.follow(site);
        self.readers = None;
        self.readers_asked = false;
        let (records, prints) = (&self.records, &self.prints);
        (self.keys.par_iter().enumerate())
            .map(|(job, key)| Signed {
                job: job as u32,
                signature: (records.by_job.get(key))
                    .map(|reads| prints.signature(reads, stage.graph)),
            })
            .collect()
    }

    /// Stamps of every page, summary and section; summaries of pages whose stamp is as last
    /// computed are not computed again.
    fn stamp_contents(&mut self, stage: &Stage) {
        let site = stage.site;
        let word_count_shown = stage.graph.may_read("word_count");
        if word_count_shown != self.word_count_shown {
            self.summaries.clear();
            self.word_count_shown = word_count_shown;
        }
        let settings = stage.settings;
        let pages: Vec<u64> = (0..site.pages.len())
            .into_par_iter()
            .map(|index| page_print(site, stage.bodies, index))
            .collect();
        let kept = &self.summaries;
        let summaries: Vec<(u64, bool)> = (pages.par_iter().enumerate())
            .map(
                |(index, &page)| match kept.get(&site.pages[index].content_path) {
                    Some(&(kept, summary)) if kept == page => (summary, false),
                    _ => (summary_print(site, settings, index, word_count_shown), true),
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
        self.prints.pages = pages;
        self.prints.summaries = summaries.into_iter().map(|(summary, _)| summary).collect();
        self.prints.sections = (0..site.sections.len())
            .map(|index| section_print(site, settings, index))
            .collect();
        self.prints.section_links = (0..site.sections.len())
            .map(|index| view_stamp(&queries::section_link(site, settings, index)))
            .collect();
    }

    /// Signs again the jobs that read the pages and sections (files from `content/`) rendered
    /// again since jobs were last signed, and the sitemap if it changed. The site must be
    /// placed as it was then.
    pub(super) fn sign_changes(
        &mut self,
        stage: &Stage,
        pages: &BTreeSet<String>,
        sections: &BTreeSet<String>,
    ) -> Vec<Signed> {
        let (site, settings) = (stage.site, stage.settings);
        let mut inputs = Vec::new();
        for path in pages {
            let Some(&index) = site.page_by_content_path.get(path) else {
                continue;
            };
            let page = page_print(site, stage.bodies, index);
            let summary = match self.summaries.get(path) {
                Some(&(kept, summary)) if kept == page => summary,
                _ => summary_print(site, settings, index, self.word_count_shown),
            };
            self.summaries.insert(path.clone(), (page, summary));
            // A body rendered again as it was (a hollow page parsed again for a job that reads
            // it) changes no job's signature.
            if (self.prints.pages[index], self.prints.summaries[index]) == (page, summary) {
                continue;
            }
            self.prints.pages[index] = page;
            self.prints.summaries[index] = summary;
            inputs.extend([
                Input::Page(index),
                Input::SearchText(index),
                Input::Summary(index),
            ]);
        }
        for (index, section) in site.sections.iter().enumerate() {
            if sections.contains(&section.content_path) {
                self.prints.sections[index] = section_print(site, settings, index);
                self.prints.section_links[index] =
                    view_stamp(&queries::section_link(site, settings, index));
                inputs.extend([Input::Section(index), Input::SectionLink(index)]);
            }
        }
        if !pages.is_empty() && self.prints.restamp_sitemap(site, settings) {
            inputs.push(Input::Sitemap);
        }
        let (records, keys) = (&self.records, &self.keys);
        let mut jobs = Vec::new();
        if inputs.is_empty() {
            // Nothing a job reads changed: none is signed again.
        } else if self.readers.is_none() && !self.readers_asked {
            // The first ask looks through every record, which costs less than making the index
            // a build that ends never asks again.
            self.readers_asked = true;
            jobs = (keys.par_iter().enumerate())
                .filter(|(_, key)| {
                    (records.by_job.get(*key))
                        .is_some_and(|reads| reads.iter().any(|read| inputs.contains(read)))
                })
                .map(|(job, _)| job as u32)
                .collect();
        } else {
            let readers = (self.readers).get_or_insert_with(|| Readers::new(records, keys));
            for input in &inputs {
                jobs.extend_from_slice(readers.of(input));
            }
        }
        jobs.sort_unstable();
        jobs.dedup();
        let deferred = std::mem::take(&mut self.deferred);
        jobs.retain(|job| deferred.binary_search(job).is_err());
        let signed = jobs.into_iter().map(|job| Signed {
            job,
            signature: (self.records.by_job.get(&self.keys[job as usize]))
                .map(|reads| self.prints.signature(reads, stage.graph)),
        });
        let deferred = deferred.into_iter().map(|job| Signed {
            job,
            signature: None,
        });
        signed.chain(deferred).collect()
    }

    /// Renders the signed jobs that have no signature or whose signature changed since their
    /// last good render, handing each job's files to `deliver` as soon as they are made (it
    /// returns what the run keeps of them), and keeps what each read; all errors of the run are
    /// returned together. A job that read a hollow page is not delivered but deferred.
    pub(super) fn render<Deliver>(
        &mut self,
        stage: &Stage,
        signed: Vec<Signed>,
        outputs: &Outputs,
        deliver: Deliver,
    ) -> Result<RenderRun, BuildError>
    where
        Deliver: Fn(Vec<Rendered>) -> Result<Option<Vec<Rendered>>, Diagnostic> + Sync,
    {
        let renderer = Renderer::new(stage.site, stage.settings, stage.templates)
            .with_cards(stage.cards)
            .with_search_memo(Some(stage.search));
        let (jobs, keys, prints) = (&self.jobs, &self.keys, &self.prints);
        let hollow_read = |reads: &[Input]| -> Vec<String> {
            if stage.hollow.is_empty() {
                return Vec::new();
            }
            let pages = reads.iter().filter_map(|input| match input {
                Input::Page(index) => Some(&stage.site.pages[*index].content_path),
                _ => None,
            });
            pages
                .filter(|path| stage.hollow.contains(*path))
                .cloned()
                .collect()
        };
        let results: Vec<_> = signed
            .into_par_iter()
            .map(|Signed { job, signature }| {
                let key = &keys[job as usize];
                match signature {
                    Some(signature) if !outputs.needs(key, signature) => {
                        (job, Some(signature), Ok(None), None, Vec::new())
                    }
                    _ => {
                        let (files, reads) = renderer.render_recorded(jobs[job as usize]);
                        let hollow = hollow_read(&reads);
                        if !hollow.is_empty() && files.is_ok() {
                            return (job, None, Ok(None), None, hollow);
                        }
                        let made = files.map(|files| {
                            let paths = files.iter().map(|(path, _)| path.clone()).collect();
                            (files, paths)
                        });
                        let delivered = made.and_then(|(files, paths): (_, Vec<OutputPath>)| {
                            deliver(files).map(|kept| (kept, paths))
                        });
                        // Signed here, on the worker: signing every job is a good share of a
                        // full build, and what follows runs on one thread.
                        let signature =
                            (delivered.is_ok()).then(|| prints.signature(&reads, stage.graph));
                        (job, signature, delivered.map(Some), Some(reads), Vec::new())
                    }
                }
            })
            .collect();
        let mut problems = Diagnostics::new();
        let mut runs = Vec::with_capacity(results.len());
        let mut hollow_read = BTreeSet::new();
        for (job, signature, files, reads, hollow) in results {
            if !hollow.is_empty() {
                self.deferred.push(job);
                hollow_read.extend(hollow);
                continue;
            }
            let key = self.keys[job as usize].clone();
            let signature = match (files.is_ok(), reads) {
                (true, Some(reads)) => {
                    if let Some(readers) = &mut self.readers {
                        readers.add(job, &reads);
                    }
                    self.records.by_job.insert(key.clone(), reads);
                    signature.unwrap_or_default()
                }
                (false, _) => {
                    self.records.by_job.remove(&key);
                    0
                }
                (true, None) => signature.unwrap_or_default(),
            };
            match files {
                Ok(Some((files, made))) => runs.push(JobRun {
                    key,
                    signature,
                    files,
                    made: Some(made),
                }),
                Ok(None) => runs.push(JobRun {
                    key,
                    signature,
                    files: None,
                    made: None,
                }),
                Err(problem) => problems.push(problem),
            }
        }
        self.deferred.sort_unstable();
        problems.finish(RenderRun { runs, hollow_read })
    }
}
