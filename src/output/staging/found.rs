//! What the staging folder holds when a build opens it: its files (with the inode numbers the
//! listing gives) and folders, listed in parallel, with anything else (links, devices, names that
//! are not UTF-8) cleared away. Folders unchanged since a build listed them are not listed again
//! (`listing`). Once the build is done, what it found and did not make is removed.

use std::io;
use std::path::Path;
#[cfg(target_os = "linux")]
use std::time::Duration;

use rayon::prelude::*;

use crate::output::staging::listing::FolderListing;
#[cfg(target_os = "linux")]
use crate::output::staging::listing::{FolderStamp, since_1970};
use crate::output::{owned, remove_if_present};
use rustc_hash::FxHashMap;
use rustc_hash::FxHashSet as HashSet;

/// What a folder holds, from the staging folder: files and folders.
#[derive(Default)]
pub(super) struct Found {
    /// Each file, with its inode number as the folder's listing gives it (where the system
    /// tells one).
    pub(super) files: Vec<(String, Option<u64>)>,
    pub(super) folders: Vec<String>,
    /// How many folders were read (the others were known from their listing).
    pub(super) folders_read: usize,
}

/// Lists the files and folders under `folder` (the top of a tree), the folders in parallel,
/// removing anything else (links, devices, names that are not UTF-8). Each folder is opened
/// from its parent's handle, never through a link, and read in one go; a folder whose stamp is
/// as `last` recorded it is not read again (`listing`). Returns what was found and the listing
/// of it to keep.
#[cfg(target_os = "linux")]
pub(super) fn scan(folder: &Path, last: FolderListing) -> io::Result<(Found, FolderListing)> {
    scan_folder(rustix::fs::CWD, folder, folder, "", last, since_1970())
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

/// What the folder `name` in `parent` (at `path`, named `prefix` from the top) holds, and its
/// listing to keep, made from `last` where its stamp says the folder did not change (`now`:
/// when the scan began).
#[cfg(target_os = "linux")]
fn scan_folder(
    parent: impl std::os::fd::AsFd,
    name: &Path,
    path: &Path,
    prefix: &str,
    last: FolderListing,
    now: Duration,
) -> io::Result<(Found, FolderListing)> {
    use rustix::fs::{AtFlags, FileType};
    let with_prefix = |files: &[(String, u64)]| -> Vec<(String, Option<u64>)> {
        (files.iter())
            .map(|(file, inode)| (format!("{prefix}{file}"), Some(*inode)))
            .collect()
    };
    if let Some(stamp) = last.stamp {
        let stat = rustix::fs::statat(&parent, name, AtFlags::SYMLINK_NOFOLLOW)?;
        let is_folder = FileType::from_raw_mode(stat.st_mode) == FileType::Directory;
        if is_folder && FolderStamp::of(&stat) == stamp {
            let mut found = Found {
                files: with_prefix(&last.files),
                folders: Vec::new(),
                folders_read: 0,
            };
            let mut folders = Vec::new();
            if !last.folders.is_empty() {
                let handle = open_folder(&parent, name)?;
                folders = below(&handle, path, prefix, last.folders, &mut found, now)?;
            }
            let listing = FolderListing {
                stamp: Some(stamp),
                files: last.files,
                folders,
            };
            return Ok((found, listing));
        }
    }
    let handle = open_folder(&parent, name)?;
    let stamp = FolderStamp::of(&rustix::fs::fstat(&handle)?);
    let listed = list(&handle, path, prefix.is_empty())?;
    let mut found = Found {
        files: with_prefix(&listed.files),
        folders: Vec::new(),
        folders_read: 1,
    };
    let mut known: FxHashMap<String, FolderListing> = last.folders.into_iter().collect();
    let subfolders = (listed.folders.into_iter())
        .map(|name| {
            let listing = known.remove(&name).unwrap_or_default();
            (name, listing)
        })
        .collect();
    let folders = below(&handle, path, prefix, subfolders, &mut found, now)?;
    let listing = FolderListing {
        stamp: (!listed.removed && stamp.settled_before(now)).then_some(stamp),
        files: listed.files,
        folders,
    };
    Ok((found, listing))
}

/// Scans the `subfolders` of the folder open as `handle`, in parallel, adding what they hold
/// to `found`; their listings to keep.
#[cfg(target_os = "linux")]
fn below(
    handle: &std::os::fd::OwnedFd,
    path: &Path,
    prefix: &str,
    subfolders: Vec<(String, FolderListing)>,
    found: &mut Found,
    now: Duration,
) -> io::Result<Vec<(String, FolderListing)>> {
    let below: Vec<(String, Found, FolderListing)> = (subfolders.into_par_iter())
        .map(|(name, last)| {
            let (found, listing) = scan_folder(
                handle,
                Path::new(&name),
                &path.join(&name),
                &format!("{prefix}{name}/"),
                last,
                now,
            )?;
            Ok((name, found, listing))
        })
        .collect::<io::Result<_>>()?;
    let mut listings = Vec::with_capacity(below.len());
    for (name, below, listing) in below {
        found.folders.push(format!("{prefix}{name}"));
        found.files.extend(below.files);
        found.folders.extend(below.folders);
        found.folders_read += below.folders_read;
        listings.push((name, listing));
    }
    Ok(listings)
}

/// The entries of one folder, as `list` read them.
#[cfg(target_os = "linux")]
struct Listed {
    files: Vec<(String, u64)>,
    folders: Vec<String>,
    /// Whether anything else was there (and was removed).
    removed: bool,
}

/// The entries of the folder open as `handle` (at `path`): its files with their inode numbers
/// and its folders, anything else removed. The marker of hearth's folders is left out at the
/// `top`.
#[cfg(target_os = "linux")]
fn list(handle: &std::os::fd::OwnedFd, path: &Path, top: bool) -> io::Result<Listed> {
    use rustix::fs::{AtFlags, FileType, RawDir};
    use std::mem::MaybeUninit;
    use std::os::unix::ffi::OsStrExt;
    let mut files = Vec::new();
    let mut folders = Vec::new();
    let mut removed = false;
    let mut buffer = [MaybeUninit::<u8>::uninit(); 8192];
    let mut entries = RawDir::new(handle, &mut buffer);
    while let Some(entry) = entries.next() {
        let entry = entry?;
        let name = entry.file_name();
        let bytes = name.to_bytes();
        if bytes == b"." || bytes == b".." || (top && bytes == owned::MARKER.as_bytes()) {
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
            (Ok(name), FileType::RegularFile) => files.push((name.to_string(), entry.ino())),
            (Ok(name), FileType::Directory) => folders.push(name.to_string()),
            (_, FileType::Directory) => {
                removed = true;
                std::fs::remove_dir_all(path.join(std::ffi::OsStr::from_bytes(bytes)))?;
            }
            _ => {
                removed = true;
                rustix::fs::unlinkat(handle, name, AtFlags::empty())?;
            }
        }
    }
    Ok(Listed {
        files,
        folders,
        removed,
    })
}

/// Lists the files and folders under `folder` (named `prefix` from the staging folder), the
/// folders in parallel, removing anything else (links, devices, names that are not UTF-8).
#[cfg(not(target_os = "linux"))]
pub(super) fn scan(folder: &Path, _: FolderListing) -> io::Result<(Found, FolderListing)> {
    Ok((scan_all(folder, "")?, FolderListing::default()))
}

#[cfg(not(target_os = "linux"))]
fn scan_all(folder: &Path, prefix: &str) -> io::Result<Found> {
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
        .map(|(path, name)| scan_all(path, &format!("{name}/")))
        .collect::<io::Result<_>>()?;
    for (below, (_, name)) in below.into_iter().zip(subfolders) {
        found.folders.push(name);
        found.files.extend(below.files);
        found.folders.extend(below.folders);
    }
    Ok(found)
}

/// Removes from the staging folder `dir` every file (`found_files`) and folder
/// (`found_folders`) it held when opened that the build did not make (`made`, with the inode
/// numbers of the files), leaving it holding exactly the files made.
pub(super) fn remove_strays<'a>(
    dir: &Path,
    found_files: impl Iterator<Item = &'a String>,
    found_folders: impl Iterator<Item = &'a String>,
    made: &FxHashMap<String, Option<u64>>,
) -> io::Result<()> {
    for file in found_files.filter(|file| !made.contains_key(*file)) {
        let path = dir.join(file);
        if path.is_file() {
            std::fs::remove_file(path)?;
        }
    }
    let mut wanted: HashSet<&str> = HashSet::default();
    for path in made.keys() {
        let mut rest = path.as_str();
        while let Some((folder, _)) = rest.rsplit_once('/') {
            if !wanted.insert(folder) {
                break;
            }
            rest = folder;
        }
    }
    for folder in found_folders.filter(|folder| !wanted.contains(folder.as_str())) {
        let path = dir.join(folder);
        if path.is_dir() {
            remove_if_present(&path)?;
        }
    }
    Ok(())
}
