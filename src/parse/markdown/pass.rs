//! The one pass over pulldown-cmark's events: each event is checked, counted and rewritten
//! into the state's event buffer (headings recorded, links resolved, callouts opened…).

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Tag, TagEnd};

use super::headings::HeadingRecord;
use super::state::{CodeBlock, State};
use crate::parse::links;

fn callout_open(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => {
            "<aside class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p>\n"
        }
        BlockQuoteKind::Tip => {
            "<aside class=\"callout callout-tip\" role=\"note\"><p class=\"callout-title\">Tip</p>\n"
        }
        BlockQuoteKind::Important => {
            "<aside class=\"callout callout-important\" role=\"note\"><p class=\"callout-title\">Important</p>\n"
        }
        BlockQuoteKind::Warning => {
            "<aside class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Warning</p>\n"
        }
        BlockQuoteKind::Caution => {
            "<aside class=\"callout callout-caution\" role=\"note\"><p class=\"callout-title\">Caution</p>\n"
        }
    }
}

fn is_more_marker(html: &str) -> bool {
    html.trim()
        .strip_prefix("<!--")
        .and_then(|s| s.strip_suffix("-->"))
        .is_some_and(|s| s.trim() == "more")
}

/// Inline tags inside which a word goes on (`thr**ee**` is one word).
fn is_inline_style(tag: &Tag) -> bool {
    matches!(
        tag,
        Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Superscript | Tag::Subscript
    )
}

impl<'a> State<'_, 'a> {
    /// Takes in one event of the Markdown text, found at byte `offset`.
    pub(super) fn feed(&mut self, event: Event<'a>, offset: usize) {
        if self.code.is_some() {
            self.feed_code(event);
            return;
        }
        if self.feed_picture(&event) {
            return;
        }
        match event {
            Event::Start(tag) => self.start(tag, offset),
            Event::End(end) => self.end(end),
            Event::Text(text) => {
                if self.in_image == 0 {
                    self.count_words(&text);
                } else {
                    self.note_alt(&text);
                }
                if let Some(heading) = &mut self.heading {
                    heading.title.push_str(&text);
                }
                self.events.push(Event::Text(text));
            }
            Event::Code(text) => {
                self.in_word = false;
                if let Some(heading) = &mut self.heading {
                    heading.title.push_str(&text);
                }
                self.events.push(Event::Code(text));
            }
            Event::Html(html) => {
                self.note_html_ids(&html);
                if let Some(at) = self.pending_html_block.take()
                    && self.more_at.is_none()
                    && is_more_marker(&html)
                {
                    self.more_at = Some(at);
                }
                self.events.push(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                self.note_html_ids(&html);
                self.events.push(Event::InlineHtml(html));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.in_word = false;
                if let Some(heading) = &mut self.heading {
                    heading.title.push(' ');
                }
                self.events.push(event);
            }
            Event::TaskListMarker(checked) => {
                self.events.push(Event::InlineHtml(if checked {
                    "<input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Task\"> "
                        .into()
                } else {
                    "<input type=\"checkbox\" class=\"task\" disabled aria-label=\"Task\"> ".into()
                }));
            }
            event => self.events.push(event),
        }
    }

    /// Inside a code block: collects its text until it ends.
    fn feed_code(&mut self, event: Event<'a>) {
        match event {
            Event::Text(text) => self.code_buf.push_str(&text),
            Event::End(TagEnd::CodeBlock) => {
                self.depth -= 1;
                if let Some(block) = self.code.take() {
                    self.finish_code(block);
                }
            }
            _ => {}
        }
    }

    fn note_html_ids(&mut self, html: &str) {
        if html.contains("id=") {
            links::scan_html_ids(html, |id| self.other_ids.push(id.to_string()));
        }
    }

    fn start(&mut self, tag: Tag<'a>, offset: usize) {
        let top = self.depth == 0;
        self.depth += 1;
        if self.start_table_part(&tag) {
            return;
        }
        match tag {
            Tag::Heading {
                level,
                id,
                classes,
                attrs,
            } => {
                self.in_word = false;
                self.heading = Some(HeadingRecord {
                    level: level as u8,
                    start_event: self.events.len(),
                    anchor_event: 0,
                    offset,
                    title: String::new(),
                    explicit_id: id.as_deref().map(str::to_string),
                });
                self.events.push(Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }));
            }
            Tag::CodeBlock(kind) => {
                self.in_word = false;
                self.code_buf.clear();
                let info = match kind {
                    CodeBlockKind::Fenced(info) => Some(info),
                    CodeBlockKind::Indented => None,
                };
                self.code = Some(CodeBlock { info, offset });
            }
            Tag::BlockQuote(Some(kind)) => self.events.push(Event::Html(callout_open(kind).into())),
            Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            } => {
                let dest_url = self.rewrite_dest(dest_url, offset);
                self.events.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            tag @ Tag::Image { .. } => self.start_image(tag, offset),
            Tag::HtmlBlock => {
                if top {
                    self.pending_html_block = Some(self.events.len());
                }
                self.events.push(Event::Start(Tag::HtmlBlock));
            }
            Tag::Paragraph => {
                if top && self.first_para.is_none() {
                    self.first_para = Some((self.events.len(), None));
                }
                self.in_word = false;
                self.events.push(Event::Start(Tag::Paragraph));
            }
            Tag::FootnoteDefinition(label) => {
                self.other_ids.push(label.to_string());
                self.events
                    .push(Event::Start(Tag::FootnoteDefinition(label)));
            }
            tag => {
                if !is_inline_style(&tag) {
                    self.in_word = false;
                }
                self.events.push(Event::Start(tag));
            }
        }
    }

    fn end(&mut self, end: TagEnd) {
        self.depth = self.depth.saturating_sub(1);
        if self.end_table_part(end) {
            return;
        }
        match end {
            TagEnd::Heading(_) => {
                self.in_word = false;
                if let Some(mut heading) = self.heading.take() {
                    heading.anchor_event = self.events.len();
                    self.events.push(Event::InlineHtml(CowStr::Borrowed("")));
                    self.headings.push(heading);
                }
                self.events.push(Event::End(end));
            }
            TagEnd::BlockQuote(Some(_)) => self.events.push(Event::Html("</aside>\n".into())),
            TagEnd::Image => {
                self.in_image -= 1;
                self.events.push(Event::End(end));
                if self.in_image == 0 {
                    self.end_image();
                }
            }
            TagEnd::Paragraph => {
                self.in_word = false;
                if self.depth == 0
                    && let Some((_, end_at @ None)) = &mut self.first_para
                {
                    *end_at = Some(self.events.len());
                }
                self.events.push(Event::End(end));
            }
            TagEnd::HtmlBlock => {
                self.pending_html_block = None;
                self.events.push(Event::End(end));
            }
            TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link => self.events.push(Event::End(end)),
            end => {
                self.in_word = false;
                self.events.push(Event::End(end));
            }
        }
    }
}
