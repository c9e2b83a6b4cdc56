//! `hearth serve` end to end: the real binary on a copy of a fixture site, edited while a
//! client listens on the reload channel and fetches pages over HTTP.

#[path = "serve/client.rs"]
mod client;

use client::{Server, site};

fn write(root: &std::path::Path, path: &str, text: &str) {
    let target = root.join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, text).unwrap();
}

fn append(root: &std::path::Path, path: &str, text: &str) {
    let old = std::fs::read_to_string(root.join(path)).unwrap();
    write(root, path, &(old + text));
}

#[test]
fn an_edited_article_reloads_its_page_once_rebuilt() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let events = server.events();
    append(
        dir.path(),
        "content/articles/first.md",
        "\nA sentence written just now.\n",
    );
    let change = events.until(|event| event.name == "change");
    assert!(
        change.paths().contains(&"/articles/first/".to_string()),
        "{change:?}"
    );
    assert!(
        !change.paths().contains(&"/about/".to_string()),
        "{change:?}"
    );
    let page = server.get("/articles/first/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("A sentence written just now."));
}

#[test]
fn an_edited_template_changes_every_page_using_it() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let events = server.events();
    let template = "themes/hearth/templates/article.html";
    let text = std::fs::read_to_string(dir.path().join(template)).unwrap();
    write(
        dir.path(),
        template,
        &text.replacen("</h1>", "</h1><p>template-mark</p>", 1),
    );
    let change = events.until(|event| event.name == "change");
    for page in ["/articles/first/", "/articles/second/", "/articles/third/"] {
        assert!(
            change.paths().contains(&page.to_string()),
            "{page}: {change:?}"
        );
        assert!(server.get(page).body.contains("template-mark"), "{page}");
    }
    assert!(!server.get("/about/").body.contains("template-mark"));
}

#[test]
fn listings_and_tag_pages_follow_an_added_and_a_deleted_page() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let events = server.events();
    write(
        dir.path(),
        "content/articles/fourth.md",
        "+++\ntitle = \"The Fourth\"\ndate = 2025-05-01\ntags = [\"Brand new\"]\n+++\nNewest.\n",
    );
    let change = events.until(|event| event.name == "change");
    for url in [
        "/articles/fourth/",
        "/articles/",
        "/tags/brand-new/",
        "/tags/",
    ] {
        assert!(
            change.paths().contains(&url.to_string()),
            "{url}: {change:?}"
        );
    }
    assert!(server.get("/articles/").body.contains("The Fourth"));
    assert!(server.get("/tags/brand-new/").body.contains("The Fourth"));

    std::fs::remove_file(dir.path().join("content/articles/fourth.md")).unwrap();
    let change = events.until(|event| event.name == "change");
    assert!(
        change.paths().contains(&"/tags/brand-new/".to_string()),
        "{change:?}"
    );
    assert_eq!(server.get("/articles/fourth/").status, 404);
    assert_eq!(server.get("/tags/brand-new/").status, 404);
    assert!(!server.get("/articles/").body.contains("The Fourth"));
    assert!(!server.get("/tags/").body.contains("Brand new"));
}

#[test]
fn a_save_through_a_temporary_file_and_a_burst_of_files_are_one_rebuild_each() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let events = server.events();
    let article = dir.path().join("content/articles/second.md");
    let temporary = dir.path().join("content/articles/.second.md.tmp");
    let text = std::fs::read_to_string(&article).unwrap() + "\nSaved atomically.\n";
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, &article).unwrap();
    let saved = events.until(|event| event.name == "change");
    assert!(saved.paths().contains(&"/articles/second/".to_string()));

    for n in 0..40 {
        let page = format!("+++\ntitle = \"Burst {n}\"\ndate = 2023-01-01\n+++\nText {n}.\n");
        write(dir.path(), &format!("content/articles/burst-{n}.md"), &page);
    }
    // The 40 writes are batched into one rebuild while they come faster than the watcher's
    // quiet period; on a machine too busy to write them that fast a batch may split, so the
    // test waits for the last file and bounds the number of rebuilds rather than timing writes.
    let first = events.until(|event| event.name == "change");
    assert_eq!(first.build, saved.build + 1, "the save was one rebuild");
    let mut burst = first;
    while !burst.paths().contains(&"/articles/burst-39/".to_string()) {
        burst = events.until(|event| event.name == "change");
    }
    let rebuilds = burst.build - saved.build;
    assert!(rebuilds <= 3, "40 files took {rebuilds} rebuilds");

    append(dir.path(), "content/articles/third.md", "\nLater.\n");
    let later = events.until(|event| event.name == "change");
    assert_eq!(
        later.build,
        burst.build + 1,
        "the later edit was one rebuild"
    );
}

#[test]
fn a_broken_header_shows_an_overlay_and_keeps_the_last_good_page() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let events = server.events();
    let path = "content/articles/first.md";
    let good = std::fs::read_to_string(dir.path().join(path)).unwrap();
    write(
        dir.path(),
        path,
        &good.replacen("date = 2024-01-10", "date = someday", 1),
    );
    let problems = events.until(|event| event.name == "problems");
    let listed = problems.problems();
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert!(
        listed[0].starts_with("content/articles/first.md:4:"),
        "{listed:?}"
    );
    let page = server.get("/articles/first/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("The First"));

    let late = server.events();
    assert_eq!(
        late.next().name,
        "problems",
        "a page opened now sees the problems too"
    );

    write(dir.path(), path, &good);
    let cleared = events.until(|event| event.name != "problems");
    assert_eq!(cleared.name, "clear", "{cleared:?}");
}

#[test]
fn a_stylesheet_change_names_only_the_stylesheet() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let events = server.events();
    append(dir.path(), "static/extra.css", ".changed { color: red; }\n");
    let change = events.until(|event| event.name == "change");
    assert_eq!(change.paths(), vec!["/extra.css".to_string()]);
    assert!(server.get("/extra.css").body.contains(".changed"));
}

#[test]
fn a_new_folder_and_a_file_deleted_and_made_again_are_seen() {
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let events = server.events();
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "_index.md",
        "+++\ntitle = \"Letters\"\n+++\nLetters.\n",
    );
    write(
        outside.path(),
        "one.md",
        "+++\ntitle = \"Letter one\"\n+++\nDear.\n",
    );
    std::fs::rename(outside.path(), dir.path().join("content/letters")).unwrap();
    let change = events.until(|event| event.paths().contains(&"/letters/one/".to_string()));
    assert!(change.paths().contains(&"/letters/".to_string()));
    assert!(server.get("/letters/one/").body.contains("Dear."));

    let third = dir.path().join("content/articles/third.md");
    let text = std::fs::read_to_string(&third).unwrap();
    std::fs::remove_file(&third).unwrap();
    events.until(|event| event.paths().contains(&"/articles/third/".to_string()));
    assert_eq!(server.get("/articles/third/").status, 404);
    std::fs::write(&third, text.replace("listens", "listens again")).unwrap();
    events.until(|event| event.paths().contains(&"/articles/third/".to_string()));
    assert!(
        server
            .get("/articles/third/")
            .body
            .contains("listens again")
    );
}

#[test]
fn a_file_written_in_two_goes_is_rebuilt_once_its_writer_is_done() {
    use std::io::Write;
    let dir = site("serve_site");
    let server = Server::start(dir.path(), &[]);
    let events = server.events();
    let path = dir.path().join("content/articles/first.md");
    let text = std::fs::read_to_string(&path).unwrap() + "\nWritten in two goes.\n";
    let (header_part, rest) = text.split_at(text.find("date").unwrap());
    let mut file = std::fs::File::create(&path).unwrap();
    file.write_all(header_part.as_bytes()).unwrap();
    file.flush().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(60));
    file.write_all(rest.as_bytes()).unwrap();
    drop(file);
    let next = events.until(|event| event.name != "hello");
    assert_eq!(
        next.name, "change",
        "no rebuild of the half-written file: {next:?}"
    );
    assert!(
        server
            .get("/articles/first/")
            .body
            .contains("Written in two goes.")
    );
}
