//! Progress on a site big enough to take longer than the moment hearth waits before drawing
//! it: `build` and `serve`'s first build show the stage and its counts on a terminal, then
//! clear them for the summary; a pipe gets the summary alone. The engine tells every counted
//! stage its total and each item done.

mod cli_support;
mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};

use cli_support::{
    counted_frames, on_terminal, piped, plain, screen, terminal_command, text, without_time,
};
use common::Fixture;
use hearth::build::progress::Progress;

/// Generated articles added to the `basic` fixture's four pages.
const GENERATED: usize = 300;

/// The `basic` fixture with `GENERATED` more articles, each a few paragraphs with a link.
fn big_site() -> Fixture {
    let site = Fixture::new("basic");
    for number in 0..GENERATED {
        let paragraph = "When the house goes quiet, say what you noticed today and ask one \
                         question about it. Listen to the whole answer before you reply.\n\n";
        site.write(
            &format!("content/articles/generated-{number:03}.md"),
            &format!(
                "+++\ntitle = \"Generated {number}\"\ndate = 2024-02-{day:02}\ntags = [\"listening\"]\n+++\n\
                 {}## Next\n\nSee [the first](@/articles/first.md).\n",
                paragraph.repeat(6),
                day = number % 28 + 1
            ),
        );
    }
    site
}

/// How many files of the site are in the output `folder` (all but the mark hearth leaves on
/// the folders it made).
fn files_in(folder: &std::path::Path) -> usize {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .filter(|entry| !(entry.depth() == 1 && entry.file_name() == ".hearth-output"))
        .count()
}

#[test]
fn a_terminal_sees_each_stage_counted_then_the_summary_alone() {
    let site = big_site();
    let (shown, code) = on_terminal(site.root(), &["build"], &[]);
    assert_eq!(code, Some(0), "{shown}");
    let output = site.root().join("output");
    let summary = format!(
        "Built {} pages in 2 sections ({} files) in N ms into {}",
        GENERATED + 4,
        files_in(&output),
        output.display()
    );
    // Once cleared, the bar leaves the summary alone on the screen.
    assert_eq!(without_time(&screen(&shown)), format!("{summary}\n"));

    let words = plain(&shown);
    assert!(words.starts_with("    Building "), "{words:?}");
    let frames = counted_frames(&words);
    let rendered = frames.iter().filter(|(_, _, stage)| stage == "render");
    assert!(rendered.count() > 0, "no counted render stage in {words:?}");
    for (done, total, stage) in &frames {
        assert!(done <= total, "{done}/{total} {stage}");
        assert!(
            ["parse", "bodies", "render"].contains(&stage.as_str()),
            "{stage}"
        );
    }
}

#[test]
fn a_pipe_gets_no_progress_from_a_big_site() {
    let site = big_site();
    let run = piped(site.root(), &["build"], &[]);
    assert_eq!(text(&run.stderr), "");
    let output = site.root().join("output");
    assert_eq!(
        without_time(&text(&run.stdout)),
        format!(
            "Built {} pages in 2 sections ({} files) in N ms into {}\n",
            GENERATED + 4,
            files_in(&output),
            output.display()
        )
    );
}

/// A `script` process running `hearth serve`, stopped (with the server) when dropped.
struct Terminal(std::process::Child);

impl Drop for Terminal {
    fn drop(&mut self) {
        // `script` ends the program it runs when it is asked to stop.
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_shows_its_first_build_then_the_summary_on_its_own_line() {
    let site = big_site();
    let mut child = terminal_command(site.root(), &["serve", "--port", "0"], &[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) runs");
    let mut stdout = child.stdout.take().expect("standard output");
    let _terminal = Terminal(child);
    let mut shown = Vec::new();
    let mut buffer = [0; 4096];
    while !String::from_utf8_lossy(&shown).contains("(Ctrl+C to stop)") {
        let read = stdout.read(&mut buffer).expect("the terminal's output");
        assert!(read > 0, "{}", String::from_utf8_lossy(&shown));
        shown.extend_from_slice(&buffer[..read]);
    }
    let shown = String::from_utf8(shown).expect("UTF-8");
    let frames = counted_frames(&plain(&shown));
    assert!(
        frames.iter().any(|(_, _, stage)| stage == "render"),
        "{shown:?}"
    );
    // The first build's summary stands on its own line, the bar cleared before it.
    let screen = screen(&shown);
    let lines: Vec<&str> = screen.lines().collect();
    let [built, serving] = lines[..] else {
        panic!("two lines: {screen:?}");
    };
    let served_files = site_files(&site);
    assert_eq!(
        without_time(built),
        format!(
            "Built {} pages in 2 sections ({served_files} files) in N ms",
            GENERATED + 4
        )
    );
    let port = serving
        .strip_prefix("Serving the site at http://127.0.0.1:")
        .and_then(|rest| rest.strip_suffix("/ (Ctrl+C to stop)"))
        .and_then(|port| port.parse::<u16>().ok());
    assert!(port.is_some(), "{serving:?}");
}

/// How many files a build of `site` writes (into a folder of its own).
fn site_files(site: &Fixture) -> usize {
    let output = tempfile::tempdir().expect("a temporary folder");
    let folder = output.path().join("site");
    let folder_text = folder.to_str().expect("a UTF-8 path");
    let run = piped(site.root(), &["build", "--output", folder_text], &[]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    files_in(&folder)
}

/// Every stage call, and each item done, in order of arrival.
#[derive(Default)]
struct Recorder {
    stages: Mutex<Vec<(&'static str, Option<usize>, usize)>>,
}

impl Progress for Recorder {
    fn stage(&self, name: &'static str, total: Option<usize>) {
        self.stages.lock().unwrap().push((name, total, 0));
    }

    fn advance(&self) {
        let mut stages = self.stages.lock().unwrap();
        stages.last_mut().expect("a stage began").2 += 1;
    }
}

#[test]
fn every_counted_stage_counts_each_item_to_its_total() {
    let site = big_site();
    let recorder = Arc::new(Recorder::default());
    let outcome = hearth::build::check_with(&site.settings(), recorder.clone()).expect("checks");
    let files = GENERATED + 4 + 2;
    let stages = recorder.stages.lock().unwrap().clone();
    let jobs = stages
        .iter()
        .find(|(name, _, _)| *name == "render")
        .and_then(|(_, total, _)| *total)
        .expect("a counted render stage");
    assert_eq!(
        stages,
        [
            ("read", None, 0),
            ("parse", Some(files + 1), files + 1),
            ("place", None, 0),
            ("bodies", Some(files), files),
            ("sign", None, 0),
            ("render", Some(jobs), jobs),
        ],
        "{} pages",
        outcome.pages
    );
}
