//! What each folder of the two site trees (the output folder and its staging folder, which trade
//! places at every build) held when a build last knew it, kept beside the output
//! (`.output.listings/`, a file for each tree). A folder whose identity and times are as
//! recorded, and were already older than the listing by more than the file system's step, still
//! holds what was listed: adding, removing or renaming an entry sets its modification and change
//! times to the present. So a build lists only the folders that changed, and looks at each of the
//! others once.

use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

const MAGIC: &[u8; 16] = b"hearth-listing1\n";

/// A folder as the system tells it: which one, and when its entries last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct FolderStamp {
    inode: u64,
    modified: (i64, i64),
    changed: (i64, i64),
}

impl FolderStamp {
    #[cfg(target_os = "linux")]
    pub(super) fn of(stat: &rustix::fs::Stat) -> Self {
        Self {
            inode: stat.st_ino,
            modified: (stat.st_mtime, stat.st_mtime_nsec as i64),
            changed: (stat.st_ctime, stat.st_ctime_nsec as i64),
        }
    }

    /// Whether both times lie more than the file system's step before `now` (since 1970), so
    /// that a change from now on moves them. Times in whole seconds may come from a file system
    /// that keeps two-second steps (FAT); finer ones step with the system's coarse clock, at
    /// most every 10 ms, which 100 ms leaves well behind.
    pub(super) fn settled_before(&self, now: Duration) -> bool {
        let whole_seconds = self.modified.1 == 0 && self.changed.1 == 0;
        let step: i128 = if whole_seconds {
            2_000_000_000
        } else {
            100_000_000
        };
        let nanos =
            |(seconds, nanos): (i64, i64)| i128::from(seconds) * 1_000_000_000 + i128::from(nanos);
        let latest = nanos(self.modified).max(nanos(self.changed));
        latest + step < now.as_nanos() as i128
    }
}

/// The present, as time since 1970.
pub(super) fn since_1970() -> Duration {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
}

/// What is known of one folder from when it was last listed, and of the folders below it.
#[derive(Debug, Default, Serialize, Deserialize)]
pub(super) struct FolderListing {
    /// The folder's stamp when it was listed, if it had settled by then: only then do `files`
    /// and the names in `folders` tell what it holds while the stamp stays the same.
    pub(super) stamp: Option<FolderStamp>,
    /// Its files, with their inode numbers.
    pub(super) files: Vec<(String, u64)>,
    /// Its folders, each with what is known of it.
    pub(super) folders: Vec<(String, FolderListing)>,
}

/// Which tree: the device and inode number of its top folder, which travel with it when the
/// two folders trade places.
pub(super) type TreeId = (u64, u64);

/// The listing of tree `id`, kept in the folder `dir`; none when it is missing, damaged or of
/// another format.
pub(super) fn load(dir: &Path, id: TreeId) -> Option<FolderListing> {
    decode(&std::fs::read(dir.join(file_name(id))).ok()?)
}

/// Keeps `listing` as the listing of tree `id` in the folder `dir`, where only the listings of
/// it and of the tree `other` stay.
pub(super) fn save(
    dir: &Path,
    id: TreeId,
    other: Option<TreeId>,
    listing: &FolderListing,
) -> io::Result<()> {
    let body = postcard::to_allocvec(listing).map_err(io::Error::other)?;
    let mut bytes = Vec::with_capacity(MAGIC.len() + 16 + body.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&xxh3_128(&body).to_le_bytes());
    bytes.extend_from_slice(&body);
    std::fs::create_dir_all(dir)?;
    let name = file_name(id);
    let fresh: PathBuf = dir.join(format!("{name}.new"));
    std::fs::write(&fresh, bytes)?;
    std::fs::rename(fresh, dir.join(&name))?;
    let keep = [Some(name), other.map(file_name)];
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let kept = (entry.file_name().to_str())
            .is_some_and(|file| keep.iter().flatten().any(|name| name == file));
        if !kept {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn file_name((device, inode): TreeId) -> String {
    format!("{device}-{inode}")
}

fn decode(bytes: &[u8]) -> Option<FolderListing> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (checksum, body) = rest.split_first_chunk::<16>()?;
    if xxh3_128(body).to_le_bytes() != *checksum {
        return None;
    }
    match postcard::take_from_bytes(body) {
        Ok((listing, [])) => Some(listing),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listing(inode: u64) -> FolderListing {
        let stamp = FolderStamp {
            inode,
            modified: (10, 1),
            changed: (10, 2),
        };
        FolderListing {
            stamp: Some(stamp),
            files: vec![("index.html".into(), inode + 1)],
            folders: vec![("x".into(), FolderListing::default())],
        }
    }

    #[test]
    fn listings_of_two_trees_are_kept_and_a_damaged_one_reads_as_none() {
        let temp = tempfile::tempdir().unwrap();
        let dir = temp.path().join(".output.listings");
        save(&dir, (1, 1), None, &listing(1)).unwrap();
        save(&dir, (1, 2), Some((1, 1)), &listing(2)).unwrap();
        save(&dir, (1, 3), Some((1, 2)), &listing(3)).unwrap();
        assert!(load(&dir, (1, 1)).is_none(), "the oldest tree is gone");
        assert_eq!(load(&dir, (1, 2)).unwrap().files[0].1, 3);
        let third = load(&dir, (1, 3)).unwrap();
        assert_eq!(third.stamp.unwrap().inode, 3);
        assert_eq!(third.folders[0].0, "x");
        let file = dir.join(file_name((1, 3)));
        let mut bytes = std::fs::read(&file).unwrap();
        let last = bytes.len() - 1;
        bytes[last] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert!(load(&dir, (1, 3)).is_none(), "damaged: nothing");
    }

    #[test]
    fn a_folder_in_whole_seconds_is_settled_only_once_both_times_are_two_seconds_old() {
        let stamp = FolderStamp {
            inode: 1,
            modified: (100, 0),
            changed: (101, 0),
        };
        assert!(!stamp.settled_before(Duration::from_secs(103)));
        assert!(!stamp.settled_before(Duration::from_millis(102_900)));
        assert!(stamp.settled_before(Duration::from_millis(103_001)));
    }

    #[test]
    fn a_folder_in_finer_steps_is_settled_once_both_times_are_a_tenth_of_a_second_old() {
        let stamp = FolderStamp {
            inode: 1,
            modified: (100, 950_000_000),
            changed: (101, 4_000_000),
        };
        assert!(!stamp.settled_before(Duration::from_millis(101_050)));
        assert!(!stamp.settled_before(Duration::from_millis(101_104)));
        assert!(stamp.settled_before(Duration::from_millis(101_105)));
    }
}
