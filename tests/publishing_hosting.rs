//! Ready for static hosts: `_headers` carries a Content-Security-Policy that every page of the
//! site satisfies, and `_redirects` turns each alias into a real 301, beside its HTML page.

mod common;

use common::Fixture;

#[test]
fn aliases_are_permanent_redirects_and_still_pages() {
    let fixture = Fixture::new("basic");
    fixture.build().expect("the site builds");
    let redirects = fixture.read("_redirects");
    let rules: Vec<&str> = redirects.lines().filter(|l| !l.starts_with('#')).collect();
    assert_eq!(rules, ["/old/first/ /articles/first/ 301"]);
    let page = fixture.read("old/first/index.html");
    assert!(page.contains("url=/articles/first/"), "{page}");
}

#[test]
fn redirects_and_headers_follow_the_base_path() {
    let fixture = Fixture::new("basic");
    let settings = hearth::config::Settings::from_config(
        fixture.root(),
        fixture.settings().config,
        hearth::config::Overrides {
            base_url: Some("https://example.org/blog/".into()),
            ..Default::default()
        },
    );
    hearth::build::build(&settings).expect("the site builds");
    assert!(
        fixture
            .read("_redirects")
            .contains("\n/blog/old/first/ /blog/articles/first/ 301\n")
    );
    assert!(fixture.read("_headers").contains("\n/blog/*\n"));
}

#[test]
fn every_page_satisfies_the_policy_it_is_served_with() {
    let fixture = Fixture::repository_site();
    fixture.build().expect("the site builds");
    let headers = fixture.read("_headers");
    let policy = headers
        .lines()
        .find_map(|line| line.trim().strip_prefix("Content-Security-Policy: "))
        .expect("a Content-Security-Policy");
    assert!(policy.starts_with("default-src 'self';"), "{policy}");
    assert!(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"));
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(fixture.output()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|ext| ext != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        let name = entry.path().display().to_string();
        for piece in html.split("<script").skip(1) {
            let tag = piece.split('>').next().unwrap_or_default();
            if !tag.contains(" src=\"") || tag.contains("://") || tag.contains(" src=\"//") {
                problems.push(format!("{name}: an inline or foreign script <script{tag}>"));
            }
        }
        for attribute in [
            " style=\"",
            " onclick=\"",
            " onload=\"",
            " onerror=\"",
            "<style",
        ] {
            if html.contains(attribute) {
                problems.push(format!("{name}: inline `{attribute}`"));
            }
        }
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
