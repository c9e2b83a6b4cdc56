//! A build session on a site with more dated pages than a feed holds: an edit of a page in the
//! feeds, or of one just outside them, leaves the session's site exactly as a clean build makes
//! it; the feeds are made again only when a page they hold changed, the sitemap when a date did.

#[path = "serve/clean_build.rs"]
mod clean_build;
mod common;

use std::path::Path;

use clean_build::{clean_build, differing_paths, first_difference};
use common::Fixture;
use hearth::build::session::Session;
use hearth::config::Overrides;

/// Dated articles added to the fixture, one a day from 2025-01-01: the newest are in the feeds.
const ARTICLES: u32 = 30;
/// How many entries a feed holds: the site's and the section's feeds hold days 11 to 30.
const FEED_ENTRIES: u32 = 20;

fn article_path(day: u32) -> String {
    format!("content/articles/day-{day:02}.md")
}

fn article(day: u32, description: &str, updated: Option<&str>) -> String {
    let updated = updated.map_or(String::new(), |date| format!("updated = {date}\n"));
    format!(
        "+++\ntitle = \"Day {day}\"\ndate = 2025-01-{day:02}\ndescription = \"{description}\"\n{updated}tags = [\"daily\"]\n+++\nWhat happened on day {day}.\n"
    )
}

fn assert_same_as_clean_build(session: &Session, root: &Path, what: &str) {
    let clean = clean_build(root).expect("a clean build");
    let differing = differing_paths(session.output(), &clean);
    assert!(
        differing.is_empty(),
        "{what}: differs from a clean build: {differing:?}\n{}",
        first_difference(session.output(), &clean, &differing)
    );
}

#[test]
fn feeds_and_the_sitemap_follow_the_pages_they_show() {
    let fixture = Fixture::new("serve_site");
    let root = fixture.root();
    for day in 1..=ARTICLES {
        let text = article(day, &format!("The story of day {day}."), None);
        std::fs::write(root.join(article_path(day)), text).unwrap();
    }
    let mut session = Session::open(root, Overrides::default());
    session.build_all().expect("the site builds");
    let entries = |session: &Session| {
        let feed = session.output().files["atom.xml"].read().unwrap();
        String::from_utf8_lossy(&feed).matches("<entry>").count()
    };
    assert_eq!(entries(&session), FEED_ENTRIES as usize);

    let oldest_in_feeds = ARTICLES - FEED_ENTRIES + 1;
    for day in [ARTICLES, oldest_in_feeds, oldest_in_feeds - 1, 1] {
        let path = article_path(day);
        std::fs::write(root.join(&path), article(day, "Told again.", None)).unwrap();
        let outcome = session
            .rebuild(&[root.join(&path)])
            .expect("the edit builds");
        assert_same_as_clean_build(&session, root, &format!("description of day {day}"));
        let feeds = ["atom.xml", "articles/atom.xml"];
        for feed in feeds {
            let in_feed = day >= oldest_in_feeds;
            let remade = outcome.changed.iter().any(|changed| changed == feed);
            assert_eq!(remade, in_feed, "day {day}, {feed}: {:?}", outcome.changed);
        }
        assert!(!outcome.changed.contains(&"sitemap.xml".to_string()));
    }

    let path = article_path(3);
    let text = article(3, "Told again.", Some("2025-03-01"));
    std::fs::write(root.join(&path), text).unwrap();
    let outcome = session
        .rebuild(&[root.join(&path)])
        .expect("the edit builds");
    assert_same_as_clean_build(&session, root, "updated date of day 3");
    assert!(outcome.changed.contains(&"sitemap.xml".to_string()));
    assert!(!outcome.changed.contains(&"atom.xml".to_string()));
}
