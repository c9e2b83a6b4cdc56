//! Every command finds its site as cargo finds its package: from any folder inside it, by
//! walking up to `hearth.toml`; `--root` wins; outside any site, an error that says how to
//! start one.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::Fixture;

fn hearth(folder: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hearth"))
        .current_dir(folder)
        .args(args)
        .env_remove("NO_COLOR")
        .output()
        .expect("hearth runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// The summary with its time (which changes from run to run) written as `N`.
fn without_time(summary: &str) -> String {
    let (before, after) = summary.split_once(") in ").expect("a time in the summary");
    let (_, after) = after.split_once(" ms").expect("milliseconds");
    format!("{before}) in N ms{after}")
}

/// A folder outside any site: none of its ancestors holds `hearth.toml`.
fn outside_any_site() -> tempfile::TempDir {
    let temp = tempfile::tempdir().unwrap();
    assert!(
        temp.path()
            .ancestors()
            .all(|folder| !folder.join("hearth.toml").exists()),
        "a hearth.toml above {}",
        temp.path().display()
    );
    temp
}

#[test]
fn build_from_a_subfolder_builds_the_site_above() {
    let site = Fixture::new("basic");
    let run = hearth(&site.root().join("content/articles"), &["build"]);
    assert_eq!(text(&run.stderr), "");
    assert_eq!(
        without_time(&text(&run.stdout)),
        format!(
            "Built 4 pages in 2 sections (72 files) in N ms into {}\n",
            site.root().join("output").display()
        )
    );
    assert!(site.root().join("output/index.html").is_file());
    assert!(!site.root().join("content/articles/output").exists());
}

#[test]
fn outside_any_site_every_command_says_so_and_how_to_start_one() {
    let temp = outside_any_site();
    let expected = format!(
        "error: could not find `hearth.toml` in `{}` or any folder above it\nhelp: start a site with `hearth init DIR`, or name one with `--root DIR`\n",
        temp.path().display()
    );
    for args in [
        &["build"][..],
        &["check"],
        &["new", "article", "Lost"],
        &["pdf"],
        &["serve", "--port", "0"],
    ] {
        let run = hearth(temp.path(), args);
        assert_eq!(run.status.code(), Some(1), "{args:?}");
        assert_eq!(text(&run.stderr), expected, "{args:?}");
        assert_eq!(text(&run.stdout), "", "{args:?}");
    }
    assert_eq!(
        std::fs::read_dir(temp.path()).unwrap().count(),
        0,
        "nothing was written"
    );
}

#[test]
fn root_wins_over_the_folder_it_runs_in() {
    let site = Fixture::new("basic");
    let temp = outside_any_site();
    let root = site.root().to_str().unwrap();
    let run = hearth(temp.path(), &["check", "--root", root]);
    assert_eq!(text(&run.stderr), "");
    assert_eq!(text(&run.stdout), "No problems found in 4 pages.\n");
    let missing = temp.path().join("nowhere");
    let run = hearth(site.root(), &["build", "--root", missing.to_str().unwrap()]);
    assert_eq!(
        text(&run.stderr),
        format!(
            "error: the site folder `{}` does not exist\nhelp: expected `--root` to name a folder holding `hearth.toml`\n",
            missing.display()
        )
    );
    let run = hearth(
        site.root(),
        &["build", "--root", temp.path().to_str().unwrap()],
    );
    assert_eq!(
        text(&run.stderr),
        format!(
            "error: `{0}` holds no `hearth.toml`\nhelp: expected the folder of a site; start one there with `hearth init {0}`\n",
            temp.path().display()
        )
    );
}

#[test]
fn new_inside_content_writes_into_the_folder_it_runs_in() {
    let site = Fixture::new("basic");
    let articles = site.root().join("content/articles");
    let run = hearth(&articles, &["new", "article", "From sub"]);
    assert_eq!(text(&run.stderr), "");
    assert_eq!(text(&run.stdout), "Wrote content/articles/from-sub.md\n");
    assert!(articles.join("from-sub.md").is_file());
    assert!(!articles.join("content").exists());

    let run = hearth(&articles, &["new", "worksheet", "Kept here"]);
    assert_eq!(text(&run.stdout), "Wrote content/articles/kept-here.md\n");
    let written = std::fs::read_to_string(articles.join("kept-here.md")).unwrap();
    assert!(
        written.contains("\ntags = []\nkind = \"worksheet\"\n"),
        "{written}"
    );

    let run = hearth(site.root(), &["new", "quiz", "At the top"]);
    assert_eq!(text(&run.stdout), "Wrote content/quizzes/at-the-top.md\n");
    let build = hearth(&articles, &["build"]);
    assert!(build.status.success(), "{}", text(&build.stderr));
}
