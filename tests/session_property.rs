//! A build session rebuilt after each of hundreds of random edits, additions, deletions and
//! renames holds exactly the site a clean build of the same files makes, and reports exactly
//! the output paths whose bytes changed.

#[path = "serve/clean_build.rs"]
mod clean_build;
mod common;
#[path = "serve/random_edits.rs"]
mod random_edits;

use std::collections::BTreeSet;

use clean_build::{clean_build, differing_paths, first_difference};
use common::Fixture;
use hearth::build::session::Session;
use hearth::config::Overrides;
use hearth::output::Body;
use random_edits::{EditedSite, Random};

/// The seed: fixed, or `SESSION_SEED` to explore other sequences.
fn seed() -> u64 {
    std::env::var("SESSION_SEED")
        .ok()
        .and_then(|seed| seed.parse().ok())
        .unwrap_or(0x005E_ED0F_4EA7)
}

#[test]
fn a_session_after_random_changes_equals_a_clean_build() {
    let mut site = EditedSite {
        fixture: Fixture::new("serve_site"),
        random: Random(seed()),
        serial: 0,
    };
    let mut session = Session::open(site.root(), Overrides::default());
    session.build_all().expect("the fixture builds");
    let (mut built, mut failed) = (0, 0);
    let mut problems: Vec<String> = Vec::new();
    for step in 0..240 {
        let mut changes = Vec::new();
        if !problems.is_empty() && site.random.chance(70) {
            changes = site.fix(&problems);
        }
        if changes.is_empty() {
            changes = site.change();
        }
        problems.clear();
        let before = session.output().clone();
        let incremental = session.rebuild(&changes);
        let clean = clean_build(site.root());
        let what = format!("step {step}, after changing {changes:?}");
        match (incremental, clean) {
            (Ok(outcome), Ok(clean)) => {
                built += 1;
                let differing = differing_paths(session.output(), &clean);
                assert!(
                    differing.is_empty(),
                    "{what}: the session differs from a clean build: {differing:?}\n{}",
                    first_difference(session.output(), &clean, &differing)
                );
                let reported: BTreeSet<String> = outcome.changed.iter().cloned().collect();
                let differing = differing_paths(&before, &clean);
                assert!(
                    differing.is_subset(&reported),
                    "{what}: changed but not reported: {:?}",
                    differing.difference(&reported).collect::<Vec<_>>()
                );
                for path in reported.difference(&differing) {
                    assert!(
                        matches!(clean.files.get(path), Some(Body::Copy(_))),
                        "{what}: {path} reported as changed, but its bytes are the same"
                    );
                }
            }
            (Err(incremental), Err(clean)) => {
                failed += 1;
                let incremental: Vec<String> =
                    incremental.0.iter().map(ToString::to_string).collect();
                assert_eq!(incremental, clean, "{what}: the problems differ");
                problems = clean;
                assert!(
                    session.output() == &before,
                    "{what}: a failed rebuild changed the output"
                );
            }
            (incremental, clean) => panic!(
                "{what}: the session says {:?} but a clean build says {:?}",
                incremental.map(|o| o.changed),
                clean.map(|o| o.files.len())
            ),
        }
    }
    assert!(
        built >= 150 && failed >= 5,
        "{built} good builds, {failed} failed ones"
    );
}
