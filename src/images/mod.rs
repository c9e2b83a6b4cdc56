//! Images a page shows: raster images next to a page or in `static/`, resized to a few widths,
//! encoded as WebP into a cache beside the output, and shown as `<picture>` with their
//! dimensions. SVG, GIF and images on other sites pass through untouched.

mod cache;
mod catalog;
mod picture;
mod process;

pub(crate) use cache::ImageCache;
pub(crate) use catalog::Catalog;
pub use catalog::Lookup;
pub(crate) use picture::{Picture, picture_html};

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The widths (CSS pixels) an image is offered at, when it is wider: never upscaled.
pub const WIDTHS: [u32; 3] = [480, 800, 1200];

/// How wide an image is shown, for the browser to pick a width before layout: the article's
/// measure (65ch of the theme's text, about 40rem) on wide screens, the whole screen on phones.
pub const SIZES: &str = "(min-width: 44rem) 40rem, 100vw";

/// Extensions hearth resizes; anything else (SVG, GIF, AVIF…) is copied as it is.
const PROCESSED: [&str; 4] = ["jpg", "jpeg", "png", "webp"];

/// Whether a file name is a raster image hearth resizes.
pub fn is_processed(name: &str) -> bool {
    let name = name.split(['?', '#']).next().unwrap_or(name);
    name.rsplit_once('.').is_some_and(|(_, extension)| {
        PROCESSED
            .iter()
            .any(|known| extension.eq_ignore_ascii_case(known))
    })
}

/// The widths of the WebP variants of an image `width` pixels wide: each of [`WIDTHS`] below
/// it, and the image's own width when that is not above the largest.
pub fn variant_widths(width: u32) -> Vec<u32> {
    let mut widths: Vec<u32> = WIDTHS.into_iter().filter(|&w| w < width).collect();
    if width <= WIDTHS[WIDTHS.len() - 1] {
        widths.push(width);
    }
    widths
}

/// An image a page showed: its file and the variants made of it, so that the variants are
/// copied with the site and the page is rendered again when the file changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsedImage {
    /// The file from the site's root (`content/articles/photo.jpg`, `static/img/a.png`); for an
    /// image that could not be shown, its link.
    pub source: String,
    /// The file's content hash when it was shown; empty when it could not be (missing, or not
    /// an image), so the page is rendered again in the next run.
    pub hash: String,
    pub variants: Vec<Variant>,
}

impl UsedImage {
    /// A link to an image that could not be shown.
    pub fn failed(link: &str) -> Self {
        Self {
            source: link.to_string(),
            hash: String::new(),
            variants: Vec::new(),
        }
    }
}

/// One resized WebP copy of an image.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Variant {
    pub width: u32,
    /// Where it goes in the output (`articles/photo-480.1a2b3c4d5e.webp`).
    pub output: String,
    /// The file in the image cache it is copied from.
    pub cached: PathBuf,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_are_never_wider_than_the_image() {
        assert_eq!(variant_widths(4000), vec![480, 800, 1200]);
        assert_eq!(variant_widths(1000), vec![480, 800, 1000]);
        assert_eq!(variant_widths(800), vec![480, 800]);
        assert_eq!(variant_widths(300), vec![300]);
    }

    #[test]
    fn raster_images_are_processed_and_others_pass_through() {
        assert!(is_processed("a/photo.JPG"));
        assert!(is_processed("photo.png?v=2"));
        assert!(!is_processed("diagram.svg"));
        assert!(!is_processed("loop.gif"));
        assert!(!is_processed("README"));
    }
}
