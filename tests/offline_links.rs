//! The built site opens from disk: every page's links and assets are relative to the page and
//! lead to a file of the output, with or without a base URL that has a path; feeds, sitemap
//! and canonical URLs stay absolute.

mod common;

use std::path::Path;

use common::Fixture;
use hearth::config::{Overrides, Settings};

/// Pages whose links stay root-relative on purpose: the 404 page is served at any URL, and an
/// alias's redirect page answers an old URL of the published site.
fn keeps_root_links(html: &str, name: &str) -> bool {
    name == "404.html" || html.contains("<meta http-equiv=\"refresh\"")
}

/// Every `href`, `src` and `srcset` URL of `html` (attribute values in double quotes).
fn urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for name in [" href=\"", " src=\"", " srcset=\"", " data-search-root=\""] {
        for (at, _) in html.match_indices(name) {
            let start = at + name.len();
            let value = &html[start..start + html[start..].find('"').unwrap()];
            if name == " srcset=\"" {
                found.extend(
                    value
                        .split(',')
                        .map(|c| c.split_whitespace().next().unwrap_or("").to_string()),
                );
            } else {
                found.push(value.to_string());
            }
        }
    }
    found
}

/// The HTML pages of `output`, as (path under output, text).
fn pages(output: &Path) -> Vec<(String, String)> {
    walkdir::WalkDir::new(output)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "html"))
        .map(|entry| {
            let name = entry.path().strip_prefix(output).unwrap();
            let name = name.to_string_lossy().replace('\\', "/");
            (name, std::fs::read_to_string(entry.path()).unwrap())
        })
        .collect()
}

/// The file a relative `url` of the page `page` (a path under output) opens from disk.
fn target(output: &Path, page: &str, url: &str) -> std::path::PathBuf {
    let path = url.split(['#', '?']).next().unwrap();
    let folder = Path::new(page).parent().unwrap_or(Path::new(""));
    let mut file = output.join(folder).join(path);
    if path.is_empty() || path.ends_with('/') {
        file.push("index.html");
    }
    file
}

fn is_internal(url: &str) -> bool {
    !(url.is_empty() || url.starts_with('#') || url.contains(':') || url.starts_with("//"))
}

/// Every page's internal links are relative and each leads to a file that exists.
fn assert_opens_from_disk(output: &Path) {
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, html) in pages(output) {
        let root_links = keeps_root_links(&html, &name);
        for url in urls(&html).into_iter().filter(|url| is_internal(url)) {
            if url.starts_with('/') {
                if !root_links {
                    problems.push(format!("{name}: `{url}` is root-relative"));
                }
                continue;
            }
            checked += 1;
            let file = target(output, &name, &url);
            if !file.is_file() {
                problems.push(format!(
                    "{name}: `{url}` leads to no file ({})",
                    file.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked > 0, "no relative link was found in any page");
}

#[test]
fn the_repository_site_opens_from_disk() {
    let site = Fixture::repository_site();
    site.build().expect("the site builds");
    assert_opens_from_disk(&site.output());
    let article = site.read("articles/husband-left-how-to-get-him-back/index.html");
    assert!(article.contains("href=\"../../style.css\""), "{article}");
    assert!(article.contains("data-search-root=\"../../\""));
    let home = site.read("index.html");
    assert!(home.contains("<link rel=\"stylesheet\" href=\"style.css\">"));
    assert!(
        home.contains("<a class=\"site-name\" href=\"./\" aria-current=\"page\">"),
        "the header's links, never printed, keep no site path"
    );
}

#[test]
fn a_base_url_with_a_path_keeps_absolute_urls_where_they_must_be() {
    let site = Fixture::repository_site();
    let settings = Settings::load(
        site.root(),
        Overrides {
            base_url: Some("https://example.org/blog/".into()),
            ..Overrides::default()
        },
    )
    .unwrap();
    hearth::build::build(&settings).expect("the site builds");
    assert_opens_from_disk(&site.output());
    let article = site.read("articles/husband-left-how-to-get-him-back/index.html");
    assert!(article.contains(
        "<link rel=\"canonical\" href=\"https://example.org/blog/articles/husband-left-how-to-get-him-back/\">"
    ));
    assert!(
        article.contains("data-path=\"/blog/"),
        "links keep their site URL for print"
    );
    let feed = site.read("atom.xml");
    assert!(
        feed.contains("type=\"text/html\" href=\"https://example.org/blog/articles/"),
        "{feed}"
    );
    assert!(
        !feed.contains("href=\"../"),
        "feeds have no page-relative link"
    );
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(
        "<loc>https://example.org/blog/articles/husband-left-how-to-get-him-back/</loc>"
    ));
    let not_found = site.read("404.html");
    assert!(
        not_found.contains("href=\"/blog/style.css\""),
        "the 404 page is served anywhere"
    );
}
