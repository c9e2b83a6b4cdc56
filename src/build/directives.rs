//! Worksheet blocks: a directive found in Markdown, checked, then rendered by the theme's block template.

use crate::parse::directives::{self, BUILT_IN, FieldNames};
use crate::parse::markdown::{DirectiveBlock, DirectiveError};
use crate::render::blocks;
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

/// The block's HTML, or every problem found in it (the caller adds the file).
pub fn render_block(
    block: &DirectiveBlock,
    context: &BlockContext,
) -> Result<String, Vec<DirectiveError>> {
    let names = FieldNames::new(context.page_source, context.index);
    let template = blocks::template_name(block.name);
    let directive = match directives::parse_built_in(block, &names) {
        Some(checked) => checked?,
        None => match context.templates {
            Some(templates) if !templates.has(&template) => {
                return Err(vec![unknown(block)]);
            }
            _ => directives::parse_custom(block, &names)?,
        },
    };
    let Some(templates) = context.templates else {
        return Ok(String::new());
    };
    blocks::render(block.name, &directive, templates)
        .map_err(|message| vec![DirectiveError::new(block.line, message)])
}

fn unknown(block: &DirectiveBlock) -> DirectiveError {
    let known: Vec<String> = BUILT_IN.iter().map(|name| format!("{{{name}}}")).collect();
    DirectiveError::new(
        block.line,
        format!(
            "unknown directive `{{{}}}`; expected a worksheet block such as {} or {}, or a theme template templates/blocks/{}.html",
            block.name,
            known[..known.len() - 1].join(", "),
            known[known.len() - 1],
            block.name
        ),
    )
}
