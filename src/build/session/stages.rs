//! One run of a build session, stage by stage: read (the theme, the content files that
//! changed, parsed), place (the pages in the site), bodies (Markdown), jobs (signed and
//! rendered), output (put together, with what changed).

use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::build::graph::TemplateGraph;
use crate::build::session::bodies::BodyInputs;
use crate::build::session::jobs::{self, Stage};
use crate::build::session::profile::Stopwatch;
use crate::build::session::sources::{ContentCache, FileState, Plan};
use crate::build::session::{BuildOutcome, Destination, Kept, Session, placing};
use crate::config::{CONFIG_FILE, Settings};
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::model::site::{Site, url_collisions};
use crate::parse::parse_file;
use crate::render::Rendered;
use crate::render::templates::Templates;
use crate::source::{self, SourceFile};

impl Session {
    pub(super) fn run_stages(
        &mut self,
        plan: Plan,
        destination: Destination,
    ) -> Result<BuildOutcome, BuildError> {
        let started = Instant::now();
        let progress = Arc::clone(&self.progress);
        let mut watch = Stopwatch::start(&*progress);
        watch.begin("read", None);
        let (settings, fresh) = self.prepare(&plan)?;
        self.read(&plan, &settings, fresh, &watch)?;
        watch.lap("read+parse");
        let (mut problems, unparsed) = self.problems_so_far()?;
        watch.lap("scan");
        watch.begin("place", None);
        self.place(&settings, fresh, &unparsed, &mut problems)?;
        watch.lap("place");
        watch.begin("bodies", None);
        let rendered_bodies = self.render_bodies(&settings, &unparsed);
        watch.lap("bodies");
        problems.extend(self.kept.bodies.problems().cloned());
        problems.extend(self.unparsed_body_problems(&settings, &unparsed));
        problems.extend(self.missing_templates(&settings));
        let warnings = self.kept.bodies.warnings().cloned();
        if !problems.is_empty() {
            problems.extend(warnings);
            return Err(problems.into_error());
        }
        let mut all_warnings = crate::error::Diagnostics::new();
        all_warnings.extend(warnings);
        let made = self.render_jobs(&settings, &mut watch, destination)?;
        watch.report();
        let kept = &self.kept;
        Ok(BuildOutcome {
            warnings: all_warnings.into_sorted(),
            changed: made.changed.into_iter().collect(),
            rendered_jobs: made.rendered_jobs,
            rendered_bodies,
            pages: kept.site.pages.len(),
            sections: kept.site.sections.len(),
            files: made.files,
            elapsed: started.elapsed(),
        })
    }

    /// Settings (read again when `hearth.toml` changed), whether everything is built afresh
    /// (then nothing is kept), and the theme when it may have changed.
    fn prepare(&mut self, plan: &Plan) -> Result<(Settings, bool), BuildError> {
        if plan.touched.contains(CONFIG_FILE) || self.settings.is_none() {
            self.settings = None;
            self.settings = Some(Settings::load(&self.root, self.overrides.clone())?);
        }
        let settings = self.settings.clone().expect("settings were just loaded");
        let fresh = plan.everything || !self.kept.complete;
        if fresh {
            let touched = std::mem::take(&mut self.kept.touched);
            self.kept = Kept {
                touched,
                ..Kept::default()
            };
            self.outputs.forget_jobs();
        }
        self.kept.complete = false;
        self.kept.touched.extend(plan.touched.iter().cloned());
        if fresh || plan.theme {
            self.load_theme(&settings)?;
        }
        Ok((settings, fresh))
    }

    /// Reads the content files (all of them when `fresh`, else those `plan` names), parsing
    /// those whose text changed.
    fn read(
        &mut self,
        plan: &Plan,
        settings: &Settings,
        fresh: bool,
        watch: &Stopwatch,
    ) -> Result<(), BuildError> {
        let paper = settings.config.print.paper;
        let progress = &*self.progress;
        let parse = |file: &SourceFile| {
            let state = match parse_file(file, paper) {
                Ok(parsed) => FileState::Waiting(parsed),
                Err(problems) => {
                    let body = crate::parse::front_matter::split(&file.text)
                        .ok()
                        .map(|split| Box::new((split.body.to_string(), split.body_first_line)));
                    FileState::Failed(problems, body)
                }
            };
            progress.advance();
            state
        };
        let content_dir = settings.content_dir();
        let kept = &mut self.kept;
        if fresh {
            let links = source::Links::of(settings);
            let files = source::read_content(&content_dir, &links).map_err(BuildError)?;
            watch.begin("parse", Some(files.markdown.len()));
            kept.content = ContentCache::from_files(files, parse);
            kept.pending = kept.content.files.keys().cloned().collect();
        } else {
            let links = source::Links::of(settings);
            let refreshed = kept
                .content
                .refresh(&content_dir, &links, &plan.content, parse);
            kept.pending.extend(refreshed.changed);
        }
        Ok(())
    }

    /// The problems found so far (templates, headers) and the files that did not parse; files
    /// that could not be read stop the run here, as they stop a first build.
    fn problems_so_far(&mut self) -> Result<(Diagnostics, HashSet<String>), BuildError> {
        let unreadable = self.kept.content.unreadable();
        if !unreadable.is_empty() {
            self.kept.complete = true;
            let mut problems = Diagnostics::new();
            problems.extend(unreadable);
            return Err(problems.into_error());
        }
        let mut problems = Diagnostics::new();
        problems.extend(self.kept.template_problems.iter().cloned());
        let mut unparsed = HashSet::new();
        for (path, record) in &self.kept.content.files {
            if let FileState::Failed(found, _) = &record.state {
                unparsed.insert(path.clone());
                problems.extend(found.iter().cloned());
            }
        }
        Ok((problems, unparsed))
    }

    /// Places the changed pages in the site (when it is placed again from scratch, every job is
    /// signed again), and notes the changed files that links now lead elsewhere. Two files
    /// claiming one URL stop the run.
    fn place(
        &mut self,
        settings: &Settings,
        fresh: bool,
        unparsed: &HashSet<String>,
        problems: &mut Diagnostics,
    ) -> Result<(), BuildError> {
        let kept = &mut self.kept;
        let before: Vec<(&String, LinkEnd)> = if fresh {
            Vec::new()
        } else {
            let pending = kept.pending.iter();
            pending
                .map(|path| (path, LinkEnd::of(&kept.site, &kept.unparsed, path)))
                .collect()
        };
        let placed_again = placing::place_changes(
            &mut kept.site,
            &mut kept.content.files,
            (!fresh).then_some(&kept.pending),
            settings,
        );
        for (path, end) in before {
            if LinkEnd::of(&kept.site, unparsed, path) != end {
                kept.moved.insert(path.clone());
            }
        }
        kept.unparsed.clone_from(unparsed);
        kept.complete = true;
        if placed_again {
            kept.signed = false;
            kept.collisions = url_collisions(&kept.site);
        }
        if kept.collisions.is_empty() {
            Ok(())
        } else {
            problems.extend(kept.collisions.iter().cloned());
            Err(std::mem::take(problems).into_error())
        }
    }

    /// Renders the bodies the changes reach; returns how many files were rendered.
    fn render_bodies(&mut self, settings: &Settings, unparsed: &HashSet<String>) -> usize {
        let kept = &mut self.kept;
        let files = &kept.content.files;
        let links = |path: &str| files.get(path).map(|record| &record.links);
        let inputs = BodyInputs {
            settings,
            templates: kept.templates.as_ref(),
            blocks: kept.templates.as_ref().map(|_| kept.graph.blocks_stamp()),
            unparsed,
            changed: &kept.pending,
            moved: &kept.moved,
            links: &links,
        };
        let rendered = kept.bodies.render(&mut kept.site, &inputs);
        kept.pending.clear();
        kept.moved.clear();
        let site = &kept.site;
        let pages = rendered.pages.iter().map(|&i| &site.pages[i].content_path);
        kept.unsigned_pages.extend(pages.cloned());
        let sections = rendered.sections.iter().map(|&i| &site.sections[i]);
        kept.unsigned_sections
            .extend(sections.map(|section| section.content_path.clone()));
        rendered.pages.len() + rendered.sections.len()
    }

    /// Signs the jobs (every one after the site was placed again or the templates changed, else
    /// those reading what was rendered again), renders those whose signature changed and puts
    /// the files made where `destination` says.
    fn render_jobs(
        &mut self,
        settings: &Settings,
        watch: &mut Stopwatch,
        destination: Destination,
    ) -> Result<Made, BuildError> {
        let progress = &*self.progress;
        let kept = &mut self.kept;
        let Some(templates) = &kept.templates else {
            let mut problems = Diagnostics::new();
            problems.extend(kept.template_problems.iter().cloned());
            return Err(problems.into_error());
        };
        let stage = Stage {
            site: &kept.site,
            settings,
            templates,
            graph: &kept.graph,
            bodies: &kept.bodies,
        };
        let everything = !kept.signed;
        let signed = if everything {
            kept.plan.sign_everything(&stage)
        } else {
            let (pages, sections) = (&kept.unsigned_pages, &kept.unsigned_sections);
            kept.plan.sign_changes(&stage, pages, sections)
        };
        watch.lap("sign");
        watch.begin("render", Some(signed.len()));
        let copies = jobs::copied_files(kept.theme.as_ref(), &kept.content)?;
        let made = match destination {
            Destination::Memory => {
                let runs = kept.plan.render(&stage, signed, &self.outputs, |files| {
                    progress.advance();
                    Ok(Some(files))
                })?;
                watch.lap("render");
                let rendered_jobs = runs.iter().filter(|run| run.files.is_some()).count();
                let root = &self.root;
                let touched = &kept.touched;
                let is_touched = |source: &Path| {
                    source
                        .strip_prefix(root)
                        .ok()
                        .and_then(|relative| relative.to_str())
                        .is_some_and(|relative| touched.contains(relative))
                };
                let changed = self.outputs.apply(runs, everything, &copies, &is_touched);
                let files = self.outputs.site.files.len();
                Made {
                    changed,
                    rendered_jobs,
                    files,
                }
            }
            Destination::Folder(staging) => {
                let write = |files: Vec<Rendered>| {
                    progress.advance();
                    for (path, bytes) in &files {
                        staging
                            .write(path, bytes)
                            .map_err(|error| cannot_write(path, &error))?;
                    }
                    Ok(None)
                };
                let runs = kept.plan.render(&stage, signed, &self.outputs, write)?;
                watch.lap("render+write");
                copies
                    .par_iter()
                    .filter(|(path, _)| !staging.has_made(path))
                    .try_for_each(|(path, source)| {
                        let copy = |error| {
                            Diagnostic::general(format!(
                                "cannot copy {}: {error}",
                                source.display()
                            ))
                        };
                        let bytes = std::fs::read(source).map_err(copy)?;
                        staging
                            .write(path, &bytes)
                            .map_err(|error| cannot_write(path, &error))
                    })?;
                Made {
                    changed: BTreeSet::new(),
                    rendered_jobs: runs.len(),
                    files: staging.files_made(),
                }
            }
            Destination::Nowhere => {
                let count = AtomicUsize::new(0);
                let drop_files = |files: Vec<Rendered>| {
                    progress.advance();
                    count.fetch_add(files.len(), Ordering::Relaxed);
                    Ok(None)
                };
                let runs = kept
                    .plan
                    .render(&stage, signed, &self.outputs, drop_files)?;
                watch.lap("render");
                let files = count.into_inner() + copies.len();
                Made {
                    changed: BTreeSet::new(),
                    rendered_jobs: runs.len(),
                    files,
                }
            }
        };
        kept.signed = true;
        kept.unsigned_pages.clear();
        kept.unsigned_sections.clear();
        kept.touched.clear();
        watch.lap("output");
        Ok(made)
    }

    /// Reads the theme again and compiles its templates when any of them changed.
    fn load_theme(&mut self, settings: &Settings) -> Result<(), BuildError> {
        let links = source::Links::of(settings);
        let theme = source::load_theme(&settings.root, &settings.config.theme, &links)?;
        let same_templates = self
            .kept
            .theme
            .as_ref()
            .is_some_and(|kept| kept.templates == theme.templates);
        if !same_templates {
            let compiled = Templates::compile(&theme.templates);
            self.kept.template_problems = compiled.as_ref().err().cloned().unwrap_or_default();
            self.kept.templates = compiled.ok();
            self.kept.graph = TemplateGraph::new(&theme.templates);
            self.kept.signed = false;
        }
        self.kept.theme = Some(theme);
        Ok(())
    }
}

/// What the render stage made.
struct Made {
    /// Paths whose bytes changed (known only for files kept in memory).
    changed: BTreeSet<String>,
    rendered_jobs: usize,
    files: usize,
}

fn cannot_write(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::general(format!("cannot write {path}: {error}"))
}

/// Where links to a content file lead, as the Markdown stage resolves them.
#[derive(Debug, PartialEq, Eq)]
enum LinkEnd {
    /// The page or section at this site path.
    File(String),
    /// Nowhere, without a complaint: the file does not parse.
    Unparsed,
    /// Nowhere: a broken link.
    Nothing,
}

impl LinkEnd {
    fn of(site: &Site, unparsed: &HashSet<String>, content_path: &str) -> Self {
        match site.site_path_of(content_path) {
            Some(site_path) => LinkEnd::File(site_path.to_string()),
            None if unparsed.contains(content_path) => LinkEnd::Unparsed,
            None => LinkEnd::Nothing,
        }
    }
}
