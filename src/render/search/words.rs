//! A page's words for the index, each with its score: its text folded to ASCII, split into
//! words and counted, with what its title, description and headings add.

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::{DESCRIPTION, ENTITIES, HEADING, MAX_WORD, TEXT, TEXT_CAP, TITLE};
use crate::model::page::Page;

/// Each word of a page with its score, once, in no particular order: what its text (body and
/// quiz questions) uses, counted up to `TEXT_CAP`, and what its title, description and
/// headings add. The words are held in one string, one after the other, with their lengths.
#[derive(Debug, Default)]
pub(crate) struct PageWords {
    /// The words one after the other, each `lengths` long.
    words: String,
    lengths: Vec<u8>,
    /// Each word's `Splitter::key`.
    keys: Vec<u128>,
    scores: Vec<u32>,
}

impl PageWords {
    /// Each word with its key (`Splitter::key`) and score.
    pub(crate) fn keyed(&self) -> impl Iterator<Item = (u128, &str, u32)> {
        (self.keys.iter().zip(self.iter())).map(|(&key, (word, score))| (key, word, score))
    }

    /// Each word with its score.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        let mut start = 0;
        (self.lengths.iter().zip(&self.scores)).map(move |(&length, &score)| {
            let end = start + usize::from(length);
            let word = &self.words[start..end];
            start = end;
            (word, score)
        })
    }
}

/// The words of a page and their scores (`PageWords`), once its body is rendered. The words
/// are found in one pass over the HTML, folded and in lower case as they are met, and each is
/// looked up once in a table of the page's words, most by a number made as it is read
/// (`Splitter::key`).
pub(crate) fn page_words(page: &Page) -> PageWords {
    let html = page.content.html.text();
    let mut counter = Counter::with_capacity(html.len() / 16);
    let mut splitter = Splitter::default();
    splitter.html(&html, &mut |word, key| counter.count(word, key));
    for question in page.quiz.iter().flat_map(|quiz| &quiz.questions) {
        splitter.html(&question.prompt.html, &mut |word, key| {
            counter.count(word, key)
        });
    }
    let mut mark = |text: &str, score: u32| {
        splitter.text(text, &mut |word, key| counter.mark(word, key, score))
    };
    mark(&page.title, TITLE);
    mark(&page.description, DESCRIPTION);
    let mut stack: Vec<&crate::model::toc::TocEntry> = page.content.toc.iter().collect();
    while let Some(entry) = stack.pop() {
        mark(&entry.title, HEADING);
        stack.extend(entry.children.iter());
    }
    counter.into_page_words()
}

/// A page's words as they are met, each numbered in the order it was first met.
struct Counter {
    numbers: WordMap<u32>,
    words: Vec<u8>,
    lengths: Vec<u8>,
    keys: Vec<u128>,
    /// Times used in the text, up to `TEXT_CAP`.
    counts: Vec<u32>,
    /// What the marked parts (title, description, headings) add.
    marked: Vec<u32>,
}

impl Counter {
    fn with_capacity(words: usize) -> Self {
        Self {
            numbers: WordMap::with_capacity(words),
            words: Vec::with_capacity(words * 8),
            lengths: Vec::with_capacity(words),
            keys: Vec::with_capacity(words),
            counts: Vec::with_capacity(words),
            marked: Vec::with_capacity(words),
        }
    }

    fn count(&mut self, word: &[u8], key: u128) {
        let at = self.place(word, key);
        self.counts[at] = (self.counts[at] + 1).min(TEXT_CAP);
    }

    fn mark(&mut self, word: &[u8], key: u128, score: u32) {
        let at = self.place(word, key);
        self.marked[at] += score;
    }

    /// The word's number, given it when it is new.
    fn place(&mut self, word: &[u8], key: u128) -> usize {
        let next = self.lengths.len() as u32;
        let at = *self.numbers.get_or_insert(key, word, || next);
        if at == next {
            self.words.extend_from_slice(word);
            self.lengths.push(word.len() as u8); // at most `MAX_WORD`
            self.keys.push(key);
            self.counts.push(0);
            self.marked.push(0);
        }
        at as usize
    }

    fn into_page_words(self) -> PageWords {
        let scores = (self.counts.iter().zip(&self.marked))
            .map(|(&count, &marked)| TEXT * count + marked)
            .collect();
        PageWords {
            // Only ASCII letters and digits are ever added.
            words: String::from_utf8(self.words).unwrap_or_default(),
            lengths: self.lengths,
            keys: self.keys,
            scores,
        }
    }
}

/// A table by word. Most words are 16 bytes or shorter and are looked up by their key, one
/// number (`Splitter::key`); longer ones by their text.
pub(super) struct WordMap<T> {
    short: FxHashMap<u128, T>,
    long: FxHashMap<Box<[u8]>, T>,
}

impl<T: Send> Default for WordMap<T> {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl<T: Send> WordMap<T> {
    pub(super) fn with_capacity(words: usize) -> Self {
        Self {
            short: FxHashMap::with_capacity_and_hasher(words, Default::default()),
            long: FxHashMap::default(),
        }
    }

    /// The value of `word`, whose key is `key`, made by `make` if there is none yet.
    pub(super) fn get_or_insert(
        &mut self,
        key: u128,
        word: &[u8],
        make: impl FnOnce() -> T,
    ) -> &mut T {
        match word.len() {
            ..=16 => self.short.entry(key).or_insert_with(make),
            // A word's text is boxed only when it is new.
            _ if !self.long.contains_key(word) => self.long.entry(word.into()).or_insert_with(make),
            _ => self.long.get_mut(word).expect("the word is in the table"),
        }
    }

    pub(super) fn get(&self, word: &str) -> Option<&T> {
        match word.len() {
            ..=16 => self.short.get(&key_of(word.as_bytes())),
            _ => self.long.get(word.as_bytes()),
        }
    }

    /// Every word (as text) with its value, in no particular order.
    pub(super) fn into_par_iter(self) -> impl ParallelIterator<Item = (String, T)> {
        let short = (self.short.into_par_iter()).map(|(key, value)| (text_of(key), value));
        let long = (self.long.into_par_iter())
            .map(|(word, value)| (String::from_utf8_lossy(&word).into_owned(), value));
        short.chain(long)
    }
}

/// The key of a word of at most 16 bytes (`Splitter::key`).
fn key_of(word: &[u8]) -> u128 {
    let mut bytes = [0; 16];
    bytes[..word.len()].copy_from_slice(word);
    u128::from_le_bytes(bytes)
}

/// The word of a key: its bytes up to the first zero.
fn text_of(key: u128) -> String {
    let bytes = key.to_le_bytes();
    let length = bytes
        .iter()
        .position(|&byte| byte == 0)
        .unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..length]).into_owned()
}

/// Splits text into the words the index and search.js know: folded to ASCII (`deunicode`),
/// in lower case, letters and digits only, two to `MAX_WORD` bytes. A word is built up a byte
/// at a time, for a character that is not ASCII may fold into letters that carry it on.
#[derive(Default)]
pub(super) struct Splitter {
    word: [u8; MAX_WORD],
    /// The word's length so far, which may pass `MAX_WORD`: such a word is not kept.
    length: usize,
    /// The word's first 16 bytes as one number, the first byte lowest. Letters and digits are
    /// never 0, so the zero bytes past a shorter word's end tell its length: two words of up
    /// to 16 bytes are the same word when their keys are equal. Made as the bytes come, for
    /// a number read from bytes just written waits for them to be stored.
    key: u128,
}

impl Splitter {
    /// The words of HTML: tags part words, as do the entities `text_pieces` decodes (none of
    /// which is a letter or digit). Text after a `<` that is never closed is dropped.
    pub(super) fn html(&mut self, html: &str, each: &mut impl FnMut(&[u8], u128)) {
        let bytes = html.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            match bytes[at] {
                b'<' => {
                    self.end(each);
                    match memchr::memchr(b'>', &bytes[at..]) {
                        Some(end) => at += end + 1,
                        None => return,
                    }
                }
                b'&' => {
                    self.end(each);
                    let rest = &html[at..];
                    at += (ENTITIES.iter())
                        .find(|(entity, _)| rest.starts_with(entity))
                        .map_or(1, |(entity, _)| entity.len());
                }
                _ => at = self.run(html, at, each),
            }
        }
        self.end(each);
    }

    /// The words of plain text (a title, a heading).
    pub(super) fn text(&mut self, text: &str, each: &mut impl FnMut(&[u8], u128)) {
        let mut at = 0;
        while at < text.len() {
            at = self.run(text, at, each);
            if at < text.len() {
                // A `<` or `&`, which plain text does not treat apart.
                self.end(each);
                at += 1;
            }
        }
        self.end(each);
    }

    /// Takes in `text` from `at` up to the next `<` or `&`, and says where it stopped.
    fn run(&mut self, text: &str, mut at: usize, each: &mut impl FnMut(&[u8], u128)) -> usize {
        let bytes = text.as_bytes();
        while let Some(&byte) = bytes.get(at) {
            match LOWER[usize::from(byte)] {
                WORD_END if byte.is_ascii() => {
                    if byte == b'<' || byte == b'&' {
                        return at;
                    }
                    self.end(each);
                    at += 1;
                }
                WORD_END => {
                    let other = text[at..].chars().next().unwrap_or_default();
                    let folded = deunicode::deunicode_char(other).unwrap_or("[?]");
                    for &byte in folded.as_bytes() {
                        self.ascii(byte, each);
                    }
                    at += other.len_utf8();
                }
                lower => {
                    self.push(lower);
                    at += 1;
                }
            }
        }
        at
    }

    fn ascii(&mut self, byte: u8, each: &mut impl FnMut(&[u8], u128)) {
        match LOWER[usize::from(byte)] {
            WORD_END => self.end(each),
            lower => self.push(lower),
        }
    }

    fn push(&mut self, lower: u8) {
        if let Some(place) = self.word.get_mut(self.length) {
            *place = lower;
        }
        if self.length < 16 {
            self.key |= u128::from(lower) << (8 * self.length);
        }
        self.length += 1;
    }

    fn end(&mut self, each: &mut impl FnMut(&[u8], u128)) {
        if (2..=MAX_WORD).contains(&self.length) {
            each(&self.word[..self.length], self.key);
        }
        self.length = 0;
        self.key = 0;
    }
}

/// What stands in `LOWER` for a byte that is not an ASCII letter or digit.
const WORD_END: u8 = 0;

/// Each ASCII letter and digit in lower case, and `WORD_END` for every other byte.
const LOWER: [u8; 256] = {
    let mut table = [WORD_END; 256];
    let mut byte = 0;
    while byte < 128 {
        if (byte as u8).is_ascii_alphanumeric() {
            table[byte] = (byte as u8).to_ascii_lowercase();
        }
        byte += 1;
    }
    table
};
