//! Page bodies from Zola, Hugo and mdBook: their shortcodes turned into the nearest Markdown
//! (a link, an image, a code block, a callout), or, when there is none, kept in an HTML comment
//! (the page does not show it, the writer still has it) and reported.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};

use crate::import::report::Report;
use crate::parse::markdown::shortcodes;

/// What converting a body needs besides its text.
pub(super) struct BodyContext<'a> {
    /// The source file as the report names it.
    pub path: &'a str,
    /// The file line the body starts on.
    pub first_line: usize,
    /// The content path (`posts/x.md`) a Hugo `ref`/`relref` names, if there is one.
    pub refs: &'a dyn Fn(&str) -> Option<String>,
    /// The text of a file an mdBook `{{#include}}` names (relative to the page's folder).
    pub include: &'a dyn Fn(&str) -> Result<String, String>,
    /// Where an image a shortcode names (from `content/`, the page's folder or `static/`) is,
    /// as a Markdown destination from the page; None when the source does not have it.
    pub image: &'a dyn Fn(&str) -> Option<String>,
    /// Whose shortcodes the source's tools run (`Hugo`, `Zola`, `mdBook`, and `template` for a
    /// book's preprocessors' `{{ placeholder }}`): text in another tool's syntax is the
    /// writer's own, shown as written (Hugo shows `{% x %}` and `{{ end }}` as they are).
    pub runs: &'a [&'a str],
}

/// The body with every shortcode outside code converted or commented out.
pub(super) fn convert(body: &str, context: &BodyContext, report: &mut Report) -> String {
    let body = super::includes::includes(body, context, report);
    let converted = convert_shortcodes(&body, context, report);
    super::escapes::unescaped(&converted, context, report)
}

fn convert_shortcodes(body: &str, context: &BodyContext, report: &mut Report) -> String {
    let code = code_ranges(body);
    let found = shortcodes::find(body, &code);
    let mut out = String::with_capacity(body.len());
    let mut copied = 0;
    for shortcode in found {
        let rest = &body[shortcode.offset..];
        let escaped = ["{{</*", "{{%/*", "{{/*", "{%/*"]
            .iter()
            .any(|e| rest.starts_with(e));
        if shortcode.offset < copied || !context.runs.contains(&shortcode.tool) || escaped {
            continue;
        }
        let Some(end) = closing(rest) else { continue };
        let written = &rest[..end];
        let line = context.first_line + body[..shortcode.offset].matches('\n').count();
        let at = format!("{}:{line}", context.path);
        out.push_str(&body[copied..shortcode.offset]);
        copied = shortcode.offset + end;
        let call = Call::parse(written);
        if shortcode.tool == "Zola"
            && call.name == "raw"
            && let Some((inner, length)) = tag_body(rest, end, |call| call.name == "endraw")
        {
            out.push_str(inner);
            copied = shortcode.offset + length;
            report.mapped(
                &at,
                "`{% raw %}` … `{% endraw %}` → the text between, as Zola shows it",
            );
            continue;
        }
        if call.name.ends_with(".inline") {
            // An inline shortcode is a template written in the page: its whole text is code.
            let close = [
                format!("{{{{< /{} >}}}}", call.name),
                format!("{{{{</ {} >}}}}", call.name),
            ]
            .iter()
            .filter_map(|close| rest.find(close.as_str()).map(|at| at + close.len()))
            .min()
            .unwrap_or(end);
            out.push_str(&format!(
                "<!--\n{}\n-->",
                rest[..close].replace("--", "- -")
            ));
            copied = shortcode.offset + close;
            report.skipped(
                &at,
                format!(
                    "inline shortcode `{}` is a Hugo template: kept in an HTML comment, not shown",
                    call.name
                ),
            );
            continue;
        }
        if let Some((markdown, why)) = markdown_for(&call, context) {
            report.mapped(&at, format!("`{}` → {why}", short(written)));
            out.push_str(&markdown);
            continue;
        }
        if call.name == "highlight"
            && let Some(close) = rest.find("/highlight")
            && let Some(after) = closing(&rest[close..])
        {
            let open_end = end;
            let close_start = rest[..close].rfind("{{").unwrap_or(close);
            let code = rest[open_end..close_start].trim_matches('\n');
            let lang = call.positional(0).unwrap_or_default();
            out.push_str(&format!("```{lang}\n{code}\n```"));
            copied = shortcode.offset + close + after;
            report.mapped(&at, format!("`{}` → a fenced code block", short(written)));
            continue;
        }
        if image_source(&call).is_some() {
            report.skipped(
                &at,
                format!(
                    "`{}`: the image it names is not in the source; kept in an HTML comment",
                    short(written)
                ),
            );
            out.push_str(&format!("<!-- {} -->", written.replace("--", "- -")));
            continue;
        }
        if let Some(kind) = callout_kind(&call.name)
            && let Some((inner, length)) = callout_body(rest, end, &call.name)
        {
            let trimmed = inner.trim_matches('\n');
            let leading = inner.len() - inner.trim_start_matches('\n').len();
            let inner_context = BodyContext {
                first_line: line + rest[..end].matches('\n').count() + leading,
                ..*context
            };
            let inner = convert_shortcodes(trimmed, &inner_context, report);
            out.push_str(&format!("> [!{kind}]"));
            for text in inner.lines() {
                out.push_str(if text.is_empty() { "\n>" } else { "\n> " });
                out.push_str(text);
            }
            copied = shortcode.offset + length;
            report.mapped(
                &at,
                format!("`{}` → a `> [!{kind}]` callout", short(written)),
            );
            continue;
        }
        out.push_str(&format!("<!-- {} -->", written.replace("--", "- -")));
        report.skipped(
            &at,
            format!(
                "shortcode `{}` has no hearth equivalent: kept in an HTML comment, not shown; rewrite it in Markdown",
                short(written)
            ),
        );
    }
    out.push_str(&body[copied..]);
    out
}

/// The body of the callout shortcode `name` opening `rest` (its opening `open` bytes long), up
/// to its closing shortcode (Hugo's `{{< /note >}}`, Zola's `{% end %}`), and the length of the
/// whole; `None` when it is not closed.
fn callout_body<'r>(rest: &'r str, open: usize, name: &str) -> Option<(&'r str, usize)> {
    let zola = rest.starts_with("{%");
    tag_body(rest, open, |call| {
        (call.closing && call.name == name) || (zola && call.name == "end")
    })
}

/// The text between the shortcode opening `rest` (`open` bytes long) and the first one after
/// it that `closes`, and the length of the whole.
fn tag_body(rest: &str, open: usize, closes: impl Fn(&Call) -> bool) -> Option<(&str, usize)> {
    let mut from = open;
    while let Some(at) = rest[from..].find('{').map(|at| from + at) {
        from = at + 1;
        let Some(length) = closing(&rest[at..]) else {
            continue;
        };
        if closes(&Call::parse(&rest[at..at + length])) {
            return Some((&rest[open..at], at + length));
        }
    }
    None
}

/// Byte ranges of code (blocks and spans): shortcodes written there are examples, left alone.
pub(super) fn code_ranges(body: &str) -> Vec<Range<usize>> {
    Parser::new_ext(body, crate::parse::markdown::options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::CodeBlock(_)) | Event::Code(_)))
        .map(|(_, range)| range)
        .collect()
}

/// The length of the shortcode opening `rest`, up to its closing delimiter: on the same line,
/// or on a later one of its paragraph (Hugo and Zola let a call's arguments run over lines).
fn closing(rest: &str) -> Option<usize> {
    let close = if rest.starts_with("{{<") {
        ">}}"
    } else if rest.starts_with("{{%") {
        "%}}"
    } else if rest.starts_with("{%") {
        "%}"
    } else {
        "}}"
    };
    let paragraph = &rest[..rest.find("\n\n").unwrap_or(rest.len())];
    paragraph.find(close).map(|at| at + close.len())
}

/// A shortcode as the report quotes it: on one line, and cut short when long.
fn short(written: &str) -> String {
    let written = written.split_whitespace().collect::<Vec<_>>().join(" ");
    if written.chars().count() > 60 {
        written.chars().take(57).chain("…".chars()).collect()
    } else {
        written
    }
}

/// A shortcode call: its name and arguments, positional or named.
struct Call {
    name: String,
    closing: bool,
    args: Vec<(Option<String>, String)>,
}

impl Call {
    fn parse(written: &str) -> Self {
        let inner = written
            .trim_start_matches(['{', '<', '%'])
            .trim_end_matches(['}', '>', '%'])
            .trim()
            .trim_start_matches('-')
            .trim_end_matches('-')
            .trim();
        let closing = inner.starts_with('/');
        let inner = inner.trim_start_matches('/').trim();
        let name_end = inner
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')))
            .unwrap_or(inner.len());
        let name = inner[..name_end].to_string();
        let rest = inner[name_end..].trim();
        let rest = rest
            .strip_prefix('(')
            .map_or(rest, |r| r.strip_suffix(')').unwrap_or(r));
        Self {
            name,
            closing,
            args: arguments(rest),
        }
    }

    fn named(&self, key: &str) -> Option<String> {
        self.args
            .iter()
            .find(|(name, _)| name.as_deref() == Some(key))
            .map(|(_, value)| value.clone())
    }

    fn positional(&self, index: usize) -> Option<String> {
        self.args
            .iter()
            .filter(|(name, _)| name.is_none())
            .nth(index)
            .map(|(_, value)| value.clone())
    }

    fn arg(&self, key: &str, index: usize) -> Option<String> {
        self.named(key).or_else(|| self.positional(index))
    }
}

/// `id="x" 12 class='y'` or `id="x", width=3` → named and positional values, unquoted.
fn arguments(text: &str) -> Vec<(Option<String>, String)> {
    let mut args = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == ',').is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let mut token = String::new();
        let mut key = None;
        while let Some(&c) = chars.peek() {
            if c == '"' || c == '\'' || c == '`' {
                chars.next();
                for inner in chars.by_ref() {
                    if inner == c {
                        break;
                    }
                    token.push(inner);
                }
            } else if c == '=' && key.is_none() {
                chars.next();
                key = Some(std::mem::take(&mut token));
            } else if c.is_whitespace() || c == ',' {
                break;
            } else {
                token.push(c);
                chars.next();
            }
        }
        args.push((key, token));
    }
    args
}

/// The Markdown for a shortcode that has one, and what it became (for the report).
fn markdown_for(call: &Call, context: &BodyContext) -> Option<(String, &'static str)> {
    let link = |label: &str, url: String| Some((format!("[{label}]({url})"), LINK));
    const LINK: &str = "a link (hearth pages load nothing from other sites)";
    if call.closing {
        return callout_kind(&call.name).map(|_| (String::new(), "the end of a callout"));
    }
    match call.name.as_str() {
        "youtube" => link(
            "Video on YouTube",
            format!("https://www.youtube.com/watch?v={}", call.arg("id", 0)?),
        ),
        "vimeo" => link(
            "Video on Vimeo",
            format!("https://vimeo.com/{}", call.arg("id", 0)?),
        ),
        "gist" => link(
            "Code on GitHub Gist",
            format!(
                "https://gist.github.com/{}/{}",
                call.arg("user", 0)?,
                call.arg("id", 1)?
            ),
        ),
        "tweet" | "x" | "twitter" => link(
            "Post on X",
            format!(
                "https://x.com/{}/status/{}",
                call.arg("user", 0)?,
                call.arg("id", 1)?
            ),
        ),
        "instagram" => link(
            "Post on Instagram",
            format!("https://www.instagram.com/p/{}/", call.arg("id", 0)?),
        ),
        _ if image_source(call).is_some() => {
            let src = image_source(call)?;
            let src = if src.contains("://") {
                src
            } else {
                (context.image)(&src)?
            };
            let alt = call
                .named("alt")
                .or_else(|| call.named("title"))
                .unwrap_or_default();
            let mut markdown = format!("![{alt}]({src})");
            if let Some(caption) = call.named("caption").filter(|c| !c.is_empty()) {
                markdown.push_str(&format!("\n\n*{caption}*"));
            }
            Some((markdown, "a Markdown image"))
        }
        "ref" | "relref" => {
            let target = call.positional(0).or_else(|| call.named("path"))?;
            let path = (context.refs)(&target)?;
            Some((format!("@/{path}"), "an `@/` link"))
        }
        _ => None,
    }
}

/// The image a shortcode shows: its `src` or `path` (or first argument) naming an image file.
fn image_source(call: &Call) -> Option<String> {
    const IMAGES: [&str; 8] = [
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".avif", ".bmp",
    ];
    let src = call
        .named("src")
        .or_else(|| call.named("path"))
        .or_else(|| call.named("file"))
        .or_else(|| call.positional(0))?;
    let lower = src.to_ascii_lowercase();
    IMAGES.iter().any(|ext| lower.ends_with(ext)).then_some(src)
}

/// The GitHub alert a callout shortcode (`notice`, `tip`, `warning`…) becomes.
fn callout_kind(name: &str) -> Option<&'static str> {
    Some(match name {
        "note" | "notice" | "info" | "hint" => "NOTE",
        "tip" => "TIP",
        "warning" | "caution" | "danger" => "WARNING",
        "important" => "IMPORTANT",
        _ => return None,
    })
}

#[cfg(test)]
#[path = "body_tests.rs"]
mod tests;
