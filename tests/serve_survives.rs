//! `hearth serve` stays up: a panic inside a rebuild is a problem shown on the page and the next
//! change rebuilds normally; the site's folders deleted, replaced or renamed while serving are
//! watched again, natively and when polling.

#[path = "serve/client.rs"]
mod client;

use std::path::Path;
use std::time::Instant;

use client::{Events, Server, site};

fn write(root: &Path, path: &str, text: &str) {
    let target = root.join(path);
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(target, text).unwrap();
}

fn append(root: &Path, path: &str, text: &str) {
    let old = std::fs::read_to_string(root.join(path)).unwrap();
    write(root, path, &(old + text));
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Edits an article and waits until the server has its new text.
fn edit_is_served(server: &Server, events: &Events, root: &Path, mark: &str) {
    append(root, "content/articles/first.md", &format!("\n{mark}\n"));
    served_eventually(server, events, "/articles/first/", mark);
}

/// Waits for rebuilds that change `page` until it holds `mark` (earlier rebuilds, such as a
/// folder's removal, may tell of the page first).
fn served_eventually(server: &Server, events: &Events, page: &str, mark: &str) {
    let deadline = Instant::now() + client::WAIT;
    loop {
        events.until(|event| event.name == "change" && event.paths().contains(&page.to_string()));
        if server.get(page).body.contains(mark) {
            return;
        }
        assert!(Instant::now() < deadline, "{page} never held: {mark}");
    }
}

#[test]
#[cfg_attr(
    not(debug_assertions),
    ignore = "the switch that makes a rebuild panic exists in debug builds only"
)]
fn a_panic_in_a_rebuild_is_shown_and_the_next_change_rebuilds_everything() {
    let dir = site("serve_site");
    let server = Server::start_with_env(
        dir.path(),
        &[],
        &[("HEARTH_DEBUG_PANIC_ON_CHANGE", "crash.md")],
    );
    let events = server.events();
    write(
        dir.path(),
        "content/articles/crash.md",
        "+++\ntitle = \"Crash\"\n+++\nText.\n",
    );
    let problems = events.until(|event| event.name == "problems");
    let shown = problems.problems();
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert!(
        shown[0].starts_with("hearth failed while building the site (a bug in hearth, not in the site: please report it): a panic asked for by HEARTH_DEBUG_PANIC_ON_CHANGE at src/serve/rebuild.rs:"),
        "{shown:?}"
    );
    // The terminal hears of the panic once the page has; wait for its line, not a moment.
    let mut printed = Vec::new();
    while let Ok(line) = server
        .errors
        .recv_timeout(std::time::Duration::from_secs(10))
    {
        let found = line.starts_with("error: hearth failed while building");
        printed.push(line);
        if found {
            break;
        }
    }
    assert!(
        printed
            .iter()
            .any(|line| line.starts_with("error: hearth failed while building")),
        "{printed:?}"
    );
    assert_eq!(server.get("/articles/first/").status, 200);

    append(
        dir.path(),
        "content/articles/first.md",
        "\nWritten after the crash.\n",
    );
    let change = events.until(|event| event.name == "change");
    let paths = change.paths();
    assert!(paths.contains(&"/articles/first/".to_string()), "{paths:?}");
    assert!(paths.contains(&"/articles/crash/".to_string()), "{paths:?}");
    assert!(
        server
            .get("/articles/first/")
            .body
            .contains("Written after the crash.")
    );
    assert_eq!(server.get("/articles/crash/").status, 200);
    edit_is_served(&server, &events, dir.path(), "And rebuilt once more.");
}

fn replaced_folders_are_watched_again(extra: &[&str]) {
    let dir = site("serve_site");
    let backup = tempfile::tempdir().unwrap();
    copy_tree(&dir.path().join("content"), &backup.path().join("content"));
    copy_tree(&dir.path().join("themes"), &backup.path().join("themes"));
    let server = Server::start(dir.path(), extra);
    let events = server.events();
    let root = dir.path();

    // As a checkout does: deleted, and a new folder put in its place at once.
    copy_tree(&root.join("content"), &root.join("content.fresh"));
    copy_tree(&root.join("themes"), &root.join("themes.fresh"));
    std::fs::remove_dir_all(root.join("content")).unwrap();
    std::fs::rename(root.join("content.fresh"), root.join("content")).unwrap();
    std::fs::remove_dir_all(root.join("themes")).unwrap();
    std::fs::rename(root.join("themes.fresh"), root.join("themes")).unwrap();
    edit_is_served(&server, &events, root, "Edited after content/ was swapped.");

    // As a sync tool does: deleted, then copied back.
    std::fs::remove_dir_all(root.join("content")).unwrap();
    std::fs::remove_dir_all(root.join("themes")).unwrap();
    copy_tree(&backup.path().join("content"), &root.join("content"));
    copy_tree(&backup.path().join("themes"), &root.join("themes"));
    edit_is_served(
        &server,
        &events,
        root,
        "Edited after content/ was replaced.",
    );
    let template = "themes/hearth/templates/article.html";
    let text = std::fs::read_to_string(root.join(template)).unwrap();
    write(
        root,
        template,
        &text.replacen("</h1>", "</h1><p>theme-mark</p>", 1),
    );
    served_eventually(&server, &events, "/articles/first/", "theme-mark");

    // Renamed away and a fresh copy renamed into place.
    std::fs::rename(root.join("content"), root.join("content.old")).unwrap();
    copy_tree(&root.join("content.old"), &root.join("content.new"));
    std::fs::rename(root.join("content.new"), root.join("content")).unwrap();
    edit_is_served(
        &server,
        &events,
        root,
        "Edited after content/ was renamed in.",
    );

    // Deleted for a while (the site has no pages), then made again.
    std::fs::remove_dir_all(root.join("content")).unwrap();
    events.until(|event| event.name == "problems" || event.name == "change");
    copy_tree(&root.join("content.old"), &root.join("content"));
    edit_is_served(&server, &events, root, "Edited after content/ came back.");
}

#[test]
fn replaced_renamed_and_recreated_folders_are_watched_again() {
    replaced_folders_are_watched_again(&[]);
}

#[test]
fn replaced_renamed_and_recreated_folders_are_watched_again_when_polling() {
    replaced_folders_are_watched_again(&["--poll"]);
}
