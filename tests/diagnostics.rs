//! Bad input: every fixture fails with the exact `path:line:col: message`, all problems at once,
//! a non-zero exit code, and nothing written.

mod common;

use common::Fixture;

fn errors_of(case: &str) -> Vec<String> {
    let fixture = Fixture::new(case);
    let errors = fixture.build().expect_err("the build must fail");
    assert!(!fixture.output().exists(), "a failed build wrote output/");
    errors
}

#[test]
fn a_broken_internal_link_and_anchor_name_their_place() {
    assert_eq!(
        errors_of("broken_link"),
        [
            "content/articles/links.md:9:6: unknown internal link `@/articles/missing.md`; no page at content/articles/missing.md",
            "content/articles/other.md:4:5: unknown anchor `#no-such-heading` in `@/articles/target.md`; its headings are: real-heading",
        ]
    );
}

#[test]
fn bad_toml_points_into_the_front_matter() {
    assert_eq!(
        errors_of("bad_toml"),
        ["content/articles/bad.md:2:13: invalid front matter: invalid basic string, expected `\"`"]
    );
}

#[test]
fn an_unknown_key_names_the_key_and_what_is_allowed() {
    assert_eq!(
        errors_of("unknown_key"),
        [
            "content/articles/colour.md:3:1: unknown key `colour` in front matter; expected one of: title, description, date, updated, tags, draft, slug, aliases, weight, kind, template, paper, extra, quiz, expires, series, series_order, image, or a key under [extra]"
        ]
    );
}

#[test]
fn a_bad_date_names_its_line_and_the_expected_form() {
    assert_eq!(
        errors_of("bad_date"),
        [
            "content/articles/when.md:3:3: `date` is not a date: `2024-02-30`; expected a date such as 2024-05-01 or 2024-05-01T09:30:00Z"
        ]
    );
}

#[test]
fn two_pages_with_one_url_are_an_error() {
    assert_eq!(
        errors_of("duplicate_url"),
        [
            "content/articles/two.md:1:1: the URL /articles/same/ is already used by content/articles/one.md; expected a different `slug`, file name or alias"
        ]
    );
}

#[test]
fn a_template_error_names_the_template_file_and_line() {
    let errors = errors_of("template_error");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("themes/broken/templates/page.html:4:"),
        "{errors:?}"
    );
    assert!(errors[0].contains("template error:"), "{errors:?}");
}

#[test]
fn every_problem_of_a_run_is_reported_together() {
    assert_eq!(
        errors_of("many_errors"),
        [
            "content/articles/a.md:3:1: unknown key `mood` in front matter; expected one of: title, description, date, updated, tags, draft, slug, aliases, weight, kind, template, paper, extra, quiz, expires, series, series_order, image, or a key under [extra]",
            "content/articles/b.md:3:1: `date` is not a date: `someday`; expected a date such as 2024-05-01 or 2024-05-01T09:30:00Z",
            "content/articles/c.md:4:5: unknown internal link `@/nowhere.md`; no page at content/nowhere.md",
        ]
    );
}

#[test]
fn the_command_prints_every_problem_and_exits_non_zero() {
    let fixture = Fixture::new("many_errors");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args(["build", "--root"])
        .arg(fixture.root())
        .output()
        .expect("hearth runs");
    assert!(!run.status.success());
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(
        stderr.contains(" --> content/articles/a.md:3:1\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains(" --> content/articles/c.md:4:5\n"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("error: could not build the site: 3 errors\n"),
        "{stderr}"
    );
}
