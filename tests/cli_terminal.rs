//! On a terminal a build shows its progress (stage and counts) and colours its messages; through
//! a pipe, or with `--quiet`, it prints the summary alone; `NO_COLOR` and `--color` decide colour.
//! The terminal is a pseudo-terminal made by `script` from util-linux.

mod cli_support;
mod common;

use cli_support::{colour_codes, on_terminal, piped, plain, text, without_time};
use common::Fixture;

/// Progress drawn from the first moment, so that a small site shows it too.
const AT_ONCE: (&str, &str) = ("HEARTH_PROGRESS_DELAY_MS", "0");

fn summary(site: &Fixture) -> String {
    format!(
        "Built 4 pages in 2 sections (72 files) in N ms into {}\n",
        site.root().join("output").display()
    )
}

#[test]
fn a_terminal_sees_the_progress_then_the_summary() {
    let site = Fixture::new("basic");
    let (shown, code) = on_terminal(site.root(), &["build"], &[AT_ONCE]);
    assert_eq!(code, Some(0), "{shown}");
    let words = plain(&shown);
    let (progress, last_line) = words.rsplit_once("Built ").expect("a summary");
    // Which stages get drawn depends on the speed of the machine; the bar's title does not.
    assert!(progress.starts_with("    Building "), "{words:?}");
    assert_eq!(without_time(&format!("Built {last_line}")), summary(&site));
}

#[test]
fn a_pipe_gets_the_summary_alone() {
    let site = Fixture::new("basic");
    let run = piped(site.root(), &["build"], &[AT_ONCE]);
    assert_eq!(text(&run.stderr), "");
    assert_eq!(without_time(&text(&run.stdout)), summary(&site));
}

#[test]
fn quiet_keeps_a_terminal_to_the_summary() {
    let site = Fixture::new("basic");
    let (shown, code) = on_terminal(site.root(), &["build", "--quiet"], &[AT_ONCE]);
    assert_eq!(code, Some(0), "{shown}");
    assert_eq!(without_time(&shown.replace('\r', "")), summary(&site));
}

#[test]
fn verbose_prints_the_time_of_each_stage() {
    let site = Fixture::new("basic");
    let run = piped(site.root(), &["check", "-v"], &[]);
    assert_eq!(text(&run.stdout), "No problems found in 4 pages.\n");
    let stderr = text(&run.stderr);
    let stages: Vec<&str> = stderr
        .lines()
        .map(|line| {
            let (stage, time) = line.trim_start().split_once(' ').expect("stage and time");
            assert!(time.ends_with(" ms"), "{line}");
            assert!(
                time.trim_end_matches(" ms").parse::<f64>().is_ok(),
                "{line}"
            );
            stage
        })
        .collect();
    assert_eq!(
        stages,
        [
            "read+parse",
            "scan",
            "place",
            "bodies",
            "sign",
            "render",
            "output",
            "total"
        ]
    );
}

const MANY_ERRORS: &str = "\
error: unknown key `mood` in front matter
 --> content/articles/a.md:3:1
  |
3 | mood = \"sad\"
  | ^^^^
  |
  = help: expected one of: title, description, date, updated, tags, draft, slug, aliases, weight, kind, template, paper, extra, quiz, expires, series, series_order, image, or a key under [extra]

error: `date` is not a date: `someday`
 --> content/articles/b.md:3:1
  |
3 | date = \"someday\"
  | ^^^^
  |
  = help: expected a date such as 2024-05-01 or 2024-05-01T09:30:00Z

error: unknown internal link `@/nowhere.md`; no page at content/nowhere.md
 --> content/articles/c.md:4:5
  |
4 | See [nowhere](@/nowhere.md).
  |     ^

error: could not build the site: 3 errors
";

#[test]
fn a_terminal_gets_colour_unless_no_color_or_color_never() {
    let site = Fixture::new("many_errors");
    let (coloured, code) = on_terminal(site.root(), &["build", "-q"], &[]);
    assert_eq!(code, Some(1));
    assert_eq!(plain(&coloured), MANY_ERRORS);
    assert_eq!(
        colour_codes(&coloured).first().copied(),
        Some("\x1b[1m"),
        "{coloured:?}"
    );
    assert!(coloured.contains("\x1b[91merror\x1b[0m"), "{coloured:?}");

    for (args, env) in [
        (&["build", "-q"][..], &[("NO_COLOR", "1")][..]),
        (&["build", "-q", "--color", "never"], &[]),
    ] {
        let (shown, code) = on_terminal(site.root(), args, env);
        assert_eq!(code, Some(1));
        assert_eq!(colour_codes(&shown), Vec::<&str>::new(), "{args:?} {env:?}");
        assert_eq!(shown.replace('\r', ""), MANY_ERRORS);
    }
}

#[test]
fn a_pipe_gets_colour_only_when_asked() {
    let site = Fixture::new("many_errors");
    let run = piped(site.root(), &["build"], &[]);
    assert_eq!(text(&run.stderr), MANY_ERRORS);
    let run = piped(site.root(), &["build", "--color", "always"], &[]);
    let stderr = text(&run.stderr);
    assert!(!colour_codes(&stderr).is_empty());
    assert_eq!(plain(&stderr), MANY_ERRORS);
}
