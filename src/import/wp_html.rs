//! A WordPress post's HTML made Markdown: its shortcodes (`[caption]`, `[gallery]`, `[embed]`,
//! `[audio]`, `[video]`) turned into plain HTML first, paragraphs made from blank lines as
//! WordPress does, images on other sites turned into links (a hearth page loads nothing from
//! other origins), scripts and frames dropped; then `htmd` writes the Markdown.

use std::collections::BTreeMap;

use crate::import::report::Report;

/// The export's attachments: id → (URL, title, parent post id).
#[derive(Debug, Default)]
pub(super) struct Media {
    pub by_id: BTreeMap<String, (String, String, String)>,
}

/// The post's Markdown; what could not be converted is reported at `at`.
pub(super) fn to_markdown(
    html: &str,
    post_id: &str,
    media: &Media,
    base: &str,
    at: &str,
    report: &mut Report,
) -> String {
    let html = more_to_placeholder(&html.replace("\r\n", "\n"));
    let html = super::wp_shortcodes::shortcodes(&html, post_id, media, at, report);
    let html = if html.contains("<!-- wp:") {
        html
    } else {
        paragraphs(&html)
    };
    let html = code_in_pre(&images_to_links(&html, base, at, report));
    for tag in ["script", "iframe", "object", "embed", "form", "style"] {
        if html.contains(&format!("<{tag}")) {
            report.skipped(at, format!("`<{tag}>` dropped: a hearth page runs no script and loads nothing from other sites"));
        }
    }
    let options = htmd::options::Options {
        bullet_list_marker: htmd::options::BulletListMarker::Dash,
        ul_bullet_spacing: 1,
        ol_number_spacing: 1,
        hr_style: htmd::options::HrStyle::Dashes,
        br_style: htmd::options::BrStyle::Backslash,
        ..htmd::options::Options::default()
    };
    let converter = htmd::HtmlToMarkdown::builder()
        .options(options)
        .skip_tags(vec![
            "script", "iframe", "object", "embed", "form", "style", "head",
        ])
        .build();
    match converter.convert(&html) {
        Ok(markdown) => markdown.replace(MORE, "<!-- more -->").trim().to_string() + "\n",
        Err(error) => {
            report.skipped(
                at,
                format!("the post's HTML could not be converted ({error}); kept as HTML"),
            );
            html
        }
    }
}

/// What stands for WordPress's `<!--more-->` while the HTML is made Markdown (which drops
/// comments): a paragraph of its own, made hearth's `<!-- more -->` once the Markdown is written.
const MORE: &str = "\u{e000}more\u{e000}";

/// The first `<!--more-->` (`<!--more Read on…-->`) as a paragraph standing for it; any other
/// is dropped, as WordPress ignores it.
fn more_to_placeholder(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    let mut first = true;
    while let Some(at) = rest.find("<!--more") {
        let Some(end) = rest[at..].find("-->").map(|end| at + end + "-->".len()) else {
            break;
        };
        out.push_str(&rest[..at]);
        if first {
            out.push_str(&format!("\n\n<p>{MORE}</p>\n\n"));
            first = false;
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// `<pre>` text without `<code>` in it (as syntax highlighting plugins and the preformatted
/// block write it) given one, so that it becomes a fenced code block, its lines and spaces kept
/// and its language kept from `class="brush: php"`, `lang="php"` or `class="language-php"`.
fn code_in_pre(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find("<pre") {
        let after_name = &rest[at + 4..];
        let (Some(open_end), Some(close)) = (after_name.find('>'), after_name.find("</pre>"))
        else {
            break;
        };
        let is_pre = after_name.starts_with(['>', ' ', '\n', '\t']);
        let inner = &after_name[open_end + 1..close.max(open_end + 1)];
        out.push_str(&rest[..at + 4 + open_end + 1]);
        if is_pre && close > open_end && !inner.trim_start().starts_with("<code") {
            let language = language_of(&after_name[..open_end]);
            out.push_str(&match language {
                Some(language) => format!("<code class=\"language-{language}\">"),
                None => "<code>".to_string(),
            });
            out.push_str(inner);
            out.push_str("</code>");
            rest = &after_name[close..];
        } else {
            rest = &after_name[open_end + 1..];
        }
    }
    out.push_str(rest);
    out
}

/// The language a `<pre>` tag's attributes name, if they name one.
fn language_of(attributes: &str) -> Option<String> {
    let after = ["brush:", "lang=\"", "language-", "lang:"]
        .iter()
        .find_map(|key| Some(&attributes[attributes.find(key)? + key.len()..]))?;
    let language: String = (after.trim_start().chars())
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '#' | '-' | '_'))
        .collect();
    (!language.is_empty()).then(|| language.to_ascii_lowercase())
}

/// The text of an HTML fragment, on one line (an excerpt made a description).
pub(super) fn plain_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = decode_entities(&text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` with its HTML character references decoded (`&amp;`, `&#8220;`, `&hellip;`), as
/// WordPress keeps titles and the names of categories and tags; an `&` that starts none is
/// left as it is.
pub(crate) fn decode_entities(text: &str) -> String {
    let mut decoded = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        decoded.push_str(&rest[..at]);
        rest = &rest[at..];
        let reference =
            (rest.bytes().take(40).position(|byte| byte == b';')).map(|end| &rest[..=end]);
        let resolved = reference.and_then(|reference| {
            let text = quick_xml::escape::unescape_with(
                reference,
                quick_xml::escape::resolve_html5_entity,
            );
            Some((reference.len(), text.ok()?))
        });
        match resolved {
            Some((length, text)) => {
                decoded.push_str(&text);
                rest = &rest[length..];
            }
            None => {
                decoded.push('&');
                rest = &rest[1..];
            }
        }
    }
    decoded.push_str(rest);
    decoded
}

/// WordPress's `wpautop`, in short: blank lines separate paragraphs, a single line break is a
/// `<br>`; blocks that already are HTML blocks, and `<pre>` text, are left as they are.
fn paragraphs(html: &str) -> String {
    const BLOCKS: [&str; 22] = [
        "<p",
        "<div",
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<ul",
        "<ol",
        "<li",
        "<blockquote",
        "<pre",
        "<table",
        "<figure",
        "<hr",
        "<dl",
        "<address",
        "<!--",
        "<iframe",
        "<script",
        "<style",
    ];
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while !rest.is_empty() {
        let (chunk, after) = match rest.find("<pre") {
            Some(0) => {
                let end = rest
                    .find("</pre>")
                    .map_or(rest.len(), |i| i + "</pre>".len());
                out.push_str(&rest[..end]);
                out.push_str("\n\n");
                rest = &rest[end..];
                continue;
            }
            Some(at) => (&rest[..at], &rest[at..]),
            None => (rest, ""),
        };
        for block in chunk.split("\n\n") {
            let block = block.trim();
            if block.is_empty() {
                continue;
            }
            if BLOCKS.iter().any(|tag| block.starts_with(tag)) {
                out.push_str(block);
            } else {
                out.push_str("<p>");
                out.push_str(&block.replace('\n', "<br />\n"));
                out.push_str("</p>");
            }
            out.push_str("\n\n");
        }
        rest = after;
    }
    out
}

/// `<img src="https://…">` (or `/wp-content/…`, on the old site at `base`): a link to the image
/// instead (the file is listed in the report, to be copied by hand).
fn images_to_links(html: &str, base: &str, at: &str, report: &mut Report) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find("<img") {
        out.push_str(&rest[..open]);
        let end = rest[open..].find('>').map_or(rest.len(), |i| open + i + 1);
        let tag = &rest[open..end];
        let attribute = |name: &str| {
            let key = format!("{name}=");
            let at = tag.find(&key)? + key.len();
            let quote = tag[at..].chars().next()?;
            let value = &tag[at + 1..];
            value.find(quote).map(|end| value[..end].to_string())
        };
        let src = attribute("src").unwrap_or_default();
        // An address on the old site (`/wp-content/uploads/…`) is one of its files too.
        let src = match src.starts_with('/') && !src.starts_with("//") && base.contains("://") {
            true => format!("{}{src}", base.trim_end_matches('/')),
            false => src,
        };
        if src.contains("://") || src.starts_with("//") {
            let alt = attribute("alt")
                .filter(|alt| !alt.trim().is_empty())
                .unwrap_or_else(|| src.rsplit('/').next().unwrap_or("image").to_string());
            let in_link = out
                .rfind('<')
                .is_some_and(|tag| out[tag..].starts_with("<a ") && out.trim_end().ends_with('>'));
            if in_link {
                out.push_str(&format!("Image: {alt}"));
            } else {
                out.push_str(&format!("<a href=\"{src}\">Image: {alt}</a>"));
            }
            report.attachment(at, &src);
        } else {
            out.push_str(tag);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
#[path = "wp_html_tests.rs"]
mod tests;
