//! Two builds into one output folder take turns: while one holds the folder, another waits and
//! writes nothing, then builds the whole site once the first is done.

mod cli_support;
mod common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use cli_support::{HEARTH, text};
use common::Fixture;

#[test]
fn a_build_waits_for_the_one_holding_its_output_folder() {
    let site = Fixture::repository_site();
    let held = std::fs::File::create(site.root().join(".output.lock")).unwrap();
    held.lock().unwrap();
    let build = Command::new(HEARTH)
        .current_dir(site.root())
        .args(["build", "-v"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hearth runs");
    let waiting_from = Instant::now();
    while waiting_from.elapsed() < Duration::from_millis(1500) {
        assert!(!site.output().exists(), "nothing written while waiting");
        std::thread::sleep(Duration::from_millis(50));
    }
    for part in ["staging", "hashes", "cache"] {
        let beside = site.root().join(format!(".output.{part}"));
        assert!(
            !beside.exists(),
            "{} not made while waiting",
            beside.display()
        );
    }
    drop(held);
    let run = build.wait_with_output().unwrap();
    let errors = text(&run.stderr);
    assert!(run.status.success(), "{errors}");
    assert!(site.output().join("index.html").is_file());
    let waited = errors
        .lines()
        .find(|line| line.trim_start().starts_with("wait "))
        .unwrap_or_else(|| panic!("`-v` tells the time spent waiting: {errors}"));
    let millis: f64 = (waited.split_whitespace().nth(1)).unwrap().parse().unwrap();
    assert!(millis >= 1000.0, "{waited}");
}
