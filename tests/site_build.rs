//! The site around the pages, built end to end from a fixture: URLs, listings, tags, feeds,
//! pagination, aliases, drafts, neighbours — and builds that are safe and repeatable.

mod common;

use common::{Fixture, snapshot};

fn built(case: &str) -> Fixture {
    let fixture = Fixture::new(case);
    fixture
        .build()
        .unwrap_or_else(|errors| panic!("{}", errors.join("\n")));
    fixture
}

#[test]
fn every_page_gets_a_pretty_url() {
    let site = built("basic");
    for path in [
        "index.html",
        "articles/index.html",
        "articles/first/index.html",
        "articles/second/index.html",
        "about/index.html",
        "404.html",
    ] {
        assert!(site.output().join(path).is_file(), "missing {path}");
    }
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = built("basic");
    assert!(!site.output().join("articles/draft").exists());
    let mut settings = site.settings();
    settings.include_drafts = true;
    hearth::build::build(&settings).unwrap();
    assert!(site.output().join("articles/draft/index.html").is_file());
}

#[test]
fn internal_links_become_urls_with_their_anchor() {
    let page = built("basic").read("articles/first/index.html");
    assert!(
        page.contains(
            "href=\"../second/#how-to-start\" data-path=\"/articles/second/#how-to-start\""
        ),
        "{page}"
    );
    assert!(
        page.contains("href=\"../../about/\" data-path=\"/about/\""),
        "{page}"
    );
}

#[test]
fn sections_paginate() {
    let site = built("basic");
    let first = site.read("articles/index.html");
    let second = site.read("articles/page/2/index.html");
    assert!(first.contains("The Third") && first.contains("The Second"));
    assert!(!first.contains("The First"));
    assert!(second.contains("The First"));
    assert!(
        first.contains("href=\"page/2/\" rel=\"next\" data-path=\"/articles/page/2/\""),
        "no link to the next step"
    );
}

#[test]
fn tags_have_an_index_and_a_page_each() {
    let site = built("basic");
    let index = site.read("tags/index.html");
    assert!(
        index.contains("href=\"trust/\" data-path=\"/tags/trust/\"")
            && index.contains("href=\"listening/\" data-path=\"/tags/listening/\"")
    );
    let trust = site.read("tags/trust/index.html");
    assert!(trust.contains("The First") && trust.contains("The Second"));
    assert!(!trust.contains("The Third"));
}

#[test]
fn neighbours_link_within_the_section_in_reading_order() {
    let site = built("basic");
    let second = site.read("articles/second/index.html");
    assert!(
        second.contains("data-path=\"/articles/first/\""),
        "no link to the older article"
    );
    assert!(
        second.contains("data-path=\"/articles/third/\""),
        "no link to the newer article"
    );
}

#[test]
fn aliases_redirect_without_a_script() {
    let redirect = built("basic").read("old/first/index.html");
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/articles/first/\">"));
    assert!(!redirect.contains("<script"));
}

#[test]
fn feeds_and_sitemap_are_valid_xml() {
    let site = built("basic");
    let feed = site.read("atom.xml");
    let document = roxmltree::Document::parse(&feed).expect("atom.xml is XML");
    let titles: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("entry"))
        .filter_map(|entry| {
            entry
                .children()
                .find(|n| n.has_tag_name("title"))
                .and_then(|n| n.text())
        })
        .collect();
    assert_eq!(titles, ["The Third", "The Second", "The First"]);
    roxmltree::Document::parse(&site.read("articles/atom.xml")).expect("the section feed is XML");
    let sitemap = site.read("sitemap.xml");
    let document = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is XML");
    let locations: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    for expected in [
        "https://fixture.example.org/",
        "https://fixture.example.org/articles/first/",
        "https://fixture.example.org/about/",
        "https://fixture.example.org/tags/trust/",
    ] {
        assert!(
            locations.contains(&expected),
            "{expected} not in the sitemap"
        );
    }
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://fixture.example.org/sitemap.xml")
    );
}

#[test]
fn code_is_highlighted_with_classes_and_a_stylesheet() {
    let site = built("basic");
    let page = site.read("articles/second/index.html");
    assert!(page.contains("class=\"hl-"), "no highlight classes");
    let css = site.read("highlight.css");
    assert!(css.contains("prefers-color-scheme:dark"), "{css}");
    assert!(
        css.contains("[data-theme=dark]"),
        "a reader's choice of dark: {css}"
    );
    let article = site.read("articles/first/index.html");
    assert!(
        page.contains("<link rel=\"stylesheet\" href=\"../../highlight.css\">")
            && !article.contains("highlight.css"),
        "only pages with code load the highlighting"
    );
}

#[test]
fn a_base_url_with_a_path_prefixes_every_link() {
    let fixture = Fixture::new("basic");
    let mut settings = fixture.settings();
    settings = hearth::config::Settings::from_config(
        fixture.root(),
        settings.config,
        hearth::config::Overrides {
            base_url: Some("https://example.org/blog/".into()),
            ..Default::default()
        },
    );
    hearth::build::build(&settings).unwrap();
    let page = fixture.read("articles/first/index.html");
    assert!(
        page.contains(
            "href=\"../second/#how-to-start\" data-path=\"/blog/articles/second/#how-to-start\""
        ),
        "{page}"
    );
}

#[test]
fn two_builds_of_the_same_input_are_byte_identical() {
    let site = built("basic");
    let first = snapshot(&site.output());
    site.build().unwrap();
    assert_eq!(first, snapshot(&site.output()));
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = built("basic");
    let before = snapshot(&site.output());
    site.write(
        "content/articles/broken.md",
        "+++\ntitle = \"Broken\"\nnope = 1\n+++\n",
    );
    assert!(site.build().is_err());
    assert_eq!(before, snapshot(&site.output()));
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        // The caches kept beside the output between builds, and its lock, are no staging folders.
        .filter(|name| name.starts_with('.'))
        .filter(|name| {
            ![
                ".output.lock",
                ".output.hashes",
                ".output.listings",
                ".output.cards",
                ".output.images",
            ]
            .contains(&name.as_str())
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_build_over_an_older_site_equals_a_clean_build() {
    let site = built("basic");
    site.build().unwrap();
    std::fs::remove_file(site.root().join("content/articles/third.md")).unwrap();
    site.write(
        "content/articles/fourth.md",
        "+++\ntitle = \"Fourth\"\ndate = 2024-05-01\ntags = [\"new tag\"]\n+++\nA new article.\n",
    );
    site.write(
        "content/about.md",
        "+++\ntitle = \"About us\"\n+++\nChanged.\n",
    );
    site.build().unwrap();
    let mut clean = site.settings();
    clean.output_dir = site.root().join("clean");
    hearth::build::build(&clean).unwrap();
    assert_eq!(snapshot(&site.output()), snapshot(&clean.output_dir));
    assert!(!site.output().join("articles/third").exists());
}
