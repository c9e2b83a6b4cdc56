//! Keeping files of the last build: putting into the staging folder the output folder's own file
//! at a path, known from the table of hashes to be as the last build made it, shared between the
//! two folders rather than copied.

use std::collections::hash_map::Entry;
use std::fs::Metadata;
use std::io;

use rayon::prelude::*;

use super::Staging;
use super::identity::output_file;
use crate::output::OutputPath;
use crate::output::hashes::{ContentHash, FileId, hash_of};

impl Staging {
    /// Puts at `path` the file the output folder holds there, which must be as the last build
    /// made it (known to the table of hashes); `Ok(false)`, and nothing done, when it is not.
    /// A file this build already made there stays.
    pub fn keep(&self, output_path: &OutputPath) -> io::Result<bool> {
        let path = output_path.as_str();
        if self.has_made(path) {
            return Ok(true);
        }
        let current = self.output_dir.join(path);
        let Some((current_id, hash)) = std::fs::symlink_metadata(&current)
            .ok()
            .filter(Metadata::is_file)
            .and_then(|meta| FileId::of(&meta))
            .and_then(|id| Some((id, *self.hashes.known(&id)?)))
        else {
            return Ok(false);
        };
        let target = self.dir.join(path);
        // Most often the staged file is already the output's own (the last build linked it),
        // and so its folder is there too.
        let listed = || {
            let (device, inode) = current_id.device_and_inode();
            self.listed_device == Some(device) && self.found_files.get(path) == Some(&Some(inode))
        };
        let staged = || std::fs::symlink_metadata(&target).ok();
        if listed() || staged().and_then(|meta| FileId::of(&meta)) == Some(current_id) {
            self.hashes.made(current_id, hash);
            self.made_file(path, Some(current_id));
            return Ok(true);
        }
        if let Some(parent) = target.parent() {
            self.make_folder(parent)?;
        }
        if let Some(id) = self.link_from_output(path, &target, &hash)? {
            self.made_file(path, Some(id));
            return Ok(true);
        }
        let bytes = std::fs::read(&current)?;
        if hash_of(&bytes) != hash {
            return Ok(false);
        }
        self.write(output_path, &bytes)?;
        Ok(true)
    }

    /// `keep` for each of `paths`, in parallel, the folder's tables taken once for many files;
    /// the first path that could not be kept, with the error (none when its output file is not
    /// as the last build made it).
    pub fn keep_all<'a>(
        &self,
        paths: &'a [OutputPath],
    ) -> Result<(), (&'a OutputPath, Option<io::Error>)> {
        paths.par_chunks(256).try_for_each(|paths| {
            // Files this build made already (a later round keeps the same files) stay.
            let made = self.lock_made();
            let due: Vec<&OutputPath> = (paths.iter())
                .filter(|path| !made.contains_key(path.as_str()))
                .collect();
            drop(made);
            let mut shared = Vec::with_capacity(due.len());
            for path in due {
                match self.shared_with_output(path.as_str()) {
                    Some((id, hash)) => shared.push((path.as_str(), id, hash)),
                    None => match self.keep(path) {
                        Ok(true) => {}
                        Ok(false) => return Err((path, None)),
                        Err(error) => return Err((path, Some(error))),
                    },
                }
            }
            let mut made = self.lock_made();
            // A file this build made at one of these paths stays.
            shared.retain(|(path, id, _)| match made.entry(path.to_string()) {
                Entry::Occupied(_) => false,
                Entry::Vacant(entry) => {
                    entry.insert(Some(id.device_and_inode().1));
                    true
                }
            });
            drop(made);
            (self.hashes).made_all(shared.into_iter().map(|(_, id, hash)| (id, hash)));
            Ok(())
        })
    }

    /// The identity and hash of the output's file at `path` when it is as the last build made
    /// it and the staged file there is that very file, as the folder's listing told.
    pub(super) fn shared_with_output(&self, path: &str) -> Option<(FileId, ContentHash)> {
        // Without a listing that tells, or a staged file listed there, no look can tell either.
        let listed_device = self.listed_device?;
        let &Some(listed_inode) = self.found_files.get(path)? else {
            return None;
        };
        let id = output_file(self.output_handle.as_ref(), &self.output_dir, path)?;
        let hash = *self.hashes.known(&id)?;
        let (device, inode) = id.device_and_inode();
        (device == listed_device && inode == listed_inode).then_some((id, hash))
    }
}
