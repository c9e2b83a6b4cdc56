//! What used to go wrong without a word: each case now builds correctly or says what is wrong
//! at its `path:line:col` — word for word, and all of them in one run.

mod common;

use common::Fixture;

fn errors_of(case: &str) -> Vec<String> {
    let fixture = Fixture::new(case);
    let errors = fixture.build().expect_err("the build must fail");
    assert!(!fixture.output().exists(), "a failed build wrote output/");
    errors
}

#[test]
fn plain_markdown_builds_with_titles_links_and_images() {
    let fixture = Fixture::new("plain_markdown");
    let report = fixture.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let guide = fixture.read("guide/index.html");
    assert!(
        guide.contains("<title>The guide"),
        "the first heading titles the page"
    );
    assert_eq!(
        guide.matches("<h1").count(),
        1,
        "the title heading is shown once"
    );
    assert!(
        guide.contains("data-path=\"/guide/first-step/\""),
        "{guide}"
    );
    assert!(
        guide.contains("data-path=\"/guide/sub/second/#before-you-start\""),
        "{guide}"
    );
    let first = fixture.read("guide/first-step/index.html");
    assert!(
        first.contains("src=\"../images/hearth.svg\""),
        "relative image resolved"
    );
    assert!(
        first.contains("data-path=\"/guide/images/hearth.svg\""),
        "relative file resolved"
    );
    assert!(
        first.contains("data-path=\"/guide/\""),
        "a link to _index.md is the section"
    );
    assert!(fixture.output().join("guide/images/hearth.svg").is_file());
    let second = fixture.read("guide/sub/second/index.html");
    assert!(
        !second.contains("+++"),
        "a header after blank lines is not shown"
    );
    assert!(second.contains("<title>Second step"));
    assert!(
        fixture.output().join("tags/calm/index.html").is_file(),
        "undated pages have tag pages"
    );
    assert!(fixture.output().join("tags/listening/index.html").is_file());
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    let hint = "which hearth does not run: it is shown as written; expected Markdown (a link, an image, a code block or a worksheet block)";
    assert_eq!(
        warnings,
        [
            format!(
                "content/guide/sub/second.md:12:1: warning: `{{{{< youtube w7Ft2ymGmfc >}}}}` looks like a Hugo shortcode, {hint}"
            ),
            format!(
                "content/guide/sub/second.md:14:6: warning: `{{{{ resize_image(path=\"a.png\", width=300) }}}}` looks like a Zola shortcode, {hint}"
            ),
            format!(
                "content/guide/sub/second.md:14:54: warning: `{{% note() %}}` looks like a Zola shortcode, {hint}"
            ),
            format!(
                "content/guide/sub/second.md:14:71: warning: `{{{{#include ../x.rs}}}}` looks like an mdBook shortcode, {hint}"
            ),
            format!(
                "content/guide/sub/second.md:16:1: warning: `{{{{% notice tip %}}}}` looks like a Hugo shortcode, {hint}"
            ),
        ]
    );
}

#[test]
fn code_fence_attributes_number_and_highlight_lines() {
    let fixture = Fixture::new("plain_markdown");
    fixture.build().unwrap_or_else(|e| panic!("{e:#?}"));
    let second = fixture.read("guide/sub/second/index.html");
    assert!(
        second.contains("<pre class=\"code\" data-lang=\"rust\" data-linenos><code>"),
        "{second}"
    );
    assert!(
        second.contains("<span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">10</span>")
    );
    assert!(
        second
            .contains("<mark class=\"hl-line\"><span class=\"ln\" aria-hidden=\"true\">11</span>")
    );
    assert!(
        second
            .contains("<mark class=\"hl-line\"><span class=\"ln\" aria-hidden=\"true\">12</span>")
    );
    assert!(
        second.contains("<span class=\"line\"><span class=\"ln\" aria-hidden=\"true\">13</span>")
    );
    assert!(
        second.contains(
            "<pre class=\"code\"><code><mark class=\"hl-line\">highlighted = true</mark>"
        ),
        "a `{{hl_lines=…}}` fence is code, not a worksheet block"
    );
}

#[test]
fn missing_relative_targets_are_errors_at_their_place() {
    assert_eq!(
        errors_of("plain_markdown_broken"),
        [
            "content/notes.md:3:5: unknown relative link `missing.md#part`; no page at content/missing.md",
            "content/notes.md:3:45: missing file `files/sheet.pdf`; no file at content/files/sheet.pdf",
            "content/notes.md:5:1: missing file `images/photo.jpg`; no file at content/images/photo.jpg",
            "content/notes.md:7:5: relative link `../../etc/passwd.md` leads outside content/; expected a file inside it",
        ]
    );
}

#[test]
fn every_problem_of_every_file_comes_in_one_run() {
    let keys = "title, description, date, updated, tags, draft, slug, aliases, weight, kind, template, paper, extra, quiz, expires, series, series_order, or a key under [extra]";
    assert_eq!(
        errors_of("all_at_once"),
        [
            format!("content/articles/a.md:3:1: unknown key `mood` in front matter; expected one of: {keys}"),
            format!("content/articles/a.md:4:1: unknown key `colour` in front matter; expected one of: {keys}"),
            "content/articles/a.md:8:11: unknown internal link `@/articles/gone.md`; no page at content/articles/gone.md".to_string(),
            "content/articles/b.md:6:52: unknown anchor `#missing` in `@/articles/c.md`; its headings are: real".to_string(),
            "content/articles/c.md:8:3: unknown internal link `@/nowhere.md`; no page at content/nowhere.md".to_string(),
            "content/articles/d.md:4:1: template `custom.html` not found in the theme; expected a file templates/custom.html".to_string(),
        ]
    );
}

#[test]
fn check_prints_warnings_counts_them_and_can_deny_them() {
    let fixture = Fixture::new("plain_markdown");
    let run = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
            .arg("check")
            .args(extra)
            .arg("--root")
            .arg(fixture.root())
            .output()
            .expect("hearth runs")
    };
    let allowed = run(&[]);
    assert!(allowed.status.success());
    let stderr = String::from_utf8_lossy(&allowed.stderr);
    assert_eq!(stderr.matches("warning: ").count(), 5, "{stderr}");
    assert!(stderr.starts_with("warning: `{{< youtube w7Ft2ymGmfc >}}` looks like a Hugo shortcode, which hearth does not run: it is shown as written\n  --> content/guide/sub/second.md:12:1\n"), "{stderr}");
    let stdout = String::from_utf8_lossy(&allowed.stdout);
    assert_eq!(stdout, "No problems found in 2 pages; 5 warnings.\n");
    let denied = run(&["--deny-warnings"]);
    assert!(!denied.status.success());
    let stderr = String::from_utf8_lossy(&denied.stderr);
    assert!(
        stderr.ends_with(
            "error: the site did not pass the check (--deny-warnings): 0 errors, 5 warnings\n"
        ),
        "{stderr}"
    );
}
