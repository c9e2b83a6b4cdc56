//! Tests of how a WordPress post's HTML is made Markdown.

use super::*;

#[test]
fn preformatted_text_becomes_a_code_block() {
    let mut report = Report::default();
    let html = "<pre class=\"brush: php; title: ; notranslate\" title=\"\">&lt;?php\nif ($a &amp;&amp; $b) {\n    echo 1;\n}</pre>\n\nAfter.";
    let markdown = to_markdown(
        html,
        "1",
        &Media::default(),
        "https://blog.example",
        "x.xml:1",
        &mut report,
    );
    assert_eq!(
        markdown,
        "```php\n<?php\nif ($a && $b) {\n    echo 1;\n}\n```\n\nAfter.\n"
    );
    let block = "<!-- wp:preformatted -->\n<pre class=\"wp-block-preformatted\">  two spaces\n    four</pre>\n<!-- /wp:preformatted -->";
    let markdown = to_markdown(
        block,
        "1",
        &Media::default(),
        "https://blog.example",
        "x.xml:1",
        &mut report,
    );
    assert_eq!(markdown, "```\n  two spaces\n    four\n```\n");
    let shortcode = "[sourcecode language=\"PHP\"]\n<?php\n\necho \"a\" . 'b';\n[/sourcecode]";
    let markdown = to_markdown(
        shortcode,
        "1",
        &Media::default(),
        "https://blog.example",
        "x.xml:1",
        &mut report,
    );
    assert_eq!(markdown, "```php\n<?php\n\necho \"a\" . 'b';\n```\n");
    let coded = "<pre><code class=\"language-rust\">fn main() {}</code></pre>";
    let markdown = to_markdown(
        coded,
        "1",
        &Media::default(),
        "https://blog.example",
        "x.xml:1",
        &mut report,
    );
    assert_eq!(markdown, "```rust\nfn main() {}\n```\n");
}

#[test]
fn character_references_are_decoded_and_a_lone_ampersand_is_kept() {
    assert_eq!(
        decode_entities("Q&amp;A &#8220;x&#8221; &hellip; News &amp; Views"),
        "Q&A \u{201c}x\u{201d} \u{2026} News & Views"
    );
    assert_eq!(
        decode_entities("AT&T; &bogus; & 5 &#x27;"),
        "AT&T; &bogus; & 5 '"
    );
    assert_eq!(decode_entities("café &eacute;"), "café é");
}

#[test]
fn blank_lines_make_paragraphs_and_pre_is_kept() {
    let html = paragraphs("One\nline two\n\n<h2>Head</h2>\n\n<pre>a\n\nb</pre>\nLast");
    assert_eq!(
        html,
        "<p>One<br />\nline two</p>\n\n<h2>Head</h2>\n\n<pre>a\n\nb</pre>\n\n<p>Last</p>\n\n"
    );
}

#[test]
fn wordpress_shortcodes_become_markdown_or_are_reported() {
    let media = Media {
        by_id: BTreeMap::from([(
            "7".to_string(),
            (
                "https://example.org/a.jpg".to_string(),
                "A".to_string(),
                "1".to_string(),
            ),
        )]),
    };
    let mut report = Report::default();
    let html = "[caption id=\"x\" width=\"300\"]<img src=\"/a.jpg\" alt=\"Alt\" /> The caption[/caption]\n\n[gallery ids=\"7\"]\n\n[embed]https://youtu.be/x[/embed]\n\n[audio mp3=\"https://example.org/s.mp3\"][/audio]\n\n[contact-form id=\"3\"] and [not a shortcode] text";
    let markdown = to_markdown(
        html,
        "1",
        &media,
        "https://blog.example",
        "x.xml:9",
        &mut report,
    );
    assert_eq!(
        markdown,
        "[Image: Alt](https://blog.example/a.jpg)\n\nThe caption\n\n- [Image: A](https://example.org/a.jpg)\n\n[https://youtu.be/x](https://youtu.be/x)\n\n[Audio: s.mp3](https://example.org/s.mp3)\n\nand \\[not a shortcode\\] text\n"
    );
    let skipped: Vec<&str> = report
        .skipped
        .iter()
        .map(|entry| entry.what.as_str())
        .collect();
    assert_eq!(
        skipped,
        ["shortcode `[contact-form id=\"3\"]` has no hearth equivalent: dropped"]
    );
    assert_eq!(
        report.attachments.len(),
        3,
        "the caption's image on the old site is one"
    );
}
