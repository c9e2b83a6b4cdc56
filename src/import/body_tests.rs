//! Tests of how page bodies' shortcodes are converted.

use super::*;

fn converted(body: &str, runs: &[&str]) -> (String, Report) {
    let mut report = Report::default();
    let context = BodyContext {
        path: "content/x.md",
        first_line: 4,
        refs: &|_| None,
        include: &|_| Err("no includes here".to_string()),
        image: &|_| None,
        runs,
    };
    (convert(body, &context, &mut report), report)
}

#[test]
fn a_callout_holds_its_whole_body() {
    let body = "Before.\n\n{{< note >}}\nText of the note.\n\nSecond paragraph {{< youtube w7Ft2ymGmfc >}}.\n{{< /note >}}\n\nAfter.\n";
    let (text, report) = converted(body, &["Hugo"]);
    assert_eq!(
        text,
        "Before.\n\n> [!NOTE]\n> Text of the note.\n>\n> Second paragraph [Video on YouTube](https://www.youtube.com/watch?v=w7Ft2ymGmfc).\n\nAfter.\n"
    );
    let places: Vec<&str> = report.mapped.iter().map(|e| e.place.as_str()).collect();
    assert_eq!(places, ["content/x.md:9", "content/x.md:6"], "{report}");
}

#[test]
fn a_zola_callout_ends_at_its_end_tag() {
    let (text, _) = converted("{% note() %}\nFoxtrot.\n\nGolf.\n{% end %}\n", &["Zola"]);
    assert_eq!(text, "> [!NOTE]\n> Foxtrot.\n>\n> Golf.\n");
}

#[test]
fn a_callout_never_closed_is_left_as_it_was_written() {
    let (text, report) = converted("{{< warning >}}\nOpen.\n", &["Hugo"]);
    assert_eq!(text, "<!-- {{< warning >}} -->\nOpen.\n");
    assert_eq!(report.skipped.len(), 1, "{report}");
}

#[test]
fn text_in_another_tool_s_syntax_is_the_writer_s_own() {
    // As spf13.com writes of Vim's folds, in a Hugo site.
    let body = "Vim folds ({{{ and }}}) and {{ end }} stay, as does {% raw %}.\n";
    let (text, report) = converted(body, &["Hugo"]);
    assert_eq!(text, body);
    assert_eq!(report, Report::default());
    let (text, _) = converted("Say {{< hello >}} in Zola.\n", &["Zola"]);
    assert_eq!(text, "Say {{< hello >}} in Zola.\n");
}

#[test]
fn an_include_takes_the_lines_mdbook_takes() {
    let lines = "one\ntwo\nthree\nfour\n";
    let included = |argument: &str| {
        let mut report = Report::default();
        let context = BodyContext {
            path: "src/x.md",
            first_line: 1,
            refs: &|_| None,
            include: &|file| match file {
                "code.rs" => Ok(lines.to_string()),
                other => Err(format!("no {other}")),
            },
            image: &|_| None,
            runs: &["mdBook"],
        };
        convert(
            &format!("{{{{#include {argument}}}}}\n"),
            &context,
            &mut report,
        )
    };
    assert_eq!(included("code.rs"), lines);
    assert_eq!(included("code.rs:2"), "two\n");
    assert_eq!(included("code.rs:2:"), "two\nthree\nfour\n");
    assert_eq!(included("code.rs::2"), "one\ntwo\n");
    assert_eq!(included("code.rs:2:3"), "two\nthree\n");
}

#[test]
fn zola_s_raw_text_is_shown_as_written_without_its_markers() {
    // As Zola's abridge theme documents its video shortcode.
    let body = "### Usage\n\n{% raw %}\n```rs\n{{<video sources={[\"over9000_av1.mp4\"]} page={page} />}}\n```\n{% endraw %}\n";
    let (text, report) = converted(body, &["Zola"]);
    assert_eq!(
        text,
        "### Usage\n\n\n```rs\n{{<video sources={[\"over9000_av1.mp4\"]} page={page} />}}\n```\n\n"
    );
    assert_eq!(report.mapped.len(), 1, "{report}");
    let (text, _) = converted(
        "## Pagination {% raw %}{#pagination}{% endraw %}\n",
        &["Zola"],
    );
    assert_eq!(text, "## Pagination {#pagination}\n");
}

#[test]
fn escaped_shortcodes_are_written_as_the_text_their_tool_shows() {
    // As Hugo's documentation shows its `highlight` shortcode, and tabi its images.
    let hugo = "```md\n{{</* highlight LANG OPTIONS */>}}\nCODE\n{{</* /highlight */>}}\n```\n";
    let (text, report) = converted(hugo, &["Hugo"]);
    assert_eq!(
        text,
        "```md\n{{< highlight LANG OPTIONS >}}\nCODE\n{{< /highlight >}}\n```\n"
    );
    assert_eq!(report.skipped, []);
    let zola = "```\n{{/* dual_theme_image(light_src=\"img/paris_day.webp\") */}}\n```\n\nSee {%/* note() */%}.\n";
    let (text, _) = converted(zola, &["Zola"]);
    assert_eq!(
        text,
        "```\n{{ dual_theme_image(light_src=\"img/paris_day.webp\") }}\n```\n\nSee {% note() %}.\n"
    );
    let (text, _) = converted("Left {{</* open\n", &["Hugo"]);
    assert_eq!(text, "Left {{</* open\n", "an escape never closed stays");
}

#[test]
fn a_call_whose_arguments_run_over_lines_is_converted() {
    // As Hugo's documentation writes its figures.
    let body = "Before.\n\n{{< figure\n  src=\"https://gohugo.io/images/hugo-logo.png\"\n  alt=\"Hugo logo\"\n>}}\n\nAfter.\n";
    let (text, report) = converted(body, &["Hugo"]);
    assert_eq!(
        text,
        "Before.\n\n![Hugo logo](https://gohugo.io/images/hugo-logo.png)\n\nAfter.\n"
    );
    assert_eq!(report.mapped[0].place, "content/x.md:6");
    assert!(!report.mapped[0].what.contains('\n'), "{report}");
    let (text, _) = converted("{{< figure\n\nsrc=\"x.png\" >}}\n", &["Hugo"]);
    assert_eq!(
        text, "{{< figure\n\nsrc=\"x.png\" >}}\n",
        "not across a blank line"
    );
}
