//! One run of a build session, stage by stage: read (the theme, the content files that
//! changed, parsed), place (the pages in the site), bodies (Markdown), jobs (signed and
//! rendered: `rendering`), output (put together, with what changed).

use std::collections::HashSet;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::time::Instant;

use crate::build::graph::{LinkTargets, StampHasher, TemplateGraph};
use crate::build::progress::Progress;
use crate::build::session::bodies::BodyInputs;
use crate::build::session::profile::Stopwatch;
use crate::build::session::rendering::Made;
use crate::build::session::sources::{ContentCache, FileState, Plan, record};
use crate::build::session::{
    BuildOutcome, Changes, Destination, Kept, Session, ThemeState, placing,
};
use crate::config::{CONFIG_FILE, Settings};
use crate::error::{BuildError, Diagnostics};
use crate::images::Catalog;
use crate::model::site::{Site, url_collisions};
use crate::parse::parse_file;
use crate::render::templates::Templates;
use crate::source::{self, SourceFile, Theme};

impl Session {
    pub(super) fn run_stages(
        &mut self,
        plan: Plan,
        destination: Destination,
    ) -> Result<BuildOutcome, BuildError> {
        let started = Instant::now();
        self.images_decoded = 0;
        self.outputs.begin_run();
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
        // A build that ends here reads no Markdown again: on a big site, the pages' Markdown
        // is a good share of what the run holds.
        let ends = fresh && !matches!(destination, Destination::Memory);
        let mut rendered_bodies = self.render_bodies(&settings, &unparsed, ends)?;
        watch.lap("bodies");
        problems.extend(self.kept.bodies.problems().cloned());
        problems.extend(self.unparsed_body_problems(&settings, &unparsed));
        problems.extend(self.missing_templates());
        if !problems.is_empty() {
            problems.extend(self.kept.bodies.warnings().cloned());
            return Err(problems.into_error());
        }
        let mut made = self.render_jobs(&settings, &mut watch, destination)?;
        while !made.hollow_read.is_empty() {
            self.hydrate(&settings, &made.hollow_read)?;
            rendered_bodies += self.render_bodies(&settings, &unparsed, false)?;
            let mut problems = Diagnostics::new();
            problems.extend(self.kept.bodies.problems().cloned());
            if !problems.is_empty() {
                return Err(problems.into_error());
            }
            let more = self.render_jobs(&settings, &mut watch, destination)?;
            made = Made {
                changed: made.changed.into_iter().chain(more.changed).collect(),
                rendered_jobs: made.rendered_jobs + more.rendered_jobs,
                files: more.files,
                hollow_read: more.hollow_read,
                cards_painted: made.cards_painted + more.cards_painted,
                files_copied: made.files_copied + more.files_copied,
            };
        }
        let mut all_warnings = crate::error::Diagnostics::new();
        all_warnings.extend(self.kept.bodies.warnings().cloned());
        watch.report();
        let kept = &self.kept;
        Ok(BuildOutcome {
            warnings: all_warnings.into_sorted(),
            changed: made.changed.into_iter().collect(),
            rendered_jobs: made.rendered_jobs,
            rendered_bodies,
            cards_painted: made.cards_painted,
            files_copied: made.files_copied,
            pages: kept.site.pages.len(),
            sections: kept.site.sections.len(),
            files: made.files,
            images_decoded: self.images_decoded,
            sources_read: std::mem::take(&mut self.sources_read),
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
            let touched = std::mem::take(&mut self.kept.changes.touched);
            self.kept = Kept {
                changes: Changes {
                    touched,
                    ..Changes::default()
                },
                ..Kept::default()
            };
            self.outputs.forget_jobs();
        }
        self.kept.complete = false;
        self.kept
            .changes
            .touched
            .extend(plan.touched.iter().cloned());
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
            let read_at = source::FileTime::now();
            let listed = source::list_content(&content_dir, &links);
            watch.begin("parse", Some(listed.markdown.len()));
            let each = |file: SourceFile| (file.content_path.clone(), record(&file, &parse));
            let (files, _) = listed.read_but(&|_, _| false, &each).map_err(BuildError)?;
            self.sources_read += files.markdown.len();
            kept.content = ContentCache::from_records(files);
            kept.content.read_at = Some(read_at);
            kept.changes.pending = kept.content.files.keys().cloned().collect();
        } else {
            let links = source::Links::of(settings);
            let refreshed = kept
                .content
                .refresh(&content_dir, &links, &plan.content, parse);
            for path in &refreshed.changed {
                kept.changes.hollow.remove(path);
            }
            kept.changes.pending.extend(refreshed.changed);
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
        problems.extend(self.kept.theme.problems.iter().cloned());
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
            let pending = kept.changes.pending.iter();
            pending
                .map(|path| (path, LinkEnd::of(&kept.site, &kept.changes.unparsed, path)))
                .collect()
        };
        let placed_again = placing::place_changes(
            &mut kept.site,
            &mut kept.content.files,
            (!fresh).then_some(&kept.changes.pending),
            settings,
        );
        for (path, end) in before {
            if LinkEnd::of(&kept.site, unparsed, path) != end {
                kept.changes.moved.insert(path.clone());
            }
        }
        kept.changes.unparsed.clone_from(unparsed);
        kept.complete = true;
        if placed_again {
            kept.signing.signed = false;
            kept.stored_pages = Default::default();
            kept.collisions = url_collisions(&kept.site);
        }
        if kept.collisions.is_empty() {
            Ok(())
        } else {
            problems.extend(kept.collisions.iter().cloned());
            Err(std::mem::take(problems).into_error())
        }
    }

    /// Renders the bodies the changes reach (parsing again those of hollow pages first);
    /// returns how many files were rendered. With `forget_markdown`, each page's Markdown is
    /// dropped as it is rendered.
    fn render_bodies(
        &mut self,
        settings: &Settings,
        unparsed: &HashSet<String>,
        forget_markdown: bool,
    ) -> Result<usize, BuildError> {
        let images = self.image_catalog(settings)?;
        if !self.kept.changes.hollow.is_empty() {
            let hollow_due: Vec<String> = {
                let kept = &self.kept;
                let files = &kept.content.files;
                let links = |path: &str| files.get(path).map(|record| &record.links);
                let (theme, changes, progress) = (&kept.theme, &kept.changes, &*self.progress);
                let inputs = body_inputs(
                    theme, changes, settings, unparsed, &links, progress, &images,
                );
                let due = kept.bodies.due(&kept.site, &inputs).pages.into_iter();
                due.map(|index| &kept.site.pages[index].content_path)
                    .filter(|path| kept.changes.hollow.contains(*path))
                    .cloned()
                    .collect()
            };
            self.hydrate(settings, &hollow_due)?;
        }
        let kept = &mut self.kept;
        let files = &kept.content.files;
        let links = |path: &str| files.get(path).map(|record| &record.links);
        let (theme, changes, progress) = (&kept.theme, &kept.changes, &*self.progress);
        let mut inputs = body_inputs(
            theme, changes, settings, unparsed, &links, progress, &images,
        );
        inputs.forget_markdown = forget_markdown;
        let rendered = kept.bodies.render(&mut kept.site, &inputs);
        self.images_decoded += images.decoded();
        kept.changes.pending.clear();
        kept.changes.moved.clear();
        let site = &kept.site;
        let pages = rendered.pages.iter().map(|&i| &site.pages[i].content_path);
        kept.signing.unsigned_pages.extend(pages.cloned());
        let sections = rendered.sections.iter().map(|&i| &site.sections[i]);
        kept.signing
            .unsigned_sections
            .extend(sections.map(|section| section.content_path.clone()));
        Ok(rendered.pages.len() + rendered.sections.len())
    }

    /// Reads the theme again and compiles its templates when any of them changed.
    fn load_theme(&mut self, settings: &Settings) -> Result<(), BuildError> {
        let links = source::Links::of(settings);
        let theme = source::load_theme(&settings.root, &settings.config.theme, &links)?;
        let same_templates = self
            .kept
            .theme
            .files
            .as_ref()
            .is_some_and(|kept| kept.templates == theme.templates && kept.card == theme.card);
        if !same_templates {
            let compiled = Templates::compile(&theme.templates);
            self.kept.theme.problems = compiled.as_ref().err().cloned().unwrap_or_default();
            self.kept.theme.templates = compiled.ok();
            self.kept.theme.graph = TemplateGraph::new(&theme.templates);
            let signed_with = self.kept.theme.signed_with.take();
            if signed_with != Some(theme_stamp(&theme)) {
                self.kept.signing.signed = false;
            }
        }
        self.kept.theme.files = Some(theme);
        Ok(())
    }
}

/// A stamp of a theme's templates and card colours: what signed jobs were signed with.
pub(super) fn theme_stamp(theme: &Theme) -> u64 {
    let mut hash = StampHasher::new();
    (&theme.templates, &theme.card).hash(&mut hash);
    hash.finish()
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

/// What the Markdown stage reads from the kept theme and changes; it tells `progress` how far
/// it is.
fn body_inputs<'a>(
    theme: &'a ThemeState,
    changes: &'a Changes,
    settings: &'a Settings,
    unparsed: &'a HashSet<String>,
    links: &'a dyn Fn(&str) -> Option<&'a LinkTargets>,
    progress: &'a dyn Progress,
    images: &'a Catalog,
) -> BodyInputs<'a> {
    BodyInputs {
        settings,
        templates: theme.templates.as_ref(),
        blocks: (theme.templates.as_ref()).map(|_| theme.graph.blocks_stamp()),
        unparsed,
        changed: &changes.pending,
        moved: &changes.moved,
        links,
        progress,
        images,
        forget_markdown: false,
    }
}
