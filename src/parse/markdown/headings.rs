//! Heading ids (slugs, explicit `{#id}`, de-duplication), anchor links and the
//! table of contents, for the Markdown stage (`markdown.rs`).

use std::collections::HashMap;

use super::TocEntry;
use crate::parse::highlight::escape_html_into;

/// A heading seen during the pass; its id is assigned after the pass, once
/// every explicit `{#id}` of the page is known (so an explicit id always wins).
pub(crate) struct HeadingRecord {
    pub level: u8,
    /// Index of the heading's `Start` event in the event buffer.
    pub start_event: usize,
    /// Index of the placeholder event where the anchor link goes.
    pub anchor_event: usize,
    /// Byte offset of the heading in the Markdown text (for error locations).
    pub offset: usize,
    pub title: String,
    pub explicit_id: Option<String>,
}

/// A heading id that two headings claim (explicit `{#id}` used twice).
pub(crate) struct DuplicateId {
    pub id: String,
    pub offset: usize,
    pub first_offset: usize,
}

/// Folds a simple accented Latin letter to ASCII (lowercase), e.g. `é` → `e`, `ß` → `ss`.
fn fold(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å'
        | 'Ā' | 'Ă' | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' | 'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "c",
        'ď' | 'đ' | 'ð' | 'Ď' | 'Đ' | 'Ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ'
        | 'Ė' | 'Ę' | 'Ě' => "e",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' | 'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "g",
        'ĥ' | 'ħ' | 'Ĥ' | 'Ħ' => "h",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī'
        | 'Ĭ' | 'Į' | 'İ' => "i",
        'ĵ' | 'Ĵ' => "j",
        'ķ' | 'Ķ' => "k",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' | 'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "l",
        'ñ' | 'ń' | 'ņ' | 'ň' | 'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø'
        | 'Ō' | 'Ŏ' | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ŕ' | 'ŗ' | 'ř' | 'Ŕ' | 'Ŗ' | 'Ř' => "r",
        'ś' | 'ŝ' | 'ş' | 'š' | 'Ś' | 'Ŝ' | 'Ş' | 'Š' => "s",
        'ß' => "ss",
        'ţ' | 'ť' | 'ŧ' | 'Ţ' | 'Ť' | 'Ŧ' => "t",
        'þ' | 'Þ' => "th",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ'
        | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "u",
        'ŵ' | 'Ŵ' => "w",
        'ý' | 'ÿ' | 'ŷ' | 'Ý' | 'Ÿ' | 'Ŷ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        _ => return None,
    })
}

/// The slug of a heading's text: lowercase ASCII letters and digits, runs of
/// anything else joined by a single `-`; simple accents folded (`é` → `e`);
/// apostrophes dropped (`Don't` → `dont`). Empty text gives `section`.
pub(crate) fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        let folded = if c.is_ascii_alphanumeric() {
            None
        } else if matches!(c, '\'' | '’' | '‘') {
            continue; // "don't" → "dont"
        } else if let Some(f) = fold(c) {
            Some(f)
        } else {
            dash = true;
            continue;
        };
        if dash && !out.is_empty() {
            out.push('-');
        }
        dash = false;
        match folded {
            Some(f) => out.push_str(f),
            None => out.push(c.to_ascii_lowercase()),
        }
    }
    if out.is_empty() {
        out.push_str("section");
    }
    out
}

/// Assigns every heading its id: explicit ids first (they win), then slugs of
/// the titles in page order, de-duplicated with `-1`, `-2`, ….
/// Returns the ids in page order and the explicit ids used twice.
pub(crate) fn assign_ids(headings: &[HeadingRecord]) -> (Vec<String>, Vec<DuplicateId>) {
    let mut used: HashMap<String, usize> = HashMap::with_capacity(headings.len() * 2);
    let mut dups = Vec::new();
    let mut ids: Vec<Option<String>> = Vec::with_capacity(headings.len());
    for h in headings {
        match &h.explicit_id {
            Some(id) => {
                if let Some(&first) = used.get(id.as_str()) {
                    dups.push(DuplicateId {
                        id: id.clone(),
                        offset: h.offset,
                        first_offset: first,
                    });
                } else {
                    used.insert(id.clone(), h.offset);
                }
                ids.push(Some(id.clone()));
            }
            None => ids.push(None),
        }
    }
    let mut out = Vec::with_capacity(headings.len());
    for (h, id) in headings.iter().zip(ids) {
        let id = match id {
            Some(id) => id,
            None => {
                let base = slugify(&h.title);
                let mut id = base.clone();
                let mut n = 1usize;
                while used.contains_key(id.as_str()) {
                    id.clear();
                    id.push_str(&base);
                    id.push('-');
                    id.push_str(&n.to_string());
                    n += 1;
                }
                used.insert(id.clone(), h.offset);
                id
            }
        };
        out.push(id);
    }
    (out, dups)
}

/// The visible, accessible "copy a link to this section" anchor placed at the
/// end of each heading.
pub(crate) fn anchor_html(id: &str, title: &str) -> String {
    let mut s = String::with_capacity(80 + 2 * id.len() + title.len());
    s.push_str(" <a class=\"anchor\" href=\"#");
    escape_html_into(&mut s, id);
    s.push_str("\" aria-label=\"Link to section: ");
    escape_html_into(&mut s, title);
    s.push_str("\">#</a>");
    s
}

/// Adds a heading to the table of contents, under the last entry of a lower level.
pub(crate) fn toc_insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => toc_insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

/// The heading a page without a `title` is titled by: the body's first heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FirstHeading {
    /// Its text, without Markdown.
    pub title: String,
    /// Its bytes in the body.
    pub range: std::ops::Range<usize>,
    /// Whether it opens the body (nothing but blank lines and comments before it): then the
    /// page's title replaces it, so that it is not shown twice.
    pub opens_body: bool,
}

pub(crate) fn first_heading(body: &str) -> Option<FirstHeading> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut opens_body = true;
    let mut depth = 0usize;
    let mut found: Option<FirstHeading> = None;
    for (event, range) in Parser::new_ext(body, super::options()).into_offset_iter() {
        if let Some(heading) = &mut found {
            match event {
                Event::Text(text) | Event::Code(text) => heading.title.push_str(&text),
                Event::SoftBreak | Event::HardBreak => heading.title.push(' '),
                Event::End(TagEnd::Heading(_)) => {
                    heading.title = heading.title.trim().to_string();
                    return Some(found?).filter(|heading| !heading.title.is_empty());
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(Tag::Heading { .. }) => {
                found = Some(FirstHeading {
                    title: String::new(),
                    range,
                    opens_body: opens_body && depth == 0,
                });
            }
            Event::Start(Tag::HtmlBlock) => depth += 1,
            Event::End(TagEnd::HtmlBlock) => depth -= 1,
            Event::Html(html) if html.trim_start().starts_with("<!--") => {}
            Event::Start(_) | Event::Text(_) | Event::Html(_) => opens_body = false,
            _ => {}
        }
    }
    None
}

/// `body` with the bytes of `range` blanked, keeping its line breaks (lines keep their numbers).
pub(crate) fn blank_out(body: &str, range: std::ops::Range<usize>) -> String {
    let newlines = body[range.clone()].matches('\n').count();
    let mut out = String::with_capacity(body.len());
    out.push_str(&body[..range.start]);
    out.push_str(&"\n".repeat(newlines));
    out.push_str(&body[range.end..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(
            slugify("  Crème brûlée à la Straße  "),
            "creme-brulee-a-la-strasse"
        );
        assert_eq!(slugify("Don’t panic"), "dont-panic");
        assert_eq!(slugify("Step 2: `cargo build`"), "step-2-cargo-build");
        assert_eq!(slugify("日本語"), "section");
        assert_eq!(slugify("C++ & Rust"), "c-rust");
    }

    #[test]
    fn toc_nesting() {
        let e = |level, id: &str| TocEntry {
            level,
            id: id.into(),
            title: id.into(),
            children: vec![],
        };
        let mut toc = Vec::new();
        for (l, id) in [
            (3, "orphan"),
            (2, "a"),
            (3, "a1"),
            (4, "a1x"),
            (3, "a2"),
            (2, "b"),
            (4, "b-deep"),
        ] {
            toc_insert(&mut toc, e(l, id));
        }
        let shape: Vec<String> = toc
            .iter()
            .map(|t| {
                let kids: Vec<String> = t
                    .children
                    .iter()
                    .map(|c| {
                        format!(
                            "{}({})",
                            c.id,
                            c.children
                                .iter()
                                .map(|g| g.id.as_str())
                                .collect::<Vec<_>>()
                                .join(",")
                        )
                    })
                    .collect();
                format!("{}[{}]", t.id, kids.join(" "))
            })
            .collect();
        assert_eq!(shape, ["orphan[]", "a[a1(a1x) a2()]", "b[b-deep()]"]);
    }

    #[test]
    fn the_first_heading_titles_a_page() {
        let body = "\n<!-- a note -->\n# The *real* `title` {#t}\n\nText.\n## Later\n";
        let heading = first_heading(body).unwrap();
        assert_eq!(heading.title, "The real title");
        assert!(heading.opens_body);
        assert_eq!(
            blank_out(body, heading.range),
            "\n<!-- a note -->\n\n\nText.\n## Later\n"
        );
        let heading = first_heading("Intro first.\n\nTitle\n=====\n").unwrap();
        assert_eq!(heading.title, "Title");
        assert!(!heading.opens_body);
        assert_eq!(first_heading("No heading\n"), None);
    }
}
