//! Quiz texts in the Markdown stage: every prompt, answer, explanation and result band rendered
//! with the page's own Markdown renderer, so `@/` links are resolved and checked like the body's.

use rayon::prelude::*;

use crate::error::{Diagnostic, Location};
use crate::model::page::Page;
use crate::model::quiz::Text;
use crate::parse::markdown::{AnchorRef, RenderedMarkdown};

/// Renders one Markdown text: (page source, text, file line of its first line).
pub type RenderText<'r> =
    dyn Fn(&str, &str, usize) -> Result<RenderedMarkdown, Vec<Diagnostic>> + Sync + 'r;

/// A quiz's texts as HTML, in the order of `Quiz::texts`, the anchors they link to, and the
/// problems found in them (the HTML is complete only when there are none).
pub struct RenderedQuiz {
    html: Vec<String>,
    anchor_refs: Vec<AnchorRef>,
    errors: Vec<Diagnostic>,
}

/// Renders the texts of every page's quiz; `None` for pages without one.
pub fn render_quizzes(pages: &[Page], render: &RenderText) -> Vec<Option<RenderedQuiz>> {
    pages
        .par_iter()
        .map(|page| {
            let quiz = page.quiz.as_ref()?;
            Some(render_texts(&quiz.texts(), &page.source, render))
        })
        .collect()
}

/// Puts the rendered texts in place; returns the problems found, and adds the anchors the
/// texts link to (with their page's source) to `anchor_refs` for checking.
pub fn apply_quizzes(
    pages: &mut [Page],
    rendered: Vec<Option<RenderedQuiz>>,
    anchor_refs: &mut Vec<(String, AnchorRef)>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (page, rendered) in pages.iter_mut().zip(rendered) {
        let (Some(rendered), Some(quiz)) = (rendered, &mut page.quiz) else {
            continue;
        };
        let source = &page.doc.source;
        anchor_refs.extend(
            rendered
                .anchor_refs
                .into_iter()
                .map(|r| (source.clone(), r)),
        );
        if rendered.errors.is_empty() {
            for (text, html) in quiz.texts_mut().into_iter().zip(rendered.html) {
                text.html = html;
            }
        }
        errors.extend(rendered.errors);
    }
    errors
}

fn render_texts(texts: &[&Text], source: &str, render: &RenderText) -> RenderedQuiz {
    let mut html = Vec::with_capacity(texts.len());
    let mut anchor_refs = Vec::new();
    let mut errors = Vec::new();
    for text in texts {
        match render(source, &text.markdown, text.line) {
            Ok(rendered) => {
                anchor_refs.extend(rendered.anchor_refs.into_iter().map(|mut anchor| {
                    anchor.col = file_col(text, anchor.line, anchor.col);
                    anchor
                }));
                if !text.inline {
                    html.push(rendered.html);
                } else if let Some(inner) = paragraph_inside(&rendered.html) {
                    html.push(inner.to_string());
                } else {
                    errors.push(Diagnostic::at(
                        Location::new(source, text.line, text.col),
                        "this text is shown inside a label, legend or title, so it must be a single paragraph; expected no blank lines, lists, headings or other blocks",
                    ));
                }
            }
            Err(found) => errors.extend(found.into_iter().map(|mut error| {
                if let Some(location) = &mut error.location {
                    location.col = file_col(text, location.line, location.col);
                }
                error
            })),
        }
    }
    RenderedQuiz {
        html,
        anchor_refs,
        errors,
    }
}

/// On the text's first line, the Markdown's columns start where the text starts in the file.
fn file_col(text: &Text, line: usize, col: usize) -> usize {
    if line == text.line {
        text.col + col - 1
    } else {
        col
    }
}

/// The inside of HTML that is one paragraph (or nothing), for use in a label or legend.
fn paragraph_inside(html: &str) -> Option<&str> {
    let html = html.trim();
    if html.is_empty() {
        return Some("");
    }
    let inner = html.strip_prefix("<p>")?.strip_suffix("</p>")?;
    (!inner.contains("<p>")).then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_paragraph_loses_its_tags_and_more_is_refused() {
        assert_eq!(
            paragraph_inside("<p>I <em>listen</em>.</p>\n"),
            Some("I <em>listen</em>.")
        );
        assert_eq!(paragraph_inside(""), Some(""));
        assert_eq!(paragraph_inside("<p>One.</p>\n<p>Two.</p>\n"), None);
        assert_eq!(paragraph_inside("<ul>\n<li>A</li>\n</ul>\n"), None);
    }

    #[test]
    fn columns_on_the_first_line_are_shifted_to_the_file() {
        let text = Text::new("x", 7, 10, true);
        assert_eq!(file_col(&text, 7, 3), 12);
        assert_eq!(file_col(&text, 8, 3), 3);
    }
}
