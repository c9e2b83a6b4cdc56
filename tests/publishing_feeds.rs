//! Series and feeds: a series shows "Part N of M" on each of its pages; every tag has its own
//! Atom feed, linked from its page; feeds carry whole pages (or, when asked, summaries labelled
//! as such) with every link absolute.

#[path = "serve/clean_build.rs"]
mod clean_build;
mod common;

use clean_build::{clean_build, differing_paths};
use common::Fixture;
use hearth::build::session::Session;
use hearth::config::Overrides;

fn part(title: &str, order: i64, date: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\ndate = {date}\nseries = \"Starting over\"\nseries_order = {order}\n+++\nOne part of the series.\n"
    )
}

fn series_site() -> Fixture {
    let fixture = Fixture::new("basic");
    fixture.write(
        "content/articles/week-one.md",
        &part("Week one", 1, "2024-06-03"),
    );
    fixture.write(
        "content/articles/week-two.md",
        &part("Week two", 2, "2024-06-01"),
    );
    fixture.write(
        "content/articles/week-three.md",
        &part("Week three", 3, "2024-06-02"),
    );
    fixture
}

#[test]
fn each_part_of_a_series_says_which_part_it_is() {
    let fixture = series_site();
    fixture.build().expect("the site builds");
    let second = fixture.read("articles/week-two/index.html");
    assert!(
        second.contains("<span class=\"series-nav-part\">Part 2 of 3</span> in the series <strong>Starting over</strong>"),
        "{second}"
    );
    let parts = second.split("series-nav-parts").nth(1).unwrap();
    let in_order = ["/articles/week-one/", "Week two", "/articles/week-three/"];
    let positions: Vec<usize> = in_order
        .iter()
        .map(|text| parts.find(text).unwrap())
        .collect();
    assert!(positions.is_sorted(), "{parts}");
    assert!(parts.contains("<span aria-current=\"page\">Week two</span>"));
    let first = fixture.read("articles/week-one/index.html");
    assert!(first.contains("Part 1 of 3"));
    let outside = fixture.read("articles/first/index.html");
    assert!(!outside.contains("series-nav"));
}

#[test]
fn a_renamed_part_is_renamed_in_every_part_as_a_clean_build_does() {
    let fixture = series_site();
    let mut session = Session::open(fixture.root(), Overrides::default());
    session.build_all().expect("the site builds");
    let path = "content/articles/week-one.md";
    fixture.write(
        path,
        &part("The first week", 1, "2024-06-03").replace("One part", "Another part"),
    );
    let outcome = session
        .rebuild(&[fixture.root().join(path)])
        .expect("the edit builds");
    for page in [
        "articles/week-two/index.html",
        "articles/week-three/index.html",
    ] {
        assert!(
            outcome.changed.iter().any(|changed| changed == page),
            "{page}: {:?}",
            outcome.changed
        );
    }
    let clean = clean_build(fixture.root()).expect("a clean build");
    assert_eq!(
        differing_paths(session.output(), &clean),
        Default::default()
    );
}

/// The `href` and `src` values in the HTML of a feed's entries.
fn links_in(feed: &str) -> Vec<String> {
    let document = roxmltree::Document::parse(feed).expect("the feed is XML");
    let mut links = Vec::new();
    for node in document.descendants() {
        if !matches!(node.tag_name().name(), "content" | "summary") {
            continue;
        }
        let html = node.text().unwrap_or_default();
        for attribute in [" href=\"", " src=\""] {
            for piece in html.split(attribute).skip(1) {
                links.push(piece.split('"').next().unwrap().to_string());
            }
        }
    }
    links
}

#[test]
fn feeds_carry_whole_pages_with_absolute_links() {
    let fixture = Fixture::new("basic");
    fixture.write(
        "content/articles/pictured.md",
        "+++\ntitle = \"Pictured\"\ndate = 2024-05-01\ntags = [\"trust\"]\n+++\n## Intro\n\nIntro.\n\n<!-- more -->\n\n![A kettle](kettle.png)\n\nBack to [the top](#intro) or [the first](@/articles/first.md).\n",
    );
    std::fs::copy(
        common::repo_root().join("tests/fixtures/images_site/static/img/zola.png"),
        fixture.root().join("content/articles/kettle.png"),
    )
    .unwrap();
    fixture.build().expect("the site builds");
    let feed = fixture.read("atom.xml");
    let document = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let entry = document
        .descendants()
        .find(|node| node.has_tag_name("entry"))
        .expect("an entry");
    let content = entry
        .children()
        .find(|node| node.has_tag_name("content"))
        .expect("the whole page as content");
    let html = content.text().unwrap();
    assert!(
        html.contains("Back to"),
        "the text after <!-- more --> is in the feed: {html}"
    );
    let links = links_in(&feed);
    assert!(
        links.contains(&"https://fixture.example.org/articles/kettle.png".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"https://fixture.example.org/articles/pictured/#intro".to_string()),
        "{links:?}"
    );
    assert!(
        links.contains(&"https://fixture.example.org/articles/first/".to_string()),
        "{links:?}"
    );
    for link in &links {
        assert!(
            link.starts_with("https://"),
            "a relative link in the feed: {link}"
        );
    }
}

#[test]
fn every_tag_has_a_feed_linked_from_its_page() {
    let fixture = Fixture::new("basic");
    fixture.build().expect("the site builds");
    let feed = fixture.read("tags/trust/atom.xml");
    let document = roxmltree::Document::parse(&feed).expect("the tag feed is XML");
    let titles: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("entry"))
        .filter_map(|entry| entry.children().find(|n| n.has_tag_name("title"))?.text())
        .collect();
    assert_eq!(titles, ["The Second", "The First"]);
    let self_link = document
        .descendants()
        .find(|node| node.has_tag_name("link") && node.attribute("rel") == Some("self"))
        .and_then(|node| node.attribute("href"));
    assert_eq!(
        self_link,
        Some("https://fixture.example.org/tags/trust/atom.xml")
    );
    let page = fixture.read("tags/trust/index.html");
    assert!(page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Tagged “trust” — Fixture Site\" href=\"atom.xml\">"), "{page}");
    assert!(
        page.contains("<a href=\"atom.xml\" data-path=\"/tags/trust/atom.xml\">"),
        "{page}"
    );
}

#[test]
fn summary_feeds_say_so_and_link_to_the_rest() {
    let fixture = Fixture::new("basic");
    let config = std::fs::read_to_string(fixture.root().join("hearth.toml")).unwrap();
    fixture.write(
        "hearth.toml",
        &format!("{config}\n[feed]\ncontent = \"summary\"\n"),
    );
    fixture.build().expect("the site builds");
    let feed = fixture.read("atom.xml");
    let document = roxmltree::Document::parse(&feed).expect("the feed is XML");
    let first = document
        .descendants()
        .filter(|node| node.has_tag_name("entry"))
        .find(|entry| entry.children().any(|n| n.text() == Some("The First")))
        .expect("the first article's entry");
    assert!(
        !first.children().any(|n| n.has_tag_name("content")),
        "a summary is not labelled as the whole content"
    );
    let summary = first
        .children()
        .find(|n| n.has_tag_name("summary"))
        .expect("a summary");
    assert_eq!(summary.attribute("type"), Some("html"));
    let html = summary.text().unwrap();
    assert!(
        html.contains("First paragraph of the first article."),
        "{html}"
    );
    assert!(!html.contains("Why it matters"), "{html}");
    assert!(html.ends_with("<p><a href=\"https://fixture.example.org/articles/first/\">Read the rest of “The First”</a></p>"), "{html}");
}

#[test]
fn a_misspelt_feed_setting_names_its_line() {
    let fixture = Fixture::new("basic");
    let config = std::fs::read_to_string(fixture.root().join("hearth.toml")).unwrap();
    fixture.write(
        "hearth.toml",
        &format!("{config}\n[feed]\ncontent = \"all\"\n"),
    );
    let error = hearth::config::Settings::load(fixture.root(), Overrides::default()).unwrap_err();
    assert_eq!(
        error.to_string(),
        "hearth.toml:11:11: unknown variant `all`, expected `full` or `summary`"
    );
}

#[test]
fn a_control_character_pasted_into_a_page_leaves_the_feed_xml() {
    let fixture = Fixture::new("basic");
    // A vertical tab, as text copied from a word processor (and WordPress exports) may hold.
    fixture.write(
        "content/articles/pasted.md",
        "+++\ntitle = \"Pasted text\"\ndate = 2024-05-02\n+++\nA line\u{b}with a vertical tab.\n",
    );
    fixture.build().expect("the site builds");
    let feed = fixture.read("atom.xml");
    roxmltree::Document::parse(&feed).unwrap_or_else(|e| panic!("the feed is not XML: {e}"));
    assert!(feed.contains("A linewith a vertical tab."), "{feed}");
}
