//! Cache folders beside the output (`.output.images/`): hearth makes them and marks them with a
//! `CACHEDIR.TAG`, refuses a folder of that name it did not make, and writes each file whole.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The mark hearth leaves in the cache folders it makes (the Cache Directory Tagging
/// convention, which backup tools read too).
pub(super) const TAG_NAME: &str = "CACHEDIR.TAG";
const TAG_SIGNATURE: &str = "Signature: 8a477f597d28d172789f06886806bc55";

/// A cache folder: opened (made, or found to be hearth's) once, then written a file at a time.
#[derive(Debug, Clone)]
pub struct CacheDir {
    dir: PathBuf,
    /// What the folder is, in messages and its tag: `image cache`.
    name: &'static str,
    /// What it holds, for whoever opens its tag: `resized copies of the site's images`.
    holds: &'static str,
    /// Whether an untagged folder of that name is an earlier hearth's cache, to be tagged.
    adopts: Option<fn(&Path) -> bool>,
    opened: OnceLock<Result<(), String>>,
}

impl CacheDir {
    pub fn new(dir: PathBuf, name: &'static str, holds: &'static str) -> Self {
        Self {
            dir,
            name,
            holds,
            adopts: None,
            opened: OnceLock::new(),
        }
    }

    /// The same cache, which takes an untagged folder for its own (and tags it) when
    /// `earlier_cache` says an earlier hearth made it.
    pub fn adopting(self, earlier_cache: fn(&Path) -> bool) -> Self {
        Self {
            adopts: Some(earlier_cache),
            ..self
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file `name` in the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Makes the folder (tagged as hearth's) unless it is there; a folder of that name that
    /// hearth did not make is refused, never written into. Looked at once: later calls give
    /// the first answer.
    pub fn open(&self) -> Result<(), String> {
        self.opened.get_or_init(|| self.open_once()).clone()
    }

    fn open_once(&self) -> Result<(), String> {
        let (dir, name) = (self.dir.display(), self.name);
        let tag = self.dir.join(TAG_NAME);
        let text = format!(
            "{TAG_SIGNATURE}\n# hearth's {name}: {}; safe to delete.\n",
            self.holds
        );
        let cannot = |error: std::io::Error| format!("cannot make the {name} {dir}: {error}");
        match std::fs::symlink_metadata(&self.dir) {
            Ok(metadata) if metadata.is_dir() => {
                if tag.is_file() {
                    Ok(())
                } else if self.adopts.is_some_and(|earlier| earlier(&self.dir)) {
                    std::fs::write(&tag, text).map_err(cannot)
                } else {
                    Err(format!(
                        "{dir} is not hearth's {name} (it has no {TAG_NAME}); expected no folder there, or one hearth made"
                    ))
                }
            }
            Ok(_) => Err(format!(
                "{dir} is not a folder; expected hearth's {name} there"
            )),
            Err(_) => std::fs::create_dir_all(&self.dir)
                .and_then(|()| std::fs::write(&tag, text))
                .map_err(cannot),
        }
    }

    /// Writes the file `name` of the folder whole or not at all (a temporary file renamed into
    /// place), so a build stopped halfway never leaves half a file to be read as done. Only
    /// into a folder [`open`](Self::open) accepts, and only a plain file name.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<(), String> {
        self.open()?;
        let path = self.dir.join(name);
        let plain = !name.is_empty()
            && !name.starts_with('.')
            && name != TAG_NAME
            && !name.contains(['/', '\\', '\0']);
        if !plain {
            return Err(format!(
                "cannot write `{}` into the {}: expected a file name of its own",
                name.escape_debug(),
                self.name
            ));
        }
        let cannot = |error: std::io::Error| format!("cannot write {}: {error}", path.display());
        let mut file = tempfile::NamedTempFile::new_in(&self.dir).map_err(cannot)?;
        file.write_all(bytes).map_err(cannot)?;
        file.persist(&path).map_err(|error| cannot(error.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(dir: PathBuf) -> CacheDir {
        CacheDir::new(dir, "image cache", "resized copies of the site's images")
    }

    #[test]
    fn a_cache_folder_is_tagged_and_written_whole() {
        let site = tempfile::tempdir().unwrap();
        let cache = cache(site.path().join(".output.images"));
        cache.write("a.size", b"640 427\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(cache.path("a.size")).unwrap(),
            "640 427\n"
        );
        assert_eq!(
            std::fs::read_to_string(cache.path(TAG_NAME)).unwrap(),
            "Signature: 8a477f597d28d172789f06886806bc55\n# hearth's image cache: resized copies of the site's images; safe to delete.\n"
        );
        for name in ["../x", "a/b", "", ".hidden", TAG_NAME] {
            let refused = cache.write(name, b"x").unwrap_err();
            assert!(
                refused.contains("expected a file name of its own"),
                "{refused}"
            );
        }
        let names: Vec<_> = std::fs::read_dir(&cache.dir)
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 2, "the tag and one file: {names:?}");
    }

    #[test]
    fn a_folder_hearth_did_not_make_is_refused_and_left_alone() {
        let site = tempfile::tempdir().unwrap();
        let foreign = cache(site.path().join(".public.images"));
        std::fs::create_dir(&foreign.dir).unwrap();
        std::fs::write(foreign.path("notes.txt"), "mine").unwrap();
        let refused = foreign.open().unwrap_err();
        assert_eq!(
            refused,
            format!(
                "{} is not hearth's image cache (it has no CACHEDIR.TAG); expected no folder there, or one hearth made",
                &foreign.dir.display()
            )
        );
        assert_eq!(foreign.write("notes.txt", b"theirs").unwrap_err(), refused);
        assert_eq!(
            std::fs::read_to_string(foreign.path("notes.txt")).unwrap(),
            "mine"
        );

        let file = cache(site.path().join(".file.images"));
        std::fs::write(&file.dir, "a file").unwrap();
        assert!(file.open().unwrap_err().contains("is not a folder"));
    }
}
