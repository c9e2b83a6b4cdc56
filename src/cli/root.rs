//! Which site a command works on: `--root` when given, else the nearest folder upward from
//! the current one that holds `hearth.toml`, as cargo finds `Cargo.toml`.

use std::path::{Path, PathBuf};

use crate::config::CONFIG_FILE;
use crate::error::Diagnostic;

/// The site's root: `explicit` (`--root`), or the nearest folder from `here` upward with a
/// `hearth.toml`.
pub(crate) fn site_root(explicit: Option<&Path>, here: &Path) -> Result<PathBuf, Diagnostic> {
    match explicit {
        Some(root) => given_root(root),
        None => nearest_site(here).ok_or_else(|| {
            Diagnostic::general(format!(
                "could not find `{CONFIG_FILE}` in `{}` or any folder above it",
                here.display()
            ))
            .with_help(
                "start a site with `hearth init DIR`, or name one with `--root DIR`".to_string(),
            )
        }),
    }
}

/// The site's root from the current folder (see `site_root`).
pub(crate) fn site_root_here(explicit: Option<&Path>) -> Result<PathBuf, Diagnostic> {
    let here = std::env::current_dir()
        .map_err(|error| Diagnostic::general(format!("cannot read the current folder: {error}")))?;
    site_root(explicit, &here)
}

/// The nearest folder from `here` upward holding `hearth.toml`.
pub(crate) fn nearest_site(here: &Path) -> Option<PathBuf> {
    here.ancestors()
        .find(|folder| folder.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

fn given_root(root: &Path) -> Result<PathBuf, Diagnostic> {
    if !root.is_dir() {
        return Err(Diagnostic::general(format!(
            "the site folder `{}` does not exist",
            root.display()
        ))
        .with_help("expected `--root` to name a folder holding `hearth.toml`"));
    }
    if !root.join(CONFIG_FILE).is_file() {
        return Err(
            Diagnostic::general(format!("`{}` holds no `{CONFIG_FILE}`", root.display()))
                .with_help(format!(
                    "expected the folder of a site; start one there with `hearth init {}`",
                    root.display()
                )),
        );
    }
    Ok(root.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_folder_with_hearth_toml_wins() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        let deep = site.join("content/articles");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(site.join(CONFIG_FILE), "").unwrap();
        assert_eq!(site_root(None, &deep).unwrap(), site);
        assert_eq!(site_root(None, &site).unwrap(), site);
        let outside = site_root(None, temp.path()).unwrap_err();
        assert!(
            outside
                .message
                .starts_with("could not find `hearth.toml` in `")
        );
        assert_eq!(site_root(Some(&site), temp.path()).unwrap(), site);
        let given = site_root(Some(&deep), &site).unwrap_err();
        assert!(given.message.ends_with("holds no `hearth.toml`"), "{given}");
    }
}
