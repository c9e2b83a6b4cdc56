//! Painting a card's SVG into PNG bytes with resvg, with the fonts carried in the binary
//! (DejaVu Serif Bold for titles and DejaVu Sans Bold for labels: freely licensed, see
//! `fonts/LICENSE-DejaVu.txt`), so a card looks the same on every machine.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::{HEIGHT, WIDTH};

pub(super) const TITLE_FONT: &[u8] = include_bytes!("fonts/DejaVuSerif-Bold.ttf");
pub(super) const LABEL_FONT: &[u8] = include_bytes!("fonts/DejaVuSans-Bold.ttf");

/// Changes whenever the same SVG would paint differently (fonts, renderer), so cached cards
/// are painted again.
pub(super) const PAINTER_VERSION: &str = "hearth-card-1 resvg-0.49 dejavu-2.37";

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
    pixmap
        .encode_png()
        .map_err(|error| format!("cannot encode the social card: {error}"))
}
