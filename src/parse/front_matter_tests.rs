//! Tests of front matter: splitting, every unknown key, dates.
use super::*;

#[test]
fn splits_toml_and_yaml_headers() {
    let split = split("+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
    assert_eq!(split.format, Some(Format::Toml));
    assert_eq!(split.header, "title = \"A\"\n");
    assert_eq!((split.body, split.body_first_line), ("Body\n", 4));
    let split = super::split("---\ntitle: A\n---\n\nBody").unwrap();
    assert_eq!(split.format, Some(Format::Yaml));
    assert_eq!(split.body_first_line, 4);
    let header: PageHeader = parse_header(&split).unwrap();
    assert_eq!(header.title.as_deref(), Some("A"));
}

#[test]
fn an_unclosed_header_is_an_error() {
    let error = split("+++\ntitle = \"A\"\n").unwrap_err();
    assert_eq!(
        error.message,
        "front matter opened with `+++` is never closed; expected a line `+++` after it"
    );
}

#[test]
fn every_unknown_key_is_reported_at_its_line() {
    let text = "+++\ntitle = \"A\"\ncolour = \"red\"\ntemplate = \"x.html\"\nsummary = \"s\"\n[taxonomies]\ncategories = [\"a\"]\n+++\n";
    let errors = parse_header::<PageHeader>(&split(text).unwrap()).unwrap_err();
    let places: Vec<(usize, usize, &str)> = errors
        .iter()
        .map(|e| (e.line, e.col, &e.message[..e.message.find(';').unwrap()]))
        .collect();
    assert_eq!(
        places,
        [
            (3, 1, "unknown key `colour` in front matter"),
            (5, 1, "unknown key `summary` in front matter"),
            (6, 1, "unknown key `taxonomies` in front matter"),
        ]
    );
    assert!(errors[0].message.ends_with(
        "expected one of: title, description, date, updated, tags, draft, slug, aliases, weight, kind, template, paper, extra, quiz, expires, series, series_order, image, or a key under [extra]"
    ));
    let text = "---\ntitle: A\ncolour: red\nauthor: me\n---\n";
    let errors = parse_header::<PageHeader>(&split(text).unwrap()).unwrap_err();
    let lines: Vec<usize> = errors.iter().map(|e| e.line).collect();
    assert_eq!(lines, [3, 4]);
}

#[test]
fn every_listed_key_is_read() {
    fn not_unknown<T: Default + HeaderKeys>() {
        for key in T::keys() {
            let text = format!("---\n{key}: ~\n---\n");
            if let Err(errors) = parse_header::<T>(&split(&text).unwrap()) {
                assert!(
                    !errors[0].message.contains("unknown key"),
                    "{key}: {errors:?}"
                );
            }
        }
    }
    not_unknown::<PageHeader>();
    not_unknown::<SectionHeader>();
    let text = "+++\nsort_by = \"title\"\n+++\n";
    let header: SectionHeader = parse_header(&split(text).unwrap()).unwrap();
    assert_eq!(header.sort_by, SortBy::Title);
}

#[test]
fn blank_lines_before_the_header_are_allowed() {
    let split = split("\n  \n+++\ntitle = \"A\"\n+++\nBody\n").unwrap();
    assert_eq!(split.format, Some(Format::Toml));
    assert_eq!(split.header_first_line, 4);
    assert_eq!((split.body, split.body_first_line), ("Body\n", 6));
}

#[test]
fn dates_from_either_format_and_bad_ones() {
    let text = "+++\ndate = 2024-05-01\nupdated = \"2024-02-30\"\n+++\n";
    let split = split(text).unwrap();
    let header: PageHeader = parse_header(&split).unwrap();
    let date = resolve_date(&split, "date", &header.date).unwrap().unwrap();
    assert_eq!(date.iso(), "2024-05-01");
    let error = resolve_date(&split, "updated", &header.updated).unwrap_err();
    assert_eq!((error.line, error.col), (3, 1));
    assert_eq!(
        error.message,
        "`updated` is not a date: `2024-02-30`; expected a date such as 2024-05-01 or 2024-05-01T09:30:00Z"
    );
}
