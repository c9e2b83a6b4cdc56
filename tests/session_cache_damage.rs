//! `hearth build` with a damaged or foreign build cache: a full build every time, never a
//! crash, and an output equal to a clean build's; an output file edited by hand is made again.

#[path = "serve/cached_build.rs"]
mod cached_build;
mod common;

use common::Fixture;
use hearth::build::build;
use hearth::config::{Overrides, Settings};

use cached_build::{cache_dir, cache_files, differences, fresh_build, hearth_build, tree};

#[test]
fn a_damaged_or_foreign_cache_means_a_full_build() {
    let site = Fixture::new("serve_site");
    let all = hearth_build(site.root()).unwrap();
    assert!(
        hearth_build(site.root()).unwrap() < all,
        "an unchanged site renders less"
    );
    let files = cache_files(site.root());
    let (last_part, bytes) = files.iter().last().unwrap();
    let mut bytes = bytes.clone();
    let last = bytes.len() - 1;
    bytes[last] ^= 0xFF;
    std::fs::write(last_part, &bytes).unwrap();
    assert_eq!(hearth_build(site.root()).unwrap(), all, "a damaged cache");
    let drafts = Overrides {
        include_drafts: true,
        ..Overrides::default()
    };
    let with_drafts = Settings::load(site.root(), drafts).unwrap();
    let drafted = build(&with_drafts).unwrap().rendered_jobs;
    assert!(
        drafted >= all,
        "a cache made without drafts is not used with them"
    );
    assert_eq!(
        hearth_build(site.root()).unwrap(),
        all,
        "nor the other way round"
    );
    std::fs::write(
        site.root().join("output/articles/first/index.html"),
        "edited",
    )
    .unwrap();
    hearth_build(site.root()).unwrap();
    let clean = fresh_build(site.root()).unwrap();
    let differing = differences(&tree(&site.output()), &clean);
    assert!(
        differing.is_empty(),
        "a hand-edited output file: {differing:?}"
    );
}

#[test]
fn a_cache_damaged_anywhere_means_a_full_build_and_never_a_crash() {
    let site = Fixture::new("serve_site");
    let all = hearth_build(site.root()).unwrap();
    let intact = cache_files(site.root());
    assert!(
        intact.len() >= 9,
        "a head and eight parts at least: {:?}",
        intact.keys()
    );
    // Bytes across the head and every part: each part is checked as it is decoded, in
    // parallel with the others, so damage must be survived while decoding too.
    for (file, bytes) in &intact {
        let step = (bytes.len() / 6).max(1);
        for at in (0..bytes.len()).step_by(step).chain([bytes.len() - 1]) {
            for flip in [0x01, 0xFF] {
                let mut damaged = bytes.clone();
                damaged[at] ^= flip;
                let cache = cache_dir(site.root());
                std::fs::create_dir_all(&cache).unwrap();
                for (other, bytes) in &intact {
                    std::fs::write(other, if other == file { &damaged } else { bytes }).unwrap();
                }
                assert_eq!(
                    hearth_build(site.root()).unwrap(),
                    all,
                    "byte {at} of {} ({} bytes) flipped by {flip:#x}",
                    file.display(),
                    bytes.len()
                );
            }
        }
        let cache = cache_dir(site.root());
        std::fs::create_dir_all(&cache).unwrap();
        for (other, bytes) in &intact {
            if other != file {
                std::fs::write(other, bytes).unwrap();
            }
        }
        let _ = std::fs::remove_file(file);
        assert_eq!(
            hearth_build(site.root()).unwrap(),
            all,
            "{} missing",
            file.display()
        );
    }
    let clean = fresh_build(site.root()).unwrap();
    let differing = differences(&tree(&site.output()), &clean);
    assert!(differing.is_empty(), "after damaged caches: {differing:?}");
}
