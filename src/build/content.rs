//! The Markdown stage: every page's and section's body rendered to HTML, `@/` links resolved, anchors checked.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::build::directives::{BlockContext, render_block};
use crate::build::progress::Progress;
use crate::config::Settings;
use crate::error::{Diagnostic, Location};
use crate::images::{Catalog, UsedImage};
use crate::model::document::Document;
use crate::model::html::Html;
use crate::model::page::{Anchors, Content, Page, SearchText};
use crate::model::site::Site;
use crate::parse::markdown::{
    self, AnchorRef, DirectiveBlock, MarkdownError, MarkdownInput, RenderedMarkdown,
};
use crate::render::templates::Templates;

/// From this many pages on, the model holds each body packed (`Html::new`). Below it, the bodies
/// held as they are take under 200 MB on the benchmark's site, and packing and unpacking them
/// would cost more time than the room saved is worth.
pub(crate) const PACKED_FROM_PAGES: usize = 20_000;

/// What the Markdown stage found in the files it rendered, besides their HTML (put in place).
#[derive(Debug, Default)]
pub(crate) struct RenderedBodies {
    /// Problems in the Markdown (links, worksheet blocks, quiz texts); anchors not yet checked.
    pub problems: Vec<Diagnostic>,
    /// Each link to a heading of another file, with the source of the file that holds it.
    pub anchor_refs: Vec<(String, AnchorRef)>,
    /// The files (from `content/`) whose body did not render.
    pub unrendered: HashSet<String>,
    /// What is suspicious in the Markdown but not wrong (text that looks like a shortcode).
    pub warnings: Vec<Diagnostic>,
    /// The processed images each file (by source) shows, in its body or its quiz's texts.
    pub images: HashMap<String, Vec<UsedImage>>,
}

/// Some pages and sections of a site, by index, and who hears of each one rendered.
pub(crate) struct BodySelection<'a> {
    pub pages: &'a [usize],
    pub sections: &'a [usize],
    pub progress: &'a dyn Progress,
    /// Each page's Markdown is dropped as it is rendered.
    pub forget_markdown: bool,
}

/// Renders the bodies of the `selected` files in place, their links resolved in the whole site;
/// anchors are left for [`check_anchors`], once every file they may point to is rendered.
pub(crate) fn render_some_bodies(
    site: &mut Site,
    selected: &BodySelection,
    settings: &Settings,
    templates: Option<&Templates>,
    unparsed: &HashSet<String>,
    images: &Catalog,
) -> RenderedBodies {
    let markdown: Vec<String> = match selected.forget_markdown {
        true => (selected.pages.iter())
            .map(|&index| std::mem::take(&mut site.pages[index].body))
            .collect(),
        false => Vec::new(),
    };
    let used = Mutex::new(HashMap::<String, Vec<UsedImage>>::new());
    let render = |source: &str, body: &str, first_line: usize| {
        let context = BodyContext {
            site,
            settings,
            templates,
            unparsed,
            images,
        };
        let (rendered, errors) = render_one(&context, source, body, first_line);
        if !rendered.images.is_empty() {
            let mut used = used.lock().unwrap_or_else(|e| e.into_inner());
            let file = used.entry(source.to_string()).or_default();
            for image in &rendered.images {
                if !file.contains(image) {
                    file.push(image.clone());
                }
            }
        }
        (rendered, errors)
    };
    let render_quiz_text = |source: &str,
                            body: &str,
                            first_line: usize|
     -> Result<RenderedMarkdown, Vec<Diagnostic>> {
        let (rendered, errors) = render(source, body, first_line);
        if errors.is_empty() {
            Ok(rendered)
        } else {
            Err(errors)
        }
    };
    // On a large site each body is packed as soon as it is rendered: its bodies are never all
    // held as plain HTML at once.
    let packed = site.pages.len() >= PACKED_FROM_PAGES;
    let render_document = |doc: &Document, body: &str| {
        let (rendered, errors) = render(&doc.source, body, doc.body_first_line);
        selected.progress.advance();
        RenderedBody::of(rendered, errors, packed)
    };
    let pages: Vec<_> = match selected.forget_markdown {
        true => (selected.pages.par_iter().zip(markdown))
            .map(|(&index, body)| render_document(&site.pages[index], &body))
            .collect(),
        false => (selected.pages.par_iter())
            .map(|&index| render_document(&site.pages[index], &site.pages[index].body))
            .collect(),
    };
    let sections: Vec<_> = (selected.sections.par_iter())
        .map(|&index| render_document(&site.sections[index], &site.sections[index].body))
        .collect();
    let quizzes: Vec<_> = selected
        .pages
        .par_iter()
        .map(|&index| {
            let page = std::slice::from_ref(&site.pages[index]);
            crate::build::quiz::render_quizzes(page, &render_quiz_text)
        })
        .collect();

    let mut found = RenderedBodies::default();
    for (&index, body) in selected.pages.iter().zip(pages) {
        let page = &mut site.pages[index];
        page.content = found.take(&page.source, body);
        match page_image(settings, page) {
            Ok(image) => page.content.image = image,
            Err(error) => found.problems.push(error),
        }
    }
    for (&index, body) in selected.sections.iter().zip(sections) {
        let section = &mut site.sections[index].doc;
        section.content = found.take(&section.source, body);
    }
    for (&index, quiz) in selected.pages.iter().zip(quizzes) {
        let page = std::slice::from_mut(&mut site.pages[index]);
        let errors = crate::build::quiz::apply_quizzes(page, quiz, &mut found.anchor_refs);
        found.problems.extend(errors);
    }
    if settings.config.search.enabled {
        let texts: Vec<SearchText> = (selected.pages.par_iter())
            .map(|&index| {
                let page = &site.pages[index];
                SearchText::of(&page.content.html, page.quiz.as_ref())
            })
            .collect();
        for (&index, text) in selected.pages.iter().zip(texts) {
            site.pages[index].content.search_text = text;
        }
    }
    found.images = used.into_inner().unwrap_or_else(|e| e.into_inner());
    found
}

/// One body as the site keeps it, with what rendering it found besides.
struct RenderedBody {
    content: Content,
    anchor_refs: Vec<AnchorRef>,
    warnings: Vec<MarkdownError>,
    errors: Vec<Diagnostic>,
}

impl RenderedBody {
    fn of(rendered: RenderedMarkdown, errors: Vec<Diagnostic>, packed: bool) -> Self {
        Self {
            content: Content {
                html: match packed {
                    true => Html::new(&rendered.html),
                    false => Html::plain(rendered.html),
                },
                summary_html: rendered.summary_html,
                toc: rendered.toc,
                anchors: Anchors::new(&rendered.anchors),
                word_count: rendered.word_count,
                image: None,
                search_text: Default::default(),
            },
            anchor_refs: rendered.anchor_refs,
            warnings: rendered.warnings,
            errors,
        }
    }
}

impl RenderedBodies {
    /// Records what rendering the file at `source` found, and gives back its content. A file
    /// with errors keeps its headings: links from other files to them are checked in the same
    /// run.
    fn take(&mut self, source: &str, body: RenderedBody) -> Content {
        let refs = body.anchor_refs.into_iter();
        self.anchor_refs
            .extend(refs.map(|anchor_ref| (source.to_string(), anchor_ref)));
        let warnings = body.warnings.iter().map(|warning| {
            Diagnostic::warning(
                Location::new(source, warning.line, warning.col),
                warning.message.clone(),
            )
        });
        self.warnings.extend(warnings);
        self.problems.extend(body.errors);
        body.content
    }
}

/// What rendering a body reads besides its text: the site its links lead into, the theme's block
/// templates, the files that did not parse, and the site's images.
pub(crate) struct BodyContext<'a> {
    pub site: &'a Site,
    pub settings: &'a Settings,
    pub templates: Option<&'a Templates>,
    pub unparsed: &'a HashSet<String>,
    pub images: &'a Catalog,
}

/// Renders one body (of the file at `source`, from the site's root), its links resolved in the
/// whole site: the HTML and what it found, and its errors.
pub(crate) fn render_one(
    context: &BodyContext,
    source: &str,
    body: &str,
    first_line: usize,
) -> (RenderedMarkdown, Vec<Diagnostic>) {
    let BodyContext {
        site,
        settings,
        templates,
        unparsed,
        images,
    } = *context;
    let resolve = |target: &str| -> Option<String> {
        match site.site_path_of(target) {
            Some(path) => Some(settings.url_path(path)),
            None => unparsed.contains(target).then(|| settings.url_path("")),
        }
    };
    let content_dir = settings.content_dir();
    let asset = |content_path: &str| -> Option<String> {
        let metadata = std::fs::symlink_metadata(content_dir.join(content_path)).ok()?;
        metadata.is_file().then(|| settings.url_path(content_path))
    };
    let blocks_seen = AtomicUsize::new(0);
    let directive = |block: &DirectiveBlock| {
        let context = BlockContext {
            page_source: source,
            index: blocks_seen.fetch_add(1, Ordering::Relaxed),
            templates,
        };
        render_block(block, &context)
    };
    let content_path = source.strip_prefix("content/").unwrap_or(source);
    let folder = content_path
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    let input = MarkdownInput {
        text: body,
        first_line,
        resolve: &resolve,
        folder,
        asset: &asset,
        image: &|url: &str| images.lookup(url),
        directive: &directive,
    };
    let (rendered, errors) = markdown::render_all(&input);
    let errors = errors
        .into_iter()
        .map(|error| Diagnostic::at(Location::new(source, error.line, error.col), error.message))
        .collect();
    (rendered, errors)
}

/// The page's `image` (a file beside it, under `static/` from `/`, or an absolute URL) as a
/// path from the site's root or a URL; an error at the key when there is no such file.
fn page_image(settings: &Settings, page: &Page) -> Result<Option<String>, Diagnostic> {
    let Some(image) = page.image.as_deref() else {
        return Ok(None);
    };
    if image.starts_with("https://") || image.starts_with("http://") {
        return Ok(Some(image.to_string()));
    }
    let (line, col) = page.image_place;
    let problem = |what: String| {
        Diagnostic::at(
            Location::new(&page.source, line, col),
            format!(
                "`image` {what}; expected a file beside the page (`cover.png`), a path under static/ (`/images/cover.png`) or an https:// URL"
            ),
        )
    };
    let is_file =
        |path: &std::path::Path| std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file());
    if let Some(in_static) = image.strip_prefix('/') {
        let clean = !in_static
            .split('/')
            .any(|part| matches!(part, "" | "." | ".."));
        if clean && is_file(&settings.root.join("static").join(in_static)) {
            return Ok(Some(in_static.to_string()));
        }
        return Err(problem(format!(
            "`{image}` not found: no file at static/{in_static}"
        )));
    }
    let content_path = page.source.strip_prefix("content/").unwrap_or(&page.source);
    let folder = content_path
        .rsplit_once('/')
        .map_or("", |(folder, _)| folder);
    match markdown::relative::resolve(folder, image) {
        Some(Ok(found)) if !found.is_page => {
            if is_file(&settings.content_dir().join(&found.content_path)) {
                Ok(Some(found.content_path))
            } else {
                Err(problem(format!(
                    "`{image}` not found: no file at content/{}",
                    found.content_path
                )))
            }
        }
        Some(Err(message)) => Err(problem(message)),
        _ => Err(problem(format!("`{image}` is not a picture file"))),
    }
}

/// The problems of `refs` (links to headings, with the source of the file each is in): anchors
/// that the file they point to does not have, unless it is among the `unrendered` files.
pub(crate) fn check_anchors(
    site: &Site,
    refs: &[(String, AnchorRef)],
    unrendered: &HashSet<String>,
) -> Vec<Diagnostic> {
    refs.iter()
        .filter_map(|(source, anchor_ref)| {
            let anchors = match site.page_by_content_path.get(&anchor_ref.target) {
                Some(&index) => &site.pages[index].content.anchors,
                None => {
                    &site
                        .sections
                        .iter()
                        .find(|s| s.content_path == anchor_ref.target)?
                        .content
                        .anchors
                }
            };
            if anchors.contains(&anchor_ref.anchor) || unrendered.contains(&anchor_ref.target) {
                return None;
            }
            let known = if anchors.is_empty() {
                "it has no headings".to_string()
            } else {
                let ids: Vec<&str> = anchors.iter().collect();
                format!("its headings are: {}", ids.join(", "))
            };
            Some(Diagnostic::at(
                Location::new(source, anchor_ref.line, anchor_ref.col),
                format!(
                    "unknown anchor `#{}` in `@/{}`; {known}",
                    anchor_ref.anchor, anchor_ref.target
                ),
            ))
        })
        .collect()
}
