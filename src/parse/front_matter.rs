//! Front matter: splits a content file into its TOML (`+++`) or YAML (`---`) header and body,
//! and reads the header into typed fields with errors at the key's line.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::config::Paper;
use crate::model::date::Date;
use crate::model::page::PageKind;

/// A problem in a file's header, at a 1-based line and column of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Yaml,
}

/// A content file cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split<'a> {
    pub format: Option<Format>,
    pub header: &'a str,
    /// The file's line where the header's first line is.
    pub header_first_line: usize,
    pub body: &'a str,
    /// The file's line where the body's first line is.
    pub body_first_line: usize,
}

pub fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first_line_end = text.find('\n').map_or(text.len(), |i| i + 1);
    let fence = text[..first_line_end].trim_end();
    let format = match fence {
        "+++" => Format::Toml,
        "---" => Format::Yaml,
        _ => {
            return Ok(Split {
                format: None,
                header: "",
                header_first_line: 1,
                body: text,
                body_first_line: 1,
            });
        }
    };
    let mut offset = first_line_end;
    let mut line = 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == fence {
            return Ok(Split {
                format: Some(format),
                header: &text[first_line_end..offset],
                header_first_line: 2,
                body: &text[end..],
                body_first_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(FrontMatterError {
        line: 1,
        col: 1,
        message: format!(
            "front matter opened with `{fence}` is never closed; expected a line `{fence}` after it"
        ),
    })
}

/// A date as written: TOML's own date type, or a string.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawDate {
    Toml(toml::value::Datetime),
    Text(String),
}

/// The header of a page, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PageHeader {
    pub title: Option<String>,
    pub description: Option<String>,
    pub date: Option<RawDate>,
    pub updated: Option<RawDate>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub slug: Option<String>,
    pub aliases: Vec<String>,
    pub weight: Option<i64>,
    pub kind: Option<PageKind>,
    pub template: Option<String>,
    pub paper: Option<Paper>,
    pub extra: serde_json::Map<String, serde_json::Value>,
    /// A quiz's definition; read with its positions by `parse::quiz`.
    pub quiz: Option<serde::de::IgnoredAny>,
    /// The date the page is taken down.
    pub expires: Option<RawDate>,
    /// The series the page belongs to, and its place in it.
    pub series: Option<String>,
    pub series_order: Option<i64>,
}

pub use crate::model::section::SortBy;

/// The header of a section (`_index.md`), as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SectionHeader {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub page_kind: Option<PageKind>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// Reads a header of either format into `T`.
pub fn parse_header<T: DeserializeOwned + Default>(split: &Split) -> Result<T, FrontMatterError> {
    let Some(format) = split.format else {
        return Ok(T::default());
    };
    let header = split.header;
    let (offset, message) = match format {
        Format::Toml => match toml::from_str(header) {
            Ok(value) => return Ok(value),
            Err(error) => (
                error.span().map_or(0, |span| span.start),
                error.message().trim_end().to_string(),
            ),
        },
        Format::Yaml if header.trim().is_empty() => return Ok(T::default()),
        Format::Yaml => match serde_norway::from_str(header) {
            Ok(value) => return Ok(value),
            Err(error) => {
                let offset = error.location().map_or(0, |location| location.index());
                let message = error.to_string();
                let message = message
                    .split(" at line ")
                    .next()
                    .unwrap_or(&message)
                    .to_string();
                (offset, message)
            }
        },
    };
    let (line, col) = crate::error::line_col(header, offset);
    Err(FrontMatterError {
        line: split.header_first_line + line - 1,
        col,
        message: format!("invalid front matter: {message}"),
    })
}

/// Turns a written date into a `Date`, or an error at the key's line.
pub fn resolve_date(
    split: &Split,
    key: &str,
    raw: &Option<RawDate>,
) -> Result<Option<Date>, FrontMatterError> {
    let Some(raw) = raw else { return Ok(None) };
    let text = match raw {
        RawDate::Toml(datetime) => datetime.to_string(),
        RawDate::Text(text) => text.clone(),
    };
    Date::parse(&text).map(Some).ok_or_else(|| {
        let (line, col) = key_position(split, key);
        FrontMatterError {
            line,
            col,
            message: format!(
                "`{key}` is not a date: `{text}`; expected a date such as 2024-05-01 or 2024-05-01T09:30:00Z"
            ),
        }
    })
}

/// The file position of `key` in the header (its first line when the key is not found).
pub fn key_position(split: &Split, key: &str) -> (usize, usize) {
    for (index, line) in split.header.lines().enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key)
            && matches!(rest.trim_start().chars().next(), Some('=' | ':'))
        {
            let col = line.len() - trimmed.len() + 1;
            return (split.header_first_line + index, col);
        }
    }
    (split.header_first_line, 1)
}

#[cfg(test)]
mod tests {
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
    fn unknown_keys_are_reported_at_their_line() {
        let text = "+++\ntitle = \"A\"\ncolour = \"red\"\n+++\n";
        let error = parse_header::<PageHeader>(&split(text).unwrap()).unwrap_err();
        assert_eq!((error.line, error.col), (3, 1));
        assert!(
            error
                .message
                .starts_with("invalid front matter: unknown field `colour`")
        );
        let text = "---\ntitle: A\ncolour: red\n---\n";
        let error = parse_header::<PageHeader>(&split(text).unwrap()).unwrap_err();
        assert_eq!(error.line, 3);
        assert!(
            error.message.contains("unknown field `colour`"),
            "{}",
            error.message
        );
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
}
