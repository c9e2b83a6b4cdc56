//! Paths of files in the output folder: the only form in which anything is written, checked once
//! when made so that no slug, alias or file name can lead a write out of the folder.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// A file's path from the output folder (`articles/x/index.html`): `/`-separated parts, none of
/// them empty, `.` or `..`, with no root, drive, backslash or control character in it.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(try_from = "String", into = "String")]
pub struct OutputPath(String);

impl From<OutputPath> for String {
    fn from(path: OutputPath) -> String {
        path.0
    }
}

/// Why a path cannot be an output path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadOutputPath {
    pub path: String,
    pub reason: &'static str,
}

impl fmt::Display for BadOutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}` cannot be a file of the site: {}",
            self.path.escape_debug(),
            self.reason
        )
    }
}

impl std::error::Error for BadOutputPath {}

impl OutputPath {
    /// Checks `path` and keeps it.
    pub fn new(path: impl Into<String>) -> Result<Self, BadOutputPath> {
        let path = path.into();
        match problem_with(&path) {
            None => Ok(Self(path)),
            Some(reason) => Err(BadOutputPath { path, reason }),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The file that answers a URL path: `/a/b/` and `a/b` → `a/b/index.html`, `/a/b.html` as is.
    pub fn for_url(url_path: &str) -> Result<Self, BadOutputPath> {
        let path = url_path.strip_prefix('/').unwrap_or(url_path);
        if path.ends_with(".html") {
            return Self::new(path);
        }
        match path.strip_suffix('/').unwrap_or(path) {
            "" => Self::new("index.html"),
            folder => Self::new(format!("{folder}/index.html")),
        }
    }

    /// The path with `more` (one or more further parts) after it, checked like any other.
    pub fn join(&self, more: &str) -> Result<Self, BadOutputPath> {
        Self::new(format!("{}/{more}", self.0))
    }
}

/// What is wrong with `path` as a file of the output folder, if anything.
pub(super) fn problem_with(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("the path is empty");
    }
    if path.starts_with('/') {
        return Some("it starts at the root (`/`)");
    }
    if path.contains('\\') {
        return Some("it holds a backslash");
    }
    if path.chars().any(char::is_control) {
        return Some("it holds a control character (such as NUL)");
    }
    if path.contains(':') {
        return Some("it holds a `:` (a drive, a stream or a URL scheme)");
    }
    for part in path.split('/') {
        match part {
            "" => return Some("it has an empty part (`//` or a `/` at the end)"),
            "." => return Some("it has a `.` part"),
            ".." => return Some("it has a `..` part, which leads out of the site"),
            _ => {}
        }
    }
    None
}

impl Deref for OutputPath {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for OutputPath {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl Borrow<String> for OutputPath {
    fn borrow(&self) -> &String {
        &self.0
    }
}

impl AsRef<str> for OutputPath {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<&str> for OutputPath {
    type Error = BadOutputPath;
    fn try_from(path: &str) -> Result<Self, BadOutputPath> {
        Self::new(path)
    }
}

impl TryFrom<String> for OutputPath {
    type Error = BadOutputPath;
    fn try_from(path: String) -> Result<Self, BadOutputPath> {
        Self::new(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_folder_are_kept() {
        for good in [
            "index.html",
            "articles/x/index.html",
            "a.b/c..d/.well-known",
        ] {
            assert_eq!(OutputPath::new(good).unwrap().as_str(), good);
        }
    }

    #[test]
    fn paths_that_could_leave_the_folder_are_refused() {
        for bad in [
            "",
            "../x.html",
            "a/../../x.html",
            "a/./b",
            ".",
            "/etc/passwd",
            "a//b",
            "a/",
            "C:/Windows/x.html",
            "c:x",
            "a\\..\\b",
            "a\0b",
            "a\nb",
        ] {
            assert!(OutputPath::new(bad).is_err(), "{bad:?} was accepted");
        }
    }

    #[test]
    fn urls_are_served_by_an_index_file_or_their_html_file() {
        let file = |url| OutputPath::for_url(url).map(|path| path.to_string());
        assert_eq!(file("/old/page/").unwrap(), "old/page/index.html");
        assert_eq!(file("old/page").unwrap(), "old/page/index.html");
        assert_eq!(file("/old.html").unwrap(), "old.html");
        assert_eq!(file("/").unwrap(), "index.html");
        assert!(file("//etc/x.html").is_err());
        assert!(file("/../../elsewhere/page").is_err());
    }

    #[test]
    fn the_reason_is_given() {
        let error = OutputPath::new("../../elsewhere/index.html").unwrap_err();
        assert_eq!(
            error.to_string(),
            "`../../elsewhere/index.html` cannot be a file of the site: it has a `..` part, which leads out of the site"
        );
    }
}
