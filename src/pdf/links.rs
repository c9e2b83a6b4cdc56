//! Links in a printed PDF must lead to the published site, not to the local server that served
//! the page to Chromium: `<a href="/x/">`, `<a href="../x/" data-path="/x/">` and `<a href="../x/">`
//! (resolved from the page's own URL) become `<a href="https://site.example/x/">`.

/// The scheme and host of `base_url` (`https://site.example`), or `None` for a bare path.
pub(super) fn origin(base_url: &str) -> Option<&str> {
    let scheme_end = base_url.find("://")?;
    let host_end = base_url[scheme_end + 3..]
        .find('/')
        .map_or(base_url.len(), |at| scheme_end + 3 + at);
    Some(&base_url[..host_end])
}

/// `html`, the page at URL path `page_path` (`/blog/x/`), with every root-relative or
/// page-relative `href` of an `<a>` element made absolute on `origin`.
pub(super) fn absolute_links(html: &str, origin: &str, page_path: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(start) = rest.find("<a ") {
        let Some(length) = rest[start..].find('>') else {
            break;
        };
        let (before, tag) = (&rest[..start], &rest[start..start + length]);
        out.push_str(before);
        match tag.find(" href=\"/") {
            Some(at) if !tag[at + 8..].starts_with('/') => {
                out.push_str(&tag[..at + 7]);
                out.push_str(origin);
                out.push_str(&tag[at + 7..]);
            }
            _ => match site_link(tag) {
                Some((href, path)) => {
                    out.push_str(&tag[..href.start]);
                    out.push_str(origin);
                    out.push_str(path);
                    out.push_str(&tag[href.end..]);
                }
                None => match relative_href(tag, page_path) {
                    Some((href, path)) => {
                        out.push_str(&tag[..href.start]);
                        out.push_str(origin);
                        out.push_str(&path);
                        out.push_str(&tag[href.end..]);
                    }
                    None => out.push_str(tag),
                },
            },
        }
        rest = &rest[start + length..];
    }
    out.push_str(rest);
    out
}

/// A page-relative link's place in `tag` (its `href` value) and its site URL, which the
/// renderer keeps in `data-path` (`<a href="../x/" data-path="/x/">`).
fn site_link(tag: &str) -> Option<(std::ops::Range<usize>, &str)> {
    let value = |name: &str| {
        let start = tag.find(name)? + name.len();
        let len = tag[start..].find('"')?;
        Some(start..start + len)
    };
    let href = value(" href=\"")?;
    let path = value(" data-path=\"")?;
    Some((href, &tag[path]))
}

/// A page-relative `href` (`../x/`, `y.pdf`) of `tag`: its place and the site URL it leads to
/// from `page_path`. Anchors, other schemes and protocol-relative links are not page-relative.
fn relative_href(tag: &str, page_path: &str) -> Option<(std::ops::Range<usize>, String)> {
    let start = tag.find(" href=\"")? + " href=\"".len();
    let href = &tag[start..start + tag[start..].find('"')?];
    let scheme = href
        .find(':')
        .is_some_and(|colon| !href[..colon].contains(['/', '?', '#']));
    if href.is_empty() || href.starts_with(['/', '#', '?']) || scheme {
        return None;
    }
    let split = href.find(['?', '#']).unwrap_or(href.len());
    let (path, suffix) = href.split_at(split);
    let mut folders: Vec<&str> = page_path
        .split('/')
        .filter(|part| !part.is_empty())
        .collect();
    if !page_path.ends_with('/') {
        folders.pop();
    }
    let parts: Vec<&str> = path.split('/').collect();
    let (name, steps) = parts.split_last()?;
    for step in steps {
        match *step {
            ".." => {
                folders.pop();
            }
            "." | "" => {}
            folder => folders.push(folder),
        }
    }
    let name = if matches!(*name, "." | "..") {
        if *name == ".." {
            folders.pop();
        }
        ""
    } else {
        name
    };
    let mut url = String::from("/");
    for folder in folders {
        url.push_str(folder);
        url.push('/');
    }
    url.push_str(name);
    url.push_str(suffix);
    Some((start..start + href.len(), url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins() {
        assert_eq!(origin("https://a.example/blog/"), Some("https://a.example"));
        assert_eq!(origin("http://a.example"), Some("http://a.example"));
        assert_eq!(origin("/"), None);
    }

    #[test]
    fn page_relative_links_become_their_site_urls() {
        let html = "<a href=\"../../x/#y\" data-path=\"/x/#y\">x</a> <a href=\"../z.html\">z</a>";
        assert_eq!(
            absolute_links(html, "https://s.example", "/a/b/"),
            "<a href=\"https://s.example/x/#y\" data-path=\"/x/#y\">x</a> <a href=\"https://s.example/a/z.html\">z</a>"
        );
    }

    #[test]
    fn page_relative_links_without_a_data_path_are_resolved_from_the_page() {
        let html = "<a href=\"../../\">home</a> <a href=\"../\">up</a> <a href=\"../c/d.pdf?x#y\">d</a> \
                    <a href=\"e/\">e</a> <a href=\"mailto:a@b.example\">m</a> <a href=\"..\">dots</a>";
        assert_eq!(
            absolute_links(html, "https://s.example", "/blog/a/b/"),
            "<a href=\"https://s.example/blog/\">home</a> <a href=\"https://s.example/blog/a/\">up</a> \
             <a href=\"https://s.example/blog/a/c/d.pdf?x#y\">d</a> <a href=\"https://s.example/blog/a/b/e/\">e</a> \
             <a href=\"mailto:a@b.example\">m</a> <a href=\"https://s.example/blog/a/\">dots</a>"
        );
    }

    #[test]
    fn only_root_relative_links_change() {
        let html = "<link href=\"/style.css\"><a href=\"/x/\">x</a> <a class=\"k\" href=\"/y/#z\">y</a> \
                    <a href=\"#top\">t</a> <a href=\"https://o.example/\">o</a> <a href=\"//cdn/\">c</a>";
        assert_eq!(
            absolute_links(html, "https://s.example", "/a/b/"),
            "<link href=\"/style.css\"><a href=\"https://s.example/x/\">x</a> \
             <a class=\"k\" href=\"https://s.example/y/#z\">y</a> <a href=\"#top\">t</a> \
             <a href=\"https://o.example/\">o</a> <a href=\"//cdn/\">c</a>"
        );
    }
}
