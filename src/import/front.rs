//! Zola and Hugo front matter mapped to hearth's: keys hearth has are kept, keys it lacks go to
//! the nearest hearth field or under `[extra]`, and every such change is reported at its line.

use crate::import::report::Report;
use crate::import::site::{PageFront, SectionFront};
use crate::model::date::Date;
use crate::parse::front_matter::{self, Format, Split};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dialect {
    Zola,
    Hugo,
}

/// A source file's header, read as a table, with the file's place for the report.
pub(super) struct Header<'a> {
    /// The file as the report names it (`content/posts/x.md`).
    pub path: &'a str,
    pub split: Split<'a>,
    pub table: toml::Table,
}

impl<'a> Header<'a> {
    /// The header of the Markdown file the report names `path`, whose bytes are `bytes`; a file
    /// that is not UTF-8, or whose header does not parse, is reported as skipped.
    pub(super) fn of_file(path: &'a str, bytes: &'a [u8], report: &mut Report) -> Option<Self> {
        let Ok(text) = std::str::from_utf8(bytes) else {
            report.skipped(path, "not UTF-8 text; expected a Markdown file");
            return None;
        };
        match Self::read(path, text) {
            Ok(header) => Some(header),
            Err(error) => {
                report.skipped(
                    path,
                    format!("front matter does not parse ({error}); copy it by hand once fixed"),
                );
                None
            }
        }
    }

    /// Reads the header of `text`; a header that does not parse is an error at its line.
    pub(super) fn read(path: &'a str, text: &'a str) -> Result<Self, String> {
        let split = front_matter::split(text)
            .map_err(|error| format!("{path}:{}: {}", error.line, error.message))?;
        let table = match split.format {
            None => toml::Table::new(),
            Some(Format::Toml) => toml::from_str(split.header).map_err(|error| {
                let line = error.span().map_or(0, |span| {
                    crate::error::line_col(split.header, span.start).0 - 1
                });
                format!(
                    "{path}:{}: invalid front matter: {}",
                    split.header_first_line + line,
                    error.message().trim_end()
                )
            })?,
            Some(Format::Yaml) if split.header.trim().is_empty() => toml::Table::new(),
            Some(Format::Yaml) => yaml_table(split.header).map_err(|(line, _, message)| {
                format!(
                    "{path}:{}: invalid front matter: {message}",
                    split.header_first_line + line - 1
                )
            })?,
        };
        Ok(Self { path, split, table })
    }

    /// `path:line` of `key` in the header.
    pub(super) fn at(&self, key: &str) -> String {
        let (line, _) = front_matter::key_position(&self.split, key);
        format!("{}:{line}", self.path)
    }

    pub(super) fn body(&self) -> &'a str {
        self.split.body
    }
}

/// A YAML document read as a table (a document that is not a mapping reads as an empty one);
/// an error at its line and column otherwise.
pub(super) fn yaml_table(text: &str) -> Result<toml::Table, (usize, usize, String)> {
    let value: serde_norway::Value = serde_norway::from_str(text).map_err(|error| {
        let (line, column) = error
            .location()
            .map_or((1, 1), |at| (at.line(), at.column()));
        let message = error.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        (line, column, message.to_string())
    })?;
    match yaml_to_toml(value) {
        Some(toml::Value::Table(table)) => Ok(table),
        _ => Ok(toml::Table::new()),
    }
}

/// YAML values as TOML ones (`null`s are dropped: TOML has none).
fn yaml_to_toml(value: serde_norway::Value) -> Option<toml::Value> {
    use serde_norway::Value as Y;
    Some(match value {
        Y::Null => return None,
        Y::Bool(b) => toml::Value::Boolean(b),
        Y::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64().unwrap_or_default()),
        },
        Y::String(s) => toml::Value::String(s),
        Y::Sequence(items) => {
            toml::Value::Array(items.into_iter().filter_map(yaml_to_toml).collect())
        }
        Y::Mapping(map) => toml::Value::Table(
            map.into_iter()
                .filter_map(|(key, value)| {
                    let key = match key {
                        Y::String(key) => key,
                        other => serde_norway::to_string(&other).ok()?.trim().to_string(),
                    };
                    Some((key, yaml_to_toml(value)?))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => return yaml_to_toml(tagged.value),
    })
}

/// A value as text: strings as they are, other values as TOML writes them.
pub(super) fn text_of(value: &toml::Value) -> String {
    match value {
        toml::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn strings_of(value: &toml::Value) -> Vec<String> {
    match value {
        toml::Value::Array(items) => items.iter().map(text_of).collect(),
        other => vec![text_of(other)],
    }
}

/// A date hearth reads, or `None` when the value is not one: it is then kept under `extra`,
/// and reported.
fn date_of(
    header: &Header,
    key: &str,
    value: &toml::Value,
    extra: &mut toml::Table,
    report: &mut Report,
) -> Option<String> {
    let text = text_of(value);
    if Date::parse(&text).is_some() {
        return Some(text);
    }
    extra.insert(key.to_string(), value.clone());
    report.skipped(
        header.at(key),
        format!("`{key}` is not a date hearth reads (`{text}`); kept under [extra]"),
    );
    None
}

/// Whether a page is a draft, as its `draft` value says: a boolean, or a string or number Hugo
/// reads as one (`"true"`, `"1"`); a value that says neither is reported and taken as a draft,
/// so that an unfinished page is never published by mistake.
fn draft_of(header: &Header, key: &str, value: &toml::Value, report: &mut Report) -> bool {
    let read = match value {
        toml::Value::Boolean(draft) => Some(*draft),
        toml::Value::Integer(number) if matches!(number, 0 | 1) => Some(*number == 1),
        toml::Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "1" => Some(true),
            "false" | "f" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    };
    read.unwrap_or_else(|| {
        report.mapped(
            header.at(key),
            format!(
                "`{key} = {value}` is neither true nor false: imported as a draft, to be checked"
            ),
        );
        true
    })
}

/// A key as the source tool reads it: Hugo's front matter keys are not case-sensitive
/// (`Title`, `Draft`), Zola's are.
fn key_name(key: &str, dialect: Dialect) -> std::borrow::Cow<'_, str> {
    match dialect {
        Dialect::Hugo => key.to_ascii_lowercase().into(),
        Dialect::Zola => key.into(),
    }
}

/// Whether the header has `name` (as `key_name` reads keys).
fn has_key(header: &Header, dialect: Dialect, name: &str) -> bool {
    (header.table.keys()).any(|key| key_name(key, dialect) == name)
}

/// The page front matter for `header`.
pub(super) fn page(header: &Header, dialect: Dialect, report: &mut Report) -> PageFront {
    let mut front = PageFront::default();
    let mut tags: Vec<String> = Vec::new();
    for (key, value) in &header.table {
        let at = || header.at(key);
        let extra = &mut front.extra;
        match (key_name(key, dialect).as_ref(), dialect) {
            ("title", _) => front.title = Some(text_of(value)),
            ("description", _) => front.description = text_of(value),
            ("summary", Dialect::Hugo) if has_key(header, dialect, "description") => {
                extra.insert(key.clone(), value.clone());
                report.mapped(
                    at(),
                    format!("`{key}` kept under [extra]: the page has a `description` too"),
                );
            }
            ("summary", Dialect::Hugo) => {
                front.description = text_of(value);
                report.mapped(at(), format!("`{key}` → `description`"));
            }
            ("date", _) => front.date = date_of(header, key, value, extra, report),
            ("publishdate", Dialect::Hugo) if !has_key(header, dialect, "date") => {
                front.date = date_of(header, key, value, extra, report);
                report.mapped(at(), format!("`{key}` → `date`"));
            }
            ("updated", _) => front.updated = date_of(header, key, value, extra, report),
            ("lastmod", Dialect::Hugo) => {
                front.updated = date_of(header, key, value, extra, report);
                report.mapped(at(), format!("`{key}` → `updated`"));
            }
            ("draft", _) => front.draft = draft_of(header, key, value, report),
            ("slug", _) => front.slug = Some(text_of(value)),
            ("aliases", _) => front.aliases.extend(strings_of(value)),
            ("weight", _) => front.weight = value.as_integer(),
            ("tags", _) => tags.extend(strings_of(value)),
            ("taxonomies", Dialect::Zola) => {
                for (taxonomy, terms) in value.as_table().into_iter().flatten() {
                    tags.extend(strings_of(terms));
                    if taxonomy != "tags" {
                        report.mapped(at(), format!("taxonomy `{taxonomy}` → `tags`"));
                    }
                }
            }
            ("categories", Dialect::Hugo) => {
                tags.extend(strings_of(value));
                report.mapped(at(), "`categories` → `tags`");
            }
            ("series", Dialect::Hugo) => {
                let mut series = strings_of(value).into_iter();
                front.series = series.next();
                let more: Vec<String> = series.collect();
                if !more.is_empty() {
                    report.mapped(
                        at(),
                        format!(
                            "a page is in one series in hearth: {} → `tags`",
                            more.join(", ")
                        ),
                    );
                    tags.extend(more);
                }
            }
            ("expirydate", Dialect::Hugo) => {
                front.expires = date_of(header, key, value, extra, report);
                report.mapped(at(), format!("`{key}` → `expires`"));
            }
            ("url", Dialect::Hugo) | ("path", Dialect::Zola) => {
                let path = text_of(value);
                let alias = format!("/{}/", path.trim_matches('/'));
                report.mapped(
                    at(),
                    format!("`{key} = \"{path}\"` → an alias `{alias}` (the page's own URL comes from its file)"),
                );
                front.aliases.push(alias);
            }
            ("extra" | "params", _) => {
                for (name, inner) in value.as_table().into_iter().flatten() {
                    front.extra.insert(name.clone(), inner.clone());
                }
            }
            (name, _) => {
                let why = extra_reason(key, name, dialect);
                front.extra.insert(key.clone(), value.clone());
                report.mapped(at(), why);
            }
        }
    }
    for tag in tags {
        if !front.tags.contains(&tag) && !crate::slug::slugify(&tag).is_empty() {
            front.tags.push(tag);
        }
    }
    front
}

/// The section front matter for `header` (an `_index.md`).
pub(super) fn section(header: &Header, dialect: Dialect, report: &mut Report) -> SectionFront {
    let mut front = SectionFront::default();
    for (key, value) in &header.table {
        let at = || header.at(key);
        match key_name(key, dialect).as_ref() {
            "title" => front.title = Some(text_of(value)),
            "description" => front.description = text_of(value),
            "summary" if dialect == Dialect::Hugo && !has_key(header, dialect, "description") => {
                front.description = text_of(value);
                report.mapped(at(), format!("`{key}` → `description`"));
            }
            "weight" => front.weight = value.as_integer(),
            name @ ("paginate_by" | "paginate") => {
                front.paginate_by = value.as_integer();
                if name == "paginate" {
                    report.mapped(at(), format!("`{key}` → `paginate_by`"));
                }
            }
            "sort_by" => {
                let written = text_of(value);
                let sort = match written.as_str() {
                    "date" | "update_date" => "date",
                    "title" | "title_bytes" | "slug" => "title",
                    _ => "weight",
                };
                if sort != written {
                    report.mapped(at(), format!("`sort_by = \"{written}\"` → `\"{sort}\"`"));
                }
                front.sort_by = Some(sort.to_string());
            }
            "extra" | "params" => {
                for (name, inner) in value.as_table().into_iter().flatten() {
                    front.extra.insert(name.clone(), inner.clone());
                }
            }
            name => {
                let why = extra_reason(key, name, dialect);
                front.extra.insert(key.clone(), value.clone());
                report.mapped(at(), why);
            }
        }
    }
    front
}

/// Why a key (read as `name`) went under `[extra]`.
fn extra_reason(key: &str, name: &str, dialect: Dialect) -> String {
    let why = match (name, dialect) {
        ("template" | "page_template", Dialect::Zola) | ("layout" | "type", Dialect::Hugo) => {
            "hearth picks a page's template from its kind"
        }
        ("insert_anchor_links", Dialect::Zola) => "hearth gives every heading an anchor link",
        ("redirect_to", Dialect::Zola) => {
            "hearth writes no redirecting sections; add the old URL to the target page's `aliases`"
        }
        ("in_search_index", Dialect::Zola) => "hearth's search indexes every page",
        ("author" | "authors", _) => {
            "hearth has no per-page author; the theme may show extra.author"
        }
        ("date", _) => "a section has no date in hearth",
        ("summary", Dialect::Hugo) => "the page has a `description` too",
        _ => "hearth has no such key",
    };
    format!("`{key}` kept under [extra]: {why}")
}

#[cfg(test)]
#[path = "front_tests.rs"]
mod tests;
