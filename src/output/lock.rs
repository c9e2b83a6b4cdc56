//! One build at a time for each output folder: a lock on a file beside it (`.output.lock`), held
//! from before the staging folder is opened until the site and its cache are in place. Two
//! builds into one folder (two terminals, a script beside a writer) take turns instead of
//! mixing their files, and a build may trust that its staging folder holds what it wrote there.

use std::fs::{File, TryLockError};
use std::io;
use std::path::Path;

use super::parent_and_name;

/// The lock on an output folder, released when dropped.
pub struct OutputLock {
    /// None where the file system cannot lock files: builds then do not wait for each other.
    _file: Option<File>,
}

/// Locks `output_dir` for one build, calling `waiting` first when another build holds it (this
/// one then waits for it).
pub fn lock_output(output_dir: &Path, waiting: impl FnOnce()) -> io::Result<OutputLock> {
    let (parent, name) = parent_and_name(output_dir);
    std::fs::create_dir_all(&parent)?;
    let file = open_lock_file(&parent.join(format!(".{name}.lock")))?;
    match file.try_lock() {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            waiting();
            file.lock()?;
        }
        Err(TryLockError::Error(error)) if error.kind() == io::ErrorKind::Unsupported => {
            return Ok(OutputLock { _file: None });
        }
        Err(TryLockError::Error(error)) => return Err(error),
    }
    Ok(OutputLock { _file: Some(file) })
}

/// Opens (making it if need be) the lock file at `path`; a link in its place is removed, never
/// followed.
fn open_lock_file(path: &Path) -> io::Result<File> {
    if std::fs::symlink_metadata(path).is_ok_and(|meta| meta.is_symlink()) {
        std::fs::remove_file(path)?;
    }
    let mut options = File::options();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32);
    }
    options.open(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn a_second_build_waits_until_the_first_lets_go() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("output");
        let first = lock_output(&out, || panic!("nothing holds it yet")).unwrap();
        let (told, waited) = mpsc::channel();
        let (locked, got) = mpsc::channel();
        let second = std::thread::spawn(move || {
            let lock = lock_output(&out, || told.send(()).unwrap()).unwrap();
            locked.send(()).unwrap();
            drop(lock);
        });
        waited.recv_timeout(Duration::from_secs(10)).unwrap();
        std::thread::sleep(Duration::from_millis(200));
        assert!(
            got.try_recv().is_err(),
            "the second waits while the first holds it"
        );
        drop(first);
        got.recv_timeout(Duration::from_secs(10)).unwrap();
        second.join().unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_place_of_the_lock_file_is_not_followed() {
        let temp = tempfile::tempdir().unwrap();
        let elsewhere = temp.path().join("elsewhere.txt");
        std::os::unix::fs::symlink(&elsewhere, temp.path().join(".output.lock")).unwrap();
        let lock = lock_output(&temp.path().join("output"), || {}).unwrap();
        assert!(!elsewhere.exists(), "nothing made where the link pointed");
        assert!(temp.path().join(".output.lock").is_file());
        drop(lock);
    }
}
