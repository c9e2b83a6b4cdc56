//! What the files of the output and staging folders hold, remembered between builds: each
//! file's content hash, keyed by the file's identity (device, inode, size and modification
//! time). A build tells whether a file it made differs from the one on disk by looking the
//! file's identity up, without reading it; a file changed since (its identity with it) is read
//! and compared as usual. The table is kept beside the output folder (`.output.hashes`), its
//! records followed by their XXH3-128 checksum; a missing or damaged one only means files are
//! read.

use std::fs::Metadata;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashMap as HashMap;

/// An XXH3-128 hash of a file's bytes: it tells a file from the one it replaces (a collision
/// between two files a build makes is as unlikely as one between a damaged cache part and its
/// checksum), and it is several times cheaper than a cryptographic hash on every file of a site.
pub(super) type ContentHash = [u8; 16];

const MAGIC: &[u8; 16] = b"hearth-hashes-3\n";
const RECORD: usize = 8 * 4 + 4 + 1 + 16;
/// The XXH3-128 checksum of the magic line and the records, after them.
const CHECKSUM: usize = 16;

/// Which file, as it is now: rewriting a file changes its modification time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct FileId {
    device: u64,
    inode: u64,
    len: u64,
    modified_seconds: i64,
    modified_nanos: u32,
}

impl FileId {
    #[cfg(unix)]
    pub(super) fn of(meta: &Metadata) -> Option<Self> {
        use std::os::unix::fs::MetadataExt;
        Some(Self {
            device: meta.dev(),
            inode: meta.ino(),
            len: meta.size(),
            modified_seconds: meta.mtime(),
            modified_nanos: u32::try_from(meta.mtime_nsec()).ok()?,
        })
    }

    /// The identity `stat` tells, for a plain file.
    #[cfg(target_os = "linux")]
    #[allow(clippy::unnecessary_cast)] // The fields' types differ from one target to another.
    pub(super) fn of_stat(stat: &rustix::fs::Stat) -> Option<Self> {
        let kind = rustix::fs::FileType::from_raw_mode(stat.st_mode);
        (kind == rustix::fs::FileType::RegularFile).then_some(())?;
        Some(Self {
            device: stat.st_dev,
            inode: stat.st_ino,
            len: u64::try_from(stat.st_size).ok()?,
            modified_seconds: stat.st_mtime as i64,
            modified_nanos: u32::try_from(stat.st_mtime_nsec).ok()?,
        })
    }

    #[cfg(not(unix))]
    pub fn of(_: &Metadata) -> Option<Self> {
        None
    }

    /// The device and the inode number: which file, whatever it holds.
    pub(super) fn device_and_inode(&self) -> (u64, u64) {
        (self.device, self.inode)
    }
}

/// The hashes known from the last two builds, and those of the build under way.
pub(super) struct FileHashes {
    file: PathBuf,
    /// Files of the last build (now in the output folder) and of the one before.
    known: HashMap<FileId, (ContentHash, bool)>,
    /// Files made (written or found identical) by this build.
    made: Mutex<HashMap<FileId, ContentHash>>,
}

impl FileHashes {
    /// Reads the table kept at `file`; nothing is known if it is missing or unreadable.
    pub(super) fn load(file: &Path) -> Self {
        let known = std::fs::read(file)
            .ok()
            .and_then(|bytes| decode(&bytes))
            .unwrap_or_default();
        Self {
            file: file.to_path_buf(),
            known,
            made: Mutex::new(HashMap::default()),
        }
    }

    /// The hash of the file with this identity, if a recent build made it.
    pub(super) fn known(&self, id: &FileId) -> Option<&ContentHash> {
        self.known.get(id).map(|(hash, _)| hash)
    }

    /// Notes that this build left `hash` in the file with identity `id`.
    pub(super) fn made(&self, id: FileId, hash: ContentHash) {
        self.made_all([(id, hash)]);
    }

    /// `made` for each of `files`, taking the table once.
    pub(super) fn made_all(&self, files: impl IntoIterator<Item = (FileId, ContentHash)>) {
        let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
        made.extend(files);
    }

    /// Keeps this build's files and the last build's (which the swap just made the staging
    /// folder's), written to a new file and renamed over the old one.
    pub(super) fn save(self) -> io::Result<()> {
        let made = self.made.into_inner().unwrap_or_else(|p| p.into_inner());
        let last: Vec<_> = (self.known.into_iter())
            .filter(|(id, (_, last))| *last && !made.contains_key(id))
            .map(|(id, (hash, _))| (id, hash, false))
            .collect();
        let records = made.len() + last.len();
        let mut bytes = Vec::with_capacity(MAGIC.len() + records * RECORD + CHECKSUM);
        bytes.extend_from_slice(MAGIC);
        let this = made.into_iter().map(|(id, hash)| (id, hash, true));
        for (id, hash, is_last) in this.chain(last) {
            encode(&mut bytes, &id, &hash, is_last);
        }
        let checksum = xxhash_rust::xxh3::xxh3_128(&bytes);
        bytes.extend_from_slice(&checksum.to_le_bytes());
        let fresh = self.file.with_extension("hashes-new");
        std::fs::write(&fresh, bytes)?;
        std::fs::rename(fresh, &self.file)
    }
}

fn encode(bytes: &mut Vec<u8>, id: &FileId, hash: &ContentHash, last: bool) {
    bytes.extend_from_slice(&id.device.to_le_bytes());
    bytes.extend_from_slice(&id.inode.to_le_bytes());
    bytes.extend_from_slice(&id.len.to_le_bytes());
    bytes.extend_from_slice(&id.modified_seconds.to_le_bytes());
    bytes.extend_from_slice(&id.modified_nanos.to_le_bytes());
    bytes.push(u8::from(last));
    bytes.extend_from_slice(hash);
}

/// The records of a table, entries of the last build marked `true`; `None` when it is not a
/// table, or a damaged one.
fn decode(bytes: &[u8]) -> Option<HashMap<FileId, (ContentHash, bool)>> {
    let (checked, checksum) = bytes.split_last_chunk::<CHECKSUM>()?;
    if xxhash_rust::xxh3::xxh3_128(checked).to_le_bytes() != *checksum {
        return None;
    }
    let records = checked.strip_prefix(MAGIC.as_slice())?;
    if records.len() % RECORD != 0 {
        return None;
    }
    let mut known = HashMap::with_capacity_and_hasher(records.len() / RECORD, Default::default());
    for record in records.chunks_exact(RECORD) {
        let u64_at = |at: usize| u64::from_le_bytes(record[at..at + 8].try_into().unwrap());
        let id = FileId {
            device: u64_at(0),
            inode: u64_at(8),
            len: u64_at(16),
            modified_seconds: u64_at(24) as i64,
            modified_nanos: u32::from_le_bytes(record[32..36].try_into().unwrap()),
        };
        let last = match record[36] {
            0 => false,
            1 => true,
            _ => return None,
        };
        let hash: ContentHash = record[37..].try_into().unwrap();
        known.insert(id, (hash, last));
    }
    Some(known)
}

pub(super) fn hash_of(bytes: &[u8]) -> ContentHash {
    xxhash_rust::xxh3::xxh3_128(bytes).to_le_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(dir: &Path) -> (PathBuf, FileId, ContentHash) {
        let file = dir.join(".output.hashes");
        let written = dir.join("page.html");
        std::fs::write(&written, "<p>kept</p>").unwrap();
        let id = FileId::of(&std::fs::metadata(&written).unwrap()).unwrap();
        let hash = hash_of(b"<p>kept</p>");
        let hashes = FileHashes::load(&file);
        hashes.made(id, hash);
        hashes.save().unwrap();
        (file, id, hash)
    }

    #[test]
    fn a_saved_table_reads_back_and_any_damage_makes_it_unknown() {
        let temp = tempfile::tempdir().unwrap();
        let (file, id, hash) = table(temp.path());
        assert_eq!(FileHashes::load(&file).known(&id), Some(&hash));
        let intact = std::fs::read(&file).unwrap();
        assert_eq!(intact.len(), MAGIC.len() + RECORD + CHECKSUM);
        for at in 0..intact.len() {
            let mut damaged = intact.clone();
            damaged[at] ^= 0x10;
            std::fs::write(&file, &damaged).unwrap();
            assert_eq!(
                FileHashes::load(&file).known(&id),
                None,
                "byte {at} changed"
            );
        }
        for cut in [1, CHECKSUM, RECORD] {
            std::fs::write(&file, &intact[..intact.len() - cut]).unwrap();
            assert_eq!(FileHashes::load(&file).known(&id), None, "{cut} bytes cut");
        }
    }
}
