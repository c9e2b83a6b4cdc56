//! What the Markdown pass carries from one event to the next, and its small helpers
//! (error places, word counting, `@/` link rewriting).

use pulldown_cmark::{CowStr, Event};

use super::headings::HeadingRecord;
use super::images::OpenImage;
use super::{AnchorRef, MarkdownError, MarkdownInput, relative, shortcodes};
use crate::images::UsedImage;
use crate::parse::links::{self, LineIndex};

/// A code block being collected (its text arrives in one or more events).
pub(super) struct CodeBlock<'a> {
    /// None for indented blocks.
    pub info: Option<CowStr<'a>>,
    pub offset: usize,
}

/// The table being rewritten: its columns' alignments and where the pass is in it.
pub(super) struct TableState {
    pub alignments: Vec<pulldown_cmark::Alignment>,
    pub in_head: bool,
    pub cell: usize,
}

pub(super) struct State<'i, 'a> {
    pub input: &'i MarkdownInput<'a>,
    pub lines: LineIndex<'a>,
    /// The rewritten events, written as HTML once the pass is over.
    pub events: Vec<Event<'a>>,
    pub errors: Vec<MarkdownError>,
    pub warnings: Vec<MarkdownError>,
    pub anchor_refs: Vec<AnchorRef>,
    /// `#anchor` links to check once all ids are known: (anchor, byte offset).
    pub same_page: Vec<(String, usize)>,
    /// ids written by hand in raw HTML or directives, and footnote labels.
    pub other_ids: Vec<String>,
    pub headings: Vec<HeadingRecord>,
    pub word_count: usize,
    pub in_word: bool,
    pub has_code: bool,
    pub code_buf: String,
    /// How many blocks are open around the current event.
    pub depth: usize,
    pub code: Option<CodeBlock<'a>>,
    pub heading: Option<HeadingRecord>,
    pub table: Option<TableState>,
    pub in_image: usize,
    /// The outermost image being read, when inside one.
    pub image: Option<OpenImage>,
    /// How many images the page showed so far (the first is not loaded lazily).
    pub images_seen: usize,
    /// The processed images the page shows.
    pub images: Vec<UsedImage>,
    /// Event index of a top-level HTML block just opened (a `<!-- more -->` candidate).
    pub pending_html_block: Option<usize>,
    /// Event index where the summary ends, when the page has a `<!-- more -->` marker.
    pub more_at: Option<usize>,
    /// Event indices of the first top-level paragraph's start and end.
    pub first_para: Option<(usize, Option<usize>)>,
}

impl<'i, 'a> State<'i, 'a> {
    pub(super) fn new(input: &'i MarkdownInput<'a>) -> Self {
        let text = input.text;
        State {
            input,
            lines: LineIndex::new(text, input.first_line),
            events: Vec::with_capacity(text.len() / 8 + 16),
            errors: Vec::new(),
            warnings: Vec::new(),
            anchor_refs: Vec::new(),
            same_page: Vec::new(),
            other_ids: Vec::new(),
            headings: Vec::new(),
            word_count: 0,
            in_word: false,
            has_code: false,
            code_buf: String::new(),
            depth: 0,
            code: None,
            heading: None,
            table: None,
            in_image: 0,
            image: None,
            images_seen: 0,
            images: Vec::new(),
            pending_html_block: None,
            more_at: None,
            first_para: None,
        }
    }

    pub(super) fn error_at(&mut self, offset: usize, message: String) {
        let (line, col) = self.lines.locate(offset);
        self.errors.push(MarkdownError { line, col, message });
    }

    /// Counts whitespace-separated words; a word may span several text events
    /// (`thr**ee**`), so the in-word state carries over between them.
    pub(super) fn count_words(&mut self, text: &str) {
        // Non-ASCII bytes are parts of letters (or of rare Unicode spaces, which count as part
        // of a word: a no-break space joins words anyway).
        let bytes = text.as_bytes();
        let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
            return;
        };
        // A word starts at each letter after a space: pairs of bytes, counted without a
        // running state or a branch, in a byte for 255 pairs at a time, which the compiler
        // does many at a time.
        let space =
            |byte: u8| u8::from((byte == b' ') | ((byte.wrapping_sub(b'\t') < 5) & (byte != 0x0b)));
        let (befores, afters) = (&bytes[..bytes.len() - 1], &bytes[1..]);
        let starts: usize = (befores.chunks(255).zip(afters.chunks(255)))
            .map(|(befores, afters)| {
                let pairs = befores.iter().zip(afters);
                let starts = pairs.fold(0u8, |starts, (&before, &after)| {
                    starts + (space(before) & (1 - space(after)))
                });
                usize::from(starts)
            })
            .sum();
        let first_starts = !first.is_ascii_whitespace() && !self.in_word;
        self.word_count += starts + usize::from(first_starts);
        self.in_word = !last.is_ascii_whitespace();
    }

    /// Rewrites a link or image destination (`@/…` → URL) and records what must be checked.
    pub(super) fn rewrite_dest(&mut self, dest: CowStr<'a>, offset: usize) -> CowStr<'a> {
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
        match relative::resolve(self.input.folder, &dest) {
            None => dest,
            Some(Err(message)) => {
                self.error_at(offset, message);
                dest
            }
            Some(Ok(found)) if found.is_page => match (self.input.resolve)(&found.content_path) {
                Some(mut url) => {
                    if !found.anchor.is_empty() {
                        url.push('#');
                        url.push_str(&found.anchor);
                        let (line, col) = self.lines.locate(offset);
                        self.anchor_refs.push(AnchorRef {
                            target: found.content_path,
                            anchor: found.anchor,
                            line,
                            col,
                        });
                    }
                    url.into()
                }
                None => {
                    let message = format!(
                        "unknown relative link `{dest}`; no page at content/{}",
                        found.content_path
                    );
                    self.error_at(offset, message);
                    dest
                }
            },
            Some(Ok(found)) => match (self.input.asset)(&found.content_path) {
                Some(mut url) => {
                    if !found.anchor.is_empty() {
                        url.push('#');
                        url.push_str(&found.anchor);
                    }
                    url.into()
                }
                None => {
                    let message = format!(
                        "missing file `{dest}`; no file at content/{}",
                        found.content_path
                    );
                    self.error_at(offset, message);
                    dest
                }
            },
        }
    }

    /// Warns of every piece of text outside `code` (byte ranges) that looks like a shortcode.
    pub(super) fn note_shortcodes(&mut self, code: &[std::ops::Range<usize>]) {
        for found in shortcodes::find(self.input.text, code) {
            let (line, col) = self.lines.locate(found.offset);
            let message = found.message();
            self.warnings.push(MarkdownError { line, col, message });
        }
    }
}
