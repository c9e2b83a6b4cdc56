//! WordPress fields a writer would lose or expose without a word, on real exports: a post's
//! password, the character references WordPress keeps in titles, preformatted text, addresses
//! in other scripts, and old addresses the new site uses itself.

mod common;

use std::path::Path;

use hearth::config::{Overrides, Settings};
use hearth::import::{SourceKind, import};

fn fixture(path: &str) -> std::path::PathBuf {
    common::repo_root().join("tests/fixtures/import").join(path)
}

/// Imports the export `text` into a new site in `dir`, and builds it.
fn imported(dir: &Path, text: &str) -> (hearth::import::Report, std::path::PathBuf) {
    let file = dir.join("export.xml");
    std::fs::write(&file, text).unwrap();
    let root = dir.join("site");
    let report = import(SourceKind::Wordpress, &file, &root).unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings::load(&root, Overrides::default()).expect("hearth.toml loads");
    hearth::build::build(&settings).unwrap_or_else(|e| panic!("{e}"));
    (report, root)
}

#[test]
fn a_post_behind_a_password_is_never_published() {
    // WordPress's importer test export, with a password set on its published "Hello world!".
    let text = std::fs::read_to_string(fixture("wordpress/small-export.xml")).unwrap();
    let empty = "<wp:post_name>hello-world</wp:post_name>";
    assert!(text.contains(empty));
    let protected = text.replacen(
        "<wp:post_password></wp:post_password>",
        "<wp:post_password><![CDATA[enter]]></wp:post_password>",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    let (report, root) = imported(dir.path(), &protected);
    let page = std::fs::read_to_string(root.join("content/articles/hello-world.md")).unwrap();
    assert!(page.contains("draft = true"), "{page}");
    let said: Vec<_> = (report.mapped.iter())
        .filter(|entry| entry.what.contains("password"))
        .collect();
    assert_eq!(said.len(), 1, "{report}");
    assert!(
        said[0].place.ends_with("export.xml:78"),
        "{}",
        said[0].place
    );
    assert!(!root.join("output/articles/hello-world").exists());
    let feed = std::fs::read_to_string(root.join("output/atom.xml")).unwrap();
    assert!(!feed.contains("Welcome to WordPress"), "{feed}");
}

#[test]
fn titles_are_shown_as_wordpress_shows_them() {
    // "Media &amp; Text", as the block theme test data keeps its title.
    let text = std::fs::read_to_string(fixture("wordpress/block-test-media-text.xml")).unwrap();
    assert!(text.contains("<title><![CDATA[Media &amp; Text]]></title>"));
    let dir = tempfile::tempdir().unwrap();
    let (_, root) = imported(dir.path(), &text);
    let page = std::fs::read_to_string(root.join("content/articles/media-text.md")).unwrap();
    assert!(page.contains("title = \"Media & Text\""), "{page}");
    let html = std::fs::read_to_string(root.join("output/articles/media-text/index.html")).unwrap();
    assert!(html.contains("Media &amp; Text</h1>"), "{html}");
    assert!(!html.contains("&amp;amp;"));
}

#[test]
fn a_page_whose_address_the_new_site_uses_gets_no_redirect_from_it() {
    // The importer's test export, its sample page moved to /tags/, an address the new site
    // gives its list of tags.
    let text = std::fs::read_to_string(fixture("wordpress/small-export.xml")).unwrap();
    let moved = text
        .replace(
            "<link>http://localhost/?page_id=2</link>",
            "<link>http://localhost/tags/</link>",
        )
        .replacen(
            "<wp:post_name>sample-page</wp:post_name>",
            "<wp:post_name>tags</wp:post_name>",
            1,
        );
    assert_ne!(moved, text);
    let dir = tempfile::tempdir().unwrap();
    let (report, root) = imported(dir.path(), &moved);
    let page = std::fs::read_to_string(root.join("content/tags-2.md")).unwrap();
    assert!(!page.contains("aliases"), "{page}");
    assert!(
        (report.skipped.iter())
            .any(|entry| entry.what
                == "old address `/tags/` is the new site's own: no redirect from it"),
        "{report}"
    );
    assert!(root.join("output/tags-2/index.html").is_file());
}

#[test]
fn preformatted_text_and_an_address_in_another_script_come_through() {
    let text = std::fs::read_to_string(fixture("wordpress/hexo-migrator-test.xml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let (_, root) = imported(dir.path(), &text);
    let excerpts = std::fs::read_to_string(root.join("content/articles/excerpts.md")).unwrap();
    assert!(
        excerpts
            .contains("```\nThe following contents should be invisible in home/archive page.\n```"),
        "{excerpts}"
    );
    let japanese =
        std::fs::read_to_string(root.join("content/articles/ri-ben-yu-tesuto.md")).unwrap();
    assert!(
        japanese.contains("aliases = [\"/2020/01/05/日本語テスト/\"]"),
        "{japanese}"
    );
    let redirect = root.join("output/2020/01/05/日本語テスト/index.html");
    let redirect = std::fs::read_to_string(&redirect).unwrap();
    assert!(
        redirect.contains("/articles/ri-ben-yu-tesuto/"),
        "{redirect}"
    );
}

#[test]
fn the_more_tag_ends_the_summary_where_the_writer_put_it() {
    let text = std::fs::read_to_string(fixture("wordpress/more-tag.xml")).unwrap();
    assert!(text.contains("\n\n<!--more-->\n\n"));
    let dir = tempfile::tempdir().unwrap();
    let (_, root) = imported(dir.path(), &text);
    let page = std::fs::read_to_string(root.join("content/articles/template-more-tag.md")).unwrap();
    assert!(
        page.contains("excerpts.\n\n<!-- more -->\n\nAnd this content"),
        "{page}"
    );
    let list = std::fs::read_to_string(root.join("output/articles/index.html")).unwrap();
    assert!(list.contains("Right after this sentence"), "{list}");
    assert!(!list.contains("And this content is after"), "{list}");
}
