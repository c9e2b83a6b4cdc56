//! The Markdown stage: every page's and section's body rendered to HTML, `@/` links resolved, anchors checked.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::build::directives::{BlockContext, render_block};
use crate::config::Settings;
use crate::error::{Diagnostic, Location};
use crate::model::page::Content;
use crate::model::site::Site;
use crate::model::toc::TocEntry;
use crate::parse::markdown::{self, AnchorRef, DirectiveBlock, MarkdownInput, RenderedMarkdown};
use crate::render::templates::Templates;

/// Renders all bodies in place. `unparsed` holds files that failed to parse: links to them are
/// not reported again as missing.
pub fn render_bodies(
    site: &mut Site,
    settings: &Settings,
    templates: Option<&Templates>,
    unparsed: &HashSet<String>,
) -> Vec<Diagnostic> {
    let resolve = |target: &str| -> Option<String> {
        match site.site_path_of(target) {
            Some(path) => Some(settings.url_path(path)),
            None => unparsed.contains(target).then(|| settings.url_path("")),
        }
    };
    let render = |source: &str,
                  body: &str,
                  first_line: usize|
     -> Result<RenderedMarkdown, Vec<Diagnostic>> {
        let blocks_seen = AtomicUsize::new(0);
        let directive = |block: &DirectiveBlock| {
            let context = BlockContext {
                page_source: source,
                index: blocks_seen.fetch_add(1, Ordering::Relaxed),
                templates,
            };
            render_block(block, &context)
        };
        let input = MarkdownInput {
            text: body,
            first_line,
            resolve: &resolve,
            directive: &directive,
        };
        markdown::render(&input).map_err(|errors| {
            errors
                .into_iter()
                .map(|error| {
                    Diagnostic::at(Location::new(source, error.line, error.col), error.message)
                })
                .collect()
        })
    };
    let pages: Vec<_> = site
        .pages
        .par_iter()
        .map(|page| render(&page.source, &page.body, page.body_first_line))
        .collect();
    let sections: Vec<_> = site
        .sections
        .par_iter()
        .map(|section| render(&section.source, &section.body, section.body_first_line))
        .collect();
    let quizzes = crate::build::quiz::render_quizzes(&site.pages, &render);

    let mut errors = Vec::new();
    let mut unrendered = unparsed.clone();
    let mut anchor_refs: Vec<(String, AnchorRef)> = Vec::new();
    for (index, result) in pages.into_iter().enumerate() {
        match result {
            Ok(rendered) => {
                let source = site.pages[index].source.clone();
                anchor_refs.extend(
                    rendered
                        .anchor_refs
                        .iter()
                        .cloned()
                        .map(|r| (source.clone(), r)),
                );
                site.pages[index].content = content_of(rendered);
            }
            Err(found) => {
                unrendered.insert(site.pages[index].content_path.clone());
                errors.extend(found);
            }
        }
    }
    for (index, result) in sections.into_iter().enumerate() {
        match result {
            Ok(rendered) => {
                let source = site.sections[index].source.clone();
                anchor_refs.extend(
                    rendered
                        .anchor_refs
                        .iter()
                        .cloned()
                        .map(|r| (source.clone(), r)),
                );
                site.sections[index].content = content_of(rendered);
            }
            Err(found) => {
                unrendered.insert(site.sections[index].content_path.clone());
                errors.extend(found);
            }
        }
    }
    errors.extend(crate::build::quiz::apply_quizzes(
        &mut site.pages,
        quizzes,
        &mut anchor_refs,
    ));
    errors.extend(check_anchors(site, &anchor_refs, &unrendered));
    errors
}

fn content_of(rendered: RenderedMarkdown) -> Content {
    Content {
        html: rendered.html,
        summary_html: rendered.summary_html,
        toc: rendered.toc.into_iter().map(toc_entry).collect(),
        anchors: rendered.anchors,
        word_count: rendered.word_count,
    }
}

fn toc_entry(entry: markdown::TocEntry) -> TocEntry {
    TocEntry {
        level: entry.level,
        id: entry.id,
        title: entry.title,
        children: entry.children.into_iter().map(toc_entry).collect(),
    }
}

fn check_anchors(
    site: &Site,
    refs: &[(String, AnchorRef)],
    unrendered: &HashSet<String>,
) -> Vec<Diagnostic> {
    refs.iter()
        .filter_map(|(source, anchor_ref)| {
            let anchors = match site.page_by_content_path.get(&anchor_ref.target) {
                Some(&index) => &site.pages[index].content.anchors,
                None => {
                    &site
                        .sections
                        .iter()
                        .find(|s| s.content_path == anchor_ref.target)?
                        .content
                        .anchors
                }
            };
            if anchors.contains(&anchor_ref.anchor) || unrendered.contains(&anchor_ref.target) {
                return None;
            }
            let known = if anchors.is_empty() {
                "it has no headings".to_string()
            } else {
                format!("its headings are: {}", anchors.join(", "))
            };
            Some(Diagnostic::at(
                Location::new(source, anchor_ref.line, anchor_ref.col),
                format!(
                    "unknown anchor `#{}` in `@/{}`; {known}",
                    anchor_ref.anchor, anchor_ref.target
                ),
            ))
        })
        .collect()
}
