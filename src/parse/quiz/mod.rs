//! Quiz definitions: the `[quiz]` table of a quiz page's front matter, typed and checked.
//!
//! The header is read into toml's spanned document so that every question, option and band
//! keeps its place in the file; each `[[quiz.questions]]` and `[[quiz.results]]` is then
//! deserialized on its own, so one run reports the mistakes of all of them.

mod checks;
mod questions;
mod raw;
pub(crate) mod scores;
#[cfg(test)]
mod tests;

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::model::quiz::{Question, Quiz, ResultBand, Text};
use crate::parse::front_matter::{Format, FrontMatterError, Split};
use checks::IdUse;
use questions::ReadQuestion;
use raw::{RawBand, RawQuestion, RawSettings};
use scores::Reachable;

/// The page's quiz, if its header has a `[quiz]` table.
pub(crate) fn parse(split: &Split) -> Result<Option<Quiz>, Vec<FrontMatterError>> {
    match split.format {
        None => return Ok(None),
        Some(Format::Yaml) => return yaml_quiz(split),
        Some(Format::Toml) => {}
    }
    // A header that is not valid TOML has already been reported by the header's own parser.
    let Ok(document) = DeTable::parse(split.header) else {
        return Ok(None);
    };
    let Some(value) = entry(document.get_ref(), "quiz") else {
        return Ok(None);
    };
    let mut reader = Reader {
        split,
        line_starts: line_starts(split.header),
        errors: Vec::new(),
    };
    let quiz = reader.quiz(value);
    match quiz {
        Some(quiz) if reader.errors.is_empty() => Ok(Some(quiz)),
        _ => Err(reader.errors),
    }
}

/// The byte offset where each line of `text` starts (the first is 0).
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(at, _)| at + 1));
    starts
}

/// Quizzes need TOML's positions and types; a YAML header naming one is an error.
fn yaml_quiz(split: &Split) -> Result<Option<Quiz>, Vec<FrontMatterError>> {
    let line = split.header.lines().position(|line| {
        line.strip_prefix("quiz")
            .is_some_and(|rest| rest.trim_start().starts_with(':'))
    });
    match line {
        None => Ok(None),
        Some(index) => Err(vec![FrontMatterError {
            line: split.header_first_line + index,
            col: 1,
            message: "a quiz must be written in TOML front matter; expected the header between `+++` lines instead of `---`".to_string(),
        }]),
    }
}

fn entry<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
    table
        .iter()
        .find(|(name, _)| name.get_ref().as_ref() == key)
        .map(|(_, value)| value)
}

/// Reads the quiz, collecting every problem.
struct Reader<'s, 'a> {
    split: &'s Split<'a>,
    /// Where each line of the header starts, so that finding a position costs a search, not
    /// a scan of the header (quizzes of thousands of questions ask for thousands of them).
    line_starts: Vec<usize>,
    errors: Vec<FrontMatterError>,
}

impl Reader<'_, '_> {
    /// The file's line and column of a byte offset in the header.
    fn position(&self, offset: usize) -> (usize, usize) {
        let header = self.split.header;
        let offset = offset.min(header.len());
        let index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[index];
        let (_, col) = crate::error::line_col(&header[start..], offset - start);
        (self.split.header_first_line + index, col)
    }

    fn line_of(&self, span: &Range<usize>) -> usize {
        self.position(span.start).0
    }

    fn error(&mut self, span: &Range<usize>, message: impl Into<String>) {
        let (line, col) = self.position(span.start);
        self.errors.push(FrontMatterError {
            line,
            col,
            message: message.into(),
        });
    }

    fn deserialize<'de, T: Deserialize<'de>>(
        &mut self,
        value: &Spanned<DeValue<'de>>,
    ) -> Option<T> {
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(read) => Some(read),
            Err(error) => {
                let span = error.span().unwrap_or_else(|| value.span());
                self.error(
                    &span,
                    format!("invalid quiz: {}", error.message().trim_end()),
                );
                None
            }
        }
    }

    /// A Markdown text, placed where its first character is in the file.
    fn text(&self, value: &Spanned<String>, inline: bool) -> Text {
        let span = value.span();
        let literal = &self.split.header[span.clone()];
        let (mut line, mut col) = self.position(span.start);
        let quotes = if literal.starts_with("\"\"\"") || literal.starts_with("'''") {
            3
        } else {
            1
        };
        let after_quotes = &literal[quotes.min(literal.len())..];
        if quotes == 3 && (after_quotes.starts_with('\n') || after_quotes.starts_with("\r\n")) {
            line += 1;
            col = 1;
        } else {
            col += quotes;
        }
        Text::new(value.get_ref().clone(), line, col, inline)
    }

    fn quiz(&mut self, value: &Spanned<DeValue>) -> Option<Quiz> {
        let quiz_span = value.span();
        let quiz_line = self.line_of(&quiz_span);
        let DeValue::Table(table) = value.get_ref() else {
            self.error(
                &quiz_span,
                "`quiz` must be a table; expected a `[quiz]` section with `mode`, `scale`, `[[quiz.questions]]` and `[[quiz.results]]`",
            );
            return None;
        };
        let settings: Option<RawSettings> = self.deserialize(value);
        let items = |key: &str| -> Vec<Spanned<DeValue>> {
            match entry(table, key).map(|v| v.get_ref()) {
                Some(DeValue::Array(array)) => array.iter().cloned().collect(),
                _ => Vec::new(),
            }
        };
        let question_items = items("questions");
        let band_items = items("results");
        let raw_questions: Vec<(Range<usize>, Option<RawQuestion>)> = question_items
            .iter()
            .map(|item| (item.span(), self.deserialize(item)))
            .collect();
        let raw_bands: Vec<Option<RawBand>> = band_items
            .iter()
            .map(|item| self.deserialize(item))
            .collect();
        let settings = settings?;

        if question_items.is_empty() {
            self.error(
                &quiz_span,
                "the quiz has no questions; expected at least one `[[quiz.questions]]` with a `prompt`",
            );
            return None;
        }
        let ids: Vec<IdUse> = raw_questions
            .iter()
            .enumerate()
            .filter_map(|(index, (span, raw))| {
                let raw = raw.as_ref()?;
                Some(IdUse {
                    number: index + 1,
                    line: self.line_of(span),
                    id: raw
                        .id
                        .as_ref()
                        .map_or_else(|| question_id(index + 1), |id| id.get_ref().clone()),
                    span: raw.id.as_ref().map(|id| id.span()),
                })
            })
            .collect();
        self.check_unique_ids(&ids);
        let default_scale = settings.scale.as_deref().unwrap_or_default();
        let read: Vec<Option<ReadQuestion>> = raw_questions
            .into_iter()
            .enumerate()
            .map(|(index, (span, raw))| {
                let raw = raw?;
                self.question(index + 1, &span, raw, settings.mode, default_scale)
            })
            .collect();
        let bands: Vec<Option<(ResultBand, Range<usize>)>> =
            raw_bands.into_iter().map(|raw| self.band(raw?)).collect();

        let read: Option<Vec<ReadQuestion>> = read.into_iter().collect();
        let bands: Option<Vec<(ResultBand, Range<usize>)>> = bands.into_iter().collect();
        let (read, bands) = (read?, bands?);
        let possible: Vec<Vec<i64>> = read.iter().map(|q| q.possible_points.clone()).collect();
        let reachable = Reachable::of(&possible);
        self.check_bands(&bands, &reachable, settings.mode, &quiz_span);
        let mut bands: Vec<ResultBand> = bands.into_iter().map(|(band, _)| band).collect();
        bands.sort_by_key(|band| (band.min, band.max));
        let questions: Vec<Question> = read.into_iter().map(|r| r.question).collect();
        Some(Quiz {
            mode: settings.mode,
            subscales: checks::subscales(&questions),
            scored_count: questions.iter().filter(|q| q.scored).count(),
            has_reverse: questions.iter().any(|q| q.reverse),
            questions,
            results: bands,
            min_score: reachable.min,
            max_score: reachable.max,
            line: quiz_line,
        })
    }
}

/// The id of a question whose author gave it none.
fn question_id(number: usize) -> String {
    format!("question-{number}")
}
