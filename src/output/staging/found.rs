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
/// Each folder is opened from its parent's handle, never through a link, and read in one go.
#[cfg(target_os = "linux")]
pub(super) fn scan(folder: &Path, prefix: &str) -> io::Result<Found> {
    scan_open(&open_folder(rustix::fs::CWD, folder)?, folder, prefix)
}

#[cfg(target_os = "linux")]
fn open_folder(
    parent: impl std::os::fd::AsFd,
    name: impl rustix::path::Arg,
) -> io::Result<std::os::fd::OwnedFd> {
    use rustix::fs::{Mode, OFlags};
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    Ok(rustix::fs::openat(parent, name, flags, Mode::empty())?)
}

#[cfg(target_os = "linux")]
fn scan_open(handle: &std::os::fd::OwnedFd, folder: &Path, prefix: &str) -> io::Result<Found> {
    use rustix::fs::{AtFlags, FileType, RawDir};
    use std::mem::MaybeUninit;
    use std::os::unix::ffi::OsStrExt;
    let mut found = Found::default();
    let mut subfolders = Vec::new();
    let mut buffer = [MaybeUninit::<u8>::uninit(); 8192];
    let mut entries = RawDir::new(handle, &mut buffer);
    while let Some(entry) = entries.next() {
        let entry = entry?;
        let name = entry.file_name();
        let bytes = name.to_bytes();
        if bytes == b"."
            || bytes == b".."
            || (prefix.is_empty() && bytes == owned::MARKER.as_bytes())
        {
            continue;
        }
        let kind = match entry.file_type() {
            FileType::Unknown => {
                let stat = rustix::fs::statat(handle, name, AtFlags::SYMLINK_NOFOLLOW)?;
                FileType::from_raw_mode(stat.st_mode)
            }
            kind => kind,
        };
        match (std::str::from_utf8(bytes), kind) {
            (Ok(name), FileType::RegularFile) => {
                found
                    .files
                    .push((format!("{prefix}{name}"), Some(entry.ino())));
            }
            (Ok(name), FileType::Directory) => subfolders.push(name.to_string()),
            (_, FileType::Directory) => {
                std::fs::remove_dir_all(folder.join(std::ffi::OsStr::from_bytes(bytes)))?;
            }
            _ => rustix::fs::unlinkat(handle, name, AtFlags::empty())?,
        }
    }
    let below: Vec<Found> = (subfolders.par_iter())
        .map(|name| {
            let subfolder = open_folder(handle, name.as_str())?;
            scan_open(&subfolder, &folder.join(name), &format!("{prefix}{name}/"))
        })
        .collect::<io::Result<_>>()?;
    for (below, name) in below.into_iter().zip(subfolders) {
        found.folders.push(format!("{prefix}{name}"));
        found.files.extend(below.files);
        found.folders.extend(below.folders);
    }
    Ok(found)
}

/// Lists the files and folders under `folder` (named `prefix` from the staging folder), the
/// folders in parallel, removing anything else (links, devices, names that are not UTF-8).
#[cfg(not(target_os = "linux"))]
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
            Some(name) if kind.is_file() => found.files.push((name, None)),
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
