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
mod words;

pub(crate) use memo::{KeptIndex, SearchMemo, WordsMissing};
use words::{PageWords, WordMap, page_words};

#[cfg(test)]
mod tests;
