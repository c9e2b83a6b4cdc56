//! The image cache's contents: each resized variant under its source's content hash, its width
//! and its format, and each image's size, kept in the cache folder beside the output
//! (`.output.images/`, written through `output::CacheDir`), so a second build reads no image it
//! has processed before.

use std::path::{Path, PathBuf};

use crate::output::{CacheDir, image_cache};

/// The format and quality variants are written in; part of every cached file's name, so a
/// change of encoder settings never reads an old file.
const FORMAT: &str = "q80.webp";

#[derive(Debug, Clone)]
pub(crate) struct ImageCache {
    folder: CacheDir,
}

impl ImageCache {
    /// The cache beside `output_dir`: `site/output` → `site/.output.images`.
    pub(crate) fn beside(output_dir: &Path) -> Self {
        Self {
            folder: image_cache(output_dir),
        }
    }

    /// Makes the folder unless it is there, refusing one hearth did not make.
    pub(crate) fn open(&self) -> Result<(), String> {
        self.folder.open()
    }

    /// The cached variant of the image with content hash `hash`, `width` pixels wide.
    pub(crate) fn variant(&self, hash: &str, width: u32) -> PathBuf {
        self.folder.path(&variant_name(hash, width))
    }

    /// Keeps the variant of the image with content hash `hash`, `width` pixels wide.
    pub(crate) fn write_variant(&self, hash: &str, width: u32, bytes: &[u8]) -> Result<(), String> {
        self.folder.write(&variant_name(hash, width), bytes)
    }

    /// The image's size in pixels, as recorded when it was first decoded.
    pub(crate) fn size(&self, hash: &str) -> Option<(u32, u32)> {
        let text = std::fs::read_to_string(self.folder.path(&size_name(hash))).ok()?;
        let (width, height) = text.trim().split_once(' ')?;
        Some((width.parse().ok()?, height.parse().ok()?))
    }

    pub(crate) fn record_size(
        &self,
        hash: &str,
        (width, height): (u32, u32),
    ) -> Result<(), String> {
        let text = format!("{width} {height}\n");
        self.folder.write(&size_name(hash), text.as_bytes())
    }
}

fn variant_name(hash: &str, width: u32) -> String {
    format!("{hash}-{width}.{FORMAT}")
}

fn size_name(hash: &str) -> String {
    format!("{hash}.size")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cache_sits_beside_the_output_and_refuses_a_folder_it_did_not_make() {
        let site = tempfile::tempdir().unwrap();
        let cache = ImageCache::beside(&site.path().join("output"));
        let dir = site.path().join(".output.images");
        assert_eq!(cache.variant("abc", 480), dir.join("abc-480.q80.webp"));
        cache.open().unwrap();
        cache.open().unwrap();
        cache.record_size("abc", (640, 427)).unwrap();
        assert_eq!(cache.size("abc"), Some((640, 427)));
        cache.write_variant("abc", 480, b"RIFF").unwrap();
        assert_eq!(std::fs::read(cache.variant("abc", 480)).unwrap(), b"RIFF");

        let foreign = ImageCache::beside(&site.path().join("public"));
        let theirs = site.path().join(".public.images");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("notes.txt"), "mine").unwrap();
        let refused = foreign.open().unwrap_err();
        assert!(refused.contains("is not hearth's image cache"), "{refused}");
        assert_eq!(
            std::fs::read_to_string(theirs.join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
