//! The search index with every page of every word, not only its best, kept between the runs
//! of a session and in the build cache: a run scores again only the pages whose words changed
//! and writes again only the words whose pages changed; pages added, removed or moved are
//! numbered again without scoring the others. Its files are the same bytes whichever way it
//! was made. Pages read back from a build cache carry only a hash of their words, so a page
//! is scored only if it was parsed in this run.

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHasher};
use serde::{Deserialize, Serialize};

use super::postings::{Postings, merged, merged_in_order};
use super::{Entry, PageWords, WordMap, assemble, keep_best, page_words, row_json, word_json};

/// How many pages' words are counted together when pages are scored.
const SCORED_AT_ONCE: usize = 2048;

/// The index as the last run left it, if any.
#[derive(Default)]
pub(crate) struct SearchMemo(Mutex<Option<KeptIndex>>);

/// What a `SearchMemo` keeps, as the build cache stores it.
#[derive(Default, Serialize, Deserialize)]
pub(crate) struct KeptIndex {
    /// The pages in the index's order.
    pages: Vec<PageMemo>,
    /// Each word, with every page that uses it.
    words: BTreeMap<String, WordMemo>,
}

#[derive(Serialize, Deserialize)]
struct PageMemo {
    content_path: String,
    /// A hash of the page's words and where they are (`words_stamp`).
    words: u64,
    /// A hash of what its row shows (`row_stamp`), and the row.
    row_stamp: u64,
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

/// A page whose words the index needs was read back from a build cache without them.
#[derive(Debug)]
pub(crate) struct WordsMissing(pub String);

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
    pub(crate) fn index_files(
        &self,
        entries: &[Entry],
    ) -> Result<Vec<(String, Vec<u8>)>, WordsMissing> {
        let mut kept = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // A failed update leaves nothing behind: the next run makes the index anew.
        let mut index = kept.take().unwrap_or_default();
        index.update(entries)?;
        let files = index.files();
        *kept = Some(index);
        Ok(files)
    }
}

impl KeptIndex {
    /// Makes the index that of `entries`: pages numbered again, the pages whose words changed
    /// (or that are new) scored, and the entry of every word whose pages changed made again.
    fn update(&mut self, entries: &[Entry]) -> Result<(), WordsMissing> {
        let stamps: Vec<(u64, u64)> = (entries.par_iter())
            .map(|entry| (words_stamp(entry), row_stamp(entry)))
            .collect();
        // Most often the pages are those of the last index, in its order.
        let in_place = self.pages.len() == entries.len()
            && (self.pages.iter().zip(entries))
                .all(|(kept, entry)| kept.content_path == entry.page.content_path);
        let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
        if !in_place {
            for (number, page) in self.pages.iter().enumerate() {
                numbers.insert(&page.content_path, number as u32);
            }
        }
        // Each kept page's new number, unless it is gone or its words changed.
        let mut renumbered: Vec<Option<u32>> = vec![None; self.pages.len()];
        let mut scored: Vec<u32> = Vec::new();
        for (number, entry) in entries.iter().enumerate() {
            let kept = match in_place {
                true => Some(number as u32),
                false => numbers.get(entry.page.content_path.as_str()).copied(),
            };
            match kept {
                Some(kept) if self.pages[kept as usize].words == stamps[number].0 => {
                    renumbered[kept as usize] = Some(number as u32);
                }
                _ => scored.push(number as u32),
            }
        }
        let moved = self.pages.len() != entries.len()
            || (renumbered.iter().enumerate())
                .any(|(kept, number)| number.is_some_and(|number| number != kept as u32));
        // Pages are scored in order, so each word's new pages are held compactly as they come:
        // a site's first index scores every page of it.
        let mut fresh: WordMap<Postings> = WordMap::default();
        if let Some(&number) =
            (scored.iter()).find(|&&n| !entries[n as usize].page.content.search_text.known())
        {
            return Err(WordsMissing(
                entries[number as usize].page.content_path.clone(),
            ));
        }
        // Words are counted a batch of pages at a time, so that they are never all held.
        for batch in scored.chunks(SCORED_AT_ONCE) {
            let counted: Vec<PageWords> = (batch.par_iter())
                .map(|&number| page_words(entries[number as usize].page))
                .collect();
            for (&number, words) in batch.iter().zip(&counted) {
                for (key, word, score) in words.keyed() {
                    (fresh.get_or_insert(key, word.as_bytes(), Postings::default))
                        .push(number, score);
                }
            }
        }
        let now = |page: u32| renumbered.get(page as usize).copied().flatten();
        // Where numbers stand, the kept pages that leave a word are those scored again.
        let dropped: Vec<u32> = match moved {
            true => Vec::new(),
            false => (0..renumbered.len() as u32)
                .filter(|&page| now(page).is_none())
                .collect(),
        };
        let emptied: Vec<String> = (self.words.par_iter_mut())
            .filter_map(|(word, memo)| {
                let adding = fresh.get(word);
                let pages = if moved {
                    let mut kept: Vec<(u32, u32)> = (memo.pages.iter())
                        .filter_map(|(page, score)| Some((now(page)?, score)))
                        .collect();
                    kept.sort_unstable();
                    let adding = adding.map(Postings::pairs).unwrap_or_default();
                    Postings::from_pairs(&merged(kept, &adding))
                } else {
                    // Page numbers stand: a word none of whose pages went or was scored again,
                    // and that no page scored again uses, is as it was.
                    if adding.is_none() && !memo.pages.holds_any(&dropped) {
                        return None;
                    }
                    merged_in_order(&memo.pages, adding, &dropped)
                };
                if pages.is_empty() {
                    return Some(word.clone());
                }
                // A page scored again often gives a word the score it had.
                if !moved && pages == memo.pages {
                    return None;
                }
                memo.json = best_json(word, &pages.pairs());
                memo.pages = pages;
                None
            })
            .collect();
        for word in emptied {
            self.words.remove(&word);
        }
        let words = &self.words;
        let added: Vec<(String, WordMemo)> = (fresh.into_par_iter())
            .filter(|(word, _)| !words.contains_key(word.as_str()))
            .map(|(word, mut pages)| {
                pages.shrink_to_fit();
                let json = best_json(&word, &pages.pairs());
                (word, WordMemo { pages, json })
            })
            .collect();
        self.words.extend(added);
        if in_place {
            let kept = std::mem::take(&mut self.pages);
            self.pages = (kept.into_par_iter().zip(entries).zip(&stamps))
                .map(|((kept, entry), &(words, row_stamp))| PageMemo {
                    row: match kept.row_stamp == row_stamp {
                        true => kept.row,
                        false => row_json(entry),
                    },
                    content_path: kept.content_path,
                    words,
                    row_stamp,
                })
                .collect();
            return Ok(());
        }
        let mut rows: FxHashMap<&str, &PageMemo> = FxHashMap::default();
        for page in &self.pages {
            rows.insert(&page.content_path, page);
        }
        let pages = (entries.par_iter().zip(&stamps))
            .map(|(entry, &(words, row_stamp))| {
                let path = &entry.page.content_path;
                let row = match rows.get(path.as_str()) {
                    Some(kept) if kept.row_stamp == row_stamp => kept.row.clone(),
                    _ => row_json(entry),
                };
                PageMemo {
                    content_path: path.clone(),
                    words,
                    row_stamp,
                    row,
                }
            })
            .collect();
        self.pages = pages;
        Ok(())
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

/// A hash of what the index scores of a page: its words and where they are. The headings are
/// in the text, whose stamp follows from the HTML (and a hollow page has no table of contents).
fn words_stamp(entry: &Entry) -> u64 {
    let page = entry.page;
    let mut hasher = FxHasher::default();
    (&page.title, &page.description).hash(&mut hasher);
    page.content.search_text.stamp().hash(&mut hasher);
    hasher.finish()
}

/// A hash of what a page's row shows (`row_json`).
fn row_stamp(entry: &Entry) -> u64 {
    let page = entry.page;
    let mut hasher = FxHasher::default();
    (&page.title, &entry.url, page.kind.name()).hash(&mut hasher);
    (&page.description, &page.content.summary_html).hash(&mut hasher);
    hasher.finish()
}
