//! A body's rendered HTML as the site model holds it, from the body stage until the pages are
//! rendered: as it is, or LZ4-compressed when the site is large enough for the room to matter.

use std::borrow::Cow;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Rendered HTML, held as it is or LZ4-compressed. HTML shrinks to about a third, and LZ4 takes
/// it back out at several gigabytes a second: a site of 100,000 pages holds its bodies in a third
/// of the room. Packing costs a smaller site more time than the room is worth, so the body stage
/// packs only from a size of site up (`build::content::PACKED_FROM_PAGES`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Html(Held);

/// Two ways of holding the same text compare (and hash) as different: a site holds its bodies
/// one way, so a page's stamp changes only when the site crosses the size that packs them.
#[derive(Clone, PartialEq, Eq, Hash)]
enum Held {
    Plain(Box<str>),
    /// The text's length (4 bytes), then the text compressed.
    Packed(Box<[u8]>),
}

impl Default for Html {
    fn default() -> Self {
        Self(Held::Plain(Box::default()))
    }
}

impl Html {
    /// The HTML, packed.
    pub fn new(text: &str) -> Self {
        if text.is_empty() {
            return Self::default();
        }
        let packed = lz4_flex::compress_prepend_size(text.as_bytes());
        Self(Held::Packed(packed.into_boxed_slice()))
    }

    /// The HTML as it is.
    pub fn plain(text: String) -> Self {
        Self(Held::Plain(text.into_boxed_str()))
    }

    pub fn is_empty(&self) -> bool {
        match &self.0 {
            Held::Plain(text) => text.is_empty(),
            Held::Packed(packed) => packed.is_empty(),
        }
    }

    /// The HTML, taken out if it is packed.
    pub fn text(&self) -> Cow<'_, str> {
        match &self.0 {
            Held::Plain(text) => Cow::Borrowed(text),
            Held::Packed(packed) => {
                // Only `new` packs, from a `&str`: the bytes come back whole and as UTF-8.
                let bytes = lz4_flex::decompress_size_prepended(packed)
                    .expect("HTML packed by `Html::new` unpacks");
                Cow::Owned(String::from_utf8(bytes).expect("HTML packed by `Html::new` is UTF-8"))
            }
        }
    }
}

impl From<&str> for Html {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl fmt::Debug for Html {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Html").field(&self.text()).finish()
    }
}

impl Serialize for Html {
    fn serialize<S: Serializer>(&self, to: S) -> Result<S::Ok, S::Error> {
        to.serialize_str(&self.text())
    }
}

impl<'de> Deserialize<'de> for Html {
    fn deserialize<D: Deserializer<'de>>(from: D) -> Result<Self, D::Error> {
        let text = String::deserialize(from)?;
        Ok(Self::new(&text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_comes_back_as_it_went_in_and_takes_less_room() {
        let text = "<p>Caring is a practice, not a feeling.</p>\n".repeat(50) + "<p>é — ✓</p>";
        let html = Html::new(&text);
        assert_eq!(html.text(), text);
        let Held::Packed(packed) = &html.0 else {
            panic!("not packed")
        };
        assert!(packed.len() < text.len() / 3, "{}", packed.len());
        assert_eq!(Html::new(&text), html);
        assert_ne!(Html::new("<p>a</p>"), html);
        assert!(Html::new("").is_empty());
        assert_eq!(Html::new("").text(), "");
        let stored = postcard::to_allocvec(&html).unwrap();
        assert_eq!(postcard::from_bytes::<Html>(&stored).unwrap(), html);
    }

    #[test]
    fn plain_html_is_lent_as_it_is_and_differs_from_the_same_text_packed() {
        let text = "<p>Repair starts small.</p>".to_string();
        let plain = Html::plain(text.clone());
        assert!(matches!(plain.text(), Cow::Borrowed(lent) if lent == text));
        assert!(!plain.is_empty() && Html::plain(String::new()).is_empty());
        assert_eq!(Html::plain(String::new()), Html::default());
        assert_ne!(plain, Html::new(&text));
        assert_eq!(Html::new(&text).text(), plain.text());
    }
}
