//! Checks a run makes besides rendering: the Markdown of files whose header has errors, and the
//! templates pages and sections name, so that their problems come with all the others.

use std::collections::HashSet;

use crate::build::session::Session;
use crate::build::session::sources::FileState;
use crate::config::Settings;
use crate::error::Diagnostic;

impl Session {
    /// The Markdown problems (broken links, bad blocks) of the files whose header has errors:
    /// reported with them, in the same run, instead of after the header is fixed.
    pub(super) fn unparsed_body_problems(
        &self,
        settings: &Settings,
        unparsed: &HashSet<String>,
    ) -> Vec<Diagnostic> {
        let kept = &self.kept;
        let mut problems = Vec::new();
        let images = match self.image_catalog(settings) {
            Ok(images) => images,
            Err(error) => return error.0,
        };
        let context = crate::build::content::BodyContext {
            site: &kept.site,
            settings,
            templates: kept.theme.templates.as_ref(),
            unparsed,
            images: &images,
        };
        for (path, record) in &kept.content.files {
            let FileState::Failed(_, Some(body)) = &record.state else {
                continue;
            };
            let source = format!("content/{path}");
            let (_, found) = crate::build::content::render_one(&context, &source, &body.0, body.1);
            problems.extend(found);
        }
        problems
    }

    /// Pages and sections naming a template the theme does not have, each at its `template`
    /// key, with the path the template was looked for at: found before rendering, with the
    /// other problems of the run.
    pub(super) fn missing_templates(&self) -> Vec<Diagnostic> {
        let Some(templates) = &self.kept.theme.templates else {
            return Vec::new();
        };
        let site = &self.kept.site;
        let pages =
            (site.pages.iter()).map(|page| (&page.source, page.template(), page.template_place));
        let sections =
            (site.sections.iter()).map(|section| (&section.source, section.template(), (1, 1)));
        pages
            .chain(sections)
            .filter(|(source, template, _)| !source.is_empty() && !templates.has(template))
            .map(|(source, name, (line, col))| {
                Diagnostic::at(
                    crate::error::Location::new(source, line, col),
                    format!(
                        "template `{name}` not found in the theme; expected a file templates/{name}"
                    ),
                )
            })
            .collect()
    }
}
