//! Internal `@/` links, their anchors, and same-page anchors.

use super::*;

#[test]
fn internal_links_are_resolved() {
    let r = ok(
        "See [caring](@/articles/caring.md), [about](@/about.md \"About us\") and ![a hearth](@/img/hearth.png).\n\n[ref]: @/about.md\n\nAlso [the ref][ref].\n",
    );
    assert_eq!(
        r.html,
        "<p>See <a href=\"/articles/caring/\">caring</a>, <a href=\"/about/\" title=\"About us\">about</a> \
         and <img src=\"/img/hearth.png\" alt=\"a hearth\" />.</p>\n<p>Also <a href=\"/about/\">the ref</a>.</p>\n"
    );
    assert!(r.anchor_refs.is_empty());
}

#[test]
fn missing_page_is_an_error_at_the_link() {
    // Front matter took 4 lines; the link is on the body's 3rd line, after 4 chars (one non-ASCII).
    let e = errs("# T\n\nSée [x](@/nope/gone.md#part) here.\n", 5);
    assert_eq!(
        e,
        [err(
            7,
            5,
            "unknown internal link `@/nope/gone.md`; no page at content/nope/gone.md"
        )]
    );
    let e = errs("Text ![alt](@/img/none.png)\n", 1);
    assert_eq!(
        e,
        [err(
            1,
            6,
            "unknown internal link `@/img/none.png`; no page at content/img/none.png"
        )]
    );
}

#[test]
fn anchors_of_internal_links_are_returned() {
    let r = render_at(
        "Intro.\n\n* read [why](@/articles/caring.md#why-care) first\n",
        10,
    )
    .unwrap();
    assert!(
        r.html
            .contains("<a href=\"/articles/caring/#why-care\">why</a>"),
        "{}",
        r.html
    );
    assert_eq!(
        r.anchor_refs,
        [AnchorRef {
            target: "articles/caring.md".into(),
            anchor: "why-care".into(),
            line: 12,
            col: 8
        }]
    );
}

#[test]
fn same_page_anchors_are_checked() {
    let r =
        ok("[down](#later) and [html](#hand-made)\n\n## Later\n\n<div id=\"hand-made\"></div>\n");
    assert!(r.html.contains("<a href=\"#later\">down</a>"));
    let e = errs("## A\n\n## B\n\nGo to [nowhere](#c).\n", 1);
    assert_eq!(
        e,
        [err(
            5,
            7,
            "unknown anchor `#c` on this page; headings here are: a, b"
        )]
    );
    let e = errs("[x](#y)\n", 1);
    assert_eq!(
        e,
        [err(
            1,
            1,
            "unknown anchor `#y` on this page; it has no headings"
        )]
    );
}
