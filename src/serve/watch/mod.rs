//! Watching the site's files: notify's events (debounced by notify-debouncer-full, or polled
//! with `--poll`) are gathered into batches — a burst of changes, such as a `git checkout`,
//! is one batch, and a batch waits for files being written to be closed — and reduced
//! (`events`) to the paths that matter to a build.

mod events;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::event::Event;
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, FileIdCache, NoCache, RecommendedCache, new_debouncer_opt,
};

pub(crate) use self::events::{Changes, meaningful_changes, still_being_written};
use self::events::{WATCHED, folders_replaced};

/// How long the debouncer holds an event back, and how often it looks.
const DEBOUNCE: Duration = Duration::from_millis(5);
const TICK: Duration = Duration::from_millis(2);
/// Quiet time that ends a batch: short for one file saved, longer once a burst shows, and
/// longer still while a file written to has not been closed (a writer still at work; never
/// known when polling).
const QUIET: Duration = Duration::from_millis(4);
const BURST_QUIET: Duration = Duration::from_millis(60);
const OPEN_FILE_QUIET: Duration = Duration::from_millis(150);
/// How often `--poll` looks at every file.
const POLL_EVERY: Duration = Duration::from_millis(250);

/// Adds and removes folders of a debouncer of any kind.
trait Watch: Send {
    fn add(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()>;
    fn remove(&mut self, path: &Path) -> notify::Result<()>;
}

impl<T: Watcher + Send, C: FileIdCache + Send> Watch for Debouncer<T, C> {
    fn add(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        self.watch(path, mode)
    }

    fn remove(&mut self, path: &Path) -> notify::Result<()> {
        self.unwatch(path)
    }
}

/// Which folder a path named when it was put under watch: a folder deleted and made again, or
/// replaced by a renamed one, is another folder under the same name and must be watched anew.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FolderId {
    #[cfg(unix)]
    device: u64,
    #[cfg(unix)]
    inode: u64,
}

fn folder_id(path: &Path) -> Option<FolderId> {
    let metadata = std::fs::metadata(path)
        .ok()
        .filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(FolderId {
            device: metadata.dev(),
            inode: metadata.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = metadata;
        Some(FolderId {})
    }
}

/// The site's folders under watch, and the batches of changes found in them.
pub(crate) struct SiteWatcher {
    root: PathBuf,
    debouncer: Box<dyn Watch>,
    events: Receiver<DebounceEventResult>,
    /// The site's folders under watch, and which folder each name stood for then.
    watching: BTreeMap<PathBuf, FolderId>,
    /// Changes are found by polling: no event tells that a file was closed.
    polling: bool,
}

impl SiteWatcher {
    /// Watches `root` (whose path should be canonical): native events, or polling.
    pub(crate) fn start(root: &Path, poll: bool) -> notify::Result<Self> {
        let (sender, events) = channel();
        let debouncer: Box<dyn Watch> = if poll {
            // Polling sees modification times to the second only: two saves within a second
            // would look like one without comparing what the files hold.
            let config = notify::Config::default()
                .with_poll_interval(POLL_EVERY)
                .with_compare_contents(true);
            Box::new(new_debouncer_opt::<_, PollWatcher, NoCache>(
                DEBOUNCE,
                Some(TICK),
                sender,
                NoCache,
                config,
            )?)
        } else {
            Box::new(
                new_debouncer_opt::<_, RecommendedWatcher, RecommendedCache>(
                    DEBOUNCE,
                    Some(TICK),
                    sender,
                    RecommendedCache::new(),
                    notify::Config::default(),
                )?,
            )
        };
        let mut watcher = Self {
            root: root.to_path_buf(),
            debouncer,
            events,
            watching: BTreeMap::new(),
            polling: poll,
        };
        watcher.debouncer.add(root, RecursiveMode::NonRecursive)?;
        watcher.watch_folders(&BTreeSet::new());
        Ok(watcher)
    }

    /// Watches each of the site's folders that exists and is not watched yet, and watches
    /// anew those that were deleted, recreated or replaced (`replaced`: named by events), so
    /// that a `git checkout` or `rm -rf content && cp -r backup content` never leaves a folder
    /// unwatched.
    fn watch_folders(&mut self, replaced: &BTreeSet<PathBuf>) {
        for folder in WATCHED {
            let path = self.root.join(folder);
            let now = folder_id(&path);
            let before = self.watching.get(&path).copied();
            if before.is_some() && (now != before || replaced.contains(&path)) {
                // The old folder's watch may be gone with it: nothing to undo then.
                let _ = self.debouncer.remove(&path);
                self.watching.remove(&path);
            }
            let Some(now) = now else {
                continue;
            };
            if self.watching.contains_key(&path) {
                continue;
            }
            match self.debouncer.add(&path, RecursiveMode::Recursive) {
                Ok(()) => {
                    self.watching.insert(path, now);
                }
                Err(error) => eprintln!("warning: cannot watch {}: {error}", path.display()),
            }
        }
    }

    /// Waits for the next batch of changes that matter; `None` once watching has stopped.
    pub(crate) fn next_batch(&mut self) -> Option<Changes> {
        loop {
            let mut events = Vec::new();
            let first = self.events.recv().ok()?;
            self.take(first, &mut events);
            loop {
                let seen = meaningful_changes(&self.root, &events);
                let quiet = if !self.polling && still_being_written(&self.root, &events) {
                    OPEN_FILE_QUIET
                } else if seen.paths.len() > 1 {
                    BURST_QUIET
                } else {
                    QUIET
                };
                match self.events.recv_timeout(quiet) {
                    Ok(more) => self.take(more, &mut events),
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return None,
                }
            }
            let changes = meaningful_changes(&self.root, &events);
            self.watch_folders(&folders_replaced(&self.root, &events));
            if !changes.is_empty() {
                return Some(changes);
            }
        }
    }

    fn take(&self, result: DebounceEventResult, events: &mut Vec<Event>) {
        match result {
            Ok(debounced) => events.extend(debounced.into_iter().map(|debounced| debounced.event)),
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: watching {}: {error}", self.root.display());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_made_again_under_the_same_name_is_another_folder() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("content");
        std::fs::create_dir(&folder).unwrap();
        let first = folder_id(&folder);
        std::fs::rename(&folder, dir.path().join("old")).unwrap();
        std::fs::create_dir(&folder).unwrap();
        assert!(first.is_some());
        assert_ne!(folder_id(&folder), first);
        assert_eq!(folder_id(&dir.path().join("missing")), None);
    }
}
