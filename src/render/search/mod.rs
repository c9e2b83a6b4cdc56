//! The search index, made at build time and read by the theme's `search.js` only once the
//! reader opens search: every word of every page (titles, descriptions, headings, text, quiz
//! questions), in small JSON shards by the word's first letters, and the pages' titles, links
//! and excerpts in fragments of a few pages, so that a query fetches the manifest, the shards
//! of its words and the fragments of its best results, not the whole index.
//!
//! - `search/index.json`: `{ "version", "pages", "fragment", "shards": [prefix…] }`.
//! - `search/w/<prefix>.json`: `{ word: [page, score, page, score…] }`, best first, for every
//!   word starting with `prefix` (and no longer prefix in the list takes it).
//! - `search/p/<n>.json`: `[[title, url, kind, excerpt]…]` for pages `n × fragment` onwards.

use rustc_hash::FxHashMap;
use serde_json::json;

use crate::model::page::Page;

/// Pages per metadata fragment: a result costs one fragment of about 3 KB.
pub(crate) const FRAGMENT: usize = 16;
/// A shard bigger than this (bytes of JSON) is split by one more letter.
const SHARD_LIMIT: usize = 40 * 1024;
/// The best pages kept per word.
const POSTINGS_LIMIT: usize = 400;
const EXCERPT_CHARS: usize = 180;

/// How much a word counts where it is found.
const TITLE: u32 = 12;
const HEADING: u32 = 5;
const DESCRIPTION: u32 = 3;
const TEXT: u32 = 1;
/// The most a page's text adds for one word, however often it is used.
const TEXT_CAP: u32 = 8;
/// The longest word indexed, in bytes: longer ones are not words a reader types.
const MAX_WORD: usize = 32;

/// What the index shows of a page, and its text.
pub(crate) struct Entry<'a> {
    pub page: &'a Page,
    pub url: String,
}

/// Every file of the index: (path under the output folder, bytes).
pub(crate) fn index_files(entries: &[Entry]) -> Result<Vec<(String, Vec<u8>)>, WordsMissing> {
    SearchMemo::default().index_files(entries)
}

/// The files of the index from each word's entry in its shard (sorted by word, see
/// `word_json`) and each page's row in its fragment (`row_json`), in the index's order.
fn assemble(words: &[(&str, &[u8])], rows: &[&[u8]]) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    let mut prefixes = Vec::new();
    shard(words, 2, &mut prefixes, &mut files);
    for (number, chunk) in rows.chunks(FRAGMENT).enumerate() {
        files.push((
            format!("search/p/{number}.json"),
            json_list(b'[', chunk, b']'),
        ));
    }
    let manifest = json!({
        "version": 1,
        "pages": rows.len(),
        "fragment": FRAGMENT,
        "shards": prefixes,
    });
    let body = serde_json::to_vec(&manifest).unwrap_or_default();
    files.push(("search/index.json".to_string(), body));
    files
}

/// A word's entry in its shard, `"word":[page,score,page,score…]`, of its best pages.
fn word_json(word: &str, best: &[(u32, u32)]) -> Vec<u8> {
    let flat: Vec<u32> = (best.iter())
        .flat_map(|&(page, score)| [page, score])
        .collect();
    let mut json = serde_json::to_vec(word).unwrap_or_default();
    json.push(b':');
    json.extend(serde_json::to_vec(&flat).unwrap_or_default());
    json
}

/// A page's row in its fragment: `[title,url,kind,excerpt]`.
fn row_json(entry: &Entry) -> Vec<u8> {
    let page = entry.page;
    let row = json!([page.title, entry.url, page.kind.name(), excerpt(page)]);
    serde_json::to_vec(&row).unwrap_or_default()
}

/// `items` separated by commas between `open` and `close`.
fn json_list(open: u8, items: &[&[u8]], close: u8) -> Vec<u8> {
    let length = items.iter().map(|item| item.len() + 1).sum::<usize>() + 2;
    let mut list = Vec::with_capacity(length);
    list.push(open);
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            list.push(b',');
        }
        list.extend_from_slice(item);
    }
    list.push(close);
    list
}

/// A word's pages, best first (highest score, then first in the site), as many as are kept.
fn keep_best(pages: &mut Vec<(u32, u32)>) {
    let best_first = |a: &(u32, u32), b: &(u32, u32)| b.1.cmp(&a.1).then(a.0.cmp(&b.0));
    if pages.len() > POSTINGS_LIMIT {
        pages.select_nth_unstable_by(POSTINGS_LIMIT - 1, best_first);
        pages.truncate(POSTINGS_LIMIT);
    }
    pages.sort_unstable_by(best_first);
}

/// Writes the words (sorted, with their entries) as shards by their first `depth` characters,
/// splitting a shard that is too big by one more character; words no longer than `depth` stay
/// in their shard.
fn shard(
    words: &[(&str, &[u8])],
    depth: usize,
    prefixes: &mut Vec<String>,
    files: &mut Vec<(String, Vec<u8>)>,
) {
    let mut start = 0;
    while start < words.len() {
        let prefix = char_prefix(words[start].0, depth);
        let end = start
            + words[start..]
                .iter()
                .take_while(|(word, _)| char_prefix(word, depth) == prefix)
                .count();
        let group = &words[start..end];
        let body = shard_json(group);
        let splittable = group.iter().any(|(word, _)| word.chars().count() > depth);
        if body.len() > SHARD_LIMIT && splittable && depth < 8 {
            let (short, long): (Vec<_>, Vec<_>) = group
                .iter()
                .partition(|(word, _)| word.chars().count() <= depth);
            if !short.is_empty() {
                files.push((format!("search/w/{prefix}.json"), shard_json(&short)));
                prefixes.push(prefix.clone());
            }
            shard(&long, depth + 1, prefixes, files);
        } else {
            files.push((format!("search/w/{prefix}.json"), body));
            prefixes.push(prefix);
        }
        start = end;
    }
}

fn char_prefix(word: &str, depth: usize) -> String {
    word.chars().take(depth).collect()
}

fn shard_json(words: &[(&str, &[u8])]) -> Vec<u8> {
    let entries: Vec<&[u8]> = words.iter().map(|&(_, json)| json).collect();
    json_list(b'{', &entries, b'}')
}

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
/// the first, and most of a page's text comes after a curly quote.
fn fold_into(text: &str, folded: &mut String) {
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
fn split_words(folded: &str) -> impl Iterator<Item = &str> {
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

/// The entities `text_pieces` decodes: those the Markdown and template stages write.
const ENTITIES: [(&str, &str); 5] = [
    ("&amp;", "&"),
    ("&lt;", "<"),
    ("&gt;", ">"),
    ("&quot;", "\""),
    ("&#39;", "'"),
];

/// The text of HTML: tags dropped (each as a space), the common entities decoded, in one pass.
pub(crate) fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    text_pieces(html, |piece| text.push_str(piece));
    text
}

/// Tells `piece` the text of HTML in order, piece by piece: each tag as a space, each common
/// entity decoded, the text between them as it is. Text after a `<` that is never closed is
/// dropped.
fn text_pieces(html: &str, mut piece: impl FnMut(&str)) {
    let mut rest = html;
    while let Some(at) = memchr::memchr2(b'<', b'&', rest.as_bytes()) {
        piece(&rest[..at]);
        rest = &rest[at..];
        if rest.starts_with('<') {
            let Some(end) = memchr::memchr(b'>', rest.as_bytes()) else {
                return;
            };
            piece(" ");
            rest = &rest[end + 1..];
        } else {
            let (decoded, len) = (ENTITIES.iter())
                .find(|(entity, _)| rest.starts_with(entity))
                .map_or(("&", 1), |&(entity, decoded)| (decoded, entity.len()));
            piece(decoded);
            rest = &rest[len..];
        }
    }
    piece(rest);
}

/// The page's description, or the start of its text.
fn excerpt(page: &Page) -> String {
    if !page.description.is_empty() {
        return page.description.clone();
    }
    let text = plain_text(&page.content.summary_html);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= EXCERPT_CHARS {
        return text;
    }
    let cut: String = text.chars().take(EXCERPT_CHARS).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

mod memo;
mod postings;

pub(crate) use memo::{KeptIndex, SearchMemo, WordsMissing};

#[cfg(test)]
mod tests;
