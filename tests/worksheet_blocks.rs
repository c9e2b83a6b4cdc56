//! Worksheet blocks through the default theme: the exact HTML of every directive, and every
//! argument or option mistake reported with its line and what was expected.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};

use hearth::build::directives::{BlockContext, render_block};
use hearth::parse::markdown::{self, DirectiveBlock, MarkdownInput};
use hearth::render::templates::Templates;

fn theme() -> Templates {
    let theme = {
        let root = common::repo_root();
        let links = hearth::source::Links::new(&root, false);
        hearth::source::load_theme(&root, "hearth", &links).expect("the theme loads")
    };
    Templates::compile(&theme.templates).unwrap_or_else(|_| panic!("the theme compiles"))
}

/// The page's HTML, or its errors as `line:col: message`; the page is `content/worksheets/sheet.md`
/// and its body starts on line 5 (after a front matter of four lines).
fn render(text: &str) -> Result<String, Vec<String>> {
    let templates = theme();
    let seen = AtomicUsize::new(0);
    let directive = |block: &DirectiveBlock| {
        let context = BlockContext {
            page_source: "content/worksheets/sheet.md",
            index: seen.fetch_add(1, Ordering::Relaxed),
            templates: Some(&templates),
        };
        render_block(block, &context)
    };
    let input = MarkdownInput {
        text,
        first_line: 5,
        resolve: &|_| None,
        folder: "",
        asset: &|_: &str| None,
        image: &|_: &str| hearth::images::Lookup::AsWritten,
        directive: &directive,
    };
    markdown::render(&input)
        .map(|page| page.html)
        .map_err(|errors| {
            errors
                .into_iter()
                .map(|e| format!("{}:{}: {}", e.line, e.col, e.message))
                .collect()
        })
}

fn html(text: &str) -> String {
    render(text).unwrap_or_else(|errors| panic!("unexpected errors:\n{}", errors.join("\n")))
}

fn errors(text: &str) -> Vec<String> {
    match render(text) {
        Ok(html) => panic!("expected errors, got:\n{html}"),
        Err(errors) => errors,
    }
}

#[test]
fn lines_are_a_labelled_answer_over_ruled_lines() {
    assert_eq!(
        html("```{lines} 2\nWhat did I say *today*?\n```\n"),
        "<div class=\"ws-block ws-lines\" id=\"ws-worksheets-sheet-1\">\n  \
         <label class=\"ws-prompt\" for=\"ws-worksheets-sheet-1-answer\">What did I say <em>today</em>?</label>\n  \
         <div class=\"ws-ruled\"><span class=\"ws-rule\"></span><span class=\"ws-rule\"></span>\n    \
         <textarea class=\"ws-answer\" id=\"ws-worksheets-sheet-1-answer\" name=\"ws-worksheets-sheet-1-answer\" rows=\"2\"></textarea>\n  \
         </div>\n</div>\n"
    );
    // Without a prompt, the field still has a name for screen readers.
    assert!(
        html("```{lines} 1\n```\n").contains(" rows=\"1\" aria-label=\"Your answer\"></textarea>")
    );
}

#[test]
fn scales_have_a_key_and_a_group_of_numbered_choices_per_statement() {
    let point = |s: usize, value: usize, label: &str| {
        let hidden = if label.is_empty() {
            String::new()
        } else {
            format!("<span class=\"visually-hidden\"> ({label})</span>")
        };
        format!(
            "      <label class=\"ws-point\"><input type=\"radio\" name=\"ws-worksheets-sheet-1-s{s}\" value=\"{value}\"><span class=\"ws-point-value\">{value}</span>{hidden}</label>\n"
        )
    };
    let item = |s: usize, text: &str| {
        format!(
            "  <div class=\"ws-scale-item\" role=\"radiogroup\" aria-labelledby=\"ws-worksheets-sheet-1-s{s}-text\">\n    \
             <p class=\"ws-scale-statement\" id=\"ws-worksheets-sheet-1-s{s}-text\">{text}</p>\n    \
             <div class=\"ws-scale-points\">\n{}{}{}    </div>\n  </div>\n",
            point(s, 1, "Never"),
            point(s, 2, ""),
            point(s, 3, "Always")
        )
    };
    assert_eq!(
        html("```{scale} 1-3\n:labels: Never | Always\nI listen.\n- I stay *calm*.\n```\n"),
        format!(
            "<div class=\"ws-block ws-scale\" id=\"ws-worksheets-sheet-1\">\n  \
             <p class=\"ws-scale-key\"><span class=\"ws-scale-key-item\"><span class=\"ws-scale-key-value\">1</span> Never</span>\
             <span class=\"ws-scale-key-item\"><span class=\"ws-scale-key-value\">3</span> Always</span></p>\n{}{}</div>\n",
            item(1, "I listen."),
            item(2, "I stay <em>calm</em>.")
        )
    );
    // One label per point labels every point; no labels, no key.
    let every = html("```{scale} 0-2\n:labels: No | Maybe | Yes\nI rest.\n```\n");
    assert!(every.contains("<span class=\"ws-scale-key-value\">1</span> Maybe</span>"));
    assert!(every.contains("value=\"1\"><span class=\"ws-point-value\">1</span><span class=\"visually-hidden\"> (Maybe)</span>"));
    assert!(!html("```{scale} 1-5\nI rest.\n```\n").contains("ws-scale-key"));
}

#[test]
fn trackers_are_empty_tables_with_a_field_in_every_cell() {
    let cell = |row: usize, col: usize, name: &str| {
        format!(
            "<td><textarea class=\"ws-cell\" id=\"ws-worksheets-sheet-1-r{row}c{col}\" name=\"ws-worksheets-sheet-1-r{row}c{col}\" rows=\"1\" aria-label=\"{name}, row {row}\"></textarea></td>"
        )
    };
    let row = |n: usize| {
        format!(
            "      <tr><th scope=\"row\" class=\"ws-row-number\">{n}</th>{}{}</tr>\n",
            cell(n, 1, "Day"),
            cell(n, 2, "Felt")
        )
    };
    assert_eq!(
        html("```{tracker} 2\n:columns: Day | Felt\n\nMy *week*\n```\n"),
        format!(
            "<div class=\"ws-block ws-tracker\" id=\"ws-worksheets-sheet-1\">\n  \
             <div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-labelledby=\"ws-worksheets-sheet-1-caption\">\n  \
             <table class=\"ws-tracker-table\">\n    \
             <caption id=\"ws-worksheets-sheet-1-caption\">My <em>week</em></caption>\n    \
             <thead><tr><th scope=\"col\" class=\"ws-row-number\"><span class=\"visually-hidden\">Row</span></th>\
             <th scope=\"col\">Day</th><th scope=\"col\">Felt</th></tr></thead>\n    \
             <tbody>\n{}{}    </tbody>\n  </table>\n  </div>\n</div>\n",
            row(1),
            row(2)
        )
    );
    // Without a caption, the table is still named, for screen readers only.
    assert!(html("```{tracker} 1\n:columns: Day\n```\n").contains(
        "<caption id=\"ws-worksheets-sheet-1-caption\" class=\"visually-hidden\">Tracker: Day</caption>"
    ));
}

#[test]
fn boxes_hold_their_height_in_an_attribute_not_a_style() {
    assert_eq!(
        html("```{box} 6cm\nWrite a letter you will not send.\n```\n"),
        "<div class=\"ws-block ws-box\" id=\"ws-worksheets-sheet-1\">\n  \
         <label class=\"ws-prompt\" for=\"ws-worksheets-sheet-1-answer\">Write a letter you will not send.</label>\n  \
         <div class=\"ws-box-area\">\n    \
         <svg class=\"ws-space\" width=\"100%\" height=\"6cm\" aria-hidden=\"true\" focusable=\"false\"></svg>\n    \
         <textarea class=\"ws-answer\" id=\"ws-worksheets-sheet-1-answer\" name=\"ws-worksheets-sheet-1-answer\"></textarea>\n  \
         </div>\n</div>\n"
    );
    let bare = html("```{box} 2.5in\n```\n");
    assert!(bare.contains("height=\"2.5in\""), "{bare}");
    assert!(bare.contains("aria-label=\"Free writing\""), "{bare}");
}

#[test]
fn a_page_break_is_an_empty_marker() {
    assert_eq!(
        html("```{pagebreak}\n```\n"),
        "<div class=\"ws-pagebreak\" id=\"ws-worksheets-sheet-1\" aria-hidden=\"true\"></div>\n"
    );
}

#[test]
fn checklists_are_task_lists_with_real_boxes() {
    assert_eq!(
        html("- [ ] I rested.\n- [x] I called a friend.\n"),
        "<ul>\n<li><input type=\"checkbox\" class=\"task\" disabled aria-label=\"Task\"> I rested.</li>\n\
         <li><input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Task\"> I called a friend.</li>\n</ul>\n"
    );
}

#[test]
fn fields_are_named_by_page_and_block_so_they_never_collide() {
    let page = html("```{lines} 1\nA\n```\n\n```{box} 2cm\nB\n```\n");
    assert!(page.contains("name=\"ws-worksheets-sheet-1-answer\""));
    assert!(page.contains("name=\"ws-worksheets-sheet-2-answer\""));
    assert!(!page.contains("style="), "{page}");
}

#[test]
fn bad_arguments_name_their_line_and_what_is_expected() {
    let cases: [(&str, &[&str]); 14] = [
        (
            "Intro.\n\n```{lines} abc\nQ\n```\n",
            &["7:1: `{lines}` expects a number of answer lines from 1 to 40, found `abc`"],
        ),
        (
            "```{lines}\nQ\n```\n",
            &["5:1: `{lines}` needs the number of answer lines, e.g. ```{lines} 4"],
        ),
        (
            "```{lines} 41\n```\n",
            &["5:1: `{lines}` expects a number of answer lines from 1 to 40, found `41`"],
        ),
        (
            "```{scale} 5-1\nI listen.\n```\n",
            &[
                "5:1: `{scale}` range `5-1` does not go up; expected the lower number first, e.g. `1-5`",
            ],
        ),
        (
            "```{scale}\nI listen.\n```\n",
            &["5:1: `{scale}` needs a range, e.g. ```{scale} 1-5"],
        ),
        (
            "```{scale} often\nI listen.\n```\n",
            &["5:1: `{scale}` expects a range such as `1-5` or `0-10`, found `often`"],
        ),
        (
            "```{scale} 1-20\nI listen.\n```\n",
            &["5:1: `{scale}` range `1-20` has 20 points; expected at most 11"],
        ),
        (
            "```{scale} 1-5\n:labels: A | B | C\nI listen.\n```\n",
            &[
                "6:1: `:labels:` gives 3 labels for a 1-5 scale; expected 2 (the two ends) or 5 (one per point), separated by `|`",
            ],
        ),
        (
            "```{scale} 1-5\n```\n",
            &[
                "5:1: `{scale}` has no statements to rate; expected one statement a line after the options",
            ],
        ),
        (
            "```{tracker} 7\n```\n",
            &[
                "5:1: `{tracker}` needs `:columns:`, e.g. `:columns: Day | What I did | How it felt`",
            ],
        ),
        (
            "```{tracker} many\n:columns: A | | C\n```\n",
            &[
                "5:1: `{tracker}` expects a number of rows from 1 to 60, found `many`",
                "6:1: `:columns:` has an empty name (column 2); expected names separated by `|`",
            ],
        ),
        (
            "```{box} tall\n```\n",
            &["5:1: `{box}` expects a height such as `6cm`, `40mm`, `2in` or `12em`, found `tall`"],
        ),
        (
            "```{box} 30cm\n```\n",
            &["5:1: `{box}` height `30cm` is taller than a printed page; expected at most 22cm"],
        ),
        (
            "```{pagebreak} now\nText\n```\n",
            &[
                "5:1: `{pagebreak}` takes no arguments, found `now`",
                "6:1: `{pagebreak}` takes no text; expected an empty block",
            ],
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(errors(text), expected, "for:\n{text}");
    }
}

#[test]
fn unknown_options_and_names_are_errors_at_their_line() {
    assert_eq!(
        errors("```{lines} 3\n:rows: 2\nQ\n```\n"),
        ["6:1: unknown option `:rows:` for `{lines}`; it takes no options"]
    );
    assert_eq!(
        errors("```{scale} 1-5\n:labels: A | B\n:label: x\n:labels: D | E\nI rest.\n```\n"),
        [
            "7:1: unknown option `:label:` for `{scale}`; expected `:labels:`",
            "8:1: option `:labels:` is given twice",
        ]
    );
    assert_eq!(
        errors("Text.\n\n```{quiz} 3\n```\n"),
        [
            "7:1: unknown directive `{quiz}`; expected a worksheet block such as {lines}, {scale}, {tracker}, {box} or {pagebreak}, or a theme template templates/blocks/quiz.html"
        ]
    );
    assert_eq!(
        errors("```{lines} 2\nSee [it](@/articles/x.md).\n```\n"),
        [
            "6:1: links to other pages (`@/…`) cannot be used inside `{lines}`; put the link in the text before the block"
        ]
    );
}
