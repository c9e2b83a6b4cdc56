//! What a render job read, recorded while it renders: every accessor of `context::Views` and
//! every template rendered notes the input it hands out, so a job's record of its inputs comes
//! from the same code that renders it.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};

/// Something of the site or the theme a render job reads. Indices are into the `Site` the job
/// was rendered from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Input {
    /// The settings as templates see them: `config`, the base URL, the menu.
    Config,
    /// A template, with every template it extends, includes or imports.
    Template(String),
    /// A page as its own page shows it: the whole model of the page (header, body, quiz).
    Page(usize),
    /// A page's summary, as listings show it.
    Summary(usize),
    /// A page as the search index holds it: title, description, headings, excerpt and the words
    /// of its text, whose hash (`Content::search_text`) a page read back from the build cache
    /// has.
    SearchText(usize),
    /// Which pages come before and after a page in its section's reading order.
    Neighbours(usize),
    /// The series a page is part of: its name and its parts, in order.
    Series(usize),
    /// A section as its listing and the home page show it.
    Section(usize),
    /// A section's link, as its pages show it.
    SectionLink(usize),
    /// Which pages a section lists, in order, and how it paginates them.
    SectionPages(usize),
    /// Which sections a section holds, in order.
    Subsections(usize),
    /// Every tag: names, slugs and page counts.
    Terms,
    /// One tag (by index in `Site::terms`) and the pages it lists.
    Term(usize),
    /// The newest articles, as the home page lists them.
    Latest,
    /// Which pages a feed holds: the site's (section 0) or a section's.
    Feed(usize),
    /// Which pages are worksheets, in reading order.
    Worksheets,
    /// Which file claims each URL of the site.
    Urls,
    /// Every page's URL and dates, as the sitemap lists them.
    Sitemap,
    /// Every page's aliases and URL.
    Redirects,
}

/// The inputs one job read, in the order it read them.
#[derive(Debug, Default)]
pub(crate) struct Reads(RefCell<Vec<Input>>);

impl Reads {
    pub(crate) fn note(&self, input: Input) {
        let mut reads = self.0.borrow_mut();
        if reads.last() != Some(&input) {
            reads.push(input);
        }
    }

    /// The inputs, held in no more room than they take: a site keeps every job's.
    pub(crate) fn into_inputs(self) -> Vec<Input> {
        let mut inputs = self.0.into_inner();
        inputs.shrink_to_fit();
        inputs
    }
}
