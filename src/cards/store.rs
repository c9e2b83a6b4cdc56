//! Cards painted once: a card's PNG is kept in the card cache beside the output
//! (`output::CardCache`, `.output.cards/`) under the hash of its SVG, so a build that shows the
//! same card again — after the build cache was dropped, or in another output — reads it
//! instead of painting it.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::output::CardCache;

use super::{Card, CardStyle, file_name, paint};

/// Paints the cards of one build, through the card cache when there is one.
#[derive(Debug)]
pub struct CardPainter {
    style: CardStyle,
    cache: Option<CardCache>,
    painted: AtomicUsize,
}

impl CardPainter {
    /// A painter in `style` keeping its cards in `cache` (none: every card is painted).
    pub fn new(style: CardStyle, cache: Option<CardCache>) -> Self {
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

    /// The output path the card of the page at `site_path` has, without painting it (for the
    /// pages that show a card another page's job makes).
    pub fn path(&self, card: &Card, site_path: &str) -> String {
        file_name(&card.svg(&self.style), site_path)
    }

    /// The output path of the card of the page at `site_path`, and its PNG.
    pub fn card(&self, card: &Card, site_path: &str) -> Result<(String, Vec<u8>), String> {
        let svg = card.svg(&self.style);
        let path = file_name(&svg, site_path);
        let key = blake3::hash(format!("{}\n{svg}", super::paint::PAINTER_VERSION).as_bytes());
        let key = key.to_hex();
        if let Some(bytes) = (self.cache.as_ref()).and_then(|cache| cache.read(&key)) {
            return Ok((path, bytes));
        }
        let bytes = paint(&svg)?;
        self.painted.fetch_add(1, Ordering::Relaxed);
        if let Some(cache) = &self.cache {
            cache.keep(&key, &bytes)?;
        }
        Ok((path, bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: Card = Card {
        title: "Does he still love you?",
        kind: "Quiz",
        site_name: "Still Home",
    };

    fn cache_in(dir: &tempfile::TempDir) -> Option<CardCache> {
        Some(CardCache::beside(&dir.path().join("output")))
    }

    #[test]
    fn a_card_painted_once_is_read_from_the_cache_by_the_next_build() {
        let dir = tempfile::tempdir().unwrap();
        let first = CardPainter::new(CardStyle::default(), cache_in(&dir));
        let (path, png) = first.card(&CARD, "quizzes/love/").unwrap();
        assert_eq!(first.painted(), 1);
        assert!(
            path.starts_with("cards/") && path.ends_with(".png"),
            "{path}"
        );
        assert_eq!(first.path(&CARD, "quizzes/love/"), path);

        let second = CardPainter::new(CardStyle::default(), cache_in(&dir));
        assert_eq!(second.card(&CARD, "quizzes/love/").unwrap(), (path, png));
        assert_eq!(second.painted(), 0);
    }

    #[test]
    fn a_new_title_or_colour_paints_a_new_card_with_a_new_name() {
        let dir = tempfile::tempdir().unwrap();
        let painter = CardPainter::new(CardStyle::default(), cache_in(&dir));
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
        let recoloured = CardPainter::new(style, cache_in(&dir));
        let (other, _) = recoloured.card(&CARD, "quizzes/love/").unwrap();
        assert_ne!(other, path);
        assert_eq!(recoloured.painted(), 1);
    }

    #[test]
    fn a_damaged_cached_card_is_painted_again() {
        let dir = tempfile::tempdir().unwrap();
        let painter = CardPainter::new(CardStyle::default(), cache_in(&dir));
        let (_, png) = painter.card(&CARD, "a/").unwrap();
        let folder = dir.path().join(".output.cards");
        for entry in std::fs::read_dir(&folder).unwrap() {
            let file = entry.unwrap().path();
            if file.extension().is_some_and(|ext| ext == "png") {
                std::fs::write(file, &png[..png.len() / 2]).unwrap();
            }
        }
        let again = CardPainter::new(CardStyle::default(), cache_in(&dir));
        assert_eq!(again.card(&CARD, "a/").unwrap().1, png);
        assert_eq!(again.painted(), 1);
    }

    #[test]
    fn the_same_card_paints_the_same_bytes() {
        let painter = CardPainter::new(CardStyle::default(), None);
        let (_, first) = painter.card(&CARD, "a/").unwrap();
        let (_, second) = painter.card(&CARD, "a/").unwrap();
        assert_eq!(first, second);
    }
}
