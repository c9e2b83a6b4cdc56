//! The repository's own site, built as a newcomer would: every part of the advice text is there,
//! and so is everything around it (listings, tags, feed, sitemap, robots.txt, 404).

mod common;

use common::Fixture;

/// Lowercase words of letters and digits only: HTML tags, entities, punctuation and
/// typographic quotes do not count.
fn words(text: &str) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut in_tag = false;
    let mut in_entity = false;
    for ch in text.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                plain.push(' ');
            }
            '&' if !in_tag => in_entity = true,
            ';' if in_entity => in_entity = false,
            _ if in_tag || in_entity => {}
            '\u{2019}' | '\'' => {}
            _ if ch.is_alphanumeric() => plain.extend(ch.to_lowercase()),
            _ => plain.push(' '),
        }
    }
    plain.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The seed's paragraphs, with its bullet markers dropped and its obvious typos fixed as the
/// articles fix them.
fn seed_paragraphs() -> Vec<String> {
    let seed = std::fs::read_to_string(common::repo_root().join("tests/data/seed.txt")).unwrap();
    let fixed = seed
        .replace("Want It Home", "Want Him Home")
        .replace("than I encourage", "then I encourage")
        .replace("all in the save", "all in to save");
    fixed
        .split("\n\n")
        .skip(1)
        .map(|paragraph| {
            let lines: Vec<&str> = paragraph
                .lines()
                .map(|line| line.strip_prefix("o ").unwrap_or(line))
                .collect();
            words(&lines.join(" "))
        })
        .filter(|paragraph| !paragraph.is_empty())
        .collect()
}

#[test]
fn the_advice_site_builds_with_every_paragraph_of_the_seed() {
    let site = Fixture::repository_site();
    site.build()
        .unwrap_or_else(|errors| panic!("{}", errors.join("\n")));

    let articles: Vec<String> = std::fs::read_dir(site.output().join("articles"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("index.html").is_file() && !path.ends_with("page"))
        .map(|path| std::fs::read_to_string(path.join("index.html")).unwrap())
        .collect();
    assert_eq!(articles.len(), 4, "four article pages");
    let all_text = words(&articles.join(" "));
    let paragraphs = seed_paragraphs();
    let missing: Vec<&String> = paragraphs
        .iter()
        .filter(|p| !all_text.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "seed paragraphs missing from the articles:\n{missing:#?}"
    );
    assert!(
        paragraphs.len() >= 45,
        "the seed was read ({} paragraphs)",
        paragraphs.len()
    );

    let home = site.read("index.html");
    assert!(home.contains("<h1"), "the home page has a heading");
    for article in &articles {
        assert!(article.contains("<h1"));
    }
    site.read("articles/index.html");
    site.read("tags/index.html");
    site.read("404.html");
    let robots = site.read("robots.txt");
    assert!(robots.contains("Sitemap: "));
}

#[test]
fn feed_and_sitemap_cover_the_site() {
    let site = Fixture::repository_site();
    site.build()
        .unwrap_or_else(|errors| panic!("{}", errors.join("\n")));
    let feed = site.read("atom.xml");
    let feed = roxmltree::Document::parse(&feed).expect("atom.xml is valid XML");
    let entries = feed
        .descendants()
        .filter(|node| node.has_tag_name("entry"))
        .count();
    assert!(entries >= 4, "the feed holds the articles ({entries})");

    let sitemap = site.read("sitemap.xml");
    let sitemap = roxmltree::Document::parse(&sitemap).expect("sitemap.xml is valid XML");
    let listed: Vec<&str> = sitemap
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    let base = site.settings().base_url;
    for entry in walkdir::WalkDir::new(site.output()) {
        let entry = entry.unwrap();
        if entry.file_name() != "index.html" {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        let folder = entry
            .path()
            .parent()
            .unwrap()
            .strip_prefix(site.output())
            .unwrap();
        let folder = folder.to_string_lossy();
        if folder.contains("/page/") {
            continue;
        }
        let url = if folder.is_empty() {
            base.clone()
        } else {
            format!("{base}{folder}/")
        };
        assert!(
            listed.contains(&url.as_str()),
            "{url} is not in the sitemap"
        );
    }
}
