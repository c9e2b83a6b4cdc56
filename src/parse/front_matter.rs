//! Front matter: splits a content file into its TOML (`+++`) or YAML (`---`) header and body,
//! and reads the header into typed fields with errors at the key's line.

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::config::Paper;
use crate::model::date::Date;
use crate::model::page::PageKind;

/// A problem in a file's header, at a 1-based line and column of the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FrontMatterError {
    pub line: usize,
    pub col: usize,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Toml,
    Yaml,
}

/// A content file cut in two.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub format: Option<Format>,
    pub header: &'a str,
    /// The file's line where the header's first line is.
    pub header_first_line: usize,
    pub body: &'a str,
    /// The file's line where the body's first line is.
    pub body_first_line: usize,
}

pub(crate) fn split(text: &str) -> Result<Split<'_>, FrontMatterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Blank lines before the opening fence are allowed: a header is never printed as text.
    let (blank, blank_lines) = leading_blank_lines(text);
    let first_line_end = text[blank..]
        .find('\n')
        .map_or(text.len(), |i| blank + i + 1);
    let fence = text[blank..first_line_end].trim();
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
    let mut line = blank_lines + 2;
    while offset < text.len() {
        let end = text[offset..]
            .find('\n')
            .map_or(text.len(), |i| offset + i + 1);
        if text[offset..end].trim_end() == fence {
            return Ok(Split {
                format: Some(format),
                header: &text[first_line_end..offset],
                header_first_line: blank_lines + 2,
                body: &text[end..],
                body_first_line: line + 1,
            });
        }
        offset = end;
        line += 1;
    }
    Err(FrontMatterError {
        line: blank_lines + 1,
        col: 1,
        message: format!(
            "front matter opened with `{fence}` is never closed; expected a line `{fence}` after it"
        ),
    })
}

/// The length in bytes of the blank lines at the start of `text`, and how many there are.
fn leading_blank_lines(text: &str) -> (usize, usize) {
    let (mut end, mut lines) = (0, 0);
    while let Some(newline) = text[end..].find('\n') {
        if !text[end..end + newline].trim().is_empty() {
            break;
        }
        end += newline + 1;
        lines += 1;
    }
    (end, lines)
}

/// A date as written: TOML's own date type, or a string.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub(crate) enum RawDate {
    Toml(toml::value::Datetime),
    Text(String),
}

/// The header of a page, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct PageHeader {
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
    /// The picture shown when the page is shared (a file beside it, or under `static/`).
    pub image: Option<String>,
}

pub(crate) use crate::model::section::SortBy;

/// The header of a section (`_index.md`), as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct SectionHeader {
    pub title: Option<String>,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub paginate_by: Option<usize>,
    pub page_kind: Option<PageKind>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// The keys a header may hold — the fields of `T`, as serde names them — to report every
/// unknown one before reading the header.
pub(crate) trait HeaderKeys: DeserializeOwned {
    fn keys() -> &'static [&'static str] {
        struct Fields(Option<&'static [&'static str]>);
        impl<'de> serde::Deserializer<'de> for &mut Fields {
            type Error = serde::de::value::Error;
            fn deserialize_any<V: serde::de::Visitor<'de>>(
                self,
                _: V,
            ) -> Result<V::Value, Self::Error> {
                Err(serde::de::Error::custom("only structs have fields"))
            }
            fn deserialize_struct<V: serde::de::Visitor<'de>>(
                self,
                _: &'static str,
                fields: &'static [&'static str],
                _: V,
            ) -> Result<V::Value, Self::Error> {
                self.0 = Some(fields);
                Err(serde::de::Error::custom("fields read"))
            }
            serde::forward_to_deserialize_any! {
                bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
                byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
                identifier ignored_any
            }
        }
        let mut fields = Fields(None);
        let _ = Self::deserialize(&mut fields);
        fields.0.unwrap_or_default()
    }
}

impl HeaderKeys for PageHeader {}

impl HeaderKeys for SectionHeader {}

/// Reads a header of either format into `T`: a syntax error, or every unknown key at its line,
/// or the first value of the wrong type.
pub(crate) fn parse_header<T: DeserializeOwned + Default + HeaderKeys>(
    split: &Split,
) -> Result<T, Vec<FrontMatterError>> {
    let Some(format) = split.format else {
        return Ok(T::default());
    };
    if format == Format::Yaml && split.header.trim().is_empty() {
        return Ok(T::default());
    }
    let header = Header::parse(split, format).map_err(|error| vec![error])?;
    let keys = header.keys(split)?;
    let unknown: Vec<FrontMatterError> = keys
        .iter()
        .filter(|key| !T::keys().contains(&key.as_str()))
        .map(|key| {
            let (line, col) = key_position(split, key);
            FrontMatterError {
                line,
                col,
                message: format!(
                    "unknown key `{key}` in front matter; expected one of: {}, or a key under [extra]",
                    T::keys().join(", ")
                ),
            }
        })
        .collect();
    if !unknown.is_empty() {
        return Err(unknown);
    }
    // Read from the parsed header; a value of the wrong type is read again from the text,
    // whose error says where it is.
    match header.read() {
        Some(value) => Ok(value),
        None => deserialize(split, format).map_err(|error| vec![error]),
    }
}

/// A header parsed once, its keys checked before it is read into its type.
enum Header {
    Toml(toml::Table),
    Yaml(serde_norway::Value),
}

impl Header {
    /// The header parsed; a syntax error at its place.
    fn parse(split: &Split, format: Format) -> Result<Self, FrontMatterError> {
        Ok(match format {
            Format::Toml => Header::Toml(deserialize(split, format)?),
            Format::Yaml => Header::Yaml(deserialize(split, format)?),
        })
    }

    /// The top-level keys, in the order written.
    fn keys(&self, split: &Split) -> Result<Vec<String>, Vec<FrontMatterError>> {
        match self {
            Header::Toml(table) => Ok(table.keys().cloned().collect()),
            Header::Yaml(serde_norway::Value::Mapping(mapping)) => Ok(mapping
                .keys()
                .map(|key| match key {
                    serde_norway::Value::String(key) => key.clone(),
                    other => serde_norway::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                })
                .collect()),
            Header::Yaml(_) => Err(vec![FrontMatterError {
                line: split.header_first_line,
                col: 1,
                message: "invalid front matter: expected `key: value` lines".to_string(),
            }]),
        }
    }

    /// The header read into `T`, if its values have the types `T` wants.
    fn read<T: DeserializeOwned>(self) -> Option<T> {
        match self {
            Header::Toml(table) => toml::Value::Table(table).try_into().ok(),
            Header::Yaml(value) => serde_norway::from_value(value).ok(),
        }
    }
}

fn deserialize<T: DeserializeOwned>(split: &Split, format: Format) -> Result<T, FrontMatterError> {
    let header = split.header;
    let (offset, message) = match format {
        Format::Toml => match toml::from_str(header) {
            Ok(value) => return Ok(value),
            Err(error) => (
                error.span().map_or(0, |span| span.start),
                error.message().trim_end().to_string(),
            ),
        },
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
pub(crate) fn resolve_date(
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
pub(crate) fn key_position(split: &Split, key: &str) -> (usize, usize) {
    for (index, line) in split.header.lines().enumerate() {
        let trimmed = line.trim_start();
        let table = trimmed.trim_start_matches('[').trim_start();
        let is_table = table.len() < trimmed.len()
            && table
                .strip_prefix(key)
                .is_some_and(|rest| rest.starts_with([']', '.']));
        let is_key = trimmed
            .strip_prefix(key)
            .is_some_and(|rest| matches!(rest.trim_start().chars().next(), Some('=' | ':')))
            || trimmed
                .strip_prefix(['"', '\''])
                .and_then(|quoted| quoted.strip_prefix(key))
                .is_some_and(|rest| rest.starts_with(['"', '\'']));
        if is_key || is_table {
            let col = line.len() - trimmed.len() + 1;
            return (split.header_first_line + index, col);
        }
    }
    (split.header_first_line, 1)
}

#[cfg(test)]
#[path = "front_matter_tests.rs"]
mod tests;
