//! Cards painted once: a card's PNG is kept in a folder beside the output
//! (`.output.cards/`, see `output::cards_dir`) under the hash of its SVG, so a build that
//! shows the same card again — after the build cache was dropped, or in another output —
//! reads it instead of painting it.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::{Card, CardStyle, file_name, paint};

/// Paints the cards of one build, through the cache folder when there is one.
#[derive(Debug)]
pub struct CardPainter {
    style: CardStyle,
    cache: Option<PathBuf>,
    painted: AtomicUsize,
}

impl CardPainter {
    /// A painter in `style` keeping its cards in `cache` (none: every card is painted).
    pub fn new(style: CardStyle, cache: Option<PathBuf>) -> Self {
        Self {
            style,
            cache,
            painted: AtomicUsize::new(0),
        }
    }

    /// How many cards this painter painted (rather than read from its cache).
    pub fn painted(&self) -> usize {
        self.painted.load(Ordering::Relaxed)
    }

    /// The output path of the card of the page at `site_path`, and its PNG.
    pub fn card(&self, card: &Card, site_path: &str) -> Result<(String, Vec<u8>), String> {
        let svg = card.svg(&self.style);
        let path = file_name(&svg, site_path);
        let key = blake3::hash(format!("{}\n{svg}", super::paint::PAINTER_VERSION).as_bytes());
        let cached = (self.cache.as_ref()).map(|dir| dir.join(format!("{}.png", key.to_hex())));
        if let Some(bytes) = cached.as_ref().and_then(|file| read_card(file)) {
            return Ok((path, bytes));
        }
        let bytes = paint(&svg)?;
        self.painted.fetch_add(1, Ordering::Relaxed);
        if let Some(file) = cached {
            // The cache only spares work: a card that cannot be kept is painted next time.
            let _ = keep(&file, &bytes);
        }
        Ok((path, bytes))
    }
}

/// A cached card, if it is whole (a PNG signature and its closing chunk).
fn read_card(file: &std::path::Path) -> Option<Vec<u8>> {
    let bytes = std::fs::read(file).ok()?;
    let whole = bytes.starts_with(b"\x89PNG\r\n\x1a\n") && bytes.ends_with(b"IEND\xaeB`\x82");
    whole.then_some(bytes)
}

fn keep(file: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = file.parent().expect("cached cards are in a folder");
    std::fs::create_dir_all(dir)?;
    let fresh = tempfile::NamedTempFile::new_in(dir)?;
    std::fs::write(fresh.path(), bytes)?;
    fresh.persist(file).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: Card = Card {
        title: "Does he still love you?",
        kind: "Quiz",
        site_name: "Still Home",
    };

    #[test]
    fn a_card_painted_once_is_read_from_the_cache_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join(".output.cards");
        let first = CardPainter::new(CardStyle::default(), Some(cache.clone()));
        let (path, png) = first.card(&CARD, "quizzes/love/").unwrap();
        assert_eq!(first.painted(), 1);
        assert!(
            path.starts_with("cards/") && path.ends_with(".png"),
            "{path}"
        );

        let second = CardPainter::new(CardStyle::default(), Some(cache));
        assert_eq!(second.card(&CARD, "quizzes/love/").unwrap(), (path, png));
        assert_eq!(second.painted(), 0);
    }

    #[test]
    fn a_new_title_or_colour_paints_a_new_card_with_a_new_name() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Some(dir.path().join("cards"));
        let painter = CardPainter::new(CardStyle::default(), cache.clone());
        let (path, _) = painter.card(&CARD, "quizzes/love/").unwrap();
        let retitled = Card {
            title: "Does he love you still?",
            ..CARD
        };
        let (new_path, _) = painter.card(&retitled, "quizzes/love/").unwrap();
        assert_ne!(path, new_path);
        assert_eq!(painter.painted(), 2);

        let style = CardStyle {
            accent: CardStyle::default().text,
            ..CardStyle::default()
        };
        let recoloured = CardPainter::new(style, cache);
        let (other, _) = recoloured.card(&CARD, "quizzes/love/").unwrap();
        assert_ne!(other, path);
        assert_eq!(recoloured.painted(), 1);
    }

    #[test]
    fn a_damaged_cached_card_is_painted_again() {
        let dir = tempfile::tempdir().unwrap();
        let cache = dir.path().join("cards");
        let painter = CardPainter::new(CardStyle::default(), Some(cache.clone()));
        let (_, png) = painter.card(&CARD, "a/").unwrap();
        for entry in std::fs::read_dir(&cache).unwrap() {
            std::fs::write(entry.unwrap().path(), &png[..png.len() / 2]).unwrap();
        }
        let again = CardPainter::new(CardStyle::default(), Some(cache));
        assert_eq!(again.card(&CARD, "a/").unwrap().1, png);
        assert_eq!(again.painted(), 1);
    }
}
