//! Reading one question (its type, choices and the points it can give) and one result band.

use std::ops::Range;

use toml::Spanned;

use super::raw::{RawBand, RawOption, RawQuestion, YesNo};
use super::scores::nonempty_subset_sums;
use super::{Reader, question_id};
use crate::model::quiz::{Choice, Question, QuestionKind, QuizMode, ResultBand, Text};

/// A question read from its table, with the points it can give.
pub(super) struct ReadQuestion {
    pub(super) question: Question,
    pub(super) possible_points: Vec<i64>,
}

impl Reader<'_, '_> {
    pub(super) fn question(
        &mut self,
        number: usize,
        span: &Range<usize>,
        raw: RawQuestion,
        mode: QuizMode,
        default_scale: &[Spanned<String>],
    ) -> Option<ReadQuestion> {
        let errors_before = self.errors.len();
        let kind = match &raw.kind {
            Some(kind) => *kind.get_ref(),
            None if raw.options.is_empty() => QuestionKind::Scale,
            None => QuestionKind::Single,
        };
        let name = kind.name();
        if raw.prompt.get_ref().trim().is_empty() {
            self.error(
                &raw.prompt.span(),
                format!("question {number} has an empty `prompt`; expected the question's text"),
            );
        }
        self.check_keys_apply(number, kind, &raw);
        let reverse = raw.reverse.as_ref().is_some_and(|r| *r.get_ref());
        let choices = match kind {
            QuestionKind::Single | QuestionKind::Multiple => {
                if raw.options.len() < 2 {
                    let count = match raw.options.len() {
                        0 => "no options".to_string(),
                        _ => "1 option".to_string(),
                    };
                    self.error(
                        span,
                        format!("question {number} has {count}; expected at least two `options` for a `{name}` question"),
                    );
                }
                raw.options
                    .iter()
                    .map(|o| self.choice(o.get_ref()))
                    .collect()
            }
            QuestionKind::Scale => {
                let labels = raw.scale.as_ref().map_or(default_scale, |s| s.get_ref());
                if labels.len() < 2 {
                    let count = match labels.len() {
                        0 => "no scale labels".to_string(),
                        _ => "1 scale label".to_string(),
                    };
                    self.error(
                        span,
                        format!("question {number} has {count}; expected at least two, in `scale = [\"Never\", …, \"Always\"]` in `[quiz]` or on the question"),
                    );
                }
                let last = labels.len() as i64 - 1;
                (0..labels.len())
                    .map(|i| Choice {
                        text: self.text(&labels[i], true),
                        points: if reverse { last - i as i64 } else { i as i64 },
                        correct: false,
                        feedback: None,
                    })
                    .collect()
            }
            QuestionKind::Yesno => {
                let line = self.line_of(span);
                let answer = raw.answer.as_ref().map(|a| *a.get_ref());
                [("Yes", YesNo::Yes), ("No", YesNo::No)]
                    .into_iter()
                    .map(|(label, value)| Choice {
                        text: Text::new(label, line, 1, true),
                        points: i64::from((value == YesNo::Yes) != reverse),
                        correct: answer == Some(value),
                        feedback: None,
                    })
                    .collect()
            }
            QuestionKind::Text => Vec::new(),
        };
        let choices: Vec<Choice> = choices;
        if mode == QuizMode::Knowledge {
            self.check_right_answers(number, span, kind, &choices);
        }
        if self.errors.len() > errors_before {
            return None;
        }
        let scored = kind != QuestionKind::Text;
        let possible_points = match (scored, mode, kind) {
            (false, _, _) => Vec::new(),
            (true, QuizMode::Knowledge, _) => vec![0, 1],
            (true, QuizMode::Assessment, QuestionKind::Multiple) => {
                let points: Vec<i64> = choices.iter().map(|c| c.points).collect();
                nonempty_subset_sums(&points)
            }
            (true, QuizMode::Assessment, _) => choices.iter().map(|c| c.points).collect(),
        };
        let right_answers = choices.iter().filter(|c| c.correct).count();
        let question = Question {
            id: raw
                .id
                .as_ref()
                .map_or_else(|| question_id(number), |id| id.get_ref().clone()),
            number,
            kind,
            input: match kind {
                QuestionKind::Multiple => "checkbox",
                QuestionKind::Text => "textarea",
                _ => "radio",
            },
            prompt: self.text(&raw.prompt, true),
            choices,
            reverse,
            right_answers,
            explanation: raw.explanation.as_ref().map(|e| self.text(e, false)),
            subscale: raw.subscale.clone(),
            scored,
            min_points: possible_points.iter().copied().min().unwrap_or(0),
            max_points: possible_points.iter().copied().max().unwrap_or(0),
            line: self.line_of(span),
        };
        Some(ReadQuestion {
            question,
            possible_points,
        })
    }

    fn choice(&self, option: &RawOption) -> Choice {
        Choice {
            text: self.text(&option.text, true),
            points: option.points,
            correct: option.correct,
            feedback: option.feedback.as_ref().map(|f| self.text(f, false)),
        }
    }

    pub(super) fn band(&mut self, raw: RawBand) -> Option<(ResultBand, Range<usize>)> {
        let span = raw.range.span();
        let range = raw.range.get_ref();
        let [min, max] = range[..] else {
            self.error(
                &span,
                format!("`range` has {} numbers; expected two, the band's lowest and highest score: `range = [0, 12]`", range.len()),
            );
            return None;
        };
        if min > max {
            self.error(
                &span,
                format!("result band [{min}, {max}] runs backwards; expected [lowest, highest]"),
            );
            return None;
        }
        let band = ResultBand {
            min,
            max,
            title: self.text(&raw.title, true),
            body: raw.body.as_ref().map(|b| self.text(b, false)),
            urgent: raw.urgent,
            line: self.line_of(&span),
        };
        Some((band, span))
    }
}
