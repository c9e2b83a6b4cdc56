//! The card cache: a folder beside the output (`.output.cards/`) that hearth makes and marks
//! with a `CACHEDIR.TAG`, holding each social card's PNG under the hash of what it shows, so a
//! build that shows the same card again reads it instead of painting it. A folder of that name
//! that hearth did not make is refused, never written into.

use std::path::Path;

use super::CacheDir;

#[derive(Debug)]
pub struct CardCache {
    folder: CacheDir,
}

impl CardCache {
    /// The cache beside `output_dir`: `site/output` → `site/.output.cards`.
    pub fn beside(output_dir: &Path) -> Self {
        let (parent, name) = super::parent_and_name(output_dir);
        let folder = CacheDir::new(
            parent.join(format!(".{name}.cards")),
            "card cache",
            "the social cards it painted",
        );
        Self {
            folder: folder.adopting(only_cards),
        }
    }

    pub fn dir(&self) -> &Path {
        self.folder.dir()
    }

    /// The cached card under `key`, if there is a whole one (a PNG signature and its closing
    /// chunk: a file cut short is painted again).
    pub fn read(&self, key: &str) -> Option<Vec<u8>> {
        self.folder.open().ok()?;
        let bytes = std::fs::read(self.folder.path(&format!("{key}.png"))).ok()?;
        let whole = bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.ends_with(b"IEND\xaeB`\x82");
        whole.then_some(bytes)
    }

    /// Keeps `bytes` under `key`, whole or not at all, making the folder on the first card.
    pub fn keep(&self, key: &str, bytes: &[u8]) -> Result<(), String> {
        self.folder.write(&format!("{key}.png"), bytes)
    }
}

/// Whether an untagged folder is an earlier hearth's card cache: every entry of `dir` is a
/// file named `<64 hex digits>.png`.
fn only_cards(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return false;
    };
    entries.into_iter().all(|entry| {
        entry.is_ok_and(|entry| {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            let is_file = entry.file_type().is_ok_and(|kind| kind.is_file());
            let hash = name.strip_suffix(".png").unwrap_or_default();
            is_file && hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::cache_dir::TAG_NAME;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n...IEND\xaeB`\x82";

    #[test]
    fn the_cache_is_marked_beside_the_output_and_keeps_whole_cards_only() {
        let site = tempfile::tempdir().unwrap();
        let cache = CardCache::beside(&site.path().join("output"));
        assert_eq!(cache.dir(), site.path().join(".output.cards"));
        assert_eq!(cache.read("abc"), None);
        cache.keep("abc", PNG).unwrap();
        assert_eq!(cache.read("abc").as_deref(), Some(PNG));
        assert!(cache.dir().join(TAG_NAME).is_file());
        std::fs::write(cache.dir().join("cut.png"), &PNG[..10]).unwrap();
        assert_eq!(cache.read("cut"), None);
    }

    #[test]
    fn a_folder_hearth_did_not_make_is_never_written_into() {
        let site = tempfile::tempdir().unwrap();
        let cache = CardCache::beside(&site.path().join("public"));
        std::fs::create_dir(cache.dir()).unwrap();
        std::fs::write(cache.dir().join("notes.txt"), "mine").unwrap();
        let refused = cache.keep("abc", PNG).unwrap_err();
        assert!(refused.contains("is not hearth's card cache"), "{refused}");
        let names: Vec<_> = std::fs::read_dir(cache.dir()).unwrap().collect();
        assert_eq!(names.len(), 1);
        assert_eq!(
            std::fs::read_to_string(cache.dir().join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn an_unmarked_cache_of_cards_only_is_marked_and_used() {
        let site = tempfile::tempdir().unwrap();
        let cache = CardCache::beside(&site.path().join("output"));
        std::fs::create_dir(cache.dir()).unwrap();
        let key = "0123456789abcdef".repeat(4);
        std::fs::write(cache.dir().join(format!("{key}.png")), PNG).unwrap();
        assert_eq!(cache.read(&key).as_deref(), Some(PNG));
        assert!(cache.dir().join(TAG_NAME).is_file());
    }
}
