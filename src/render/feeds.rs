//! The files made for machines: Atom feeds (whole pages with absolute links, or summaries),
//! the sitemap, robots.txt, and alias redirects.

use std::fmt::Write;

use crate::config::{FeedContent, Settings};
use crate::model::page::Page;
use crate::parse::highlight::escape_html_into;
use crate::render::absolute_links::absolute_links;
use crate::render::views::Views;

/// How many entries a feed holds.
pub(crate) const FEED_SIZE: usize = 20;

/// An Atom feed of `entries` (pages, newest first).
pub(crate) fn atom(
    views: &Views,
    title: &str,
    feed_site_path: &str,
    home_site_path: &str,
    entries: &[usize],
) -> String {
    let settings = views.settings();
    let updated = entries
        .iter()
        .filter_map(|&index| {
            let page = views.page_model(index);
            page.updated.max(page.date)
        })
        .max()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |date| date.rfc3339());
    let config = &settings.config;
    let mut xml = String::with_capacity(2048 + entries.len() * 1024);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&config.language)
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape(title));
    if !config.description.is_empty() {
        let _ = writeln!(
            xml,
            "  <subtitle>{}</subtitle>",
            escape(&config.description)
        );
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&settings.permalink(feed_site_path))
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&settings.permalink(home_site_path))
    );
    let _ = writeln!(
        xml,
        "  <id>{}</id>",
        escape(&settings.permalink(feed_site_path))
    );
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    if !config.author.is_empty() {
        let _ = writeln!(
            xml,
            "  <author><name>{}</name></author>",
            escape(&config.author)
        );
    }
    let _ = writeln!(xml, "  <generator>hearth</generator>");
    for &index in entries {
        let page = views.page_model(index);
        let permalink = settings.permalink(&page.site_path);
        let published = page.date.map(|date| date.rfc3339()).unwrap_or_default();
        let updated = page
            .updated
            .max(page.date)
            .map(|date| date.rfc3339())
            .unwrap_or_default();
        xml.push_str("  <entry>\n");
        let _ = writeln!(xml, "    <title>{}</title>", escape(&page.title));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&permalink)
        );
        let _ = writeln!(xml, "    <id>{}</id>", escape(&permalink));
        let _ = writeln!(xml, "    <published>{published}</published>");
        let _ = writeln!(xml, "    <updated>{updated}</updated>");
        for tag in &page.tags {
            let _ = writeln!(xml, "    <category term=\"{}\"/>", escape(tag));
        }
        entry_text(&mut xml, settings, page, &permalink);
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// The entry's text: the whole page with its description as summary, or (`[feed] content =
/// "summary"`) only its summary, as an Atom `<summary>`, with a link to read the rest.
/// Links in either are absolute, for readers that show it away from the site.
fn entry_text(xml: &mut String, settings: &Settings, page: &Page, permalink: &str) {
    let origin = settings
        .base_url
        .strip_suffix(&settings.base_path)
        .unwrap_or("");
    match settings.config.feed.content {
        FeedContent::Full => {
            if !page.description.is_empty() {
                let _ = writeln!(xml, "    <summary>{}</summary>", escape(&page.description));
            }
            let html = absolute_links(&page.content.html.text(), origin, permalink);
            xml.reserve(html.len() + html.len() / 4 + 32);
            xml.push_str("    <content type=\"html\">");
            escape_xml_into(xml, &html);
            xml.push_str("</content>\n");
        }
        FeedContent::Summary => {
            let mut html = absolute_links(&page.content.summary_html, origin, permalink);
            let _ = write!(
                html,
                "\n<p><a href=\"{}\">Read the rest of “{}”</a></p>",
                escape(permalink),
                escape(&page.title)
            );
            xml.push_str("    <summary type=\"html\">");
            escape_xml_into(xml, &html);
            xml.push_str("</summary>\n");
        }
    }
}

/// One `<url>` per HTML page, with its last change where the page has a date.
pub(crate) fn sitemap(entries: &[(String, Option<String>)]) -> String {
    let mut xml = String::with_capacity(128 + entries.len() * 96);
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (permalink, last_modified) in entries {
        let _ = write!(xml, "  <url><loc>{}</loc>", escape(permalink));
        if let Some(date) = last_modified {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

pub(crate) fn robots(settings: &Settings) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        settings.permalink("sitemap.xml")
    )
}

/// A page that sends the reader (and search engines) on to `target`, without a script.
pub(crate) fn redirect(target_permalink: &str, target_path: &str) -> String {
    let permalink = escape(target_permalink);
    let path = escape(target_path);
    format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Moved</title>\n\
         <link rel=\"canonical\" href=\"{permalink}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={path}\">\n</head>\n<body>\n\
         <p>This page has moved to <a href=\"{path}\">{permalink}</a>.</p>\n</body>\n</html>\n"
    )
}

/// Escapes text for XML and HTML attributes and content.
pub(crate) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    escape_xml_into(&mut escaped, text);
    escaped
}

/// `text` escaped as XML's text, without the characters XML 1.0 does not allow at all (the
/// control characters but tab and line breaks, which text pasted from a word processor may
/// hold): a feed holding one is not XML, and a feed reader refuses all of it.
fn escape_xml_into(xml: &mut String, text: &str) {
    let forbidden = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{fffe}' | '\u{ffff}')
    };
    if text.contains(forbidden) {
        escape_html_into(xml, &text.replace(forbidden, ""));
    } else {
        escape_html_into(xml, text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_replaces_the_five_characters_and_keeps_the_rest() {
        let text = "Tom & Jerry's <b>\"café\"</b> — ünïcode ✓";
        assert_eq!(
            escape(text),
            "Tom &amp; Jerry&#39;s &lt;b&gt;&quot;café&quot;&lt;/b&gt; — ünïcode ✓"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("&"), "&amp;");
    }

    #[test]
    fn characters_xml_does_not_allow_are_left_out() {
        // A vertical tab, as text pasted from a word processor brings along.
        assert_eq!(
            escape("Line\u{b}one\ttab\r\n& \u{0}"),
            "Lineone\ttab\r\n&amp; "
        );
        let mut xml = String::new();
        escape_xml_into(&mut xml, "<p>a\u{c}b\u{ffff}</p>");
        assert_eq!(xml, "&lt;p&gt;ab&lt;/p&gt;");
    }

    #[test]
    fn sitemap_lists_urls_with_dates() {
        let xml = sitemap(&[
            ("https://x.org/a&b/".into(), Some("2024-01-02".into())),
            ("https://x.org/".into(), None),
        ]);
        assert!(
            xml.contains(
                "<url><loc>https://x.org/a&amp;b/</loc><lastmod>2024-01-02</lastmod></url>"
            )
        );
        assert!(xml.contains("<url><loc>https://x.org/</loc></url>"));
    }

    #[test]
    fn redirects_need_no_script() {
        let html = redirect("https://x.org/new/", "/new/");
        assert!(html.contains("<meta http-equiv=\"refresh\" content=\"0; url=/new/\">"));
        assert!(!html.contains("<script"));
    }
}
