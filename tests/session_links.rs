//! A build session follows `@/` links as a clean build does: a link to a page whose URL
//! changed leads to the new URL, a link to a heading is checked again when the heading
//! changes, and a link to a file that stops parsing is no longer reported on its own.

#[path = "serve/clean_build.rs"]
mod clean_build;
mod common;

use std::path::Path;

use clean_build::{clean_build, differing_paths, first_difference};
use common::Fixture;
use hearth::build::session::{BuildOutcome, Session};
use hearth::config::Overrides;
use hearth::error::BuildError;

/// A copy of the `serve_site` fixture and a session built on it.
struct Edited {
    fixture: Fixture,
    session: Session,
}

impl Edited {
    /// The fixture with `extra_files` added, built; and the problems of that first build.
    fn new(extra_files: &[(&str, &str)]) -> (Self, Vec<String>) {
        let fixture = Fixture::new("serve_site");
        for (path, text) in extra_files {
            std::fs::write(fixture.root().join(path), text).unwrap();
        }
        let mut session = Session::open(fixture.root(), Overrides::default());
        let first = session.build_all();
        let site = Self { fixture, session };
        let problems = site.assert_as_clean_build(first, "nothing");
        (site, problems)
    }

    fn root(&self) -> &Path {
        self.fixture.root()
    }

    /// Rewrites `path` with `edit`, rebuilds, and checks the session against a clean build;
    /// returns the session's problems (empty when it built).
    fn edit(&mut self, path: &str, edit: impl Fn(String) -> String) -> Vec<String> {
        let file = self.root().join(path);
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, edit(text)).unwrap();
        let result = self.session.rebuild(&[file]);
        self.assert_as_clean_build(result, path)
    }

    fn assert_as_clean_build(
        &self,
        result: Result<BuildOutcome, BuildError>,
        what: &str,
    ) -> Vec<String> {
        match (result, clean_build(self.root())) {
            (Ok(_), Ok(clean)) => {
                let differing = differing_paths(self.session.output(), &clean);
                assert!(
                    differing.is_empty(),
                    "after editing {what}: {differing:?}\n{}",
                    first_difference(self.session.output(), &clean, &differing)
                );
                Vec::new()
            }
            (Err(ours), Err(clean)) => {
                let ours: Vec<String> = ours.0.iter().map(ToString::to_string).collect();
                assert_eq!(ours, clean, "after editing {what}: the problems differ");
                ours
            }
            (ours, clean) => panic!(
                "after editing {what}: the session says {:?}, a clean build {:?}",
                ours.map(|outcome| outcome.changed),
                clean.map(|output| output.files.len())
            ),
        }
    }

    fn page(&self, output_path: &str) -> String {
        let body = self.session.output().files[output_path].read().unwrap();
        String::from_utf8_lossy(&body).into_owned()
    }
}

#[test]
fn a_link_to_a_page_whose_url_changed_leads_to_its_new_url() {
    let (mut site, _) = Edited::new(&[]);
    assert!(
        site.page("articles/first/index.html")
            .contains("data-path=\"/articles/second/#how-to-start\"")
    );
    let problems = site.edit("content/articles/second.md", |text| {
        text.replacen("+++\n", "+++\nslug = \"second-thoughts\"\n", 1)
    });
    assert_eq!(problems, Vec::<String>::new());
    let first = site.page("articles/first/index.html");
    assert!(
        first.contains("data-path=\"/articles/second-thoughts/#how-to-start\""),
        "{first}"
    );
}

#[test]
fn links_to_a_heading_are_checked_again_when_the_heading_changes() {
    let (mut site, _) = Edited::new(&[]);
    let problems = site.edit("content/articles/second.md", |text| {
        text.replace("## How to start", "## Where to begin")
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("content/articles/first.md:"),
        "{problems:?}"
    );
    assert!(problems[0].contains("#how-to-start"), "{problems:?}");

    let problems = site.edit("content/articles/second.md", |text| {
        text.replace("## Where to begin", "## How to start")
    });
    assert_eq!(problems, Vec::<String>::new());
}

#[test]
fn a_link_to_a_draft_that_stops_parsing_is_no_longer_reported_on_its_own() {
    let draft = "+++\ntitle = \"Not yet\"\ndraft = true\n+++\nSoon.\n";
    let linker = "+++\ntitle = \"Linker\"\n+++\nSee [soon](@/articles/draft.md).\n";
    let (mut site, problems) = Edited::new(&[
        ("content/articles/draft.md", draft),
        ("content/articles/linker.md", linker),
    ]);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("unknown internal link `@/articles/draft.md`"));

    let problems = site.edit("content/articles/draft.md", |text| {
        text.replacen("title = \"Not yet\"", "title = ", 1)
    });
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].starts_with("content/articles/draft.md:2:"),
        "{problems:?}"
    );

    let problems = site.edit("content/articles/draft.md", |_| {
        "+++\ntitle = \"Now\"\n+++\nHere.\n".to_string()
    });
    assert_eq!(problems, Vec::<String>::new());
    assert!(
        site.page("articles/linker/index.html")
            .contains("data-path=\"/articles/draft/\"")
    );
}
