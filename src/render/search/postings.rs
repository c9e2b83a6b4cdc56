//! The pages of one word of the search index, each with its score, held compactly, and how a
//! run changes them without reading more of them than it must.

use serde::{Deserialize, Serialize};

/// (page number, score) of every page using a word, by page number, each as two LEB128
/// numbers: how far the page is from the one before, and its score. Held compactly, for the
/// index holds every page of every word at once.
#[derive(Default, Serialize, Deserialize)]
pub(super) struct Postings {
    #[serde(with = "serde_bytes")]
    pub(super) bytes: Vec<u8>,
    last: u32,
}

/// The pages of `kept` but those of `dropped`, with those of `adding` (none of them among the
/// pages kept), in page order: pages kept their numbers, so all three are in order already.
/// `kept` is only read between changes: its bytes are copied a run at a time, and a page is
/// written again only where a change comes before it (its gap from the page before changed).
pub(super) fn merged_in_order(
    kept: &Postings,
    adding: Option<&Postings>,
    dropped: &[u32],
) -> Postings {
    let bytes = &kept.bytes;
    let mut pages = Postings {
        bytes: Vec::with_capacity(bytes.len() + adding.map_or(0, |adding| adding.bytes.len())),
        last: 0,
    };
    let mut adding = adding.into_iter().flat_map(Postings::iter).peekable();
    let mut dropped = dropped.iter().copied().peekable();
    // `bytes[run..at]` are pages still to be copied; the first one's gap is from `pages.last`
    // unless a page before it was dropped (`gap_holds`).
    let (mut run, mut at, mut page, mut gap_holds) = (0, 0, 0u32, true);
    loop {
        let next_change = match (adding.peek(), dropped.peek()) {
            (None, None) if gap_holds => break,
            (adding, dropped) => {
                let adding = adding.map_or(u32::MAX, |&(page, _)| page);
                adding.min(dropped.copied().unwrap_or(u32::MAX))
            }
        };
        let before = page;
        let start = at;
        if at >= bytes.len() {
            break;
        }
        page = read_number(bytes, &mut at).wrapping_add(page);
        let mut score_at = at;
        skip_number(bytes, &mut at);
        if page < next_change && gap_holds {
            continue;
        }
        let score = read_number(bytes, &mut score_at);
        if run < start {
            pages.bytes.extend_from_slice(&bytes[run..start]);
            pages.last = before;
        }
        while let Some((new_page, new_score)) = adding.next_if(|&(new_page, _)| new_page < page) {
            pages.push(new_page, new_score);
        }
        while dropped.next_if(|&gone| gone < page).is_some() {}
        gap_holds = dropped.next_if_eq(&page).is_none();
        if gap_holds {
            pages.push(page, score);
        }
        run = at;
    }
    if run < bytes.len() {
        pages.bytes.extend_from_slice(&bytes[run..]);
        pages.last = kept.last;
    }
    for (new_page, new_score) in adding {
        pages.push(new_page, new_score);
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

impl Postings {
    /// Adds a page numbered after every page already held.
    pub(super) fn push(&mut self, page: u32, score: u32) {
        push_number(&mut self.bytes, page.wrapping_sub(self.last));
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

    /// Whether any page of `sorted` (in order) uses the word.
    pub(super) fn holds_any(&self, sorted: &[u32]) -> bool {
        let (Some(&first), Some(&last)) = (sorted.first(), sorted.last()) else {
            return false;
        };
        if self.last < first {
            return false;
        }
        let mut sorted = sorted.iter().copied().peekable();
        for (page, _) in self.iter() {
            if page > last {
                return false;
            }
            while sorted.next_if(|&wanted| wanted < page).is_some() {}
            if sorted.peek() == Some(&page) {
                return true;
            }
        }
        false
    }

    pub(super) fn pairs(&self) -> Vec<(u32, u32)> {
        self.iter().collect()
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
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
    // Most gaps and many scores take one byte.
    if let Some(&byte) = bytes.get(*at)
        && byte < 0x80
    {
        *at += 1;
        return u32::from(byte);
    }
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

/// Moves `at` past the number there.
fn skip_number(bytes: &[u8], at: &mut usize) {
    while let Some(&byte) = bytes.get(*at) {
        *at += 1;
        if byte < 0x80 {
            return;
        }
    }
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
        for _ in 0..2_000 {
            let span = 1 + next(400);
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
            assert_eq!(merged.bytes, Postings::from_pairs(&want).bytes);
            assert_eq!(merged.last, Postings::from_pairs(&want).last);
            let any_dropped = kept.iter().any(|(page, _)| dropped.contains(&page));
            let mut sorted = dropped.clone();
            sorted.sort_unstable();
            assert_eq!(kept.holds_any(&sorted), any_dropped);
        }
    }
}
