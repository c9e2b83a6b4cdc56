//! Paths of files in the output folder: the only form in which anything is written, checked once
//! when made so that no slug, alias or file name can lead a write out of the folder.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// A file's path from the output folder (`articles/x/index.html`): `/`-separated parts, none of
/// them empty, `.` or `..`, with no root, drive, backslash or control character in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize)]
#[serde(try_from = "String")]
pub struct OutputPath(String);

impl serde::Serialize for OutputPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

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

/// What is wrong with `path` as a file of the output folder, if anything; the first of these
/// that holds: empty, rooted, a backslash, a control character, a `:`, a bad part. One pass
/// over its bytes: every path a build stores is checked again when the build cache is read.
pub(super) fn problem_with(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("the path is empty");
    }
    if path.starts_with('/') {
        return Some("it starts at the root (`/`)");
    }
    let bytes = path.as_bytes();
    let (mut backslash, mut control, mut colon) = (false, false, false);
    let mut bad_part = None;
    let mut part_start = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        match byte {
            b'\\' => backslash = true,
            b':' => colon = true,
            // C0 controls and DEL; C1 controls (U+0080 to U+009F) are 0xC2 then 0x80 to 0x9F.
            0..0x20 | 0x7f => control = true,
            0xc2 if bytes
                .get(at + 1)
                .is_some_and(|next| (0x80..0xa0).contains(next)) =>
            {
                control = true;
            }
            b'/' => {
                bad_part = bad_part.or_else(|| part_problem(&path[part_start..at]));
                part_start = at + 1;
            }
            _ => {}
        }
    }
    let bad_part = bad_part.or_else(|| part_problem(&path[part_start..]));
    if backslash {
        Some("it holds a backslash")
    } else if control {
        Some("it holds a control character (such as NUL)")
    } else if colon {
        Some("it holds a `:` (a drive, a stream or a URL scheme)")
    } else {
        bad_part
    }
}

/// What is wrong with `part` (between two `/`) as a part of an output path, if anything.
fn part_problem(part: &str) -> Option<&'static str> {
    match part {
        "" => Some("it has an empty part (`//` or a `/` at the end)"),
        "." => Some("it has a `.` part"),
        ".." => Some("it has a `..` part, which leads out of the site"),
        _ => None,
    }
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

    /// The checks one at a time, as `problem_with` gives them in one pass.
    fn problem_the_long_way(path: &str) -> Option<&'static str> {
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
        path.split('/').find_map(part_problem)
    }

    #[test]
    fn one_pass_finds_what_the_checks_one_at_a_time_find() {
        let pieces = [
            "a",
            "/",
            ".",
            "..",
            ":",
            "\\",
            "\0",
            "\n",
            "\u{7f}",
            "\u{80}",
            "\u{85}",
            "\u{9f}",
            "\u{a0}",
            "é",
            "index.html",
            "",
        ];
        let mut seed: u64 = 0x5eed;
        for _ in 0..20_000 {
            let mut path = String::new();
            for _ in 0..(seed % 7) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                path.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1);
            assert_eq!(problem_with(&path), problem_the_long_way(&path), "{path:?}");
        }
    }
}
