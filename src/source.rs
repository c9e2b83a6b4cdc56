//! Sources: the site's content files, its theme (with the themes it extends) and static files, read from disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;

use crate::error::{BuildError, Diagnostic, Diagnostics, Location, line_col};

mod extends;
mod links;
mod stamp;
pub use links::{Links, Walked};
pub use stamp::{FileStamp, FileTime, FolderStamps};

/// A Markdown file of `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// From `content/`, with `/` separators: `articles/x.md`.
    pub content_path: String,
    pub text: String,
}

impl SourceFile {
    pub fn is_section_index(&self) -> bool {
        self.file_name() == "_index.md"
    }

    fn file_name(&self) -> &str {
        self.content_path.rsplit('/').next().unwrap_or_default()
    }

    /// The folder the file is in: `articles` (empty at the top).
    pub fn folder(&self) -> &str {
        self.content_path
            .rsplit_once('/')
            .map_or("", |(folder, _)| folder)
    }

    /// The folder a page's URL goes under: a bundle `x/index.md` lives where `x/` does.
    pub fn folder_of_page(&self) -> &str {
        let folder = self.folder();
        if self.file_name() == "index.md" {
            folder.rsplit_once('/').map_or("", |(parent, _)| parent)
        } else {
            folder
        }
    }

    /// The name a page's slug comes from when its header gives none.
    pub fn stem_for_slug(&self) -> &str {
        if self.file_name() == "index.md" {
            self.folder().rsplit('/').next().unwrap_or_default()
        } else {
            self.file_name().trim_end_matches(".md")
        }
    }
}

/// Everything under `content/`: Markdown files to parse (as `ContentList::read_but`'s `each`
/// made them when read) and other files to copy beside them.
#[derive(Debug, Clone, Default)]
pub struct ContentFiles<T> {
    pub markdown: Vec<T>,
    /// Other files, by path from `content/` (`articles/x/photo.jpg`).
    pub assets: BTreeMap<String, PathBuf>,
}

/// Editors' swap, backup and lock files, and hidden files, are never part of the site.
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".bck")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
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
            .map(|(_, path)| folder.of(path))
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

/// Reads a Markdown file of `content/`; one that is not UTF-8 is blamed at its first bad byte.
pub fn read_markdown(content_path: &str, path: &Path) -> Result<SourceFile, Diagnostic> {
    let shown = format!("content/{content_path}");
    let bytes = std::fs::read(path).map_err(|error| {
        Diagnostic::at(
            Location::new(&shown, 1, 1),
            format!("cannot read the file: {error}; expected a readable Markdown file"),
        )
    })?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile {
            content_path: content_path.to_string(),
            text,
        }),
        Err(error) => Err(not_utf8(&shown, error.as_bytes())),
    }
}

/// The error for a file that is not UTF-8, at the line and column of its first bad byte.
pub fn not_utf8(path: &str, bytes: &[u8]) -> Diagnostic {
    let (line, col, byte) = match std::str::from_utf8(bytes) {
        Ok(_) => (1, 1, 0),
        Err(error) => {
            let good = &bytes[..error.valid_up_to()];
            let text = std::str::from_utf8(good).unwrap_or_default();
            let (line, col) = line_col(text, text.len());
            (
                line,
                col,
                bytes.get(error.valid_up_to()).copied().unwrap_or(0),
            )
        }
    };
    Diagnostic::at(
        Location::new(path, line, col),
        format!("the byte 0x{byte:02X} here is not UTF-8 text; expected the file saved as UTF-8"),
    )
}

/// A template of the theme, by its Tera name (`blocks/lines.html`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TemplateFile {
    pub name: String,
    /// Where it came from, from the site's root, for error messages.
    pub source: String,
    pub text: String,
}

impl TemplateFile {
    /// The template `name` of the theme folder `theme`.
    pub fn new(theme: &str, name: &str, text: impl Into<String>) -> Self {
        Self {
            name: name.to_string(),
            source: format!("themes/{theme}/templates/{name}"),
            text: text.into(),
        }
    }
}

/// A theme with the themes it extends folded in: the child's files win.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Names from the theme in use up to its furthest ancestor.
    pub chain: Vec<String>,
    pub templates: BTreeMap<String, TemplateFile>,
    /// Static files by output path (`style.css`), the site's own `static/` last.
    pub static_files: BTreeMap<String, PathBuf>,
    /// The colours of social cards: the `[card]` of the nearest theme in the chain that has one.
    pub card: crate::cards::CardStyle,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeManifest {
    #[allow(dead_code)]
    name: Option<String>,
    #[allow(dead_code)]
    description: Option<String>,
    extends: Option<String>,
    card: Option<crate::cards::CardStyle>,
}

pub fn load_theme(root: &Path, name: &str, links: &Links) -> Result<Theme, BuildError> {
    let mut chain = Vec::new();
    let mut card = None;
    let mut next = Some(name.to_string());
    while let Some(theme) = next.take() {
        if chain.contains(&theme) {
            chain.push(theme);
            let last = &chain[chain.len() - 2];
            let place = extends_place(root, last);
            let message = format!(
                "themes extend each other in a circle: {}; expected a chain that ends",
                chain.join(" → ")
            );
            return Err(Diagnostic::at(place, message).into());
        }
        let dir = root.join("themes").join(&theme);
        let missing = format!(
            "theme `{}` not found: expected a folder themes/{theme}/ with templates/ in it",
            theme.escape_debug()
        );
        let named_by = match chain.last() {
            Some(child) => Some(extends_place(root, child)),
            None => crate::config::key_place(root, "theme"),
        };
        if let Err(problem) = crate::config::check_theme_name(&theme) {
            let message = format!("`extends` `{}` {problem}", theme.escape_debug());
            return Err(at_or_general(named_by, message).into());
        }
        if !dir.is_dir() {
            return Err(at_or_general(named_by, missing).into());
        }
        let manifest = read_manifest(&dir, &theme)?;
        next = manifest.extends;
        if card.is_none() {
            card = manifest.card;
        }
        chain.push(theme);
    }
    let mut loaded = Theme {
        chain: chain.clone(),
        card: card.unwrap_or_default(),
        ..Theme::default()
    };
    let mut problems = Diagnostics::new();
    for theme in chain.iter().rev() {
        let dir = root.join("themes").join(theme);
        for (name, path) in links.files_under(&dir.join("templates"), &mut problems) {
            let source = format!("themes/{theme}/templates/{name}");
            let text = match std::fs::read(&path).map(String::from_utf8) {
                Ok(Ok(text)) => text,
                Ok(Err(error)) => {
                    problems.push(not_utf8(&source, error.as_bytes()));
                    continue;
                }
                Err(error) => {
                    let place = Location::new(&source, 1, 1);
                    problems.push(Diagnostic::at(
                        place,
                        format!("cannot read the template: {error}"),
                    ));
                    continue;
                }
            };
            let file = TemplateFile::new(theme, &name, text);
            loaded.templates.insert(name, file);
        }
        let static_files = links.files_under(&dir.join("static"), &mut problems);
        loaded.static_files.extend(static_files);
    }
    let site_static = links.files_under(&root.join("static"), &mut problems);
    loaded.static_files.extend(site_static);
    problems.extend(extends::circles(&loaded.templates));
    if problems.is_empty() {
        Ok(loaded)
    } else {
        Err(problems.into_error())
    }
}

/// Where `theme`'s `theme.toml` names the theme it extends.
fn extends_place(root: &Path, theme: &str) -> Location {
    let path = format!("themes/{theme}/theme.toml");
    let text = std::fs::read_to_string(root.join(&path)).unwrap_or_default();
    let line = text
        .lines()
        .position(|line| line.trim_start().starts_with("extends"))
        .map_or(1, |index| index + 1);
    Location::new(path, line, 1)
}

fn at_or_general(place: Option<Location>, message: String) -> Diagnostic {
    match place {
        Some(place) => Diagnostic::at(place, message),
        None => Diagnostic::general(message),
    }
}

fn read_manifest(dir: &Path, theme: &str) -> Result<ThemeManifest, Diagnostic> {
    let path = dir.join("theme.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(ThemeManifest {
            name: None,
            description: None,
            extends: None,
            card: None,
        });
    };
    toml::from_str(&text).map_err(|error| {
        let (line, col) = error
            .span()
            .map_or((1, 1), |span| line_col(&text, span.start));
        Diagnostic::at(
            Location::new(format!("themes/{theme}/theme.toml"), line, col),
            error.message().trim_end().to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str) -> SourceFile {
        SourceFile {
            content_path: path.to_string(),
            text: String::new(),
        }
    }

    #[test]
    fn pages_take_their_folder_and_slug_from_the_path() {
        let page = file("articles/caring.md");
        assert_eq!(
            (page.folder_of_page(), page.stem_for_slug()),
            ("articles", "caring")
        );
        let bundle = file("articles/caring/index.md");
        assert_eq!(
            (bundle.folder_of_page(), bundle.stem_for_slug()),
            ("articles", "caring")
        );
        assert!(file("articles/_index.md").is_section_index());
    }

    #[test]
    fn editor_files_are_ignored() {
        for name in [".x.md.swp", "x.md~", "#x.md#", "4913", "x.bck", ".hidden"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("x.md"));
    }
}
