//! The build cache: what a build session keeps, stored beside the output folder
//! (`.output.cache`, see `output::cache_file`) so that the next `hearth build` renders again
//! only what changed. The file is a header — a format line, the key, a BLAKE3 checksum of the
//! rest — then the state's parts, each in `postcard`'s compact encoding, and their lengths, so
//! that the parts decode in parallel. A missing, damaged or other-key file
//! reads as no cache: the build is then a full one, never a wrong one. Rewriting the output
//! removes the file (`Staging::open`); a build writes a new one while its site is put in place,
//! and renames it into place once the site is.

use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::Settings;

/// Changes whenever what the cache holds is laid out differently.
const MAGIC: &[u8; 16] = b"hearth-cache-07\n";
const HEADER: usize = MAGIC.len() + 8 + 32;

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
    (&settings.root, &settings.output_dir).hash(&mut hash);
    (settings.include_drafts, settings.include_future).hash(&mut hash);
    (&settings.base_url, &settings.base_path).hash(&mut hash);
    hash.finish()
}

/// The bytes of the cache at `file`, if there is one, for `decode`.
pub(crate) fn read(file: &Path) -> Option<Vec<u8>> {
    std::fs::read(file).ok()
}

/// The state stored in `bytes` under `key`, decoded from its parts by `decode_parts`; `None`
/// when it was stored under another key or is damaged.
pub(crate) fn decode<T: Send>(
    bytes: &[u8],
    key: u64,
    decode_parts: impl FnOnce(&Parts<'_>) -> Option<T> + Send,
) -> Option<T> {
    let (checksum, payload) = checked_key(bytes, key)?;
    let parts = Parts::of(payload)?;
    // The checksum is checked while the parts decode: a damaged part decodes to nothing or
    // to a value then dropped.
    let (intact, state) = rayon::join(
        || blake3::hash(payload).as_bytes() == checksum,
        || decode_parts(&parts),
    );
    state.filter(|_| intact)
}

/// Writes beside `file`, under `key`, the parts `write` puts, for `Unplaced::place` to put
/// in its place. Each part is encoded straight into the file, never held whole in memory.
pub(crate) fn prepare(
    file: &Path,
    key: u64,
    write: impl FnOnce(&mut PartWriter) -> io::Result<()>,
) -> io::Result<Unplaced> {
    let unplaced = Unplaced {
        fresh: file.with_extension("cache-new"),
        file: file.to_path_buf(),
    };
    File::create(&unplaced.fresh).and_then(|out| encode(key, out, write))?;
    Ok(unplaced)
}

/// A cache written but not yet in its place, so that it can be written while the site it
/// describes is not yet in place either. Dropped unplaced, it is removed.
pub(crate) struct Unplaced {
    fresh: PathBuf,
    file: PathBuf,
}

impl Unplaced {
    /// Renames the cache over the one it replaces.
    pub(crate) fn place(self) -> io::Result<()> {
        std::fs::rename(&self.fresh, &self.file)
    }
}

impl Drop for Unplaced {
    fn drop(&mut self) {
        // Gone already once placed.
        let _ = std::fs::remove_file(&self.fresh);
    }
}

/// Writes the parts of a cache one after the other, then their lengths.
pub(crate) struct PartWriter {
    out: BufWriter<Hashing<File>>,
    lengths: Vec<u64>,
}

impl PartWriter {
    /// Appends `value` as the next part.
    pub(crate) fn part<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        let counting = Counting {
            out: &mut self.out,
            written: 0,
        };
        let counting = postcard::to_io(value, counting).map_err(io::Error::other)?;
        self.lengths.push(counting.written);
        Ok(())
    }
}

/// Writes the header with an empty checksum, the parts and their lengths through a hasher,
/// then the checksum. Small writes are gathered before they reach the hasher.
fn encode(
    key: u64,
    mut file: File,
    write: impl FnOnce(&mut PartWriter) -> io::Result<()>,
) -> io::Result<File> {
    file.write_all(MAGIC)?;
    file.write_all(&key.to_le_bytes())?;
    file.write_all(&[0; 32])?;
    let hashing = Hashing {
        out: file,
        hasher: blake3::Hasher::new(),
    };
    let mut parts = PartWriter {
        out: BufWriter::with_capacity(1 << 20, hashing),
        lengths: Vec::new(),
    };
    write(&mut parts)?;
    for length in &parts.lengths {
        parts.out.write_all(&length.to_le_bytes())?;
    }
    let count = u32::try_from(parts.lengths.len()).map_err(io::Error::other)?;
    parts.out.write_all(&count.to_le_bytes())?;
    let Hashing { mut out, hasher } =
        (parts.out.into_inner()).map_err(io::IntoInnerError::into_error)?;
    out.seek(SeekFrom::Start((HEADER - blake3::OUT_LEN) as u64))?;
    out.write_all(hasher.finalize().as_bytes())?;
    out.flush()?;
    Ok(out)
}

/// A writer that hashes what goes through it.
struct Hashing<W> {
    out: W,
    hasher: blake3::Hasher,
}

impl<W: Write> Write for Hashing<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes)?;
        self.hasher.update(&bytes[..written]);
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// A writer that counts what goes through it.
struct Counting<W> {
    out: W,
    written: u64,
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        let written = self.out.write(bytes)?;
        self.written += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The checksum and the payload of a cache file stored under `key`.
fn checked_key(bytes: &[u8], key: u64) -> Option<(&[u8; 32], &[u8])> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (stored_key, rest) = rest.split_first_chunk::<8>()?;
    let (checksum, payload) = rest.split_first_chunk::<32>()?;
    (u64::from_le_bytes(*stored_key) == key).then_some((checksum, payload))
}

/// The parts of a stored state's payload, each decoded on its own (and so, by the caller, in
/// parallel).
pub(crate) struct Parts<'a> {
    parts: Vec<&'a [u8]>,
}

impl<'a> Parts<'a> {
    fn of(payload: &'a [u8]) -> Option<Self> {
        let (rest, count) = payload.split_last_chunk::<4>()?;
        let count = usize::try_from(u32::from_le_bytes(*count)).ok()?;
        let (mut rest, lengths) =
            rest.split_at_checked(rest.len().checked_sub(count.checked_mul(8)?)?)?;
        let mut parts = Vec::with_capacity(count);
        for length in lengths.chunks_exact(8) {
            let length = u64::from_le_bytes(length.try_into().ok()?);
            let (part, after) = rest.split_at_checked(usize::try_from(length).ok()?)?;
            parts.push(part);
            rest = after;
        }
        rest.is_empty().then_some(Self { parts })
    }

    /// How many parts there are.
    pub(crate) fn len(&self) -> usize {
        self.parts.len()
    }

    /// Decodes the part at `index`, which must be exactly one `T`.
    pub(crate) fn get<T: DeserializeOwned>(&self, index: usize) -> Option<T> {
        match postcard::take_from_bytes(self.parts.get(index)?) {
            Ok((value, [])) => Some(value),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(key: u64, state: &(Vec<String>, u64)) -> Vec<u8> {
        let file = tempfile::tempfile().unwrap();
        let mut file = encode(key, file, |parts| {
            parts.part(&state.0)?;
            parts.part(&state.1)
        })
        .unwrap();
        let mut bytes = Vec::new();
        file.seek(SeekFrom::Start(0)).unwrap();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        bytes
    }

    fn decoded(bytes: &[u8], key: u64) -> Option<(Vec<String>, u64)> {
        let (checksum, payload) = checked_key(bytes, key)?;
        if blake3::hash(payload).as_bytes() != checksum {
            return None;
        }
        let parts = Parts::of(payload)?;
        assert_eq!(parts.len(), 2);
        Some((parts.get(0)?, parts.get(1)?))
    }

    #[test]
    fn a_cache_reads_back_only_under_its_key_and_undamaged() {
        let state = (vec!["a".to_string(), "b".to_string()], 7u64);
        let bytes = encoded(42, &state);
        assert_eq!(decoded(&bytes, 42), Some(state));
        assert_eq!(decoded(&bytes, 43), None);
        for at in [0, 20, HEADER, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            assert_eq!(decoded(&damaged, 42), None, "byte {at}");
        }
        assert_eq!(decoded(&bytes[..bytes.len() - 1], 42), None);
    }

    #[test]
    fn a_part_read_as_another_type_reads_as_nothing() {
        let bytes = encoded(1, &(vec!["a".to_string()], 3));
        let parts = Parts::of(checked_key(&bytes, 1).unwrap().1).unwrap();
        assert_eq!(parts.get::<u8>(0), None);
        assert_eq!(parts.get::<Vec<String>>(2), None);
    }
}
