//! The staging folder across builds: files and folders trading places, unchanged files left alone,
//! changes made behind the build noticed, and abandoned builds leaving nothing behind.

use super::*;
use walkdir::WalkDir;

fn files(dir: &Path) -> Vec<(String, String)> {
    let mut found: Vec<_> = WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file() && entry.file_name() != owned::MARKER)
        .map(|entry| {
            let name = entry.path().strip_prefix(dir).unwrap();
            let text = std::fs::read_to_string(entry.path()).unwrap();
            (name.to_string_lossy().replace('\\', "/"), text)
        })
        .collect();
    found.sort();
    found
}

fn build(out: &Path, site: &[(&str, &str)]) {
    let staging = Staging::open(out).unwrap();
    for (path, text) in site {
        let path = OutputPath::new(*path).unwrap();
        staging.write(&path, text.as_bytes()).unwrap();
    }
    staging.finish().unwrap();
    assert!(
        owned::is_marked(out),
        "the output folder carries the marker"
    );
}

/// `build`, with a pause before the end long enough for the folders' stamps to settle.
#[cfg(target_os = "linux")]
fn build_and_settle(out: &Path, site: &[(&str, &str)]) {
    let staging = Staging::open(out).unwrap();
    for (path, text) in site {
        let path = OutputPath::new(*path).unwrap();
        staging.write(&path, text.as_bytes()).unwrap();
    }
    std::thread::sleep(std::time::Duration::from_millis(150));
    staging.finish().unwrap();
}

#[test]
fn files_and_folders_may_trade_places_between_builds() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let first = [("a", "file a"), ("b/c/index.html", "deep")];
    let second = [("a/index.html", "a folder now"), ("b", "b is a file")];
    for site in [&first[..], &second, &first, &second, &first] {
        build(&out, site);
        let expected: Vec<_> = (site.iter())
            .map(|(path, text)| (path.to_string(), text.to_string()))
            .collect();
        assert_eq!(files(&out), expected);
    }
}

#[test]
fn a_file_written_twice_in_a_build_holds_what_was_written_last() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let path = OutputPath::new("a/index.html").unwrap();
    for _ in 0..3 {
        let staging = Staging::open(&out).unwrap();
        staging.write(&path, b"first").unwrap();
        staging.write(&path, b"second, longer").unwrap();
        staging.finish().unwrap();
        let expected = vec![("a/index.html".to_string(), "second, longer".to_string())];
        assert_eq!(files(&out), expected);
    }
}

#[test]
fn an_unchanged_file_is_not_written_again() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let site = [("a/index.html", "same"), ("b/index.html", "same")];
    build(&out, &site);
    build(&out, &site);
    let staged = staging_dir(&out).join("a/index.html");
    let before = std::fs::metadata(&staged).unwrap().modified().unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    build(&out, &[("a/index.html", "same"), ("b/index.html", "new")]);
    let now = out.join("a/index.html");
    assert_eq!(std::fs::metadata(&now).unwrap().modified().unwrap(), before);
    assert_eq!(
        std::fs::read_to_string(out.join("b/index.html")).unwrap(),
        "new"
    );
}

#[test]
fn a_file_changed_behind_the_build_is_written_again() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let site = [("a/index.html", "same"), ("b/index.html", "kept")];
    build(&out, &site);
    build(&out, &site);
    // Same length, so only the table of hashes could tell; the new identity sends the
    // build back to reading the file.
    std::fs::write(staging_dir(&out).join("a/index.html"), "SAME").unwrap();
    std::fs::write(out.join("b/index.html"), "KEPT").unwrap();
    build(&out, &site);
    assert_eq!(
        files(&out),
        [
            ("a/index.html".into(), "same".into()),
            ("b/index.html".into(), "kept".into())
        ]
    );
    build(&out, &site);
    assert_eq!(
        files(&out),
        [
            ("a/index.html".into(), "same".into()),
            ("b/index.html".into(), "kept".into())
        ]
    );
}

#[test]
fn a_damaged_table_of_hashes_only_means_files_are_read() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let site = [("a/index.html", "one")];
    build(&out, &site);
    build(&out, &site);
    std::fs::write(
        temp.path().join(".output.hashes"),
        "hearth-hashes-1\ngarbage",
    )
    .unwrap();
    build(&out, &[("a/index.html", "two")]);
    assert_eq!(files(&out), [("a/index.html".into(), "two".into())]);
    build(&out, &site);
    assert_eq!(files(&out), [("a/index.html".into(), "one".into())]);
}

#[test]
fn an_abandoned_first_build_leaves_nothing_behind() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let staging = Staging::open(&out).unwrap();
    staging
        .write(&OutputPath::new("a/index.html").unwrap(), b"half a site")
        .unwrap();
    staging.abandon().unwrap();
    assert_eq!(std::fs::read_dir(temp.path()).unwrap().count(), 0);
    build(&out, &[("a/index.html", "one")]);
    let staging = Staging::open(&out).unwrap();
    staging
        .write(&OutputPath::new("b/index.html").unwrap(), b"half a site")
        .unwrap();
    staging.abandon().unwrap();
    assert_eq!(files(&out), [("a/index.html".into(), "one".into())]);
}

#[cfg(unix)]
#[test]
fn unchanged_files_are_shared_with_the_output_and_a_changed_one_is_replaced() {
    use std::os::unix::fs::MetadataExt;
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let site = [("a/index.html", "same"), ("b/index.html", "old")];
    build(&out, &site);
    build(&out, &site);
    let inode = |dir: &Path, path: &str| std::fs::metadata(dir.join(path)).unwrap().ino();
    let staging = staging_dir(&out);
    for (path, _) in site {
        assert_eq!(inode(&out, path), inode(&staging, path), "{path} is shared");
    }
    let next = Staging::open(&out).unwrap();
    let a = OutputPath::new("a/index.html").unwrap();
    let b = OutputPath::new("b/index.html").unwrap();
    next.write(&a, b"same").unwrap();
    next.write(&b, b"new").unwrap();
    // Until the build is finished, the output folder is the previous site, whole.
    assert_eq!(
        files(&out),
        [
            ("a/index.html".into(), "same".into()),
            ("b/index.html".into(), "old".into())
        ]
    );
    next.finish().unwrap();
    assert_eq!(
        files(&out),
        [
            ("a/index.html".into(), "same".into()),
            ("b/index.html".into(), "new".into())
        ]
    );
    assert_eq!(inode(&out, "a/index.html"), inode(&staging, "a/index.html"));
    assert_ne!(inode(&out, "b/index.html"), inode(&staging, "b/index.html"));
    assert_eq!(
        std::fs::read_to_string(staging.join("b/index.html")).unwrap(),
        "old"
    );
}

#[cfg(unix)]
#[test]
fn a_kept_file_is_the_outputs_own_even_when_its_staged_copy_was_replaced() {
    use std::os::unix::fs::MetadataExt;
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let site = [("a/index.html", "same"), ("b/index.html", "kept")];
    build(&out, &site);
    build(&out, &site);
    let staging = staging_dir(&out);
    // Another file in its place, listed under the same name: only its inode number differs.
    std::fs::remove_file(staging.join("a/index.html")).unwrap();
    std::fs::write(staging.join("a/index.html"), "SAME").unwrap();
    let next = Staging::open(&out).unwrap();
    for path in ["a/index.html", "b/index.html"] {
        assert!(
            next.keep(&OutputPath::new(path).unwrap()).unwrap(),
            "{path}"
        );
    }
    next.finish().unwrap();
    assert_eq!(
        files(&out),
        [
            ("a/index.html".into(), "same".into()),
            ("b/index.html".into(), "kept".into())
        ]
    );
    let inode = |dir: &Path, path: &str| std::fs::metadata(dir.join(path)).unwrap().ino();
    for (path, _) in site {
        assert_eq!(inode(&out, path), inode(&staging, path), "{path} is shared");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn folders_unchanged_since_listed_are_not_read_again_and_changed_ones_are() {
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let pages: Vec<(String, String)> = (0..20)
        .map(|page| (format!("s/p{page}/index.html"), format!("page {page}")))
        .collect();
    let site: Vec<(&str, &str)> = (pages.iter())
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    // The first build makes one tree, the second the other: each keeps a listing of the tree
    // it made, so the third reads only the top folder, which the swap moved.
    build_and_settle(&out, &site);
    build_and_settle(&out, &site);
    let staging = Staging::open(&out).unwrap();
    assert!(
        staging.folders_read <= 1,
        "{} of 22 folders read",
        staging.folders_read
    );
    staging.abandon().unwrap();
    // Behind the build: a link to a file outside, and a stray file.
    let outside = temp.path().join("outside.txt");
    std::fs::write(&outside, "not the site's").unwrap();
    let staged = staging_dir(&out);
    std::os::unix::fs::symlink(&outside, staged.join("s/p3/index.htm")).unwrap();
    std::fs::write(staged.join("s/p4/stray.html"), "stray").unwrap();
    let staging = Staging::open(&out).unwrap();
    assert!(
        (2..=3).contains(&staging.folders_read),
        "{} folders read: the two changed ones (and the top)",
        staging.folders_read
    );
    assert!(!staged.join("s/p3/index.htm").exists(), "the link is gone");
    assert!(staging.found_files.contains_key("s/p4/stray.html"));
    for (path, text) in &site {
        staging
            .write(&OutputPath::new(*path).unwrap(), text.as_bytes())
            .unwrap();
    }
    staging.finish().unwrap();
    let mut expected = pages.to_vec();
    expected.sort();
    assert_eq!(files(&out), expected);
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "not the site's");
}

#[cfg(target_os = "linux")]
#[test]
fn the_listing_a_build_keeps_is_what_its_tree_holds() {
    use listing::FolderListing;
    fn flatten(listing: &FolderListing, prefix: &str, into: &mut found::Found) {
        for (name, inode) in &listing.files {
            into.files.push((format!("{prefix}{name}"), Some(*inode)));
        }
        for (name, below) in &listing.folders {
            into.folders.push(format!("{prefix}{name}"));
            flatten(below, &format!("{prefix}{name}/"), into);
        }
    }
    let temp = tempfile::tempdir().unwrap();
    let out = temp.path().join("output");
    let first = [
        ("a", "file a"),
        ("b/c/index.html", "deep"),
        ("d/e.css", "e"),
    ];
    let second = [("a/index.html", "a folder now"), ("b", "b is a file")];
    let third = [("a/index.html", "changed"), ("b", "b"), ("d/f/g.txt", "g")];
    for site in [&first[..], &second, &first, &third, &third, &second] {
        build_and_settle(&out, site);
        let tree = tree_id(&out).unwrap();
        let kept = listing::load(&listings_dir(&out), tree).expect("a listing is kept");
        let mut listed = found::Found::default();
        flatten(&kept, "", &mut listed);
        let (mut found, _) = found::scan(&out, FolderListing::default()).unwrap();
        for tree in [&mut listed, &mut found] {
            tree.files.sort();
            tree.folders.sort();
        }
        assert_eq!(listed.files, found.files);
        assert_eq!(listed.folders, found.folders);
    }
}
