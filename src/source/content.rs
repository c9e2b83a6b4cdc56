//! The files under `content/`: listed, stamped, and read but for those a build from the cache
//! finds unchanged.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::{FileStamp, FileTime, FolderStamps, Links, SourceFile, read_markdown};
use crate::error::Diagnostic;

/// Everything under `content/`: Markdown files to parse (as `ContentList::read_but`'s `each`
/// made them when read) and other files to copy beside them.
#[derive(Debug, Clone, Default)]
pub struct ContentFiles<T> {
    pub markdown: Vec<T>,
    /// Other files, by path from `content/` (`articles/x/photo.jpg`).
    pub assets: BTreeMap<String, PathBuf>,
}

/// The files under `content/`, listed but not read yet.
pub struct ContentList {
    /// Markdown files: each one's path from `content/` and its full path.
    pub markdown: Vec<(String, PathBuf)>,
    /// Each Markdown file's stamp, in the same order, once `stamped` has looked at them.
    stamps: Vec<Option<FileStamp>>,
    /// When the stamps began to be taken.
    stamped_at: Option<FileTime>,
    assets: BTreeMap<String, PathBuf>,
    problems: Vec<Diagnostic>,
}

/// Lists `content/` (as `Links::walk` walks it), Markdown files apart from the others.
pub fn list_content(content_dir: &Path, links: &Links) -> ContentList {
    let walked = links.walk(content_dir, content_dir);
    let mut list = ContentList {
        markdown: Vec::new(),
        stamps: Vec::new(),
        stamped_at: None,
        assets: BTreeMap::new(),
        problems: walked.problems.into_iter().map(|(_, p)| p).collect(),
    };
    for (relative, path) in walked.files {
        if relative.ends_with(".md") {
            list.markdown.push((relative, path));
        } else {
            list.assets.insert(relative, path);
        }
    }
    list
}

impl ContentList {
    /// The list with each Markdown file's stamp, looked up in parallel from `content_dir`'s
    /// handle: a build from the cache reads again only the files whose stamp changed.
    pub fn stamped(mut self, content_dir: &Path) -> Self {
        self.stamped_at = Some(FileTime::now());
        let folder = FolderStamps::new(content_dir);
        self.stamps = (self.markdown.par_iter())
            .map(|(relative, path)| folder.of_listed(relative, path))
            .collect();
        self
    }

    /// When `stamped` began to look at the files, if it did.
    pub fn stamped_at(&self) -> Option<FileTime> {
        self.stamped_at
    }

    /// Reads the Markdown files, but those that `unchanged` (given a file's path from
    /// `content/` and its stamp, if `stamped` took it) says are as last read, which are listed
    /// rather than read. Each file read is handed to `each` at once, so that a large site's
    /// texts need not all be held together.
    pub fn read_but<T: Send>(
        self,
        unchanged: &(dyn Fn(&str, Option<FileStamp>) -> bool + Sync),
        each: &(dyn Fn(SourceFile) -> T + Sync),
    ) -> Result<(ContentFiles<T>, Vec<String>), Vec<Diagnostic>> {
        let stamps = (self.stamps.into_iter()).chain(std::iter::repeat(None));
        let listed: Vec<_> = self.markdown.into_iter().zip(stamps).collect();
        let read: Vec<Result<Result<T, String>, Diagnostic>> = (listed.into_par_iter())
            .map(
                |((content_path, path), stamp)| match unchanged(&content_path, stamp) {
                    true => Ok(Err(content_path)),
                    false => read_markdown(&content_path, &path).map(|file| Ok(each(file))),
                },
            )
            .collect();
        let mut errors = self.problems;
        let mut markdown = Vec::with_capacity(read.len());
        let mut kept = Vec::new();
        for result in read {
            match result {
                Ok(Ok(file)) => markdown.push(file),
                Ok(Err(content_path)) => kept.push(content_path),
                Err(error) => errors.push(error),
            }
        }
        if errors.is_empty() {
            let assets = self.assets;
            Ok((ContentFiles { markdown, assets }, kept))
        } else {
            Err(errors)
        }
    }
}
