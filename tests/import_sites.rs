//! Real sites made with WordPress, Zola, Hugo and mdBook (`tests/fixtures/import/`), imported:
//! each new site builds, every link inside it leads somewhere, no page shows a header or a
//! shortcode as text, and the report names what could not come along.

mod common;

use std::path::{Path, PathBuf};

use hearth::config::{Overrides, Settings};
use hearth::import::{Report, SourceKind, import};

struct Imported {
    _dir: tempfile::TempDir,
    root: PathBuf,
    report: Report,
}

fn fixture(path: &str) -> PathBuf {
    common::repo_root().join("tests/fixtures/import").join(path)
}

/// Imports `source`, checks the source was left as it was, and builds the new site.
fn import_and_build(kind: SourceKind, source: &str) -> Imported {
    let source = fixture(source);
    let before = common::snapshot(if source.is_dir() {
        &source
    } else {
        source.parent().unwrap()
    });
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let report = import(kind, &source, &root).unwrap_or_else(|e| panic!("{e}"));
    let after = common::snapshot(if source.is_dir() {
        &source
    } else {
        source.parent().unwrap()
    });
    assert!(before == after, "the import changed its source");
    let settings = Settings::load(&root, Overrides::default()).expect("hearth.toml loads");
    hearth::build::build(&settings)
        .unwrap_or_else(|e| panic!("the imported site does not build:\n{e}"));
    Imported {
        _dir: dir,
        root,
        report,
    }
}

fn html_files(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "html"))
        .map(|entry| entry.into_path())
        .collect()
}

/// The page as a reader sees it: code (where links and shortcodes may be examples), comments
/// and scripts left out.
fn visible(html: &str) -> String {
    let mut visible = String::new();
    let mut rest = html;
    while !rest.is_empty() {
        let cut = ["<pre", "<code", "<!--", "<script"]
            .iter()
            .filter_map(|tag| rest.find(tag).map(|at| (at, *tag)))
            .min();
        let Some((at, tag)) = cut else {
            visible.push_str(rest);
            break;
        };
        visible.push_str(&rest[..at]);
        let close = match tag {
            "<pre" => "</pre>",
            "<code" => "</code>",
            "<!--" => "-->",
            _ => "</script>",
        };
        rest = rest[at..]
            .find(close)
            .map_or("", |end| &rest[at + end + close.len()..]);
    }
    visible
}

/// Every `href` and `src` inside the site leads to a file of the output.
fn assert_links_resolve(output: &Path) {
    let mut broken = Vec::new();
    let pages = html_files(output);
    assert!(pages.len() > 3, "too few pages: {pages:?}");
    for page in &pages {
        let html = visible(&std::fs::read_to_string(page).unwrap());
        for attribute in ["href=\"", "src=\""] {
            for (at, _) in html.match_indices(attribute) {
                let value = &html[at + attribute.len()..];
                let value = &value[..value.find('"').unwrap_or(0)];
                let external = value.contains("://")
                    || value.starts_with("//")
                    || value.starts_with("mailto:");
                if value.is_empty() || value.starts_with('#') || external {
                    continue;
                }
                let path = value.split(['#', '?']).next().unwrap();
                let target = match path.strip_prefix('/') {
                    Some(absolute) => output.join(absolute),
                    None => page.parent().unwrap().join(path),
                };
                let target = if path.ends_with('/') || target.is_dir() {
                    target.join("index.html")
                } else {
                    target
                };
                if !target.is_file() {
                    let shown = page.strip_prefix(output).unwrap().display();
                    broken.push(format!("{shown}: {value}"));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links that lead nowhere:\n{}",
        broken.join("\n")
    );
}

/// No page shows a front matter header or a shortcode as text.
fn assert_no_raw_markup(output: &Path) {
    let mut found = Vec::new();
    let markers = [
        "{{<",
        "{{%",
        "{{ ",
        "{%",
        "{{#",
        "<p>+++",
        "<p>---\ntitle",
        "[caption",
        "[gallery",
        "[/embed]",
        "[audio",
        "[video",
    ];
    for page in html_files(output) {
        let html = visible(&std::fs::read_to_string(&page).unwrap());
        for marker in markers {
            if html.contains(marker) {
                let shown = page.strip_prefix(output).unwrap().display();
                found.push(format!("{shown}: {marker}"));
            }
        }
    }
    assert!(found.is_empty(), "raw markup shown:\n{}", found.join("\n"));
}

fn read(root: &Path, path: &str) -> String {
    std::fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn entries(list: &[hearth::import::Entry]) -> Vec<String> {
    list.iter()
        .map(|entry| format!("{}: {}", entry.place, entry.what))
        .collect()
}

#[test]
fn a_wordpress_export_becomes_a_site() {
    let site = import_and_build(SourceKind::Wordpress, "wordpress/theme-unit-test-data.xml");
    let output = site.root.join("output");
    assert_links_resolve(&output);
    assert_no_raw_markup(&output);
    let draft = read(&site.root, "content/articles/draft.md");
    assert!(draft.contains("draft = true"), "{draft}");
    let scheduled = read(&site.root, "content/articles/scheduled.md");
    assert!(scheduled.contains("date = \"2030-01-01T"), "{scheduled}");
    let caption = read(&site.root, "content/articles/post-format-image-caption.md");
    assert!(caption.contains("tags = ["), "{caption}");
    assert!(
        caption.contains("aliases = [\"/2010/08/07/post-format-image-caption/\"]"),
        "{caption}"
    );
    assert!(caption.contains("author = \"Theme Buster\""), "{caption}");
    let mapped = entries(&site.report.mapped).join("\n");
    for expected in [
        "`[caption]` → an image and its caption",
        "`[gallery]` → a list of links to its",
        "`[audio]` → a link to the file",
        "status `draft` → `draft = true`",
        "scheduled (`future`): kept with its future date",
    ] {
        assert!(mapped.contains(expected), "{expected} not in:\n{mapped}");
    }
    let skipped = entries(&site.report.skipped).join("\n");
    assert!(skipped.contains("theme-unit-test-data.xml:"), "{skipped}");
    assert!(
        skipped.contains("`nav_menu_item`: WordPress's own data, not writing"),
        "{skipped}"
    );
    assert!(
        skipped.contains("comment(s): hearth sites have no comments"),
        "{skipped}"
    );
    assert!(
        site.report
            .attachments
            .iter()
            .any(|entry| entry.what.ends_with(".jpg")),
        "attachments are listed"
    );
}

#[test]
fn a_small_wordpress_export_keeps_pages_private_posts_and_tags() {
    let site = import_and_build(SourceKind::Wordpress, "wordpress/small-export.xml");
    let output = site.root.join("output");
    assert_links_resolve(&output);
    assert_no_raw_markup(&output);
    let mapped = entries(&site.report.mapped).join("\n");
    assert!(
        mapped.contains("status `private` → `draft = true`"),
        "{mapped}"
    );
    assert!(output.join("tags/index.html").is_file());
}

#[test]
fn a_zola_site_imports_with_its_shortcodes_and_taxonomies() {
    let site = import_and_build(SourceKind::Zola, "zola");
    let output = site.root.join("output");
    assert_links_resolve(&output);
    assert_no_raw_markup(&output);
    let mapped = entries(&site.report.mapped).join("\n");
    assert!(mapped.contains("image-processing/index.md:101: `{{ resize_image(path=\"documentation/content/image-process…` → a Markdown image"), "{mapped}");
    assert!(
        mapped.contains(
            "`template` kept under [extra]: hearth picks a page's template from its kind"
        ),
        "{mapped}"
    );
    let skipped = entries(&site.report.skipped).join("\n");
    assert!(skipped.contains("image-processing/index.md:234: `{{ high_res_image(path=\"documentation/content/image-proc"), "{skipped}");
    assert!(
        skipped.contains("`: the image it names is not in the source; kept in an HTML comment"),
        "{skipped}"
    );
    assert!(
        skipped.contains("shortcode `{{ gallery() }}` has no hearth equivalent"),
        "{skipped}"
    );
    assert!(
        output
            .join("documentation/content/image-processing/01-zola.png")
            .is_file()
    );
}

#[test]
fn zola_translations_are_reported_and_never_duplicated() {
    let site = import_and_build(SourceKind::Zola, "zola-i18n");
    let skipped = entries(&site.report.skipped);
    let translations: Vec<&String> = skipped
        .iter()
        .filter(|entry| entry.contains("a translation"))
        .collect();
    assert_eq!(translations.len(), 9, "{skipped:#?}");
    assert!(skipped.contains(&"content/blog/something.fr.md: a translation (`fr`): hearth builds one language; not imported, so that the page is not there twice".to_string()));
    assert!(!site.root.join("content/blog/something.fr.md").exists());
    assert_links_resolve(&site.root.join("output"));
}

#[test]
fn a_hugo_site_imports_with_sections_made_and_shortcodes_reported() {
    let site = import_and_build(SourceKind::Hugo, "hugo");
    let output = site.root.join("output");
    assert_links_resolve(&output);
    assert_no_raw_markup(&output);
    let rich = read(&site.root, "content/post/rich-content.md");
    assert!(
        rich.contains("[Video on YouTube](https://www.youtube.com/watch?v=ZJthWmvUzzc)"),
        "{rich}"
    );
    let skipped = entries(&site.report.skipped).join("\n");
    assert!(
        skipped.contains("content/post/rich-content.md:26: shortcode `{{< twitter_simple"),
        "{skipped}"
    );
    assert!(skipped.contains("content/post/rich-content.md:34: shortcode `{{< vimeo_simple 48912912 >}}` has no hearth equivalent"), "{skipped}");
    let mapped = entries(&site.report.mapped).join("\n");
    assert!(mapped.contains("`categories` → `tags`"), "{mapped}");
    let syntax = read(&site.root, "content/post/markdown-syntax.md");
    assert!(syntax.contains("series = \"Themes Guide\""), "{syntax}");
    assert!(mapped.contains("`author` kept under [extra]"), "{mapped}");
}

#[test]
fn an_mdbook_book_imports_in_summary_order() {
    let site = import_and_build(SourceKind::Markdown, "mdbook");
    let output = site.root.join("output");
    assert_links_resolve(&output);
    assert_no_raw_markup(&output);
    let installation = read(&site.root, "content/guide/installation.md");
    assert!(
        installation.starts_with("+++\nweight = 2\nkind = \"page\"\n+++\n"),
        "{installation}"
    );
    let serve = read(&site.root, "content/cli/serve.md");
    assert!(
        !serve.contains("{{#include"),
        "the include is replaced by the file's text"
    );
    let skipped = entries(&site.report.skipped).join("\n");
    assert!(
        skipped.contains("src/SUMMARY.md:23: draft chapter `Draft chapter` has no file"),
        "{skipped}"
    );
    assert!(skipped.contains("`{{#include ../../../examples/nop-preprocessor.rs}}` not included: `../../../examples/nop-preprocessor.rs` is outside the book's folder"), "{skipped}");
}

#[test]
fn the_command_prints_its_report_and_the_site_builds() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("blog");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["import", "hugo"])
        .arg(fixture("hugo"))
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.starts_with("Converted: "), "{stdout}");
    assert!(stdout.contains("\nNot converted: "), "{stdout}");
    assert!(stdout.ends_with(&format!(
        "A new site is ready in {}: run `hearth build --root {}`\n",
        root.display(),
        root.display()
    )));
    let again = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["import", "hugo"])
        .arg(fixture("hugo"))
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "a folder that is not empty is never written into"
    );
    let stderr = String::from_utf8_lossy(&again.stderr);
    let refused = format!(
        "error: {} is not empty\nhelp: expected a new or empty folder for the imported site\n",
        root.display()
    );
    assert!(stderr.starts_with(&refused), "{stderr}");
    let build = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .arg("build")
        .arg("--root")
        .arg(&root)
        .output()
        .unwrap();
    assert!(
        build.status.success(),
        "{}",
        String::from_utf8_lossy(&build.stderr)
    );
}

fn import_text(name: &str, text: &str) -> Result<Report, String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join(name);
    std::fs::write(&file, text).unwrap();
    let root = dir.path().join("site");
    let result = import(SourceKind::Wordpress, &file, &root);
    if result.is_err() {
        assert!(!root.exists(), "a failed import left a half-made site");
    }
    result
}

#[test]
fn a_malformed_export_is_an_error_at_its_line() {
    let text = std::fs::read_to_string(fixture("wordpress/small-export.xml")).unwrap();
    let broken = text.replacen("</wp:post_name>", "</wp:post_nam>", 1);
    let line = broken[..broken.find("</wp:post_nam>").unwrap()]
        .matches('\n')
        .count()
        + 1;
    let error = import_text("broken.xml", &broken).unwrap_err();
    assert!(
        error.starts_with(&format!("broken.xml:{line}: malformed XML: ")),
        "{error}"
    );
    assert!(
        error.ends_with("; expected a well-formed WordPress export"),
        "{error}"
    );
    let error = import_text(
        "feed.xml",
        "<rss><channel><title>Not WordPress</title></channel></rss>",
    )
    .unwrap_err();
    assert_eq!(
        error,
        "feed.xml: not a WordPress export: no `wp:wxr_version`; expected the file made by Tools → Export in WordPress"
    );
}

#[test]
fn a_hostile_export_is_read_without_expanding_entities_or_trusting_prefixes() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss xmlns:press="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Laughs</title>
<press:wxr_version>1.2</press:wxr_version>
<item><title>&lol3;</title><press:post_type>post</press:post_type><press:status>publish</press:status><press:post_name>laughs</press:post_name>
<content:encoded><![CDATA[<p>Short &amp; sweet.</p>]]></content:encoded><odd:thing xmlns:odd="urn:x">?</odd:thing></item>
</channel></rss>"#;
    let report = import_text("laughs.xml", laughs).unwrap();
    assert_eq!(
        entries(&report.skipped),
        ["laughs.xml:2: a DOCTYPE: the entities it declares are not expanded"]
    );
    assert_eq!(
        entries(&report.converted),
        ["laughs.xml:5: post \"&lol3;\" → content/articles/laughs.md"]
    );
}
