//! A build session: the site built once, then rebuilt from the paths that changed. It keeps the
//! content files with a hash of their text and what parsing made of them, the rendered bodies,
//! the compiled templates, what each render job read and, for each page and section, the jobs
//! that read it; a rebuild does again only what the changes reach. `hearth build` is a session
//! run once, with nothing kept. A run tells its `Progress` its stages and their times.

mod bodies;
mod checks;
mod images;
mod jobs;
mod outputs;
mod page_parts;
mod placing;
mod prints;
mod profile;
mod rendering;
mod sources;
mod stages;
mod stored;

use std::collections::{BTreeSet, HashSet};

use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use crate::build::graph::TemplateGraph;
use crate::build::progress::{Progress, Silent};
use crate::config::{Overrides, Settings};
use crate::error::{BuildError, Diagnostic};
use crate::model::site::Site;
use crate::output::{SiteOutput, Staging};
use crate::render::templates::Templates;
use crate::source::Theme;
use bodies::BodyCache;
use jobs::RenderPlan;
use outputs::Outputs;
use sources::ContentCache;
pub(crate) use sources::Plan;
pub(crate) use stored::StoredSession;

/// What a finished build or rebuild changed.
#[derive(Debug, Clone, Default)]
pub struct BuildOutcome {
    /// Warnings of the run (`Severity::Warning`), sorted: suspicious input the build went on with.
    pub warnings: Vec<crate::error::Diagnostic>,
    /// Output paths whose bytes changed, appeared or went away (`articles/x/index.html`), sorted.
    pub changed: Vec<String>,
    /// Render jobs run and Markdown files rendered by this run.
    pub rendered_jobs: usize,
    pub rendered_bodies: usize,
    /// Social cards painted by this run (the others were read from the card cache).
    pub cards_painted: usize,
    /// Files read and copied into the output folder (the others were kept as they were).
    pub files_copied: usize,
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    /// Images decoded (and resized) in the run: none when every variant was in the image cache.
    pub images_decoded: usize,
    /// Markdown files read whole to find what changed: every one in a first build, only those
    /// whose stamp changed in a build from a cache.
    pub sources_read: usize,
    pub elapsed: Duration,
}

/// The URL path (from the site's root) a browser shows for an output path:
/// `articles/x/index.html` → `/articles/x/`, `404.html` → `/404.html`.
pub fn url_of(output_path: &str) -> String {
    match output_path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{output_path}"),
    }
}

/// Where a run puts the files it makes.
#[derive(Clone, Copy)]
pub enum Destination<'a> {
    /// Kept in memory: served from there, and compared with the next run's to tell what changed.
    Memory,
    /// Written into a staging folder as they are made, and not kept (a build that ends here).
    Folder(&'a Staging),
    /// Made and dropped (checking a site).
    Nowhere,
}

/// A site being built, kept between builds.
pub struct Session {
    root: PathBuf,
    overrides: Overrides,
    settings: Option<Settings>,
    kept: Kept,
    outputs: Outputs,
    /// The problems of the last run, if it failed.
    failed: Option<BuildError>,
    /// Told the stages of each run as they go.
    progress: Arc<dyn Progress>,
    /// Images decoded so far in the current run.
    images_decoded: usize,
    /// Markdown files read whole so far in the current run (`BuildOutcome::sources_read`).
    sources_read: usize,
}

/// What a session keeps from one run to the next; emptied to build everything again.
///
/// The data flows one way through it, as through a build: `content` (files read and parsed) →
/// `site` (placed) → `bodies` (Markdown rendered into the site) → `signing` (jobs signed and
/// rendered). A stage reads only what the stages before it left; the change sets in `changes`
/// carry what a stage still owes the next one.
#[derive(Default)]
struct Kept {
    /// The kept state matches the files read: a rebuild may build only what changed. Cleared
    /// at the start of every run and set again once the run has read and placed every change.
    complete: bool,
    theme: ThemeState,
    content: ContentCache,
    site: Site,
    /// URLs claimed twice in `site`, found when it was last placed from scratch.
    collisions: Vec<crate::error::Diagnostic>,
    bodies: BodyCache,
    signing: Signing,
    /// The search index as the last run made it (`render::search::SearchMemo`).
    search: crate::render::search::SearchMemo,
    changes: Changes,
    /// Where the pages of a session read from a build cache were found in it.
    stored_pages: page_parts::StoredPages,
}

/// The theme as last read and what was made of its templates.
///
/// Rules: once the theme is read (`files` is `Some`), `templates` is `Some` exactly when
/// `problems` is empty; `graph` is made from the same template files as `templates`, and both
/// are made again together, only when a template's text changed (which also clears
/// `Signing::signed`, unless the jobs were signed with these very templates: `signed_with`).
#[derive(Default)]
struct ThemeState {
    files: Option<Theme>,
    templates: Option<Templates>,
    problems: Vec<Diagnostic>,
    graph: TemplateGraph,
    /// In a session read from a build cache, until the theme is first read: the stamp
    /// (`stages::theme_stamp`) of the templates its jobs were signed with.
    signed_with: Option<u64>,
}

/// The render jobs of the placed site and how far they are signed.
///
/// Rules: when `signed` is true, every job was signed since the site was last placed and the
/// templates last changed, and `unsigned_pages` and `unsigned_sections` hold exactly the files
/// whose bodies were rendered again since; the next run signs only the jobs that read those.
/// When `signed` is false (the site was placed again, the templates changed, or the session is
/// new), the next run signs every job and the two sets are cleared.
#[derive(Default)]
struct Signing {
    plan: RenderPlan,
    signed: bool,
    unsigned_pages: BTreeSet<String>,
    unsigned_sections: BTreeSet<String>,
}

/// Changes not yet carried through every stage, by file.
///
/// Rules: `pending` and `moved` are filled by reading and placing and emptied by the body stage
/// of the same run; `unparsed` is replaced each time the site is placed; `touched` gathers until
/// the output is next put together; a path is in `hollow` only while its page in `site` was read
/// from a build cache and not parsed since (it is removed when its file is read or parsed again).
#[derive(Default)]
struct Changes {
    /// Content files changed since bodies were last rendered.
    pending: BTreeSet<String>,
    /// Content files that links lead elsewhere than when bodies were last rendered.
    moved: BTreeSet<String>,
    /// The files that did not parse when the site was last placed.
    unparsed: HashSet<String>,
    /// Paths (from the site's root) changed since the output was last put together.
    touched: BTreeSet<String>,
    /// Pages read from a build cache and not parsed since (`stored`): they lack their body,
    /// its HTML and their quiz, and are parsed again before a stage reads those.
    hollow: FxHashSet<String>,
}

impl Session {
    /// A session with settings already resolved. A changed `hearth.toml` is read again with the
    /// same output folder and drafts choice.
    pub fn new(settings: Settings) -> Self {
        let overrides = Overrides {
            output_dir: Some(settings.output_dir.clone()),
            include_drafts: settings.include_drafts,
            include_future: settings.include_future,
            now: Some(settings.now),
            base_url: None,
            force_output: settings.force_output,
        };
        let mut session = Self::open(&settings.root, overrides);
        session.settings = Some(settings);
        session
    }

    /// A session for the site at `root`; `hearth.toml` is read (with `overrides`) when the
    /// site is first built and whenever it changes.
    pub fn open(root: &Path, overrides: Overrides) -> Self {
        Self {
            root: root.to_path_buf(),
            overrides,
            settings: None,
            kept: Kept::default(),
            outputs: Outputs::default(),
            failed: None,
            progress: Arc::new(Silent),
            images_decoded: 0,
            sources_read: 0,
        }
    }

    /// Tells `progress` the stages of the runs from now on.
    pub fn set_progress(&mut self, progress: Arc<dyn Progress>) {
        self.progress = progress;
    }

    /// The last site built without errors.
    pub fn output(&self) -> &SiteOutput {
        &self.outputs.site
    }

    /// The site model of the last build (which may have had errors).
    pub fn site(&self) -> &Site {
        &self.kept.site
    }

    /// The site's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn settings(&self) -> Option<&Settings> {
        self.settings.as_ref()
    }

    /// The site model and the output, for a build that ends here.
    pub fn into_parts(self) -> (Site, SiteOutput) {
        (self.kept.site, self.outputs.site)
    }

    /// Builds everything, keeping nothing from before but the output to compare with.
    pub fn build_all(&mut self) -> Result<BuildOutcome, BuildError> {
        self.build_into(Destination::Memory)
    }

    /// Builds everything, putting the files made where `destination` says. Files not kept in
    /// memory cannot tell the next run what changed: it has to build everything.
    pub fn build_into(&mut self, destination: Destination) -> Result<BuildOutcome, BuildError> {
        let plan = Plan {
            everything: true,
            ..Plan::default()
        };
        let result = self.run(plan, destination);
        if !matches!(destination, Destination::Memory) {
            self.kept.complete = false;
        }
        result
    }

    /// Builds again what `changes` (paths of files or folders, absolute or from the site's root,
    /// that were written, created or removed) reach.
    pub fn rebuild(&mut self, changes: &[PathBuf]) -> Result<BuildOutcome, BuildError> {
        let plan = Plan::of(&self.root, changes);
        if plan.is_empty() && self.kept.complete {
            return match &self.failed {
                Some(problems) => Err(problems.clone()),
                None => Ok(BuildOutcome::default()),
            };
        }
        self.run(plan, Destination::Memory)
    }

    /// Forgets everything kept between runs, for a run that did not finish (it panicked) and
    /// may have left it half updated: the next run reads and builds everything again. The last
    /// good output stays, to be served and compared with.
    pub fn reset(&mut self) {
        self.kept = Kept::default();
        self.settings = None;
        self.outputs.forget_jobs();
        self.failed = None;
    }

    fn run(&mut self, plan: Plan, destination: Destination) -> Result<BuildOutcome, BuildError> {
        let result = self.run_stages(plan, destination);
        self.failed = result.as_ref().err().cloned();
        result
    }
}
