//! Reading one part of the build cache: decoded as it is read, a buffer at a time, so that no
//! part is ever held whole in memory (the search index's part alone is megabytes), and checked
//! once read against the length and checksum the head gives it.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};

use postcard::de_flavors::Flavor;
use serde::Deserialize;
use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};
use xxhash_rust::xxh3::Xxh3;

/// How many bytes of a part are read at a time (more when one value's bytes need more).
const READ_BUFFER: usize = 1 << 16;

/// Decodes with `seed` the part held in `file`, which must be exactly `length` bytes with the
/// XXH3-128 `checksum`, and one value: `None` otherwise. A damaged part may decode into a wrong
/// value before its checksum is known; that value is dropped.
pub(super) fn decode_part<'a, S: DeserializeSeed<'a>>(
    mut file: &'a File,
    length: u64,
    checksum: &[u8; 16],
    seed: S,
) -> Option<S::Value> {
    file.seek(SeekFrom::Start(0)).ok()?;
    let reader = PartReader {
        file,
        buffer: vec![0; READ_BUFFER],
        start: 0,
        end: 0,
        unread: length,
        hasher: Xxh3::new(),
    };
    let mut decoder = postcard::Deserializer::from_flavor(reader);
    let value = seed.deserialize(&mut decoder).ok()?;
    let mut reader = decoder.finalize().ok()?;
    let whole = reader.start == reader.end && reader.unread == 0;
    // Bytes past the length the head gives mean the part is not the one it describes.
    let nothing_after = matches!(reader.file.read(&mut [0; 1]), Ok(0));
    let intact = reader.hasher.digest128().to_le_bytes() == *checksum;
    (whole && nothing_after && intact).then_some(value)
}

/// Where `postcard` takes a part's bytes from: a buffer refilled from the file, every byte
/// hashed as it is read.
struct PartReader<'a> {
    file: &'a File,
    buffer: Vec<u8>,
    /// The bytes read and not yet taken: `buffer[start..end]`.
    start: usize,
    end: usize,
    /// How many bytes of the part are still to be read from the file.
    unread: u64,
    hasher: Xxh3,
}

impl PartReader<'_> {
    /// Reads on until at least `wanted` bytes are at hand; an error when the part ends first.
    fn fill(&mut self, wanted: usize) -> postcard::Result<()> {
        let at_hand = (self.end - self.start) as u64;
        if wanted as u64 > at_hand.saturating_add(self.unread) {
            return Err(postcard::Error::DeserializeUnexpectedEnd);
        }
        self.buffer.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        if wanted > self.buffer.len() {
            self.buffer.resize(wanted.max(2 * self.buffer.len()), 0);
        }
        while self.end < wanted {
            let room = (self.buffer.len() - self.end)
                .min(usize::try_from(self.unread).unwrap_or(usize::MAX));
            if room == 0 {
                return Err(postcard::Error::DeserializeUnexpectedEnd);
            }
            let read = match self.file.read(&mut self.buffer[self.end..self.end + room]) {
                Ok(0) => return Err(postcard::Error::DeserializeUnexpectedEnd),
                Ok(read) => read,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(postcard::Error::DeserializeUnexpectedEnd),
            };
            self.hasher.update(&self.buffer[self.end..self.end + read]);
            self.end += read;
            self.unread -= read as u64;
        }
        Ok(())
    }
}

impl<'de> Flavor<'de> for PartReader<'de> {
    type Remainder = Self;
    type Source = &'de File;

    #[inline]
    fn pop(&mut self) -> postcard::Result<u8> {
        if self.start == self.end {
            self.fill(1)?;
        }
        let byte = self.buffer[self.start];
        self.start += 1;
        Ok(byte)
    }

    /// Values that borrow from their input are never stored: what is read is reused.
    fn try_take_n(&mut self, _: usize) -> postcard::Result<&'de [u8]> {
        Err(postcard::Error::DeserializeBadEncoding)
    }

    #[inline]
    fn try_take_n_temp<'a>(&'a mut self, count: usize) -> postcard::Result<&'a [u8]>
    where
        'de: 'a,
    {
        if self.end - self.start < count {
            self.fill(count)?;
        }
        let taken = &self.buffer[self.start..self.start + count];
        self.start += count;
        Ok(taken)
    }

    fn finalize(self) -> postcard::Result<Self> {
        Ok(self)
    }
}

/// Decodes a list of values onto the end of a list.
pub(super) struct AppendTo<'a, T>(pub(super) &'a mut Vec<T>);

impl<'de, T: Deserialize<'de>> DeserializeSeed<'de> for AppendTo<'_, T> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, from: D) -> Result<(), D::Error> {
        from.deserialize_seq(self)
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for AppendTo<'_, T> {
    type Value = ();

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<(), A::Error> {
        while let Some(item) = items.next_element()? {
            self.0.push(item);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::marker::PhantomData;

    use xxhash_rust::xxh3::xxh3_128;

    use super::*;

    /// `bytes` in a file, with the length and checksum a head would give them.
    fn part(bytes: &[u8]) -> (tempfile::NamedTempFile, u64, [u8; 16]) {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(bytes).unwrap();
        (file, bytes.len() as u64, xxh3_128(bytes).to_le_bytes())
    }

    fn decoded<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
        let (file, length, checksum) = part(bytes);
        decode_part(file.as_file(), length, &checksum, PhantomData::<T>)
    }

    #[test]
    fn values_larger_than_the_buffer_and_many_small_ones_read_back() {
        let big = "é".repeat(3 * READ_BUFFER);
        let small: Vec<String> = (0..50_000).map(|n| format!("page-{n}")).collect();
        let value = (big, small, vec![7u8; READ_BUFFER + 1]);
        let bytes = postcard::to_stdvec(&value).unwrap();
        assert!(bytes.len() > 8 * READ_BUFFER);
        assert_eq!(decoded(&bytes), Some(value));
    }

    #[test]
    fn a_part_with_more_or_fewer_bytes_than_its_record_reads_as_nothing() {
        let bytes = postcard::to_stdvec(&vec!["one".to_string(), "two".to_string()]).unwrap();
        let (file, length, checksum) = part(&bytes);
        let read = |length| {
            decode_part(
                file.as_file(),
                length,
                &checksum,
                PhantomData::<Vec<String>>,
            )
        };
        assert!(read(length).is_some());
        assert_eq!(read(length - 1), None);
        assert_eq!(read(length + 1), None);
        let mut longer = bytes.clone();
        longer.push(0);
        let (file, _, _) = part(&longer);
        assert_eq!(
            decode_part(
                file.as_file(),
                length,
                &checksum,
                PhantomData::<Vec<String>>
            ),
            None
        );
    }

    #[test]
    fn a_length_beyond_the_part_is_refused_before_anything_is_made_for_it() {
        // A string said to be 2^63 - 1 bytes long: refused, not allocated.
        let mut bytes = vec![0xff; 8];
        bytes.push(0x7f);
        bytes.extend_from_slice(b"short");
        assert_eq!(decoded::<String>(&bytes), None);
    }

    #[test]
    fn parts_append_onto_one_list() {
        let (first, second) = (vec![1u32, 2, 3], vec![4u32, 5]);
        let mut all: Vec<u32> = Vec::new();
        for run in [&first, &second] {
            let (file, length, checksum) = part(&postcard::to_stdvec(run).unwrap());
            decode_part(file.as_file(), length, &checksum, AppendTo(&mut all)).unwrap();
        }
        assert_eq!(all, [1, 2, 3, 4, 5]);
    }
}
