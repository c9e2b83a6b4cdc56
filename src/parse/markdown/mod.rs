//! The Markdown stage: Markdown body → HTML, summary, table of contents,
//! heading ids, internal-link resolution, directives, word count.
//!
//! One pass over pulldown-cmark's events (with source offsets) rewrites them
//! into a buffer (`pass.rs`, with code blocks and directives in `code.rs` and
//! tables in `tables.rs`); heading ids are assigned right after the pass, so
//! explicit `{#id}`s always win, then the buffer is written as HTML once
//! (`finish.rs`). Helpers live in `headings.rs` (ids, slugs, TOC) and
//! `../links.rs` (locations, `@/` links, directive info strings).

mod code;
mod fence;
mod finish;
pub(crate) mod headings;
mod images;
mod lines;
mod pass;
pub(crate) mod relative;
pub(crate) mod shortcodes;
mod state;
mod tables;
#[cfg(test)]
mod tests;

use pulldown_cmark::{Event, Options, Parser, Tag};

use state::State;

/// A fenced block whose info string starts with `{`: a worksheet directive such as ```` ```{lines} 4 ````.
pub struct DirectiveBlock<'a> {
    pub name: &'a str,
    pub args: &'a str,
    /// The leading `:key: value` lines, in order; option `i` is on file line `line + 1 + i`.
    pub options: Vec<(String, String)>,
    pub body: &'a str,
    /// The file line of the opening fence.
    pub line: usize,
    /// The file line the body starts on (after the options).
    pub body_line: usize,
    /// A `{figure}` block's image as HTML, made by the Markdown stage (empty for other blocks).
    pub image_html: String,
}

/// What is wrong with a directive block, and the file line it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DirectiveError {
    pub line: usize,
    pub message: String,
}

impl DirectiveError {
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

pub struct MarkdownInput<'a> {
    pub text: &'a str,
    pub first_line: usize,
    /// Resolves an internal link target such as "articles/caring.md" to its URL path "/articles/caring/" (no anchor); None when no such page exists.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// The folder of the file under `content/` (`articles`): relative links start there.
    pub folder: &'a str,
    /// The URL of a file under `content/` that is not Markdown (`articles/images/a.png`), copied
    /// with the site; None when there is no such file.
    pub asset: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// What an image link (`@/` and relative links resolved) is: processed, as written, or a
    /// problem.
    pub image: &'a (dyn Fn(&str) -> crate::images::Lookup + Sync),
    /// Renders a directive block to HTML, or returns every problem found in it.
    pub directive: &'a (dyn Fn(&DirectiveBlock) -> Result<String, Vec<DirectiveError>> + Sync),
}

pub use crate::model::toc::TocEntry;

#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct AnchorRef {
    pub target: String,
    pub anchor: String,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MarkdownError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct RenderedMarkdown {
    pub html: String,
    pub summary_html: String,
    pub toc: Vec<TocEntry>,
    pub anchors: Vec<String>,
    pub anchor_refs: Vec<AnchorRef>,
    pub word_count: usize,
    pub has_code: bool,
    /// What is suspicious but not wrong (text that looks like a shortcode), in file order.
    pub warnings: Vec<MarkdownError>,
    /// The processed images the body shows.
    pub images: Vec<crate::images::UsedImage>,
}

/// The Markdown dialect of every page: CommonMark and GitHub's extensions.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders a page's Markdown body. Returns ALL the page's errors, in file order.
pub fn render(input: &MarkdownInput) -> Result<RenderedMarkdown, Vec<MarkdownError>> {
    let (rendered, errors) = render_all(input);
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

/// Renders a page's Markdown body, and returns every error with it: a page with errors still
/// has headings that links from other pages are checked against.
pub fn render_all(input: &MarkdownInput) -> (RenderedMarkdown, Vec<MarkdownError>) {
    let mut state = State::new(input);
    let mut code = Vec::new();
    for (event, range) in Parser::new_ext(input.text, options()).into_offset_iter() {
        let comment = matches!(&event, Event::Html(html) | Event::InlineHtml(html) if html.trim_start().starts_with("<!--"));
        if comment
            || matches!(
                event,
                Event::Start(Tag::CodeBlock(_))
                    | Event::Code(_)
                    | Event::InlineMath(_)
                    | Event::DisplayMath(_)
            )
        {
            code.push(range.clone());
        }
        state.feed(event, range.start);
    }
    state.note_shortcodes(&code);
    state.finish()
}
