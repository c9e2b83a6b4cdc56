//! Walking the site's folders: symbolic links are followed only to files inside the site's
//! folder (unless `allow_outside_links` says otherwise), and a link that loops is an error.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::is_ignored_name;
use crate::config::Settings;
use crate::error::{Diagnostic, Diagnostics};

/// Where links may lead: inside the site's folder, or anywhere when the site allows it.
#[derive(Debug, Clone)]
pub struct Links {
    root: PathBuf,
    /// The site's folder with its own links resolved, to compare link targets with.
    real_root: PathBuf,
    allow_outside: bool,
}

/// Files found by a walk (by `/`-separated path from its base), and the problems met, each
/// with the path of the entry it is about.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<(String, PathBuf)>,
    pub problems: Vec<(String, Diagnostic)>,
}

impl Links {
    pub fn new(root: &Path, allow_outside: bool) -> Self {
        let real_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Self {
            root: root.to_path_buf(),
            real_root,
            allow_outside,
        }
    }

    pub fn of(settings: &Settings) -> Self {
        Self::new(&settings.root, settings.config.allow_outside_links)
    }

    /// The files at and under `start`, named from `base`, skipping editors' temporary files.
    pub fn walk(&self, start: &Path, base: &Path) -> Walked {
        let mut walked = Walked::default();
        let mut entries = WalkDir::new(start)
            .follow_links(true)
            .sort_by(|a, b| last_name(a.path()).cmp(last_name(b.path())))
            .into_iter()
            .filter_entry(|entry| {
                entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
            });
        while let Some(entry) = entries.next() {
            let entry = match entry {
                Ok(entry) => entry,
                Err(error) => {
                    let missing_start = error.depth() == 0
                        && error.io_error().map(|e| e.kind()) == Some(std::io::ErrorKind::NotFound);
                    if !missing_start && let Some(problem) = self.walk_error(&error, base) {
                        walked.problems.push(problem);
                    }
                    continue;
                }
            };
            if entry.path_is_symlink()
                && let Some(problem) = self.outside(entry.path(), base)
            {
                walked.problems.push(problem);
                if entry.file_type().is_dir() {
                    entries.skip_current_dir();
                }
                continue;
            }
            if entry.file_type().is_file() {
                let relative = slash_path(base, entry.path());
                walked.files.push((relative, entry.into_path()));
            }
        }
        walked
    }

    /// The files under `dir` by path from it; problems go to `problems`.
    pub fn files_under(&self, dir: &Path, problems: &mut Diagnostics) -> BTreeMap<String, PathBuf> {
        let walked = self.walk(dir, dir);
        problems.extend(walked.problems.into_iter().map(|(_, problem)| problem));
        walked.files.into_iter().collect()
    }

    /// The error for a link at `link` that leads outside the site, if it does.
    fn outside(&self, link: &Path, base: &Path) -> Option<(String, Diagnostic)> {
        if self.allow_outside {
            return None;
        }
        let target = link.canonicalize().ok()?;
        if target.starts_with(&self.real_root) {
            return None;
        }
        let message = format!(
            "{} is a symbolic link to {}, outside the site's folder; expected a file inside the site, or `allow_outside_links = true` in hearth.toml to publish it",
            self.shown(link),
            target.display()
        );
        Some((slash_path(base, link), Diagnostic::general(message)))
    }

    fn walk_error(&self, error: &walkdir::Error, base: &Path) -> Option<(String, Diagnostic)> {
        let path = error.path()?;
        let message = match (error.loop_ancestor(), error.io_error()) {
            (Some(ancestor), _) => format!(
                "{} is a symbolic link that leads back to {}, a loop; expected a link to a file or to a folder outside it",
                self.shown(path),
                self.shown(ancestor)
            ),
            (None, Some(io)) if path.is_symlink() => {
                let target = std::fs::read_link(path).unwrap_or_default();
                format!(
                    "{} is a symbolic link to {}, which cannot be read ({io}); expected a link to an existing file",
                    self.shown(path),
                    target.display()
                )
            }
            (None, _) => format!("cannot read {}: {error}", self.shown(path)),
        };
        Some((slash_path(base, path), Diagnostic::general(message)))
    }

    /// A path as the writer knows it: from the site's folder.
    fn shown(&self, path: &Path) -> String {
        slash_path(&self.root, path)
    }
}

/// `path` from `base`, with `/` between its parts (as is when it is not under `base`).
pub(super) fn slash_path(base: &Path, path: &Path) -> String {
    let relative = relative_to(base, path);
    // A listed path is most often its parts already: no part is empty or `.`.
    if cfg!(unix)
        && let Some(text) = relative.to_str()
        && text.split('/').all(|part| !part.is_empty() && part != ".")
    {
        return text.to_string();
    }
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` from `base` (as is when it is not under `base`). A listed path starts with the very
/// bytes of the folder listed, which spares parsing both into their parts.
fn relative_to<'a>(base: &Path, path: &'a Path) -> &'a Path {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let rest = (path.as_os_str().as_bytes())
            .strip_prefix(base.as_os_str().as_bytes())
            .and_then(|rest| rest.strip_prefix(b"/"));
        if let Some(rest) = rest.filter(|rest| !rest.is_empty() && rest[0] != b'/') {
            return Path::new(std::ffi::OsStr::from_bytes(rest));
        }
    }
    path.strip_prefix(base).unwrap_or(path)
}

/// The last name of a listed path, as bytes where the system allows: sorting a folder of
/// thousands of files by `Path::file_name` parses each path again at every comparison.
#[cfg(unix)]
fn last_name(path: &Path) -> &[u8] {
    use std::os::unix::ffi::OsStrExt;
    let bytes = path.as_os_str().as_bytes();
    memchr::memrchr(b'/', bytes).map_or(bytes, |slash| &bytes[slash + 1..])
}

#[cfg(not(unix))]
fn last_name(path: &Path) -> &[u8] {
    path.file_name()
        .map_or(b"".as_slice(), |name| name.as_encoded_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slash_paths_are_the_parts_from_the_base() {
        let base = Path::new("/site/content");
        let cases = [
            ("/site/content/a/b.md", "a/b.md"),
            ("/site/content/b.md", "b.md"),
            ("/site/content/a//b.md", "a/b.md"),
            ("/site/content/a/./b.md", "a/b.md"),
            ("/site/content/a/../b.md", "a/../b.md"),
            ("/site/content/a/b/", "a/b"),
            ("relative/x.md", "relative/x.md"),
        ];
        for (path, expected) in cases {
            assert_eq!(slash_path(base, Path::new(path)), expected, "{path}");
        }
    }
}
