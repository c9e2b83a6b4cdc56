//! The checks a quiz must pass beyond its types: keys that apply to the question's type, right
//! answers, unique ids, and result bands that cover every reachable score exactly once.

use std::collections::HashMap;
use std::ops::Range;

use super::Reader;
use super::raw::RawQuestion;
use super::scores::Reachable;
use crate::model::quiz::{Choice, Question, QuestionKind, QuizMode, ResultBand, Subscale};
use crate::parse::front_matter::FrontMatterError;
use crate::slug::slugify;

/// A question's id and where it is written (generated ids have no place of their own).
pub(super) struct IdUse {
    pub number: usize,
    pub line: usize,
    pub id: String,
    pub span: Option<Range<usize>>,
}

impl Reader<'_, '_> {
    /// Keys that mean nothing for the question's type are mistakes, not silently ignored.
    pub(super) fn check_keys_apply(
        &mut self,
        number: usize,
        kind: QuestionKind,
        raw: &RawQuestion,
    ) {
        let name = kind.name();
        let not_for = |key: &str, applies_to: &str| {
            format!(
                "`{key}` applies to {applies_to} only; question {number} is a `{name}` question"
            )
        };
        let choice_type = matches!(kind, QuestionKind::Single | QuestionKind::Multiple);
        if let Some(option) = raw.options.first().filter(|_| !choice_type) {
            let message = not_for("options", "`single` and `multiple` questions");
            self.error(&option.span(), message);
        }
        if let Some(scale) = raw.scale.as_ref().filter(|_| kind != QuestionKind::Scale) {
            let message = not_for("scale", "`scale` questions");
            self.error(&scale.span(), message);
        }
        let reversible = matches!(kind, QuestionKind::Scale | QuestionKind::Yesno);
        if let Some(reverse) = raw.reverse.as_ref().filter(|r| *r.get_ref() && !reversible) {
            let message = not_for("reverse", "`scale` and `yesno` questions");
            self.error(&reverse.span(), message);
        }
        if let Some(answer) = raw.answer.as_ref().filter(|_| kind != QuestionKind::Yesno) {
            let message = not_for("answer", "`yesno` questions");
            self.error(&answer.span(), message);
        }
    }

    /// Every scored question of a knowledge quiz has a right answer to compare with.
    pub(super) fn check_right_answers(
        &mut self,
        number: usize,
        span: &Range<usize>,
        kind: QuestionKind,
        choices: &[Choice],
    ) {
        let right = choices.iter().filter(|c| c.correct).count();
        let message = match kind {
            QuestionKind::Single | QuestionKind::Multiple if right == 0 => format!(
                "question {number} has no right answer; expected `correct = true` on {} of its options",
                if kind == QuestionKind::Single {
                    "one"
                } else {
                    "at least one"
                }
            ),
            QuestionKind::Single if right > 1 => format!(
                "question {number} is a `single` question with {right} right answers; expected exactly one `correct = true`, or `type = \"multiple\"`"
            ),
            QuestionKind::Yesno if right == 0 => format!(
                "question {number} has no right answer; expected `answer = \"yes\"` or `answer = \"no\"`"
            ),
            QuestionKind::Scale => format!(
                "question {number} is a `scale` question, which has no right answer; expected `type = \"single\"`, `\"multiple\"` or `\"yesno\"` in a knowledge quiz"
            ),
            _ => return,
        };
        self.error(span, message);
    }

    pub(super) fn check_unique_ids(&mut self, ids: &[IdUse]) {
        let mut seen: HashMap<&str, &IdUse> = HashMap::new();
        for used in ids {
            let place = used.span.clone();
            let usable = !used.id.is_empty()
                && used
                    .id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if !usable && let Some(span) = &place {
                self.error(
                    span,
                    format!(
                        "question id `{}` cannot name the question in the page; expected letters, digits, `-` and `_` only",
                        used.id
                    ),
                );
            }
            let Some(first) = seen.get(used.id.as_str()) else {
                seen.insert(&used.id, used);
                continue;
            };
            let message = format!(
                "duplicate question id `{}`: question {} (line {}) already uses it; expected every question's `id` to be unique",
                used.id, first.number, first.line
            );
            match &place {
                Some(span) => self.error(span, message),
                None => self.errors.push(FrontMatterError {
                    line: used.line,
                    col: 1,
                    message,
                }),
            }
        }
    }

    /// Bands must cover every total a reader can reach, each exactly once, and hold one at least.
    pub(super) fn check_bands(
        &mut self,
        bands: &[(ResultBand, Range<usize>)],
        reachable: &Reachable,
        mode: QuizMode,
        quiz_span: &Range<usize>,
    ) {
        let (min, max) = (reachable.min, reachable.max);
        let every_score = format!("every reachable score, from {min} to {max}");
        if bands.is_empty() {
            if mode == QuizMode::Assessment {
                self.error(
                    quiz_span,
                    format!("an assessment quiz needs result bands; expected `[[quiz.results]]` whose `range`s cover {every_score}"),
                );
            }
            return;
        }
        let mut sorted: Vec<&(ResultBand, Range<usize>)> = bands.iter().collect();
        sorted.sort_by_key(|(band, _)| (band.min, band.max));

        let mut widest: Option<&ResultBand> = None;
        for (band, span) in &sorted {
            if let Some(earlier) = widest.filter(|earlier| band.min <= earlier.max) {
                self.error(
                    span,
                    format!(
                        "result band [{}, {}] overlaps the band [{}, {}] on line {}; expected each score in one band only",
                        band.min, band.max, earlier.min, earlier.max, earlier.line
                    ),
                );
            }
            if widest.is_none_or(|earlier| band.max > earlier.max) {
                widest = Some(band);
            }
        }
        for (band, span) in bands {
            if reachable.within(band.min, band.max).is_none() {
                self.error(
                    span,
                    format!(
                        "result band [{}, {}] holds no reachable score; expected a range within the scores a reader can reach, from {min} to {max}",
                        band.min, band.max
                    ),
                );
            }
        }
        let ranges: Vec<(i64, i64)> = bands.iter().map(|(b, _)| (b.min, b.max)).collect();
        for (low, high) in reachable.uncovered(&ranges) {
            let (_, span) = sorted
                .iter()
                .find(|(band, _)| band.min > high)
                .or(sorted.last())
                .expect("there are bands");
            let scores = if low == high {
                format!("score {low} is")
            } else {
                format!("scores {low} to {high} are")
            };
            self.error(
                span,
                format!("{scores} in no result band; expected the bands to cover {every_score}"),
            );
        }
    }
}

/// The quiz's subscales, in the order questions first name them, with their score ranges.
pub(super) fn subscales(questions: &[Question]) -> Vec<Subscale> {
    let mut subscales: Vec<Subscale> = Vec::new();
    for question in questions.iter().filter(|q| q.scored) {
        let Some(name) = &question.subscale else {
            continue;
        };
        let index = match subscales.iter().position(|s| &s.name == name) {
            Some(index) => index,
            None => {
                let slug = slugify(name);
                let key = if slug.is_empty() {
                    format!("subscale-{}", subscales.len() + 1)
                } else {
                    slug
                };
                subscales.push(Subscale {
                    name: name.clone(),
                    key,
                    questions: Vec::new(),
                    min_score: 0,
                    max_score: 0,
                });
                subscales.len() - 1
            }
        };
        subscales[index].questions.push(question.number);
        let subscale = &mut subscales[index];
        subscale.min_score = subscale.min_score.saturating_add(question.min_points);
        subscale.max_score = subscale.max_score.saturating_add(question.max_points);
    }
    subscales
}
