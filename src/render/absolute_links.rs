//! Links made absolute for HTML read away from the site (feed readers): root-relative
//! `href`/`src`/`srcset` get the site's origin, `#anchors` and relative paths the page's own URL.

/// Rewrites every `href="…"`, `src="…"` and each address of a `srcset="…"` of `html`. `origin` is the site's scheme and host
/// (`https://example.org`, empty when the base URL has none); `page_url` is the absolute URL of
/// the page the HTML belongs to, ending in `/`.
pub(crate) fn absolute_links(html: &str, origin: &str, page_url: &str) -> String {
    let mut out = String::with_capacity(html.len() + 256);
    let mut attributes = Attributes::default();
    let mut from = 0;
    while let Some((at, name)) = attributes.next(html, from) {
        let value_start = at + name.len();
        let Some(value_len) = html[value_start..].find('"') else {
            break;
        };
        out.push_str(&html[from..value_start]);
        let value = &html[value_start..value_start + value_len];
        if name == SRCSET {
            let candidates = value.split(',').map(|candidate| {
                let candidate = candidate.trim();
                let (url, width) = candidate.split_once(' ').unwrap_or((candidate, ""));
                let url = absolute(url, origin, page_url);
                if width.is_empty() {
                    url
                } else {
                    format!("{url} {width}")
                }
            });
            out.push_str(&candidates.collect::<Vec<_>>().join(", "));
        } else {
            out.push_str(&absolute(value, origin, page_url));
        }
        from = value_start + value_len;
    }
    out.push_str(&html[from..]);
    out
}

const SRCSET: &str = " srcset=\"";
const NAMES: [&str; 3] = [" href=\"", " src=\"", SRCSET];

/// Where each attribute name is next found, so that each is looked for again only once the
/// text has been read past it: a name a page lacks is looked for once, not at every link.
#[derive(Default)]
struct Attributes {
    /// For each of `NAMES`: the search's start and what it found (`None`: not after it).
    found: [Option<(usize, Option<usize>)>; 3],
}

impl Attributes {
    /// The position in `html` of the first attribute name at `from` or after, and that name.
    fn next(&mut self, html: &str, from: usize) -> Option<(usize, &'static str)> {
        let mut first: Option<(usize, &'static str)> = None;
        for (found, name) in self.found.iter_mut().zip(NAMES) {
            let at = match *found {
                Some((start, at)) if start <= from && at.is_none_or(|at| at >= from) => at,
                _ => {
                    let at = memchr::memmem::find(&html.as_bytes()[from..], name.as_bytes())
                        .map(|at| from + at);
                    *found = Some((from, at));
                    at
                }
            };
            if let Some(at) = at.filter(|&at| first.is_none_or(|(first, _)| at < first)) {
                first = Some((at, name));
            }
        }
        first
    }
}

fn absolute(value: &str, origin: &str, page_url: &str) -> String {
    let has_scheme = value
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.is_empty() && !scheme.contains(['/', '?', '#']));
    if value.is_empty() || has_scheme || value.starts_with("//") {
        value.to_string()
    } else if value.starts_with('/') {
        [origin, value].concat()
    } else {
        [page_url, value.strip_prefix("./").unwrap_or(value)].concat()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_link_becomes_absolute() {
        let html = r##"<p><a href="/blog/articles/x/#why">x</a> <img src="photo.jpg" alt=""> <a href="#top">top</a> <a href="https://other.org/">o</a> <a href="mailto:a@b.org">m</a> <a href="./notes/">n</a></p>"##;
        let page = "https://example.org/blog/articles/y/";
        assert_eq!(
            absolute_links(html, "https://example.org", page),
            r##"<p><a href="https://example.org/blog/articles/x/#why">x</a> <img src="https://example.org/blog/articles/y/photo.jpg" alt=""> <a href="https://example.org/blog/articles/y/#top">top</a> <a href="https://other.org/">o</a> <a href="mailto:a@b.org">m</a> <a href="https://example.org/blog/articles/y/notes/">n</a></p>"##
        );
    }

    #[test]
    fn every_address_of_a_srcset_becomes_absolute() {
        let html =
            r#"<source type="image/webp" srcset="a-480.1.webp 480w, /img/b-800.2.webp 800w">"#;
        assert_eq!(
            absolute_links(html, "https://e.org", "https://e.org/a/"),
            r#"<source type="image/webp" srcset="https://e.org/a/a-480.1.webp 480w, https://e.org/img/b-800.2.webp 800w">"#
        );
    }

    #[test]
    fn text_about_attributes_is_left_alone() {
        // Markdown text is escaped: its quotes are `&quot;`, never an attribute's.
        let html = "<p>write href=&quot;/x&quot; in code</p><code>src=&quot;y&quot;</code>";
        assert_eq!(
            absolute_links(html, "https://e.org", "https://e.org/a/"),
            html
        );
    }
}
