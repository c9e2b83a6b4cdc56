//! Which folders hearth may write into: those it made (they hold its marker file), empty ones,
//! and its own output from before the marker existed. Never the site's sources or the folders
//! above them, and a folder of someone else's files only when told to replace them (`--force`).

use std::io;
use std::path::{Component, Path, PathBuf};

/// The file hearth puts in every output and staging folder it makes.
pub(crate) const MARKER: &str = ".hearth-output";

const MARKER_TEXT: &str =
    "This folder is made by `hearth build`: each build replaces what it holds.\n";

/// Puts the marker into `folder`.
pub(crate) fn mark(folder: &Path) -> io::Result<()> {
    let marker = folder.join(MARKER);
    if std::fs::read(&marker).is_ok_and(|text| text == MARKER_TEXT.as_bytes()) {
        return Ok(());
    }
    std::fs::write(marker, MARKER_TEXT)
}

/// Whether `folder` holds hearth's marker.
pub(crate) fn is_marked(folder: &Path) -> bool {
    folder.join(MARKER).is_file()
}

/// Checks that a build of the site at `site_root` may write into `output_dir` (and its staging
/// folder beside it, `staging_dir`); the message says what is wrong and how to go on.
pub(crate) fn check(
    output_dir: &Path,
    staging_dir: &Path,
    hashes_file: &Path,
    site_root: &Path,
    force: bool,
) -> Result<(), String> {
    let output = resolved(output_dir)?;
    let root = resolved(site_root)?;
    let shown = output_dir.display();
    if root.starts_with(&output) {
        let what = if root == output {
            "the site's own folder"
        } else {
            "a folder that holds the site"
        };
        return Err(format!(
            "cannot build into {shown}: it is {what}, and a build replaces everything in its output folder; expected a folder of its own, such as {}",
            site_root.join("output").display()
        ));
    }
    for sources in ["content", "themes", "static"] {
        if output.starts_with(root.join(sources)) {
            return Err(format!(
                "cannot build into {shown}: it is inside the site's {sources}/ folder, whose files the build reads; expected a folder outside it, such as {}",
                site_root.join("output").display()
            ));
        }
    }
    if output_dir.exists() && !output_dir.is_dir() {
        return Err(format!(
            "cannot build into {shown}: it is a file, not a folder; expected a folder (or a name not yet taken)"
        ));
    }
    if force {
        return Ok(());
    }
    // Output from before folders were marked: its staging folder or table of hashes is beside it.
    let from_before = hashes_file.is_file() || staging_dir.is_dir();
    for (folder, role) in [(output_dir, "output"), (staging_dir, "staging")] {
        if is_marked(folder) || is_empty_or_absent(folder)? || from_before {
            continue;
        }
        return Err(format!(
            "cannot build into {shown}: {} holds files that hearth did not make, and a build replaces everything in its {role} folder; expected an empty or new folder, or `--force` to replace what it holds",
            folder.display()
        ));
    }
    Ok(())
}

fn is_empty_or_absent(folder: &Path) -> Result<bool, String> {
    match std::fs::read_dir(folder) {
        Ok(mut entries) => Ok(entries.next().is_none()),
        Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(true),
        Err(error) => Err(format!("cannot read {}: {error}", folder.display())),
    }
}

/// `path` made absolute with every link and `..` of its existing part resolved, and the rest
/// (folders not made yet) added as written.
fn resolved(path: &Path) -> Result<PathBuf, String> {
    let absolute = std::path::absolute(path)
        .map_err(|error| format!("cannot find {}: {error}", path.display()))?;
    let mut existing = absolute.as_path();
    let mut missing = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut found) => {
                for part in missing.iter().rev() {
                    match part {
                        Component::ParentDir => {
                            found.pop();
                        }
                        Component::Normal(name) => found.push(name),
                        _ => {}
                    }
                }
                return Ok(found);
            }
            Err(_) => {
                let Some(parent) = existing.parent() else {
                    return Ok(absolute);
                };
                missing.extend(existing.components().next_back());
                existing = parent;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_in(site: &Path, output: &str, force: bool) -> Result<(), String> {
        let output = site.join(output);
        let staging = output.with_file_name(".x.staging");
        let hashes = output.with_file_name(".x.hashes");
        check(&output, &staging, &hashes, site, force)
    }

    #[test]
    fn sources_and_the_folders_above_the_site_are_refused_even_when_forced() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path().join("site");
        std::fs::create_dir_all(site.join("content/articles")).unwrap();
        for output in [
            ".",
            "..",
            "content",
            "content/articles/new",
            "themes/x",
            "static",
        ] {
            assert!(check_in(&site, output, true).is_err(), "{output}");
        }
        assert!(check_in(&site, "output", false).is_ok());
        assert!(check_in(&site, "content/../public", false).is_ok());
    }

    #[test]
    fn a_folder_of_other_files_needs_force() {
        let temp = tempfile::tempdir().unwrap();
        let site = temp.path();
        std::fs::create_dir_all(site.join("mine")).unwrap();
        std::fs::write(site.join("mine/notes.txt"), "keep me").unwrap();
        let error = check_in(site, "mine", false).unwrap_err();
        assert!(error.contains("`--force`"), "{error}");
        assert!(check_in(site, "mine", true).is_ok());
        mark(&site.join("mine")).unwrap();
        assert!(check_in(site, "mine", false).is_ok());
    }
}
