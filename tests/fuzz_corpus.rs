//! The fuzzing corpus replayed on stable Rust: every file of `fuzz/corpus/<target>/` (found by
//! `cargo +nightly fuzz run <target>`, minimized, with every input that once crashed) goes
//! through the same entry point as the fuzz target, so a parser change that panics on any of
//! them fails `cargo test`.

#[path = "../fuzz/entries.rs"]
mod entries;

use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use entries::Harness;

fn replay(target: &str, run: impl Fn(&Harness, &[u8])) {
    let repository = Path::new(env!("CARGO_MANIFEST_DIR"));
    let harness = Harness::new(repository);
    let folder = repository.join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&folder)
        .unwrap_or_else(|error| panic!("{}: {error}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(
        files.len() >= 10,
        "{}: {} files",
        folder.display(),
        files.len()
    );
    let panicked: Vec<String> = files
        .iter()
        .filter(|file| {
            let data = std::fs::read(file).unwrap();
            panic::catch_unwind(AssertUnwindSafe(|| run(&harness, &data))).is_err()
        })
        .map(|file| file.display().to_string())
        .collect();
    assert!(panicked.is_empty(), "panicked on: {panicked:#?}");
}

#[test]
fn front_matter_corpus() {
    replay("front_matter", Harness::front_matter);
}

#[test]
fn directives_corpus() {
    replay("directives", Harness::directives);
}

#[test]
fn quiz_corpus() {
    replay("quiz", Harness::quiz);
}

#[test]
fn markdown_corpus() {
    replay("markdown", Harness::markdown);
}
