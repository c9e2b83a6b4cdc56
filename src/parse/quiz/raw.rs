//! The `[quiz]` table as written: serde types with the source span of every value that an
//! error may need to point at.

use serde::Deserialize;
use serde::de::IgnoredAny;
use toml::Spanned;

use crate::model::quiz::{QuestionKind, QuizMode};

/// The `[quiz]` table's own keys. `questions` and `results` are read item by item, so that
/// a mistake in one question does not hide the mistakes in the others.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a quiz table")]
pub(super) struct RawSettings {
    #[serde(default)]
    pub mode: QuizMode,
    /// The labels of `scale` questions, worth 0, 1, 2… points.
    pub scale: Option<Vec<Spanned<String>>>,
    #[serde(default, rename = "questions")]
    _questions: Option<IgnoredAny>,
    #[serde(default, rename = "results")]
    _results: Option<IgnoredAny>,
}

/// One `[[quiz.questions]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a question table")]
pub(super) struct RawQuestion {
    pub id: Option<Spanned<String>>,
    /// Defaults to `single` when the question has options, `scale` otherwise.
    #[serde(rename = "type")]
    pub kind: Option<Spanned<QuestionKind>>,
    pub prompt: Spanned<String>,
    #[serde(default)]
    pub options: Vec<Spanned<RawOption>>,
    /// This question's own scale labels, instead of the quiz's.
    pub scale: Option<Spanned<Vec<Spanned<String>>>>,
    pub reverse: Option<Spanned<bool>>,
    /// The right answer of a `yesno` question in a knowledge quiz.
    pub answer: Option<Spanned<YesNo>>,
    pub explanation: Option<Spanned<String>>,
    pub subscale: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum YesNo {
    Yes,
    No,
}

/// One of a `single` or `multiple` question's `options`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "an option table")]
pub(super) struct RawOption {
    pub text: Spanned<String>,
    #[serde(default)]
    pub points: i64,
    #[serde(default)]
    pub correct: bool,
    pub feedback: Option<Spanned<String>>,
}

/// One `[[quiz.results]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, expecting = "a result band table")]
pub(super) struct RawBand {
    pub range: Spanned<Vec<i64>>,
    pub title: Spanned<String>,
    pub body: Option<Spanned<String>>,
    #[serde(default)]
    pub urgent: bool,
}
