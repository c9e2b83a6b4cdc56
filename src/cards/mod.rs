//! Social cards: the 1200×630 picture a page shows when it is shared — its title, its kind and
//! the site's name in the theme's colours — drawn as SVG and painted to PNG at build time.

mod layout;
mod paint;
mod store;

use serde::{Deserialize, Serialize};

pub use paint::paint;
pub use store::CardPainter;

/// The size every card has, in pixels (what OpenGraph and Twitter show best).
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// The colours of a theme's cards: `[card]` in its `theme.toml`, each `#rrggbb` or `#rgb`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct CardStyle {
    pub background: Colour,
    pub text: Colour,
    pub accent: Colour,
    pub muted: Colour,
}

impl Default for CardStyle {
    fn default() -> Self {
        Self {
            background: Colour("#fbf8f3".into()),
            text: Colour("#1f2328".into()),
            accent: Colour("#a4461d".into()),
            muted: Colour("#5c6068".into()),
        }
    }
}

/// A colour written `#rrggbb` or `#rgb` (checked when read, so it is safe in an SVG attribute).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Colour(String);

impl<'de> Deserialize<'de> for Colour {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        let digits = text.strip_prefix('#').unwrap_or_default();
        if matches!(digits.len(), 3 | 6) && digits.chars().all(|c| c.is_ascii_hexdigit()) {
            Ok(Colour(text.to_ascii_lowercase()))
        } else {
            Err(serde::de::Error::custom(format!(
                "`{text}` is not a colour; expected `#rrggbb` or `#rgb`"
            )))
        }
    }
}

/// What one card says.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Card<'a> {
    pub title: &'a str,
    /// What the page is: "Article", "Worksheet", "Quiz"…
    pub kind: &'a str,
    pub site_name: &'a str,
}

impl Card<'_> {
    /// The card as an SVG document, in `style`'s colours; its text laid out to fit.
    pub fn svg(&self, style: &CardStyle) -> String {
        layout::svg(self, style)
    }
}

/// A name for a card's file made from what it shows and the page it is for, so a page whose
/// title changes gets a new file (and shared pages never cache an old picture), and no two
/// pages' jobs make the same file.
pub fn file_name(svg: &str, site_path: &str) -> String {
    let mut hasher = blake3::Hasher::new();
    hasher.update(paint::PAINTER_VERSION.as_bytes());
    hasher.update(svg.as_bytes());
    hasher.update(&[0]);
    hasher.update(site_path.as_bytes());
    format!("cards/{}.png", &hasher.finalize().to_hex()[..16])
}
