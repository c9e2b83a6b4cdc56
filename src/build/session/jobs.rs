//! The render stage in a build session: every job of the site gets a signature of what it
//! reads; jobs whose signature changed since their last good render are rendered again.

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;

use rayon::prelude::*;

use crate::build::graph::{Inputs, TemplateGraph, debug_stamp, job_key, view_stamp};
use crate::build::session::bodies::BodyCache;
use crate::build::session::outputs::{JobRun, Outputs};
use crate::build::session::sources::ContentCache;
use crate::config::Settings;
use crate::error::{BuildError, Diagnostics};
use crate::model::site::Site;
use crate::render::context::Views;
use crate::render::templates::Templates;
use crate::render::{self, Renderer};
use crate::source::Theme;

/// Renders the jobs whose inputs changed; all render errors of the run are returned together.
pub fn render_jobs(
    site: &Site,
    settings: &Settings,
    templates: &Templates,
    graph: &TemplateGraph,
    bodies: &BodyCache,
    summaries: &mut HashMap<String, (u64, u64)>,
    outputs: &Outputs,
) -> Result<Vec<JobRun>, BuildError> {
    let views = Views { site, settings };
    let page_stamps: Vec<u64> = site
        .pages
        .iter()
        .map(|page| {
            let mut hash = DefaultHasher::new();
            bodies.stamp(&page.content_path).hash(&mut hash);
            page.kind.hash(&mut hash);
            site.sections[page.section].content_path.hash(&mut hash);
            hash.finish()
        })
        .collect();
    let summary_stamps: Vec<u64> = site
        .pages
        .par_iter()
        .zip(&page_stamps)
        .enumerate()
        .map(
            |(index, (page, &stamp))| match summaries.get(&page.content_path) {
                Some(&(kept, summary)) if kept == stamp => summary,
                _ => view_stamp(&views.summary(index)),
            },
        )
        .collect();
    for (index, page) in site.pages.iter().enumerate() {
        let stamps = (page_stamps[index], summary_stamps[index]);
        if summaries.get(&page.content_path) != Some(&stamps) {
            summaries.insert(page.content_path.clone(), stamps);
        }
    }
    if summaries.len() > site.pages.len() {
        summaries.retain(|path, _| site.page_by_content_path.contains_key(path));
    }
    let section_stamps: Vec<u64> = site
        .sections
        .iter()
        .map(|section| {
            let mut header = section.clone();
            header.pages.clear();
            header.subsections.clear();
            let mut hash = DefaultHasher::new();
            (debug_stamp(&header), view_stamp(&views.section(section))).hash(&mut hash);
            hash.finish()
        })
        .collect();
    let section_links: Vec<u64> = site
        .sections
        .iter()
        .map(|section| view_stamp(&views.section_link(section)))
        .collect();
    let inputs = Inputs::new(
        site,
        &page_stamps,
        &summary_stamps,
        &section_stamps,
        &section_links,
        graph,
    );

    let jobs = render::jobs(site);
    let planned: Vec<_> = jobs
        .par_iter()
        .map(|&job| {
            let key = job_key(site, job);
            let signature = inputs.signature(job);
            let needed = outputs.needs(&key, signature);
            (job, key, signature, needed)
        })
        .collect();
    let renderer = Renderer::new(site, settings, templates);
    let results: Vec<_> = planned
        .into_par_iter()
        .map(|(job, key, signature, needed)| {
            let files = needed.then(|| renderer.render(job)).transpose();
            (key, signature, files)
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

/// Files copied as they are: the theme's static files, then `content/`'s other files over them.
pub fn copied_files(theme: Option<&Theme>, content: &ContentCache) -> BTreeMap<String, PathBuf> {
    let mut copies = theme.map_or_else(BTreeMap::new, |theme| theme.static_files.clone());
    copies.extend(
        content
            .assets
            .iter()
            .map(|(path, file)| (path.clone(), file.clone())),
    );
    copies
}
