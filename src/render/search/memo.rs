//! The search index kept between the runs of a session (`hearth serve`): every page of every
//! word, not only its best, so that when a few pages change only their words are scored again
//! and only the words whose pages changed are written again. A run that adds, removes or
//! moves a page, or changes many, makes it anew. Its files are byte for byte those that
//! `index_files` makes from the same pages.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};

use super::{Entry, assemble, keep_best, row_json, score_into, score_words, word_json};

/// The index as the last run left it, if any.
#[derive(Default)]
pub(crate) struct SearchMemo(Mutex<Option<Memo>>);

struct Memo {
    /// The pages in the index's order.
    pages: Vec<PageMemo>,
    /// Each word, with every page that uses it.
    words: BTreeMap<String, WordMemo>,
}

struct PageMemo {
    content_path: String,
    url: String,
    /// A hash of all the index shows of the page (`stamp`).
    stamp: u64,
    row: Vec<u8>,
}

struct WordMemo {
    /// (page number, score) of every page using the word, by page number.
    pages: Vec<(u32, u32)>,
    /// Its entry in its shard (`word_json`).
    json: Vec<u8>,
}

impl SearchMemo {
    /// Every file of the index of `entries`, as `index_files` makes them, made again only
    /// where the pages changed since the last call.
    pub(crate) fn index_files(&self, entries: &[Entry]) -> Vec<(String, Vec<u8>)> {
        let stamps: Vec<u64> = entries.par_iter().map(stamp).collect();
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let memo = match kept.take() {
            Some(mut memo) if memo.holds_pages_of(entries) => {
                memo.update(entries, &stamps);
                memo
            }
            _ => Memo::new(entries, stamps),
        };
        let files = memo.files();
        *kept = Some(memo);
        files
    }
}

impl Memo {
    fn new(entries: &[Entry], stamps: Vec<u64>) -> Self {
        let mut postings: FxHashMap<String, Vec<(u32, u32)>> = FxHashMap::default();
        for (index, entry) in entries.iter().enumerate() {
            score_into(&mut postings, index as u32, entry.page);
        }
        let mut words: Vec<(String, Vec<(u32, u32)>)> = postings.into_iter().collect();
        words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let words = (words.into_par_iter())
            .map(|(word, pages)| {
                let json = best_json(&word, &pages);
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
        Memo { pages, words }
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
            *self = Memo::new(entries, stamps.to_vec());
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
            match self.words.get_mut(&word) {
                Some(memo) if memo.pages.is_empty() => {
                    self.words.remove(&word);
                }
                Some(memo) => memo.json = best_json(&word, &memo.pages),
                None => {}
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
            let Ok(at) = memo.pages.binary_search_by_key(&number, |&(page, _)| page) else {
                continue;
            };
            match fresh.remove(word) {
                Some(score) if score == memo.pages[at].1 => {}
                Some(score) => {
                    memo.pages[at].1 = score;
                    rescored.insert(word.clone());
                }
                None => {
                    memo.pages.remove(at);
                    rescored.insert(word.clone());
                }
            }
        }
        for (word, score) in fresh {
            let memo = (self.words.entry(word.clone())).or_insert_with(|| WordMemo {
                pages: Vec::new(),
                json: Vec::new(),
            });
            let at = memo.pages.partition_point(|&(page, _)| page < number);
            memo.pages.insert(at, (number, score));
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
