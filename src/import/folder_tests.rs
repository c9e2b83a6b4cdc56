//! Tests of how a Zola or Hugo site's content files are named and found.

use super::*;

#[test]
fn translations_are_told_by_their_language_code() {
    assert_eq!(is_translation("blog/post.fr.md"), Some("fr"));
    assert_eq!(is_translation("_index.pt-br.md"), Some("pt-br"));
    assert_eq!(is_translation("blog/v1.2.md"), None);
    assert_eq!(is_translation("blog/post.md"), None);
    assert_eq!(is_translation("notes.Draft.md"), None);
}

#[test]
fn the_default_language_s_pages_are_the_site_s_own() {
    assert_eq!(
        in_default_language("posts/lang.en.md", "en"),
        Some("posts/lang.md".to_string())
    );
    assert_eq!(
        in_default_language("_index.en.md", "EN"),
        Some("_index.md".to_string())
    );
    assert_eq!(in_default_language("posts/lang.fr.md", "en"), None);
    assert_eq!(in_default_language("posts/lang.md", "en"), None);
}

#[test]
fn a_zola_page_s_date_is_read_from_the_start_of_its_name() {
    assert_eq!(
        dated_name("2023-05-01-dated-post"),
        Some(("2023-05-01", "dated-post"))
    );
    assert_eq!(
        dated_name("2019-12-31_year-end"),
        Some(("2019-12-31", "year-end"))
    );
    assert_eq!(dated_name("2023-05-01"), None);
    assert_eq!(dated_name("2023-13-01-not-a-month"), None);
    assert_eq!(dated_name("1234567890-numbers"), None);
    assert_eq!(dated_name("é023-05-01-x"), None);
    assert_eq!(dated_name("2023é5-01-x"), None);
    assert_eq!(dated_name("short"), None);
}

#[test]
fn hugo_refs_find_their_page() {
    let pages = ["posts/first.md".to_string(), "about/index.md".to_string()];
    assert_eq!(
        hugo_ref(&pages, "first"),
        Some("posts/first.md".to_string())
    );
    assert_eq!(
        hugo_ref(&pages, "/posts/first.md#x"),
        Some("posts/first.md#x".to_string())
    );
    assert_eq!(
        hugo_ref(&pages, "about"),
        Some("about/index.md".to_string())
    );
    assert_eq!(hugo_ref(&pages, "missing"), None);
}
