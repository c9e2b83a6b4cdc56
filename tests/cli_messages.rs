//! What each command says: diagnostics as JSON lines for editors and as short lines, each
//! command's own closing line, nouns that agree with their numbers, shell completions and
//! the man page.

mod cli_support;
mod common;

use cli_support::{piped, text, without_time};
use common::Fixture;
use serde_json::json;

#[test]
fn json_messages_are_one_object_a_line_on_standard_output() {
    let site = Fixture::new("many_errors");
    let run = piped(site.root(), &["build", "--message-format", "json"], &[]);
    assert_eq!(run.status.code(), Some(1));
    let objects: Vec<serde_json::Value> = text(&run.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    assert_eq!(
        objects,
        [
            json!({
                "path": "content/articles/a.md", "line": 3, "column": 1, "severity": "error",
                "message": "unknown key `mood` in front matter",
                "help": "expected one of: title, description, date, updated, tags, draft, slug, aliases, weight, kind, template, paper, extra, quiz, expires, series, series_order, image, or a key under [extra]",
            }),
            json!({
                "path": "content/articles/b.md", "line": 3, "column": 1, "severity": "error",
                "message": "`date` is not a date: `someday`",
                "help": "expected a date such as 2024-05-01 or 2024-05-01T09:30:00Z",
            }),
            json!({
                "path": "content/articles/c.md", "line": 4, "column": 5, "severity": "error",
                "message": "unknown internal link `@/nowhere.md`; no page at content/nowhere.md",
                "help": null,
            }),
        ]
    );
    assert_eq!(
        text(&run.stderr),
        "error: could not build the site: 3 errors\n"
    );
}

#[test]
fn json_keeps_standard_output_for_messages_even_on_success() {
    let site = Fixture::new("basic");
    let run = piped(site.root(), &["check", "--message-format", "json"], &[]);
    assert_eq!(text(&run.stdout), "");
    assert_eq!(text(&run.stderr), "No problems found in 4 pages.\n");
}

#[test]
fn short_messages_are_one_line_each() {
    let site = Fixture::new("many_errors");
    let run = piped(site.root(), &["check", "--message-format", "short"], &[]);
    assert_eq!(
        text(&run.stderr),
        "\
content/articles/a.md:3:1: error: unknown key `mood` in front matter; expected one of: title, description, date, updated, tags, draft, slug, aliases, weight, kind, template, paper, extra, quiz, expires, series, series_order, image, or a key under [extra]
content/articles/b.md:3:1: error: `date` is not a date: `someday`; expected a date such as 2024-05-01 or 2024-05-01T09:30:00Z
content/articles/c.md:4:5: error: unknown internal link `@/nowhere.md`; no page at content/nowhere.md
error: the site did not pass the check: 3 errors
"
    );
}

#[test]
fn one_of_a_kind_is_said_in_the_singular() {
    let site = tempfile::tempdir().unwrap();
    let root = site.path();
    std::fs::copy(
        common::repo_root().join("tests/fixtures/basic/hearth.toml"),
        root.join("hearth.toml"),
    )
    .unwrap();
    common::copy_tree(&common::repo_root().join("themes"), &root.join("themes"));
    std::fs::create_dir(root.join("content")).unwrap();
    std::fs::write(
        root.join("content/_index.md"),
        "+++\ntitle = \"Home\"\n+++\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/only.md"),
        "+++\ntitle = \"Only\"\n+++\nText.\n",
    )
    .unwrap();
    let run = piped(root, &["build"], &[]);
    assert_eq!(
        without_time(&text(&run.stdout)),
        format!(
            "Built 1 page in 1 section (35 files) in N ms into {}\n",
            root.join("output").display()
        )
    );
    let run = piped(root, &["check"], &[]);
    assert_eq!(text(&run.stdout), "No problems found in 1 page.\n");
    std::fs::write(
        root.join("content/only.md"),
        "+++\ntitle = \"Only\"\nmood = 1\n+++\n",
    )
    .unwrap();
    let run = piped(root, &["check", "--message-format", "short"], &[]);
    assert_eq!(
        text(&run.stderr).lines().last(),
        Some("error: the site did not pass the check: 1 error")
    );
}

#[test]
fn new_and_init_close_with_their_own_line() {
    let site = Fixture::new("basic");
    let run = piped(site.root(), &["new", "article", "First"], &[]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        text(&run.stderr),
        "error: content/articles/first.md already exists\nhelp: expected a title not used yet\n\nerror: could not create the page\n"
    );
    let run = piped(site.root(), &["new", "page", "?!"], &[]);
    assert_eq!(
        text(&run.stderr),
        "error: the title `?!` has no letters or digits\nhelp: expected a title such as \"Before I act\"\n\nerror: could not create the page\n"
    );
    let run = piped(site.root(), &["init", "."], &[]);
    assert_eq!(
        text(&run.stderr),
        "error: . already holds a site (its hearth.toml)\nhelp: expected an empty or new folder\n\nerror: could not create the site\n"
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_itself() {
    let here = tempfile::tempdir().unwrap();
    let bash = text(&piped(here.path(), &["completions", "bash"], &[]).stdout);
    assert!(bash.starts_with("_hearth() {\n"), "{bash}");
    assert!(bash.contains("--message-format"), "{bash}");
    assert!(bash.contains("complete -F _hearth -o nosort -o bashdefault -o default hearth"));
    let zsh = text(&piped(here.path(), &["completions", "zsh"], &[]).stdout);
    assert!(zsh.starts_with("#compdef hearth\n"), "{zsh}");
    let fish = text(&piped(here.path(), &["completions", "fish"], &[]).stdout);
    assert!(
        fish.contains("complete -c hearth -n \"__fish_hearth_needs_command\" -f -a \"build\""),
        "{fish}"
    );
    let man = text(&piped(here.path(), &["man"], &[]).stdout);
    assert!(man.contains("\n.TH hearth 1  \"hearth "), "{man}");
    assert!(man.contains("\nhearth\\-completions(1)\n"), "{man}");
}

/// `hearth args…` in `folder` writing to a pipe whose reader has already gone (`| head -0`):
/// its exit code and standard error.
fn into_a_closed_pipe(folder: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let (reader, writer) = std::io::pipe().expect("a pipe");
    drop(reader);
    let run = std::process::Command::new(cli_support::HEARTH)
        .args(args)
        .current_dir(folder)
        .env_remove("NO_COLOR")
        .stdout(writer)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("hearth runs");
    (run.status.code(), text(&run.stderr))
}

#[test]
fn a_reader_that_stops_early_is_no_failure() {
    let here = tempfile::tempdir().unwrap();
    for args in [
        &["completions", "bash"][..],
        &["completions", "fish"],
        &["man"],
    ] {
        assert_eq!(
            into_a_closed_pipe(here.path(), args),
            (Some(0), String::new())
        );
    }
    let site = Fixture::new("many_errors");
    assert_eq!(
        into_a_closed_pipe(site.root(), &["check", "--message-format", "json"]),
        (
            Some(1),
            "error: the site did not pass the check: 3 errors\n".to_string()
        )
    );
    let site = Fixture::new("basic");
    assert_eq!(
        into_a_closed_pipe(site.root(), &["check"]),
        (Some(0), String::new())
    );
}
