//! Which tree a staging folder is, whether its listing's inode numbers are its files' own, and
//! which file the output folder holds at a path.

use std::path::Path;

use super::listing::TreeId;
use crate::output::hashes::FileId;

/// A handle on a folder, from which the files under it are looked up with fewer parts of their
/// paths to follow (where the system has such handles), and handles on the folders at its top.
pub(super) struct FolderHandle {
    #[cfg(target_os = "linux")]
    handle: std::os::fd::OwnedFd,
    /// The folders at its top (a site's sections), by name: a page's file below one is looked
    /// up with one part fewer still.
    #[cfg(target_os = "linux")]
    tops: rustc_hash::FxHashMap<String, std::os::fd::OwnedFd>,
}

impl FolderHandle {
    #[cfg(target_os = "linux")]
    pub(super) fn open(dir: &Path) -> Option<Self> {
        use rustix::fs::{Mode, OFlags};
        let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let handle = rustix::fs::open(dir, flags, Mode::empty()).ok()?;
        let tops = (std::fs::read_dir(dir).into_iter().flatten().flatten())
            .filter(|entry| entry.file_type().is_ok_and(|kind| kind.is_dir()))
            .filter_map(|entry| {
                let name = entry.file_name().into_string().ok()?;
                let top =
                    rustix::fs::openat(&handle, &name, flags | OFlags::NOFOLLOW, Mode::empty());
                Some((name, top.ok()?))
            })
            .collect();
        Some(Self { handle, tops })
    }

    #[cfg(not(target_os = "linux"))]
    pub(super) fn open(_: &Path) -> Option<Self> {
        None
    }
}

/// The identity of the plain file at `path` in the output folder `output_dir`, looked up from
/// its `handle` when there is one.
pub(super) fn output_file(
    handle: Option<&FolderHandle>,
    output_dir: &Path,
    path: &str,
) -> Option<FileId> {
    #[cfg(target_os = "linux")]
    if let Some(folder) = handle {
        let flags = rustix::fs::AtFlags::SYMLINK_NOFOLLOW;
        let below_top =
            (path.split_once('/')).and_then(|(top, rest)| Some((folder.tops.get(top)?, rest)));
        let stat = match below_top {
            Some((top, rest)) => rustix::fs::statat(top, rest, flags),
            None => rustix::fs::statat(&folder.handle, path, flags),
        };
        return FileId::of_stat(&stat.ok()?);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = handle;
    let meta = std::fs::symlink_metadata(output_dir.join(path)).ok()?;
    FileId::of(&meta).filter(|_| meta.is_file())
}

/// Which tree the folder `dir` tops: its device and inode number.
#[cfg(unix)]
pub(super) fn tree_id(dir: &Path) -> Option<TreeId> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::symlink_metadata(dir).ok()?;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
pub(super) fn tree_id(_: &Path) -> Option<TreeId> {
    None
}

/// The device of the staging folder `dir` when `output_dir` is on it too, and the inode numbers
/// of its listing (`files`) are its files' own: checked on one of them, as some file systems
/// list numbers of their own.
#[cfg(unix)]
pub(super) fn listed_device(
    dir: &Path,
    output_dir: &Path,
    files: &[(String, Option<u64>)],
) -> Option<u64> {
    use std::os::unix::fs::MetadataExt;
    let device = std::fs::metadata(dir).ok()?.dev();
    if std::fs::metadata(output_dir).ok()?.dev() != device {
        return None;
    }
    let (name, listed) = files.iter().find(|(_, inode)| inode.is_some())?;
    let meta = std::fs::symlink_metadata(dir.join(name)).ok()?;
    (meta.dev() == device && Some(meta.ino()) == *listed).then_some(device)
}

#[cfg(not(unix))]
pub(super) fn listed_device(_: &Path, _: &Path, _: &[(String, Option<u64>)]) -> Option<u64> {
    None
}
