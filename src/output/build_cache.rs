//! The build cache's folder beside the output (`output::cache_dir`, written by `build::cache`):
//! what it may hold, removing it, and setting it aside once the output is about to be rewritten,
//! so that the next cache can take the parts it stores unchanged from it.

use std::io;
use std::path::{Path, PathBuf};

/// The file in a build cache's folder that describes its parts.
pub(crate) const CACHE_HEAD: &str = "head";

/// The file of a build cache's part `index`.
pub(crate) fn cache_part(dir: &Path, index: usize) -> PathBuf {
    dir.join(format!("part-{index}"))
}

/// Where the cache at `dir` is set aside (`retire_cache`): never read as a cache, only linked
/// from by the next one, and removed once that one is in place.
pub(crate) fn retired_cache(dir: &Path) -> PathBuf {
    dir.with_extension("cache-old")
}

/// What a build cache's place holds.
enum CacheFiles {
    /// The single file older versions kept.
    Single,
    /// A folder of a head and parts: those files.
    Folder(Vec<PathBuf>),
}

/// Removes the build cache at `dir` (or one being written or set aside there), if there is
/// one: a folder of a head and parts, or the single file older versions kept. Anything else
/// there is not hearth's, and is left as it is: an error says so.
pub(crate) fn remove_cache(dir: &Path) -> io::Result<()> {
    match cache_files(dir)? {
        None => Ok(()),
        Some(CacheFiles::Single) => std::fs::remove_file(dir),
        Some(CacheFiles::Folder(files)) => {
            for file in files {
                std::fs::remove_file(file)?;
            }
            std::fs::remove_dir(dir)
        }
    }
}

/// Sets the build cache at `dir` aside (`retired_cache`), in place of any set aside before:
/// what it says of the output stops being true once the output is rewritten. A cache of an
/// older version is removed; anything that is not hearth's is left as it is, with an error.
pub(crate) fn retire_cache(dir: &Path) -> io::Result<()> {
    let retired = retired_cache(dir);
    remove_cache(&retired)?;
    match cache_files(dir)? {
        Some(CacheFiles::Folder(_)) => std::fs::rename(dir, retired),
        _ => remove_cache(dir),
    }
}

/// What the build cache at `dir` is made of; `None` when there is nothing there, an error
/// when what is there is not hearth's.
fn cache_files(dir: &Path) -> io::Result<Option<CacheFiles>> {
    let not_ours = || {
        io::Error::other(format!(
            "{} holds files hearth did not make; move them away",
            dir.display()
        ))
    };
    let meta = match std::fs::symlink_metadata(dir) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        other => other?,
    };
    if !meta.is_dir() {
        let mut start = [0; 13];
        let ours = std::fs::File::open(dir)
            .and_then(|mut file| io::Read::read_exact(&mut file, &mut start))
            .is_ok_and(|()| &start == b"hearth-cache-");
        return match ours {
            true => Ok(Some(CacheFiles::Single)),
            false => Err(not_ours()),
        };
    }
    let is_part = |name: &str| {
        name == CACHE_HEAD
            || name.strip_prefix("part-").is_some_and(|index| {
                !index.is_empty() && index.bytes().all(|byte| byte.is_ascii_digit())
            })
    };
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        match name.to_str() {
            Some(name) if is_part(name) && entry.file_type()?.is_file() => {
                files.push(entry.path());
            }
            _ => return Err(not_ours()),
        }
    }
    Ok(Some(CacheFiles::Folder(files)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_set_aside_replaces_the_one_before_and_a_foreign_folder_stays() {
        let temp = tempfile::tempdir().unwrap();
        let cache = temp.path().join(".output.cache");
        let retired = retired_cache(&cache);
        assert_eq!(retired, temp.path().join(".output.cache-old"));
        for round in ["first", "second"] {
            std::fs::create_dir_all(&cache).unwrap();
            std::fs::write(cache.join(CACHE_HEAD), round).unwrap();
            std::fs::write(cache_part(&cache, 3), round).unwrap();
            retire_cache(&cache).unwrap();
            assert!(!cache.exists(), "{round}");
            assert_eq!(
                std::fs::read(cache_part(&retired, 3)).unwrap(),
                round.as_bytes()
            );
        }
        retire_cache(&cache).unwrap();
        assert!(
            !retired.exists(),
            "nothing to set aside: the one before is gone"
        );

        std::fs::write(&cache, "hearth-cache-07\nrest").unwrap();
        retire_cache(&cache).unwrap();
        assert!(
            !cache.exists() && !retired.exists(),
            "an older version's file"
        );

        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(cache.join("notes.txt"), "theirs").unwrap();
        let error = retire_cache(&cache).unwrap_err().to_string();
        assert!(error.contains("did not make"), "{error}");
        assert_eq!(std::fs::read(cache.join("notes.txt")).unwrap(), b"theirs");
        std::fs::remove_dir_all(&cache).unwrap();
        std::fs::create_dir_all(&retired).unwrap();
        std::fs::write(retired.join("notes.txt"), "theirs").unwrap();
        assert!(retire_cache(&cache).is_err());
        assert_eq!(std::fs::read(retired.join("notes.txt")).unwrap(), b"theirs");
    }
}
