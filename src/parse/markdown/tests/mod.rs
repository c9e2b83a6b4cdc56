//! Tests of the Markdown stage: shared helpers, and the tests by topic.

mod blocks;
mod links;
mod structure;

use super::*;

pub(super) fn resolve(path: &str) -> Option<String> {
    match path {
        "articles/caring.md" => Some("/articles/caring/".into()),
        "about.md" => Some("/about/".into()),
        "img/hearth.png" => Some("/img/hearth.png".into()),
        _ => None,
    }
}

pub(super) fn directive(b: &DirectiveBlock) -> Result<String, Vec<DirectiveError>> {
    match b.name {
        "lines" => Ok(format!(
            "<div class=\"lines\" data-n=\"{}\"></div>\n",
            b.args
        )),
        _ => Err(vec![DirectiveError::new(
            b.line,
            format!("unknown directive `{{{}}}`", b.name),
        )]),
    }
}

pub(super) fn render_at(
    text: &str,
    first_line: usize,
) -> Result<RenderedMarkdown, Vec<MarkdownError>> {
    render(&MarkdownInput {
        text,
        first_line,
        resolve: &resolve,
        folder: "",
        asset: &|path: &str| Some(format!("/{path}")),
        image: &|_: &str| crate::images::Lookup::AsWritten,
        directive: &directive,
    })
}

pub(super) fn ok(text: &str) -> RenderedMarkdown {
    render_at(text, 1).unwrap_or_else(|e| panic!("unexpected errors: {e:#?}"))
}

pub(super) fn errs(text: &str, first_line: usize) -> Vec<MarkdownError> {
    match render_at(text, first_line) {
        Ok(r) => panic!("expected errors, got HTML:\n{}", r.html),
        Err(e) => e,
    }
}

pub(super) fn err(line: usize, col: usize, message: &str) -> MarkdownError {
    MarkdownError {
        line,
        col,
        message: message.to_string(),
    }
}
