//! `hearth import`: a new hearth site made from a WordPress export, a Zola or Hugo site, or a
//! folder of Markdown, with a report of what was converted, what was mapped to something near
//! it, and what could not come along. The source is only ever read.

mod body;
mod book_links;
mod escapes;
mod folder;
mod front;
mod hugo;
mod includes;
mod markdown;
mod report;
mod site;
mod wordpress;
mod wp_html;
mod wp_shortcodes;
mod wxr;
mod zola;

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

pub use report::{Entry, Report};
pub use site::NewSite;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SourceKind {
    /// A WordPress export file (WXR, `.xml`: Tools → Export in WordPress).
    Wordpress,
    /// A Zola site (the folder with `config.toml` and `content/`).
    Zola,
    /// A Hugo site (the folder with `hugo.toml` or `config.toml` and `content/`).
    Hugo,
    /// A folder of Markdown files (an mdBook book or its `src/`, a docs folder).
    Markdown,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// What the source is.
    #[arg(value_enum)]
    pub kind: SourceKind,
    /// The export file or site folder to read (never changed).
    pub source: PathBuf,
    /// The folder to make the new site in (it must not exist yet, or be empty); default: a
    /// folder named after the source with `-hearth` added, beside it in the current folder.
    #[arg(long)]
    pub root: Option<PathBuf>,
}

/// The folder `hearth import` makes the site in: `--root`, else one named after the source.
pub fn new_site_root(args: &ImportArgs) -> PathBuf {
    args.root
        .clone()
        .unwrap_or_else(|| default_root(&args.source))
}

/// Reads `source` as `kind` and writes a new site into `root`; returns what was done.
pub fn import(kind: SourceKind, source: &Path, root: &Path) -> Result<Report, String> {
    if !source.exists() {
        return Err(format!(
            "{} does not exist; expected {}",
            source.display(),
            match kind {
                SourceKind::Wordpress => "a WordPress export file (.xml)",
                _ => "a folder",
            }
        ));
    }
    let mut report = Report::default();
    let site = match kind {
        SourceKind::Wordpress => wordpress::import(source, &mut report)?,
        SourceKind::Zola => zola::import(source, &mut report)?,
        SourceKind::Hugo => hugo::import(source, &mut report)?,
        SourceKind::Markdown => markdown::import(source, &mut report)?,
    };
    site.write(root)?;
    Ok(report)
}

fn default_root(source: &Path) -> PathBuf {
    let name = source
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .filter(|stem| !stem.is_empty() && stem != "." && stem != "..")
        .unwrap_or_else(|| "site".to_string());
    PathBuf::from(format!("{name}-hearth"))
}
