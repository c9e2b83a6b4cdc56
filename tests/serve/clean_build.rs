//! A clean build of a site, to compare a build session with: the output or the problems, and
//! where two outputs differ.

#![allow(dead_code)]

use std::collections::BTreeSet;
use std::path::Path;

use hearth::build::session::Session;
use hearth::config::{Overrides, Settings};
use hearth::output::SiteOutput;

/// The site a clean build of `root` makes, or its problems (`path:line:col: message`).
pub fn clean_build(root: &Path) -> Result<SiteOutput, Vec<String>> {
    let settings = Settings::load(root, Overrides::default()).map_err(|e| vec![e.to_string()])?;
    let mut session = Session::new(settings);
    match session.build_all() {
        Ok(_) => Ok(session.output().clone()),
        Err(error) => Err(error.0.iter().map(ToString::to_string).collect()),
    }
}

/// The first differing line of the first differing file, to see what went wrong.
pub fn first_difference(ours: &SiteOutput, clean: &SiteOutput, paths: &BTreeSet<String>) -> String {
    let Some(path) = paths.first() else {
        return String::new();
    };
    let text = |output: &SiteOutput| match output.files.get(path) {
        Some(body) => String::from_utf8_lossy(&body.read().unwrap()).into_owned(),
        None => "(missing)".to_string(),
    };
    let (ours, clean) = (text(ours), text(clean));
    let at = ours.lines().zip(clean.lines()).position(|(a, b)| a != b);
    match at {
        Some(line) => format!(
            "{path} line {line}:\n  session: {}\n  clean:   {}",
            ours.lines().nth(line).unwrap_or_default(),
            clean.lines().nth(line).unwrap_or_default()
        ),
        None => format!("{path}: one is longer\n{ours}\n----\n{clean}"),
    }
}

/// The output paths whose bytes differ between two builds, or that only one has.
pub fn differing_paths(before: &SiteOutput, after: &SiteOutput) -> BTreeSet<String> {
    let keys: BTreeSet<&hearth::output::OutputPath> =
        before.files.keys().chain(after.files.keys()).collect();
    keys.into_iter()
        .filter(|key| before.files.get(*key) != after.files.get(*key))
        .map(ToString::to_string)
        .collect()
}
