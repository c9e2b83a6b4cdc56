//! Watching the site's files: notify's events (debounced by notify-debouncer-full, or polled
//! with `--poll`) are gathered into batches — a burst of changes, such as a `git checkout`,
//! is one batch, and a batch waits for files being written to be closed — and reduced to the
//! paths that matter to a build.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, CreateKind, Event, EventKind, ModifyKind};
use notify::{PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};
use notify_debouncer_full::{
    DebounceEventResult, Debouncer, FileIdCache, NoCache, RecommendedCache, new_debouncer_opt,
};

use crate::config::CONFIG_FILE;
use crate::source::is_ignored_name;

/// The folders of the site a change can matter in (with `hearth.toml` beside them).
const WATCHED: [&str; 3] = ["content", "themes", "static"];
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

/// What a batch of events means for the build.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Changes {
    /// Files and folders that were written, created, removed or renamed (both names).
    pub paths: Vec<PathBuf>,
    /// Events were lost (the system's queue overflowed): everything must be read again.
    pub rescan: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }
}

/// Reduces raw events to the paths a build cares about: under `content/`, `themes/` or
/// `static/`, or `hearth.toml` itself; never editors' swap, backup and temporary files, never
/// events that only read a file.
pub fn meaningful_changes(root: &Path, events: &[Event]) -> Changes {
    let mut paths = BTreeSet::new();
    let mut rescan = false;
    for event in events {
        rescan |= event.need_rescan();
        if matches!(event.kind, EventKind::Access(_)) {
            continue;
        }
        for path in &event.paths {
            if matters(root, path) {
                paths.insert(path.clone());
            }
        }
    }
    Changes {
        paths: paths.into_iter().collect(),
        rescan,
    }
}

/// Whether a file that matters was written to and not closed since: its writer may not be done.
pub fn still_being_written(root: &Path, events: &[Event]) -> bool {
    let mut open = BTreeSet::new();
    for event in events {
        for path in event.paths.iter().filter(|path| matters(root, path)) {
            match event.kind {
                EventKind::Create(CreateKind::File) | EventKind::Modify(ModifyKind::Data(_)) => {
                    open.insert(path);
                }
                EventKind::Access(AccessKind::Close(AccessMode::Write))
                | EventKind::Remove(_)
                | EventKind::Modify(ModifyKind::Name(_)) => {
                    open.remove(path);
                }
                _ => {}
            }
        }
    }
    !open.is_empty()
}

fn matters(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.first().map(String::as_str) {
        Some(first) if WATCHED.contains(&first) => !parts.iter().any(|part| is_ignored_name(part)),
        Some(CONFIG_FILE) => parts.len() == 1,
        _ => false,
    }
}

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

/// The site's folders that `events` created, removed or renamed (not only changed inside).
fn folders_replaced(root: &Path, events: &[Event]) -> BTreeSet<PathBuf> {
    let folders: Vec<PathBuf> = WATCHED.iter().map(|folder| root.join(folder)).collect();
    events
        .iter()
        .filter(|event| {
            matches!(
                event.kind,
                EventKind::Create(_)
                    | EventKind::Remove(_)
                    | EventKind::Modify(ModifyKind::Name(_))
            )
        })
        .flat_map(|event| &event.paths)
        .filter(|path| folders.contains(path))
        .cloned()
        .collect()
}

/// The site's folders under watch, and the batches of changes found in them.
pub struct SiteWatcher {
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
    pub fn start(root: &Path, poll: bool) -> notify::Result<Self> {
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
    pub fn next_batch(&mut self) -> Option<Changes> {
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
    use notify::event::{DataChange, RemoveKind, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> Event {
        let mut event = Event::new(kind);
        for path in paths {
            event = event.add_path(PathBuf::from(path));
        }
        event
    }

    #[test]
    fn an_atomic_save_is_the_file_it_replaced() {
        let root = Path::new("/site");
        let events = [
            event(
                EventKind::Create(CreateKind::File),
                &["/site/content/a/.x.md.tmp"],
            ),
            event(
                EventKind::Modify(ModifyKind::Any),
                &["/site/content/a/.x.md.tmp"],
            ),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/site/content/a/.x.md.tmp", "/site/content/a/x.md"],
            ),
            event(
                EventKind::Access(AccessKind::Any),
                &["/site/content/a/x.md"],
            ),
        ];
        let changes = meaningful_changes(root, &events);
        assert_eq!(changes.paths, vec![PathBuf::from("/site/content/a/x.md")]);
        assert!(!changes.rescan);
    }

    #[test]
    fn editor_files_and_files_outside_the_site_do_not_matter() {
        let root = Path::new("/site");
        let noise = [
            "/site/content/.x.md.swp",
            "/site/content/x.md~",
            "/site/content/#x.md#",
            "/site/content/4913",
            "/site/themes/t/templates/.base.html.swx",
            "/site/output/index.html",
            "/site/README.md",
            "/elsewhere/content/x.md",
        ];
        let events: Vec<Event> = noise
            .iter()
            .map(|path| event(EventKind::Modify(ModifyKind::Any), &[path]))
            .collect();
        assert!(meaningful_changes(root, &events).is_empty());
        let config = [event(
            EventKind::Modify(ModifyKind::Any),
            &["/site/hearth.toml"],
        )];
        assert_eq!(meaningful_changes(root, &config).paths.len(), 1);
    }

    #[test]
    fn a_burst_of_changes_is_one_list_with_each_path_once() {
        let root = Path::new("/site");
        let events: Vec<Event> = (0..300)
            .map(|n| {
                let path = format!("/site/content/a/{}.md", n % 100);
                event(EventKind::Modify(ModifyKind::Any), &[path.as_str()])
            })
            .collect();
        assert_eq!(meaningful_changes(root, &events).paths.len(), 100);
    }

    #[test]
    fn a_file_written_to_is_done_once_closed() {
        let root = Path::new("/site");
        let path = "/site/content/a/x.md";
        let written = event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            &[path],
        );
        let closed = event(
            EventKind::Access(AccessKind::Close(AccessMode::Write)),
            &[path],
        );
        assert!(still_being_written(root, std::slice::from_ref(&written)));
        assert!(!still_being_written(root, &[written.clone(), closed]));
        let renamed = event(EventKind::Modify(ModifyKind::Name(RenameMode::To)), &[path]);
        assert!(!still_being_written(root, &[written.clone(), renamed]));
        let swap = event(
            EventKind::Modify(ModifyKind::Data(DataChange::Any)),
            &["/site/content/a/.x.md.swp"],
        );
        assert!(!still_being_written(root, &[swap]));
    }

    #[test]
    fn a_site_folder_created_removed_or_renamed_is_watched_anew() {
        let root = Path::new("/site");
        let events = [
            event(EventKind::Remove(RemoveKind::Folder), &["/site/content"]),
            event(
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &["/site/themes.new", "/site/themes"],
            ),
            event(EventKind::Create(CreateKind::Folder), &["/site/content"]),
            event(EventKind::Create(CreateKind::Folder), &["/site/content/a"]),
            event(EventKind::Modify(ModifyKind::Any), &["/site/static"]),
        ];
        let replaced: Vec<PathBuf> = folders_replaced(root, &events).into_iter().collect();
        assert_eq!(
            replaced,
            [
                PathBuf::from("/site/content"),
                PathBuf::from("/site/themes")
            ]
        );
    }

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

    #[test]
    fn lost_events_ask_for_everything() {
        let lost = Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert!(meaningful_changes(Path::new("/site"), &[lost]).rescan);
    }
}
