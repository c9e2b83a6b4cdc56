//! The build cache: what a build session keeps, stored beside the output folder
//! (`.output.cache/`, see `output::cache_dir`) so that the next `hearth build` renders again
//! only what changed. The folder holds one file per part of the state, in `postcard`'s compact
//! encoding, written and read back in parallel, and a head: a format line, the key, then each
//! part's length and XXH3 checksum (128 bits: it finds damage, and is no weaker against forgery
//! than any unkeyed hash a forger could compute as well, at a tenth of BLAKE3's cost). A
//! missing, damaged or other-key cache reads as no cache: the build is then a full one, never a
//! wrong one. Rewriting the output sets the cache aside, never to be read again (`Staging::open`,
//! `output::retire_cache`); a build writes a new one while its site is put in place, linking
//! from the one set aside each part it would store unchanged, and renames it into place once
//! the site is.

use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use serde::de::{DeserializeOwned, DeserializeSeed};

use crate::config::Settings;
use crate::output::{CACHE_HEAD, cache_part};
use reading::{AppendTo, decode_part};
pub(crate) use writing::{PartWriter, prepare};

mod reading;
mod writing;

/// Changes whenever what the cache holds is laid out differently.
pub(super) const MAGIC: &[u8; 16] = b"hearth-cache-10\n";
/// What the head says of each part: its length and checksum.
pub(super) const RECORD: usize = 8 + 16;

/// A part's record in the head: its length and checksum.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PartRecord(pub(super) [u8; RECORD]);

/// What must be equal for a cache to be used: this build of hearth (its version and the
/// executable itself: a rebuilt binary may encode differently) and every setting of the run
/// (the command line's overrides, `hearth.toml`, the output folder) but its "now".
pub(crate) fn key(settings: &Settings) -> u64 {
    let mut hash = DefaultHasher::new();
    env!("CARGO_PKG_VERSION").hash(&mut hash);
    if let Ok(meta) = std::env::current_exe().and_then(std::fs::metadata) {
        meta.len().hash(&mut hash);
        meta.modified().ok().hash(&mut hash);
    }
    // Every setting but the build's "now", whose passing a stored session checks itself. The
    // config goes through a JSON value, whose objects are sorted (maps in it may not be).
    let config = serde_json::to_value(&settings.config).unwrap_or_default();
    config.to_string().hash(&mut hash);
    // Spelled as the file system resolves them: `site` and `/home/me/site` are one site.
    (resolved(&settings.root), resolved(&settings.output_dir)).hash(&mut hash);
    (settings.include_drafts, settings.include_future).hash(&mut hash);
    (&settings.base_url, &settings.base_path).hash(&mut hash);
    hash.finish()
}

/// `path` as the file system resolves it (links followed, made absolute); the output folder,
/// which the first build makes, as its resolved folder and its name until then.
fn resolved(path: &Path) -> PathBuf {
    let in_folder = || {
        let folder = path
            .parent()
            .filter(|parent| !parent.as_os_str().is_empty());
        Some(
            folder
                .unwrap_or(Path::new("."))
                .canonicalize()
                .ok()?
                .join(path.file_name()?),
        )
    };
    (path.canonicalize().ok())
        .or_else(in_folder)
        .unwrap_or_else(|| path.to_path_buf())
}

/// A cache found beside the output: its head read and its parts' files open, so that it can
/// be decoded after the folder is set aside (opening the staging folder does that).
pub(crate) struct Opened {
    head: Vec<u8>,
    parts: Vec<File>,
}

/// The cache in `dir`, if there is one with every part the head names.
pub(crate) fn open(dir: &Path) -> Option<Opened> {
    let head = std::fs::read(dir.join(CACHE_HEAD)).ok()?;
    let count = records(&head)?.len() / RECORD;
    let parts = (0..count)
        .map(|index| File::open(cache_part(dir, index)).ok())
        .collect::<Option<_>>()?;
    Some(Opened { head, parts })
}

/// The head's records of the parts, after its format line and key.
fn records(head: &[u8]) -> Option<&[u8]> {
    let records = head.get(MAGIC.len() + 8..)?;
    (head.starts_with(MAGIC) && records.len() % RECORD == 0).then_some(records)
}

/// The state stored in `opened` under `key`, decoded from its parts by `decode_parts`; `None`
/// when it was stored under another key or is damaged.
pub(crate) fn decode<T>(
    opened: &Opened,
    key: u64,
    decode_parts: impl FnOnce(&Parts<'_>) -> Option<T>,
) -> Option<T> {
    let stored_key = opened.head.get(MAGIC.len()..MAGIC.len() + 8)?;
    if stored_key != key.to_le_bytes() {
        return None;
    }
    let records = records(&opened.head)?;
    decode_parts(&Parts {
        records: records.chunks_exact(RECORD).collect(),
        files: &opened.parts,
    })
}

/// The parts of a stored state, each read, checked and decoded on its own (and so, by the
/// caller, in parallel).
pub(crate) struct Parts<'a> {
    records: Vec<&'a [u8]>,
    files: &'a [File],
}

impl Parts<'_> {
    /// How many parts there are.
    pub(crate) fn len(&self) -> usize {
        self.records.len()
    }

    /// The head's record of the part at `index`: a part stored again unchanged keeps it
    /// (`PartWriter::keep`).
    pub(crate) fn record(&self, index: usize) -> Option<PartRecord> {
        Some(PartRecord((*self.records.get(index)?).try_into().ok()?))
    }

    /// Reads and decodes the part at `index`, which must be exactly one `T` and hold the
    /// bytes the head describes.
    pub(crate) fn get<T: DeserializeOwned>(&self, index: usize) -> Option<T> {
        self.decode(index, PhantomData::<T>)
    }

    /// Reads and decodes the part at `index`, a list of `T`, onto the end of `list`.
    pub(crate) fn append<T: DeserializeOwned>(
        &self,
        index: usize,
        list: &mut Vec<T>,
    ) -> Option<()> {
        self.decode(index, AppendTo(list))
    }

    /// `get`, decoding with `seed` (which may, say, add the values to ones decoded before).
    fn decode<'s, S: DeserializeSeed<'s>>(&'s self, index: usize, seed: S) -> Option<S::Value> {
        let (length, checksum) = self.records.get(index)?.split_first_chunk::<8>()?;
        let checksum: &[u8; 16] = checksum.try_into().ok()?;
        decode_part(
            self.files.get(index)?,
            u64::from_le_bytes(*length),
            checksum,
            seed,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(dir: &Path, key: u64, state: &(Vec<String>, u64)) -> PathBuf {
        let cache = dir.join(".output.cache");
        let unplaced = prepare(&cache, key, |parts| {
            parts.part(1, &state.1)?;
            parts.part(0, &state.0)
        })
        .unwrap();
        unplaced.place().unwrap();
        cache
    }

    fn decoded(cache: &Path, key: u64) -> Option<(Vec<String>, u64)> {
        let opened = open(cache)?;
        decode(&opened, key, |parts| {
            assert_eq!(parts.len(), 2);
            Some((parts.get(0)?, parts.get(1)?))
        })
    }

    fn files(cache: &Path) -> Vec<PathBuf> {
        let mut files: Vec<_> = (std::fs::read_dir(cache).unwrap())
            .map(|entry| entry.unwrap().path())
            .collect();
        files.sort();
        files
    }

    #[test]
    fn a_cache_reads_back_only_under_its_key_and_undamaged() {
        let temp = tempfile::tempdir().unwrap();
        let state = (vec!["a".to_string(), "b".to_string()], 7u64);
        let cache = written(temp.path(), 42, &state);
        assert_eq!(decoded(&cache, 42), Some(state));
        assert_eq!(decoded(&cache, 43), None);
        let files = files(&cache);
        assert_eq!(files.len(), 3, "{files:?}");
        for file in files {
            let intact = std::fs::read(&file).unwrap();
            for at in [0, 20, intact.len() - 1] {
                let mut damaged = intact.clone();
                damaged[at.min(intact.len() - 1)] ^= 1;
                std::fs::write(&file, &damaged).unwrap();
                assert_eq!(decoded(&cache, 42), None, "{} byte {at}", file.display());
            }
            std::fs::write(&file, &intact[..intact.len() - 1]).unwrap();
            assert_eq!(decoded(&cache, 42), None, "{} cut short", file.display());
            std::fs::remove_file(&file).unwrap();
            assert_eq!(decoded(&cache, 42), None, "{} missing", file.display());
            std::fs::write(&file, &intact).unwrap();
        }
    }

    #[test]
    fn a_part_read_as_another_type_reads_as_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let cache = written(temp.path(), 1, &(vec!["a".to_string()], 3));
        let opened = open(&cache).unwrap();
        decode(&opened, 1, |parts| {
            assert_eq!(parts.get::<u8>(0), None);
            assert_eq!(parts.get::<Vec<String>>(2), None);
            Some(())
        });
    }

    #[test]
    fn a_new_cache_replaces_the_old_one_and_an_unplaced_one_leaves_nothing() {
        let temp = tempfile::tempdir().unwrap();
        written(temp.path(), 1, &(vec!["old".to_string()], 1));
        let state = (vec!["new".to_string()], 2);
        let cache = written(temp.path(), 1, &state);
        assert_eq!(decoded(&cache, 1), Some(state));
        let unplaced = prepare(&cache, 1, |parts| parts.part(0, &3u8)).unwrap();
        drop(unplaced);
        let names: Vec<_> = (std::fs::read_dir(temp.path()).unwrap())
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, [".output.cache"]);
    }
}
