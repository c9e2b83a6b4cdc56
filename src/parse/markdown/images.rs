//! Images in Markdown: a local raster image becomes a `<picture>` with WebP widths and its
//! size (from the images stage, through `MarkdownInput::image`); every image without alt text
//! is a warning at its place; `{figure}` blocks get their picture here too.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use super::MarkdownError;
use super::state::State;
use crate::images::{Lookup, Picture, UsedImage, picture_html};
use crate::parse::highlight::escape_html_into;

/// The image being read: where it is, what it links, and its alt text so far.
pub(super) struct OpenImage {
    pub offset: usize,
    pub dest: String,
    pub title: String,
    pub alt: String,
    /// Its picture, when it is processed: the events inside are then alt text only.
    pub picture: Option<Picture>,
}

impl<'a> State<'_, 'a> {
    /// `![alt](dest "title")` opens: its destination is resolved and looked up.
    pub(super) fn start_image(&mut self, tag: Tag<'a>, offset: usize) {
        let Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } = tag
        else {
            return;
        };
        self.in_image += 1;
        let written = dest_url.to_string();
        let errors_before = self.errors.len();
        let dest_url = self.rewrite_dest(dest_url, offset);
        if self.in_image > 1 {
            self.events.push(Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }));
            return;
        }
        let picture = if self.errors.len() == errors_before {
            self.look_up_image(&dest_url, offset)
        } else {
            None
        };
        let processed = picture.is_some();
        self.image = Some(OpenImage {
            offset,
            dest: written,
            title: title.to_string(),
            alt: String::new(),
            picture,
        });
        if !processed {
            self.events.push(Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }));
        }
    }

    /// The picture of the image at `url`, recording what it used; a problem is an error at
    /// `offset`.
    fn look_up_image(&mut self, url: &str, offset: usize) -> Option<Picture> {
        match (self.input.image)(url) {
            Lookup::AsWritten => None,
            Lookup::Picture(picture, used) => {
                self.note_used(used);
                Some(picture)
            }
            Lookup::Problem(message) => {
                self.note_used(UsedImage::failed(url));
                self.error_at(offset, message);
                None
            }
        }
    }

    fn note_used(&mut self, used: UsedImage) {
        if !self.images.contains(&used) {
            self.images.push(used);
        }
    }

    /// An event inside a processed image: its text is the alt text; returns false when the
    /// event is not inside one.
    pub(super) fn feed_picture(&mut self, event: &Event<'a>) -> bool {
        let Some(open) = self.image.as_mut().filter(|open| open.picture.is_some()) else {
            return false;
        };
        match event {
            Event::Text(text) | Event::Code(text) => open.alt.push_str(text),
            Event::SoftBreak | Event::HardBreak => open.alt.push(' '),
            Event::Start(Tag::Image { .. }) => {
                self.depth += 1;
                self.in_image += 1;
            }
            Event::End(TagEnd::Image) => {
                self.depth = self.depth.saturating_sub(1);
                self.in_image -= 1;
                if self.in_image == 0 {
                    self.end_image();
                }
            }
            Event::Start(_) => self.depth += 1,
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        true
    }

    /// Text inside an image shown as written: kept for the missing-alt check.
    pub(super) fn note_alt(&mut self, text: &str) {
        if let Some(open) = &mut self.image {
            open.alt.push_str(text);
        }
    }

    /// The outermost image closes: its `<picture>` is written (when processed) and a missing
    /// alt text is warned of.
    pub(super) fn end_image(&mut self) {
        let Some(open) = self.image.take() else {
            return;
        };
        let first = self.images_seen == 0;
        self.images_seen += 1;
        if open.alt.trim().is_empty() {
            self.warn_no_alt(open.offset, &open.dest, "![what it shows](…)");
        }
        if let Some(picture) = &open.picture {
            let html = picture_html(picture, open.alt.trim(), &open.title, first);
            self.events.push(Event::InlineHtml(CowStr::from(html)));
        }
    }

    fn warn_no_alt(&mut self, offset: usize, dest: &str, expected: &str) {
        let (line, col) = self.lines.locate(offset);
        self.warnings.push(MarkdownError {
            line,
            col,
            message: format!(
                "image `{dest}` has no alt text; expected a short description of it for readers who cannot see it, as in {expected}"
            ),
        });
    }

    /// The image of a `{figure}` block (`src` as written, `alt` from its `:alt:` option) as
    /// HTML: a `<picture>` when processed, else a plain `<img>`; `None` after an error.
    pub(super) fn figure_image(&mut self, src: &str, alt: &str, offset: usize) -> Option<String> {
        if src.is_empty() {
            let (line, col) = self.lines.locate(offset);
            self.errors.push(MarkdownError {
                line,
                col,
                message: "`{figure}` needs an image, e.g. ```{figure} photo.jpg".to_string(),
            });
            return None;
        }
        let errors_before = self.errors.len();
        let url = self.rewrite_dest(CowStr::from(src.to_string()), offset);
        if self.errors.len() != errors_before {
            return None;
        }
        let picture = self.look_up_image(&url, offset);
        if self.errors.len() != errors_before {
            return None;
        }
        let first = self.images_seen == 0;
        self.images_seen += 1;
        if alt.trim().is_empty() {
            self.warn_no_alt(offset, src, "`:alt: what it shows`");
        }
        Some(match picture {
            Some(picture) => picture_html(&picture, alt.trim(), "", first),
            None => {
                let mut html = String::from("<img src=\"");
                escape_html_into(&mut html, &url);
                html.push_str("\" alt=\"");
                escape_html_into(&mut html, alt.trim());
                html.push_str("\">");
                html
            }
        })
    }
}
