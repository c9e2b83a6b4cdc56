//! The build pipeline: source → parse → model → render → output. The stages run in a build
//! session (`build::session`); a build is a session run once.

use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::build::cache;
use crate::build::progress::{Progress, Silent};
use crate::build::session::{BuildOutcome, Destination, Session, StoredSession};
use crate::config::Settings;
use crate::error::{BuildError, Diagnostic};
use crate::model::site::Site;
use crate::output::{SiteOutput, Staging, check_owned, lock_output};
use crate::source;

/// What a finished build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    /// Render jobs rendered (the others kept their files from the last build).
    pub rendered_jobs: usize,
    /// Markdown bodies rendered (the others were read back from the build cache, unchanged).
    pub rendered_bodies: usize,
    /// Images decoded and resized (the others' variants were in the image cache).
    pub images_decoded: usize,
    /// Markdown files read whole (with a build cache, those whose stamp changed).
    pub sources_read: usize,
    /// Social cards painted (the others were read from the card cache).
    pub cards_painted: usize,
    /// Static and content files read and copied (the others were kept from the last build).
    pub files_copied: usize,
    /// Suspicious input the build went on with, sorted.
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
}

/// Builds the site and writes it to the output folder in one step: files are written into the
/// staging folder as they are rendered, and the finished site is swapped in. With a build cache
/// beside the output (`build::cache`), only what changed since is rendered, and the files of
/// the rest are kept; should that fail for any reason, the site is built whole instead.
pub fn build(settings: &Settings) -> Result<BuildReport, BuildError> {
    build_with(settings, Arc::new(Silent))
}

/// `build`, telling `progress` its stages as it goes.
pub fn build_with(
    settings: &Settings,
    progress: Arc<dyn Progress>,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let cannot_write = |error: std::io::Error| {
        Diagnostic::general(format!(
            "cannot write {}: {error}",
            settings.output_dir.display()
        ))
    };
    check_owned(&settings.output_dir, &settings.root, settings.force_output)
        .map_err(Diagnostic::general)?;
    let waiting_since = Instant::now();
    let mut waited = false;
    let _lock = lock_output(&settings.output_dir, || {
        waited = true;
        progress.stage("waiting for another build into the same folder", None);
    })
    .map_err(cannot_write)?;
    if waited {
        progress.finished(&[("wait", waiting_since.elapsed())]);
    }
    let cache_dir = crate::output::cache_dir(&settings.output_dir);
    let key = cache::key(settings);
    let cached = cache::open(&cache_dir);
    // With a cache, its parts are read and decoded while the content folder is listed and the
    // staging folder opened (which sets the cache aside, its files open already).
    let links = source::Links::of(settings);
    let (stored, (listed, staging)) = rayon::join(
        || (cached.as_ref()).and_then(|opened| cache::decode(opened, key, StoredSession::read)),
        || {
            rayon::join(
                || {
                    (cached.is_some()).then(|| {
                        let content_dir = settings.content_dir();
                        source::list_content(&content_dir, &links).stamped(&content_dir)
                    })
                },
                || Staging::open(&settings.output_dir),
            )
        },
    );
    drop(cached);
    progress.finished(&[("load", started.elapsed())]);
    let stored = stored.filter(|stored| stored.holds_at(settings.now));
    let mut staging = staging.map_err(cannot_write)?;
    let mut result = Err(BuildError(Vec::new()));
    let mut session = Session::new(settings.clone());
    if let (Some(stored), Some(listed)) = (stored, listed) {
        let resuming = Instant::now();
        session = Session::from_stored(settings.clone(), stored);
        progress.finished(&[("resume", resuming.elapsed())]);
        session.set_progress(progress.clone());
        result = session.build_changes_into(&staging, listed);
        if result.is_err() {
            session = Session::new(settings.clone());
            let _ = staging.abandon();
            staging = Staging::open(&settings.output_dir).map_err(cannot_write)?;
        }
    }
    if result.is_err() {
        session.set_progress(progress.clone());
        result = session.build_into(Destination::Folder(&staging));
    }
    // The cache set aside when the staging folder was opened serves only to store the next
    // one; it is removed whether or not a next one is stored.
    let remove_retired = || {
        let _ = crate::output::remove_cache(&crate::output::retired_cache(&cache_dir));
    };
    let outcome = match result {
        Ok(outcome) => outcome,
        Err(problems) => {
            let failure = staging.failure();
            let _ = staging.abandon();
            remove_retired();
            return Err(match failure {
                // Every later write was refused too: one message says it all.
                Some((path, error)) => Diagnostic::general(format!(
                    "cannot write the site into {}: {error} (writing {path}); the build stopped there and the folder holds the previous site",
                    settings.output_dir.display()
                ))
                .into(),
                None => problems,
            });
        }
    };
    // The cache is written while the site is put in place, and put beside it once it is. It
    // only spares work: a build that cannot store it is still complete.
    let storing_started = Instant::now();
    let (finished, storing) = rayon::join(
        || staging.finish(),
        || {
            let stored = session.into_stored()?;
            let unplaced = cache::prepare(&cache_dir, key, |out| stored.write(out));
            Some((stored, unplaced.ok()))
        },
    );
    let placed = match storing {
        Some((stored, Some(unplaced))) if finished.is_ok() => {
            crate::drop_apart(stored);
            unplaced.place().is_ok()
        }
        _ => false,
    };
    if !placed {
        remove_retired();
    }
    finished.map_err(cannot_write)?;
    progress.finished(&[("store", storing_started.elapsed())]);
    Ok(BuildReport {
        pages: outcome.pages,
        sections: outcome.sections,
        files: outcome.files,
        rendered_jobs: outcome.rendered_jobs,
        rendered_bodies: outcome.rendered_bodies,
        images_decoded: outcome.images_decoded,
        sources_read: outcome.sources_read,
        cards_painted: outcome.cards_painted,
        files_copied: outcome.files_copied,
        warnings: outcome.warnings,
        elapsed: started.elapsed(),
    })
}

/// Builds the whole site in memory, reporting every problem of the run together: a build
/// session run once, with nothing kept from before.
pub fn build_to_memory(settings: &Settings) -> Result<(Site, SiteOutput), BuildError> {
    build_to_memory_with(settings, Arc::new(Silent))
}

/// `build_to_memory`, telling `progress` its stages as it goes.
pub fn build_to_memory_with(
    settings: &Settings,
    progress: Arc<dyn Progress>,
) -> Result<(Site, SiteOutput), BuildError> {
    let mut session = Session::new(settings.clone());
    session.set_progress(progress);
    session.build_all()?;
    Ok(session.into_parts())
}

/// Checks the site: every stage of a build, with the files made dropped instead of written.
pub fn check(settings: &Settings) -> Result<BuildOutcome, BuildError> {
    check_with(settings, Arc::new(Silent))
}

/// `check`, telling `progress` its stages as it goes.
pub fn check_with(
    settings: &Settings,
    progress: Arc<dyn Progress>,
) -> Result<BuildOutcome, BuildError> {
    let mut session = Session::new(settings.clone());
    session.set_progress(progress);
    session.build_into(Destination::Nowhere)
}
