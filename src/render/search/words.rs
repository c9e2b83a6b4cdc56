//! A page's words for the index, each with its score: its text folded to ASCII, split into
//! words and counted, with what its title, description and headings add.

use rustc_hash::FxHashMap;

use super::{DESCRIPTION, HEADING, MAX_WORD, TEXT, TEXT_CAP, TITLE, text_pieces};
use crate::model::page::Page;

/// Each word of a page with its score, once, in no particular order: what its text (body and
/// quiz questions) uses, counted up to `TEXT_CAP`, and what its title, description and
/// headings add. The words are held in one string, one after the other, with their lengths.
#[derive(Debug, Default)]
pub(crate) struct PageWords {
    /// The words one after the other, each `lengths` long.
    words: String,
    lengths: Vec<u8>,
    scores: Vec<u32>,
}

impl PageWords {
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

/// The words of a page and their scores (`PageWords`), once its body is rendered. Everything the
/// page says is folded into one string, so that each word is counted in one table.
pub(crate) fn page_words(page: &Page) -> PageWords {
    let html = page.content.html.text();
    let mut folded = String::with_capacity(html.len() / 2);
    text_pieces(&html, |piece| fold_into(piece, &mut folded));
    if let Some(quiz) = &page.quiz {
        for question in &quiz.questions {
            folded.push(' ');
            text_pieces(&question.prompt.html, |piece| fold_into(piece, &mut folded));
        }
    }
    let text_end = folded.len();
    // Where each marked part ends, and what its words add.
    let mut marks: Vec<(usize, u32)> = Vec::new();
    let mut mark = |text: &str, score: u32, folded: &mut String| {
        folded.push(' ');
        fold_into(text, folded);
        marks.push((folded.len(), score));
    };
    mark(&page.title, TITLE, &mut folded);
    mark(&page.description, DESCRIPTION, &mut folded);
    let mut stack: Vec<&crate::model::toc::TocEntry> = page.content.toc.iter().collect();
    while let Some(entry) = stack.pop() {
        mark(&entry.title, HEADING, &mut folded);
        stack.extend(entry.children.iter());
    }
    folded.make_ascii_lowercase();
    // (times used in the text, what the marked parts add)
    let mut counts: FxHashMap<&str, (u32, u32)> = FxHashMap::default();
    counts.reserve(text_end / 16);
    for word in split_words(&folded[..text_end]) {
        let (count, _) = counts.entry(word).or_default();
        *count = (*count + 1).min(TEXT_CAP);
    }
    let mut start = text_end;
    for (end, score) in marks {
        for word in split_words(&folded[start..end]) {
            counts.entry(word).or_default().1 += score;
        }
        start = end;
    }
    let mut page_words = PageWords {
        words: String::with_capacity(folded.len().min(counts.len() * 8)),
        lengths: Vec::with_capacity(counts.len()),
        scores: Vec::with_capacity(counts.len()),
    };
    for (word, (count, marked)) in counts {
        page_words.lengths.push(word.len() as u8); // at most `MAX_WORD`
        page_words.words.push_str(word);
        page_words.scores.push(TEXT * count + marked);
    }
    page_words
}

/// Puts `text` ASCII-folded in `folded`, in its case. Runs of ASCII are copied whole and only
/// the other characters looked up: `deunicode` itself goes a character at a time once it meets
/// the first, and most of a page's text comes after a curly quote. Most pieces of a page (the
/// text between two tags) are ASCII throughout, which `str::is_ascii` tells a word at a time
/// where finding the end of a run goes a byte at a time.
pub(super) fn fold_into(text: &str, folded: &mut String) {
    if text.is_ascii() {
        folded.push_str(text);
        return;
    }
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest
            .bytes()
            .position(|byte| !byte.is_ascii())
            .unwrap_or(rest.len());
        folded.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        if let Some(other) = rest.chars().next() {
            folded.push_str(deunicode::deunicode_char(other).unwrap_or("[?]"));
            rest = &rest[other.len_utf8()..];
        }
    }
}

/// The words of folded text: letters and digits only, two characters or more. Looked at a byte
/// at a time: folded text is ASCII, and a byte that is not an ASCII letter or digit parts words
/// in any text.
pub(super) fn split_words(folded: &str) -> impl Iterator<Item = &str> {
    let bytes = folded.as_bytes();
    let in_word = |at: usize| {
        bytes
            .get(at)
            .is_some_and(|&byte| WORD_BYTES[usize::from(byte)])
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            while at < bytes.len() && !in_word(at) {
                at += 1;
            }
            if at == bytes.len() {
                return None;
            }
            let start = at;
            while in_word(at) {
                at += 1;
            }
            if (2..=MAX_WORD).contains(&(at - start)) {
                return Some(&folded[start..at]);
            }
        }
    })
}

/// Which bytes are ASCII letters and digits.
const WORD_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = (byte as u8).is_ascii_alphanumeric();
        byte += 1;
    }
    table
};
