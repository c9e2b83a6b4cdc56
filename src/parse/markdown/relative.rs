//! Relative link and image destinations (`../other.md#x`, `images/a.png`), resolved against the
//! folder of the file they are written in, as a Markdown viewer on disk resolves them.

/// A relative destination, resolved to a path under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Relative {
    /// The path from `content/` (`articles/other.md`, `articles/images/a.png`).
    pub content_path: String,
    /// What follows `#`, if anything.
    pub anchor: String,
    /// A Markdown file: a link to a page, checked like `@/` links.
    pub is_page: bool,
}

/// `None` for destinations that are not relative file paths (URLs, `mailto:`, `/absolute`,
/// `#anchors`, `@/` links, folder links such as `../about/`); otherwise where the file is, or
/// why it cannot be.
pub(crate) fn resolve(folder: &str, dest: &str) -> Option<Result<Relative, String>> {
    if dest.is_empty() || dest.starts_with(['#', '/', '@', '?']) || has_scheme(dest) {
        return None;
    }
    let end = dest.find(['#', '?']).unwrap_or(dest.len());
    let path = &dest[..end];
    let anchor = dest[end..]
        .strip_prefix('#')
        .map(|rest| rest.split('?').next().unwrap_or_default())
        .unwrap_or_default();
    let file_name = path.rsplit('/').next().unwrap_or_default();
    if !file_name.contains('.') || file_name.ends_with('.') {
        return None;
    }
    let decoded = percent_decode(path);
    let mut parts: Vec<&str> = folder.split('/').filter(|part| !part.is_empty()).collect();
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err(format!(
                        "relative link `{dest}` leads outside content/; expected a file inside it"
                    )));
                }
            }
            part => parts.push(part),
        }
    }
    let content_path = parts.join("/");
    Some(Ok(Relative {
        is_page: content_path.ends_with(".md"),
        content_path,
        anchor: anchor.to_string(),
    }))
}

fn has_scheme(dest: &str) -> bool {
    let Some(colon) = dest.find(':') else {
        return false;
    };
    let scheme = &dest[..colon];
    !scheme.is_empty()
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `%20` and other escapes decoded; anything that is not valid UTF-8 once decoded is kept as is.
pub(crate) fn percent_decode(path: &str) -> String {
    if !path.contains('%') {
        return path.to_string();
    }
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        let hex = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (bytes[index], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                index += 3;
            }
            (byte, _) => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(folder: &str, dest: &str) -> (String, String, bool) {
        let found = resolve(folder, dest).unwrap().unwrap();
        (found.content_path, found.anchor, found.is_page)
    }

    #[test]
    fn relative_files_resolve_against_their_folder() {
        let page = |path: &str, anchor: &str| (path.to_string(), anchor.to_string(), true);
        assert_eq!(ok("guide", "../other.md#x"), page("other.md", "x"));
        assert_eq!(ok("guide", "sub/page.md"), page("guide/sub/page.md", ""));
        assert_eq!(ok("", "./a%20b.md"), page("a b.md", ""));
        assert_eq!(
            ok("articles/caring", "images/x.png?v=2"),
            (
                "articles/caring/images/x.png".to_string(),
                String::new(),
                false
            )
        );
    }

    #[test]
    fn other_destinations_are_left_alone() {
        for dest in [
            "https://example.com/a.md",
            "mailto:me@example.com",
            "/static/a.png",
            "#part",
            "@/a.md",
            "../about/",
            "folder",
            "",
        ] {
            assert_eq!(resolve("guide", dest), None, "{dest}");
        }
        assert_eq!(
            resolve("guide", "../../x.md"),
            Some(Err(
                "relative link `../../x.md` leads outside content/; expected a file inside it"
                    .to_string()
            ))
        );
    }
}
