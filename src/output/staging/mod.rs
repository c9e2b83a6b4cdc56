//! The staging folder a build writes into while it renders: files go to disk as soon as they
//! are made (the site is never held whole in memory), each rewritten only if its bytes differ
//! from what the folder holds (`hashes` spares reading it), and at the end whatever the build did
//! not make is removed. A file the output folder already holds as the build would write it is
//! linked (a hard link) rather than copied, so the two folders share what did not change and a
//! file in staging is always replaced, never rewritten in place.

mod found;
mod identity;
mod keeping;
mod listing;
#[cfg(target_os = "linux")]
mod made;
#[cfg(test)]
mod tests;

use std::fs::Metadata;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use self::found::{remove_strays, scan};
use self::identity::{FolderHandle, listed_device, tree_id};
use self::listing::{FolderListing, TreeId};
use crate::output::hashes::{ContentHash, FileHashes, FileId, hash_of};
use crate::output::{
    Body, OutputPath, cache_dir, hashes_file, listings_dir, owned, remove_if_present, retire_cache,
    staging_dir, swap_into_place,
};

/// A folder being made to hold exactly one site. Writes may come from many threads at once.
pub struct Staging {
    dir: PathBuf,
    /// The folder the finished site replaces, and a handle on it.
    output_dir: PathBuf,
    output_handle: Option<FolderHandle>,
    /// Whether the output folder was there when the folder was opened: when it was not (a
    /// first build), no file of it is looked for to share.
    output_found: bool,
    /// Whether opening made the folder (there was no site before last in it).
    created: bool,
    /// Files the folder held when opened, from the folder, with the inode numbers listed: only
    /// these can differ or be strays.
    found_files: HashMap<String, Option<u64>>,
    /// The folder's device, when the output folder is on it too and the inode numbers its
    /// listing gave are its files' own: a staged file is then known to be the output's own
    /// file from the listing alone.
    listed_device: Option<u64>,
    /// Folders the folder held when opened, from the folder.
    found_folders: HashSet<String>,
    /// Folders made since the folder was opened (absolute), and the folder itself.
    folders: Mutex<HashSet<PathBuf>>,
    /// Files written (or found identical) since the folder was opened, from the folder, with
    /// their inode numbers (where the system tells them).
    made: Mutex<HashMap<String, Option<u64>>>,
    hashes: FileHashes,
    /// Which tree the folder is and which the output folder is, and the listing of the folder
    /// made on opening (`finish` keeps one of what it holds then).
    tree: Option<TreeId>,
    output_tree: Option<TreeId>,
    listing: FolderListing,
    /// How many of its folders opening it read (the others were known from their listing).
    #[cfg(test)]
    folders_read: usize,
    /// The first write that failed (its path and error): no write is tried after it.
    failure: Mutex<Option<(String, String)>>,
}

impl Staging {
    /// Opens the staging folder of `output_dir` (creating it), after clearing away anything in
    /// it that is neither a plain file nor a folder, so that no write can be led outside it.
    pub fn open(output_dir: &Path) -> io::Result<Self> {
        let dir = &staging_dir(output_dir);
        if let Some(parent) = dir.parent() {
            std::fs::create_dir_all(parent)?;
        }
        if dir.is_symlink() || (dir.exists() && !dir.is_dir()) {
            std::fs::remove_file(dir)?;
        }
        // What a build cache says of the output stops being true once it is rewritten.
        retire_cache(&cache_dir(output_dir))?;
        let created = !dir.exists();
        std::fs::create_dir_all(dir)?;
        owned::mark(dir)?;
        let tree = tree_id(dir);
        let last = tree.and_then(|tree| listing::load(&listings_dir(output_dir), tree));
        let (found, listing) = scan(dir, last.unwrap_or_default())?;
        let folders: HashSet<PathBuf> = [dir.to_path_buf()].into_iter().collect();
        Ok(Self {
            dir: dir.to_path_buf(),
            output_dir: output_dir.to_path_buf(),
            output_handle: FolderHandle::open(output_dir),
            output_found: output_dir.is_dir(),
            created,
            listed_device: listed_device(dir, output_dir, &found.files),
            found_files: found.files.into_iter().collect(),
            found_folders: found.folders.into_iter().collect(),
            folders: Mutex::new(folders),
            made: Mutex::new(HashMap::default()),
            hashes: FileHashes::load(&hashes_file(output_dir)),
            tree,
            output_tree: tree_id(output_dir),
            listing,
            #[cfg(test)]
            folders_read: found.folders_read,
            failure: Mutex::new(None),
        })
    }

    /// Puts `bytes` at `path` (from the folder: `articles/x/index.html`), unless the file
    /// there already holds them: known from the table of hashes when the file is as a recent
    /// build left it, else read and compared.
    pub fn write(&self, path: &OutputPath, bytes: &[u8]) -> io::Result<()> {
        if self.lock_failure().is_some() {
            return Err(io::Error::other("an earlier write failed"));
        }
        self.write_unless_failed(path.as_str(), bytes)
            .inspect_err(|error| {
                self.lock_failure()
                    .get_or_insert_with(|| (path.to_string(), error.to_string()));
            })
    }

    /// The first write that failed: the file's path and the error.
    pub fn failure(&self) -> Option<(String, String)> {
        self.lock_failure().clone()
    }

    fn lock_failure(&self) -> std::sync::MutexGuard<'_, Option<(String, String)>> {
        self.failure
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write_unless_failed(&self, path: &str, bytes: &[u8]) -> io::Result<()> {
        let hash = hash_of(bytes);
        // Most often the output's file holds these bytes and is the staged file already (the
        // last build linked it): one look, from the output folder's handle, tells.
        if !self.has_made(path)
            && let Some((id, known)) = self.shared_with_output(path)
            && known == hash
        {
            self.hashes.made(id, hash);
            self.made_file(path, Some(id));
            return Ok(());
        }
        let target = self.dir.join(path);
        if let Some(parent) = target.parent() {
            self.make_folder(parent)?;
        }
        let mut id = self.link_from_output(path, &target, &hash)?;
        if id.is_none() {
            let found = (self.found_files.contains_key(path))
                .then(|| std::fs::symlink_metadata(&target).ok())
                .flatten()
                .filter(|meta| meta.is_file() && meta.len() == bytes.len() as u64);
            let same =
                |meta: &Metadata| match FileId::of(meta).and_then(|id| self.hashes.known(&id)) {
                    Some(known) => *known == hash,
                    None => std::fs::read(&target).is_ok_and(|old| old == bytes),
                };
            let kept = found.filter(same);
            id = match kept {
                Some(meta) => FileId::of(&meta),
                None => write_file(&target, bytes)?,
            };
            if let Some(id) = id {
                self.hashes.made(id, hash);
            }
        }
        self.made_file(path, id);
        Ok(())
    }

    /// Notes that this build made the file at `path`, which is `id` (where the system tells).
    fn made_file(&self, path: &str, id: Option<FileId>) {
        let inode = id.map(|id| id.device_and_inode().1);
        self.lock_made().insert(path.to_string(), inode);
    }

    /// Makes the staged file at `path` the output folder's own file, when that one holds the
    /// bytes hashed `hash` as the last build left them: the two folders then share it, so a
    /// site unchanged between builds takes its room on disk once. The file's identity; `Ok(None)`,
    /// with nothing done, when the output's file is not known to hold these bytes or cannot be
    /// linked.
    fn link_from_output(
        &self,
        path: &str,
        target: &Path,
        hash: &ContentHash,
    ) -> io::Result<Option<FileId>> {
        if !self.output_found {
            return Ok(None);
        }
        let current = self.output_dir.join(path);
        let Some(current_id) = std::fs::symlink_metadata(&current)
            .ok()
            .filter(Metadata::is_file)
            .and_then(|meta| FileId::of(&meta))
            .filter(|id| self.hashes.known(id) == Some(hash))
        else {
            return Ok(None);
        };
        match std::fs::symlink_metadata(target) {
            Ok(meta) if FileId::of(&meta) == Some(current_id) => {
                self.hashes.made(current_id, *hash);
                return Ok(Some(current_id));
            }
            Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(target)?,
            Ok(_) => std::fs::remove_file(target)?,
            Err(_) => {}
        }
        if std::fs::hard_link(&current, target).is_err() {
            return Ok(None);
        }
        // The output's file may have been replaced between the look and the link.
        let linked = std::fs::symlink_metadata(target).ok();
        if linked.and_then(|meta| FileId::of(&meta)) != Some(current_id) {
            std::fs::remove_file(target)?;
            return Ok(None);
        }
        self.hashes.made(current_id, *hash);
        Ok(Some(current_id))
    }

    /// Puts a file's body at `path`, reading a copied file from disk.
    pub fn write_body(&self, path: &OutputPath, body: &Body) -> io::Result<()> {
        self.write(path, &body.read()?)
    }

    fn make_folder(&self, folder: &Path) -> io::Result<()> {
        let known = |folder: &Path| {
            let found = (folder.strip_prefix(&self.dir).ok())
                .and_then(Path::to_str)
                .is_some_and(|relative| self.found_folders.contains(relative));
            found
                || (self.folders.lock())
                    .unwrap_or_else(|poisoned| poisoned.into_inner())
                    .contains(folder)
        };
        if known(folder) {
            return Ok(());
        }
        if std::fs::create_dir_all(folder).is_err() {
            // A file of the site before stands where a folder must go.
            for ancestor in folder
                .ancestors()
                .take_while(|path| path.starts_with(&self.dir))
            {
                if ancestor.is_file() {
                    std::fs::remove_file(ancestor)?;
                }
            }
            std::fs::create_dir_all(folder)?;
        }
        let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
        let mut current = Some(folder);
        while let Some(path) = current.filter(|path| path.starts_with(&self.dir)) {
            if !folders.insert(path.to_path_buf()) {
                break;
            }
            current = path.parent();
        }
        Ok(())
    }

    fn lock_made(&self) -> std::sync::MutexGuard<'_, HashMap<String, Option<u64>>> {
        self.made
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Whether `path` was written (or found identical) since the folder was opened.
    pub fn has_made(&self, path: &str) -> bool {
        self.lock_made().contains_key(path)
    }

    /// How many files were written (or found identical) since the folder was opened.
    pub fn files_made(&self) -> usize {
        self.lock_made().len()
    }

    /// Puts the site written in place of the output folder, in one step where the system can;
    /// the folder then holds the previous site, for the next build to rewrite.
    pub fn finish(self) -> io::Result<()> {
        let made = self.made.into_inner().unwrap_or_else(|p| p.into_inner());
        let (found_files, found_folders) = (self.found_files.keys(), self.found_folders.iter());
        remove_strays(&self.dir, found_files, found_folders, &made)?;
        #[cfg(target_os = "linux")]
        let listing = made::listing_of(made::MadeTree {
            dir: &self.dir,
            opened: self.listing,
            found_files: &self.found_files,
            found_folders: &self.found_folders,
            made: &made,
        });
        #[cfg(not(target_os = "linux"))]
        let listing = self.listing;
        swap_into_place(&self.dir, &self.output_dir)?;
        // The table and the listings only spare work: a build that cannot save them is still
        // complete.
        let _ = self.hashes.save();
        if let Some(tree) = self.tree {
            let dir = listings_dir(&self.output_dir);
            let _ = listing::save(&dir, tree, self.output_tree, &listing);
        }
        Ok(())
    }

    /// Gives up on a site that will not be finished: a folder made by `open` is removed again
    /// (an older one is kept, for the next build to rewrite).
    pub fn abandon(self) -> io::Result<()> {
        if self.created {
            remove_if_present(&self.dir)?;
        }
        Ok(())
    }
}

/// Writes a file as a new one (in place of a file or folder of the site before, if one stands
/// there), and tells its identity once written. A file there is removed, never rewritten: it
/// may be shared with the output folder.
fn write_file(target: &Path, bytes: &[u8]) -> io::Result<Option<FileId>> {
    let create = || {
        std::fs::File::options()
            .write(true)
            .create_new(true)
            .open(target)
    };
    // Most files are new to the folder: whatever stands in the way is looked at only then.
    let mut file = match create() {
        Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {
            match std::fs::symlink_metadata(target) {
                Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(target)?,
                _ => std::fs::remove_file(target)?,
            }
            create()?
        }
        other => other?,
    };
    file.write_all(bytes)?;
    Ok(FileId::of(&file.metadata()?))
}
