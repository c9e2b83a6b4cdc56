//! The build cache: what a build session keeps, stored beside the output folder
//! (`.output.cache`, see `output::cache_file`) so that the next `hearth build` renders again
//! only what changed. The file is a header — a format line, the key, a BLAKE3 checksum of the
//! rest — and the state in `postcard`'s compact encoding. A missing, damaged or other-key file
//! reads as no cache: the build is then a full one, never a wrong one. Rewriting the output
//! removes the file (`Staging::open`); a build writes a new one once its site is in place.

use std::fs::File;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{self, BufWriter, Seek, SeekFrom, Write};
use std::path::Path;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::config::Settings;

/// Changes whenever what the cache holds is laid out differently.
const MAGIC: &[u8; 16] = b"hearth-cache-05\n";
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

/// Reads the state stored at `file` under `key`; `None` when there is none, it was stored
/// under another key, or it is damaged.
pub(crate) fn load<T: DeserializeOwned>(file: &Path, key: u64) -> Option<T> {
    let bytes = std::fs::read(file).ok()?;
    decode(&bytes, key)
}

/// Stores `state` at `file` under `key`, through a new file renamed over the old one. The state
/// is encoded straight into the file, never held whole in memory.
pub(crate) fn save<T: Serialize>(file: &Path, key: u64, state: &T) -> io::Result<()> {
    let fresh = file.with_extension("cache-new");
    let written = File::create(&fresh).and_then(|out| encode(key, state, out));
    match written {
        Ok(_) => std::fs::rename(fresh, file),
        Err(error) => {
            let _ = std::fs::remove_file(&fresh);
            Err(error)
        }
    }
}

/// Writes the header with an empty checksum, the state through a hasher, then the checksum.
fn encode<T: Serialize, W: Write + Seek>(key: u64, state: &T, out: W) -> io::Result<W> {
    let mut out = BufWriter::with_capacity(1 << 20, out);
    out.write_all(MAGIC)?;
    out.write_all(&key.to_le_bytes())?;
    out.write_all(&[0; 32])?;
    let hashing = Hashing {
        out,
        hasher: blake3::Hasher::new(),
    };
    let Hashing { out, hasher } = postcard::to_io(state, hashing).map_err(io::Error::other)?;
    let mut out = out.into_inner().map_err(io::IntoInnerError::into_error)?;
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

fn decode<T: DeserializeOwned>(bytes: &[u8], key: u64) -> Option<T> {
    let rest = bytes.strip_prefix(MAGIC.as_slice())?;
    let (stored_key, rest) = rest.split_first_chunk::<8>()?;
    let (checksum, payload) = rest.split_first_chunk::<32>()?;
    if u64::from_le_bytes(*stored_key) != key || blake3::hash(payload).as_bytes() != checksum {
        return None;
    }
    match postcard::take_from_bytes(payload) {
        Ok((state, [])) => Some(state),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cache_reads_back_only_under_its_key_and_undamaged() {
        let state = (vec!["a".to_string(), "b".to_string()], 7u64);
        let bytes = encode(42, &state, io::Cursor::new(Vec::new()))
            .unwrap()
            .into_inner();
        assert_eq!(decode::<(Vec<String>, u64)>(&bytes, 42), Some(state));
        assert_eq!(decode::<(Vec<String>, u64)>(&bytes, 43), None);
        for at in [0, 20, HEADER, bytes.len() - 1] {
            let mut damaged = bytes.clone();
            damaged[at] ^= 1;
            assert_eq!(
                decode::<(Vec<String>, u64)>(&damaged, 42),
                None,
                "byte {at}"
            );
        }
        assert_eq!(
            decode::<(Vec<String>, u64)>(&bytes[..bytes.len() - 1], 42),
            None
        );
    }
}
