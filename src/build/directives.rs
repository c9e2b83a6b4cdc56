//! Worksheet blocks: a directive found in Markdown, checked, then rendered by the theme's block template.

use crate::parse::markdown::DirectiveBlock;
use crate::render::templates::Templates;

/// Where a block is: its page and its place among the page's blocks (for field names).
pub struct BlockContext<'a> {
    /// The page's file from the site's root (`content/worksheets/x.md`).
    pub page_source: &'a str,
    /// 0 for the page's first block, 1 for the next…
    pub index: usize,
    /// The theme's templates; absent when they failed to compile (blocks then render empty).
    pub templates: Option<&'a Templates>,
}

/// The block's HTML, or what is wrong with it (the caller adds the place).
pub fn render_block(block: &DirectiveBlock, context: &BlockContext) -> Result<String, String> {
    let _ = context;
    Err(format!(
        "unknown directive `{{{}}}`; expected a worksheet block such as {{lines}}, {{scale}}, {{tracker}}, {{box}} or {{pagebreak}}",
        block.name
    ))
}
