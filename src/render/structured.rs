//! Structured data (schema.org JSON-LD) for search engines: what a page is — a `BlogPosting`,
//! a `Quiz`, a `CreativeWork`, the `WebSite` itself — and where it sits (`BreadcrumbList`),
//! made as typed values and written straight into the text of a `<script>` element.

use std::borrow::Cow;
use std::io;

use serde::Serialize;

use crate::config::Settings;
use crate::model::page::{Page, PageKind};
use crate::model::quiz::{Quiz, QuizMode};

/// A step of a page's breadcrumbs: its name and absolute URL.
pub struct Crumb {
    pub name: String,
    pub url: String,
}

/// One schema.org thing: its type and whichever of its properties it has. The fields are in
/// the order of their names, as JSON-LD has always been written here (sorted keys).
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Thing<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    about: Option<Box<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    accepted_answer: Option<Vec<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Box<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_modified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    description: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    edu_question_type: Option<&'static str>,
    /// A quiz's questions: written even when there are none (`[]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    has_part: Option<Vec<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    headline: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    item_list_element: Option<Vec<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    keywords: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    learning_resource_type: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    logo: Option<Box<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Box<Thing<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<Cow<'a, str>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    word_count: Option<usize>,
}

impl<'a> Thing<'a> {
    fn new(kind: &'static str) -> Self {
        Self {
            kind,
            ..Self::default()
        }
    }
}

/// The home page: the site itself.
pub fn website(settings: &Settings) -> Thing<'_> {
    let config = &settings.config;
    Thing {
        name: Some(&config.title),
        url: Some(Cow::Borrowed(&settings.base_url)),
        description: Some(&config.description),
        in_language: Some(&config.language),
        publisher: Some(Box::new(publisher(settings))),
        ..Thing::new("WebSite")
    }
}

/// A page listing others (a section, the tags, a tag, the booklet).
pub fn collection<'a>(name: &'a str, url: &'a str) -> Thing<'a> {
    Thing {
        name: Some(name),
        url: Some(Cow::Borrowed(url)),
        ..Thing::new("CollectionPage")
    }
}

/// A plain page: its name and URL.
pub fn web_page<'a>(name: &'a str, url: &'a str) -> Thing<'a> {
    Thing {
        name: Some(name),
        url: Some(Cow::Borrowed(url)),
        ..Thing::new("WebPage")
    }
}

/// What a page is, after its kind (and a quiz's mode); `image` is the absolute URL of its
/// picture, `description` what its meta description says.
pub fn page<'a>(
    settings: &'a Settings,
    page: &'a Page,
    description: &'a str,
    image: Option<&str>,
) -> Thing<'a> {
    let url = settings.permalink(&page.site_path);
    let mut thing = match (page.kind, &page.quiz) {
        (PageKind::Article, _) => Thing {
            headline: Some(headline(&page.title)),
            main_entity_of_page: Some(Cow::Owned(url.clone())),
            word_count: Some(page.content.word_count),
            ..Thing::new("BlogPosting")
        },
        (PageKind::Quiz, Some(quiz)) if quiz.mode == QuizMode::Knowledge && has_answers(quiz) => {
            Thing {
                name: Some(&page.title),
                about: Some(Box::new(Thing {
                    name: Some(about(page)),
                    ..Thing::new("Thing")
                })),
                has_part: Some(questions(quiz)),
                ..Thing::new("Quiz")
            }
        }
        (PageKind::Page, _) => Thing {
            name: Some(&page.title),
            ..Thing::new("WebPage")
        },
        (kind, _) => Thing {
            name: Some(&page.title),
            learning_resource_type: Some(match kind {
                PageKind::Worksheet => "Worksheet",
                _ => "Self-assessment",
            }),
            ..Thing::new("CreativeWork")
        },
    };
    // The language (`<html lang>`) and the publisher (the home page's `WebSite`) stay out of a
    // page's block; a quiz, whose block lists its questions, leaves its description to the head
    // and names its subject in `about` rather than in keywords.
    let quiz = thing.kind == "Quiz";
    thing.url = Some(Cow::Owned(url));
    if !description.is_empty() && !quiz {
        thing.description = Some(description);
    }
    thing.image = image.map(str::to_string);
    if page.kind != PageKind::Page {
        thing.author = Some(Box::new(author(settings)));
        thing.date_published = page.date.map(|date| date.iso());
        thing.date_modified = page.updated.or(page.date).map(|date| date.iso());
        if !page.tags.is_empty() && !quiz {
            thing.keywords = Some(page.tags.join(", "));
        }
    }
    thing
}

/// Home → … → the page itself, for every page below the home page.
pub fn breadcrumbs(crumbs: &[Crumb]) -> Thing<'_> {
    let items = (crumbs.iter().enumerate())
        .map(|(index, crumb)| Thing {
            position: Some(index + 1),
            name: Some(&crumb.name),
            item: Some(&crumb.url),
            ..Thing::new("ListItem")
        })
        .collect();
    Thing {
        item_list_element: Some(items),
        ..Thing::new("BreadcrumbList")
    }
}

/// The JSON-LD document of a page's blocks.
#[derive(Serialize)]
struct Document<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@graph")]
    graph: &'a [Thing<'a>],
}

/// The JSON-LD of a page's blocks, as the text of a `<script type="application/ld+json">`:
/// `<`, `>` and `&` are written as `\u003c`… so no title can close the element early.
pub fn script(graph: &[Thing<'_>]) -> String {
    let document = Document {
        context: "https://schema.org",
        graph,
    };
    let mut text = Vec::with_capacity(1024);
    let mut writer = serde_json::Serializer::with_formatter(&mut text, ScriptSafe);
    document
        .serialize(&mut writer)
        .expect("structured data always serializes");
    String::from_utf8(text).expect("JSON is written as UTF-8")
}

/// JSON's compact form, with `<`, `>` and `&` in strings written as escapes.
struct ScriptSafe;

impl serde_json::ser::Formatter for ScriptSafe {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let bytes = fragment.as_bytes();
        let mut written = 0;
        for at in memchr::memchr3_iter(b'<', b'>', b'&', bytes) {
            writer.write_all(&bytes[written..at])?;
            writer.write_all(match bytes[at] {
                b'<' => b"\\u003c",
                b'>' => b"\\u003e",
                _ => b"\\u0026",
            })?;
            written = at + 1;
        }
        writer.write_all(&bytes[written..])
    }
}

/// Google shows at most 110 characters of a headline.
fn headline(title: &str) -> Cow<'_, str> {
    if title.chars().count() <= 110 {
        return Cow::Borrowed(title);
    }
    let cut: String = title.chars().take(109).collect();
    Cow::Owned(format!("{}…", cut.trim_end()))
}

fn author(settings: &Settings) -> Thing<'_> {
    let config = &settings.config;
    let name = if config.author.is_empty() {
        &config.title
    } else {
        &config.author
    };
    Thing {
        name: Some(name),
        ..Thing::new("Person")
    }
}

fn publisher(settings: &Settings) -> Thing<'_> {
    Thing {
        name: Some(&settings.config.title),
        url: Some(Cow::Borrowed(&settings.base_url)),
        logo: Some(Box::new(Thing {
            url: Some(Cow::Owned(settings.permalink("favicon.svg"))),
            ..Thing::new("ImageObject")
        })),
        ..Thing::new("Organization")
    }
}

/// What a quiz is about: its first tag, else its title.
fn about(page: &Page) -> &str {
    page.tags.first().unwrap_or(&page.title)
}

fn has_answers(quiz: &Quiz) -> bool {
    quiz.questions
        .iter()
        .any(|question| question.right_answers > 0)
}

/// The questions with right answers, each with those answers: the fields Google's Quiz type
/// needs. The wrong choices (`suggestedAnswer`, optional) stay on the page, out of every head.
fn questions(quiz: &Quiz) -> Vec<Thing<'_>> {
    let answer = |text: &str| Thing {
        text: Some(plain(text)),
        ..Thing::new("Answer")
    };
    (quiz.questions.iter())
        .filter(|question| question.right_answers > 0)
        .map(|question| {
            let right = question.choices.iter().filter(|choice| choice.correct);
            let kind = if question.right_answers > 1 {
                "Checkbox"
            } else {
                "Multiple choice"
            };
            Thing {
                edu_question_type: Some(kind),
                text: Some(plain(&question.prompt.markdown)),
                accepted_answer: Some(right.map(|c| answer(&c.text.markdown)).collect()),
                ..Thing::new("Question")
            }
        })
        .collect()
}

/// Inline Markdown as the words it shows: emphasis and code marks dropped.
fn plain(markdown: &str) -> String {
    markdown.replace(['*', '`'], "").replace("__", "")
}

#[cfg(test)]
#[path = "structured_tests.rs"]
mod tests;
