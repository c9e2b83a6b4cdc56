//! The search index: every published page's words (titles, headings, text, worksheets' blocks,
//! quizzes' questions) in shards by their first letters, and pages' titles and links in small
//! fragments; pages not published (drafts, future dates) are not in it.

mod common;

use common::Fixture;
use serde_json::Value;

fn json(fixture: &Fixture, path: &str) -> Value {
    serde_json::from_str(&fixture.read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The URLs of the pages the index gives for `word`, best first.
fn pages_for(fixture: &Fixture, word: &str) -> Vec<String> {
    let manifest = json(fixture, "search/index.json");
    let fragment = manifest["fragment"].as_u64().unwrap() as usize;
    let Some(prefix) = (manifest["shards"].as_array().unwrap().iter())
        .filter_map(Value::as_str)
        .filter(|prefix| word.starts_with(prefix))
        .max_by_key(|prefix| prefix.len())
    else {
        return Vec::new();
    };
    let shard = json(fixture, &format!("search/w/{prefix}.json"));
    let Some(postings) = shard[word].as_array() else {
        return Vec::new();
    };
    postings
        .chunks(2)
        .map(|pair| {
            let page = pair[0].as_u64().unwrap() as usize;
            let pages = json(fixture, &format!("search/p/{}.json", page / fragment));
            pages[page % fragment][1].as_str().unwrap().to_string()
        })
        .collect()
}

#[test]
fn articles_worksheets_and_quizzes_are_found_by_their_words() {
    let fixture = Fixture::repository_site();
    fixture.build().expect("the site builds");
    assert_eq!(
        pages_for(&fixture, "muddled"),
        ["/articles/does-your-husband-still-love-you/"]
    );
    assert_eq!(
        pages_for(&fixture, "hobbies"),
        ["/worksheets/how-much-do-i-care/"]
    );
    assert_eq!(
        pages_for(&fixture, "bothers"),
        ["/quizzes/how-caring-are-you/"],
        "a word of a quiz question"
    );
    let caring = pages_for(&fixture, "caring");
    assert_eq!(
        caring[0], "/articles/caring-in-marriage/",
        "a title counts most: {caring:?}"
    );
}

#[test]
fn unpublished_pages_are_not_in_the_index() {
    let fixture = Fixture::new("basic");
    fixture.write(
        "content/articles/later.md",
        "+++\ntitle = \"Later\"\ndate = 2999-01-01\n+++\nA zeppelin arrives.\n",
    );
    fixture.build().expect("the site builds");
    assert_eq!(pages_for(&fixture, "zeppelin"), Vec::<String>::new());
    assert_eq!(pages_for(&fixture, "draft"), Vec::<String>::new());
    assert_eq!(pages_for(&fixture, "third"), ["/articles/third/"]);
}
