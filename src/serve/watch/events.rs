//! What a batch of notify's events means for the build: the paths that matter (editors'
//! temporary files and mere reads left out), files still being written, folders replaced.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use notify::event::{AccessKind, AccessMode, CreateKind, Event, EventKind, ModifyKind};

use crate::config::CONFIG_FILE;
use crate::source::is_ignored_name;

/// The folders of the site a change can matter in (with `hearth.toml` beside them).
pub(super) const WATCHED: [&str; 3] = ["content", "themes", "static"];

/// What a batch of events means for the build.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Files and folders that were written, created, removed or renamed (both names).
    pub paths: Vec<PathBuf>,
    /// Events were lost (the system's queue overflowed): everything must be read again.
    pub rescan: bool,
}

impl Changes {
    pub(crate) fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }
}

/// Reduces raw events to the paths a build cares about: under `content/`, `themes/` or
/// `static/`, or `hearth.toml` itself; never editors' swap, backup and temporary files, never
/// events that only read a file.
pub(crate) fn meaningful_changes(root: &Path, events: &[Event]) -> Changes {
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
pub(crate) fn still_being_written(root: &Path, events: &[Event]) -> bool {
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

/// The site's folders that `events` created, removed or renamed (not only changed inside).
pub(super) fn folders_replaced(root: &Path, events: &[Event]) -> BTreeSet<PathBuf> {
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
    fn lost_events_ask_for_everything() {
        let lost = Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan);
        assert!(meaningful_changes(Path::new("/site"), &[lost]).rescan);
    }
}
