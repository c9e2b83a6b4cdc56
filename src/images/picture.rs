//! The HTML of a processed image: `<picture>` with a WebP `srcset` and an `<img>` of the
//! original carrying its width and height, so the page keeps its layout while images load.

use super::SIZES;

/// A processed image, as a page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picture {
    /// The original's URL, as the page links it.
    pub src: String,
    pub width: u32,
    pub height: u32,
    /// Each WebP variant's URL and width, narrowest first.
    pub webp: Vec<(String, u32)>,
}

/// The `<picture>` element; `eager` for a page's first image, which may be above the fold.
pub(crate) fn picture_html(picture: &Picture, alt: &str, title: &str, eager: bool) -> String {
    let srcset: Vec<String> = (picture.webp.iter())
        .map(|(url, width)| format!("{} {width}w", escape(url)))
        .collect();
    let mut html = format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\"><img src=\"{}\" width=\"{}\" height=\"{}\" alt=\"{}\"",
        srcset.join(", "),
        escape(&picture.src),
        picture.width,
        picture.height,
        escape(alt)
    );
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape(title)));
    }
    if !eager {
        html.push_str(" loading=\"lazy\"");
    }
    html.push_str(" decoding=\"async\"></picture>");
    html
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_picture_offers_webp_widths_and_keeps_the_original_with_its_size() {
        let picture = Picture {
            src: "/articles/tea.jpg".into(),
            width: 1000,
            height: 667,
            webp: vec![
                ("/articles/tea-480.ab.webp".into(), 480),
                ("/articles/tea-1000.ab.webp".into(), 1000),
            ],
        };
        assert_eq!(
            picture_html(&picture, "Two cups & a \"pot\"", "", false),
            "<picture><source type=\"image/webp\" srcset=\"/articles/tea-480.ab.webp 480w, /articles/tea-1000.ab.webp 1000w\" sizes=\"(min-width: 44rem) 40rem, 100vw\"><img src=\"/articles/tea.jpg\" width=\"1000\" height=\"667\" alt=\"Two cups &amp; a &quot;pot&quot;\" loading=\"lazy\" decoding=\"async\"></picture>"
        );
        let first = picture_html(&picture, "Tea", "At home", true);
        assert!(first.contains("alt=\"Tea\" title=\"At home\" decoding=\"async\""));
        assert!(!first.contains("loading="));
    }
}
