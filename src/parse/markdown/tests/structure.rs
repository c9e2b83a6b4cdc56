//! Page structure: callouts, heading ids and anchors, the table of contents, summaries, word count.

use super::*;

#[test]
fn github_alerts_become_callouts() {
    let r = ok("> [!NOTE]\n> Remember this.\n\n> [!CAUTION]\n> Hot.\n\n> plain quote\n");
    assert_eq!(
        r.html,
        "<aside class=\"callout callout-note\" role=\"note\"><p class=\"callout-title\">Note</p>\n\
         <p>Remember this.</p>\n</aside>\n\
         <aside class=\"callout callout-caution\" role=\"note\"><p class=\"callout-title\">Caution</p>\n\
         <p>Hot.</p>\n</aside>\n\
         <blockquote>\n<p>plain quote</p>\n</blockquote>\n"
    );
    for (kind, title) in [
        ("TIP", "Tip"),
        ("IMPORTANT", "Important"),
        ("WARNING", "Warning"),
    ] {
        let r = ok(&format!("> [!{kind}]\n> x\n"));
        let class = kind.to_ascii_lowercase();
        assert!(
            r.html.starts_with(&format!(
                "<aside class=\"callout callout-{class}\" role=\"note\"><p class=\"callout-title\">{title}</p>"
            )),
            "{}",
            r.html
        );
    }
}

#[test]
fn heading_ids_dedupe_and_explicit_ids() {
    let r = ok(
        "## Getting started\n\n## Getting started\n\n### Crème brûlée!\n\n## Other {#custom-id}\n\n## Getting Started\n",
    );
    assert_eq!(
        r.anchors,
        [
            "getting-started",
            "getting-started-1",
            "creme-brulee",
            "custom-id",
            "getting-started-2"
        ]
    );
    assert!(
        r.html.contains("<h2 id=\"custom-id\">Other <a"),
        "{}",
        r.html
    );
    // An explicit id wins even over an earlier heading whose slug it is.
    let r = ok("## Setup\n\n## Install {#setup}\n");
    assert_eq!(r.anchors, ["setup-1", "setup"]);
    assert!(r.html.starts_with("<h2 id=\"setup-1\">Setup"), "{}", r.html);
}

#[test]
fn duplicate_explicit_ids_are_errors() {
    let e = errs("## A {#x}\n\n## B {#x}\n", 1);
    assert_eq!(
        e,
        [err(
            3,
            1,
            "duplicate heading id `#x`; line 1 already uses it"
        )]
    );
}

#[test]
fn headings_have_accessible_anchor_links() {
    let r = ok("## Why *care*? {#why}\n");
    assert_eq!(
        r.html,
        "<h2 id=\"why\">Why <em>care</em>? <a class=\"anchor\" href=\"#why\" aria-label=\"Link to section: Why care?\">#</a></h2>\n"
    );
    let r = ok("# Tom & \\<Jerry\\> {#tj}\n");
    assert!(
        r.html
            .contains("aria-label=\"Link to section: Tom &amp; &lt;Jerry&gt;\""),
        "{}",
        r.html
    );
}

#[test]
fn toc_is_nested_h2_to_h4_with_plain_titles() {
    let r = ok(
        "# Page\n\n### Early\n\n## One `code` *em*\n\n### One.a\n\n#### One.a.i\n\n##### Too deep\n\n### One.b\n\n## Two\n",
    );
    let entry = |level, id: &str, title: &str, children| TocEntry {
        level,
        id: id.into(),
        title: title.into(),
        children,
    };
    assert_eq!(
        r.toc,
        vec![
            entry(3, "early", "Early", vec![]),
            entry(
                2,
                "one-code-em",
                "One code em",
                vec![
                    entry(
                        3,
                        "one-a",
                        "One.a",
                        vec![entry(4, "one-a-i", "One.a.i", vec![])]
                    ),
                    entry(3, "one-b", "One.b", vec![]),
                ]
            ),
            entry(2, "two", "Two", vec![]),
        ]
    );
}

#[test]
fn summary_is_before_more_marker() {
    let r = ok("First para.\n\nSecond para.\n\n<!-- more -->\n\nRest.\n");
    assert_eq!(r.summary_html, "<p>First para.</p>\n<p>Second para.</p>\n");
    assert!(r.html.contains("<p>Rest.</p>"));
    let r = ok("## Why {#why}\n\nIntro\n<!--more-->\nafter\n");
    assert_eq!(r.summary_html, "<h2>Why</h2>\n<p>Intro</p>\n");
    assert!(r.html.starts_with("<h2 id=\"why\">Why <a class=\"anchor\""));
    let r = ok("Intro\n<!--more-->\nafter\n");
    assert_eq!(r.summary_html, "<p>Intro</p>\n");
}

#[test]
fn summary_defaults_to_first_paragraph() {
    let r = ok("# Title\n\n> quoted para\n\nThe *first* paragraph.\n\nThe second.\n");
    assert_eq!(r.summary_html, "<p>The <em>first</em> paragraph.</p>\n");
    assert_eq!(ok("## Only a heading\n").summary_html, "");
}

#[test]
fn word_count_skips_code() {
    let r = ok(
        "# Two words\n\nOne *two* thr**ee** — don't `skip me`.\n\n```rust\nlet not_counted = 1;\n```\n\n    indented code\n\n- a\n- b c\n\n![alt text](x.png)\n",
    );
    // "Two words" 2 + "One two three — don’t ." 5 ("—" and "." stand alone) + a, b, c 3.
    assert_eq!(r.word_count, 2 + 6 + 3);
}

#[test]
fn words_are_parted_by_ascii_white_space_only() {
    // Tabs and runs of spaces part words; a vertical tab and a no-break space do not.
    let text = "one  two\tthree\u{b}four five\u{a0}six   seven\u{c}eight";
    let r = ok(&format!("{text}\n"));
    assert_eq!(r.word_count, text.split_ascii_whitespace().count());
    assert_eq!(r.word_count, 6);
}

#[test]
fn a_long_paragraph_counts_every_word() {
    // Longer than the 255 bytes counted at a time, with words across each boundary.
    let text = "a bc def ".repeat(200);
    assert_eq!(ok(&format!("{text}\n")).word_count, 600);
}
