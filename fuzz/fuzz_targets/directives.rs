//! Fuzz target: [`entries::directives`], the same entry point `tests/fuzz_corpus.rs` replays.
#![no_main]

#[path = "../entries.rs"]
mod entries;

use std::sync::OnceLock;

static HARNESS: OnceLock<entries::Harness> = OnceLock::new();

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let harness = HARNESS.get_or_init(|| {
        entries::Harness::new(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
    });
    harness.directives(data);
});
