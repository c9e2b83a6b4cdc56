//! Tests of the front matter mapping, on headers as real Hugo and Zola sites write them.

use super::*;

fn page_of(text: &str, dialect: Dialect) -> (PageFront, Report) {
    let mut report = Report::default();
    let header = Header::read("content/x.md", text).unwrap();
    (page(&header, dialect, &mut report), report)
}

#[test]
fn hugo_keys_are_read_whatever_their_case() {
    // As spf13.com's presentations write their header.
    let text = "---\nDate: \"2013-07-12\"\nDescription: \"\"\nDraft: true\nTags:\n- mongodb\n- PHP\nTitle: MongoDB and PHP Webinar\nTopics:\n- MongoDB\n---\nBody.\n";
    let (front, report) = page_of(text, Dialect::Hugo);
    assert_eq!(front.title.as_deref(), Some("MongoDB and PHP Webinar"));
    assert_eq!(front.date.as_deref(), Some("2013-07-12"));
    assert!(front.draft, "a Hugo draft stays a draft");
    assert_eq!(front.tags, ["mongodb", "PHP"]);
    assert_eq!(front.extra.keys().collect::<Vec<_>>(), ["Topics"]);
    assert_eq!(report.mapped.len(), 1, "{report}");
}

#[test]
fn zola_keys_keep_their_case() {
    let text = "+++\nTitle = \"Kept\"\ntitle = \"The title\"\n+++\n";
    let (front, _) = page_of(text, Dialect::Zola);
    assert_eq!(front.title.as_deref(), Some("The title"));
    assert!(front.extra.contains_key("Title"));
}

#[test]
fn a_draft_written_as_text_is_read_and_anything_else_stays_a_draft() {
    let draft = |value: &str| {
        let (front, report) = page_of(&format!("---\ndraft: {value}\n---\n"), Dialect::Hugo);
        (front.draft, report.mapped.len())
    };
    assert_eq!(draft("\"true\""), (true, 0));
    assert_eq!(draft("\"false\""), (false, 0));
    assert_eq!(draft("false"), (false, 0));
    assert_eq!(draft("1"), (true, 0));
    assert_eq!(
        draft("\"later\""),
        (true, 1),
        "unreadable: kept back, and said"
    );
}

#[test]
fn a_summary_never_replaces_a_description() {
    let text = "---\ndescription: Shown in search results\nsummary: Shown in lists\n---\n";
    let (front, report) = page_of(text, Dialect::Hugo);
    assert_eq!(front.description, "Shown in search results");
    assert_eq!(
        front.extra.get("summary").and_then(|v| v.as_str()),
        Some("Shown in lists")
    );
    assert_eq!(
        report.mapped[0].what,
        "`summary` kept under [extra]: the page has a `description` too"
    );
    let (front, _) = page_of("---\nsummary: Only this\n---\n", Dialect::Hugo);
    assert_eq!(front.description, "Only this");
}

#[test]
fn a_date_hearth_cannot_read_is_kept_under_extra_as_the_report_says() {
    let (front, report) = page_of("+++\ndate = \"May 1st 2023\"\n+++\n", Dialect::Zola);
    assert_eq!(front.date, None);
    assert_eq!(
        front.extra.get("date").and_then(|v| v.as_str()),
        Some("May 1st 2023")
    );
    assert_eq!(report.skipped[0].place, "content/x.md:2");
}
