//! Structured data (schema.org JSON-LD) for search engines: what a page is — a `BlogPosting`,
//! a `Quiz`, a `CreativeWork`, the `WebSite` itself — and where it sits (`BreadcrumbList`),
//! made as JSON values and written safe to place inside a `<script>` element.

use serde_json::{Value, json};

use crate::config::Settings;
use crate::model::page::{Page, PageKind};
use crate::model::quiz::{Quiz, QuizMode};

/// A step of a page's breadcrumbs: its name and absolute URL.
pub struct Crumb {
    pub name: String,
    pub url: String,
}

/// The home page: the site itself.
pub fn website(settings: &Settings) -> Value {
    let config = &settings.config;
    json!({
        "@type": "WebSite",
        "name": config.title,
        "url": settings.base_url,
        "description": config.description,
        "inLanguage": config.language,
        "publisher": publisher(settings),
    })
}

/// A page listing others (a section, the tags, a tag, the booklet).
pub fn collection(name: &str, url: &str) -> Value {
    json!({ "@type": "CollectionPage", "name": name, "url": url })
}

/// What a page is, after its kind (and a quiz's mode); `image` is the absolute URL of its
/// picture, `description` what its meta description says.
pub fn page(settings: &Settings, page: &Page, description: &str, image: Option<&str>) -> Value {
    let url = settings.permalink(&page.site_path);
    let mut value = match (page.kind, &page.quiz) {
        (PageKind::Article, _) => json!({
            "@type": "BlogPosting",
            "headline": headline(&page.title),
            "mainEntityOfPage": url,
            "wordCount": page.content.word_count,
        }),
        (PageKind::Quiz, Some(quiz)) if quiz.mode == QuizMode::Knowledge && has_answers(quiz) => {
            json!({
                "@type": "Quiz",
                "name": page.title,
                "about": { "@type": "Thing", "name": about(page) },
                "hasPart": questions(quiz),
            })
        }
        (PageKind::Page, _) => json!({ "@type": "WebPage", "name": page.title }),
        (kind, _) => json!({
            "@type": "CreativeWork",
            "name": page.title,
            "learningResourceType": match kind {
                PageKind::Worksheet => "Worksheet",
                _ => "Self-assessment",
            },
        }),
    };
    // The language (`<html lang>`) and the publisher (the home page's `WebSite`) stay out of a
    // page's block; a quiz, whose block lists its questions, leaves its description to the head
    // and names its subject in `about` rather than in keywords.
    let quiz = value["@type"] == "Quiz";
    let fields = value.as_object_mut().expect("a JSON object was just made");
    fields.insert("url".into(), url.into());
    if !description.is_empty() && !quiz {
        fields.insert("description".into(), description.into());
    }
    if let Some(image) = image {
        fields.insert("image".into(), image.into());
    }
    if page.kind != PageKind::Page {
        fields.insert("author".into(), author(settings));
        if let Some(date) = page.date {
            fields.insert("datePublished".into(), date.iso().into());
        }
        if let Some(updated) = page.updated.or(page.date) {
            fields.insert("dateModified".into(), updated.iso().into());
        }
        if !page.tags.is_empty() && !quiz {
            fields.insert("keywords".into(), page.tags.join(", ").into());
        }
    }
    value
}

/// Home → … → the page itself, for every page below the home page.
pub fn breadcrumbs(crumbs: &[Crumb]) -> Value {
    let items: Vec<Value> = (crumbs.iter().enumerate())
        .map(|(index, crumb)| {
            json!({
                "@type": "ListItem",
                "position": index + 1,
                "name": crumb.name,
                "item": crumb.url,
            })
        })
        .collect();
    json!({ "@type": "BreadcrumbList", "itemListElement": items })
}

/// The JSON-LD of a page's blocks, as the text of a `<script type="application/ld+json">`:
/// `<`, `>` and `&` are written as `\u003c`… so no title can close the element early.
pub fn script(graph: Vec<Value>) -> String {
    let document = json!({ "@context": "https://schema.org", "@graph": graph });
    let text = serde_json::to_string(&document).expect("JSON values always serialize");
    text.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// Google shows at most 110 characters of a headline.
fn headline(title: &str) -> String {
    if title.chars().count() <= 110 {
        return title.to_string();
    }
    let cut: String = title.chars().take(109).collect();
    format!("{}…", cut.trim_end())
}

fn author(settings: &Settings) -> Value {
    let config = &settings.config;
    let name = if config.author.is_empty() {
        &config.title
    } else {
        &config.author
    };
    json!({ "@type": "Person", "name": name })
}

fn publisher(settings: &Settings) -> Value {
    json!({
        "@type": "Organization",
        "name": settings.config.title,
        "url": settings.base_url,
        "logo": { "@type": "ImageObject", "url": settings.permalink("favicon.svg") },
    })
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
fn questions(quiz: &Quiz) -> Vec<Value> {
    let answer = |text: &str| json!({ "@type": "Answer", "text": plain(text) });
    (quiz.questions.iter())
        .filter(|question| question.right_answers > 0)
        .map(|question| {
            let right = question.choices.iter().filter(|choice| choice.correct);
            let kind = if question.right_answers > 1 {
                "Checkbox"
            } else {
                "Multiple choice"
            };
            json!({
                "@type": "Question",
                "eduQuestionType": kind,
                "text": plain(&question.prompt.markdown),
                "acceptedAnswer": right.map(|c| answer(&c.text.markdown)).collect::<Vec<_>>(),
            })
        })
        .collect()
}

/// Inline Markdown as the words it shows: emphasis and code marks dropped.
fn plain(markdown: &str) -> String {
    markdown.replace(['*', '`'], "").replace("__", "")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_cannot_close_the_script_element() {
        let text = script(vec![collection(
            "</script><script>alert(1)</script> & co",
            "u",
        )]);
        assert!(!text.contains('<') && !text.contains('>') && !text.contains('&'));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            back["@graph"][0]["name"],
            "</script><script>alert(1)</script> & co"
        );
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
        let list = breadcrumbs(&crumbs);
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
        let cut = headline(&"word ".repeat(40));
        assert_eq!(cut.chars().count(), 110);
        assert!(cut.ends_with('…'));
    }
}
