//! The built-in blocks' own checks: `{lines}`, `{scale}` (its range and labels), `{tracker}`
//! (its columns), `{box}` (its height) and `{pagebreak}`, each giving its typed data.

use super::check::{Check, MAX_BOX_MM, css_length_mm};
use super::{
    BoxArea, FieldNames, Lines, PageBreak, Scale, ScalePoint, Statement, Tracker, TrackerCell,
    TrackerRow,
};

impl Check<'_, '_> {
    pub(super) fn lines(&mut self, names: &FieldNames) -> Lines {
        self.options(&[]);
        Lines {
            id: names.block_id(),
            count: self.count("answer lines", "4", 1, 40),
            prompt: self.prompt(),
            field: names.field("answer"),
        }
    }

    pub(super) fn scale(&mut self, names: &FieldNames) -> Scale {
        let options = self.options(&["labels"]);
        let (from, to) = self.range();
        let size = (to - from + 1) as usize;
        let labels: Vec<String> = match options.get("labels") {
            Some(labels) => labels.split('|').map(|l| l.trim().to_string()).collect(),
            None => Vec::new(),
        };
        if !labels.is_empty() && labels.len() != 2 && labels.len() != size {
            let line = self.option_line("labels");
            let message = format!(
                "`:labels:` gives {} labels for a {from}-{to} scale; expected 2 (the two ends) or {size} (one per point), separated by `|`",
                labels.len()
            );
            self.error(line, message);
        }
        let points = (from..=to)
            .enumerate()
            .map(|(index, value)| {
                let label = match labels.len() {
                    2 if index == 0 => labels[0].clone(),
                    2 if index + 1 == size => labels[1].clone(),
                    n if n == size => labels[index].clone(),
                    _ => String::new(),
                };
                ScalePoint { value, label }
            })
            .collect();
        let mut statements = Vec::new();
        for (offset, text) in self.block.body.lines().enumerate() {
            let text = text.trim();
            let text = text
                .strip_prefix("- ")
                .or_else(|| text.strip_prefix("* "))
                .unwrap_or(text);
            if text.is_empty() {
                continue;
            }
            let text = self.markdown(text, self.block.body_line + offset, true);
            let field = names.field(&format!("s{}", statements.len() + 1));
            statements.push(Statement { text, field });
        }
        if statements.is_empty() {
            let message = "`{scale}` has no statements to rate; expected one statement a line after the options".to_string();
            self.error(self.block.line, message);
        }
        Scale {
            id: names.block_id(),
            from,
            to,
            points,
            labels,
            statements,
        }
    }

    /// `{scale}`'s `A-B` argument: a rising range of at most 11 whole numbers.
    fn range(&mut self) -> (i64, i64) {
        let args = self.block.args;
        let line = self.block.line;
        if args.is_empty() {
            self.error(
                line,
                "`{scale}` needs a range, e.g. ```{scale} 1-5".to_string(),
            );
            return (1, 5);
        }
        let parsed = args
            .char_indices()
            .skip(1)
            .find(|&(_, c)| c == '-')
            .and_then(|(at, _)| {
                let from = args[..at].trim().parse::<i64>().ok()?;
                let to = args[at + 1..].trim().parse::<i64>().ok()?;
                Some((from, to))
            });
        match parsed {
            None => {
                let message =
                    format!("`{{scale}}` expects a range such as `1-5` or `0-10`, found `{args}`");
                self.error(line, message);
                (1, 5)
            }
            Some((from, to)) if from >= to => {
                let message = format!(
                    "`{{scale}}` range `{args}` does not go up; expected the lower number first, e.g. `{to}-{from}`"
                );
                self.error(line, message);
                (1, 5)
            }
            Some((from, to)) if to.checked_sub(from).is_none_or(|span| span > 10) => {
                let points = i128::from(to) - i128::from(from) + 1;
                let message =
                    format!("`{{scale}}` range `{args}` has {points} points; expected at most 11");
                self.error(line, message);
                (1, 5)
            }
            Some(range) => range,
        }
    }

    pub(super) fn tracker(&mut self, names: &FieldNames) -> Tracker {
        let options = self.options(&["columns"]);
        let rows = self.count("rows", "7", 1, 60);
        let mut columns = Vec::new();
        match options.get("columns") {
            None => {
                let message = "`{tracker}` needs `:columns:`, e.g. `:columns: Day | What I did | How it felt`".to_string();
                self.error(self.block.line, message);
            }
            Some(list) => {
                columns = list.split('|').map(|c| c.trim().to_string()).collect();
                let line = self.option_line("columns");
                if let Some(empty) = columns.iter().position(String::is_empty) {
                    let message = format!(
                        "`:columns:` has an empty name (column {}); expected names separated by `|`",
                        empty + 1
                    );
                    self.error(line, message);
                } else if columns.len() > 8 {
                    let message = format!(
                        "`:columns:` names {} columns; expected at most 8, which fit on a page",
                        columns.len()
                    );
                    self.error(line, message);
                }
            }
        }
        let rows = (1..=rows)
            .map(|number| TrackerRow {
                number,
                cells: columns
                    .iter()
                    .enumerate()
                    .map(|(index, column)| TrackerCell {
                        column: column.clone(),
                        field: names.field(&format!("r{number}c{}", index + 1)),
                    })
                    .collect(),
            })
            .collect();
        Tracker {
            id: names.block_id(),
            caption: self.prompt(),
            columns,
            rows,
        }
    }

    pub(super) fn box_area(&mut self, names: &FieldNames) -> BoxArea {
        self.options(&[]);
        let args = self.block.args;
        let height = match css_length_mm(args) {
            _ if args.is_empty() => {
                let message = "`{box}` needs a height, e.g. ```{box} 6cm".to_string();
                self.error(self.block.line, message);
                String::new()
            }
            None => {
                let message = format!(
                    "`{{box}}` expects a height such as `6cm`, `40mm`, `2in` or `12em`, found `{args}`"
                );
                self.error(self.block.line, message);
                String::new()
            }
            Some(mm) if mm > MAX_BOX_MM => {
                let message = format!(
                    "`{{box}}` height `{args}` is taller than a printed page; expected at most 22cm"
                );
                self.error(self.block.line, message);
                String::new()
            }
            Some(_) => args.to_string(),
        };
        BoxArea {
            id: names.block_id(),
            prompt: self.prompt(),
            height,
            field: names.field("answer"),
        }
    }

    pub(super) fn page_break(&mut self, names: &FieldNames) -> PageBreak {
        self.options(&[]);
        if !self.block.args.is_empty() {
            let message = format!(
                "`{{pagebreak}}` takes no arguments, found `{}`",
                self.block.args
            );
            self.error(self.block.line, message);
        }
        if !self.block.body.trim().is_empty() {
            let message = "`{pagebreak}` takes no text; expected an empty block".to_string();
            self.error(self.block.body_line, message);
        }
        PageBreak {
            id: names.block_id(),
        }
    }
}
