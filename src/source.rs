//! Sources: the site's content files, its theme (with the themes it extends) and static files, read from disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Deserialize;
use walkdir::WalkDir;

use crate::error::{Diagnostic, Location, line_col};

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

/// Everything under `content/`: Markdown files to parse and other files to copy beside them.
#[derive(Debug, Clone, Default)]
pub struct ContentFiles {
    pub markdown: Vec<SourceFile>,
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

pub fn read_content(content_dir: &Path) -> Result<ContentFiles, Vec<Diagnostic>> {
    let mut markdown_paths = Vec::new();
    let mut assets = BTreeMap::new();
    let mut errors = Vec::new();
    for entry in WalkDir::new(content_dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        })
    {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = relative_slash_path(content_dir, entry.path());
                if relative.ends_with(".md") {
                    markdown_paths.push((relative, entry.into_path()));
                } else {
                    assets.insert(relative, entry.into_path());
                }
            }
            Ok(_) => {}
            Err(error)
                if error.io_error().map(|e| e.kind()) == Some(std::io::ErrorKind::NotFound)
                    && error.depth() == 0 => {}
            Err(error) => errors.push(Diagnostic::general(format!("content: {error}"))),
        }
    }
    let read: Vec<Result<SourceFile, Diagnostic>> = markdown_paths
        .into_par_iter()
        .map(
            |(content_path, path)| match std::fs::read_to_string(&path) {
                Ok(text) => Ok(SourceFile { content_path, text }),
                Err(error) => Err(Diagnostic::at(
                    Location::new(format!("content/{content_path}"), 1, 1),
                    format!("cannot read the file: {error}; expected UTF-8 Markdown"),
                )),
            },
        )
        .collect();
    let mut markdown = Vec::with_capacity(read.len());
    for result in read {
        match result {
            Ok(file) => markdown.push(file),
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(ContentFiles { markdown, assets })
    } else {
        Err(errors)
    }
}

fn relative_slash_path(base: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// A template of the theme, by its Tera name (`blocks/lines.html`).
#[derive(Debug, Clone, PartialEq, Eq)]
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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeManifest {
    #[allow(dead_code)]
    name: Option<String>,
    #[allow(dead_code)]
    description: Option<String>,
    extends: Option<String>,
}

pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let mut chain = Vec::new();
    let mut next = Some(name.to_string());
    while let Some(theme) = next.take() {
        if chain.contains(&theme) {
            chain.push(theme);
            return Err(Diagnostic::general(format!(
                "themes extend each other in a circle: {}; expected a chain that ends",
                chain.join(" → ")
            )));
        }
        let dir = root.join("themes").join(&theme);
        if !dir.is_dir() {
            return Err(Diagnostic::general(format!(
                "theme `{theme}` not found: expected a folder themes/{theme}/ with templates/ in it"
            )));
        }
        next = read_manifest(&dir, &theme)?.extends;
        chain.push(theme);
    }
    let mut loaded = Theme {
        chain: chain.clone(),
        ..Theme::default()
    };
    for theme in chain.iter().rev() {
        let dir = root.join("themes").join(theme);
        for (name, path) in files_under(&dir.join("templates")) {
            let source = format!("themes/{theme}/templates/{name}");
            let text = std::fs::read_to_string(&path).map_err(|error| {
                Diagnostic::at(
                    Location::new(&source, 1, 1),
                    format!("cannot read the template: {error}"),
                )
            })?;
            let file = TemplateFile::new(theme, &name, text);
            loaded.templates.insert(name, file);
        }
        loaded.static_files.extend(files_under(&dir.join("static")));
    }
    loaded
        .static_files
        .extend(files_under(&root.join("static")));
    Ok(loaded)
}

fn read_manifest(dir: &Path, theme: &str) -> Result<ThemeManifest, Diagnostic> {
    let path = dir.join("theme.toml");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(ThemeManifest {
            name: None,
            description: None,
            extends: None,
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

/// Every file under `dir` by its `/`-separated path from `dir`, skipping editors' temporary files.
fn files_under(dir: &Path) -> BTreeMap<String, PathBuf> {
    WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !is_ignored_name(&entry.file_name().to_string_lossy())
        })
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| (relative_slash_path(dir, entry.path()), entry.into_path()))
        .collect()
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
