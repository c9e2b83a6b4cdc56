//! Tests of the structured data: what each block says and how it is written.

use super::*;

#[test]
fn a_title_cannot_close_the_script_element() {
    let text = script(&[collection("</script><script>alert(1)</script> & co", "u")]);
    assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
    let back: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        back["@graph"][0]["name"],
        "</script><script>alert(1)</script> & co"
    );
}

#[test]
fn every_property_is_written_in_the_order_of_its_name() {
    let leaf = || Box::new(Thing::new("Thing"));
    let every = Thing {
        about: Some(leaf()),
        accepted_answer: Some(vec![Thing::new("Answer")]),
        author: Some(leaf()),
        date_modified: Some("2026-01-02".into()),
        date_published: Some("2026-01-01".into()),
        description: Some("d & <e>"),
        edu_question_type: Some("Checkbox"),
        has_part: Some(vec![Thing::new("Question")]),
        headline: Some(Cow::Borrowed("h")),
        image: Some("i".into()),
        in_language: Some("en"),
        item: Some("u"),
        item_list_element: Some(Vec::new()),
        keywords: Some("k".into()),
        learning_resource_type: Some("Worksheet"),
        logo: Some(leaf()),
        main_entity_of_page: Some(Cow::Borrowed("m")),
        name: Some("n"),
        position: Some(1),
        publisher: Some(leaf()),
        text: Some("t".into()),
        url: Some(Cow::Borrowed("u")),
        word_count: Some(2),
        ..Thing::new("Every")
    };
    let written = script(&[every]);
    // A JSON value's objects are sorted maps: written again, the text is the same only if
    // each property came in the order of its name.
    let value: serde_json::Value = serde_json::from_str(&written).unwrap();
    let sorted = serde_json::to_string(&value).unwrap();
    let sorted = (sorted.replace('<', "\\u003c").replace('>', "\\u003e")).replace('&', "\\u0026");
    assert_eq!(written, sorted);
    assert_eq!(value["@graph"][0].as_object().unwrap().len(), 24);
}

#[test]
fn breadcrumbs_number_their_steps_from_one() {
    let crumbs = [
        Crumb {
            name: "Home".into(),
            url: "https://a.example/".into(),
        },
        Crumb {
            name: "Articles".into(),
            url: "https://a.example/articles/".into(),
        },
    ];
    let list = serde_json::to_value(breadcrumbs(&crumbs)).unwrap();
    assert_eq!(list["itemListElement"][1]["position"], 2);
    assert_eq!(
        list["itemListElement"][1]["item"],
        "https://a.example/articles/"
    );
}

#[test]
fn questions_and_answers_are_written_as_the_words_they_show() {
    assert_eq!(
        plain("Want him home **now**, `today`, *__really__*?"),
        "Want him home now, today, really?"
    );
}

#[test]
fn a_long_headline_is_cut_to_110_characters() {
    let title = "word ".repeat(40);
    let cut = headline(&title);
    assert_eq!(cut.chars().count(), 110);
    assert!(cut.ends_with('…'));
}
