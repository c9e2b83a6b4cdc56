//! Which tree a staging folder is, and whether its listing's inode numbers are its files' own.

use std::path::Path;

use super::listing::TreeId;

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
