//! Code blocks, directive blocks, tables, task lists and the other extensions.

use std::sync::Mutex;

use super::*;

#[test]
fn code_blocks_are_highlighted_with_classes() {
    let r = ok("```rust\nfn main() { println!(\"<hi>\"); }\n```\n");
    assert!(r.has_code);
    assert!(
        r.html
            .starts_with("<pre class=\"code\" data-lang=\"rust\"><code><span class=\"hl-"),
        "{}",
        r.html
    );
    assert!(r.html.ends_with("</code></pre>\n"));
    assert!(r.html.contains("&lt;hi&gt;"));
    assert!(!r.html.contains("style="));
    let r = ok("```\na < b\n```\n\n    indented\n");
    assert_eq!(
        r.html,
        "<pre class=\"code\"><code>a &lt; b\n</code></pre>\n<pre class=\"code\"><code>indented\n</code></pre>\n"
    );
    assert!(!ok("Just `inline` code.\n").has_code);
}

#[test]
fn directives_get_their_block_and_errors_are_located() {
    let seen = Mutex::new(Vec::new());
    let record = |b: &DirectiveBlock| {
        seen.lock().unwrap().push((
            b.name.to_string(),
            b.args.to_string(),
            b.options.clone(),
            b.body.to_string(),
            b.line,
            b.body_line,
        ));
        if b.name == "lines" {
            Ok("<div class=\"lines\"></div>\n".to_string())
        } else {
            Err(vec![
                DirectiveError::new(b.line, "needs a question"),
                DirectiveError::new(b.body_line + 1, "and an answer"),
            ])
        }
    };
    let text = "Para.\n\n```{lines} 4 wide\n:label: Your name\n:rows:3\n\nWrite here.\n:not an option:\n```\n\n```{quiz}\n```\n";
    let e = render(&MarkdownInput {
        text,
        first_line: 4,
        resolve: &resolve,
        folder: "",
        asset: &|_: &str| None,
        image: &|_: &str| crate::images::Lookup::AsWritten,
        directive: &record,
    })
    .unwrap_err();
    assert_eq!(
        e,
        [err(14, 1, "needs a question"), err(16, 1, "and an answer")]
    );
    let seen = seen.into_inner().unwrap();
    assert_eq!(
        seen[0],
        (
            "lines".to_string(),
            "4 wide".to_string(),
            vec![
                ("label".to_string(), "Your name".to_string()),
                ("rows".to_string(), "3".to_string())
            ],
            "Write here.\n:not an option:\n".to_string(),
            6,
            10
        )
    );
    assert_eq!(seen[1].0, "quiz");

    let r = ok("```{lines} 2\n```\n");
    assert_eq!(r.html, "<div class=\"lines\" data-n=\"2\"></div>\n");
    assert!(!r.has_code);
}

#[test]
fn malformed_directive_info_is_an_error() {
    let e = errs("text\n\n```{lines 4\nbody\n```\n", 1);
    assert_eq!(e.len(), 1);
    assert_eq!((e[0].line, e[0].col), (3, 1));
    assert!(
        e[0].message.starts_with("malformed directive `{lines 4`"),
        "{}",
        e[0].message
    );
}

#[test]
fn all_errors_are_reported_in_order() {
    let text = "## A\n\n[one](@/missing.md) and [two](#nope)\n\n```{unknown}\n```\n\n![three](@/gone.png)\n";
    let e = errs(text, 2);
    assert_eq!(
        e,
        [
            err(
                4,
                1,
                "unknown internal link `@/missing.md`; no page at content/missing.md"
            ),
            err(
                4,
                25,
                "unknown anchor `#nope` on this page; headings here are: a"
            ),
            err(6, 1, "unknown directive `{unknown}`"),
            err(
                9,
                1,
                "unknown internal link `@/gone.png`; no page at content/gone.png"
            ),
        ]
    );
}

#[test]
fn extensions_and_raw_html() {
    let r = ok(
        "~~old~~ H<sub>2</sub>O\n\n| a |\n|---|\n| 1 |\n\n- [x] done\n- [ ] todo\n\nNote[^n].\n\n[^n]: The note.\n",
    );
    assert!(
        r.html.contains("<del>old</del> H<sub>2</sub>O"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.contains(
        "<input type=\"checkbox\" class=\"task\" disabled checked aria-label=\"Task\"> done"
    ));
    assert!(r.html.contains("class=\"footnote-definition\""));
}

#[test]
fn tables_align_with_classes_inside_a_focusable_region() {
    let r = ok("| Day | Done | Felt |\n|:---|:---:|---:|\n| Mon | yes | *good* |\n");
    assert_eq!(
        r.html,
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>\n\
         <thead><tr><th class=\"align-left\">Day</th><th class=\"align-center\">Done</th><th class=\"align-right\">Felt</th></tr></thead><tbody>\n\
         <tr><td class=\"align-left\">Mon</td><td class=\"align-center\">yes</td><td class=\"align-right\"><em>good</em></td></tr>\n\
         </tbody></table></div>\n"
    );
    assert!(!r.html.contains("style="));
    let r = ok("| a | b |\n|---|---|\n");
    assert_eq!(
        r.html,
        "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"Table\"><table>\n\
         <thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n</tbody></table></div>\n"
    );
    assert_eq!(
        ok("| one two | three |\n|---|---|\n| four | five |\n").word_count,
        5
    );
}
