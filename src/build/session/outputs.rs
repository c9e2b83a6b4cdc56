//! The output of a build session: the files each render job made and the files copied from the
//! theme and `content/`, put together as one site. A rebuild puts in what it rendered again,
//! takes out what no job makes any more, and tells which paths' bytes changed.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::build::graph::JobKey;
use serde::{Deserialize, Serialize};

use crate::build::session::sources::ContentCache;
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::output::{Body, OutputPath, SiteOutput};
use crate::render::Rendered;
use crate::source::{FileStamp, FileTime, Theme};

/// A job as last rendered: its signature and the files it made.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct JobRecord {
    signature: u64,
    files: Vec<OutputPath>,
    /// The last run that had this job.
    run: u64,
}

/// The last good output, and how it was made.
#[derive(Debug, Default)]
pub(super) struct Outputs {
    pub site: SiteOutput,
    jobs: FxHashMap<JobKey, JobRecord>,
    /// Paths made by jobs (they win over copied files with the same path).
    rendered: FxHashSet<OutputPath>,
    /// Paths of the copied files, as last put in place.
    copied: BTreeSet<OutputPath>,
    /// The files this run copied into a folder so far, as they were when it read them, and
    /// those the run before copied (`begin_run` makes the one the other).
    pub copy_stamps: CopyStamps,
    pub last_copy_stamps: CopyStamps,
    runs: u64,
}

/// What a build stores of its outputs: how each job was last rendered, and what was copied.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct StoredOutputs {
    jobs: FxHashMap<JobKey, JobRecord>,
    copies: CopyStamps,
}

/// The files a run copied into a folder: for each output path, its source and the source's
/// stamp as the run read it, and when the run began copying. A source with the same stamp, last
/// changed well before that, still holds the bytes that were copied, so the copy the output
/// folder has is kept rather than read, minified and compared again.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct CopyStamps {
    taken_at: Option<FileTime>,
    files: FxHashMap<OutputPath, (String, FileStamp)>,
}

impl CopyStamps {
    /// Starts the stamps of a run that copies from now on.
    pub(super) fn starting_now() -> Self {
        Self {
            taken_at: Some(FileTime::now()),
            files: FxHashMap::default(),
        }
    }

    /// The stamp of `source`, when it was copied to `path` last run and has not changed since.
    pub(super) fn unchanged(&self, path: &OutputPath, source: &Path) -> Option<FileStamp> {
        let (copied_from, stamp) = self.files.get(path)?;
        let taken_at = self.taken_at?;
        (source.to_str() == Some(copied_from.as_str()) && stamp.latest().well_before(taken_at))
            .then_some(*stamp)
            .filter(|stamp| FileStamp::of(source) == Some(*stamp))
    }

    /// Notes that `source`, stamped `stamp` before it was read, was copied to `path`.
    pub(super) fn copied(&mut self, path: OutputPath, source: &Path, stamp: FileStamp) {
        if let Some(source) = source.to_str() {
            self.files.insert(path, (source.to_string(), stamp));
        }
    }
}

/// One job of a run: rendered again or kept as it was.
pub(super) struct JobRun {
    pub key: JobKey,
    pub signature: u64,
    /// The files made, when rendered again and kept in memory.
    pub files: Option<Vec<Rendered>>,
    /// The paths of the files made, when rendered again.
    pub made: Option<Vec<OutputPath>>,
}

impl Outputs {
    /// Starts a run: what the last one copied is what this one compares its copies with.
    pub(super) fn begin_run(&mut self) {
        self.last_copy_stamps =
            std::mem::replace(&mut self.copy_stamps, CopyStamps::starting_now());
    }

    /// The jobs as last rendered and the files copied, to store between builds (`build::cache`).
    pub(super) fn into_stored(self) -> StoredOutputs {
        StoredOutputs {
            jobs: self.jobs,
            copies: self.copy_stamps,
        }
    }

    /// Outputs written to a folder as a build cache remembers them.
    pub(super) fn from_stored(stored: StoredOutputs) -> Self {
        // Runs count on from the stored build's, so that this run's records are told apart.
        let runs = stored.jobs.values().map(|record| record.run).max();
        Self {
            jobs: stored.jobs,
            copy_stamps: stored.copies,
            runs: runs.unwrap_or_default(),
            ..Self::default()
        }
    }

    /// Notes a run whose files went to a folder: what each job rendered again made; returns
    /// the files of the jobs kept as they were, which the folder must keep. `runs` holds every
    /// job of the site when `complete` (jobs not in it are gone), else the jobs signed again
    /// (the others are kept as they are).
    pub(super) fn written(&mut self, runs: &[JobRun], complete: bool) -> Vec<OutputPath> {
        self.runs += 1;
        let this_run = self.runs;
        let mut kept = Vec::new();
        for run in runs {
            match &run.made {
                Some(made) => {
                    let record = JobRecord {
                        signature: run.signature,
                        files: made.clone(),
                        run: this_run,
                    };
                    self.jobs.insert(run.key.clone(), record);
                }
                None => {
                    if let Some(record) = self.jobs.get_mut(&run.key) {
                        record.run = this_run;
                        kept.extend(record.files.iter().cloned());
                    }
                }
            }
        }
        if complete {
            self.jobs.retain(|_, record| record.run == this_run);
        } else {
            // Jobs not signed again read nothing that changed: the folder keeps their files.
            for record in self
                .jobs
                .values_mut()
                .filter(|record| record.run != this_run)
            {
                record.run = this_run;
                kept.extend(record.files.iter().cloned());
            }
        }
        kept
    }

    /// Forgets how the output was made (it stays, to tell what the next run changes).
    pub(super) fn forget_jobs(&mut self) {
        self.jobs.clear();
        self.rendered.clear();
    }

    /// Whether a job must be rendered: new, or its inputs changed since it was last rendered.
    pub(super) fn needs(&self, key: &JobKey, signature: u64) -> bool {
        self.jobs
            .get(key)
            .is_none_or(|record| record.signature != signature)
    }

    /// Puts a finished run in place. `runs` holds every job of the site when `complete` (jobs
    /// not in it are gone), else the jobs signed again (the others stay as they are). `copies`
    /// maps output paths to the files copied there; `touched` tells whether a copied file's
    /// bytes may have changed. Returns the paths whose bytes changed, appeared or went away.
    pub(super) fn apply(
        &mut self,
        runs: Vec<JobRun>,
        complete: bool,
        copies: &BTreeMap<OutputPath, PathBuf>,
        touched: &dyn Fn(&Path) -> bool,
    ) -> BTreeSet<String> {
        let mut changed = BTreeSet::new();
        self.runs += 1;
        let this_run = self.runs;
        let mut made_again: Vec<OutputPath> = Vec::new();
        let mut dropped: Vec<OutputPath> = Vec::new();
        for run in runs {
            let Some(files) = run.files else {
                if let Some(record) = self.jobs.get_mut(&run.key) {
                    record.run = this_run;
                }
                continue;
            };
            let mut paths = Vec::with_capacity(files.len());
            for (path, bytes) in files {
                let same =
                    matches!(self.site.files.get(&path), Some(Body::Bytes(old)) if *old == bytes);
                if !same {
                    changed.insert(path.to_string());
                    self.site.files.insert(path.clone(), Body::Bytes(bytes));
                }
                paths.push(path);
            }
            made_again.extend(paths.iter().cloned());
            let record = JobRecord {
                signature: run.signature,
                files: paths,
                run: this_run,
            };
            if let Some(old) = self.jobs.insert(run.key, record) {
                dropped.extend(old.files);
            }
        }
        if complete {
            self.jobs.retain(|_, record| {
                let current = record.run == this_run;
                if !current {
                    dropped.append(&mut record.files);
                }
                current
            });
        }
        for file in &dropped {
            self.rendered.remove(file);
        }
        self.rendered.extend(made_again);

        for (path, source) in copies {
            if self.rendered.contains(path) {
                continue;
            }
            let same = matches!(self.site.files.get(path), Some(Body::Copy(old)) if old == source && !touched(source));
            if !same {
                changed.insert(path.to_string());
                self.site
                    .files
                    .insert(path.clone(), Body::Copy(source.clone()));
            }
        }
        let rendered = &self.rendered;
        let made = |path: &OutputPath| rendered.contains(path) || copies.contains_key(path);
        if complete {
            self.site.files.retain(|path, _| {
                let kept = made(path);
                if !kept {
                    changed.insert(path.to_string());
                }
                kept
            });
        } else {
            let copied_before = self
                .copied
                .iter()
                .filter(|path| !copies.contains_key(*path));
            for path in dropped.iter().chain(copied_before) {
                if !made(path) && self.site.files.remove(path).is_some() {
                    changed.insert(path.to_string());
                }
            }
        }
        if self.copied.len() != copies.len() || !self.copied.iter().eq(copies.keys()) {
            self.copied = copies.keys().cloned().collect();
        }
        changed
    }
}

/// Files copied as they are: the theme's static files, then `content/`'s other files over them.
/// A file whose name cannot be a file of the site (a backslash, a `:`) is an error naming it.
pub(super) fn copied_files(
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
