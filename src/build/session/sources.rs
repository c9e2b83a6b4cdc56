//! What a build session keeps of the site's files: each content file with a hash of its text and
//! what parsing made of it, refreshed from the paths that changed; and changed paths sorted by
//! what they touch.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use crate::build::graph::StampHasher;
use std::path::{Component, Path, PathBuf};

use rustc_hash::FxHashMap;

use rayon::prelude::*;

use crate::build::graph::{LinkTargets, link_targets};
use crate::config::CONFIG_FILE;
use crate::error::Diagnostic;
use crate::model::page::PageKind;
use crate::parse::ParsedFile;
use crate::source::{
    ContentFiles, FileStamp, FileTime, Links, SourceFile, Walked, is_ignored_name,
};

/// Changed paths, sorted by the work they call for.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Plan {
    /// `hearth.toml`, a `theme.toml` or a whole theme: everything is built again.
    pub everything: bool,
    /// Templates or static files of a theme, or the site's `static/`.
    pub theme: bool,
    /// Paths under `content/` (`articles/x.md`; empty for the whole folder).
    pub content: BTreeSet<String>,
    /// Every path from the site's root (`static/style.css`), to tell copied files that changed.
    pub touched: BTreeSet<String>,
}

impl Plan {
    /// Sorts `changes` (absolute, or relative to `root`); paths outside the site and editors'
    /// temporary files are left out.
    pub(crate) fn of(root: &Path, changes: &[PathBuf]) -> Self {
        let mut plan = Plan::default();
        for change in changes {
            let Some(relative) = site_relative(root, change) else {
                continue;
            };
            if relative.split('/').any(is_ignored_name) {
                continue;
            }
            let parts: Vec<&str> = relative.split('/').collect();
            match parts.as_slice() {
                [CONFIG_FILE] | ["themes"] | ["themes", _] => plan.everything = true,
                ["themes", _, "theme.toml"] => plan.everything = true,
                ["themes", _, "templates" | "static", ..] | ["static", ..] => plan.theme = true,
                ["content", rest @ ..] => {
                    plan.content.insert(rest.join("/"));
                }
                _ => continue,
            }
            plan.touched.insert(relative);
        }
        plan
    }

    pub(crate) fn is_empty(&self) -> bool {
        !self.everything && !self.theme && self.content.is_empty()
    }
}

/// `path` from the site's root with `/` separators; `None` when it is not in the site.
fn site_relative(root: &Path, path: &Path) -> Option<String> {
    let relative = if path.is_absolute() {
        let canonical_root = root.canonicalize().ok();
        path.strip_prefix(root)
            .ok()
            .or_else(|| path.strip_prefix(canonical_root.as_deref()?).ok())?
    } else {
        path
    };
    let mut parts = Vec::new();
    for component in relative.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(parts.join("/"))
}

/// One Markdown file of `content/` as last read.
#[derive(Debug)]
pub(super) struct FileRecord {
    pub text_hash: u64,
    pub links: LinkTargets,
    pub state: FileState,
}

#[derive(Debug)]
pub(super) enum FileState {
    /// The file could not be read as text.
    Unreadable(Diagnostic),
    /// Its header has errors; its body (text and first line), when the header could be told
    /// from it, is still checked for broken links in the same run.
    Failed(Vec<Diagnostic>, Option<Box<(String, usize)>>),
    /// Parsed, and not (yet) placed in the site: new, changed, or a draft left out.
    Waiting(ParsedFile),
    /// In the site, with the kind its header names (`None`: its section's default).
    Placed(Option<PageKind>),
}

/// Every file of `content/`: Markdown files by path from `content/`, other files to copy.
#[derive(Debug, Default)]
pub(super) struct ContentCache {
    pub files: BTreeMap<String, FileRecord>,
    pub assets: BTreeMap<String, PathBuf>,
    /// When the texts behind `files` were read: each was read then or later, or known then to
    /// be unchanged (`None` when a session refreshes them one by one as they change).
    pub read_at: Option<FileTime>,
    /// The files' stamps when a stored session was stored, and when it had read them. Once a
    /// run has looked at the files, only the stamps of those it found unchanged stay: each is
    /// then the file's stamp as that run read it.
    pub stored_stamps: FxHashMap<String, FileStamp>,
    pub stored_read_at: Option<FileTime>,
}

/// What a refresh found: files whose text changed, appeared or disappeared, and problems
/// reading files (which stop the build, as they do in a first build).
#[derive(Debug, Default)]
pub(super) struct Refreshed {
    pub changed: BTreeSet<String>,
    pub assets_changed: bool,
}

impl ContentCache {
    /// The cache of a first read, every file's record made as it was read (`record`).
    pub(super) fn from_records(content: ContentFiles<(String, FileRecord)>) -> Self {
        Self {
            files: content.markdown.into_iter().collect(),
            assets: content.assets,
            ..Self::default()
        }
    }

    /// Reads again the files at and under `paths` (from `content/`), parsing those whose text
    /// changed; files no longer there are forgotten.
    pub(super) fn refresh(
        &mut self,
        content_dir: &Path,
        links: &Links,
        paths: &BTreeSet<String>,
        parse: impl Fn(&SourceFile) -> FileState + Sync,
    ) -> Refreshed {
        let mut refreshed = Refreshed::default();
        let mut found: BTreeMap<String, PathBuf> = BTreeMap::new();
        let mut refused: Vec<(String, Diagnostic)> = Vec::new();
        let mut gone = BTreeSet::new();
        for path in paths {
            gone.extend(under(&self.files, path));
            let assets_before = under(&self.assets, path);
            refreshed.assets_changed |= !assets_before.is_empty();
            for asset in assets_before {
                self.assets.remove(&asset);
            }
            let walked = files_at(content_dir, links, path);
            found.extend(walked.files);
            refused.extend(walked.problems);
        }
        let mut texts = Vec::new();
        for (relative, full) in found {
            if relative.ends_with(".md") {
                texts.push((relative, full));
            } else {
                refreshed.assets_changed = true;
                self.assets.insert(relative, full);
            }
        }
        let read: Vec<(String, Result<SourceFile, Diagnostic>)> = texts
            .into_par_iter()
            .map(|(content_path, full)| {
                let file = read_source(&content_path, &full);
                (content_path, file)
            })
            .collect();
        for (content_path, file) in read {
            gone.remove(&content_path);
            let record = match file {
                Ok(file) => {
                    let hash = text_hash(&file.text);
                    match self.files.get(&content_path) {
                        Some(kept) if kept.text_hash == hash => continue,
                        _ => record(&file, &parse),
                    }
                }
                Err(problem) => FileRecord {
                    text_hash: 0,
                    links: LinkTargets::default(),
                    state: FileState::Unreadable(problem),
                },
            };
            self.files.insert(content_path.clone(), record);
            refreshed.changed.insert(content_path);
        }
        // A link refused (outside the site, or a loop) stops the build as an unreadable file does.
        for (content_path, problem) in refused {
            gone.remove(&content_path);
            let record = FileRecord {
                text_hash: 0,
                links: LinkTargets::default(),
                state: FileState::Unreadable(problem),
            };
            self.files.insert(content_path.clone(), record);
            refreshed.changed.insert(content_path);
        }
        for content_path in gone {
            self.files.remove(&content_path);
            refreshed.changed.insert(content_path);
        }
        refreshed
    }

    /// Problems reading files: with any, the build stops before parsing, as a first build does.
    pub(super) fn unreadable(&self) -> Vec<Diagnostic> {
        self.files
            .values()
            .filter_map(|record| match &record.state {
                FileState::Unreadable(problem) => Some(problem.clone()),
                _ => None,
            })
            .collect()
    }
}

/// A file's record, parsed by `parse`.
pub(super) fn record(
    file: &SourceFile,
    parse: &(impl Fn(&SourceFile) -> FileState + Sync),
) -> FileRecord {
    FileRecord {
        text_hash: text_hash(&file.text),
        links: link_targets(&file.text),
        state: parse(file),
    }
}

pub(super) fn text_hash(text: &str) -> u64 {
    let mut hash = StampHasher::new();
    text.hash(&mut hash);
    hash.finish()
}

/// Keys equal to `path` or inside it (every key for the empty path).
fn under<T>(map: &BTreeMap<String, T>, path: &str) -> Vec<String> {
    if path.is_empty() {
        return map.keys().cloned().collect();
    }
    let inside = format!("{path}/");
    map.range(path.to_string()..)
        .map(|(key, _)| key)
        .take_while(|key| key.starts_with(path))
        .filter(|key| *key == path || key.starts_with(&inside))
        .cloned()
        .collect()
}

/// The files now at or under `path`, walked as `source::list_content` walks `content/`.
fn files_at(content_dir: &Path, links: &Links, path: &str) -> Walked {
    let start = if path.is_empty() {
        content_dir.to_path_buf()
    } else {
        content_dir.join(path)
    };
    if !start.exists() && !start.is_symlink() {
        return Walked::default();
    }
    links.walk(&start, content_dir)
}

fn read_source(content_path: &str, full: &Path) -> Result<SourceFile, Diagnostic> {
    crate::source::read_markdown(content_path, full)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(paths: &[&str]) -> Plan {
        let changes: Vec<PathBuf> = paths.iter().map(|p| Path::new("/site").join(p)).collect();
        Plan::of(Path::new("/site"), &changes)
    }

    #[test]
    fn changes_are_sorted_by_what_they_touch() {
        let content = plan(&[
            "content/articles/a.md",
            "content/articles/.a.md.swp",
            "output/x",
        ]);
        assert_eq!(
            content.content,
            BTreeSet::from(["articles/a.md".to_string()])
        );
        assert!(!content.everything && !content.theme);
        assert!(plan(&["hearth.toml"]).everything);
        assert!(plan(&["themes/hearth/theme.toml"]).everything);
        let theme = plan(&["themes/hearth/templates/base.html", "static/x.css"]);
        assert!(theme.theme && !theme.everything);
        assert!(plan(&["content/articles/4913", "README.md", "/elsewhere/x.md"]).is_empty());
    }

    #[test]
    fn under_finds_a_path_and_what_is_inside_it() {
        let map: BTreeMap<String, ()> = ["a.md", "a/b.md", "a-c.md", "ab/c.md"]
            .into_iter()
            .map(|key| (key.to_string(), ()))
            .collect();
        assert_eq!(under(&map, "a"), vec!["a/b.md".to_string()]);
        assert_eq!(under(&map, "a.md"), vec!["a.md".to_string()]);
        assert_eq!(under(&map, "").len(), 4);
    }
}
