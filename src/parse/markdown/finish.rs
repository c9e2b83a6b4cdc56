//! After the pass: heading ids and anchor links, the table of contents, same-page anchors
//! checked, then the HTML and the summary written from the event buffer.

use pulldown_cmark::{CowStr, Event, Tag};

use super::headings;
use super::state::State;
use super::{MarkdownError, RenderedMarkdown, TocEntry};
use crate::parse::links;

impl State<'_, '_> {
    /// Ends the pass: the rendered page, and every error of the page in file order.
    pub(super) fn finish(mut self) -> (RenderedMarkdown, Vec<MarkdownError>) {
        let (ids, toc) = self.place_heading_ids();
        self.check_same_page_anchors(&ids);
        let mut errors = std::mem::take(&mut self.errors);
        errors.sort_by_key(|e| (e.line, e.col));
        let mut warnings = std::mem::take(&mut self.warnings);
        warnings.sort_by_key(|e| (e.line, e.col));
        let summary_html = self.summary_html();
        let mut html = String::with_capacity(self.input.text.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.events.into_iter());
        let mut anchors = ids;
        anchors.extend(self.other_ids);
        let rendered = RenderedMarkdown {
            html,
            summary_html,
            toc,
            anchors,
            anchor_refs: self.anchor_refs,
            word_count: self.word_count,
            has_code: self.has_code,
            warnings,
            images: self.images,
        };
        (rendered, errors)
    }

    /// Gives every heading its id and anchor link; returns the ids in page order and the TOC.
    fn place_heading_ids(&mut self) -> (Vec<String>, Vec<TocEntry>) {
        let (ids, duplicates) = headings::assign_ids(&self.headings);
        for duplicate in duplicates {
            let first_line = self.lines.locate(duplicate.first_offset).0;
            self.error_at(
                duplicate.offset,
                format!(
                    "duplicate heading id `#{}`; line {first_line} already uses it",
                    duplicate.id
                ),
            );
        }
        let mut toc: Vec<TocEntry> = Vec::new();
        for (heading, id) in self.headings.iter_mut().zip(&ids) {
            heading.title = collapse_whitespace(&heading.title);
            if let Event::Start(Tag::Heading { id: slot, .. }) =
                &mut self.events[heading.start_event]
            {
                *slot = Some(CowStr::from(id.clone()));
            }
            self.events[heading.anchor_event] =
                Event::InlineHtml(headings::anchor_html(id, &heading.title).into());
            if (2..=4).contains(&heading.level) {
                let entry = TocEntry {
                    level: heading.level,
                    id: id.clone(),
                    title: heading.title.clone(),
                    children: Vec::new(),
                };
                headings::toc_insert(&mut toc, entry);
            }
        }
        // A site holds every page's table of contents until its pages are rendered.
        TocEntry::shrink_all(&mut toc);
        (ids, toc)
    }

    /// Same-page `#anchor` links, now that every id is known.
    fn check_same_page_anchors(&mut self, ids: &[String]) {
        let same_page = std::mem::take(&mut self.same_page);
        for (anchor, offset) in same_page {
            if !ids.iter().chain(&self.other_ids).any(|id| *id == anchor) {
                let message = links::unknown_anchor_message(&anchor, ids);
                self.error_at(offset, message);
            }
        }
    }

    /// What comes before `<!-- more -->`, or else the first paragraph.
    fn summary_html(&self) -> String {
        let range = match (self.more_at, self.first_para) {
            (Some(at), _) => 0..at,
            (None, Some((start, Some(end)))) => start..end + 1,
            _ => return String::new(),
        };
        // The summary is shown on other pages (lists, feeds): its headings keep
        // no id and no "#" link, which would point at the wrong page there.
        let first = range.start;
        let anchors: Vec<usize> = self.headings.iter().map(|h| h.anchor_event).collect();
        let events = self.events[range]
            .iter()
            .enumerate()
            .filter_map(|(i, event)| match event {
                Event::Start(Tag::Heading {
                    level,
                    classes,
                    attrs,
                    ..
                }) => Some(Event::Start(Tag::Heading {
                    level: *level,
                    id: None,
                    classes: classes.clone(),
                    attrs: attrs.clone(),
                })),
                _ if anchors.binary_search(&(first + i)).is_ok() => None,
                event => Some(event.clone()),
            });
        let mut summary_html = String::new();
        pulldown_cmark::html::push_html(&mut summary_html, events);
        // Held for every page, as the table of contents is.
        summary_html.shrink_to_fit();
        summary_html
    }
}

fn collapse_whitespace(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
