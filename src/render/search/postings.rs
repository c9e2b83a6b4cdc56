//! The pages of one word of the search index, each with its score, held compactly in blocks,
//! and how a run changes them: only the blocks a change falls in are read and written again.

use serde::{Deserialize, Serialize};

/// A block is closed once it holds this many bytes (a hundred pages or so). A change reads and
/// writes the block it falls in, not every page of the word before it.
const BLOCK_BYTES: usize = 256;

/// (page number, score) of every page using a word, by page number, each as two LEB128
/// numbers: how far the page is from the one before in its block (the first of a block, from
/// 0), and its score. Held compactly, for the index holds every page of every word at once:
/// the blocks are one after another in one buffer, and most words have only one.
#[derive(Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Postings {
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    /// Where each block but the last ends, and its last page.
    ends: Vec<(u32, u32)>,
    /// The last page.
    last: u32,
}

/// One block of a word's pages: its bytes and its last page.
#[derive(Clone, Copy)]
struct Block<'a> {
    bytes: &'a [u8],
    last: u32,
}

impl Postings {
    /// Adds a page numbered after every page already held.
    pub(super) fn push(&mut self, page: u32, score: u32) {
        if self.bytes.len() - self.block_start() >= BLOCK_BYTES {
            self.close_block();
        }
        let gap = match self.bytes.len() == self.block_start() {
            true => page,
            false => page.wrapping_sub(self.last),
        };
        push_number(&mut self.bytes, gap);
        push_number(&mut self.bytes, score);
        self.last = page;
    }

    pub(super) fn from_pairs(pairs: &[(u32, u32)]) -> Self {
        let mut postings = Postings::default();
        for &(page, score) in pairs {
            postings.push(page, score);
        }
        postings
    }

    pub(super) fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.bytes.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// Whether any page of `sorted` (in order) uses the word.
    pub(super) fn holds_any(&self, sorted: &[u32]) -> bool {
        self.blocks().any(|block| {
            let from = sorted.partition_point(|&page| page < block.first());
            let sorted = &sorted[from..];
            sorted.first().is_some_and(|&page| page <= block.last)
                && (block.iter()).any(|(page, _)| sorted.binary_search(&page).is_ok())
        })
    }

    pub(super) fn pairs(&self) -> Vec<(u32, u32)> {
        self.iter().collect()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.blocks().flat_map(Block::iter)
    }

    fn blocks(&self) -> impl Iterator<Item = Block<'_>> + '_ {
        let closed = self.ends.iter().copied().map(Some);
        let ends = closed.chain((self.bytes.len() > self.block_start()).then_some(None));
        let mut start = 0;
        ends.map(move |end| {
            let (end, last) = end.map_or((self.bytes.len(), self.last), |(end, last)| {
                (end as usize, last)
            });
            let bytes = &self.bytes[start..end];
            start = end;
            Block { bytes, last }
        })
    }

    /// Where the last block starts.
    fn block_start(&self) -> usize {
        self.ends.last().map_or(0, |&(end, _)| end as usize)
    }

    /// Ends the last block: the next page starts one.
    fn close_block(&mut self) {
        if self.bytes.len() > self.block_start() {
            self.ends.push((self.bytes.len() as u32, self.last));
        }
    }

    /// Opens the last block again if none was started after it: a word's last block is open.
    fn reopen_last_block(&mut self) {
        if self.bytes.len() == self.block_start() {
            self.ends.pop();
        }
    }

    /// Adds a block as it is, after every page already held.
    fn push_block(&mut self, block: Block) {
        self.close_block();
        self.bytes.extend_from_slice(block.bytes);
        self.last = block.last;
    }
}

impl Block<'_> {
    /// Its first page.
    fn first(&self) -> u32 {
        read_number(self.bytes, &mut 0)
    }

    fn iter(self) -> impl Iterator<Item = (u32, u32)> {
        let (mut at, mut page) = (0, 0u32);
        std::iter::from_fn(move || {
            if at >= self.bytes.len() {
                return None;
            }
            page = read_number(self.bytes, &mut at).wrapping_add(page);
            Some((page, read_number(self.bytes, &mut at)))
        })
    }
}

/// The pages of `kept` but those of `dropped`, with those of `adding` (none of them among the
/// pages kept), in page order: pages kept their numbers, so all three are in order already.
/// A block of `kept` no change falls in is copied as it is; the others are made again.
pub(super) fn merged_in_order(
    kept: &Postings,
    adding: Option<&Postings>,
    dropped: &[u32],
) -> Postings {
    let mut pages = Postings {
        bytes: Vec::with_capacity(kept.bytes.len() + adding.map_or(0, |adding| adding.bytes.len())),
        ends: Vec::with_capacity(kept.ends.len() + 1),
        last: 0,
    };
    let mut adding = adding.into_iter().flat_map(Postings::iter).peekable();
    let mut dropped = dropped.iter().copied().peekable();
    let count = kept.blocks().count();
    for (index, block) in kept.blocks().enumerate() {
        // A block holds the pages up to its last (the last block, every page after too).
        let owns = |page: u32| index + 1 == count || page <= block.last;
        while dropped.next_if(|&gone| gone < block.first()).is_some() {}
        let adds = adding.peek().is_some_and(|&(page, _)| owns(page));
        let drops = dropped.peek().is_some_and(|&gone| gone <= block.last);
        if !adds && !drops {
            pages.push_block(block);
            continue;
        }
        let mut gone = Vec::new();
        while let Some(page) = dropped.next_if(|&gone| gone <= block.last) {
            gone.push(page);
        }
        let mut added = Vec::new();
        while let Some(pair) = adding.next_if(|&(page, _)| owns(page)) {
            added.push(pair);
        }
        let held = (block.iter()).filter(|(page, _)| gone.binary_search(page).is_err());
        pages.close_block();
        for (page, score) in merged(held.collect(), &added) {
            pages.push(page, score);
        }
    }
    for (page, score) in adding {
        pages.push(page, score);
    }
    pages.reopen_last_block();
    pages
}

/// Two lists of (page, score) by page, with no page in both, as one.
pub(super) fn merged(kept: Vec<(u32, u32)>, adding: &[(u32, u32)]) -> Vec<(u32, u32)> {
    if adding.is_empty() {
        return kept;
    }
    let mut pages = Vec::with_capacity(kept.len() + adding.len());
    let (mut a, mut b) = (kept.into_iter().peekable(), adding.iter().peekable());
    loop {
        match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x.0 < y.0 => pages.extend(a.next()),
            (_, Some(_)) => pages.extend(b.next().copied()),
            (Some(_), None) => pages.extend(a.next()),
            (None, None) => return pages,
        }
    }
}

fn push_number(bytes: &mut Vec<u8>, mut number: u32) {
    while number >= 0x80 {
        bytes.push((number as u8) | 0x80);
        number >>= 7;
    }
    bytes.push(number as u8);
}

/// The number at `at`, moving `at` past it. The bytes are always `push_number`'s (a stored
/// index is checked for corruption as a whole before it is read).
fn read_number(bytes: &[u8], at: &mut usize) -> u32 {
    let mut number = 0u32;
    let mut shift = 0;
    while let Some(&byte) = bytes.get(*at) {
        *at += 1;
        number |= u32::from(byte & 0x7f).checked_shl(shift).unwrap_or(0);
        if byte < 0x80 {
            break;
        }
        shift += 7;
    }
    number
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `merged_in_order` must give, made the long way: every pair read, filtered and merged.
    fn expected(kept: &Postings, adding: &[(u32, u32)], dropped: &[u32]) -> Vec<(u32, u32)> {
        let kept: Vec<(u32, u32)> = (kept.iter())
            .filter(|(page, _)| !dropped.contains(page))
            .collect();
        merged(kept, adding)
    }

    #[test]
    fn merging_in_order_gives_what_reading_every_page_gives() {
        // A small linear congruential generator: the same cases every run.
        let mut state = 0x2545_f491_u64;
        let mut next = |below: u32| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            ((state >> 33) % u64::from(below)) as u32
        };
        for _ in 0..1_000 {
            let span = 1 + next(1_200);
            let (mut kept, mut adding, mut dropped) = (Vec::new(), Vec::new(), Vec::new());
            for page in 0..span {
                // Big gaps and scores too, so that numbers take several bytes.
                let score = 1 + next(3) * next(70_000);
                match next(10) {
                    0..=4 => kept.push((page * 131, score)),
                    5 => adding.push((page * 131, score)),
                    _ => {}
                }
            }
            for &(page, _) in &kept {
                if next(6) == 0 {
                    dropped.push(page);
                }
            }
            if next(4) == 0 {
                dropped.push(span * 131 + 7);
            }
            let kept = Postings::from_pairs(&kept);
            let adding_postings = Postings::from_pairs(&adding);
            let merged = merged_in_order(&kept, Some(&adding_postings), &dropped);
            let want = expected(&kept, &adding, &dropped);
            assert_eq!(merged.pairs(), want);
            assert!(merged.blocks().all(|block| !block.bytes.is_empty()));
            assert!(
                merged
                    .ends
                    .last()
                    .is_none_or(|&(end, _)| (end as usize) < merged.bytes.len())
            );
            let any_dropped = kept.iter().any(|(page, _)| dropped.contains(&page));
            let mut sorted = dropped.clone();
            sorted.sort_unstable();
            assert_eq!(kept.holds_any(&sorted), any_dropped);
        }
    }
}
