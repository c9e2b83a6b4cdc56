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
        for (path, record) in &kept.content.files {
            let FileState::Failed(_, Some(body)) = &record.state else {
                continue;
            };
            let source = format!("content/{path}");
            let (_, found) = crate::build::content::render_one(
                &kept.site,
                settings,
                kept.templates.as_ref(),
                unparsed,
                &source,
                &body.0,
                body.1,
            );
            problems.extend(found);
        }
        problems
    }

    /// Pages and sections naming a template the theme does not have, each at its file, with the
    /// path the template was looked for at: found before rendering, with the other problems.
    pub(super) fn missing_templates(&self, settings: &Settings) -> Vec<Diagnostic> {
        let Some(templates) = &self.kept.templates else {
            return Vec::new();
        };
        let site = &self.kept.site;
        let pages = site
            .pages
            .iter()
            .map(|page| (&page.source, page.template()));
        let sections = site.sections.iter().map(|s| (&s.source, s.template()));
        pages
            .chain(sections)
            .filter(|(source, template)| !source.is_empty() && !templates.has(template))
            .map(|(source, template)| {
                Diagnostic::at(
                    crate::error::Location::new(source, 1, 1),
                    format!(
                        "template `{template}` not found; expected a file themes/{}/templates/{template}",
                        settings.config.theme
                    ),
                )
            })
            .collect()
    }
}
