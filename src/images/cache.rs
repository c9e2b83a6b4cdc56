//! The image cache: a folder beside the output (`.output.images/`) that hearth makes and marks,
//! holding each resized variant under its source's content hash, its width and its format, so a
//! second build reads no image it has processed before.

use std::io::Write;
use std::path::{Path, PathBuf};

/// The mark hearth leaves in the folders it makes for caches (the Cache Directory Tagging
/// convention, which backup tools read too).
const TAG_NAME: &str = "CACHEDIR.TAG";
const TAG: &str = "Signature: 8a477f597d28d172789f06886806bc55\n# hearth's image cache: resized copies of the site's images; safe to delete.\n";

/// The format and quality variants are written in; part of every cached file's name, so a
/// change of encoder settings never reads an old file.
const FORMAT: &str = "q80.webp";

#[derive(Debug, Clone)]
pub struct ImageCache {
    dir: PathBuf,
}

impl ImageCache {
    /// The cache beside `output_dir`: `site/output` → `site/.output.images`.
    pub fn beside(output_dir: &Path) -> Self {
        let name = output_dir
            .file_name()
            .map_or_else(|| "output".into(), |name| name.to_string_lossy());
        let parent = output_dir.parent().unwrap_or(Path::new("."));
        Self {
            dir: parent.join(format!(".{name}.images")),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Makes the folder (marked as hearth's) unless it is there; a folder of that name that
    /// hearth did not make is refused, never written into.
    pub fn open(&self) -> Result<(), String> {
        let tag = self.dir.join(TAG_NAME);
        match std::fs::symlink_metadata(&self.dir) {
            Ok(metadata) if metadata.is_dir() => {
                if tag.is_file() {
                    Ok(())
                } else {
                    Err(format!(
                        "{} is not hearth's image cache (it has no {TAG_NAME}); expected no folder there, or one hearth made",
                        self.dir.display()
                    ))
                }
            }
            Ok(_) => Err(format!(
                "{} is not a folder; expected hearth's image cache there",
                self.dir.display()
            )),
            Err(_) => std::fs::create_dir_all(&self.dir)
                .and_then(|()| std::fs::write(&tag, TAG))
                .map_err(|error| {
                    format!(
                        "cannot make the image cache {}: {error}",
                        self.dir.display()
                    )
                }),
        }
    }

    /// The cached variant of the image with content hash `hash`, `width` pixels wide.
    pub fn variant(&self, hash: &str, width: u32) -> PathBuf {
        self.dir.join(format!("{hash}-{width}.{FORMAT}"))
    }

    /// The image's size in pixels, as recorded when it was first decoded.
    pub fn size(&self, hash: &str) -> Option<(u32, u32)> {
        let text = std::fs::read_to_string(self.size_file(hash)).ok()?;
        let (width, height) = text.trim().split_once(' ')?;
        Some((width.parse().ok()?, height.parse().ok()?))
    }

    pub fn record_size(&self, hash: &str, (width, height): (u32, u32)) -> Result<(), String> {
        self.write(
            &self.size_file(hash),
            format!("{width} {height}\n").as_bytes(),
        )
    }

    fn size_file(&self, hash: &str) -> PathBuf {
        self.dir.join(format!("{hash}.size"))
    }

    /// Writes a cache file whole or not at all (a temporary file renamed into place), so a
    /// build stopped halfway never leaves half an image to be read as done.
    pub fn write(&self, path: &Path, bytes: &[u8]) -> Result<(), String> {
        let cannot = |error: std::io::Error| format!("cannot write {}: {error}", path.display());
        let mut file = tempfile::NamedTempFile::new_in(&self.dir).map_err(cannot)?;
        file.write_all(bytes).map_err(cannot)?;
        file.persist(path).map_err(|error| cannot(error.error))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_sits_beside_the_output_and_refuses_a_folder_it_did_not_make() {
        let site = tempfile::tempdir().unwrap();
        let cache = ImageCache::beside(&site.path().join("output"));
        assert_eq!(cache.dir(), site.path().join(".output.images"));
        cache.open().unwrap();
        cache.open().unwrap();
        cache.record_size("abc", (640, 427)).unwrap();
        assert_eq!(cache.size("abc"), Some((640, 427)));

        let foreign = ImageCache::beside(&site.path().join("public"));
        std::fs::create_dir(foreign.dir()).unwrap();
        std::fs::write(foreign.dir().join("notes.txt"), "mine").unwrap();
        let refused = foreign.open().unwrap_err();
        assert!(refused.contains("is not hearth's image cache"), "{refused}");
        assert_eq!(
            std::fs::read_to_string(foreign.dir().join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
