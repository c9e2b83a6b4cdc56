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

    /// The stamp of the file at `relative` from the folder open as `folder`: the same as
    /// [`FileStamp::of`] on the whole path, with fewer parts of the path to look up.
    #[cfg(target_os = "linux")]
    #[allow(clippy::unnecessary_cast)] // The fields' types differ from one target to another.
    fn of_in(folder: &std::os::fd::OwnedFd, relative: &Path) -> Option<Self> {
        let stat = rustix::fs::statat(folder, relative, rustix::fs::AtFlags::empty()).ok()?;
        let time = |seconds: i64, nanos: u64| {
            Some(FileTime(
                u64::try_from(seconds).ok()?,
                u32::try_from(nanos).ok()?,
            ))
        };
        Some(FileStamp {
            len: u64::try_from(stat.st_size).ok()?,
            modified: time(stat.st_mtime as i64, stat.st_mtime_nsec as u64)?,
            changed: time(stat.st_ctime as i64, stat.st_ctime_nsec as u64)?,
            inode: stat.st_ino,
        })
    }

    /// The later of its times.
    pub fn latest(&self) -> FileTime {
        self.modified.max(self.changed)
    }
}

/// Stamps the files under one folder (a build from the cache stamps every content file), each
/// looked up from the folder's handle where the system allows it: the same stamps as
/// [`FileStamp::of`] gives.
pub struct FolderStamps {
    #[cfg(target_os = "linux")]
    handle: Option<std::os::fd::OwnedFd>,
}

impl FolderStamps {
    pub fn new(dir: &Path) -> Self {
        #[cfg(target_os = "linux")]
        let handle = {
            use rustix::fs::{Mode, OFlags};
            let flags = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
            rustix::fs::open(dir, flags, Mode::empty()).ok()
        };
        #[cfg(not(target_os = "linux"))]
        let _ = dir;
        Self {
            #[cfg(target_os = "linux")]
            handle,
        }
    }

    /// The stamp of the file at `path`, listed as `relative` from the folder: looked up from
    /// the handle when `relative` is the very end of `path` (a name the listing could not
    /// keep as it is is looked up by `path`).
    pub fn of_listed(&self, relative: &str, path: &Path) -> Option<FileStamp> {
        #[cfg(target_os = "linux")]
        if let Some(handle) = &self.handle {
            use std::os::unix::ffi::OsStrExt;
            if path.as_os_str().as_bytes().ends_with(relative.as_bytes()) {
                return FileStamp::of_in(handle, Path::new(relative));
            }
        }
        let _ = relative;
        FileStamp::of(path)
    }
}
