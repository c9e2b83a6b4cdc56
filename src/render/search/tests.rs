//! The search index's words, scores and shards, checked on small pages.

use super::*;
use std::collections::BTreeMap;

fn page(title: &str, html: &str) -> Page {
    let mut page = Page {
        title: title.to_string(),
        content: crate::model::page::Content {
            html: html.to_string(),
            ..Default::default()
        },
        ..Page::default()
    };
    page.content.text_words = text_words(&page);
    page
}

#[test]
fn words_are_folded_and_split() {
    let found: Vec<String> = words("Café au lait — it's <b>I</b> x2").collect();
    assert_eq!(found, ["cafe", "au", "lait", "it", "x2"]);
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
fn text_words_keep_each_word_and_its_capped_count() {
    let page = page(
        "x",
        "<p>Tea, tea and <em>more</em> tea.</p><p>tea tea tea tea tea tea tea</p>",
    );
    let counted: Vec<(&str, u32)> = page.content.text_words.iter().collect();
    assert_eq!(counted, [("and", 1), ("more", 1), ("tea", TEXT_CAP)]);
    assert_eq!(TextWords::default().iter().count(), 0);
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
    let files = index_files(&entries);
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
fn scoring_by_chunks_keeps_the_pages_scoring_all_at_once_would() {
    // More pages than two chunks, and words on far more pages than are kept, with scores
    // that tie: the best pages of each word must be those of one pass over every page.
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
        score_words(entry.page, |word, score| {
            everything
                .entry(word.to_string())
                .or_default()
                .push((index as u32, score));
        });
    }
    for pages in everything.values_mut() {
        keep_best(pages);
    }
    let expected: Vec<(&String, &Vec<(u32, u32)>)> = everything.iter().collect();
    let mut files = Vec::new();
    shard(&expected, 2, &mut Vec::new(), &mut files);
    let made = index_files(&entries);
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
    let files = index_files(&entries);
    assert!(files.iter().all(|(_, body)| body.len() <= SHARD_LIMIT));
    assert!(
        files
            .iter()
            .any(|(path, _)| path.starts_with("search/w/ab0"))
    );
    assert!(!files.iter().any(|(path, _)| path == "search/w/ab.json"));
}
