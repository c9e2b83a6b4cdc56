//! Code blocks: highlighted by syntect, or, when the info string is `{name}`, handed to the
//! directive callback (worksheet blocks) with their options, body and lines.

use pulldown_cmark::Event;

use super::fence::{self, Fence};
use super::lines::highlight_lines;
use super::state::{CodeBlock, State};
use super::{DirectiveBlock, MarkdownError};
use crate::parse::highlight::{escape_html_into, highlight_code};
use crate::parse::links;

impl<'a> State<'_, 'a> {
    /// Turns a finished code block into HTML (or a directive's HTML).
    pub(super) fn finish_code(&mut self, block: CodeBlock<'a>) {
        let info = block.info.as_deref().unwrap_or("").trim();
        let html = if info.starts_with('{') && !fence::is_code_attributes(info) {
            match self.directive(info, block.offset) {
                Some(html) => html,
                None => return,
            }
        } else {
            self.has_code = true;
            highlighted_code(info, &self.code_buf)
        };
        self.events.push(Event::Html(html.into()));
    }

    fn directive(&mut self, info: &str, offset: usize) -> Option<String> {
        let (line, col) = self.lines.locate(offset);
        let (name, args) = match links::parse_directive_info(info) {
            Ok(parts) => parts,
            Err(message) => {
                self.errors.push(MarkdownError { line, col, message });
                return None;
            }
        };
        let code = std::mem::take(&mut self.code_buf);
        let (options, body) = links::split_options(&code);
        let consumed = &code[..code.len() - body.len()];
        let image_html = if name == "figure" {
            let alt = options.iter().find(|(key, _)| key == "alt");
            let alt = alt.map_or("", |(_, value)| value.as_str());
            self.figure_image(args, alt, offset)?
        } else {
            String::new()
        };
        let block = DirectiveBlock {
            name,
            args,
            options,
            body,
            line,
            body_line: line + 1 + consumed.matches('\n').count(),
            image_html,
        };
        match (self.input.directive)(&block) {
            Ok(html) => {
                links::scan_html_ids(&html, |id| self.other_ids.push(id.to_string()));
                Some(html)
            }
            Err(found) => {
                self.errors
                    .extend(found.into_iter().map(|error| MarkdownError {
                        line: error.line,
                        col,
                        message: error.message,
                    }));
                None
            }
        }
    }
}

/// A code block as `<pre class="code">`, highlighted into CSS classes when it names a language,
/// with numbered and highlighted lines when its fence asks for them.
fn highlighted_code(info: &str, code: &str) -> String {
    let fence = fence::parse(info);
    let lang = fence.lang.as_str();
    let mut html = String::with_capacity(code.len() * 2 + 64);
    html.push_str("<pre class=\"code\"");
    if !lang.is_empty() {
        html.push_str(" data-lang=\"");
        escape_html_into(&mut html, lang);
        html.push('"');
    }
    if fence.linenos {
        html.push_str(" data-linenos");
    }
    html.push_str("><code>");
    if fence.has_lines() {
        html.push_str(&numbered(&fence, code));
    } else if lang.is_empty() {
        escape_html_into(&mut html, code);
    } else {
        html.push_str(&highlight_code(code, lang));
    }
    html.push_str("</code></pre>\n");
    html
}

fn numbered(fence: &Fence, code: &str) -> String {
    let first = fence.linenos.then_some(fence.linenostart);
    highlight_lines(code, &fence.lang, first, |line| fence.is_highlighted(line))
}
