//! Painting a card's SVG into PNG bytes with resvg, with the fonts carried in the binary
//! (DejaVu Serif Bold for titles and DejaVu Sans Bold for labels: freely licensed, see
//! `fonts/LICENSE-DejaVu.txt`), so a card looks the same on every machine. The fonts are
//! parsed once per process; the PNG is encoded for speed (see `encode`).

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::{HEIGHT, WIDTH};

pub(super) const TITLE_FONT: &[u8] = include_bytes!("fonts/DejaVuSerif-Bold.ttf");
pub(super) const LABEL_FONT: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// Changes whenever the same SVG would paint differently (fonts, renderer, encoding), so
/// cached cards are painted again.
pub(super) const PAINTER_VERSION: &str = "hearth-card-2 resvg-0.49 dejavu-2.37 rgb-deflate1-up";

fn options() -> &'static usvg::Options<'static> {
    static OPTIONS: OnceLock<usvg::Options<'static>> = OnceLock::new();
    OPTIONS.get_or_init(|| {
        let mut fonts = usvg::fontdb::Database::new();
        fonts.load_font_data(TITLE_FONT.to_vec());
        fonts.load_font_data(LABEL_FONT.to_vec());
        fonts.set_serif_family("DejaVu Serif");
        fonts.set_sans_serif_family("DejaVu Sans");
        usvg::Options {
            fontdb: Arc::new(fonts),
            ..usvg::Options::default()
        }
    })
}

/// The PNG of a card's SVG (`Card::svg`), 1200×630.
pub fn paint(svg: &str) -> Result<Vec<u8>, String> {
    let tree = usvg::Tree::from_str(svg, options())
        .map_err(|error| format!("cannot draw the social card: {error}"))?;
    let mut pixmap =
        tiny_skia::Pixmap::new(WIDTH, HEIGHT).ok_or("cannot allocate a social card")?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    encode(&pixmap).map_err(|error| format!("cannot encode the social card: {error}"))
}

/// An RGB PNG (a card is opaque: its background covers it) with the `Up` row filter and
/// deflate level 1: five times faster than tiny-skia's `encode_png` (RGBA, adaptive filters,
/// level 6) for cards of about 46 KB rather than 32 KB — large flat areas compress well at any
/// level (`cargo run --release --example card_cost`; BENCHMARKS.md).
fn encode(pixmap: &tiny_skia::Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    // Opaque pixels are the same premultiplied or not.
    let rgb: Vec<u8> = (pixmap.data().chunks_exact(4))
        .flat_map(|pixel| [pixel[0], pixel[1], pixel[2]])
        .collect();
    let mut bytes = Vec::with_capacity(64 * 1024);
    let mut encoder = png::Encoder::new(&mut bytes, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_deflate_compression(png::DeflateCompression::Level(1));
    encoder.set_filter(png::Filter::Up);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(bytes)
}
