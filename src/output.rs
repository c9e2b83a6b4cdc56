//! Writing the built site: everything goes into a fresh folder beside the output folder, which is
//! swapped in only when complete, so a failed or interrupted build leaves the old site as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The bytes of one output file: made by the build, or copied from a static file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

impl Body {
    /// The file's bytes (reading a copied file from disk).
    pub fn read(&self) -> io::Result<std::borrow::Cow<'_, [u8]>> {
        match self {
            Body::Bytes(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            Body::Copy(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
        }
    }
}

/// A whole built site in memory: output paths (`articles/x/index.html`) to their bodies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteOutput {
    pub files: BTreeMap<String, Body>,
}

impl SiteOutput {
    pub fn html_pages(&self) -> usize {
        self.files
            .keys()
            .filter(|path| path.ends_with(".html"))
            .count()
    }
}

/// Writes `site` to `output_dir`, replacing what was there in one step.
pub fn write_atomically(site: &SiteOutput, output_dir: &Path) -> io::Result<()> {
    let parent = match output_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent)?;
    let name = output_dir.file_name().map_or_else(
        || "output".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    let staging = parent.join(format!(".{name}.building-{}", std::process::id()));
    remove_if_present(&staging)?;
    let written = write_tree(site, &staging)
        .and_then(|()| swap_into_place(&staging, output_dir, &parent, &name));
    if written.is_err() {
        let _ = remove_if_present(&staging);
    }
    written
}

fn write_tree(site: &SiteOutput, dir: &Path) -> io::Result<()> {
    let folders: BTreeSet<PathBuf> = site
        .files
        .keys()
        .filter_map(|path| Path::new(path).parent().map(|parent| dir.join(parent)))
        .collect();
    std::fs::create_dir_all(dir)?;
    for folder in &folders {
        std::fs::create_dir_all(folder)?;
    }
    site.files.par_iter().try_for_each(|(path, body)| {
        let target = dir.join(path);
        match body {
            Body::Bytes(bytes) => std::fs::write(&target, bytes),
            Body::Copy(source) => std::fs::copy(source, &target).map(|_| ()),
        }
    })
}

fn swap_into_place(staging: &Path, output_dir: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !output_dir.exists() {
        return std::fs::rename(staging, output_dir);
    }
    if exchange(staging, output_dir).is_ok() {
        // `staging` now holds the previous site.
        return remove_if_present(staging);
    }
    let previous = parent.join(format!(".{name}.previous-{}", std::process::id()));
    remove_if_present(&previous)?;
    std::fs::rename(output_dir, &previous)?;
    if let Err(error) = std::fs::rename(staging, output_dir) {
        std::fs::rename(&previous, output_dir)?;
        return Err(error);
    }
    remove_if_present(&previous)
}

/// Swaps two paths in one step where the system can.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::Unsupported,
        "no atomic exchange here",
    ))
}

fn remove_if_present(path: &Path) -> io::Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(error) if error.kind() != io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_whole_folder() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("output");
        std::fs::create_dir_all(out.join("stale")).unwrap();
        std::fs::write(out.join("stale/index.html"), "old").unwrap();
        let mut site = SiteOutput::default();
        site.files
            .insert("a/index.html".into(), Body::Bytes(b"new".to_vec()));
        write_atomically(&site, &out).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "new"
        );
        assert!(!out.join("stale").exists());
        let leftovers: Vec<_> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("output")]);
    }
}
