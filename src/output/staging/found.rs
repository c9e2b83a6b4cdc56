//! What the staging folder holds when a build opens it: its files (with the inode numbers the
//! listing gives) and folders, listed in parallel, with anything else (links, devices, names that
//! are not UTF-8) cleared away.

use std::io;
use std::path::Path;

use rayon::prelude::*;

use crate::output::owned;

/// What a folder holds, from the staging folder: files and folders.
#[derive(Default)]
pub(super) struct Found {
    /// Each file, with its inode number as the folder's listing gives it (where the system
    /// tells one).
    pub(super) files: Vec<(String, Option<u64>)>,
    pub(super) folders: Vec<String>,
}

/// Lists the files and folders under `folder` (named `prefix` from the staging folder), the
/// folders in parallel, removing anything else (links, devices, names that are not UTF-8).
pub(super) fn scan(folder: &Path, prefix: &str) -> io::Result<Found> {
    let mut found = Found::default();
    let mut subfolders = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let name = entry.file_name();
        if prefix.is_empty() && name == owned::MARKER {
            continue;
        }
        let name = name.to_str().map(|name| format!("{prefix}{name}"));
        match name {
            Some(name) if kind.is_file() => found.files.push((name, listed_inode(&entry))),
            Some(name) if kind.is_dir() => subfolders.push((entry.path(), name)),
            _ if kind.is_dir() => std::fs::remove_dir_all(entry.path())?,
            _ => std::fs::remove_file(entry.path())?,
        }
    }
    let below: Vec<Found> = (subfolders.par_iter())
        .map(|(path, name)| scan(path, &format!("{name}/")))
        .collect::<io::Result<_>>()?;
    for (below, (_, name)) in below.into_iter().zip(subfolders) {
        found.folders.push(name);
        found.files.extend(below.files);
        found.folders.extend(below.folders);
    }
    Ok(found)
}

#[cfg(unix)]
fn listed_inode(entry: &std::fs::DirEntry) -> Option<u64> {
    use std::os::unix::fs::DirEntryExt;
    Some(entry.ino())
}

#[cfg(not(unix))]
fn listed_inode(_: &std::fs::DirEntry) -> Option<u64> {
    None
}
