//! Parsing: content files into pages and sections (front matter), and their Markdown into HTML.

pub(crate) mod directives;
pub(crate) mod front_matter;
pub(crate) mod highlight;
pub(crate) mod links;
pub mod markdown;
pub(crate) mod paths;
pub(crate) mod quiz;

use crate::config::Paper;
use crate::error::{Diagnostic, Location};
use crate::model::document::Document;
use crate::model::page::{Content, Page, PageKind};
use crate::model::section::Section;
use crate::slug::slugify;
use crate::source::SourceFile;
use front_matter::{FrontMatterError, PageHeader, SectionHeader, Split};

pub use crate::model::site::ParsedFile;

/// Reads one content file's header. Pages get their URL here; their section comes later.
pub fn parse_file(file: &SourceFile, default_paper: Paper) -> Result<ParsedFile, Vec<Diagnostic>> {
    let source = format!("content/{}", file.content_path);
    let at = |error: FrontMatterError| {
        Diagnostic::at(Location::new(&source, error.line, error.col), error.message)
    };
    let split = front_matter::split(&file.text).map_err(|error| vec![at(error)])?;
    let all_at = |errors: Vec<FrontMatterError>| errors.into_iter().map(at).collect::<Vec<_>>();
    if file.is_section_index() {
        let header: SectionHeader = front_matter::parse_header(&split).map_err(all_at)?;
        return Ok(ParsedFile::Section(Box::new(section_from(
            file, source, &split, header,
        ))));
    }
    let header: PageHeader = front_matter::parse_header(&split).map_err(all_at)?;
    let mut errors = Vec::new();
    let date = front_matter::resolve_date(&split, "date", &header.date)
        .map_err(|error| errors.push(at(error)))
        .unwrap_or(None);
    let updated = front_matter::resolve_date(&split, "updated", &header.updated)
        .map_err(|error| errors.push(at(error)))
        .unwrap_or(None);
    let expires = front_matter::resolve_date(&split, "expires", &header.expires)
        .map_err(|error| errors.push(at(error)))
        .unwrap_or(None);
    let series = header.series.as_deref().map(str::trim);
    if series == Some("") {
        let (line, col) = front_matter::key_position(&split, "series");
        errors.push(Diagnostic::at(
            Location::new(&source, line, col),
            "`series` is empty; expected the series' name, such as \"Starting over\"",
        ));
    }
    let series = series.map(str::to_string);
    let slug = match &header.slug {
        Some(slug) => {
            let clean = slugify(slug);
            if clean.is_empty() {
                let (line, col) = front_matter::key_position(&split, "slug");
                errors.push(Diagnostic::at(
                    Location::new(&source, line, col),
                    format!("`slug` has no letters or digits: `{slug}`; expected a slug such as `my-page`"),
                ));
            }
            clean
        }
        None => slugify(file.stem_for_slug()),
    };
    for (index, tag) in header.tags.iter().enumerate() {
        if slugify(tag).is_empty() {
            let (line, col) = front_matter::key_position(&split, "tags");
            errors.push(Diagnostic::at(
                Location::new(&source, line, col),
                format!(
                    "tag {} has no letters or digits: `{tag}`; expected a word such as `trust`",
                    index + 1
                ),
            ));
        }
    }
    let (aliases, alias_errors) = paths::aliases(&split, &source, &header.aliases);
    errors.extend(alias_errors);
    let quiz = match quiz::parse(&split) {
        Ok(quiz) => quiz,
        Err(found) => {
            errors.extend(found.into_iter().map(at));
            None
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let site_path = page_site_path(file.folder_of_page(), &slug);
    if let Some(error) = paths::site_path(&site_path, &source) {
        return Err(vec![error]);
    }
    let (title, body) = title_and_body(header.title, split.body, &slug);
    Ok(ParsedFile::Page(
        Box::new(Page {
            doc: Document {
                source,
                content_path: file.content_path.clone(),
                site_path,
                title,
                description: header.description.unwrap_or_default(),
                weight: header.weight.unwrap_or(0),
                template: header.template,
                extra: header.extra,
                body,
                body_first_line: split.body_first_line,
                content: Content::default(),
            },
            section: 0,
            kind: header.kind.unwrap_or_default(),
            date,
            updated,
            expires,
            series,
            series_order: header.series_order,
            tags: header.tags,
            draft: header.draft,
            slug,
            aliases,
            template_place: front_matter::key_position(&split, "template"),
            image_place: front_matter::key_position(&split, "image"),
            image: header.image,
            paper: header.paper.unwrap_or(default_paper),
            quiz,
        }),
        header.kind,
    ))
}

fn section_from(
    file: &SourceFile,
    source: String,
    split: &Split,
    header: SectionHeader,
) -> Section {
    let folder = file.folder();
    let site_path = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    let fallback_title = folder.rsplit('/').next().unwrap_or_default();
    let (title, body) = title_and_body(header.title, split.body, fallback_title);
    Section {
        doc: Document {
            source,
            content_path: file.content_path.clone(),
            site_path,
            title,
            description: header.description.unwrap_or_default(),
            weight: header.weight.unwrap_or(0),
            template: header.template,
            extra: header.extra,
            body,
            body_first_line: split.body_first_line,
            content: Content::default(),
        },
        sort_by: header.sort_by,
        paginate_by: header.paginate_by.filter(|&n| n > 0),
        page_kind: header.page_kind.unwrap_or(PageKind::Article),
        pages: Vec::new(),
        subsections: Vec::new(),
        parent: None,
    }
}

/// The title a header gives, else the heading that opens the body (taken out of the body, so that
/// it is not shown twice), else one made from the slug.
fn title_and_body(title: Option<String>, body: &str, slug: &str) -> (String, String) {
    if let Some(title) = title {
        return (title, body.to_string());
    }
    match markdown::headings::first_heading(body) {
        Some(heading) if heading.opens_body => (
            heading.title,
            markdown::headings::blank_out(body, heading.range),
        ),
        _ => (title_from_slug(slug), body.to_string()),
    }
}

fn page_site_path(folder: &str, slug: &str) -> String {
    if folder.is_empty() {
        format!("{slug}/")
    } else {
        format!("{folder}/{slug}/")
    }
}

/// `caring-in-marriage` → `Caring in marriage`, for files without a title.
fn title_from_slug(slug: &str) -> String {
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
