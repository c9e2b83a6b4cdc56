//! Worksheet blocks through the theme: a checked directive's data rendered by
//! `templates/blocks/<name>.html`, which sees it as `block` (and the block's name as `name`).

use serde::Serialize;

use super::templates::Templates;

/// The template that renders blocks named `name`.
pub(crate) fn template_name(name: &str) -> String {
    format!("blocks/{name}.html")
}

/// The block's HTML, or the template's error as a message (with the template's own place).
pub(crate) fn render(
    name: &str,
    block: &impl Serialize,
    templates: &Templates,
) -> Result<String, String> {
    let mut context = tera::Context::new();
    context.insert("name", name);
    context.insert("block", block);
    let mut html = templates
        .render(&template_name(name), &context)
        .map_err(|error| error.to_string())?;
    let kept = html.trim_end().len();
    html.truncate(kept);
    html.push('\n');
    Ok(html)
}
