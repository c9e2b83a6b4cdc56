//! `hearth build` with the build cache beside the output: after every one of many random edits
//! (content, headers, templates, partials, config, static and copied files, deletions of files
//! and folders, mistakes and their fixes), the output folder is byte for byte what a clean
//! build makes in a fresh folder; and what a build from the cache reads and renders again.
//! A damaged or foreign cache: `session_cache_damage.rs`.

#[path = "serve/cached_build.rs"]
mod cached_build;
#[path = "serve/clean_build.rs"]
mod clean_build;
mod common;
#[path = "serve/random_edits.rs"]
mod random_edits;

use std::path::Path;

use cached_build::{
    cache_dir, differences, first_difference, fresh_build, hearth_build, settings, tree,
};
use common::Fixture;
use hearth::build::build;
use hearth::config::{Overrides, Settings};
use random_edits::{EditedSite, Random};

#[test]
fn a_cached_build_after_random_changes_equals_a_clean_build_in_a_fresh_folder() {
    let seed = std::env::var("SESSION_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0x000C_AC4E_5EED);
    let mut site = EditedSite {
        fixture: Fixture::new("serve_site"),
        random: Random(seed),
        serial: 0,
    };
    let first = hearth_build(site.root()).expect("the fixture builds");
    assert!(
        cache_dir(site.root()).join("head").is_file(),
        "a build leaves its cache"
    );
    let (mut built, mut failed, mut partial) = (0, 0, 0);
    let mut problems: Vec<String> = Vec::new();
    for step in 0..70 {
        let mut changes = Vec::new();
        if !problems.is_empty() && site.random.chance(70) {
            changes = site.fix(&problems);
        }
        if changes.is_empty() {
            changes = site.change();
        }
        problems.clear();
        let what = format!("step {step}, after changing {changes:?}");
        let cached = hearth_build(site.root());
        match (cached, fresh_build(site.root())) {
            (Ok(rendered), Ok(clean)) => {
                built += 1;
                if rendered < first {
                    partial += 1;
                }
                let ours = tree(&site.root().join("output"));
                let differing = differences(&ours, &clean);
                assert!(
                    differing.is_empty(),
                    "{what}: differs from a clean build: {differing:?}\n{}",
                    first_difference(&ours, &clean, &differing)
                );
                assert!(
                    cache_dir(site.root()).join("head").is_file(),
                    "{what}: no cache left"
                );
            }
            (Err(cached), Err(clean)) => {
                failed += 1;
                assert_eq!(cached, clean, "{what}: the problems differ");
                problems = clean;
            }
            (cached, clean) => panic!(
                "{what}: the cached build says {cached:?} but a clean one says {:?}",
                clean.map(|files| files.len())
            ),
        }
    }
    assert!(
        built >= 45 && failed >= 2,
        "{built} good builds, {failed} failed ones"
    );
    eprintln!("{built} good builds ({partial} used the cache), {failed} failed ones");
    assert!(
        partial >= built / 2,
        "only {partial} of {built} builds used the cache"
    );
}

/// `hearth build` at the given "now" (as `2026-05-01T10:00:00Z`): the jobs rendered.
fn build_at(root: &Path, now: &str) -> usize {
    let overrides = Overrides {
        now: Some(hearth::model::date::Date::parse(now).unwrap()),
        ..Overrides::default()
    };
    let settings = Settings::load(root, overrides).unwrap();
    build(&settings).unwrap().rendered_jobs
}

#[test]
fn a_build_a_second_later_still_uses_the_cache() {
    let site = Fixture::new("serve_site");
    let all = build_at(site.root(), "2026-05-01T10:00:00Z");
    let later = build_at(site.root(), "2026-05-01T10:00:01Z");
    assert!(
        later < all,
        "{later} of {all} jobs rendered again a second later"
    );
    let next_day = build_at(site.root(), "2026-05-02T10:00:00Z");
    assert!(
        next_day < all,
        "{next_day} of {all} jobs rendered again a day later"
    );
}

#[test]
fn the_cache_serves_the_site_however_its_folder_is_spelled() {
    let site = Fixture::new("serve_site");
    let all = hearth_build(site.root()).unwrap();
    let article = site.root().join("content/articles/first.md");
    let text = std::fs::read_to_string(&article).unwrap();
    std::fs::write(&article, text + "\nOne more sentence.\n").unwrap();
    let spelled_otherwise = site.root().join("content/..");
    let edited = hearth_build(&spelled_otherwise).unwrap();
    assert!(edited < all, "{edited} of {all} jobs rendered again");
}

#[test]
fn one_edited_article_renders_its_body_alone_with_search_on() {
    let site = Fixture::new("serve_site");
    let articles = site.root().join("content/articles");
    for n in 0..40 {
        let text = format!(
            "+++\ntitle = \"Article {n}\"\ndate = 2025-02-{:02}\ntags = [\"trust\"]\n+++\nWords about trust, number {n}.\n",
            n % 28 + 1
        );
        std::fs::write(articles.join(format!("more-{n}.md")), text).unwrap();
    }
    // In no tag and below the newest twenty: no feed shows it.
    let oldest = articles.join("oldest.md");
    let text = "+++\ntitle = \"The Oldest\"\ndate = 2020-01-01\n+++\nAn old article.\n";
    std::fs::write(&oldest, text).unwrap();
    let first = build(&settings(site.root()).unwrap()).unwrap();
    assert!(settings(site.root()).unwrap().config.search.enabled);
    assert!(
        first.rendered_bodies > 40,
        "{} bodies",
        first.rendered_bodies
    );
    let text = std::fs::read_to_string(&oldest).unwrap();
    std::fs::write(
        &oldest,
        text + "\nOne more sentence, with the word zanzibar.\n",
    )
    .unwrap();
    let edited = build(&settings(site.root()).unwrap()).unwrap();
    assert_eq!(
        edited.rendered_bodies, 1,
        "bodies rendered after one edit (the search index reads the others' stored words)"
    );
    let clean = fresh_build(site.root()).unwrap();
    let differing = differences(&tree(&site.output()), &clean);
    assert!(differing.is_empty(), "after one edit: {differing:?}");
    let index = tree(&site.output().join("search/w"));
    assert!(
        index
            .values()
            .any(|bytes| String::from_utf8_lossy(bytes).contains("\"zanzibar\"")),
        "the new word is in the index"
    );
}

#[test]
fn a_build_from_the_cache_reads_and_copies_only_files_whose_stamp_changed_and_sees_any_rewrite() {
    let site = Fixture::new("serve_site");
    let articles = site.root().join("content/articles");
    let first = build(&settings(site.root()).unwrap()).unwrap();
    let files = first.sources_read;
    assert!(files > 3, "{files} files read by the first build");
    let copies = first.files_copied;
    assert!(copies > 3, "{copies} files copied by the first build");
    // A file is trusted by its stamp only once it is older than the build that read it by
    // more than the file system's step.
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let again = build(&settings(site.root()).unwrap()).unwrap();
    assert_eq!(
        again.sources_read, files,
        "every file is read while it is recent"
    );
    std::thread::sleep(std::time::Duration::from_millis(3100));
    let unchanged = build(&settings(site.root()).unwrap()).unwrap();
    assert_eq!(unchanged.sources_read, 0, "nothing changed: nothing read");
    assert_eq!(unchanged.files_copied, 0, "nothing changed: nothing copied");
    // Rewritten with the same length and its modification time set back: still seen.
    let path = articles.join("oldest.md");
    let path = match path.exists() {
        true => path,
        false => std::fs::read_dir(&articles)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .find(|path| {
                path.extension().is_some_and(|ext| ext == "md") && !path.ends_with("_index.md")
            })
            .unwrap(),
    };
    let modified = std::fs::metadata(&path).unwrap().modified().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    // A letter of a plain line of prose after the front matter (not in a link or a block).
    let body = text.rfind("+++\n").unwrap() + 4;
    let at = (text[body..].split_inclusive('\n'))
        .scan(body, |start, line| {
            let here = *start;
            *start += line.len();
            Some((here, line))
        })
        .find(|(_, line)| !line.contains(['[', '{', '`', '#', '|', '<', '@']))
        .and_then(|(start, line)| Some(start + line.find(|c: char| c.is_ascii_lowercase())?))
        .unwrap();
    let mut rewritten = text.clone();
    rewritten.replace_range(at..at + 1, if &text[at..at + 1] == "q" { "z" } else { "q" });
    assert_eq!(rewritten.len(), text.len());
    std::fs::write(&path, &rewritten).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    // A stylesheet of the site rewritten the same way: copied (and minified) again.
    let sheet = site.root().join("static/extra.css");
    let modified = std::fs::metadata(&sheet).unwrap().modified().unwrap();
    let css = std::fs::read_to_string(&sheet).unwrap();
    let recoloured = css.replace("color: inherit", "color: initial");
    assert_eq!((recoloured.len(), recoloured != css), (css.len(), true));
    std::fs::write(&sheet, &recoloured).unwrap();
    let file = std::fs::File::options().write(true).open(&sheet).unwrap();
    file.set_modified(modified).unwrap();
    drop(file);
    let edited = build(&settings(site.root()).unwrap()).unwrap();
    assert_eq!(edited.sources_read, 1, "the rewritten file alone is read");
    assert_eq!(
        edited.files_copied, 1,
        "the rewritten stylesheet alone is copied"
    );
    let clean = fresh_build(site.root()).unwrap();
    let differing = differences(&tree(&site.output()), &clean);
    assert!(
        differing.is_empty(),
        "after a rewrite with the old time: {differing:?}"
    );
}

/// The inode of each part of the cache that holds pages, by part.
#[cfg(unix)]
fn page_part_inodes(root: &Path) -> Vec<u64> {
    use std::os::unix::fs::MetadataExt;
    let cache = cache_dir(root);
    (8..)
        .map_while(|part| std::fs::metadata(cache.join(format!("part-{part}"))).ok())
        .map(|meta| meta.ino())
        .collect()
}

#[test]
#[cfg(unix)]
fn a_build_writes_again_only_the_parts_of_the_cache_whose_pages_changed() {
    let site = Fixture::new("serve_site");
    let articles = site.root().join("content/articles");
    // Social cards would be most of the time of these builds, and are not stored with pages.
    let config = site.root().join("hearth.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, text + "\n[cards]\nenabled = false\n").unwrap();
    // Files older than the build that reads them are known by their stamps, not read again.
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let write_old = |path: &Path, text: String| {
        std::fs::write(path, text).unwrap();
        let file = std::fs::File::options().write(true).open(path).unwrap();
        file.set_modified(an_hour_ago).unwrap();
    };
    for n in 0..600 {
        let text = format!(
            "+++\ntitle = \"Patience {n}\"\ndate = 2024-03-{:02}\n+++\nWords about patience, number {n}.\n",
            n % 28 + 1
        );
        write_old(&articles.join(format!("bulk-{n:03}.md")), text);
    }
    // A build is compared with a clean one once it has read back parts it linked.
    let build_and_compare = |what: &str, compare: bool| {
        hearth_build(site.root()).unwrap();
        if compare {
            let clean = fresh_build(site.root()).unwrap();
            let differing = differences(&tree(&site.output()), &clean);
            assert!(differing.is_empty(), "{what}: {differing:?}");
        }
        assert!(
            !site.root().join(".output.cache-old").exists(),
            "{what}: the cache set aside is removed"
        );
        page_part_inodes(site.root())
    };
    let first = build_and_compare("first build", false);
    assert_eq!(first.len(), 2, "600 pages and more: two parts of pages");
    let append = |path: &Path, words: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        std::fs::write(path, format!("{text}\n{words}\n")).unwrap();
    };
    // Pages are stored in the order of their paths: `third.md` is in the second part.
    append(&articles.join("third.md"), "One more sentence.");
    let late_edit = build_and_compare("after editing a page of the second part", false);
    assert_eq!(
        late_edit[0], first[0],
        "the first part is linked, not written"
    );
    assert_ne!(late_edit[1], first[1], "the second part is written again");
    append(&articles.join("bulk-000.md"), "Another sentence.");
    let early_edit = build_and_compare("after editing a page of the first part", true);
    assert_ne!(
        early_edit[0], late_edit[0],
        "the first part is written again"
    );
    assert_eq!(early_edit[1], late_edit[1], "the second part is linked");
    // A new page places every page again: each part is written anew.
    let text = "+++\ntitle = \"New\"\ndate = 2024-04-01\n+++\nNew words.\n".to_string();
    write_old(&articles.join("bulk-600.md"), text);
    let added = build_and_compare("after adding a page", false);
    assert_eq!(added.len(), 2);
    assert!(
        added[0] != early_edit[0] && added[1] != early_edit[1],
        "every part written again"
    );
    let unchanged = build_and_compare("after a build with nothing changed", true);
    assert_eq!(unchanged, added, "nothing changed: every part linked");
    // A build that fails leaves neither the cache nor the one it set aside.
    std::fs::write(articles.join("broken.md"), "+++\ntitle = \n+++\n").unwrap();
    assert!(
        hearth_build(site.root()).is_err(),
        "a header without a value"
    );
    assert!(!cache_dir(site.root()).exists());
    assert!(!site.root().join(".output.cache-old").exists());
}
