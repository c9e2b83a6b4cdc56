//! Every rule a quiz definition is checked against, with the exact message and place.

use super::parse;
use crate::model::quiz::{QuestionKind, Quiz, QuizMode};
use crate::parse::front_matter::split;

/// `line:col: message` for each problem of a file's quiz.
fn errors(file: &str) -> Vec<String> {
    match parse(&split(file).unwrap()) {
        Ok(_) => Vec::new(),
        Err(errors) => errors
            .iter()
            .map(|e| format!("{}:{}: {}", e.line, e.col, e.message))
            .collect(),
    }
}

fn quiz(file: &str) -> Quiz {
    match parse(&split(file).unwrap()) {
        Ok(Some(quiz)) => quiz,
        Ok(None) => panic!("no quiz"),
        Err(errors) => panic!("{errors:?}"),
    }
}

/// A TOML header around `quiz`, which starts on line 3 of the file.
fn page(quiz: &str) -> String {
    format!("+++\ntitle = \"Q\"\n{quiz}+++\nBody\n")
}

const SCALE: &str = "[quiz]\nscale = [\"No\", \"Some\", \"Yes\"]\n";

#[test]
fn pages_without_a_quiz_have_none() {
    assert_eq!(
        parse(&split("+++\ntitle = \"A\"\n+++\n").unwrap()),
        Ok(None)
    );
    assert_eq!(parse(&split("No header\n").unwrap()), Ok(None));
}

#[test]
fn a_quiz_needs_questions() {
    assert_eq!(
        errors(&page("[quiz]\nmode = \"knowledge\"\n")),
        [
            "3:1: the quiz has no questions; expected at least one `[[quiz.questions]]` with a `prompt`"
        ]
    );
}

#[test]
fn choice_questions_need_two_options() {
    let file = page(
        "[quiz]\nmode = \"knowledge\"\n\
         [[quiz.questions]]\ntype = \"single\"\nprompt = \"A?\"\noptions = [{ text = \"Only\", correct = true }]\n\
         [[quiz.questions]]\ntype = \"multiple\"\nprompt = \"B?\"\n",
    );
    assert_eq!(
        errors(&file),
        [
            "5:1: question 1 has 1 option; expected at least two `options` for a `single` question",
            "9:1: question 2 has no options; expected at least two `options` for a `multiple` question",
            "9:1: question 2 has no right answer; expected `correct = true` on at least one of its options",
        ]
    );
}

#[test]
fn scale_questions_need_two_labels() {
    let file = page(
        "[quiz]\nscale = [\"Only\"]\n[[quiz.questions]]\nprompt = \"A\"\n\
         [[quiz.questions]]\nprompt = \"B\"\nscale = []\n",
    );
    assert_eq!(
        errors(&file),
        [
            "5:1: question 1 has 1 scale label; expected at least two, in `scale = [\"Never\", …, \"Always\"]` in `[quiz]` or on the question",
            "7:1: question 2 has no scale labels; expected at least two, in `scale = [\"Never\", …, \"Always\"]` in `[quiz]` or on the question",
        ]
    );
}

#[test]
fn question_ids_are_unique_and_usable() {
    let file = page(&format!(
        "{SCALE}[[quiz.questions]]\nid = \"calm\"\nprompt = \"A\"\n\
         [[quiz.questions]]\nid = \"calm\"\nprompt = \"B\"\n\
         [[quiz.questions]]\nid = \"two words\"\nprompt = \"C\"\n\
         [[quiz.results]]\nrange = [0, 6]\ntitle = \"All\"\n"
    ));
    assert_eq!(
        errors(&file),
        [
            "9:6: duplicate question id `calm`: question 1 (line 5) already uses it; expected every question's `id` to be unique",
            "12:6: question id `two words` cannot name the question in the page; expected letters, digits, `-` and `_` only",
        ]
    );
}

#[test]
fn knowledge_questions_need_a_right_answer() {
    let file = page(
        "[quiz]\nmode = \"knowledge\"\nscale = [\"No\", \"Yes\"]\n\
         [[quiz.questions]]\ntype = \"single\"\nprompt = \"A\"\noptions = [{ text = \"x\" }, { text = \"y\" }]\n\
         [[quiz.questions]]\ntype = \"single\"\nprompt = \"B\"\noptions = [{ text = \"x\", correct = true }, { text = \"y\", correct = true }]\n\
         [[quiz.questions]]\ntype = \"yesno\"\nprompt = \"C\"\n\
         [[quiz.questions]]\nprompt = \"D\"\n\
         [[quiz.questions]]\ntype = \"text\"\nprompt = \"E: never scored, never wrong\"\n",
    );
    assert_eq!(
        errors(&file),
        [
            "6:1: question 1 has no right answer; expected `correct = true` on one of its options",
            "10:1: question 2 is a `single` question with 2 right answers; expected exactly one `correct = true`, or `type = \"multiple\"`",
            "14:1: question 3 has no right answer; expected `answer = \"yes\"` or `answer = \"no\"`",
            "17:1: question 4 is a `scale` question, which has no right answer; expected `type = \"single\"`, `\"multiple\"` or `\"yesno\"` in a knowledge quiz",
        ]
    );
}

#[test]
fn result_bands_must_cover_every_reachable_score_once() {
    // Two questions of 0..2 points: totals 0..4.
    let questions =
        format!("{SCALE}[[quiz.questions]]\nprompt = \"A\"\n[[quiz.questions]]\nprompt = \"B\"\n");
    let band = |range: &str| format!("[[quiz.results]]\nrange = {range}\ntitle = \"T\"\n");
    let gap = page(&format!("{questions}{}{}", band("[0, 1]"), band("[3, 4]")));
    assert_eq!(
        errors(&gap),
        [
            "13:9: score 2 is in no result band; expected the bands to cover every reachable score, from 0 to 4"
        ]
    );
    let ends = page(&format!("{questions}{}", band("[1, 2]")));
    assert_eq!(
        errors(&ends),
        [
            "10:9: score 0 is in no result band; expected the bands to cover every reachable score, from 0 to 4",
            "10:9: scores 3 to 4 are in no result band; expected the bands to cover every reachable score, from 0 to 4",
        ]
    );
    let overlap = page(&format!("{questions}{}{}", band("[0, 2]"), band("[2, 4]")));
    assert_eq!(
        errors(&overlap),
        [
            "13:9: result band [2, 4] overlaps the band [0, 2] on line 10; expected each score in one band only"
        ]
    );
    let unreachable = page(&format!("{questions}{}{}", band("[0, 4]"), band("[5, 9]")));
    assert_eq!(
        errors(&unreachable),
        [
            "13:9: result band [5, 9] holds no reachable score; expected a range within the scores a reader can reach, from 0 to 4"
        ]
    );
    let backwards = page(&format!("{questions}{}", band("[4, 0]")));
    assert_eq!(
        errors(&backwards),
        ["10:9: result band [4, 0] runs backwards; expected [lowest, highest]"]
    );
    let three = page(&format!("{questions}{}", band("[0, 2, 4]")));
    assert_eq!(
        errors(&three),
        [
            "10:9: `range` has 3 numbers; expected two, the band's lowest and highest score: `range = [0, 12]`"
        ]
    );
    let none = page(&questions);
    assert_eq!(
        errors(&none),
        [
            "3:1: an assessment quiz needs result bands; expected `[[quiz.results]]` whose `range`s cover every reachable score, from 0 to 4"
        ]
    );
}

#[test]
fn reverse_scored_items_count_towards_the_range() {
    // Scale 0..2 reversed is 2..0; a single choice with a negative option widens the range.
    let file = page(&format!(
        "{SCALE}[[quiz.questions]]\nprompt = \"A\"\nreverse = true\n\
         [[quiz.questions]]\nprompt = \"B\"\noptions = [{{ text = \"x\", points = -1 }}, {{ text = \"y\", points = 3 }}]\n\
         [[quiz.questions]]\ntype = \"yesno\"\nprompt = \"C\"\nreverse = true\n\
         [[quiz.results]]\nrange = [-1, 6]\ntitle = \"All\"\n"
    ));
    let quiz = quiz(&file);
    assert_eq!((quiz.min_score, quiz.max_score), (-1, 6));
    let points: Vec<Vec<i64>> = quiz
        .questions
        .iter()
        .map(|q| q.choices.iter().map(|c| c.points).collect())
        .collect();
    assert_eq!(points, [vec![2, 1, 0], vec![-1, 3], vec![0, 1]]);
    assert_eq!(
        errors(&file.replace("[-1, 6]", "[-1, 5]")),
        [
            "16:9: score 6 is in no result band; expected the bands to cover every reachable score, from -1 to 6"
        ]
    );
}

#[test]
fn unknown_types_and_keys_name_what_is_allowed() {
    let file = page(
        "[quiz]\nmode = \"exam\"\n[[quiz.questions]]\ntype = \"essay\"\nprompt = \"A\"\n\
         [[quiz.questions]]\nprompt = \"B\"\nhint = \"x\"\n\
         [[quiz.questions]]\nprompt = \"C\"\noptions = [{ text = \"x\", score = 1 }, { text = \"y\" }]\n\
         [[quiz.results]]\nrange = [0, 1]\ntitle = \"T\"\ntext = \"x\"\n",
    );
    assert_eq!(
        errors(&file),
        [
            "4:8: invalid quiz: unknown variant `exam`, expected `assessment` or `knowledge`",
            "6:8: invalid quiz: unknown variant `essay`, expected one of `single`, `multiple`, `scale`, `yesno`, `text`",
            "10:1: invalid quiz: unknown field `hint`, expected one of `id`, `type`, `prompt`, `options`, `scale`, `reverse`, `answer`, `explanation`, `subscale`",
            "13:26: invalid quiz: unknown field `score`, expected one of `text`, `points`, `correct`, `feedback`",
            "17:1: invalid quiz: unknown field `text`, expected one of `range`, `title`, `body`, `urgent`",
        ]
    );
    assert_eq!(
        errors(&page(
            "[quiz]\ncolour = \"red\"\n[[quiz.questions]]\nprompt = \"A\"\n"
        )),
        [
            "4:1: invalid quiz: unknown field `colour`, expected one of `mode`, `scale`, `questions`, `results`"
        ]
    );
    assert_eq!(
        errors(&page("[[quiz.questions]]\nid = \"a\"\n")),
        ["3:1: invalid quiz: missing field `prompt`"]
    );
    assert_eq!(
        errors(&page("[quiz]\nquestions = [\"A?\"]\n")),
        ["4:14: invalid quiz: invalid type: string \"A?\", expected a question table"]
    );
    assert_eq!(
        errors(&page("quiz = 3\n")),
        [
            "3:8: `quiz` must be a table; expected a `[quiz]` section with `mode`, `scale`, `[[quiz.questions]]` and `[[quiz.results]]`"
        ]
    );
}

#[test]
fn keys_that_do_not_fit_the_question_type_are_mistakes() {
    let file = page(
        "[quiz]\nmode = \"knowledge\"\n\
         [[quiz.questions]]\ntype = \"yesno\"\nprompt = \"A\"\nanswer = \"no\"\noptions = [{ text = \"x\" }]\n\
         [[quiz.questions]]\ntype = \"single\"\nprompt = \"B\"\nreverse = true\nanswer = \"yes\"\nscale = [\"a\", \"b\"]\noptions = [{ text = \"x\", correct = true }, { text = \"y\" }]\n\
         [[quiz.questions]]\ntype = \"text\"\nprompt = \" \"\n",
    );
    assert_eq!(
        errors(&file),
        [
            "9:12: `options` applies to `single` and `multiple` questions only; question 1 is a `yesno` question",
            "15:9: `scale` applies to `scale` questions only; question 2 is a `single` question",
            "13:11: `reverse` applies to `scale` and `yesno` questions only; question 2 is a `single` question",
            "14:10: `answer` applies to `yesno` questions only; question 2 is a `single` question",
            "19:10: question 3 has an empty `prompt`; expected the question's text",
        ]
    );
}

#[test]
fn yaml_headers_cannot_hold_a_quiz() {
    let file = "---\ntitle: Q\nquiz:\n  mode: knowledge\n---\n";
    assert_eq!(
        errors(file),
        [
            "3:1: a quiz must be written in TOML front matter; expected the header between `+++` lines instead of `---`"
        ]
    );
}

#[test]
fn a_valid_quiz_is_read_with_its_defaults_and_places() {
    let file = page(
        "[quiz]\nmode = \"knowledge\"\n\
         [[quiz.questions]]\nprompt = \"Pick *one*\"\noptions = [{ text = \"x\", correct = true, feedback = \"Yes\" }, { text = \"y\" }]\n\
         [[quiz.questions]]\ntype = \"multiple\"\nid = \"many\"\nprompt = \"\"\"\nPick two\"\"\"\nexplanation = \"Because\"\n\
         options = [{ text = \"a\", correct = true }, { text = \"b\", correct = true }, { text = \"c\" }]\n\
         [[quiz.questions]]\ntype = \"yesno\"\nprompt = \"Sure?\"\nanswer = \"no\"\n\
         [[quiz.questions]]\ntype = \"text\"\nprompt = \"Why?\"\n",
    );
    let quiz = quiz(&file);
    assert_eq!(quiz.mode, QuizMode::Knowledge);
    assert_eq!(
        (quiz.min_score, quiz.max_score, quiz.scored_count),
        (0, 3, 3)
    );
    let kinds: Vec<QuestionKind> = quiz.questions.iter().map(|q| q.kind).collect();
    use QuestionKind::*;
    assert_eq!(kinds, [Single, Multiple, Yesno, Text]);
    let ids: Vec<&str> = quiz.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["question-1", "many", "question-3", "question-4"]);
    let first = &quiz.questions[0];
    assert_eq!((first.prompt.line, first.prompt.col), (6, 11));
    assert_eq!(first.choices[0].feedback.as_ref().unwrap().markdown, "Yes");
    let second = &quiz.questions[1];
    assert_eq!(
        (
            second.prompt.markdown.as_str(),
            second.prompt.line,
            second.prompt.col
        ),
        ("Pick two", 12, 1)
    );
    assert_eq!(second.right_answers, 2);
    assert_eq!(second.input, "checkbox");
    let yes_no: Vec<bool> = quiz.questions[2]
        .choices
        .iter()
        .map(|c| c.correct)
        .collect();
    assert_eq!(yes_no, [false, true]);
    assert!(!quiz.questions[3].scored && quiz.questions[3].choices.is_empty());
    assert!(
        quiz.results.is_empty(),
        "bands are optional in a knowledge quiz"
    );
}

#[test]
fn subscales_add_up_their_questions() {
    let file = page(&format!(
        "{SCALE}[[quiz.questions]]\nprompt = \"A\"\nsubscale = \"Listening\"\n\
         [[quiz.questions]]\nprompt = \"B\"\nsubscale = \"Calm\"\n\
         [[quiz.questions]]\nprompt = \"C\"\nsubscale = \"Listening\"\n\
         [[quiz.results]]\nrange = [0, 6]\ntitle = \"All\"\nurgent = true\n"
    ));
    let quiz = quiz(&file);
    let parts: Vec<(&str, &str, Vec<usize>, i64)> = quiz
        .subscales
        .iter()
        .map(|s| {
            (
                s.name.as_str(),
                s.key.as_str(),
                s.questions.clone(),
                s.max_score,
            )
        })
        .collect();
    assert_eq!(
        parts,
        [
            ("Listening", "listening", vec![1, 3], 4),
            ("Calm", "calm", vec![2], 2)
        ]
    );
    assert!(quiz.results[0].urgent);
}

#[test]
fn ten_thousand_yes_no_statements_are_checked_in_one_pass() {
    let mut text = String::from("[quiz]\n");
    for number in 1..=10_000 {
        text.push_str(&format!(
            "[[quiz.questions]]\ntype = \"yesno\"\nprompt = \"Statement {number}\"\n"
        ));
    }
    text.push_str("[[quiz.results]]\nrange = [0, 5000]\ntitle = \"Low\"\nbody = \"Low.\"\n");
    text.push_str("[[quiz.results]]\nrange = [5002, 10000]\ntitle = \"High\"\nbody = \"High.\"\n");
    let found = errors(&page(&text));
    assert_eq!(
        found,
        [
            "30009:9: score 5001 is in no result band; expected the bands to cover every reachable score, from 0 to 10000"
        ]
    );
}
