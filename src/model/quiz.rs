//! A quiz: its questions, how answers score, and the results a score leads to.
//!
//! Every text is Markdown as written plus the HTML the build renders from it; templates see the
//! HTML only. Points are final here: a reverse-scored item already carries its reversed points.

use serde::{Serialize, Serializer};

/// How a quiz scores.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuizMode {
    /// Points per answer, added up, and result bands over the total.
    #[default]
    Assessment,
    /// Right answers; the score is the number of questions answered right.
    Knowledge,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum QuestionKind {
    /// One answer from a list (radio buttons).
    Single,
    /// Any number of answers from a list (checkboxes).
    Multiple,
    /// A Likert scale: the quiz's (or the question's) labels, 0, 1, 2… points.
    Scale,
    /// Yes or no.
    Yesno,
    /// A written reflection, never scored.
    Text,
}

impl QuestionKind {
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Single => "single",
            QuestionKind::Multiple => "multiple",
            QuestionKind::Scale => "scale",
            QuestionKind::Yesno => "yesno",
            QuestionKind::Text => "text",
        }
    }
}

/// A piece of Markdown from the quiz definition, and the HTML made from it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Text {
    pub markdown: String,
    /// Rendered by the build's Markdown stage; empty until then.
    pub html: String,
    /// Where the text starts in the file (1-based), for errors in its Markdown.
    pub line: usize,
    pub col: usize,
    /// Shown inside a label or legend: one paragraph, rendered without its `<p>`.
    pub inline: bool,
}

impl Text {
    pub fn new(markdown: impl Into<String>, line: usize, col: usize, inline: bool) -> Self {
        Self {
            markdown: markdown.into(),
            html: String::new(),
            line,
            col,
            inline,
        }
    }
}

/// Templates see a text as its HTML.
impl Serialize for Text {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.html)
    }
}

#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct Quiz {
    pub mode: QuizMode,
    pub questions: Vec<Question>,
    /// Result bands, lowest scores first.
    pub results: Vec<ResultBand>,
    /// Named groups of questions scored on their own as well, in order of first use.
    pub subscales: Vec<Subscale>,
    /// The lowest and highest total a reader can reach.
    pub min_score: i64,
    pub max_score: i64,
    /// Questions that count towards the score (all but `text` ones).
    pub scored_count: usize,
    /// Whether some questions score in reverse.
    pub has_reverse: bool,
    /// The file line of the `[quiz]` table.
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct Question {
    /// Unique in the quiz: the author's `id`, or `question-N`.
    pub id: String,
    /// 1-based position in the quiz.
    pub number: usize,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    /// `radio`, `checkbox`, or `textarea` for written answers.
    pub input: &'static str,
    pub prompt: Text,
    pub choices: Vec<Choice>,
    /// Scale and yes/no items whose points run backwards.
    pub reverse: bool,
    /// How many of `choices` are right answers (knowledge quizzes).
    pub right_answers: usize,
    pub explanation: Option<Text>,
    pub subscale: Option<String>,
    pub scored: bool,
    /// The fewest and most points this question can give.
    pub min_points: i64,
    pub max_points: i64,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct Choice {
    pub text: Text,
    pub points: i64,
    /// A right answer of a knowledge question.
    pub correct: bool,
    /// Shown when the reader picked this answer.
    pub feedback: Option<Text>,
}

#[derive(Debug, Clone, PartialEq, Hash, Serialize)]
pub struct ResultBand {
    /// The lowest and highest total of the band, both included.
    pub min: i64,
    pub max: i64,
    pub title: Text,
    pub body: Option<Text>,
    /// Shown prominently, with the site's help note first.
    pub urgent: bool,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Subscale {
    pub name: String,
    /// A slug of the name, for HTML and scripts.
    pub key: String,
    /// The numbers of its questions.
    pub questions: Vec<usize>,
    pub min_score: i64,
    pub max_score: i64,
}

impl Quiz {
    /// Every text of the quiz, in a fixed order (see `texts_mut`).
    pub fn texts(&self) -> Vec<&Text> {
        let mut texts = Vec::new();
        for question in &self.questions {
            texts.push(&question.prompt);
            for choice in &question.choices {
                texts.push(&choice.text);
                texts.extend(&choice.feedback);
            }
            texts.extend(&question.explanation);
        }
        for band in &self.results {
            texts.push(&band.title);
            texts.extend(&band.body);
        }
        texts
    }

    /// Every text of the quiz, in the same order as `texts`.
    pub fn texts_mut(&mut self) -> Vec<&mut Text> {
        let mut texts = Vec::new();
        for question in &mut self.questions {
            texts.push(&mut question.prompt);
            for choice in &mut question.choices {
                texts.push(&mut choice.text);
                texts.extend(&mut choice.feedback);
            }
            texts.extend(&mut question.explanation);
        }
        for band in &mut self.results {
            texts.push(&mut band.title);
            texts.extend(&mut band.body);
        }
        texts
    }
}
