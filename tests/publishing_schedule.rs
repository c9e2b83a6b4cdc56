//! Scheduling: a page dated after the build's "now" is left out of pages, feeds, the sitemap
//! and tags unless `--future` asks for it (then it is marked "Scheduled for …"); a page whose
//! `expires` date has come is taken down.

mod common;

use std::process::Command;

use common::Fixture;
use hearth::config::{Overrides, Settings};
use hearth::model::date::Date;

const SCHEDULED: &str = "+++\ntitle = \"Coming Soon\"\ndate = 2030-05-01\ntags = [\"patience\"]\n+++\nA word only the scheduled page has: lighthouse.\n";
const EXPIRING: &str = "+++\ntitle = \"Summer Offer\"\ndate = 2024-01-01\nexpires = 2025-06-01\ntags = [\"offers\"]\n+++\nGone after the summer.\n";

fn site() -> Fixture {
    let fixture = Fixture::new("basic");
    fixture.write("content/articles/coming-soon.md", SCHEDULED);
    fixture.write("content/articles/summer-offer.md", EXPIRING);
    fixture
}

fn build_at(fixture: &Fixture, now: &str, future: bool) {
    let overrides = Overrides {
        include_future: future,
        now: Some(Date::parse(now).unwrap()),
        ..Overrides::default()
    };
    let settings = Settings::load(fixture.root(), overrides).unwrap();
    hearth::build::build(&settings).expect("the site builds");
}

fn mentions_everywhere(fixture: &Fixture, url: &str, tag: &str) -> Vec<(&'static str, bool)> {
    let output = fixture.output();
    vec![
        ("page", output.join(url).join("index.html").exists()),
        ("tag page", output.join("tags").join(tag).exists()),
        ("site feed", fixture.read("atom.xml").contains(url)),
        (
            "section feed",
            fixture.read("articles/atom.xml").contains(url),
        ),
        ("sitemap", fixture.read("sitemap.xml").contains(url)),
        ("listing", listing(fixture).contains(url)),
    ]
}

/// Every step of the articles' paginated listing.
fn listing(fixture: &Fixture) -> String {
    let mut text = fixture.read("articles/index.html");
    for step in 2.. {
        let path = format!("articles/page/{step}/index.html");
        if !fixture.output().join(&path).exists() {
            break;
        }
        text.push_str(&fixture.read(&path));
    }
    text
}

#[test]
fn a_future_page_is_published_only_with_future_and_then_marked() {
    let fixture = site();
    build_at(&fixture, "2026-01-01T00:00:00Z", false);
    for (place, found) in mentions_everywhere(&fixture, "articles/coming-soon/", "patience") {
        assert!(
            !found,
            "the scheduled page is in the {place} without --future"
        );
    }

    build_at(&fixture, "2026-01-01T00:00:00Z", true);
    for (place, found) in mentions_everywhere(&fixture, "articles/coming-soon/", "patience") {
        assert!(
            found,
            "the scheduled page is missing from the {place} with --future"
        );
    }
    let page = fixture.read("articles/coming-soon/index.html");
    assert!(
        page.contains("Scheduled for <time datetime=\"2030-05-01\">1 May 2030</time>"),
        "{page}"
    );
    let published = fixture.read("articles/first/index.html");
    assert!(!published.contains("Scheduled for"));

    build_at(&fixture, "2030-05-01T08:00:00Z", false);
    let page = fixture.read("articles/coming-soon/index.html");
    assert!(!page.contains("Scheduled for"), "its day has come: {page}");
}

#[test]
fn an_expired_page_is_taken_down_on_its_date() {
    let fixture = site();
    build_at(&fixture, "2025-05-31T23:59:59Z", false);
    for (place, found) in mentions_everywhere(&fixture, "articles/summer-offer/", "offers") {
        assert!(
            found,
            "the page is missing from the {place} before it expires"
        );
    }
    build_at(&fixture, "2025-06-01T00:00:00Z", true);
    for (place, found) in mentions_everywhere(&fixture, "articles/summer-offer/", "offers") {
        assert!(!found, "the expired page is still in the {place}");
    }
}

#[test]
fn the_command_line_takes_future() {
    let fixture = site();
    let build = |extra: &[&str]| {
        let status = Command::new(env!("CARGO_BIN_EXE_hearth"))
            .arg("build")
            .arg("--root")
            .arg(fixture.root())
            .args(extra)
            .output()
            .unwrap();
        assert!(status.status.success(), "{status:?}");
    };
    let page = fixture.output().join("articles/coming-soon/index.html");
    build(&[]);
    assert!(!page.exists());
    build(&["--future"]);
    assert!(page.exists());
    let check = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["check", "--future", "--root"])
        .arg(fixture.root())
        .output()
        .unwrap();
    assert!(check.status.success(), "{check:?}");
}

#[test]
fn a_bad_expiry_date_is_reported_at_its_key() {
    let fixture = Fixture::new("basic");
    fixture.write(
        "content/articles/bad.md",
        "+++\ntitle = \"Bad\"\nexpires = \"next week\"\n+++\nBody.\n",
    );
    let errors = fixture.build().unwrap_err();
    assert_eq!(
        errors,
        vec![
            "content/articles/bad.md:3:1: `expires` is not a date: `next week`; expected a date such as 2024-05-01 or 2024-05-01T09:30:00Z"
        ]
    );
}
