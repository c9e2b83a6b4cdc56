//! Writing the built site. Everything goes into a staging folder beside the output folder, which
//! is swapped in only when complete, so a failed or interrupted build leaves the old site as it
//! was. The staging folder is kept after the swap (it then holds the previous site) and reused by
//! the next build, which rewrites only the files that differ: no tree is deleted and recreated.

mod build_cache;
mod cache_dir;
mod card_cache;
mod hashes;
mod lock;
pub mod minify;
pub(crate) mod owned;
mod path;
mod staging;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

pub(crate) use build_cache::{CACHE_HEAD, cache_part, remove_cache, retire_cache, retired_cache};
pub(crate) use cache_dir::CacheDir;
pub use card_cache::CardCache;
pub use lock::{OutputLock, lock_output};
pub use path::{BadOutputPath, OutputPath};
use rayon::prelude::*;
pub use staging::Staging;

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
            Body::Copy(path) => read_copied(path).map(std::borrow::Cow::Owned),
        }
    }
}

/// The bytes a copied file is published with: stylesheets and scripts minified
/// ([`minify::asset`]), every other file as it is on disk.
pub fn read_copied(source: &Path) -> io::Result<Vec<u8>> {
    let bytes = std::fs::read(source)?;
    Ok(minify::asset(&source.to_string_lossy(), bytes))
}

/// A whole built site in memory: output paths (`articles/x/index.html`) to their bodies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteOutput {
    pub files: BTreeMap<OutputPath, Body>,
}

/// The hidden folder beside `output_dir` where the next site is prepared.
pub fn staging_dir(output_dir: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(output_dir);
    parent.join(format!(".{name}.staging"))
}

/// The file beside `output_dir` that remembers what the output and staging folders hold.
fn hashes_file(output_dir: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(output_dir);
    parent.join(format!(".{name}.hashes"))
}

/// The folder beside `output_dir` that remembers what each folder of the output and staging
/// folders held when last listed (`staging::listing`).
fn listings_dir(output_dir: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(output_dir);
    parent.join(format!(".{name}.listings"))
}

/// The build cache's folder beside `output_dir` (`build::cache`): set aside whenever the
/// output is rewritten (`retire_cache`).
pub fn cache_dir(output_dir: &Path) -> PathBuf {
    let (parent, name) = parent_and_name(output_dir);
    parent.join(format!(".{name}.cache"))
}

/// The image cache beside the output (`images::ImageCache`): `output` → `.output.images`.
pub fn image_cache(output_dir: &Path) -> CacheDir {
    let (parent, name) = parent_and_name(output_dir);
    CacheDir::new(
        parent.join(format!(".{name}.images")),
        "image cache",
        "resized copies of the site's images",
    )
}

fn parent_and_name(output_dir: &Path) -> (PathBuf, String) {
    let parent = match output_dir.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = output_dir.file_name().map_or_else(
        || "output".into(),
        |name| name.to_string_lossy().into_owned(),
    );
    (parent, name)
}

/// Checks that the site at `site_root` may be built into `output_dir` (see [`owned::check`]).
pub fn check_owned(output_dir: &Path, site_root: &Path, force: bool) -> Result<(), String> {
    let staging = staging_dir(output_dir);
    owned::check(
        output_dir,
        &staging,
        &hashes_file(output_dir),
        site_root,
        force,
    )
}

/// Writes `site` to `output_dir`, replacing what was there in one step.
pub fn write_atomically(site: &SiteOutput, output_dir: &Path) -> io::Result<()> {
    let _lock = lock_output(output_dir, || {})?;
    let staging = Staging::open(output_dir)?;
    let written = (site.files.par_iter())
        .try_for_each(|(path, body)| staging.write_body(path, body))
        .and_then(|()| staging.finish());
    // Writing a site stores no build cache: the one set aside on opening goes.
    remove_cache(&retired_cache(&cache_dir(output_dir)))?;
    written
}

/// Puts the folder `staging` in place of `output_dir`; `staging` then holds what was there.
fn swap_into_place(staging: &Path, output_dir: &Path) -> io::Result<()> {
    if !output_dir.exists() {
        return std::fs::rename(staging, output_dir);
    }
    if exchange(staging, output_dir).is_ok() {
        return Ok(());
    }
    let (parent, name) = parent_and_name(output_dir);
    let previous = parent.join(format!(".{name}.previous"));
    remove_if_present(&previous)?;
    std::fs::rename(output_dir, &previous)?;
    if let Err(error) = std::fs::rename(staging, output_dir) {
        std::fs::rename(&previous, output_dir)?;
        return Err(error);
    }
    std::fs::rename(&previous, staging)
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
    use walkdir::WalkDir;

    fn site(files: &[(&str, &str)]) -> SiteOutput {
        let mut site = SiteOutput::default();
        for (path, text) in files {
            site.files.insert(
                OutputPath::new(*path).unwrap(),
                Body::Bytes(text.as_bytes().to_vec()),
            );
        }
        site
    }

    fn tree(dir: &Path) -> Vec<(String, String)> {
        WalkDir::new(dir)
            .sort_by_file_name()
            .into_iter()
            .map(|entry| entry.unwrap())
            .filter(|entry| entry.file_type().is_file() && entry.file_name() != owned::MARKER)
            .map(|entry| {
                let name = entry
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (name, std::fs::read_to_string(entry.path()).unwrap())
            })
            .collect()
    }

    #[test]
    fn each_build_replaces_the_whole_folder() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("output");
        std::fs::create_dir_all(out.join("stale")).unwrap();
        std::fs::write(out.join("stale/index.html"), "old").unwrap();
        std::fs::write(out.join(".hearth-output"), "").unwrap();
        write_atomically(&site(&[("a/index.html", "one")]), &out).unwrap();
        assert_eq!(tree(&out), [("a/index.html".into(), "one".into())]);
        assert!(owned::is_marked(&out) && owned::is_marked(&staging_dir(&out)));
        write_atomically(&site(&[("a/index.html", "two"), ("b.css", "b")]), &out).unwrap();
        assert_eq!(
            tree(&out),
            [
                ("a/index.html".into(), "two".into()),
                ("b.css".into(), "b".into())
            ]
        );
        write_atomically(&site(&[("c/d/index.html", "three")]), &out).unwrap();
        assert_eq!(tree(&out), [("c/d/index.html".into(), "three".into())]);
        let beside: Vec<_> = std::fs::read_dir(temp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(
            beside.len(),
            5,
            "the output, its staging folder, its table of hashes, its listings and its lock: {beside:?}"
        );
    }

    #[test]
    fn a_damaged_staging_folder_is_repaired() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("output");
        write_atomically(&site(&[("a/index.html", "one")]), &out).unwrap();
        write_atomically(&site(&[("a/index.html", "two")]), &out).unwrap();
        let staging = staging_dir(&out);
        std::fs::write(staging.join("a/index.html"), "tampered").unwrap();
        std::fs::create_dir_all(staging.join("junk/deeper")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::ffi::OsStrExt;
            let odd = std::ffi::OsStr::from_bytes(b"odd-\xFF");
            std::os::unix::fs::symlink("/etc", staging.join("a/link")).unwrap();
            std::os::unix::fs::symlink("/etc", staging.join("linked")).unwrap();
            std::fs::write(staging.join("a").join(odd), "not UTF-8").unwrap();
            std::fs::create_dir_all(staging.join(odd).join("inside")).unwrap();
            let fifo = staging.join("junk/fifo");
            rustix::fs::mknodat(
                rustix::fs::CWD,
                &fifo,
                rustix::fs::FileType::Fifo,
                rustix::fs::Mode::RUSR | rustix::fs::Mode::WUSR,
                0,
            )
            .unwrap();
        }
        write_atomically(
            &site(&[("a/index.html", "two"), ("a/link/x.html", "x")]),
            &out,
        )
        .unwrap();
        assert_eq!(
            tree(&out),
            [
                ("a/index.html".into(), "two".into()),
                ("a/link/x.html".into(), "x".into())
            ]
        );
        assert!(!out.join("a/link").is_symlink());
        let left: Vec<_> = WalkDir::new(&out)
            .sort_by_file_name()
            .into_iter()
            .map(|entry| entry.unwrap().path().strip_prefix(&out).unwrap().to_owned())
            .collect();
        assert_eq!(
            left,
            [
                "",
                ".hearth-output",
                "a",
                "a/index.html",
                "a/link",
                "a/link/x.html"
            ]
            .map(PathBuf::from),
            "only what the build made"
        );
    }

    #[test]
    fn only_a_cache_hearth_made_is_removed() {
        let temp = tempfile::tempdir().unwrap();
        let out = temp.path().join("output");
        let cache = cache_dir(&out);
        std::fs::create_dir_all(&cache).unwrap();
        std::fs::write(cache.join(CACHE_HEAD), "h").unwrap();
        std::fs::write(cache_part(&cache, 12), "p").unwrap();
        remove_cache(&cache).unwrap();
        assert!(!cache.exists(), "a head and its parts");
        std::fs::write(&cache, "hearth-cache-07\nrest").unwrap();
        remove_cache(&cache).unwrap();
        assert!(!cache.exists(), "the single file of older versions");
        remove_cache(&cache).unwrap();

        std::fs::write(&cache, "someone's notes").unwrap();
        assert!(remove_cache(&cache).is_err());
        assert!(write_atomically(&site(&[("a.html", "a")]), &out).is_err());
        assert_eq!(std::fs::read(&cache).unwrap(), b"someone's notes");
        std::fs::remove_file(&cache).unwrap();
        for foreign in ["notes.txt", "part-", "part-1x", "head/inner"] {
            std::fs::create_dir_all(cache.join(foreign).parent().unwrap()).unwrap();
            std::fs::write(cache_part(&cache, 0), "p").unwrap();
            std::fs::write(cache.join(foreign), "theirs").unwrap();
            let error = remove_cache(&cache).unwrap_err().to_string();
            assert!(error.contains("did not make"), "{foreign}: {error}");
            assert_eq!(
                std::fs::read(cache.join(foreign)).unwrap(),
                b"theirs",
                "{foreign}"
            );
            std::fs::remove_dir_all(&cache).unwrap();
        }
    }
}
