//! `hearth build` with its cache, as the cache tests run it: builds, the output and cache read
//! back, and a clean build in a fresh folder to compare with.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use hearth::build::build;
use hearth::config::{Overrides, Settings};

use crate::common;
pub use crate::common::tree;

pub fn settings(root: &Path) -> Result<Settings, Vec<String>> {
    Settings::load(root, Overrides::default()).map_err(|error| vec![error.to_string()])
}

/// Builds the site at `root` with `hearth build`: the jobs rendered, or the problems.
pub fn hearth_build(root: &Path) -> Result<usize, Vec<String>> {
    let report = build(&settings(root)?)
        .map_err(|e| e.0.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    Ok(report.rendered_jobs)
}

/// The site's sources copied into a fresh folder and built there: its output, or the problems.
pub fn fresh_build(root: &Path) -> Result<BTreeMap<String, Vec<u8>>, Vec<String>> {
    let fresh = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(root).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy().into_owned();
        if name == "output" || name.starts_with(".output") {
            continue;
        }
        let (from, to) = (entry.path(), fresh.path().join(&name));
        if from.is_dir() {
            common::copy_tree(&from, &to);
        } else {
            std::fs::copy(&from, &to).unwrap();
        }
    }
    hearth_build(fresh.path())?;
    Ok(tree(&fresh.path().join("output")))
}

pub fn differences(
    ours: &BTreeMap<String, Vec<u8>>,
    clean: &BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    let paths: std::collections::BTreeSet<&String> = ours.keys().chain(clean.keys()).collect();
    paths
        .into_iter()
        .filter(|path| ours.get(*path) != clean.get(*path))
        .cloned()
        .collect()
}

/// The first differing line of the first differing file.
pub fn first_difference(
    ours: &BTreeMap<String, Vec<u8>>,
    clean: &BTreeMap<String, Vec<u8>>,
    paths: &[String],
) -> String {
    let Some(path) = paths.first() else {
        return String::new();
    };
    let text = |files: &BTreeMap<String, Vec<u8>>| {
        String::from_utf8_lossy(files.get(path).map_or(&[][..], Vec::as_slice)).into_owned()
    };
    let (ours, clean) = (text(ours), text(clean));
    let line = ours.lines().zip(clean.lines()).position(|(a, b)| a != b);
    let line = line.unwrap_or(ours.lines().count().min(clean.lines().count()));
    format!(
        "{path} line {line}:\n  cached: {}\n  clean:  {}",
        ours.lines().nth(line).unwrap_or("(end)"),
        clean.lines().nth(line).unwrap_or("(end)")
    )
}

pub fn cache_dir(root: &Path) -> PathBuf {
    root.join(".output.cache")
}

/// The files of the cache, by name, with what they hold.
pub fn cache_files(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    (std::fs::read_dir(cache_dir(root)).unwrap())
        .map(|entry| {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            (path, bytes)
        })
        .collect()
}
