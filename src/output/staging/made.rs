//! The listing of the tree a build made, kept for the build that opens it next (two builds on,
//! as the two trees trade places), made from what the build wrote rather than by reading the
//! tree again. While a build runs it alone writes to its staging folder (it holds the output
//! folder's lock, `output::lock`), so the files it made are what the folder holds. A folder it
//! left as it found it keeps the stamp it was listed with; every other folder is stamped after
//! the build's last write, and the stamp is kept if it has settled. A change made after that
//! moves the stamp, and the next build reads the folder.

use std::path::Path;

use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::listing::{FolderListing, FolderStamp, since_1970};

/// What a build knows of its staging folder once it is done: how it found it, and what it made.
pub(super) struct MadeTree<'a> {
    pub(super) dir: &'a Path,
    /// The listing made when the folder was opened.
    pub(super) opened: FolderListing,
    /// The files and folders it held then, the files with their inode numbers.
    pub(super) found_files: &'a HashMap<String, Option<u64>>,
    pub(super) found_folders: &'a HashSet<String>,
    /// The files the build made, with their inode numbers: all the folder holds now.
    pub(super) made: &'a HashMap<String, Option<u64>>,
}

/// One folder of the tree made, from the top (`""`).
#[derive(Default)]
struct Folder<'a> {
    files: Vec<(&'a str, Option<u64>)>,
    folders: Vec<&'a str>,
    /// Whether the build added, replaced or removed anything in it (or made it).
    touched: bool,
}

/// The listing of the tree `made` describes, its folders stamped after the build's last write;
/// an empty one where listing a folder gives inode numbers other than its files' own.
pub(super) fn listing_of(made: MadeTree) -> FolderListing {
    if !lists_own_inodes(made.dir) {
        return FolderListing::default();
    }
    let folders = folders_of(&made);
    let now = since_1970();
    listing_at(made.dir, "", made.opened, &folders, now)
}

fn parent_and_name(path: &str) -> (&str, &str) {
    path.rsplit_once('/').unwrap_or(("", path))
}

fn folders_of<'a>(made: &MadeTree<'a>) -> HashMap<&'a str, Folder<'a>> {
    let mut folders: HashMap<&str, Folder> = HashMap::default();
    folders.insert("", Folder::default());
    // How many of the files made were there when the folder was opened.
    let mut found_again = 0;
    for (path, inode) in made.made {
        let (parent, name) = parent_and_name(path);
        let found = made.found_files.get(path);
        found_again += usize::from(found.is_some());
        let folder = folders.entry(parent).or_default();
        folder.files.push((name, *inode));
        folder.touched |= inode.is_none() || found != Some(inode);
    }
    // Every folder's parents, up to the top.
    let mut missing: Vec<&str> = (folders.keys().copied())
        .filter(|path| !path.is_empty())
        .collect();
    while let Some(path) = missing.pop() {
        let parent = parent_and_name(path).0;
        if !folders.contains_key(parent) {
            folders.insert(parent, Folder::default());
            missing.push(parent);
        }
    }
    let names: Vec<&str> = folders.keys().copied().filter(|p| !p.is_empty()).collect();
    let mut folders_found_again = 0;
    for path in names {
        let (parent, name) = parent_and_name(path);
        let made_now = !made.found_folders.contains(path);
        folders_found_again += usize::from(!made_now);
        let parent = folders
            .get_mut(parent)
            .expect("every folder's parent is listed");
        parent.folders.push(name);
        parent.touched |= made_now;
        folders.get_mut(path).expect("listed above").touched |= made_now;
    }
    // What the build removed: the nearest folder still there lost an entry. Looked for only
    // when the counts say something went, as a build most often removes nothing.
    let mut gone: Vec<&str> = Vec::new();
    if found_again < made.found_files.len() {
        let files = made.found_files.keys();
        gone.extend(
            files
                .filter(|path| !made.made.contains_key(*path))
                .map(String::as_str),
        );
    }
    if folders_found_again < made.found_folders.len() {
        let found = made.found_folders.iter().map(String::as_str);
        gone.extend(found.filter(|path| !folders.contains_key(path)));
    }
    for path in gone {
        if let Some(folder) = folders.get_mut(parent_and_name(path).0) {
            folder.touched = true;
        }
    }
    folders
}

/// The listing of the folder at `path` (from the top of `dir`), which was `opened` when the build
/// began, and of the folders below it, in parallel.
fn listing_at(
    dir: &Path,
    path: &str,
    mut opened: FolderListing,
    folders: &HashMap<&str, Folder>,
    now: std::time::Duration,
) -> FolderListing {
    let folder = &folders[path];
    // A folder without folders, left as it was found: as it was listed (most of a site's).
    if !folder.touched
        && folder.folders.is_empty()
        && opened.folders.is_empty()
        && opened.stamp.is_some()
    {
        return opened;
    }
    let mut opened_below: HashMap<String, FolderListing> =
        std::mem::take(&mut opened.folders).into_iter().collect();
    let below: Vec<(&str, FolderListing)> = (folder.folders.iter())
        .map(|name| (*name, opened_below.remove(*name).unwrap_or_default()))
        .collect();
    let below = (below.into_par_iter())
        .map(|(name, opened)| {
            let path = match path {
                "" => name.to_string(),
                _ => format!("{path}/{name}"),
            };
            (
                name.to_string(),
                listing_at(dir, &path, opened, folders, now),
            )
        })
        .collect();
    let files: Option<Vec<(String, u64)>> = (folder.files.iter())
        .map(|(name, inode)| Some((name.to_string(), (*inode)?)))
        .collect();
    let stamp = match (&files, opened.stamp) {
        (None, _) => None,
        (Some(_), Some(stamp)) if !folder.touched => Some(stamp),
        (Some(_), _) => stamp_of(&dir.join(path)).filter(|stamp| stamp.settled_before(now)),
    };
    FolderListing {
        stamp,
        files: files.unwrap_or_default(),
        folders: below,
    }
}

/// The stamp of the folder at `path`, if a folder is there.
fn stamp_of(path: &Path) -> Option<FolderStamp> {
    let stat = rustix::fs::lstat(path).ok()?;
    let is_folder = rustix::fs::FileType::from_raw_mode(stat.st_mode).is_dir();
    is_folder.then(|| FolderStamp::of(&stat))
}

/// Whether listing the folder `dir` gives its files' own inode numbers, as a listing read from
/// the folder would hold them: checked on one file, as some file systems list numbers of their
/// own.
fn lists_own_inodes(dir: &Path) -> bool {
    use std::os::unix::fs::{DirEntryExt, MetadataExt};
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    (entries.flatten())
        .find(|entry| entry.file_type().is_ok_and(|kind| kind.is_file()))
        .and_then(|entry| Some(entry.ino() == entry.metadata().ok()?.ino()))
        .unwrap_or(false)
}
