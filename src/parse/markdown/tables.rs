//! Tables, written by hand instead of by pulldown-cmark: column alignment as a class
//! (`align-center`, never a `style` attribute, so a strict CSP holds) and every table inside a
//! focusable, labelled scrolling region (`.table-wrap`), so a wide table scrolls by keyboard too.

use pulldown_cmark::{Alignment, Event, Tag, TagEnd};

use super::state::{State, TableState};

pub(super) const TABLE_OPEN: &str =
    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>\n";
pub(super) const TABLE_CLOSE: &str = "</tbody></table></div>\n";

fn alignment_class(alignment: Alignment) -> &'static str {
    match alignment {
        Alignment::None => "",
        Alignment::Left => " class=\"align-left\"",
        Alignment::Center => " class=\"align-center\"",
        Alignment::Right => " class=\"align-right\"",
    }
}

impl State<'_, '_> {
    /// Writes the opening of a table part; false when `tag` is not one.
    pub(super) fn start_table_part(&mut self, tag: &Tag) -> bool {
        let html: String = match tag {
            Tag::Table(alignments) => {
                self.table = Some(TableState {
                    alignments: alignments.clone(),
                    in_head: false,
                    cell: 0,
                });
                TABLE_OPEN.into()
            }
            Tag::TableHead => {
                if let Some(table) = &mut self.table {
                    table.in_head = true;
                    table.cell = 0;
                }
                "<thead><tr>".into()
            }
            Tag::TableRow => {
                if let Some(table) = &mut self.table {
                    table.cell = 0;
                }
                "<tr>".into()
            }
            Tag::TableCell => {
                let (cell, class) = match &mut self.table {
                    Some(table) => {
                        let alignment = table.alignments.get(table.cell).copied();
                        table.cell += 1;
                        let cell = if table.in_head { "th" } else { "td" };
                        (cell, alignment_class(alignment.unwrap_or(Alignment::None)))
                    }
                    None => ("td", ""),
                };
                format!("<{cell}{class}>")
            }
            _ => return false,
        };
        self.in_word = false;
        self.events.push(Event::Html(html.into()));
        true
    }

    /// Writes the end of a table part; false when `end` is not one.
    pub(super) fn end_table_part(&mut self, end: TagEnd) -> bool {
        let html = match end {
            TagEnd::Table => {
                self.table = None;
                TABLE_CLOSE
            }
            TagEnd::TableHead => {
                if let Some(table) = &mut self.table {
                    table.in_head = false;
                }
                "</tr></thead><tbody>\n"
            }
            TagEnd::TableRow => "</tr>\n",
            TagEnd::TableCell => match &self.table {
                Some(table) if table.in_head => "</th>",
                _ => "</td>",
            },
            _ => return false,
        };
        self.in_word = false;
        self.events.push(Event::Html(html.into()));
        true
    }
}
