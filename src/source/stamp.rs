//! What the file system tells of a file without reading it, to tell whether it changed since
//! a build read it: a build cache skips reading the files whose stamp is as it was then.

use std::path::Path;

use serde::{Deserialize, Serialize};

/// A file's length, when it was last modified and, on Unix, its inode and when its status
/// last changed (which no tool can set back, as they can the modification time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileStamp {
    pub len: u64,
    pub modified: FileTime,
    pub changed: FileTime,
    pub inode: u64,
}

/// A time as seconds and nanoseconds since 1970.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileTime(pub u64, pub u32);

impl FileTime {
    pub fn now() -> Self {
        Self::of(std::time::SystemTime::now()).unwrap_or(FileTime(0, 0))
    }

    fn of(time: std::time::SystemTime) -> Option<Self> {
        let since = time.duration_since(std::time::UNIX_EPOCH).ok()?;
        Some(FileTime(since.as_secs(), since.subsec_nanos()))
    }

    /// Whether this time is earlier than `other` by more than two seconds, the coarsest
    /// step with which common file systems record modification times.
    pub fn well_before(self, other: FileTime) -> bool {
        self.0.saturating_add(2) < other.0
    }
}

impl FileStamp {
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        let modified = FileTime::of(meta.modified().ok()?)?;
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            let changed = FileTime(u64::try_from(meta.ctime()).ok()?, meta.ctime_nsec() as u32);
            (changed, meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = (modified, 0);
        Some(FileStamp {
            len: meta.len(),
            modified,
            changed,
            inode,
        })
    }

    /// The later of its times.
    pub fn latest(&self) -> FileTime {
        self.modified.max(self.changed)
    }
}
