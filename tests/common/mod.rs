//! Test helpers: build a fixture site (or the repository's own site) end to end in a temporary folder.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use hearth::config::{Overrides, Settings};

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of `tests/fixtures/<case>/` in a temporary folder; fixtures without a `themes/`
/// folder get the repository's themes.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    pub fn new(case: &str) -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let source = repo_root().join("tests/fixtures").join(case);
        copy_tree(&source, dir.path());
        let themes = dir.path().join("themes");
        copy_tree(&repo_root().join("themes"), &themes);
        Self { dir }
    }

    /// A copy of the repository's own site.
    pub fn repository_site() -> Self {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for part in ["content", "themes", "hearth.toml"] {
            let source = repo_root().join(part);
            if source.is_dir() {
                copy_tree(&source, &dir.path().join(part));
            } else {
                std::fs::copy(&source, dir.path().join(part)).expect("copy hearth.toml");
            }
        }
        Self { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn output(&self) -> PathBuf {
        self.root().join("output")
    }

    pub fn settings(&self) -> Settings {
        Settings::load(self.root(), Overrides::default()).expect("hearth.toml loads")
    }

    pub fn write(&self, path: &str, text: &str) {
        let target = self.root().join(path);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(target, text).unwrap();
    }

    /// Builds to `output/`; the diagnostics as printed (one `path:line:col: message` a line) on failure.
    pub fn build(&self) -> Result<hearth::build::pipeline::BuildReport, Vec<String>> {
        hearth::build::build(&self.settings())
            .map_err(|error| error.0.iter().map(ToString::to_string).collect())
    }

    pub fn read(&self, output_path: &str) -> String {
        std::fs::read_to_string(self.output().join(output_path))
            .unwrap_or_else(|error| panic!("output/{output_path}: {error}"))
    }
}

/// Copies a folder; files already in `to` are kept, so a fixture's own themes win.
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if !target.exists() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, for comparing two builds.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let name = entry
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (name, std::fs::read(entry.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Every file under `dir`, by `/`-separated path from it, with its bytes.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let name = entry.path().strip_prefix(dir).unwrap();
            let name = name.to_string_lossy().replace('\\', "/");
            (name, std::fs::read(entry.path()).unwrap())
        })
        .collect()
}
