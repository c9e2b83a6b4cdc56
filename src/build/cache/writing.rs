//! Writing the build cache: each part encoded straight into a file of its own (or, stored
//! unchanged, linked from the cache set aside), a buffer at a time, its length and checksum
//! gathered for the head; the whole written beside the cache it replaces, then put in place.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::Serialize;
use xxhash_rust::xxh3::Xxh3;

use super::{MAGIC, PartRecord, RECORD};
use crate::output::{CACHE_HEAD, cache_part, remove_cache, retired_cache};

/// Writes beside `dir`, under `key`, the parts `write` puts, for `Unplaced::place` to put in
/// its place. Each part is encoded straight into its file, never held whole in memory, or
/// linked from the cache set aside when it is stored unchanged.
pub(crate) fn prepare(
    dir: &Path,
    key: u64,
    write: impl FnOnce(&PartWriter) -> io::Result<()>,
) -> io::Result<Unplaced> {
    let unplaced = Unplaced {
        fresh: dir.with_extension("cache-new"),
        dir: dir.to_path_buf(),
    };
    remove_cache(&unplaced.fresh)?;
    std::fs::create_dir(&unplaced.fresh)?;
    let parts = PartWriter {
        dir: unplaced.fresh.clone(),
        retired: retired_cache(dir),
        records: Mutex::new(Vec::new()),
    };
    write(&parts)?;
    let records = parts
        .records
        .into_inner()
        .map_err(|_| io::Error::other("a part failed"))?;
    let mut head = Vec::with_capacity(MAGIC.len() + 8 + records.len() * RECORD);
    head.extend_from_slice(MAGIC);
    head.extend_from_slice(&key.to_le_bytes());
    for record in records {
        let record = record.ok_or_else(|| io::Error::other("a part was not written"))?;
        head.extend_from_slice(&record.0);
    }
    std::fs::write(unplaced.fresh.join(CACHE_HEAD), head)?;
    Ok(unplaced)
}

/// A cache written but not yet in its place, so that it can be written while the site it
/// describes is not yet in place either. Dropped unplaced, it is removed.
pub(crate) struct Unplaced {
    fresh: PathBuf,
    dir: PathBuf,
}

impl Unplaced {
    /// Puts the cache in place of the one it replaces, and removes the one set aside.
    pub(crate) fn place(self) -> io::Result<()> {
        remove_cache(&self.dir)?;
        std::fs::rename(&self.fresh, &self.dir)?;
        remove_cache(&retired_cache(&self.dir))
    }
}

impl Drop for Unplaced {
    fn drop(&mut self) {
        // Gone already once placed.
        let _ = remove_cache(&self.fresh);
    }
}

/// Writes the parts of a cache, each into a file of its own, from any thread.
pub(crate) struct PartWriter {
    dir: PathBuf,
    /// The cache set aside, which parts stored unchanged are linked from.
    retired: PathBuf,
    /// Each part's record for the head, by index, once written.
    records: Mutex<Vec<Option<PartRecord>>>,
}

impl PartWriter {
    /// Writes `value` as the part at `index`.
    pub(crate) fn part<T: Serialize + ?Sized>(&self, index: usize, value: &T) -> io::Result<()> {
        let out = PartFile {
            file: File::create(cache_part(&self.dir, index))?,
            buffer: Vec::with_capacity(PART_BUFFER),
            hasher: Xxh3::new(),
            written: 0,
            failure: None,
        };
        let out = match postcard::serialize_with_flavor(value, out) {
            Ok(out) => out,
            Err(error) => return Err(io::Error::other(error)),
        };
        if let Some(error) = out.failure {
            return Err(error);
        }
        let mut record = [0; RECORD];
        record[..8].copy_from_slice(&out.written.to_le_bytes());
        record[8..].copy_from_slice(&out.hasher.digest128().to_le_bytes());
        self.record(index, PartRecord(record))
    }

    /// Stores as the part at `index` the file of the cache set aside whose head's record is
    /// `record`: the part this build read, which it would write again byte for byte. The file
    /// is linked, not copied (a part is never written once made); the next build checks it
    /// against `record` as it checks every part.
    pub(crate) fn keep(&self, index: usize, record: PartRecord) -> io::Result<()> {
        std::fs::hard_link(
            cache_part(&self.retired, index),
            cache_part(&self.dir, index),
        )?;
        self.record(index, record)
    }

    fn record(&self, index: usize, record: PartRecord) -> io::Result<()> {
        let mut records = self
            .records
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?;
        if records.len() <= index {
            records.resize(index + 1, None);
        }
        records[index] = Some(record);
        Ok(())
    }
}

/// How many bytes of a part are gathered before they are hashed and written.
const PART_BUFFER: usize = 1 << 18;

/// Where `postcard` puts a part's bytes: gathered in a buffer (it puts most of them one at a
/// time), hashed and written to the part's file whenever the buffer fills.
struct PartFile {
    file: File,
    buffer: Vec<u8>,
    hasher: Xxh3,
    written: u64,
    /// The write that failed, for `part` to tell (a flavor can only say it failed).
    failure: Option<io::Error>,
}

impl PartFile {
    fn write_buffer(&mut self) -> postcard::Result<()> {
        if let Err(error) = self.file.write_all(&self.buffer) {
            self.failure = Some(error);
            return Err(postcard::Error::SerializeBufferFull);
        }
        self.hasher.update(&self.buffer);
        self.written += self.buffer.len() as u64;
        self.buffer.clear();
        Ok(())
    }
}

impl postcard::ser_flavors::Flavor for PartFile {
    type Output = Self;

    #[inline]
    fn try_push(&mut self, byte: u8) -> postcard::Result<()> {
        self.buffer.push(byte);
        if self.buffer.len() >= PART_BUFFER {
            self.write_buffer()?;
        }
        Ok(())
    }

    #[inline]
    fn try_extend(&mut self, bytes: &[u8]) -> postcard::Result<()> {
        self.buffer.extend_from_slice(bytes);
        if self.buffer.len() >= PART_BUFFER {
            self.write_buffer()?;
        }
        Ok(())
    }

    fn finalize(mut self) -> postcard::Result<Self> {
        self.write_buffer()?;
        Ok(self)
    }
}
