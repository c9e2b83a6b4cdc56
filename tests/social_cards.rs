//! Sharing: every page's head carries OpenGraph tags (and `twitter:card`) whose `og:image` is a file of
//! the site (a 1200×630 card painted for it, or its own `image`), and JSON-LD that parses and
//! has the fields its schema.org type needs; cards are painted once and kept by content hash.

mod common;

use std::path::Path;

use common::Fixture;
use serde_json::Value;

/// The fields each type must have, after schema.org and Google's rich-results documentation
/// (Article, Practice problems / Quiz, Breadcrumb, Site names), for every block hearth writes.
/// A page's block has no `publisher` (Google's Article type does not read one; the site's
/// `Organization` is on the home page's `WebSite`) and a quiz's no `suggestedAnswer` (optional).
const REQUIRED: &[(&str, &[&str])] = &[
    (
        "BlogPosting",
        &["headline", "image", "author", "url", "mainEntityOfPage"],
    ),
    ("Quiz", &["name", "about", "hasPart", "url"]),
    ("Question", &["eduQuestionType", "text", "acceptedAnswer"]),
    ("Answer", &["text"]),
    ("CreativeWork", &["name", "url", "image", "author"]),
    ("WebPage", &["url"]),
    ("WebSite", &["name", "url"]),
    ("CollectionPage", &["name", "url"]),
    ("BreadcrumbList", &["itemListElement"]),
    ("ListItem", &["position", "name", "item"]),
    ("Person", &["name"]),
    ("Organization", &["name", "url"]),
    ("ImageObject", &["url"]),
    ("Thing", &["name"]),
];

/// Every HTML page of the output that is shared (not the 404 page, not an alias's redirect).
fn shared_pages(output: &Path) -> Vec<(String, String)> {
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(output) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "html") {
            continue;
        }
        let relative = path
            .strip_prefix(output)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let html = std::fs::read_to_string(path).unwrap();
        if relative == "404.html" || html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        pages.push((relative, html));
    }
    pages.sort();
    pages
}

fn json_ld_blocks(html: &str) -> Vec<&str> {
    let open = "<script type=\"application/ld+json\">";
    html.split(open)
        .skip(1)
        .map(|rest| rest.split("</script>").next().unwrap())
        .collect()
}

fn meta<'a>(html: &'a str, attribute: &str, name: &str) -> Option<&'a str> {
    let start = format!("<meta {attribute}=\"{name}\" content=\"");
    let rest = &html[html.find(&start)? + start.len()..];
    Some(&rest[..rest.find('"')?])
}

/// Every node with a `@type` in `value`, nested ones too.
fn typed_nodes<'a>(value: &'a Value, found: &mut Vec<&'a Value>) {
    match value {
        Value::Object(fields) => {
            if fields.contains_key("@type") {
                found.push(value);
            }
            fields.values().for_each(|v| typed_nodes(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| typed_nodes(v, found)),
        _ => {}
    }
}

fn is_present(value: Option<&Value>) -> bool {
    match value {
        None | Some(Value::Null) => false,
        Some(Value::String(text)) => !text.trim().is_empty(),
        Some(Value::Array(items)) => !items.is_empty(),
        Some(_) => true,
    }
}

/// Checks every shared page of a built site; returns each page's graph by its output path.
fn check_site(output: &Path, base_url: &str) -> Vec<(String, Vec<Value>)> {
    let mut problems = Vec::new();
    let mut graphs = Vec::new();
    let pages = shared_pages(output);
    assert!(pages.len() > 5, "pages found: {}", pages.len());
    for (name, html) in &pages {
        let blocks = json_ld_blocks(html);
        if blocks.len() != 1 {
            problems.push(format!("{name}: {} JSON-LD blocks", blocks.len()));
            continue;
        }
        let document: Value = match serde_json::from_str(blocks[0]) {
            Ok(value) => value,
            Err(error) => {
                problems.push(format!("{name}: JSON-LD does not parse: {error}"));
                continue;
            }
        };
        assert_eq!(document["@context"], "https://schema.org", "{name}");
        let graph = document["@graph"].as_array().cloned().unwrap_or_default();
        let mut nodes = Vec::new();
        typed_nodes(&document, &mut nodes);
        for node in nodes {
            let kind = node["@type"].as_str().unwrap_or_default();
            let Some((_, fields)) = REQUIRED.iter().find(|(name, _)| *name == kind) else {
                problems.push(format!("{name}: type `{kind}` has no required-field list"));
                continue;
            };
            for field in *fields {
                if !is_present(node.get(*field)) {
                    problems.push(format!("{name}: {kind} without `{field}`"));
                }
            }
        }
        let types: Vec<&str> = graph.iter().filter_map(|n| n["@type"].as_str()).collect();
        let is_home = name == "index.html";
        if is_home != types.contains(&"WebSite") {
            problems.push(format!(
                "{name}: WebSite where it does not belong: {types:?}"
            ));
        }
        if !is_home && !types.contains(&"BreadcrumbList") {
            problems.push(format!("{name}: no BreadcrumbList: {types:?}"));
        }
        let canonical = html.split("<link rel=\"canonical\" href=\"").nth(1);
        let canonical = canonical.and_then(|rest| rest.split('"').next());
        if !canonical.is_some_and(|url| url.starts_with(base_url)) {
            problems.push(format!("{name}: canonical URL {canonical:?}"));
        }
        for tag in [
            "og:title",
            "og:description",
            "og:url",
            "og:type",
            "og:site_name",
        ] {
            if meta(html, "property", tag).is_none_or(str::is_empty) {
                problems.push(format!("{name}: no {tag}"));
            }
        }
        // X reads a card's title, description and image from og:* when twitter:* has none.
        if meta(html, "name", "twitter:card").is_none() {
            problems.push(format!("{name}: no twitter:card"));
        }
        for tag in ["twitter:title", "twitter:description", "twitter:image"] {
            if meta(html, "name", tag).is_some() {
                problems.push(format!("{name}: {tag} repeats its og:* tag"));
            }
        }
        match meta(html, "property", "og:image") {
            None => problems.push(format!("{name}: no og:image")),
            Some(url) => match url.strip_prefix(base_url) {
                None => problems.push(format!("{name}: og:image {url} is not on the site")),
                Some(path) => {
                    if let Err(problem) = check_png(&output.join(path)) {
                        problems.push(format!("{name}: og:image {url}: {problem}"));
                    }
                }
            },
        }
        graphs.push((name.clone(), graph));
    }
    assert!(problems.is_empty(), "{problems:#?}");
    graphs
}

/// The file exists and decodes as a 1200×630 PNG.
fn check_png(file: &Path) -> Result<(), String> {
    let bytes = std::fs::read(file).map_err(|error| format!("{}: {error}", file.display()))?;
    let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .map_err(|error| format!("not a PNG: {error}"))?;
    let mut pixels = vec![0; reader.output_buffer_size().unwrap_or(0)];
    let frame = reader
        .next_frame(&mut pixels)
        .map_err(|error| format!("does not decode: {error}"))?;
    match (frame.width, frame.height) {
        (1200, 630) => Ok(()),
        size => Err(format!("{size:?}, expected 1200×630")),
    }
}

fn graph_of<'a>(graphs: &'a [(String, Vec<Value>)], page: &str) -> &'a [Value] {
    &graphs.iter().find(|(name, _)| name == page).unwrap().1
}

#[test]
fn every_page_of_the_repository_site_is_ready_to_share() {
    let fixture = Fixture::repository_site();
    fixture.build().expect("the site builds");
    let graphs = check_site(&fixture.output(), "https://stillhome.example.org/");
    let article = graph_of(&graphs, "articles/caring-in-marriage/index.html");
    assert_eq!(article[0]["@type"], "BlogPosting");
    assert_eq!(article[0]["datePublished"], "2024-03-25");
    let crumbs = &article[1]["itemListElement"];
    assert_eq!(crumbs[1]["item"], "https://stillhome.example.org/articles/");
    let home = graph_of(&graphs, "index.html");
    assert_eq!(home[0]["url"], "https://stillhome.example.org/");
}

#[test]
fn every_page_of_the_fixture_is_ready_to_share_and_typed_after_its_kind() {
    let fixture = Fixture::new("social_site");
    fixture.build().expect("the site builds");
    let base = "https://social.example.org/blog/";
    let graphs = check_site(&fixture.output(), base);
    let kind = |page: &str| graph_of(&graphs, page)[0]["@type"].clone();
    assert_eq!(kind("articles/long/index.html"), "BlogPosting");
    assert_eq!(kind("worksheets/before/index.html"), "CreativeWork");
    assert_eq!(kind("quizzes/facts/index.html"), "Quiz");
    assert_eq!(kind("quizzes/self/index.html"), "CreativeWork");
    assert_eq!(kind("about/index.html"), "WebPage");
    assert_eq!(kind("articles/page/2/index.html"), "CollectionPage");
    assert_eq!(kind("tags/caring/index.html"), "CollectionPage");

    let quiz = &graph_of(&graphs, "quizzes/facts/index.html")[0];
    let question = &quiz["hasPart"][0];
    assert_eq!(question["eduQuestionType"], "Checkbox");
    let accepted: Vec<&str> = (question["acceptedAnswer"].as_array().unwrap().iter())
        .map(|answer| answer["text"].as_str().unwrap())
        .collect();
    assert_eq!(accepted, ["Calm", "Fun"]);
    assert!(
        question.get("suggestedAnswer").is_none(),
        "a quiz's JSON-LD names its right answers only: {question}"
    );

    let covered = fixture.read("articles/covered/index.html");
    let own = format!("{base}articles/covered/cover.png");
    assert_eq!(meta(&covered, "property", "og:image"), Some(own.as_str()));
    assert_eq!(meta(&covered, "property", "og:image:width"), None);
    let from_static = fixture.read("articles/static-cover/index.html");
    let own = format!("{base}images/cover.png");
    assert_eq!(
        meta(&from_static, "property", "og:image"),
        Some(own.as_str())
    );

    let undated = &graph_of(&graphs, "articles/undated/index.html")[0];
    assert!(undated.get("datePublished").is_none());
    let long = &graph_of(&graphs, "articles/long/index.html")[0];
    assert_eq!(
        (&long["datePublished"], &long["dateModified"]),
        (&"2024-05-01".into(), &"2024-06-02".into())
    );

    // Pagination steps after the first show the first step's card, which only it makes.
    let first = fixture.read("articles/index.html");
    let second = fixture.read("articles/page/2/index.html");
    let card = meta(&first, "property", "og:image").unwrap();
    assert_eq!(meta(&second, "property", "og:image"), Some(card));
}

#[test]
fn pages_that_lead_to_others_show_the_card_of_their_section_or_the_home_page() {
    let fixture = Fixture::new("social_site");
    let report = fixture.build().expect("the site builds");
    let base = "https://social.example.org/blog/";
    let image = |page: &str| {
        let html = fixture.read(page);
        let url = meta(&html, "property", "og:image").map(str::to_string);
        url.unwrap_or_else(|| panic!("{page}: no og:image"))
    };
    let home = image("index.html");
    for page in ["tags/index.html", "tags/caring/index.html", "404.html"] {
        let url = image(page);
        assert_eq!(url, home, "{page}");
        let file = fixture.output().join(url.strip_prefix(base).unwrap());
        assert_eq!(check_png(&file), Ok(()), "{page}");
    }
    assert_eq!(
        image("articles/page/2/index.html"),
        image("articles/index.html")
    );

    // Only the pages people share have a card painted: every card is some page's own.
    let mut own_cards: Vec<String> = Vec::new();
    for (page, html) in shared_pages(&fixture.output()) {
        let url = meta(&html, "property", "og:image").unwrap();
        let reuses = page.starts_with("tags/") || page.contains("/page/");
        if url.contains("/cards/") && !reuses {
            own_cards.push(url.rsplit('/').next().unwrap().to_string());
        }
    }
    own_cards.sort();
    own_cards.dedup();
    let mut files: Vec<String> = std::fs::read_dir(fixture.output().join("cards"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files, own_cards);
    assert_eq!(report.cards_painted, files.len());
    assert!(fixture.root().join(".output.cards/CACHEDIR.TAG").is_file());
}

#[test]
fn a_title_with_quotes_and_a_closing_script_tag_stays_data() {
    let fixture = Fixture::new("social_site");
    fixture.build().expect("the site builds");
    let html = fixture.read("articles/long/index.html");
    assert!(
        !html.contains("<script>alert(1)"),
        "the title escaped its element"
    );
    let block = json_ld_blocks(&html)[0];
    assert!(block.contains("\\u003c/script\\u003e"), "{block}");
    let document: Value = serde_json::from_str(block).unwrap();
    let headline = document["@graph"][0]["headline"].as_str().unwrap();
    assert!(headline.starts_with("A \"long\" title </script><script>alert(1)</script> about"));
    assert!(headline.chars().count() <= 110);
    let site_name = &document["@graph"][1]["itemListElement"][0]["name"];
    assert_eq!(site_name, "Social \"Fixture\" & <Friends>");
    let title = meta(&html, "property", "og:title").unwrap();
    assert!(
        title.starts_with("A &quot;long&quot; title &lt;&#x2F;script&gt;")
            || title.starts_with("A &quot;long&quot; title &lt;/script&gt;"),
        "{title}"
    );
}

#[test]
fn a_missing_image_is_an_error_at_its_key() {
    let fixture = Fixture::new("social_site");
    let page = "+++\ntitle = \"Lost\"\nimage = \"lost.png\"\n+++\nText.\n";
    fixture.write("content/articles/lost.md", page);
    fixture.write(
        "content/articles/outside.md",
        &page.replace("lost.png", "/../secret.png"),
    );
    let errors = fixture.build().unwrap_err();
    assert_eq!(
        errors,
        [
            "content/articles/lost.md:3:1: `image` `lost.png` not found: no file at content/articles/lost.png; expected a file beside the page (`cover.png`), a path under static/ (`/images/cover.png`) or an https:// URL",
            "content/articles/outside.md:3:1: `image` `/../secret.png` not found: no file at static/../secret.png; expected a file beside the page (`cover.png`), a path under static/ (`/images/cover.png`) or an https:// URL",
        ]
    );
}

#[test]
fn cards_are_painted_once_and_a_new_title_gets_a_new_card() {
    let fixture = Fixture::new("social_site");
    let first = fixture.build().expect("the site builds");
    assert!(first.cards_painted > 5, "{first:?}");
    let cards_of = || {
        let mut names: Vec<String> = std::fs::read_dir(fixture.output().join("cards"))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let cards = cards_of();
    assert_eq!(cards.len(), first.cards_painted);

    // The build cache renders nothing again; without it, every card comes from the card cache.
    assert_eq!(fixture.build().unwrap().cards_painted, 0);
    std::fs::remove_dir_all(fixture.root().join(".output.cache")).unwrap();
    let again = fixture.build().unwrap();
    assert_eq!((again.cards_painted, cards_of()), (0, cards.clone()));

    let page = "content/worksheets/before.md";
    let text = std::fs::read_to_string(fixture.root().join(page)).unwrap();
    fixture.write(page, &text.replace("Before I act", "Before I speak"));
    let retitled = fixture.build().unwrap();
    assert_eq!(retitled.cards_painted, 1);
    let now = cards_of();
    assert_eq!(now.len(), cards.len());
    assert_eq!(now.iter().filter(|name| !cards.contains(name)).count(), 1);
    let html = fixture.read("worksheets/before/index.html");
    let image = meta(&html, "property", "og:image").unwrap();
    assert!(
        now.iter().any(|name| image.ends_with(name.as_str())),
        "{image}"
    );
}

#[test]
fn cards_can_be_turned_off() {
    let fixture = Fixture::new("social_site");
    let config = std::fs::read_to_string(fixture.root().join("hearth.toml")).unwrap();
    fixture.write(
        "hearth.toml",
        &format!("{config}\n[cards]\nenabled = false\n"),
    );
    let report = fixture.build().expect("the site builds");
    assert_eq!(report.cards_painted, 0);
    assert!(!fixture.output().join("cards").exists());
    let html = fixture.read("worksheets/before/index.html");
    assert_eq!(meta(&html, "property", "og:image"), None);
    assert_eq!(meta(&html, "name", "twitter:card"), Some("summary"));
    let covered = fixture.read("articles/covered/index.html");
    assert!(meta(&covered, "property", "og:image").is_some());
}

#[test]
fn a_card_colour_that_is_not_one_is_an_error_in_the_theme() {
    let fixture = Fixture::new("social_site");
    let manifest = "themes/hearth/theme.toml";
    let text = std::fs::read_to_string(fixture.root().join(manifest)).unwrap();
    fixture.write(
        manifest,
        &text.replace("accent = \"#a4461d\"", "accent = \"rust\""),
    );
    let line = text.lines().position(|l| l.starts_with("accent")).unwrap() + 1;
    let errors = fixture.build().unwrap_err();
    assert_eq!(
        errors,
        [format!(
            "themes/hearth/theme.toml:{line}:10: `rust` is not a colour; expected `#rrggbb` or `#rgb`"
        )]
    );
}
