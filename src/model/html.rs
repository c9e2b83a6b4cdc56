//! A body's rendered HTML as the site model holds it: compressed, for the model holds every
//! page's body at once, from the body stage until the pages are rendered.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Rendered HTML, held LZ4-compressed. HTML shrinks to about a third, and LZ4 takes it back out
/// at several gigabytes a second, so each reader pays little for it: a site of 100,000 pages
/// holds its bodies in a third of the room.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Html {
    /// The text's length (4 bytes), then the text compressed; empty for an empty text.
    packed: Box<[u8]>,
}

impl Html {
    pub fn new(text: &str) -> Self {
        if text.is_empty() {
            return Self::default();
        }
        let packed = lz4_flex::compress_prepend_size(text.as_bytes());
        Self {
            packed: packed.into_boxed_slice(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.packed.is_empty()
    }

    /// The HTML, taken out.
    pub fn text(&self) -> String {
        if self.packed.is_empty() {
            return String::new();
        }
        // Only `new` packs, from a `&str`: the bytes come back whole and as UTF-8.
        let bytes = lz4_flex::decompress_size_prepended(&self.packed)
            .expect("HTML packed by `Html::new` unpacks");
        String::from_utf8(bytes).expect("HTML packed by `Html::new` is UTF-8")
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
        assert!(html.packed.len() < text.len() / 3, "{}", html.packed.len());
        assert_eq!(Html::new(&text), html);
        assert_ne!(Html::new("<p>a</p>"), html);
        assert!(Html::new("").is_empty());
        assert_eq!(Html::new("").text(), "");
        let stored = postcard::to_allocvec(&html).unwrap();
        assert_eq!(postcard::from_bytes::<Html>(&stored).unwrap(), html);
    }
}
