//! The search index with every page of every word, not only its best, kept between the runs
//! of a session and in the build cache: when a few pages change, only their words are scored
//! again and only the words whose pages changed are written again. A run that adds, removes or
//! moves a page, or changes many, makes it anew. Its files are the same bytes whichever way
//! it was made.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};

use super::{Entry, assemble, keep_best, row_json, score_words, word_json};

/// The index as the last run left it, if any.
#[derive(Default)]
pub(crate) struct SearchMemo(Mutex<Option<KeptIndex>>);

/// What a `SearchMemo` keeps, as the build cache stores it.
#[derive(Serialize, Deserialize)]
pub(crate) struct KeptIndex {
    /// The pages in the index's order.
    pages: Vec<PageMemo>,
    /// Each word, with every page that uses it.
    words: BTreeMap<String, WordMemo>,
}

#[derive(Serialize, Deserialize)]
struct PageMemo {
    content_path: String,
    url: String,
    /// A hash of all the index shows of the page (`stamp`).
    stamp: u64,
    #[serde(with = "serde_bytes")]
    row: Vec<u8>,
}

#[derive(Default, Serialize, Deserialize)]
struct WordMemo {
    pages: Postings,
    /// Its entry in its shard (`word_json`).
    #[serde(with = "serde_bytes")]
    json: Vec<u8>,
}

/// (page number, score) of every page using a word, by page number, each as two LEB128
/// numbers: how far the page is from the one before, and its score. Held compactly, for the
/// index holds every page of every word at once.
#[derive(Default, Serialize, Deserialize)]
struct Postings {
    #[serde(with = "serde_bytes")]
    bytes: Vec<u8>,
    last: u32,
}

impl SearchMemo {
    /// A memo holding what a build cache stored.
    pub(crate) fn from_kept(kept: Option<KeptIndex>) -> Self {
        Self(Mutex::new(kept))
    }

    /// What the memo holds, to be stored.
    pub(crate) fn into_kept(self) -> Option<KeptIndex> {
        self.0
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Every file of the index of `entries`, made again only where the pages changed since
    /// the last call.
    pub(crate) fn index_files(&self, entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
        let stamps: Vec<u64> = entries.par_iter().map(stamp).collect();
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let index = match kept.take() {
            Some(mut index) if index.holds_pages_of(entries) => {
                index.update(entries, &stamps);
                index
            }
            _ => KeptIndex::new(entries, stamps),
        };
        let files = index.files();
        *kept = Some(index);
        files
    }
}

impl KeptIndex {
    fn new(entries: &[Entry], stamps: Vec<u64>) -> Self {
        let mut postings: FxHashMap<String, Postings> = FxHashMap::default();
        for (index, entry) in entries.iter().enumerate() {
            let page = index as u32;
            score_words(entry.page, |word, score| {
                // Most words are already in the index: look them up before making a key.
                match postings.get_mut(word) {
                    Some(pages) => pages.push(page, score),
                    None => {
                        let mut pages = Postings::default();
                        pages.push(page, score);
                        postings.insert(word.to_string(), pages);
                    }
                }
            });
        }
        let mut words: Vec<(String, Postings)> = postings.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let words = (words.into_par_iter())
            .map(|(word, pages)| {
                let json = best_json(&word, &pages.pairs());
                (word, WordMemo { pages, json })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let pages = (entries.par_iter().zip(stamps))
            .map(|(entry, stamp)| PageMemo {
                content_path: entry.page.content_path.clone(),
                url: entry.url.clone(),
                stamp,
                row: row_json(entry),
            })
            .collect();
        KeptIndex { pages, words }
    }

    /// Whether the index numbers the same pages, in the same order, at the same URLs.
    fn holds_pages_of(&self, entries: &[Entry]) -> bool {
        self.pages.len() == entries.len()
            && (self.pages.iter().zip(entries)).all(|(kept, entry)| {
                kept.content_path == entry.page.content_path && kept.url == entry.url
            })
    }

    /// Scores again the pages whose stamp changed; made anew when many did.
    fn update(&mut self, entries: &[Entry], stamps: &[u64]) {
        let changed: Vec<usize> = (0..entries.len())
            .filter(|&index| self.pages[index].stamp != stamps[index])
            .collect();
        if changed.len() > 64.max(entries.len() / 16) {
            *self = KeptIndex::new(entries, stamps.to_vec());
            return;
        }
        let mut rescored = BTreeSet::new();
        for &index in &changed {
            self.rescore(index as u32, &entries[index], &mut rescored);
            let page = &mut self.pages[index];
            page.stamp = stamps[index];
            page.row = row_json(&entries[index]);
        }
        for word in rescored {
            let Some(memo) = self.words.get_mut(&word) else {
                continue;
            };
            if memo.pages.bytes.is_empty() {
                self.words.remove(&word);
            } else {
                memo.json = best_json(&word, &memo.pages.pairs());
            }
        }
    }

    /// Replaces page `number`'s scores with those of `entry`, adding each word whose pages
    /// changed to `rescored`.
    fn rescore(&mut self, number: u32, entry: &Entry, rescored: &mut BTreeSet<String>) {
        let mut fresh: FxHashMap<String, u32> = FxHashMap::default();
        score_words(entry.page, |word, score| {
            fresh.insert(word.to_string(), score);
        });
        for (word, memo) in self.words.iter_mut() {
            let Some(kept) = memo.pages.score_of(number) else {
                continue;
            };
            let score = fresh.remove(word);
            if score != Some(kept) {
                let mut pairs = memo.pages.pairs();
                let at = pairs.partition_point(|&(page, _)| page < number);
                match score {
                    Some(score) => pairs[at].1 = score,
                    None => drop(pairs.remove(at)),
                }
                memo.pages = Postings::from_pairs(&pairs);
                rescored.insert(word.clone());
            }
        }
        for (word, score) in fresh {
            let memo = self.words.entry(word.clone()).or_default();
            let mut pairs = memo.pages.pairs();
            let at = pairs.partition_point(|&(page, _)| page < number);
            pairs.insert(at, (number, score));
            memo.pages = Postings::from_pairs(&pairs);
            rescored.insert(word);
        }
    }

    fn files(&self) -> Vec<(String, Vec<u8>)> {
        let words: Vec<(&str, &[u8])> = (self.words.iter())
            .map(|(word, memo)| (word.as_str(), memo.json.as_slice()))
            .collect();
        let rows: Vec<&[u8]> = self.pages.iter().map(|page| page.row.as_slice()).collect();
        assemble(&words, &rows)
    }
}

impl Postings {
    /// Adds a page numbered after every page already held.
    fn push(&mut self, page: u32, score: u32) {
        push_number(&mut self.bytes, page.wrapping_sub(self.last));
        push_number(&mut self.bytes, score);
        self.last = page;
    }

    fn from_pairs(pairs: &[(u32, u32)]) -> Self {
        let mut postings = Postings::default();
        for &(page, score) in pairs {
            postings.push(page, score);
        }
        postings
    }

    fn pairs(&self) -> Vec<(u32, u32)> {
        let mut pairs = Vec::new();
        let (mut at, mut page) = (0, 0);
        while at < self.bytes.len() {
            page = read_number(&self.bytes, &mut at).wrapping_add(page);
            pairs.push((page, read_number(&self.bytes, &mut at)));
        }
        pairs
    }

    /// The score of page `number`, if it uses the word.
    fn score_of(&self, number: u32) -> Option<u32> {
        if self.bytes.is_empty() || number > self.last {
            return None;
        }
        let (mut at, mut page) = (0, 0);
        while at < self.bytes.len() {
            page = read_number(&self.bytes, &mut at).wrapping_add(page);
            let score = read_number(&self.bytes, &mut at);
            if page >= number {
                return (page == number).then_some(score);
            }
        }
        None
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

/// A word's entry in its shard, from every page using it.
fn best_json(word: &str, pages: &[(u32, u32)]) -> Vec<u8> {
    let mut best = pages.to_vec();
    keep_best(&mut best);
    word_json(word, &best)
}

/// A hash of everything the index shows of a page: its words and its row.
fn stamp(entry: &Entry) -> u64 {
    let page = entry.page;
    let mut hasher = FxHasher::default();
    (&page.title, &page.description, &page.content.toc).hash(&mut hasher);
    (page.kind.name(), &entry.url, &page.content.summary_html).hash(&mut hasher);
    page.content.text_words.hash_words(&mut hasher);
    hasher.finish()
}
