//! Quizzes built end to end: a quiz page is a real HTML form with its scoring key and no inline
//! script or style, its Markdown and `@/` links are rendered like the body's, and every mistake
//! in a definition is reported with its place, all in one run.

mod common;

use common::Fixture;

fn built_quiz_site() -> Fixture {
    let site = Fixture::new("quiz_site");
    site.build()
        .unwrap_or_else(|errors| panic!("{}", errors.join("\n")));
    site
}

/// The part of `html` from the first `start` to the next `end` after it.
fn between<'h>(html: &'h str, start: &str, end: &str) -> &'h str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start:?} in the page"));
    let to = html[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &html[from..from + to + end.len()]
}

#[test]
fn every_mistake_in_quiz_definitions_is_reported_with_its_place() {
    let fixture = Fixture::new("quiz_errors");
    let errors = fixture.build().expect_err("the build must fail");
    assert!(!fixture.output().exists(), "a failed build wrote output/");
    assert_eq!(
        errors,
        [
            "content/quizzes/bands.md:20:9: result band [1, 2] overlaps the band [0, 1] on line 16; expected each score in one band only",
            "content/quizzes/bands.md:24:9: result band [5, 9] holds no reachable score; expected a range within the scores a reader can reach, from 0 to 4",
            "content/quizzes/bands.md:24:9: scores 3 to 4 are in no result band; expected the bands to cover every reachable score, from 0 to 4",
            "content/quizzes/shapes.md:8:1: question 1 has 1 option; expected at least two `options` for a `single` question",
            "content/quizzes/shapes.md:14:1: question 2 has no right answer; expected `correct = true` on at least one of its options",
            "content/quizzes/shapes.md:15:6: duplicate question id `one`: question 1 (line 8) already uses it; expected every question's `id` to be unique",
            "content/quizzes/shapes.md:20:1: question 3 has no right answer; expected `answer = \"yes\"` or `answer = \"no\"`",
            "content/quizzes/texts.md:10:11: this text is shown inside a label, legend or title, so it must be a single paragraph; expected no blank lines, lists, headings or other blocks",
            "content/quizzes/texts.md:12:20: unknown internal link `@/articles/missing.md`; no page at content/articles/missing.md",
            "content/quizzes/texts.md:19:6: unknown anchor `#nowhere` in `@/articles/real.md`; its headings are: a-heading",
            "content/quizzes/typo.md:10:1: invalid quiz: unknown field `hint`, expected one of `id`, `type`, `prompt`, `options`, `scale`, `reverse`, `answer`, `explanation`, `subscale`",
            "content/quizzes/typo.md:13:8: invalid quiz: unknown variant `essay`, expected one of `single`, `multiple`, `scale`, `yesno`, `text`",
        ]
    );
}

#[test]
fn a_quiz_is_a_form_of_fieldsets_with_native_inputs_and_labels() {
    let site = built_quiz_site();
    let html = site.read("quizzes/listening/index.html");
    let form = between(&html, "<form class=\"quiz\"", "</form>");
    assert_eq!(form.matches("<fieldset").count(), 4);
    assert_eq!(form.matches("<legend").count(), 4);
    let chat = between(form, "id=\"quiz-chat\"", "</fieldset>");
    assert!(
        chat.contains("<span class=\"quiz-number\">1.</span> I chit-chat about <em>whatever</em> is on my spouse’s mind.</legend>"),
        "the prompt is inline Markdown in the legend:\n{chat}"
    );
    assert!(chat.contains(
        "<label><input type=\"radio\" name=\"chat\" value=\"0\" data-points=\"0\"> <span>Never</span></label>"
    ));
    let interrupt = between(form, "id=\"quiz-interrupt\"", "</fieldset>");
    let points: Vec<&str> = interrupt
        .split("data-points=\"")
        .skip(1)
        .map(|rest| &rest[..1])
        .collect();
    assert_eq!(points, ["2", "1", "0"], "a reverse-scored item counts down");
    let first = between(form, "id=\"quiz-first\"", "</fieldset>");
    assert!(
        first.contains("<template data-quiz-option-feedback><p>That <strong>helps</strong>.</p>")
    );
    let reflection = between(form, "id=\"quiz-question-4\"", "</fieldset>");
    assert!(reflection.contains(
        "<textarea name=\"question-4\" rows=\"4\" aria-labelledby=\"quiz-question-4-prompt\">"
    ));
    assert!(
        form.contains("role=\"status\""),
        "the result has a live region"
    );
    assert!(
        form.contains("<div class=\"quiz-actions needs-js\" data-quiz-actions>"),
        "buttons that need the script are shown only with it, from the first paint"
    );
    assert!(
        form.contains("data-quiz-forget hidden>Forget my answers</button>"),
        "nothing to forget until the reader asks to be remembered"
    );
}

#[test]
fn the_scoring_key_is_closed_on_screen_and_holds_points_bands_and_help() {
    let site = built_quiz_site();
    let html = site.read("quizzes/listening/index.html");
    assert!(html.contains("<a href=\"#quiz-key-body\">Scoring key</a>"));
    let key = between(
        &html,
        "<details class=\"quiz-key\" id=\"quiz-key\">",
        "</details>",
    );
    assert!(key.contains("scores run from 0 to 6"), "{key}");
    assert!(
        key.contains("<span>Never: <strong>2</strong></span>"),
        "{key}"
    );
    assert!(key.contains("See <a href=\"../../articles/listening/#small-talk\" data-path=\"/articles/listening/#small-talk\">small talk</a>."));
    assert!(key.contains("Part scores: Interest, questions 1, 2: 0 to 4."));
    let low = between(
        key,
        "<section class=\"quiz-band quiz-band-urgent\"",
        "</section>",
    );
    assert!(low.contains("data-min=\"0\" data-max=\"2\" data-urgent"));
    assert!(low.contains("Read <a href=\"../../articles/listening/\" data-path=\"/articles/listening/\">Listening</a>."));
    let high = between(key, "data-min=\"3\"", "</section>");
    assert!(high.contains("<span data-quiz-band-title>You <em>listen</em></span>"));
    assert!(key.contains("This is not a diagnosis. A counsellor can help."));
    assert!(
        html.matches("This is not a diagnosis.").count() == 2,
        "the help note is in the key and with the result"
    );
}

#[test]
fn a_knowledge_quiz_marks_right_answers_and_gives_no_points() {
    let site = built_quiz_site();
    let html = site.read("quizzes/facts/index.html");
    let form = between(&html, "<form class=\"quiz\"", "</form>");
    assert!(form.contains("data-mode=\"knowledge\" data-min=\"0\" data-max=\"2\""));
    assert_eq!(
        form.matches("type=\"checkbox\"").count(),
        4,
        "three options and the remember box"
    );
    assert_eq!(form.matches(" data-correct").count(), 3, "Calm, Fun and No");
    assert!(!form.contains("data-points"));
    assert!(form.contains(">Check my answers</button>"));
    assert!(
        !html.contains("not a diagnosis"),
        "the help note goes with assessments"
    );
    let key = between(&html, "<details class=\"quiz-key\"", "</details>");
    assert!(key.contains("Right answers:"));
    assert!(key.contains("Right answers: Calm; Fun</p>"), "{key}");
    assert!(key.contains("data-quiz-explanation=\"question-1\"><p>Calm and fun pull closer.</p>"));
}

#[test]
fn quiz_pages_load_their_script_and_style_from_the_site_only() {
    let site = built_quiz_site();
    let html = site.read("quizzes/listening/index.html");
    assert!(html.contains("<link rel=\"stylesheet\" href=\"../../quiz.css\">"));
    assert!(html.contains("<script src=\"../../quiz.js\" defer></script>"));
    // JSON-LD is data the browser never runs; every other script comes from the site.
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=\"../../").count()
            + html
                .matches("<script type=\"application/ld+json\">")
                .count(),
        "no inline script"
    );
    assert!(html.contains("<script src=\"../../theme.js\"></script>"));
    assert!(!html.contains(" style="), "no style attribute");
    assert!(!html.contains(" onclick=") && !html.contains(" onchange="));
    let article = site.read("articles/listening/index.html");
    assert!(
        !article.contains("quiz.js"),
        "pages without a quiz load no quiz script"
    );

    let script = site.read("quiz.js");
    assert!(
        script.len() < 10_000,
        "quiz.js is small ({} bytes)",
        script.len()
    );
    for request in [
        "fetch(",
        "XMLHttpRequest",
        "sendBeacon",
        "WebSocket",
        "EventSource",
        "import(",
    ] {
        assert!(
            !script.contains(request),
            "quiz.js must send nothing ({request})"
        );
    }
    site.read("quiz.css");
}
