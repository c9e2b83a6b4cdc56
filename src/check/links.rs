//! Outside links (http and https) in a site's sources, each with every place that uses it.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::Location;

/// Every outside URL of the site under `root` (its pages' Markdown under `content/` and
/// `hearth.toml`) → the places it is written, in file order.
pub fn outside_links(root: &Path) -> BTreeMap<String, Vec<Location>> {
    let mut files = vec![root.join(crate::config::CONFIG_FILE)];
    let content = walkdir::WalkDir::new(root.join("content")).sort_by_file_name();
    files.extend(
        content
            .into_iter()
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_file())
            .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "md"))
            .map(|entry| entry.into_path()),
    );
    let mut links: BTreeMap<String, Vec<Location>> = BTreeMap::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let shown = file.strip_prefix(root).unwrap_or(&file);
        let shown = shown.to_string_lossy().replace('\\', "/");
        for (url, line, col) in urls_in(&text) {
            links
                .entry(url)
                .or_default()
                .push(Location::new(shown.clone(), line, col));
        }
    }
    links
}

/// The `http://` and `https://` URLs of `text` with their 1-based line and column: a URL ends
/// at white space, a quote, a bracket or `<>`, and never with the sentence's punctuation.
pub fn urls_in(text: &str) -> Vec<(String, usize, usize)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let mut from = 0;
        while let Some(at) = next_url_start(&line[from..]) {
            let start = from + at;
            let rest = &line[start..];
            let end = rest
                .find(|c: char| c.is_whitespace() || "\"'<>()[]{}`|".contains(c))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_']);
            let has_host = url
                .split_once("://")
                .is_some_and(|(_, host)| !host.is_empty());
            if has_host {
                let col = line[..start].chars().count() + 1;
                found.push((url.to_string(), index + 1, col));
            }
            from = start + end.max(1);
        }
    }
    found
}

fn next_url_start(text: &str) -> Option<usize> {
    let http = text.find("http://");
    let https = text.find("https://");
    match (http, https) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (one, other) => one.or(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_in_markdown_html_and_toml_with_their_places() {
        let text = "See [the guide](https://a.example/guide?x=1#y).\n\
                    <a href=\"http://b.example/\">b</a>, or <https://c.example/path>.\n\
                    exit_url = \"https://d.example/\"\nplain https://e.example/x, then text";
        assert_eq!(
            urls_in(text),
            vec![
                ("https://a.example/guide?x=1#y".to_string(), 1, 17),
                ("http://b.example/".to_string(), 2, 10),
                ("https://c.example/path".to_string(), 2, 40),
                ("https://d.example/".to_string(), 3, 13),
                ("https://e.example/x".to_string(), 4, 7),
            ]
        );
    }

    #[test]
    fn a_scheme_without_a_host_is_not_a_link() {
        assert!(urls_in("write https:// before the host").is_empty());
    }
}
