//! The Markdown stage: Markdown body → HTML, summary, table of contents,
//! heading ids, internal-link resolution, directives, word count.
//!
//! One pass over pulldown-cmark's events (with source offsets) rewrites them
//! into a buffer; heading ids are assigned right after the pass (so explicit
//! `{#id}`s always win), then the buffer is written as HTML once.
//! Helpers live in `headings.rs` (ids, slugs, TOC) and `links.rs` (locations,
//! `@/` links, directive info strings).

use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use super::headings::{self, HeadingRecord};
use super::highlight::{escape_html_into, highlight_code};
use super::links::{self, LineIndex};

/// A fenced block whose info string starts with `{`: a worksheet directive such as ```` ```{lines} 4 ````.
pub struct DirectiveBlock<'a> {
    pub name: &'a str,
    pub args: &'a str,
    pub options: Vec<(String, String)>,
    pub body: &'a str,
    pub line: usize,
}

pub struct MarkdownInput<'a> {
    pub text: &'a str,
    pub first_line: usize,
    /// Resolves an internal link target such as "articles/caring.md" to its URL path "/articles/caring/" (no anchor); None when no such page exists.
    pub resolve: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Renders a directive block to HTML, or returns the error message (without location).
    pub directive: &'a (dyn Fn(&DirectiveBlock) -> Result<String, String> + Sync),
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    pub children: Vec<TocEntry>,
}

#[derive(Debug, Clone, PartialEq)]
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
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

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

/// A code block being collected (its text arrives in one or more events).
struct CodeBlock<'a> {
    info: Option<CowStr<'a>>, // None for indented blocks
    offset: usize,
}

struct State<'i, 'a> {
    input: &'i MarkdownInput<'a>,
    lines: LineIndex<'a>,
    events: Vec<Event<'a>>,
    errors: Vec<MarkdownError>,
    anchor_refs: Vec<AnchorRef>,
    /// `#anchor` links to check once all ids are known: (anchor, byte offset).
    same_page: Vec<(String, usize)>,
    /// ids written by hand in raw HTML or directives, and footnote labels.
    other_ids: Vec<String>,
    headings: Vec<HeadingRecord>,
    word_count: usize,
    in_word: bool,
    has_code: bool,
    code_buf: String,
}

impl<'a> State<'_, 'a> {
    fn error_at(&mut self, offset: usize, message: String) {
        let (line, col) = self.lines.locate(offset);
        self.errors.push(MarkdownError { line, col, message });
    }

    /// Counts whitespace-separated words; a word may span several text events
    /// (`thr**ee**`), so the in-word state carries over between them.
    fn count_words(&mut self, text: &str) {
        let mut in_word = self.in_word;
        let mut count = 0;
        for &b in text.as_bytes() {
            // Non-ASCII bytes are parts of letters (or of rare Unicode spaces,
            // which count as part of a word: a no-break space joins words anyway).
            let space = b.is_ascii_whitespace();
            count += (!space && !in_word) as usize;
            in_word = !space;
        }
        self.word_count += count;
        self.in_word = in_word;
    }

    /// Rewrites a link or image destination (`@/…` → URL) and records what must be checked.
    fn rewrite_dest(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
        if let Some(link) = links::parse_internal(&dest) {
            return match (self.input.resolve)(link.path) {
                Some(mut url) => {
                    if !link.anchor.is_empty() {
                        url.push('#');
                        url.push_str(link.anchor);
                        let (line, col) = self.lines.locate(offset);
                        self.anchor_refs.push(AnchorRef {
                            target: link.path.to_string(),
                            anchor: link.anchor.to_string(),
                            line,
                            col,
                        });
                    }
                    url.into()
                }
                None => {
                    let message = links::unknown_link_message(link.path);
                    self.error_at(offset, message);
                    dest
                }
            };
        }
        if let Some(anchor) = dest.strip_prefix('#')
            && !anchor.is_empty()
        {
            self.same_page.push((anchor.to_string(), offset));
        }
        dest
    }

    /// Turns a finished code block into HTML (or a directive's HTML).
    fn finish_code(&mut self, block: CodeBlock<'a>) {
        let info = block.info.as_deref().unwrap_or("").trim();
        let html = if info.starts_with('{') {
            match self.directive(info, block.offset) {
                Some(html) => html,
                None => return,
            }
        } else {
            self.has_code = true;
            let lang = info
                .split(|c: char| c.is_whitespace() || c == ',' || c == '{')
                .next()
                .unwrap_or("");
            let mut html = String::with_capacity(self.code_buf.len() * 2 + 64);
            if lang.is_empty() {
                html.push_str("<pre class=\"code\"><code>");
                escape_html_into(&mut html, &self.code_buf);
            } else {
                html.push_str("<pre class=\"code\" data-lang=\"");
                escape_html_into(&mut html, lang);
                html.push_str("\"><code>");
                html.push_str(&highlight_code(&self.code_buf, lang));
            }
            html.push_str("</code></pre>\n");
            html
        };
        self.events.push(Event::Html(html.into()));
    }

    fn directive(&mut self, info: &str, offset: usize) -> Option<String> {
        let line = self.lines.locate(offset).0;
        let (name, args) = match links::parse_directive_info(info) {
            Ok(parts) => parts,
            Err(message) => {
                self.errors.push(MarkdownError {
                    line,
                    col: 1,
                    message,
                });
                return None;
            }
        };
        let (options, body) = links::split_options(&self.code_buf);
        let block = DirectiveBlock {
            name,
            args,
            options,
            body,
            line,
        };
        match (self.input.directive)(&block) {
            Ok(html) => {
                links::scan_html_ids(&html, |id| self.other_ids.push(id.to_string()));
                Some(html)
            }
            Err(message) => {
                self.errors.push(MarkdownError {
                    line,
                    col: 1,
                    message,
                });
                None
            }
        }
    }
}

/// Renders a page's Markdown body. Returns ALL the page's errors, in file order.
pub fn render(input: &MarkdownInput) -> Result<RenderedMarkdown, Vec<MarkdownError>> {
    let text = input.text;
    let mut st = State {
        input,
        lines: LineIndex::new(text, input.first_line),
        events: Vec::with_capacity(text.len() / 8 + 16),
        errors: Vec::new(),
        anchor_refs: Vec::new(),
        same_page: Vec::new(),
        other_ids: Vec::new(),
        headings: Vec::new(),
        word_count: 0,
        in_word: false,
        has_code: false,
        code_buf: String::new(),
    };
    let mut depth = 0usize;
    let mut code: Option<CodeBlock> = None;
    let mut heading: Option<HeadingRecord> = None;
    let mut in_image = 0usize;
    let mut pending_html_block: Option<usize> = None;
    let mut more_at: Option<usize> = None;
    let mut first_para: Option<(usize, Option<usize>)> = None;

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        if code.is_some() {
            match event {
                Event::Text(t) => st.code_buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    depth -= 1;
                    if let Some(block) = code.take() {
                        st.finish_code(block);
                    }
                }
                _ => {}
            }
            continue;
        }
        match event {
            Event::Start(tag) => {
                let top = depth == 0;
                depth += 1;
                match tag {
                    Tag::Heading {
                        level,
                        id,
                        classes,
                        attrs,
                    } => {
                        st.in_word = false;
                        heading = Some(HeadingRecord {
                            level: level as u8,
                            start_event: st.events.len(),
                            anchor_event: 0,
                            offset: range.start,
                            title: String::new(),
                            explicit_id: id.as_deref().map(str::to_string),
                        });
                        st.events.push(Event::Start(Tag::Heading {
                            level,
                            id,
                            classes,
                            attrs,
                        }));
                    }
                    Tag::CodeBlock(kind) => {
                        st.in_word = false;
                        st.code_buf.clear();
                        let info = match kind {
                            CodeBlockKind::Fenced(info) => Some(info),
                            CodeBlockKind::Indented => None,
                        };
                        code = Some(CodeBlock {
                            info,
                            offset: range.start,
                        });
                    }
                    Tag::BlockQuote(Some(kind)) => {
                        st.events.push(Event::Html(callout_open(kind).into()))
                    }
                    Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    } => {
                        let dest_url = st.rewrite_dest(dest_url, range.start);
                        st.events.push(Event::Start(Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                    Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    } => {
                        in_image += 1;
                        let dest_url = st.rewrite_dest(dest_url, range.start);
                        st.events.push(Event::Start(Tag::Image {
                            link_type,
                            dest_url,
                            title,
                            id,
                        }));
                    }
                    Tag::HtmlBlock => {
                        if top {
                            pending_html_block = Some(st.events.len());
                        }
                        st.events.push(Event::Start(Tag::HtmlBlock));
                    }
                    Tag::Paragraph => {
                        if top && first_para.is_none() {
                            first_para = Some((st.events.len(), None));
                        }
                        st.in_word = false;
                        st.events.push(Event::Start(Tag::Paragraph));
                    }
                    Tag::FootnoteDefinition(label) => {
                        st.other_ids.push(label.to_string());
                        st.events.push(Event::Start(Tag::FootnoteDefinition(label)));
                    }
                    tag => {
                        if !matches!(
                            tag,
                            Tag::Emphasis
                                | Tag::Strong
                                | Tag::Strikethrough
                                | Tag::Superscript
                                | Tag::Subscript
                        ) {
                            st.in_word = false;
                        }
                        st.events.push(Event::Start(tag));
                    }
                }
            }
            Event::End(end) => {
                depth = depth.saturating_sub(1);
                match end {
                    TagEnd::Heading(_) => {
                        st.in_word = false;
                        if let Some(mut h) = heading.take() {
                            h.anchor_event = st.events.len();
                            st.events.push(Event::InlineHtml(CowStr::Borrowed("")));
                            st.headings.push(h);
                        }
                        st.events.push(Event::End(end));
                    }
                    TagEnd::BlockQuote(Some(_)) => st.events.push(Event::Html("</aside>\n".into())),
                    TagEnd::Image => {
                        in_image -= 1;
                        st.events.push(Event::End(end));
                    }
                    TagEnd::Paragraph => {
                        st.in_word = false;
                        if depth == 0
                            && let Some((_, end_at @ None)) = &mut first_para
                        {
                            *end_at = Some(st.events.len());
                        }
                        st.events.push(Event::End(end));
                    }
                    TagEnd::HtmlBlock => {
                        pending_html_block = None;
                        st.events.push(Event::End(end));
                    }
                    TagEnd::Emphasis
                    | TagEnd::Strong
                    | TagEnd::Strikethrough
                    | TagEnd::Superscript
                    | TagEnd::Subscript
                    | TagEnd::Link => {
                        st.events.push(Event::End(end));
                    }
                    end => {
                        st.in_word = false;
                        st.events.push(Event::End(end));
                    }
                }
            }
            Event::Text(t) => {
                if in_image == 0 {
                    st.count_words(&t);
                }
                if let Some(h) = &mut heading {
                    h.title.push_str(&t);
                }
                st.events.push(Event::Text(t));
            }
            Event::Code(t) => {
                st.in_word = false;
                if let Some(h) = &mut heading {
                    h.title.push_str(&t);
                }
                st.events.push(Event::Code(t));
            }
            Event::Html(h) => {
                if h.contains("id=") {
                    links::scan_html_ids(&h, |id| st.other_ids.push(id.to_string()));
                }
                if let Some(at) = pending_html_block.take()
                    && more_at.is_none()
                    && is_more_marker(&h)
                {
                    more_at = Some(at);
                }
                st.events.push(Event::Html(h));
            }
            Event::InlineHtml(h) => {
                if h.contains("id=") {
                    links::scan_html_ids(&h, |id| st.other_ids.push(id.to_string()));
                }
                st.events.push(Event::InlineHtml(h));
            }
            Event::SoftBreak | Event::HardBreak => {
                st.in_word = false;
                if let Some(h) = &mut heading {
                    h.title.push(' ');
                }
                st.events.push(event);
            }
            Event::TaskListMarker(checked) => {
                st.events.push(Event::InlineHtml(if checked {
                    "<input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Task\"> "
                        .into()
                } else {
                    "<input type=\"checkbox\" class=\"task\" disabled aria-label=\"Task\"> ".into()
                }));
            }
            event => st.events.push(event),
        }
    }

    // Heading ids, anchor links, TOC.
    let (ids, dups) = headings::assign_ids(&st.headings);
    for dup in dups {
        let first_line = st.lines.locate(dup.first_offset).0;
        st.error_at(
            dup.offset,
            format!(
                "duplicate heading id `#{}`; line {first_line} already uses it",
                dup.id
            ),
        );
    }
    let mut toc: Vec<TocEntry> = Vec::new();
    for (h, id) in st.headings.iter_mut().zip(&ids) {
        h.title = collapse_whitespace(&h.title);
        if let Event::Start(Tag::Heading { id: slot, .. }) = &mut st.events[h.start_event] {
            *slot = Some(CowStr::from(id.clone()));
        }
        st.events[h.anchor_event] = Event::InlineHtml(headings::anchor_html(id, &h.title).into());
        if (2..=4).contains(&h.level) {
            let entry = TocEntry {
                level: h.level,
                id: id.clone(),
                title: h.title.clone(),
                children: Vec::new(),
            };
            headings::toc_insert(&mut toc, entry);
        }
    }

    // Same-page anchors, now that every id is known.
    if !st.same_page.is_empty() {
        let same_page = std::mem::take(&mut st.same_page);
        for (anchor, offset) in same_page {
            if !ids.iter().chain(&st.other_ids).any(|id| *id == anchor) {
                let message = links::unknown_anchor_message(&anchor, &ids);
                st.error_at(offset, message);
            }
        }
    }

    if !st.errors.is_empty() {
        st.errors.sort_by_key(|e| (e.line, e.col));
        return Err(st.errors);
    }

    let summary_range = match (more_at, first_para) {
        (Some(at), _) => Some(0..at),
        (None, Some((start, Some(end)))) => Some(start..end + 1),
        _ => None,
    };
    let mut summary_html = String::new();
    if let Some(r) = summary_range {
        // The summary is shown on other pages (lists, feeds): its headings keep
        // no id and no "#" link, which would point at the wrong page there.
        let first = r.start;
        let anchors: Vec<usize> = st.headings.iter().map(|h| h.anchor_event).collect();
        let events = st.events[r]
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
        pulldown_cmark::html::push_html(&mut summary_html, events);
    }
    let mut html = String::with_capacity(text.len() + text.len() / 2);
    pulldown_cmark::html::push_html(&mut html, st.events.into_iter());

    let mut anchors = ids;
    anchors.extend(st.other_ids);
    Ok(RenderedMarkdown {
        html,
        summary_html,
        toc,
        anchors,
        anchor_refs: st.anchor_refs,
        word_count: st.word_count,
        has_code: st.has_code,
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    fn resolve(path: &str) -> Option<String> {
        match path {
            "articles/caring.md" => Some("/articles/caring/".into()),
            "about.md" => Some("/about/".into()),
            "img/hearth.png" => Some("/img/hearth.png".into()),
            _ => None,
        }
    }

    fn directive(b: &DirectiveBlock) -> Result<String, String> {
        match b.name {
            "lines" => Ok(format!(
                "<div class=\"lines\" data-n=\"{}\"></div>\n",
                b.args
            )),
            _ => Err(format!("unknown directive `{{{}}}`", b.name)),
        }
    }

    fn render_at(text: &str, first_line: usize) -> Result<RenderedMarkdown, Vec<MarkdownError>> {
        render(&MarkdownInput {
            text,
            first_line,
            resolve: &resolve,
            directive: &directive,
        })
    }

    fn ok(text: &str) -> RenderedMarkdown {
        render_at(text, 1).unwrap_or_else(|e| panic!("unexpected errors: {e:#?}"))
    }

    fn errs(text: &str, first_line: usize) -> Vec<MarkdownError> {
        match render_at(text, first_line) {
            Ok(r) => panic!("expected errors, got HTML:\n{}", r.html),
            Err(e) => e,
        }
    }

    fn err(line: usize, col: usize, message: &str) -> MarkdownError {
        MarkdownError {
            line,
            col,
            message: message.to_string(),
        }
    }

    #[test]
    fn github_alerts_become_callouts() {
        let r = ok("> [!NOTE]\n> Remember this.\n\n> [!CAUTION]\n> Hot.\n\n> plain quote\n");
        assert_eq!(
            r.html,
            "<aside class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p>\n\
             <p>Remember this.</p>\n</aside>\n\
             <aside class=\"callout callout-caution\" role=\"note\"><p class=\"callout-title\">Caution</p>\n\
             <p>Hot.</p>\n</aside>\n\
             <blockquote>\n<p>plain quote</p>\n</blockquote>\n"
        );
        for (kind, title) in [
            ("TIP", "Tip"),
            ("IMPORTANT", "Important"),
            ("WARNING", "Warning"),
        ] {
            let r = ok(&format!("> [!{kind}]\n> x\n"));
            let class = kind.to_ascii_lowercase();
            assert!(
                r.html.starts_with(&format!(
                    "<aside class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>"
                )),
                "{}",
                r.html
            );
        }
    }

    #[test]
    fn heading_ids_dedupe_and_explicit_ids() {
        let r = ok(
            "## Getting started\n\n## Getting started\n\n### Crème brûlée!\n\n## Other {#custom-id}\n\n## Getting Started\n",
        );
        assert_eq!(
            r.anchors,
            [
                "getting-started",
                "getting-started-1",
                "creme-brulee",
                "custom-id",
                "getting-started-2"
            ]
        );
        assert!(
            r.html.contains("<h2 id=\"custom-id\">Other <a"),
            "{}",
            r.html
        );
        // An explicit id wins even over an earlier heading whose slug it is.
        let r = ok("## Setup\n\n## Install {#setup}\n");
        assert_eq!(r.anchors, ["setup-1", "setup"]);
        assert!(r.html.starts_with("<h2 id=\"setup-1\">Setup"), "{}", r.html);
    }

    #[test]
    fn duplicate_explicit_ids_are_errors() {
        let e = errs("## A {#x}\n\n## B {#x}\n", 1);
        assert_eq!(
            e,
            [err(
                3,
                1,
                "duplicate heading id `#x`; line 1 already uses it"
            )]
        );
    }

    #[test]
    fn headings_have_accessible_anchor_links() {
        let r = ok("## Why *care*? {#why}\n");
        assert_eq!(
            r.html,
            "<h2 id=\"why\">Why <em>care</em>? <a class=\"anchor\" href=\"#why\" aria-label=\"Link to section: Why care?\">#</a></h2>\n"
        );
        let r = ok("# Tom & \\<Jerry\\> {#tj}\n");
        assert!(
            r.html
                .contains("aria-label=\"Link to section: Tom &amp; &lt;Jerry&gt;\""),
            "{}",
            r.html
        );
    }

    #[test]
    fn toc_is_nested_h2_to_h4_with_plain_titles() {
        let r = ok(
            "# Page\n\n### Early\n\n## One `code` *em*\n\n### One.a\n\n#### One.a.i\n\n##### Too deep\n\n### One.b\n\n## Two\n",
        );
        let entry = |level, id: &str, title: &str, children| TocEntry {
            level,
            id: id.into(),
            title: title.into(),
            children,
        };
        assert_eq!(
            r.toc,
            vec![
                entry(3, "early", "Early", vec![]),
                entry(
                    2,
                    "one-code-em",
                    "One code em",
                    vec![
                        entry(
                            3,
                            "one-a",
                            "One.a",
                            vec![entry(4, "one-a-i", "One.a.i", vec![])]
                        ),
                        entry(3, "one-b", "One.b", vec![]),
                    ]
                ),
                entry(2, "two", "Two", vec![]),
            ]
        );
    }

    #[test]
    fn internal_links_are_resolved() {
        let r = ok(
            "See [caring](@/articles/caring.md), [about](@/about.md \"About us\") and ![a hearth](@/img/hearth.png).\n\n[ref]: @/about.md\n\nAlso [the ref][ref].\n",
        );
        assert_eq!(
            r.html,
            "<p>See <a href=\"/articles/caring/\">caring</a>, <a href=\"/about/\" title=\"About us\">about</a> \
             and <img src=\"/img/hearth.png\" alt=\"a hearth\" />.</p>\n<p>Also <a href=\"/about/\">the ref</a>.</p>\n"
        );
        assert!(r.anchor_refs.is_empty());
    }

    #[test]
    fn missing_page_is_an_error_at_the_link() {
        // Front matter took 4 lines; the link is on the body's 3rd line, after 4 chars (one non-ASCII).
        let e = errs("# T\n\nSée [x](@/nope/gone.md#part) here.\n", 5);
        assert_eq!(
            e,
            [err(
                7,
                5,
                "unknown internal link `@/nope/gone.md`; no page at content/nope/gone.md"
            )]
        );
        let e = errs("Text ![alt](@/img/none.png)\n", 1);
        assert_eq!(
            e,
            [err(
                1,
                6,
                "unknown internal link `@/img/none.png`; no page at content/img/none.png"
            )]
        );
    }

    #[test]
    fn anchors_of_internal_links_are_returned() {
        let r = render_at(
            "Intro.\n\n* read [why](@/articles/caring.md#why-care) first\n",
            10,
        )
        .unwrap();
        assert!(
            r.html
                .contains("<a href=\"/articles/caring/#why-care\">why</a>"),
            "{}",
            r.html
        );
        assert_eq!(
            r.anchor_refs,
            [AnchorRef {
                target: "articles/caring.md".into(),
                anchor: "why-care".into(),
                line: 12,
                col: 8
            }]
        );
    }

    #[test]
    fn same_page_anchors_are_checked() {
        let r = ok(
            "[down](#later) and [html](#hand-made)\n\n## Later\n\n<div id=\"hand-made\"></div>\n",
        );
        assert!(r.html.contains("<a href=\"#later\">down</a>"));
        let e = errs("## A\n\n## B\n\nGo to [nowhere](#c).\n", 1);
        assert_eq!(
            e,
            [err(
                5,
                7,
                "unknown anchor `#c` on this page; headings here are: a, b"
            )]
        );
        let e = errs("[x](#y)\n", 1);
        assert_eq!(
            e,
            [err(
                1,
                1,
                "unknown anchor `#y` on this page; it has no headings"
            )]
        );
    }

    #[test]
    fn summary_is_before_more_marker() {
        let r = ok("First para.\n\nSecond para.\n\n<!-- more -->\n\nRest.\n");
        assert_eq!(r.summary_html, "<p>First para.</p>\n<p>Second para.</p>\n");
        assert!(r.html.contains("<p>Rest.</p>"));
        let r = ok("## Why {#why}\n\nIntro\n<!--more-->\nafter\n");
        assert_eq!(r.summary_html, "<h2>Why</h2>\n<p>Intro</p>\n");
        assert!(r.html.starts_with("<h2 id=\"why\">Why <a class=\"anchor\""));
        let r = ok("Intro\n<!--more-->\nafter\n");
        assert_eq!(r.summary_html, "<p>Intro</p>\n");
    }

    #[test]
    fn summary_defaults_to_first_paragraph() {
        let r = ok("# Title\n\n> quoted para\n\nThe *first* paragraph.\n\nThe second.\n");
        assert_eq!(r.summary_html, "<p>The <em>first</em> paragraph.</p>\n");
        assert_eq!(ok("## Only a heading\n").summary_html, "");
    }

    #[test]
    fn word_count_skips_code() {
        let r = ok(
            "# Two words\n\nOne *two* thr**ee** — don't `skip me`.\n\n```rust\nlet not_counted = 1;\n```\n\n    indented code\n\n- a\n- b c\n\n![alt text](x.png)\n",
        );
        // "Two words" 2 + "One two three — don’t ." 5 ("—" and "." stand alone) + a, b, c 3.
        assert_eq!(r.word_count, 2 + 6 + 3);
    }

    #[test]
    fn code_blocks_are_highlighted_with_classes() {
        let r = ok("```rust\nfn main() { println!(\"<hi>\"); }\n```\n");
        assert!(r.has_code);
        assert!(
            r.html
                .starts_with("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-"),
            "{}",
            r.html
        );
        assert!(r.html.ends_with("</code></pre>\n"));
        assert!(r.html.contains("&lt;hi&gt;"));
        assert!(!r.html.contains("style="));
        let r = ok("```\na < b\n```\n\n    indented\n");
        assert_eq!(
            r.html,
            "<pre class=\"code\"><code>a &lt; b\n</code></pre>\n<pre class=\"code\"><code>indented\n</code></pre>\n"
        );
        assert!(!ok("Just `inline` code.\n").has_code);
    }

    #[test]
    fn directives_get_their_block_and_errors_are_located() {
        let seen = Mutex::new(Vec::new());
        let record = |b: &DirectiveBlock| {
            seen.lock().unwrap().push((
                b.name.to_string(),
                b.args.to_string(),
                b.options.clone(),
                b.body.to_string(),
                b.line,
            ));
            if b.name == "lines" {
                Ok("<div class=\"lines\"></div>\n".to_string())
            } else {
                Err("needs a question".to_string())
            }
        };
        let text = "Para.\n\n```{lines} 4 wide\n:label: Your name\n:rows:3\n\nWrite here.\n:not an option:\n```\n\n```{quiz}\n```\n";
        let e = render(&MarkdownInput {
            text,
            first_line: 4,
            resolve: &resolve,
            directive: &record,
        })
        .unwrap_err();
        assert_eq!(e, [err(14, 1, "needs a question")]);
        let seen = seen.into_inner().unwrap();
        assert_eq!(
            seen[0],
            (
                "lines".to_string(),
                "4 wide".to_string(),
                vec![
                    ("label".to_string(), "Your name".to_string()),
                    ("rows".to_string(), "3".to_string())
                ],
                "Write here.\n:not an option:\n".to_string(),
                6
            )
        );
        assert_eq!(seen[1].0, "quiz");

        let r = ok("```{lines} 2\n```\n");
        assert_eq!(r.html, "<div class=\"lines\" data-n=\"2\"></div>\n");
        assert!(!r.has_code);
    }

    #[test]
    fn malformed_directive_info_is_an_error() {
        let e = errs("text\n\n```{lines 4\nbody\n```\n", 1);
        assert_eq!(e.len(), 1);
        assert_eq!((e[0].line, e[0].col), (3, 1));
        assert!(
            e[0].message.starts_with("malformed directive `{lines 4`"),
            "{}",
            e[0].message
        );
    }

    #[test]
    fn all_errors_are_reported_in_order() {
        let text = "## A\n\n[one](@/missing.md) and [two](#nope)\n\n```{unknown}\n```\n\n![three](@/gone.png)\n";
        let e = errs(text, 2);
        assert_eq!(
            e,
            [
                err(
                    4,
                    1,
                    "unknown internal link `@/missing.md`; no page at content/missing.md"
                ),
                err(
                    4,
                    25,
                    "unknown anchor `#nope` on this page; headings here are: a"
                ),
                err(6, 1, "unknown directive `{unknown}`"),
                err(
                    9,
                    1,
                    "unknown internal link `@/gone.png`; no page at content/gone.png"
                ),
            ]
        );
    }

    #[test]
    fn extensions_and_raw_html() {
        let r = ok(
            "~~old~~ H<sub>2</sub>O\n\n| a |\n|---|\n| 1 |\n\n- [x] done\n- [ ] todo\n\nNote[^n].\n\n[^n]: The note.\n",
        );
        assert!(
            r.html.contains("<del>old</del> H<sub>2</sub>O"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains(
            "<input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Task\"> done"
        ));
        assert!(r.html.contains("class=\"footnote-definition\""));
    }
}
