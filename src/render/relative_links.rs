//! Links written relative to the page, so a built site opened from disk (`file://`) finds its
//! styles, scripts and pages: `/articles/x/` seen from `/tags/y/` becomes `../../articles/x/`.
//!
//! Templates and Markdown make root-relative URLs (`Settings::url_path`), which feeds and the
//! sitemap make absolute; a page's HTML passes through `relative_links` once, as it is rendered.
//! A rewritten link of an `<a>` in the page's `<main>` keeps its site URL in `data-path`, which
//! printing shows after the link; the header's and footer's links, never printed, go without.

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: [&str; 6] = [
    "href",
    "src",
    "data-quiz-style",
    "data-search-root",
    "data-search-script",
    "data-search-style",
];

/// Rewrites every URL under `base_path` (`/` or `/blog/`) in the attributes of `html` relative
/// to `page_path`, the URL path of the page (`/blog/articles/x/`, ending in `/`). Other URLs
/// (absolute, `#anchors`, already relative, outside the base path) are left as they are.
///
/// A tag runs from a `<` to the next `>` (or the end), a comment from `<!--` to the next `-->`.
/// A page without comments is read from the few places where a tag may hold a site URL
/// (`="/`, `srcset=`) rather than tag by tag: the output is the same either way.
pub(crate) fn relative_links(html: &str, base_path: &str, page_path: &str) -> String {
    if memchr::memmem::find(html.as_bytes(), b"<!--").is_some() {
        return relative_links_tag_by_tag(html, base_path, page_path);
    }
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // Where a tag opening or closing `<main>` starts, and whether it opens it.
    let mut mains: Vec<(usize, bool)> = (memchr::memmem::find_iter(bytes, b"<main"))
        .map(|at| (at, true))
        .chain(memchr::memmem::find_iter(bytes, b"</main").map(|at| (at, false)))
        .filter(|&(at, _)| tag_start(bytes, at) == Some(at))
        .collect();
    mains.sort_unstable();
    let in_main = |start: usize| {
        let before = mains.partition_point(|&(at, _)| at <= start);
        before > 0 && mains[before - 1].1
    };
    // `html[..copied]` is in `out`.
    let mut copied = 0;
    for mark in url_marks(bytes) {
        if mark < copied {
            continue;
        }
        let Some(start) = tag_start(bytes, mark) else {
            continue;
        };
        let end = memchr::memchr(b'>', &bytes[mark..]).map_or(bytes.len(), |at| mark + at + 1);
        out.push_str(&html[copied..start]);
        relative_tag(
            &mut out,
            &html[start..end],
            base_path,
            page_path,
            in_main(start),
        );
        copied = end;
    }
    out.push_str(&html[copied..]);
    out
}

/// The `=` of every `="/` and `srcset=` of `html`, in order: where `may_hold_site_url` looks.
fn url_marks(bytes: &[u8]) -> Vec<usize> {
    let mut marks: Vec<usize> = memchr::memmem::find_iter(bytes, b"=\"/").collect();
    let srcsets = memchr::memmem::find_iter(bytes, b"srcset=").map(|at| at + "srcset".len());
    let before = marks.len();
    marks.extend(srcsets);
    if marks.len() > before {
        marks.sort_unstable();
        marks.dedup();
    }
    marks
}

/// The start of the tag that holds the byte at `at` (the first `<` after the last `>` before it,
/// at `at` or before), if it is in one; for a page without comments.
fn tag_start(bytes: &[u8], at: usize) -> Option<usize> {
    let from = memchr::memrchr(b'>', &bytes[..at]).map_or(0, |close| close + 1);
    memchr::memchr(b'<', &bytes[from..=at]).map(|open| from + open)
}

/// `relative_links` read tag by tag, for pages with comments.
fn relative_links_tag_by_tag(html: &str, base_path: &str, page_path: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    // `html[..copied]` is in `out`: tags that keep their URLs go with the text around them.
    let mut copied = 0;
    let mut in_main = false;
    let mut visit = |out: &mut String, start: usize, tag: &str| {
        if tag.starts_with("<main") {
            in_main = true;
        } else if tag.starts_with("</main") {
            in_main = false;
        }
        if may_hold_site_url(tag) {
            out.push_str(&html[copied..start]);
            relative_tag(out, tag, base_path, page_path, in_main);
            copied = start + tag.len();
        }
    };
    let mut from = 0;
    let mut tag_start = None;
    // One pass over the page's `<` and `>`.
    'page: while from < html.len() {
        for at in memchr::memchr2_iter(b'<', b'>', &html.as_bytes()[from..]) {
            let at = from + at;
            match (tag_start, html.as_bytes()[at]) {
                (None, b'<') if html[at..].starts_with("<!--") => {
                    from = at
                        + html[at..]
                            .find("-->")
                            .map_or(html.len() - at, |end| end + 3);
                    continue 'page;
                }
                (None, b'<') => tag_start = Some(at),
                (Some(start), b'>') => {
                    visit(&mut out, start, &html[start..=at]);
                    tag_start = None;
                }
                _ => {}
            }
        }
        break;
    }
    if let Some(start) = tag_start {
        visit(&mut out, start, &html[start..]);
    }
    out.push_str(&html[copied..]);
    out
}

/// Whether `tag` may have an attribute whose URL `relative_tag` rewrites: a value starting
/// with `/` (as every base path does), or a `srcset`, whose later candidates may. Most tags
/// have neither, and are copied as they are.
fn may_hold_site_url(tag: &str) -> bool {
    let bytes = tag.as_bytes();
    (bytes.iter().enumerate())
        .filter(|&(_, &byte)| byte == b'=')
        .any(|(at, _)| bytes[at + 1..].starts_with(b"\"/") || bytes[..at].ends_with(b"srcset"))
}

/// Puts one start tag in `out` with its URL attributes rewritten; a link's site URL kept when
/// `keep_path`.
fn relative_tag(out: &mut String, tag: &str, base_path: &str, page_path: &str, keep_path: bool) {
    let mut rest = tag;
    let mut site_path = None;
    while let Some((at, name)) = next_url_attribute(rest) {
        let value_start = at + name.len() + 3;
        let Some(value_len) = rest[value_start..].find('"') else {
            break;
        };
        out.push_str(&rest[..value_start]);
        let value = &rest[value_start..value_start + value_len];
        let rewritten = if name == "srcset" {
            relative_srcset(value, base_path, page_path)
        } else {
            relative_url(value, base_path, page_path)
        };
        if keep_path && name == "href" && rewritten != value {
            site_path = Some(value);
        }
        out.push_str(&rewritten);
        rest = &rest[value_start + value_len..];
    }
    match site_path {
        Some(path) if tag.starts_with("<a ") && !tag.contains(" data-path=\"") => {
            // Before the `>` (or `/>`) that closes the tag.
            let close = rest.len() - rest.trim_end_matches(['>', '/']).len();
            out.push_str(&rest[..rest.len() - close]);
            out.push_str(" data-path=\"");
            out.push_str(path);
            out.push('"');
            out.push_str(&rest[rest.len() - close..]);
        }
        _ => out.push_str(rest),
    }
}

/// The position of the next URL attribute (` name="`) in `tag`, and its name: one pass over the
/// tag, looking after each space.
fn next_url_attribute(tag: &str) -> Option<(usize, &'static str)> {
    let mut from = 0;
    while let Some(space) = tag[from..].find(' ') {
        let at = from + space;
        let after = &tag[at + 1..];
        let named = (URL_ATTRIBUTES.iter().chain(&["srcset"]))
            .find(|&&name| after.starts_with(name) && after[name.len()..].starts_with("=\""));
        if let Some(&name) = named {
            return Some((at, name));
        }
        from = at + 1;
    }
    None
}

/// `srcset="a.webp 480w, b.webp 960w"`: each candidate's URL rewritten.
fn relative_srcset(value: &str, base_path: &str, page_path: &str) -> String {
    let candidates: Vec<String> = value
        .split(',')
        .map(|candidate| {
            let trimmed = candidate.trim_start();
            let lead = &candidate[..candidate.len() - trimmed.len()];
            let (url, descriptor) = trimmed.split_at(trimmed.find(' ').unwrap_or(trimmed.len()));
            format!(
                "{lead}{}{descriptor}",
                relative_url(url, base_path, page_path)
            )
        })
        .collect();
    candidates.join(",")
}

/// `url` relative to the folder of `page_path` when it is a root-relative URL under
/// `base_path`; otherwise `url` itself.
pub(crate) fn relative_url(url: &str, base_path: &str, page_path: &str) -> String {
    if !url.starts_with(base_path) || url.starts_with("//") {
        return url.to_string();
    }
    let split = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(split);
    // Both start with `/`; their folders end with one, and the rest is a file name or "".
    let folder_of = |path: &str| path.rfind('/').map_or(0, |last| last + 1);
    let from = &page_path[..folder_of(page_path)];
    let (to, file) = path.split_at(folder_of(path));
    let same = (from.bytes().zip(to.bytes()))
        .take_while(|(a, b)| a == b)
        .count();
    let shared = folder_of(&from[..same]);
    let up = from[shared..].matches('/').count();
    let mut relative = String::with_capacity(3 * up + to.len() - shared + file.len() + 2);
    for _ in 0..up {
        relative.push_str("../");
    }
    relative.push_str(&to[shared..]);
    relative.push_str(file);
    if relative.is_empty() {
        relative.push_str("./");
    }
    relative + suffix
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_relative_to_the_page_folder() {
        let at = |url, page| relative_url(url, "/", page);
        assert_eq!(at("/articles/x/", "/tags/y/"), "../../articles/x/");
        assert_eq!(at("/style.css", "/articles/x/"), "../../style.css");
        assert_eq!(at("/style.css", "/"), "style.css");
        assert_eq!(at("/", "/"), "./");
        assert_eq!(at("/", "/articles/x/"), "../../");
        assert_eq!(at("/articles/", "/articles/x/"), "../");
        assert_eq!(at("/articles/x/", "/articles/x/"), "./");
        assert_eq!(at("/articles/y/#why", "/articles/x/"), "../y/#why");
        assert_eq!(at("/a/page/2/?q=1", "/a/"), "page/2/?q=1");
        assert_eq!(at("/print/", "/404.html"), "print/");
        assert_eq!(at("/abc/x/", "/ab/y/"), "../../abc/x/");
        assert_eq!(at("/a/style.css", "/a/b/c/"), "../../style.css");
        assert_eq!(at("/a//c/", "/a//"), "c/");
        assert_eq!(at("/a/b", "/a/b/"), "../b");
    }

    #[test]
    fn only_urls_under_the_base_path_change() {
        let at = |url| relative_url(url, "/blog/", "/blog/articles/x/");
        assert_eq!(at("/blog/tags/"), "../../tags/");
        assert_eq!(at("/blog/"), "../../");
        assert_eq!(at("/other/"), "/other/");
        assert_eq!(at("//cdn.example/x.js"), "//cdn.example/x.js");
        assert_eq!(at("https://example.org/blog/"), "https://example.org/blog/");
        assert_eq!(at("#top"), "#top");
        assert_eq!(at("photo.jpg"), "photo.jpg");
    }

    #[test]
    fn stray_brackets_unclosed_tags_and_comments_are_read_as_before() {
        let at = |html| relative_links(html, "/", "/p/");
        assert_eq!(
            at(r#"a > b <a href="/x/">y</a> <!-- <a href="/z/"> open"#),
            r#"a > b <a href="../x/">y</a> <!-- <a href="/z/"> open"#
        );
        assert_eq!(
            at(r#"<main><a title="1<2" href="/x/">x</a></main><a href="/y/">"#),
            r#"<main><a title="1<2" href="../x/" data-path="/x/">x</a></main><a href="../y/">"#
        );
        assert_eq!(
            at(r#"<main><img src="/i.png""#),
            r#"<main><img src="../i.png""#
        );
        assert_eq!(at("<!---->x<!-->y"), "<!---->x<!-->y");
    }

    #[test]
    fn pages_get_relative_links_and_their_texts_keep_site_paths_for_print() {
        let html = concat!(
            r#"<link rel="canonical" href="https://e.org/articles/x/">"#,
            r#"<link rel="stylesheet" href="/style.css"><script src="/theme.js"></script>"#,
            r##"<a class="site-name" href="/">Home</a> <a href="#main">skip</a><main>"##,
            r#"<a href="/articles/y/">y</a> <img src="/img/a.png" srcset="/img/a-480.webp 480w, /img/a-960.webp 960w" alt="">"#,
            r#"<button data-search-root="/" data-search-script="/search.js">"#,
            r#"<!-- <a href="/not/"> --><p>href="/text/" stays</p>"#,
            r#"<source srcset="a.webp 480w, /img/b.webp 960w"><a class="x">y</a>"#,
        );
        assert_eq!(
            relative_links(html, "/", "/articles/x/"),
            concat!(
                r#"<link rel="canonical" href="https://e.org/articles/x/">"#,
                r#"<link rel="stylesheet" href="../../style.css"><script src="../../theme.js"></script>"#,
                r##"<a class="site-name" href="../../">Home</a> <a href="#main">skip</a><main>"##,
                r#"<a href="../y/" data-path="/articles/y/">y</a> <img src="../../img/a.png" srcset="../../img/a-480.webp 480w, ../../img/a-960.webp 960w" alt="">"#,
                r#"<button data-search-root="../../" data-search-script="../../search.js">"#,
                r#"<!-- <a href="/not/"> --><p>href="/text/" stays</p>"#,
                r#"<source srcset="a.webp 480w, ../../img/b.webp 960w"><a class="x">y</a>"#,
            )
        );
    }

    #[test]
    fn pages_without_comments_read_from_their_urls_come_out_as_read_tag_by_tag() {
        const PIECES: [&str; 18] = [
            "<",
            ">",
            "<main>",
            "</main>",
            "<mainly>",
            "text ",
            "\"",
            " ",
            "=\"/",
            "/",
            r#"<a href="/x/">"#,
            r#"<a class="k" href="/y/#z" data-path="/y/">"#,
            r#"<img src="/i.png" srcset="/a.webp 1x, b.webp 2x">"#,
            "srcset=",
            r#"href="/t/""#,
            r#"<link href="https://e.org/">"#,
            "</a>",
            r#"<button data-search-root="/">"#,
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for _ in 0..4000 {
            let mut html = String::new();
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for _ in 0..(seed >> 60) + 1 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                html.push_str(PIECES[(seed >> 33) as usize % PIECES.len()]);
            }
            for (base, page) in [("/", "/p/q/"), ("/blog/", "/blog/a/")] {
                assert_eq!(
                    relative_links(&html, base, page),
                    relative_links_tag_by_tag(&html, base, page),
                    "{html}"
                );
            }
        }
    }
}
