//! The pages of one word of the search index, each with its score, held compactly in blocks,
//! and how a run changes them: only the blocks a change falls in are read and written again.

use serde::{Deserialize, Serialize};

/// Pages in a block as `push` fills them. A change reads and writes the block it falls in, not
/// every page of the word before it.
const BLOCK: u32 = 128;

/// (page number, score) of every page using a word, by page number. Held compactly, for the
/// index holds every page of every word at once.
#[derive(Default, PartialEq, Serialize, Deserialize)]
pub(super) struct Postings {
    blocks: Vec<Block>,
}

/// Some pages of a word, each as two LEB128 numbers: how far the page is from the one before in
/// the block (the first, from 0), and its score.
#[derive(Clone, Default, PartialEq, Serialize, Deserialize)]
struct Block {
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    /// Its last page, and how many pages it holds.
    last: u32,
    len: u32,
}

impl Postings {
    /// Adds a page numbered after every page already held.
    pub(super) fn push(&mut self, page: u32, score: u32) {
        match self.blocks.last_mut() {
            Some(block) if block.len < BLOCK => block.push(page, score),
            _ => {
                let mut block = Block::default();
                block.push(page, score);
                self.blocks.push(block);
            }
        }
    }

    pub(super) fn from_pairs(pairs: &[(u32, u32)]) -> Self {
        let mut postings = Postings::default();
        for &(page, score) in pairs {
            postings.push(page, score);
        }
        postings
    }

    pub(super) fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    pub(super) fn shrink_to_fit(&mut self) {
        self.blocks.shrink_to_fit();
        for block in &mut self.blocks {
            block.bytes.shrink_to_fit();
        }
    }

    /// Whether any page of `sorted` (in order) uses the word.
    pub(super) fn holds_any(&self, sorted: &[u32]) -> bool {
        self.blocks.iter().any(|block| {
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
        self.blocks.iter().flat_map(Block::iter)
    }
}

impl Block {
    /// A block of `pairs`, in page order.
    fn of(pairs: &[(u32, u32)]) -> Self {
        let mut block = Block::default();
        for &(page, score) in pairs {
            block.push(page, score);
        }
        block
    }

    fn push(&mut self, page: u32, score: u32) {
        let gap = match self.len {
            0 => page,
            _ => page.wrapping_sub(self.last),
        };
        push_number(&mut self.bytes, gap);
        push_number(&mut self.bytes, score);
        self.last = page;
        self.len += 1;
    }

    /// Its first page.
    fn first(&self) -> u32 {
        read_number(&self.bytes, &mut 0)
    }

    fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (mut at, mut page) = (0, 0u32);
        std::iter::from_fn(move || {
            if at >= self.bytes.len() {
                return None;
            }
            page = read_number(&self.bytes, &mut at).wrapping_add(page);
            Some((page, read_number(&self.bytes, &mut at)))
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
        blocks: Vec::with_capacity(kept.blocks.len() + 1),
    };
    let mut adding = adding.into_iter().flat_map(Postings::iter).peekable();
    let mut dropped = dropped.iter().copied().peekable();
    let count = kept.blocks.len();
    for (index, block) in kept.blocks.iter().enumerate() {
        // A block holds the pages up to its last (the last block, every page after too).
        let owns = |page: u32| index + 1 == count || page <= block.last;
        while dropped.next_if(|&gone| gone < block.first()).is_some() {}
        let adds = adding.peek().is_some_and(|&(page, _)| owns(page));
        let drops = dropped.peek().is_some_and(|&gone| gone <= block.last);
        if !adds && !drops {
            pages.blocks.push(block.clone());
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
        let merged = merged(held.collect(), &added);
        let blocks = merged.chunks(BLOCK as usize).map(Block::of);
        pages.blocks.extend(blocks);
    }
    for (page, score) in adding {
        pages.push(page, score);
    }
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
            assert!(merged.blocks.iter().all(|block| block.len > 0));
            let any_dropped = kept.iter().any(|(page, _)| dropped.contains(&page));
            let mut sorted = dropped.clone();
            sorted.sort_unstable();
            assert_eq!(kept.holds_any(&sorted), any_dropped);
        }
    }
}
