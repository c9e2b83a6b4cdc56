//! `hearth build` with the build cache beside the output: after every one of many random edits
//! (content, headers, templates, partials, config, static and copied files, deletions of files
//! and folders, mistakes and their fixes), the output folder is byte for byte what a clean
//! build makes in a fresh folder, and a damaged or foreign cache means a full build.

#[path = "serve/clean_build.rs"]
mod clean_build;
mod common;
#[path = "serve/random_edits.rs"]
mod random_edits;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::Fixture;
use hearth::build::build;
use hearth::config::{Overrides, Settings};
use random_edits::{EditedSite, Random};

fn settings(root: &Path) -> Result<Settings, Vec<String>> {
    Settings::load(root, Overrides::default()).map_err(|error| vec![error.to_string()])
}

/// Builds the site at `root` with `hearth build`: the jobs rendered, or the problems.
fn hearth_build(root: &Path) -> Result<usize, Vec<String>> {
    let report = build(&settings(root)?)
        .map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    Ok(report.rendered_jobs)
}

/// Every file under `dir`, by path, with its bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let name = entry.path().strip_prefix(dir).unwrap();
            let name = name.to_string_lossy().replace('\\', "/");
            (name, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}

/// The site's sources copied into a fresh folder and built there: its output, or the problems.
fn fresh_build(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Vec<String>> {
    let fresh = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "output" || name.starts_with(".output") {
            continue;
        }
        let (from, to) = (entry.path(), fresh.path().join(&name));
        if from.is_dir() {
            common::copy_tree(&from, &to);
        } else {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    hearth_build(fresh.path())?;
    Ok(tree(&fresh.path().join("output")))
}

fn differences(ours: &BTreeMap<String, Vec<u8>>, clean: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let paths: std::collections::BTreeSet<&String> = ours.keys().chain(clean.keys()).collect();
    paths
        .into_iter()
        .filter(|path| ours.get(*path) != clean.get(*path))
        .cloned()
        .collect()
}

/// The first differing line of the first differing file.
fn first_difference(
    ours: &BTreeMap<String, Vec<u8>>,
    clean: &BTreeMap<String, Vec<u8>>,
    paths: &[String],
) -> String {
    let Some(path) = paths.first() else {
        return String::new();
    };
    let text = |files: &BTreeMap<String, Vec<u8>>| {
        String::from_utf8_lossy(files.get(path).map_or(&[][..], Vec::as_slice)).into_owned()
    };
    let (ours, clean) = (text(ours), text(clean));
    let line = ours.lines().zip(clean.lines()).position(|(a, b)| a != b);
    let line = line.unwrap_or(ours.lines().count().min(clean.lines().count()));
    format!(
        "{path} line {line}:\n  cached: {}\n  clean:  {}",
        ours.lines().nth(line).unwrap_or("(end)"),
        clean.lines().nth(line).unwrap_or("(end)")
    )
}

fn cache_dir(root: &Path) -> PathBuf {
    root.join(".output.cache")
}

/// The files of the cache, by name, with what they hold.
fn cache_files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    (std::fs::read_dir(cache_dir(root)).unwrap())
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}

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
fn a_damaged_or_foreign_cache_means_a_full_build() {
    let site = Fixture::new("serve_site");
    let all = hearth_build(site.root()).unwrap();
    assert!(
        hearth_build(site.root()).unwrap() < all,
        "an unchanged site renders less"
    );
    let files = cache_files(site.root());
    let (last_part, bytes) = files.iter().last().unwrap();
    let mut bytes = bytes.clone();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xFF;
    std::fs::write(last_part, &bytes).unwrap();
    assert_eq!(hearth_build(site.root()).unwrap(), all, "a damaged cache");
    let drafts = Overrides {
        include_drafts: true,
        ..Overrides::default()
    };
    let with_drafts = Settings::load(site.root(), drafts).unwrap();
    let drafted = build(&with_drafts).unwrap().rendered_jobs;
    assert!(
        drafted >= all,
        "a cache made without drafts is not used with them"
    );
    assert_eq!(
        hearth_build(site.root()).unwrap(),
        all,
        "nor the other way round"
    );
    std::fs::write(
        site.root().join("output/articles/first/index.html"),
        "edited",
    )
    .unwrap();
    hearth_build(site.root()).unwrap();
    let clean = fresh_build(site.root()).unwrap();
    let differing = differences(&tree(&site.output()), &clean);
    assert!(
        differing.is_empty(),
        "a hand-edited output file: {differing:?}"
    );
}

#[test]
fn a_cache_damaged_anywhere_means_a_full_build_and_never_a_crash() {
    let site = Fixture::new("serve_site");
    let all = hearth_build(site.root()).unwrap();
    let intact = cache_files(site.root());
    assert!(
        intact.len() >= 9,
        "a head and eight parts at least: {:?}",
        intact.keys()
    );
    // Bytes across the head and every part: each part is checked as it is decoded, in
    // parallel with the others, so damage must be survived while decoding too.
    for (file, bytes) in &intact {
        let step = (bytes.len() / 6).max(1);
        for at in (0..bytes.len()).step_by(step).chain([bytes.len() - 1]) {
            for flip in [0x01, 0xFF] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                let cache = cache_dir(site.root());
                std::fs::create_dir_all(&cache).unwrap();
                for (other, bytes) in &intact {
                    std::fs::write(other, if other == file { &damaged } else { bytes }).unwrap();
                }
                assert_eq!(
                    hearth_build(site.root()).unwrap(),
                    all,
                    "byte {at} of {} ({} bytes) flipped by {flip:#x}",
                    file.display(),
                    bytes.len()
                );
            }
        }
        let cache = cache_dir(site.root());
        std::fs::create_dir_all(&cache).unwrap();
        for (other, bytes) in &intact {
            if other != file {
                std::fs::write(other, bytes).unwrap();
            }
        }
        let _ = std::fs::remove_file(file);
        assert_eq!(
            hearth_build(site.root()).unwrap(),
            all,
            "{} missing",
            file.display()
        );
    }
    let clean = fresh_build(site.root()).unwrap();
    let differing = differences(&tree(&site.output()), &clean);
    assert!(differing.is_empty(), "after damaged caches: {differing:?}");
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
