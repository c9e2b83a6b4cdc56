//! Sources: the site's content files, its theme (with the themes it extends) and static files, read from disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{BuildError, Diagnostic, Diagnostics, Location, line_col};

mod content;
mod extends;
mod links;
mod stamp;
pub use content::{ContentFiles, ContentList, list_content};
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
