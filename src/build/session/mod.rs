//! A build session: the site built once, then rebuilt from the paths that changed. It keeps the
//! content files with a hash of their text and what parsing made of them, the rendered bodies,
//! the compiled templates and what each render job read; a rebuild does again only what the
//! changes reach. `hearth build` is a session run once, with nothing kept.

mod bodies;
mod jobs;
mod outputs;
mod placing;
mod sources;

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::build::graph::TemplateGraph;
use crate::config::{CONFIG_FILE, Overrides, Settings};
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::model::site::{Site, url_collisions};
use crate::output::SiteOutput;
use crate::parse::parse_file;
use crate::render::templates::Templates;
use crate::source::{self, Theme};
use bodies::{BodyCache, BodyInputs};
use outputs::Outputs;
pub use sources::Plan;
use sources::{ContentCache, FileState};

/// What a finished build or rebuild changed.
#[derive(Debug, Clone, Default)]
pub struct BuildOutcome {
    /// Output paths whose bytes changed, appeared or went away (`articles/x/index.html`), sorted.
    pub changed: Vec<String>,
    /// Render jobs run and Markdown files rendered by this run.
    pub rendered_jobs: usize,
    pub rendered_bodies: usize,
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub elapsed: Duration,
}

impl BuildOutcome {
    /// Whether stylesheets are all that changed: a browser can swap them without reloading.
    pub fn only_styles(&self) -> bool {
        !self.changed.is_empty() && self.changed.iter().all(|path| path.ends_with(".css"))
    }
}

/// The URL path (from the site's root) a browser shows for an output path:
/// `articles/x/index.html` → `/articles/x/`, `404.html` → `/404.html`.
pub fn url_of(output_path: &str) -> String {
    match output_path.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => format!("/{folder}"),
        _ => format!("/{output_path}"),
    }
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
}

/// What a session keeps from one run to the next; emptied to build everything again.
#[derive(Default)]
struct Kept {
    /// The kept state matches the files read: a rebuild may build only what changed.
    complete: bool,
    theme: Option<Theme>,
    templates: Option<Templates>,
    template_problems: Vec<Diagnostic>,
    graph: TemplateGraph,
    content: ContentCache,
    site: Site,
    /// URLs claimed twice in `site`, found when it was last placed from scratch.
    collisions: Vec<crate::error::Diagnostic>,
    bodies: BodyCache,
    /// By page file: (page stamp, summary stamp) as last computed.
    summaries: HashMap<String, (u64, u64)>,
    /// Content files changed since bodies were last rendered.
    pending: BTreeSet<String>,
    /// Paths (from the site's root) changed since the output was last put together.
    touched: BTreeSet<String>,
}

impl Session {
    /// A session with settings already resolved. A changed `hearth.toml` is read again with the
    /// same output folder and drafts choice.
    pub fn new(settings: Settings) -> Self {
        let overrides = Overrides {
            output_dir: Some(settings.output_dir.clone()),
            include_drafts: settings.include_drafts,
            base_url: None,
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
        }
    }

    /// The last site built without errors.
    pub fn output(&self) -> &SiteOutput {
        &self.outputs.site
    }

    /// The site model of the last build (which may have had errors).
    pub fn site(&self) -> &Site {
        &self.kept.site
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
        let plan = Plan {
            everything: true,
            ..Plan::default()
        };
        self.run(plan)
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
        self.run(plan)
    }

    fn run(&mut self, plan: Plan) -> Result<BuildOutcome, BuildError> {
        let result = self.run_stages(plan);
        self.failed = result.as_ref().err().cloned();
        result
    }

    fn run_stages(&mut self, plan: Plan) -> Result<BuildOutcome, BuildError> {
        let started = Instant::now();
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
        let paper = settings.config.print.paper;
        let parse = |file: &source::SourceFile| match parse_file(file, paper) {
            Ok(parsed) => FileState::Waiting(parsed),
            Err(problems) => FileState::Failed(problems),
        };
        let content_dir = settings.content_dir();
        if fresh {
            let files = source::read_content(&content_dir).map_err(BuildError)?;
            self.kept.content = ContentCache::from_files(files, parse);
            self.kept.pending = self.kept.content.files.keys().cloned().collect();
        } else {
            let refreshed = self
                .kept
                .content
                .refresh(&content_dir, &plan.content, parse);
            self.kept.pending.extend(refreshed.changed);
        }
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
            if let FileState::Failed(found) = &record.state {
                unparsed.insert(path.clone());
                problems.extend(found.iter().cloned());
            }
        }
        let kept = &mut self.kept;
        let placed_again = placing::place_changes(
            &mut kept.site,
            &mut kept.content.files,
            (!fresh).then_some(&kept.pending),
            &settings,
        );
        kept.complete = true;
        if placed_again {
            kept.collisions = url_collisions(&kept.site);
        }
        if !kept.collisions.is_empty() {
            problems.extend(kept.collisions.iter().cloned());
            return Err(problems.into_error());
        }

        let files = &kept.content.files;
        let links = |path: &str| files.get(path).map(|record| &record.links);
        let inputs = BodyInputs {
            settings: &settings,
            templates: kept.templates.as_ref(),
            blocks: kept.templates.as_ref().map(|_| kept.graph.blocks_stamp()),
            unparsed: &unparsed,
            changed: &kept.pending,
            links: &links,
        };
        let rendered_bodies = kept.bodies.render(&mut kept.site, &inputs);
        kept.pending.clear();
        problems.extend(kept.bodies.problems().cloned());
        let templates = match (&kept.templates, problems.is_empty()) {
            (Some(templates), true) => templates,
            _ => return Err(problems.into_error()),
        };

        let runs = jobs::render_jobs(
            &kept.site,
            &settings,
            templates,
            &kept.graph,
            &kept.bodies,
            &mut kept.summaries,
            &self.outputs,
        )?;
        let rendered_jobs = runs.iter().filter(|run| run.files.is_some()).count();
        let copies = jobs::copied_files(kept.theme.as_ref(), &kept.content);
        let root = &self.root;
        let touched = &kept.touched;
        let is_touched = |source: &Path| {
            source
                .strip_prefix(root)
                .ok()
                .and_then(|relative| relative.to_str())
                .is_some_and(|relative| touched.contains(relative))
        };
        let changed = self.outputs.apply(runs, &copies, &is_touched);
        kept.touched.clear();
        Ok(BuildOutcome {
            changed: changed.into_iter().collect(),
            rendered_jobs,
            rendered_bodies,
            pages: kept.site.pages.len(),
            sections: kept.site.sections.len(),
            files: self.outputs.site.files.len(),
            elapsed: started.elapsed(),
        })
    }

    /// Reads the theme again and compiles its templates when any of them changed.
    fn load_theme(&mut self, settings: &Settings) -> Result<(), BuildError> {
        let theme = source::load_theme(&settings.root, &settings.config.theme)
            .map_err(BuildError::single)?;
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
        }
        self.kept.theme = Some(theme);
        Ok(())
    }
}
