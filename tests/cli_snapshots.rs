//! Diagnostics as a person reads them (`--message-format human`, without colour): the message,
//! the place, the source line with a caret under the problem and the help, for every kind of
//! problem the fixtures hold. Snapshots live in `tests/snapshots/`; review changes with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test --test cli_snapshots` and `git diff`).

mod common;

use common::Fixture;
use hearth::error::{Diagnostic, Location};
use hearth::report::MessageFormat;
use hearth::report::diagnostics::render_all;

/// What `hearth check` prints for the fixture `case`, before its closing line.
fn rendered(site: &Fixture, format: MessageFormat) -> String {
    let problems = match hearth::config::Settings::load(site.root(), Default::default()) {
        Ok(settings) => {
            hearth::build::check(&settings)
                .expect_err("the fixture has problems")
                .0
        }
        Err(problem) => vec![problem],
    };
    render_all(Some(site.root()), &problems, format, false)
}

macro_rules! fixture_snapshot {
    ($name:ident) => {
        #[test]
        fn $name() {
            let site = Fixture::new(stringify!($name));
            insta::assert_snapshot!(rendered(&site, MessageFormat::Human));
        }
    };
}

fixture_snapshot!(bad_date);
fixture_snapshot!(bad_toml);
fixture_snapshot!(broken_link);
fixture_snapshot!(duplicate_url);
fixture_snapshot!(many_errors);
fixture_snapshot!(quiz_errors);
fixture_snapshot!(template_error);
fixture_snapshot!(unknown_key);
fixture_snapshot!(worksheet_errors);

#[test]
fn a_wrong_key_in_hearth_toml() {
    let site = Fixture::new("basic");
    let config = std::fs::read_to_string(site.root().join("hearth.toml")).unwrap();
    site.write("hearth.toml", &format!("colour = \"blue\"\n{config}"));
    insta::assert_snapshot!(rendered(&site, MessageFormat::Human));
}

#[test]
fn a_missing_theme() {
    let site = Fixture::new("basic");
    std::fs::remove_dir_all(site.root().join("themes/hearth")).unwrap();
    insta::assert_snapshot!(rendered(&site, MessageFormat::Human));
}

#[test]
fn a_warning_with_a_span_and_help() {
    let site = Fixture::new("basic");
    site.write(
        "content/articles/shortcode.md",
        "+++\ntitle = \"Shortcode\"\n+++\n\nSee {{< youtube id >}} here.\n",
    );
    let warning = Diagnostic::warning(
        Location::new("content/articles/shortcode.md", 5, 5).spanning(18),
        "this looks like a Hugo shortcode, which hearth shows as it is",
    )
    .with_help("remove it, or write the link it stands for");
    insta::assert_snapshot!(render_all(
        Some(site.root()),
        [&warning],
        MessageFormat::Human,
        false
    ));
}

#[test]
fn a_place_whose_file_is_gone_is_still_named() {
    let gone = Diagnostic::at(
        Location::new("content/articles/gone.md", 7, 2),
        "unknown internal link `@/x.md`; expected a page that exists",
    );
    let temp = tempfile::tempdir().unwrap();
    insta::assert_snapshot!(render_all(
        Some(temp.path()),
        [&gone],
        MessageFormat::Human,
        false
    ));
}

#[test]
fn worksheet_errors_short_and_json() {
    let site = Fixture::new("worksheet_errors");
    insta::assert_snapshot!(
        "worksheet_errors_short",
        rendered(&site, MessageFormat::Short)
    );
    insta::assert_snapshot!(
        "worksheet_errors_json",
        rendered(&site, MessageFormat::Json)
    );
}
