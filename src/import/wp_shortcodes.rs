//! WordPress shortcodes in a post: `[caption]`, `[gallery]`, `[embed]`, `[audio]` and `[video]`
//! turned into plain HTML; any other one dropped (its inner text kept) and reported.

use crate::import::report::Report;
use crate::import::wp_html::Media;

/// `[name attrs]…[/name]` shortcodes: the five WordPress ships turned into HTML, any other one
/// dropped (its inner text kept) and reported.
pub(super) fn shortcodes(
    html: &str,
    post_id: &str,
    media: &Media,
    at: &str,
    report: &mut Report,
) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(after.len());
        let name = &after[..name_len];
        let next = after[name_len..].chars().next();
        let Some(close) = after
            .find(']')
            .filter(|_| name_len > 0 && matches!(next, Some(' ' | ']' | '/')))
        else {
            out.push('[');
            rest = after;
            continue;
        };
        let attributes = attributes(&after[name_len..close]);
        let tail = &after[close + 1..];
        let end_tag = format!("[/{name}]");
        let (inner, consumed) = match tail.find(&end_tag) {
            Some(end) => (&tail[..end], close + 1 + end + end_tag.len()),
            None => ("", close + 1),
        };
        let written: String = rest[open..open + 1 + consumed].chars().take(80).collect();
        let get = |key: &str| {
            attributes
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.clone())
        };
        match name {
            "caption" | "wp_caption" => {
                let caption_at = inner.rfind('>').map_or(0, |i| i + 1);
                let caption =
                    get("caption").unwrap_or_else(|| inner[caption_at..].trim().to_string());
                out.push_str(&format!(
                    "\n\n<figure>{}<figcaption>{caption}</figcaption></figure>\n\n",
                    &inner[..caption_at]
                ));
                report.mapped(at, "`[caption]` → an image and its caption");
            }
            "gallery" => {
                let ids: Vec<String> = match get("ids") {
                    Some(ids) => ids.split(',').map(|id| id.trim().to_string()).collect(),
                    None => media
                        .by_id
                        .iter()
                        .filter(|(_, (_, _, parent))| parent == post_id)
                        .map(|(id, _)| id.clone())
                        .collect(),
                };
                out.push_str("\n\n<ul>");
                for id in &ids {
                    match media.by_id.get(id) {
                        Some((url, title, _)) => {
                            out.push_str(&format!(
                                "<li><a href=\"{url}\">Image: {}</a></li>",
                                if title.is_empty() { url } else { title }
                            ));
                            report.attachment(at, url);
                        }
                        None => report
                            .skipped(at, format!("`[gallery]` image {id} is not in the export")),
                    }
                }
                out.push_str("</ul>\n\n");
                report.mapped(
                    at,
                    format!("`[gallery]` → a list of links to its {} images", ids.len()),
                );
            }
            "embed" => {
                let url = inner.trim();
                out.push_str(&format!("\n\n<p><a href=\"{url}\">{url}</a></p>\n\n"));
                report.mapped(
                    at,
                    "`[embed]` → a link (hearth pages load nothing from other sites)",
                );
            }
            "audio" | "video" | "playlist" => {
                let keys = [
                    "src", "mp3", "m4a", "ogg", "wav", "mp4", "m4v", "webm", "ogv", "wmv", "flv",
                ];
                let bare = attributes
                    .iter()
                    .find(|(key, value)| key.is_empty() && value.contains("://"));
                let url = keys
                    .iter()
                    .find_map(|key| get(key))
                    .or_else(|| bare.map(|(_, value)| value.clone()))
                    .or_else(|| (!inner.trim().is_empty()).then(|| inner.trim().to_string()));
                match url {
                    Some(url) => {
                        let label = if name == "audio" { "Audio" } else { "Video" };
                        out.push_str(&format!(
                            "\n\n<p><a href=\"{url}\">{label}: {}</a></p>\n\n",
                            url.rsplit('/').next().unwrap_or(&url)
                        ));
                        report.attachment(at, &url);
                        report.mapped(at, format!("`[{name}]` → a link to the file"));
                    }
                    None => report.skipped(at, format!("`{written}` names no file")),
                }
            }
            // WordPress.com's and SyntaxHighlighter's code: its text as written, in a code block.
            "sourcecode" | "source" | "code" if tail.contains(&end_tag) => {
                let language = get("language").or_else(|| get("lang"));
                let class = language.map_or(String::new(), |language| {
                    format!(" class=\"language-{}\"", language.to_ascii_lowercase())
                });
                let code = inner
                    .trim_matches('\n')
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                out.push_str(&format!("<pre><code{class}>{code}</code></pre>"));
                report.mapped(at, format!("`{written}` → a fenced code block"));
            }
            _ if looks_like_shortcode(&attributes, inner, tail, name) => {
                out.push_str(inner);
                report.skipped(
                    at,
                    format!(
                        "shortcode `{written}` has no hearth equivalent: dropped{}",
                        if inner.is_empty() {
                            ""
                        } else {
                            " (its text kept)"
                        }
                    ),
                );
            }
            _ => {
                out.push('[');
                rest = after;
                continue;
            }
        }
        rest = &rest[open + 1 + consumed..];
    }
    out.push_str(rest);
    out
}

/// Whether `[name …]` is a shortcode rather than text in brackets: it has `key="value"`
/// attributes or a closing `[/name]`.
fn looks_like_shortcode(
    attributes: &[(String, String)],
    inner: &str,
    tail: &str,
    name: &str,
) -> bool {
    attributes.iter().any(|(key, _)| !key.is_empty())
        || !inner.is_empty()
        || tail.starts_with(&format!("[/{name}]"))
}

/// ` id="a" width='3' flag` → (key, value) pairs (a bare word has an empty key).
fn attributes(text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    let mut rest = text.trim().trim_end_matches('/');
    while !rest.trim().is_empty() {
        rest = rest.trim_start();
        let key_end = rest
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(rest.len());
        let key = &rest[..key_end];
        rest = &rest[key_end..];
        if let Some(value) = rest.strip_prefix('=') {
            let (value, after) = match value.chars().next() {
                Some(quote @ ('"' | '\'')) => {
                    let body = &value[1..];
                    let end = body.find(quote).unwrap_or(body.len());
                    (&body[..end], body.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = value.find(char::is_whitespace).unwrap_or(value.len());
                    (&value[..end], &value[end..])
                }
            };
            found.push((key.to_string(), value.to_string()));
            rest = after;
        } else {
            found.push((String::new(), key.to_string()));
        }
    }
    found
}
