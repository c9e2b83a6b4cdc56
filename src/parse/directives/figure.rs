//! `{figure} IMAGE` with `:alt:` and a caption as its body: an image (a `<picture>` when
//! hearth resized it, made by the Markdown stage) and its caption, for `blocks/figure.html`.

use serde::Serialize;

use super::FieldNames;
use super::check::Check;

/// What `blocks/figure.html` gets as `block`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Figure {
    pub id: String,
    /// The image's HTML.
    pub image: String,
    /// The caption as inline HTML; empty without one.
    pub caption: String,
}

impl Check<'_, '_> {
    pub(super) fn figure(&mut self, names: &FieldNames) -> Figure {
        self.options(&["alt"]);
        let caption = if self.block.body.trim().is_empty() {
            String::new()
        } else {
            self.markdown(self.block.body, self.block.body_line, true)
        };
        Figure {
            id: names.block_id(),
            image: self.block.image_html.clone(),
            caption,
        }
    }
}
