//! Worksheet directives — `{lines}`, `{scale}`, `{tracker}`, `{box}`, `{pagebreak}` and blocks a
//! theme adds — checked and turned into typed data for their templates (`blocks/<name>.html`).
//! What every block is checked for is in `check.rs`; each built-in block's own checks in
//! `built_in.rs`.

mod built_in;
mod check;
mod figure;

use std::collections::BTreeMap;

use serde::Serialize;

use super::markdown::{DirectiveBlock, DirectiveError};
use crate::slug::slugify;
use check::Check;

/// The blocks hearth knows; any other name needs a template `blocks/<name>.html` in the theme.
pub(crate) const BUILT_IN: [&str; 5] = ["lines", "scale", "tracker", "box", "pagebreak"];

/// A directive, checked: what its template gets as `block`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub(crate) enum Directive {
    Lines(Lines),
    Scale(Scale),
    Tracker(Tracker),
    Box(BoxArea),
    PageBreak(PageBreak),
    Figure(figure::Figure),
    Custom(Custom),
}

/// `{lines} N`: a prompt and N ruled answer lines.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Lines {
    pub id: String,
    /// Inline HTML; empty when the block has no prompt.
    pub prompt: String,
    pub count: usize,
    pub field: String,
}

/// `{scale} A-B`: one rating row per statement, a point for every number from A to B.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Scale {
    pub id: String,
    pub from: i64,
    pub to: i64,
    pub points: Vec<ScalePoint>,
    /// Every label given by `:labels:`: the two ends, or one per point; empty without the option.
    pub labels: Vec<String>,
    pub statements: Vec<Statement>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ScalePoint {
    pub value: i64,
    /// The point's own label (the ends get theirs when only the ends are labelled), or empty.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Statement {
    /// Inline HTML.
    pub text: String,
    /// The name of the statement's group of choices.
    pub field: String,
}

/// `{tracker} ROWS` with `:columns:`: an empty table to fill in over days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Tracker {
    pub id: String,
    /// Inline HTML from the block's body; empty when it has none.
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<TrackerRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct TrackerRow {
    pub number: usize,
    pub cells: Vec<TrackerCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct TrackerCell {
    pub column: String,
    pub field: String,
}

/// `{box} HEIGHT`: a bordered free-writing area of a CSS length (`6cm`, `40mm`, `12em`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct BoxArea {
    pub id: String,
    pub prompt: String,
    pub height: String,
    pub field: String,
}

/// `{pagebreak}`: what follows starts on a new printed page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct PageBreak {
    pub id: String,
}

/// A block of the theme's own (`templates/blocks/<name>.html`): everything as written.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Custom {
    pub id: String,
    pub name: String,
    pub args: String,
    pub options: BTreeMap<String, String>,
    pub body: String,
    /// The body rendered as Markdown.
    pub body_html: String,
    /// A field name for the block's first answer field, if it has one.
    pub field: String,
}

/// Names of a block's fields, unique on the page and across the booklet, where every worksheet
/// is on one page: `worksheets-before-i-act-2-answer` (page, block index, part).
pub(crate) struct FieldNames {
    prefix: String,
}

impl FieldNames {
    /// `page_source` is the page's file from the site's root (`content/worksheets/x.md`).
    pub(crate) fn new(page_source: &str, index: usize) -> Self {
        let path = page_source.strip_prefix("content/").unwrap_or(page_source);
        let path = path.strip_suffix(".md").unwrap_or(path);
        let path = path.strip_suffix("/index").unwrap_or(path);
        Self {
            prefix: format!("{}-{}", slugify(path), index + 1),
        }
    }

    pub(crate) fn block_id(&self) -> String {
        format!("ws-{}", self.prefix)
    }

    pub(crate) fn field(&self, part: &str) -> String {
        format!("ws-{}-{part}", self.prefix)
    }
}

/// Checks a built-in block; `None` when `block.name` is not one of [`BUILT_IN`].
pub(crate) fn parse_built_in(
    block: &DirectiveBlock,
    names: &FieldNames,
) -> Option<Result<Directive, Vec<DirectiveError>>> {
    let mut check = Check::new(block);
    let directive = match block.name {
        "lines" => Directive::Lines(check.lines(names)),
        "scale" => Directive::Scale(check.scale(names)),
        "tracker" => Directive::Tracker(check.tracker(names)),
        "box" => Directive::Box(check.box_area(names)),
        "pagebreak" => Directive::PageBreak(check.page_break(names)),
        "figure" => Directive::Figure(check.figure(names)),
        _ => return None,
    };
    Some(check.finish(directive))
}

/// A theme's block: passed on as written, its body rendered as Markdown.
pub(crate) fn parse_custom(
    block: &DirectiveBlock,
    names: &FieldNames,
) -> Result<Directive, Vec<DirectiveError>> {
    let mut check = Check::new(block);
    let body_html = check.markdown(block.body, block.body_line, false);
    let custom = Custom {
        id: names.block_id(),
        name: block.name.to_string(),
        args: block.args.to_string(),
        options: block.options.iter().cloned().collect(),
        body: block.body.to_string(),
        body_html,
        field: names.field("answer"),
    };
    check.finish(Directive::Custom(custom))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn field_names_are_unique_across_pages() {
        let names = FieldNames::new("content/worksheets/before-i-act.md", 2);
        assert_eq!(names.block_id(), "ws-worksheets-before-i-act-3");
        assert_eq!(names.field("s1"), "ws-worksheets-before-i-act-3-s1");
        let bundle = FieldNames::new("content/worksheets/care/index.md", 0);
        assert_eq!(bundle.field("answer"), "ws-worksheets-care-1-answer");
    }
}
