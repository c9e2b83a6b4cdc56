//! Reading `hearth.toml`: TOML errors at their line, and the checks serde cannot make.

use std::path::Path;

use super::{CONFIG_FILE, SiteConfig};
use crate::error::{Diagnostic, Location, line_col};

pub(crate) fn parse_config(text: &str) -> Result<SiteConfig, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let config: SiteConfig = toml::from_str(text).map_err(|error| {
        let (line, col) = error
            .span()
            .map_or((1, 1), |span| line_col(text, span.start));
        Diagnostic::at(
            Location::new(CONFIG_FILE, line, col),
            error.message().trim_end().to_string(),
        )
    })?;
    let at_key = |key: &str, message: String| {
        let (line, col) = top_level_key(text, key);
        Diagnostic::at(Location::new(CONFIG_FILE, line, col), message)
    };
    if let Err(problem) = check_base_url(&config.base_url) {
        let shown = config.base_url.escape_debug();
        return Err(at_key(
            "base_url",
            format!("`base_url` `{shown}` {problem}"),
        ));
    }
    if let Err(problem) = check_theme_name(&config.theme) {
        let shown = config.theme.escape_debug();
        return Err(at_key("theme", format!("`theme` `{shown}` {problem}")));
    }
    Ok(config)
}

/// A base URL is where the site is published: an absolute `http(s)://host/…` URL, or a path
/// from the root of the server (`/`, the default, for a site served from anywhere).
pub(crate) fn check_base_url(url: &str) -> Result<(), String> {
    let expected = "expected an absolute URL such as `https://example.org/` (or `/` for links from the server's root)";
    let unsafe_char = |c: char| c.is_whitespace() || c.is_control() || "\"'<>\\`{}|^".contains(c);
    if url.chars().any(unsafe_char) {
        return Err(format!(
            "holds a space, quote or other character a URL cannot; {expected}"
        ));
    }
    let host = ["https://", "http://"].iter().find_map(|scheme| {
        url.get(..scheme.len())
            .filter(|s| s.eq_ignore_ascii_case(scheme))
            .map(|_| &url[scheme.len()..])
    });
    match host {
        Some(rest) => {
            let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
            if host.is_empty() || host.starts_with(':') || host.contains('@') {
                return Err(format!("has no host name; {expected}"));
            }
            if url.contains(['?', '#']) {
                return Err(format!("has a query or fragment; {expected}"));
            }
            Ok(())
        }
        None if url.starts_with('/')
            && !url.starts_with("//")
            && !url.contains(['?', '#', ':']) =>
        {
            Ok(())
        }
        None => Err(format!("is not an http(s) URL; {expected}")),
    }
}

/// A theme is a folder right under `themes/`: one name, never a path.
pub(crate) fn check_theme_name(name: &str) -> Result<(), String> {
    let bad = name.is_empty()
        || name == "."
        || name == ".."
        || name.contains(['/', '\\', ':'])
        || name.chars().any(char::is_control);
    if bad {
        return Err(
            "is not a folder name; expected the name of a folder in themes/, such as `hearth`"
                .to_string(),
        );
    }
    Ok(())
}

/// Where `hearth.toml` under `root` sets the top-level `key`, if it does.
pub(crate) fn key_place(root: &Path, key: &str) -> Option<Location> {
    let text = std::fs::read_to_string(root.join(CONFIG_FILE)).ok()?;
    let (line, col) = top_level_key(&text, key);
    let written = text.lines().nth(line - 1)?.trim_start().starts_with(key);
    written.then(|| Location::new(CONFIG_FILE, line, col))
}

/// The line and column of a top-level `key = …` of `hearth.toml` (1:1 when it is not written there).
fn top_level_key(text: &str, key: &str) -> (usize, usize) {
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            break;
        }
        let name = trimmed.split('=').next().unwrap_or_default().trim();
        if trimmed.contains('=') && name.trim_matches(['"', '\'']) == key {
            return (index + 1, line.len() - trimmed.len() + 1);
        }
    }
    (1, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exit_address_must_leave_the_site() {
        let error =
            parse_config("title = \"x\"\n[safety]\nexit = true\nexit_url = \"bbc.co.uk\"\n")
                .unwrap_err();
        assert_eq!(error.location, Some(Location::new("hearth.toml", 4, 12)));
        assert_eq!(
            error.message,
            "`bbc.co.uk` is not a full address; expected one such as \"https://www.bbc.co.uk/weather\""
        );
        let config = parse_config("[safety]\nexit_url = \"https://example.org/news\"\n").unwrap();
        assert_eq!(config.safety.exit_url, "https://example.org/news");
        assert!(!config.safety.exit, "off unless asked for");
    }

    #[test]
    fn unknown_config_key_names_its_line() {
        let error = parse_config("title = \"x\"\ncolour = 1\n").unwrap_err();
        assert_eq!(error.location, Some(Location::new("hearth.toml", 2, 1)));
        assert!(
            error.message.starts_with("unknown field `colour`"),
            "{}",
            error.message
        );
    }
}
