//! Decoding an image and encoding its resized WebP variants (lossy, quality 80, through libwebp:
//! the `image` crate's own WebP encoder is lossless only, which makes photos larger than JPEG).

use std::io::Cursor;

use image::{DynamicImage, ImageReader, imageops::FilterType};

/// The quality the variants are encoded at (libwebp's 0–100 scale); the cache's file names
/// carry it, so changing it makes every variant again.
const QUALITY: f32 = 80.0;

/// The image in `bytes`, whatever its format (told from its first bytes, not its name).
pub(super) fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|error| error.to_string())?;
    reader.decode().map_err(|error| error.to_string())
}

/// The height of `image` shown `width` pixels wide, its proportions kept (at least 1).
pub(super) fn height_at(image_size: (u32, u32), width: u32) -> u32 {
    let (w, h) = image_size;
    let scaled = (u64::from(h) * u64::from(width) + u64::from(w) / 2) / u64::from(w.max(1));
    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
}

/// `image` resized to `width` pixels (never wider than it is) and encoded as WebP.
pub(super) fn webp_at(image: &DynamicImage, width: u32) -> Result<Vec<u8>, String> {
    let size = (image.width(), image.height());
    let width = width.min(size.0);
    let resized;
    let shown = if width == size.0 {
        image
    } else {
        resized = image.resize_exact(width, height_at(size, width), FilterType::CatmullRom);
        &resized
    };
    let (w, h) = (shown.width(), shown.height());
    let encoded = if shown.color().has_alpha() {
        let rgba = shown.to_rgba8();
        webp::Encoder::from_rgba(&rgba, w, h).encode_simple(false, QUALITY)
    } else {
        let rgb = shown.to_rgb8();
        webp::Encoder::from_rgb(&rgb, w, h).encode_simple(false, QUALITY)
    };
    encoded
        .map(|memory| memory.to_vec())
        .map_err(|error| format!("WebP encoding failed: {error:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resized_variant_keeps_its_proportions_and_decodes_as_webp() {
        let image = DynamicImage::ImageRgb8(image::RgbImage::from_fn(1000, 600, |x, y| {
            image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
        }));
        let bytes = webp_at(&image, 480).unwrap();
        assert_eq!(
            image::guess_format(&bytes).unwrap(),
            image::ImageFormat::WebP
        );
        let back = decode(&bytes).unwrap();
        assert_eq!((back.width(), back.height()), (480, 288));
    }

    #[test]
    fn heights_are_rounded_and_never_zero() {
        assert_eq!(height_at((3, 2), 480), 320);
        assert_eq!(height_at((1000, 1), 480), 1);
        assert_eq!(height_at((1600, 1067), 800), 534);
    }

    #[test]
    fn bytes_that_are_no_image_say_so() {
        let error = decode(b"not an image at all").unwrap_err();
        assert!(!error.is_empty());
    }
}
