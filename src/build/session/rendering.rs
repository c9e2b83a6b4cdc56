//! The jobs stage of a session's run: signing the jobs, rendering those whose signature
//! changed, and putting the files made where the run's destination says (kept in memory,
//! written to the staging folder, or only counted).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::build::session::jobs::Stage;
use crate::build::session::outputs;
use crate::build::session::profile::Stopwatch;
use crate::build::session::{Destination, Session};
use crate::config::Settings;
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::output::OutputPath;
use crate::render::Rendered;
use crate::source::FileStamp;

impl Session {
    /// Signs the jobs (every one after the site was placed again or the templates changed, else
    /// those reading what was rendered again), renders those whose signature changed and puts
    /// the files made where `destination` says.
    pub(super) fn render_jobs(
        &mut self,
        settings: &Settings,
        watch: &mut Stopwatch,
        destination: Destination,
    ) -> Result<Made, BuildError> {
        let mut copies = outputs::copied_files(self.kept.theme.files.as_ref(), &self.kept.content)?;
        self.add_image_variants(&mut copies)?;
        let progress = &*self.progress;
        let kept = &mut self.kept;
        let Some(templates) = &kept.theme.templates else {
            let mut problems = Diagnostics::new();
            problems.extend(kept.theme.problems.iter().cloned());
            return Err(problems.into_error());
        };
        let painter = settings.config.cards.enabled.then(|| {
            let style = (kept.theme.files.as_ref()).map(|theme| theme.card.clone());
            let cache = crate::output::CardCache::beside(&settings.output_dir);
            crate::cards::CardPainter::new(style.unwrap_or_default(), Some(cache))
        });
        let stage = Stage {
            site: &kept.site,
            settings,
            templates,
            cards: painter.as_ref(),
            graph: &kept.theme.graph,
            bodies: &kept.bodies,
            hollow: &kept.changes.hollow,
            search: &kept.search,
        };
        watch.begin("sign", None);
        let everything = !kept.signing.signed;
        let signed = if everything {
            kept.signing.plan.sign_everything(&stage)
        } else {
            let (pages, sections) = (
                &kept.signing.unsigned_pages,
                &kept.signing.unsigned_sections,
            );
            kept.signing.plan.sign_changes(&stage, pages, sections)
        };
        watch.lap("sign");
        watch.begin("render", Some(signed.len()));
        let mut made = match destination {
            Destination::Memory => {
                let run = kept
                    .signing
                    .plan
                    .render(&stage, signed, &self.outputs, |files| {
                        progress.advance();
                        Ok(Some(files))
                    })?;
                watch.lap("render");
                let (runs, hollow_read) = (run.runs, run.hollow_read);
                let rendered_jobs = runs.iter().filter(|run| run.made.is_some()).count();
                let root = &self.root;
                let touched = &kept.changes.touched;
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
                    hollow_read,
                    cards_painted: 0,
                    files_copied: 0,
                }
            }
            Destination::Folder(staging) => {
                // A job's files are written in parallel: the search index is hundreds of them.
                let write = |files: Vec<Rendered>| {
                    progress.advance();
                    (files.par_iter()).try_for_each(|(path, bytes)| {
                        (staging.write(path, bytes)).map_err(|error| cannot_write(path, &error))
                    })?;
                    Ok(None)
                };
                let run = kept
                    .signing
                    .plan
                    .render(&stage, signed, &self.outputs, write)?;
                watch.lap("render+write");
                let rendered_jobs = run.runs.iter().filter(|run| run.made.is_some()).count();
                let kept_files = self.outputs.written(&run.runs, everything);
                staging
                    .keep_all(&kept_files)
                    .map_err(|(path, error)| match error {
                        None => Diagnostic::general(format!(
                            "cannot keep {path} from the last build: the output folder changed since"
                        )),
                        Some(error) => cannot_write(path, &error),
                    })?;
                watch.lap("keep");
                let last_copies = &self.outputs.last_copy_stamps;
                let kept_copies = AtomicUsize::new(0);
                let copied: Vec<(&OutputPath, &PathBuf, Option<FileStamp>)> = copies
                    .par_iter()
                    .filter(|(path, _)| !staging.has_made(path))
                    .map(|(path, source)| {
                        let unchanged = last_copies.unchanged(path, source);
                        if unchanged.is_some()
                            && staging
                                .keep(path)
                                .map_err(|error| cannot_write(path, &error))?
                        {
                            kept_copies.fetch_add(1, Ordering::Relaxed);
                            return Ok((path, source, unchanged));
                        }
                        let copy = |error| {
                            Diagnostic::general(format!(
                                "cannot copy {}: {error}",
                                source.display()
                            ))
                        };
                        let stamp = FileStamp::of(source);
                        let bytes = crate::output::read_copied(source).map_err(copy)?;
                        staging
                            .write(path, &bytes)
                            .map_err(|error| cannot_write(path, &error))?;
                        Ok((path, source, stamp))
                    })
                    .collect::<Result<_, Diagnostic>>()?;
                let files_copied = copied.len() - kept_copies.into_inner();
                for (path, source, stamp) in copied {
                    if let Some(stamp) = stamp {
                        (self.outputs.copy_stamps).copied(path.clone(), source, stamp);
                    }
                }
                Made {
                    changed: BTreeSet::new(),
                    rendered_jobs,
                    files: staging.files_made(),
                    hollow_read: run.hollow_read,
                    cards_painted: 0,
                    files_copied,
                }
            }
            Destination::Nowhere => {
                let count = AtomicUsize::new(0);
                let drop_files = |files: Vec<Rendered>| {
                    progress.advance();
                    count.fetch_add(files.len(), Ordering::Relaxed);
                    Ok(None)
                };
                let run = kept
                    .signing
                    .plan
                    .render(&stage, signed, &self.outputs, drop_files)?;
                watch.lap("render");
                let files = count.into_inner() + copies.len();
                Made {
                    changed: BTreeSet::new(),
                    rendered_jobs: run.runs.len(),
                    files,
                    hollow_read: run.hollow_read,
                    cards_painted: 0,
                    files_copied: 0,
                }
            }
        };
        kept.signing.signed = true;
        kept.signing.unsigned_pages.clear();
        kept.signing.unsigned_sections.clear();
        kept.changes.touched.clear();
        watch.lap("output");
        made.cards_painted = painter.as_ref().map_or(0, |painter| painter.painted());
        Ok(made)
    }
}

/// What the render stage made.
pub(super) struct Made {
    /// Paths whose bytes changed (known only for files kept in memory).
    pub(super) changed: BTreeSet<String>,
    pub(super) rendered_jobs: usize,
    pub(super) files: usize,
    /// Hollow pages that jobs waiting to render read: parsed again, then those jobs render.
    pub(super) hollow_read: BTreeSet<String>,
    /// Social cards painted (not read from the card cache).
    pub(super) cards_painted: usize,
    /// Files read and copied into a folder (the others were kept as the last build left them).
    pub(super) files_copied: usize,
}

fn cannot_write(path: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::general(format!("cannot write {path}: {error}"))
}
