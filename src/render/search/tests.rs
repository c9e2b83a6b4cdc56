//! The search index's words, scores and shards, checked on small pages.

use super::words::Splitter;
use super::*;
use std::collections::BTreeMap;

/// The words of plain `text` as the index splits it (and search.js a query): ASCII-folded,
/// lower case, letters and digits only, two characters or more.
fn words(text: &str) -> impl Iterator<Item = String> {
    let mut found = Vec::new();
    Splitter::default().text(text, &mut |word, _| found.push(ascii(word)));
    found.into_iter()
}

/// The words of HTML as the index splits a page's body.
fn html_words(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    Splitter::default().html(html, &mut |word, _| found.push(ascii(word)));
    found
}

fn ascii(word: &[u8]) -> String {
    String::from_utf8(word.to_vec()).expect("words are ASCII")
}

/// Folded text split at every byte that is not an ASCII letter or digit, words too short or
/// too long left out: the rule `Splitter` keeps, written the plain way.
fn split_plainly(folded: &str) -> Vec<String> {
    (folded.split(|c: char| !c.is_ascii_alphanumeric()))
        .filter(|word| (2..=MAX_WORD).contains(&word.len()))
        .map(str::to_string)
        .collect()
}

/// `text` ASCII-folded and in lower case, the plain way: `deunicode` over the whole of it,
/// with line breaks and tabs made spaces first (`deunicode` drops them once it has met a
/// character that is not ASCII, joining the words on either side; here they part words).
fn folded_plainly(text: &str) -> String {
    let spaced = text.replace(['\n', '\t'], " ");
    deunicode::deunicode_with_tofu(&spaced, "[?]").to_ascii_lowercase()
}

fn page(title: &str, html: &str) -> Page {
    let mut page = Page {
        doc: crate::model::document::Document {
            title: title.to_string(),
            content: crate::model::page::Content {
                html: crate::model::html::Html::new(html),
                ..Default::default()
            },
            ..Default::default()
        },
        ..Page::default()
    };
    page.content.search_text =
        crate::model::page::SearchText::of(&page.content.html, page.quiz.as_ref());
    page
}

#[test]
fn words_are_folded_and_split() {
    let found: Vec<String> = words("Café au lait — it's <b>I</b> x2").collect();
    assert_eq!(found, ["cafe", "au", "lait", "it", "x2"]);
}

#[test]
fn folding_gives_the_words_deunicode_gives() {
    let texts = [
        "Café au lait — it's x2",
        "Café\nau\tlait\r\nend",
        "Don’t rush it: “Ærøskøbing” straße ĳ ﬁne",
        "北京 and 中国x🅶 ☃中 国 \u{10FFFF} \u{E000} end",
        "ascii only, Mixed CASE 42",
        "ü",
        "",
    ];
    for text in texts {
        let expected = split_plainly(&folded_plainly(text));
        assert_eq!(words(text).collect::<Vec<_>>(), expected, "{text}");
    }
}

#[test]
fn the_words_of_html_are_those_of_its_plain_text() {
    let long = "k".repeat(MAX_WORD + 1);
    let htmls = [
        "<p>Tom &amp; Jerry&#39;s &lt;b&gt; &quot;x&quot; &amp;lt; & co</p>",
        "<p>Caf<em>é</em> au lait — it’s “Ærøskøbing”</p><h2 id=\"x\">Straße ﬁne</h2>",
        "a<br>b AT&amp;T R&D x2 &#39;quoted&#39;",
        "北京 and 中国x🅶 ☃中 国 <b>naï</b>ve",
        &format!("<p>{long} {} ok</p>", &long[1..]),
        "<pre><code>let x = 1;\n\tfn main()</code></pre>cut <a href",
        "",
    ];
    for html in htmls {
        let expected = split_plainly(&folded_plainly(&plain_text(html)));
        assert_eq!(html_words(html), expected, "{html}");
    }
}

#[test]
fn the_words_of_any_mix_of_tags_entities_and_letters_are_those_of_its_plain_text() {
    // Pieces a hostile or unusual page may put side by side, in a seeded random order.
    let (long, longest) = ("x".repeat(17), "y".repeat(MAX_WORD));
    let pieces = [
        "<",
        ">",
        "<b>",
        "</p>",
        "<a href=\"/x\">",
        "&amp;",
        "&lt;",
        "&#39;",
        "&",
        "&amp",
        ";",
        "a",
        "Zz",
        "9",
        "word",
        "ÉTÉ",
        "ß",
        "ﬁ",
        "北",
        "🅶",
        "\n",
        "\t",
        " ",
        "-",
        "'",
        &long,
        &longest,
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..2000 {
        let length = (next() % 24) as usize;
        let html: String = (0..length)
            .map(|_| pieces[(next() % pieces.len() as u64) as usize])
            .collect();
        let expected = split_plainly(&folded_plainly(&plain_text(&html)));
        assert_eq!(html_words(&html), expected, "{html:?}");
    }
}

#[test]
fn a_line_break_after_a_curly_quote_still_parts_two_words() {
    let found: Vec<String> = words("Don’t stop\nhere,\tthen <b>go</b>").collect();
    assert_eq!(found, ["don", "stop", "here", "then", "go"]);
}

#[test]
fn plain_text_drops_tags_and_decodes_each_entity_once() {
    assert_eq!(
        plain_text("<p>Tom &amp; Jerry&#39;s &lt;b&gt; &quot;x&quot; &amp;lt; & co</p>"),
        " Tom & Jerry's <b> \"x\" &lt; & co "
    );
    assert_eq!(plain_text("a<br>b"), "a b");
    assert_eq!(plain_text("cut <a href"), "cut ");
    assert_eq!(plain_text("1 > 0"), "1 > 0");
}

#[test]
fn page_words_keep_each_word_once_with_its_capped_count() {
    let page = page(
        "x",
        "<p>Tea, tea and <em>more</em> tea.</p><p>tea tea tea tea tea tea tea</p>",
    );
    let words = page_words(&page);
    let mut counted: Vec<(&str, u32)> = words.iter().collect();
    counted.sort_unstable();
    assert_eq!(counted, [("and", 1), ("more", 1), ("tea", TEXT_CAP)]);
    assert_eq!(PageWords::default().iter().count(), 0);
}

#[test]
fn words_of_every_length_come_back_whole_with_their_counts() {
    // Words of every length indexed come back whole with their counts; a longer one is left out.
    let lengths = [2, 3, 7, 8, 9, 16, MAX_WORD];
    let stock = "ab9".repeat(MAX_WORD);
    let word = |length: usize| &stock[..length];
    let times = |length: usize| length % 5 + 1;
    let text: Vec<&str> = (lengths.iter())
        .flat_map(|&length| std::iter::repeat_n(word(length), times(length)))
        .collect();
    let too_long = "z".repeat(MAX_WORD + 1);
    let page = page("x", &format!("<p>{} {too_long}</p>", text.join(" ")));
    let words = page_words(&page);
    let counted: BTreeMap<&str, u32> = words.iter().collect();
    let expected: BTreeMap<&str, u32> = (lengths.iter())
        .map(|&length| (word(length), TEXT * times(length) as u32))
        .collect();
    assert_eq!(counted, expected);
}

#[test]
fn a_word_scores_its_text_and_every_place_it_is_marked() {
    let mut page = page(
        "Repair, then repair",
        "<p>Repair is slow. Trust grows.</p><h2>Trust</h2>",
    );
    page.description = "How trust is repaired".into();
    page.content.toc = vec![crate::model::toc::TocEntry {
        level: 2,
        id: "trust".into(),
        title: "Trust".into(),
        children: Vec::new(),
    }];
    let scored = page_words(&page);
    let words: BTreeMap<&str, u32> = scored.iter().collect();
    // Text: "repair" once, "trust" twice (the heading is in the text too).
    assert_eq!(words["repair"], TEXT + 2 * TITLE);
    assert_eq!(words["trust"], 2 * TEXT + DESCRIPTION + HEADING);
    assert_eq!(words["then"], TITLE);
    assert_eq!(words["repaired"], DESCRIPTION);
    assert_eq!(words["slow"], TEXT);
}

#[test]
fn a_title_counts_more_than_text() {
    let pages = [
        page("Kettle", "<p>Tea.</p>"),
        page("Tea", "<p>The kettle, the kettle.</p>"),
    ];
    let entries: Vec<Entry> = (pages.iter())
        .map(|page| Entry {
            page,
            url: "/x/".into(),
        })
        .collect();
    let files = index_files(&entries).unwrap();
    let shard = files
        .iter()
        .find(|(path, _)| path == "search/w/ke.json")
        .expect("the shard of `kettle`");
    let shard: serde_json::Value = serde_json::from_slice(&shard.1).unwrap();
    assert_eq!(shard["kettle"], json!([0, 12, 1, 2]));
    let manifest = files
        .iter()
        .find(|(p, _)| p == "search/index.json")
        .unwrap();
    let manifest: serde_json::Value = serde_json::from_slice(&manifest.1).unwrap();
    assert_eq!(manifest["pages"], 2);
    assert!(
        manifest["shards"]
            .as_array()
            .unwrap()
            .contains(&json!("ke"))
    );
}

#[test]
fn each_word_keeps_its_best_pages_of_all() {
    // Words on far more pages than are kept, with scores that tie: the best pages of each word
    // must be those of one plain pass over every page.
    let pages: Vec<Page> = (0..5000)
        .map(|n| {
            let text = format!(
                "<p>common {} rare{} {}</p>",
                "often ".repeat(n % 9),
                n % 97,
                if n % 3 == 0 { "third third" } else { "" }
            );
            page(&format!("page {}", n % 11), &text)
        })
        .collect();
    let entries: Vec<Entry> = (pages.iter())
        .map(|page| Entry {
            page,
            url: "/x/".into(),
        })
        .collect();
    let mut everything: BTreeMap<String, Vec<(u32, u32)>> = BTreeMap::new();
    for (index, entry) in entries.iter().enumerate() {
        for (word, score) in page_words(entry.page).iter() {
            everything
                .entry(word.to_string())
                .or_default()
                .push((index as u32, score));
        }
    }
    for pages in everything.values_mut() {
        keep_best(pages);
    }
    let expected: Vec<(&str, Vec<u8>)> = (everything.iter())
        .map(|(word, pages)| (word.as_str(), word_json(word, pages)))
        .collect();
    let expected: Vec<(&str, &[u8])> = (expected.iter())
        .map(|(word, json)| (*word, json.as_slice()))
        .collect();
    let mut files = Vec::new();
    shard(&expected, 2, &mut Vec::new(), &mut files);
    let made = index_files(&entries).unwrap();
    for (path, body) in &files {
        let same = made.iter().find(|(made_path, _)| made_path == path);
        assert_eq!(same.map(|(_, made)| made), Some(body), "{path}");
    }
}

#[test]
fn big_shards_split_by_one_more_letter() {
    let html: String = (0..6000).map(|n| format!("ab{n:05} ")).collect();
    let pages = [page("x", &html)];
    let entries = [Entry {
        page: &pages[0],
        url: "/x/".into(),
    }];
    let files = index_files(&entries).unwrap();
    assert!(files.iter().all(|(_, body)| body.len() <= SHARD_LIMIT));
    assert!(
        files
            .iter()
            .any(|(path, _)| path.starts_with("search/w/ab0"))
    );
    assert!(!files.iter().any(|(path, _)| path == "search/w/ab.json"));
}

fn entries_of(pages: &[Page]) -> Vec<Entry<'_>> {
    (pages.iter())
        .map(|page| Entry {
            page,
            url: format!("/{}/", page.content_path),
        })
        .collect()
}

#[test]
fn a_kept_index_made_again_after_edits_is_the_index_made_from_scratch() {
    let text = |n: usize, edit: &str| {
        let often = "often ".repeat(n % 5);
        format!("<p>common {often} rare{} {edit}</p>", n % 13)
    };
    let numbered = |n: usize, title: &str, html: &str| {
        let mut page = page(title, html);
        page.content_path = format!("content/p{n}.md");
        page
    };
    let mut pages: Vec<Page> = (0..300)
        .map(|n| numbered(n, &format!("page {}", n % 7), &text(n, "")))
        .collect();
    let memo = SearchMemo::default();
    // The memo sees the pages of `parsed` as they are, the others as a build cache gives them
    // back (without their words); from scratch, every page is parsed.
    let check = |pages: &[Page], parsed: &[&str], what: &str| {
        let hollow: Vec<Page> = (pages.iter())
            .map(|page| match parsed.contains(&page.content_path.as_str()) {
                true => page.clone(),
                false => postcard::from_bytes(&postcard::to_allocvec(page).unwrap()).unwrap(),
            })
            .collect();
        let kept = memo.index_files(&entries_of(&hollow)).unwrap();
        assert_eq!(kept, index_files(&entries_of(pages)).unwrap(), "{what}");
    };
    let everything: Vec<String> = pages.iter().map(|p| p.content_path.clone()).collect();
    let everything: Vec<&str> = everything.iter().map(String::as_str).collect();
    check(&pages, &everything, "first");
    check(&pages, &[], "nothing changed");
    // A word's score changes, a word goes, a word comes (first in its shard), a title changes.
    pages[3] = numbered(3, "page 3", &text(3, "often often often"));
    pages[10] = numbered(10, "page 10", "<p>common</p>");
    pages[42] = numbered(42, "aardvark page", &text(42, "zzzebra"));
    let edited = ["content/p3.md", "content/p10.md", "content/p42.md"];
    check(&pages, &edited, "edits");
    // The only page of a word loses it; a page that was best for a common word drops it.
    pages[42] = numbered(42, "page 42", &text(42, ""));
    pages[0] = numbered(0, "page 0", "<p>nothing else</p>");
    check(&pages, &["content/p42.md", "content/p0.md"], "words gone");
    // A page goes, one moves, one comes: the others are numbered again, unread.
    pages.remove(5);
    pages.swap(7, 200);
    pages.insert(100, numbered(1000, "a new page", &text(1000, "newcomer")));
    check(
        &pages,
        &["content/p1000.md"],
        "pages removed, moved and added",
    );
    // Many pages change at once.
    let mut edited = Vec::new();
    for (n, page_) in pages.iter_mut().enumerate().filter(|(n, _)| n % 3 == 0) {
        *page_ = numbered(n + 2000, &format!("title {n}"), &text(n + 1, "new"));
        edited.push(page_.content_path.clone());
    }
    let edited: Vec<&str> = edited.iter().map(String::as_str).collect();
    check(&pages, &edited, "many edits");
    // A page the index has never seen, given without its words, is not indexed wrong.
    pages.push(numbered(5000, "unread", "<p>unread words</p>"));
    let hollow = postcard::to_allocvec(&pages[pages.len() - 1]).unwrap();
    let hollow: Page = postcard::from_bytes(&hollow).unwrap();
    let entry = Entry {
        page: &hollow,
        url: "/unread/".into(),
    };
    let missing = SearchMemo::default().index_files(&[entry]).unwrap_err();
    assert_eq!(missing.0, "content/p5000.md");
}
