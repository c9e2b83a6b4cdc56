//! Worksheets in a built site, end to end: pages that work without script or inline styles, a
//! theme's own blocks, paper per page, print.css, the booklet, and errors with their places.

mod common;

use common::Fixture;

fn built(case: &str) -> Fixture {
    let fixture = Fixture::new(case);
    fixture
        .build()
        .unwrap_or_else(|errors| panic!("{}", errors.join("\n")));
    fixture
}

/// Every HTML file of the built site, with its path.
fn html_files(site: &Fixture) -> Vec<(String, String)> {
    walkdir::WalkDir::new(site.output())
        .into_iter()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().extension().is_some_and(|ext| ext == "html"))
        .map(|entry| {
            let name = entry.path().strip_prefix(site.output()).unwrap();
            let html = std::fs::read_to_string(entry.path()).unwrap();
            (name.to_string_lossy().into_owned(), html)
        })
        .collect()
}

#[test]
fn a_worksheet_page_works_without_script_and_loads_its_own_only() {
    let page = built("worksheet_site").read("worksheets/first/index.html");
    for part in [
        "<link rel=\"stylesheet\" href=\"../../worksheet.css\">\n<link rel=\"stylesheet\" href=\"../../print-sheets.css\" media=\"print\">",
        "<link rel=\"stylesheet\" href=\"../../print.css\" media=\"print\">",
        "<script src=\"../../worksheet.js\" defer></script>\n",
        "<body class=\"is-worksheet print-worksheets-first paper-a4\">",
        "<button type=\"button\" class=\"button needs-js\" data-worksheet-action=\"print\">Print this worksheet</button>",
        "<a class=\"ws-booklet-link\" href=\"../../print/\" data-path=\"/print/\">All worksheets as one printable booklet</a>",
        "<div class=\"worksheet\" data-worksheet=\"/worksheets/first/\">",
        "<div class=\"ws-tools ws-tools-end needs-js\" data-worksheet-tools>",
        "<p class=\"ws-status\" role=\"status\" aria-live=\"polite\"></p>",
    ] {
        assert!(page.contains(part), "missing {part} in:\n{page}");
    }
    // No PDF yet, so no link to one.
    assert!(!page.contains(".pdf"), "{page}");
}

#[test]
fn no_page_has_an_inline_script_style_or_event_handler() {
    let site = Fixture::repository_site();
    site.build()
        .unwrap_or_else(|errors| panic!("{}", errors.join("\n")));
    for (name, html) in html_files(&site) {
        assert!(!html.contains(" style="), "{name} has a style attribute");
        assert!(!html.contains("<style"), "{name} has a style element");
        for script in html.split("<script").skip(1) {
            let tag = &script[..script.find('>').unwrap()];
            // JSON-LD is data the browser never runs.
            let data = tag.contains(" type=\"application/ld+json\"");
            assert!(tag.contains(" src=") || data, "{name} has an inline script");
        }
        for handler in [
            " onclick=",
            " onload=",
            " onchange=",
            " oninput=",
            " onsubmit=",
        ] {
            assert!(!html.contains(handler), "{name} has an inline {handler}");
        }
    }
}

#[test]
fn a_theme_can_add_its_own_blocks() {
    let page = built("worksheet_site").read("worksheets/first/index.html");
    assert!(
        page.contains(
            "<div class=\"ws-block mood\" id=\"ws-worksheets-first-2\" data-args=\"3\" data-faces=\"happy | sad\">\
             <p>How do I <em>feel</em>?</p><input type=\"text\" name=\"ws-worksheets-first-2-answer\" aria-label=\"Mood\"></div>"
        ),
        "{page}"
    );
}

#[test]
fn print_css_names_each_worksheets_paper_and_running_header() {
    let site = built("worksheet_site");
    // Published minified, like every stylesheet: the site's name and origin for every page...
    let site_css = hearth::output::minify::css_min(
        ":root { --print-site-name: \"Sheets \\\"Fixture\\\"\"; --print-site-origin: \"https://sheets.example\"; }",
    )
    .unwrap();
    assert_eq!(site.read("print.css"), site_css);
    // ...and each worksheet's printed pages for worksheets and the booklet.
    let sheets = hearth::output::minify::css_min(
        "@page print-worksheets-first { size: A4; @top-center { content: \"First \\\"sheet\\\"\"; } }\n\
         @page print-worksheets-first:first { @top-center { content: none; } }\n\
         html body.print-worksheets-first, .print-worksheets-first { page: print-worksheets-first; }\n\
         @page print-worksheets-second { size: letter; @top-center { content: \"Second sheet\"; } }\n\
         @page print-worksheets-second:first { @top-center { content: none; } }\n\
         html body.print-worksheets-second, .print-worksheets-second { page: print-worksheets-second; }\n",
    )
    .unwrap();
    assert_eq!(site.read("print-sheets.css"), sheets);
    // `paper = "letter"` in a page's front matter wins over hearth.toml's a4.
    let second = site.read("worksheets/second/index.html");
    assert!(second.contains("<body class=\"is-worksheet print-worksheets-second paper-letter\">"));
}

#[test]
fn the_booklet_holds_every_worksheet_after_a_contents_page() {
    let site = built("worksheet_site");
    let booklet = site.read("print/index.html");
    let contents = booklet.find("<nav class=\"booklet-contents\"").unwrap();
    let first = booklet
        .find("<article class=\"booklet-sheet print-worksheets-first\" id=\"sheet-first\"")
        .unwrap();
    let second = booklet
        .find("<article class=\"booklet-sheet print-worksheets-second\" id=\"sheet-second\"")
        .unwrap();
    assert!(contents < first && first < second, "{booklet}");
    assert!(booklet.contains(
        "<li><a href=\"#sheet-first\">First &quot;sheet&quot;</a></li>\n        <li><a href=\"#sheet-second\">Second sheet</a></li>"
    ));
    // Answers typed in the booklet are the worksheet's own (the same storage keys).
    assert!(
        booklet.contains("<div class=\"prose worksheet\" data-worksheet=\"/worksheets/first/\">")
    );
    assert!(
        site.read("sitemap.xml")
            .contains("<loc>https://sheets.example/print/</loc>")
    );
}

#[test]
fn the_booklet_keeps_its_address() {
    let site = Fixture::new("worksheet_site");
    site.write("content/print.md", "+++\ntitle = \"Print\"\n+++\n");
    assert_eq!(
        site.build().unwrap_err(),
        ["content/print.md:1:1: its URL /print/ is the worksheet booklet's; expected another slug"]
    );
}

#[test]
fn worksheet_mistakes_are_all_reported_with_their_place_and_nothing_is_written() {
    let fixture = Fixture::new("worksheet_errors");
    assert_eq!(
        fixture.build().unwrap_err(),
        [
            "content/articles/uses-a-block.md:5:1: unknown directive `{checklist}`; expected a worksheet block such as {lines}, {scale}, {tracker}, {box} or {pagebreak}, or a theme template templates/blocks/checklist.html",
            "content/worksheets/bad.md:7:1: `{scale}` range `5-1` does not go up; expected the lower number first, e.g. `1-5`",
            "content/worksheets/bad.md:8:1: unknown option `:lables:` for `{scale}`; expected `:labels:`",
            "content/worksheets/bad.md:14:3: `{lines}` expects a number of answer lines from 1 to 40, found `abc`",
            "content/worksheets/bad.md:18:1: `{tracker}` needs `:columns:`, e.g. `:columns: Day | What I did | How it felt`",
        ]
    );
    assert!(!fixture.output().exists());
}

#[test]
fn the_advice_site_has_worksheets_linked_from_its_articles() {
    let site = Fixture::repository_site();
    site.build()
        .unwrap_or_else(|errors| panic!("{}", errors.join("\n")));
    let sheets = [
        (
            "before-i-act",
            "Before I act: will this push him away or pull him closer?",
        ),
        (
            "how-much-do-i-care",
            "How much do I really care? An inventory of my spouse’s interests and passions",
        ),
        (
            "is-this-still-healthy",
            "Is this still healthy for me? A step-back reflection",
        ),
    ];
    let booklet = site.read("print/index.html");
    for (slug, title) in sheets {
        let page = site.read(&format!("worksheets/{slug}/index.html"));
        assert!(
            page.contains(&format!("<h1>{title}</h1>")),
            "{slug}: {page}"
        );
        let kinds = [
            "ws-lines",
            "ws-scale",
            "ws-tracker",
            "ws-box",
            "class=\"task\"",
        ]
        .iter()
        .filter(|kind| page.contains(*kind))
        .count();
        assert!(kinds >= 3, "{slug} uses {kinds} kinds of block");
        assert!(
            booklet.contains(&format!("id=\"sheet-{slug}\"")),
            "{slug} is not in the booklet"
        );
    }
    let healthy = site.read("worksheets/is-this-still-healthy/index.html");
    let healthy = healthy.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(healthy.contains("a neutral, professional third party such as a therapist"));
    for (article, sheet) in [
        ("husband-left-how-to-get-him-back", "before-i-act"),
        ("caring-in-marriage", "how-much-do-i-care"),
        ("does-your-husband-still-love-you", "how-much-do-i-care"),
        ("when-to-step-back-or-give-up", "is-this-still-healthy"),
    ] {
        let page = site.read(&format!("articles/{article}/index.html"));
        assert!(
            page.contains(&format!("data-path=\"/worksheets/{sheet}/\"")),
            "{article} does not link to {sheet}"
        );
    }
}
