//! The theme's Tera templates, compiled once, and their errors turned into `path:line:col` diagnostics.

use std::collections::BTreeMap;

use tera::{ErrorKind, Tera};

use crate::error::{Diagnostic, Location};
use crate::render::views::Views;
use crate::source::TemplateFile;

/// What Tera writes for an escaped value: the same entities as its own escaping, written a run
/// at a time rather than a byte at a time.
fn escape_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut written = Ok(());
    crate::parse::highlight::escape_html_pieces(text, |piece| {
        if written.is_ok() {
            written = out.write_all(piece.as_bytes());
        }
    });
    written
}

/// The compiled templates, and where each came from.
pub struct Templates {
    pub tera: Tera,
    sources: BTreeMap<String, String>,
}

impl Templates {
    /// Compiles every template; a syntax error in any of them is reported with its place.
    pub fn compile(files: &BTreeMap<String, TemplateFile>) -> Result<Self, Vec<Diagnostic>> {
        let sources: BTreeMap<String, String> = files
            .values()
            .map(|file| (file.name.clone(), file.source.clone()))
            .collect();
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.set_escape_fn(escape_html);
        let all = files
            .values()
            .map(|file| (file.name.as_str(), file.text.as_str()));
        match tera.add_raw_templates(all) {
            Ok(()) => Ok(Self { tera, sources }),
            Err(combined) if !matches!(combined.kind(), ErrorKind::SyntaxError(_)) => {
                let message = combined.to_string();
                let located: Vec<Diagnostic> = located_reports(&message)
                    .into_iter()
                    .map(|(name, line, col, what)| {
                        let path = sources
                            .get(name)
                            .cloned()
                            .unwrap_or_else(|| name.to_string());
                        Diagnostic::at(
                            Location::new(path, line, col + 1),
                            format!("template error: {what}"),
                        )
                    })
                    .collect();
                if located.is_empty() {
                    Err(vec![diagnose(&sources, &combined, "")])
                } else {
                    Err(located)
                }
            }
            Err(combined) => {
                let mut errors: Vec<Diagnostic> = files
                    .values()
                    .filter_map(|file| {
                        let mut alone = Tera::new();
                        let error = alone.add_raw_template(&file.name, &file.text).err()?;
                        matches!(error.kind(), ErrorKind::SyntaxError(_))
                            .then(|| diagnose(&sources, &error, &file.name))
                    })
                    .collect();
                if errors.is_empty() {
                    errors.push(diagnose(&sources, &combined, ""));
                }
                Err(errors)
            }
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders `name`, or a diagnostic pointing into the template that failed.
    pub fn render(&self, name: &str, context: &tera::Context) -> Result<String, Diagnostic> {
        if !self.has(name) {
            return Err(Diagnostic::general(format!(
                "template `{name}` not found in the theme; expected a file templates/{name}"
            )));
        }
        self.tera
            .render(name, context)
            .map_err(|error| diagnose(&self.sources, &error, name))
    }

    /// Renders `name` for a job, noting in its views that it read the template.
    pub fn render_for(
        &self,
        views: &Views,
        name: &str,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        views.template(name);
        self.render(name, context)
    }

    /// The file a template came from (`themes/hearth/templates/base.html`).
    pub fn source_of(&self, name: &str) -> Option<&str> {
        self.sources.get(name).map(String::as_str)
    }
}

fn diagnose(sources: &BTreeMap<String, String>, error: &tera::Error, fallback: &str) -> Diagnostic {
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() {
                fallback
            } else {
                report.filename()
            };
            let path = sources
                .get(name)
                .cloned()
                .unwrap_or_else(|| name.to_string());
            let span = report.span();
            let line = span.start_line.max(1);
            Diagnostic::at(
                Location::new(path, line, span.start_col + 1),
                format!("template error: {}", report.message()),
            )
        }
        other => {
            let message = other.to_string();
            match located_reports(&message).first() {
                Some((name, line, col, what)) => {
                    let path = sources
                        .get(*name)
                        .cloned()
                        .unwrap_or_else(|| name.to_string());
                    Diagnostic::at(
                        Location::new(path, *line, *col + 1),
                        format!("template error: {what}"),
                    )
                }
                None => Diagnostic::general(format!("template error: {message}")),
            }
        }
    }
}

/// Tera reports some problems (a block no parent defines…) only as text:
/// `error: what\n --> name.html:line:col`. Reads them back into places.
fn located_reports(text: &str) -> Vec<(&str, usize, usize, &str)> {
    let mut found = Vec::new();
    let mut what = "";
    for line in text.lines() {
        if let Some(message) = line.strip_prefix("error: ") {
            what = message;
        } else if let Some(place) = line.trim_start().strip_prefix("--> ") {
            let mut parts = place.rsplitn(3, ':');
            let col = parts.next().and_then(|n| n.parse().ok());
            let row = parts.next().and_then(|n| n.parse().ok());
            if let (Some(col), Some(row), Some(name)) = (col, row, parts.next()) {
                found.push((name, row, col, what));
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(list: &[(&str, &str)]) -> BTreeMap<String, TemplateFile> {
        list.iter()
            .map(|(name, text)| (name.to_string(), TemplateFile::new("t", name, *text)))
            .collect()
    }

    #[test]
    fn syntax_errors_name_the_template_file_and_line() {
        let errors = Templates::compile(&files(&[
            ("base.html", "<p>\n{% block x %}{% endblock x %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}\n\n{% block x %}{{ page.title }{% endblock x %}",
            ),
        ]))
        .err()
        .unwrap();
        assert_eq!(errors.len(), 1);
        let location = errors[0].location.clone().unwrap();
        assert_eq!(
            (location.path.as_str(), location.line),
            ("themes/t/templates/page.html", 3)
        );
    }

    #[test]
    fn rendering_errors_name_the_template_file_and_line() {
        let templates = Templates::compile(&files(&[("page.html", "ok\n{{ missing.field }}")]))
            .ok()
            .unwrap();
        let error = templates
            .render("page.html", &tera::Context::new())
            .unwrap_err();
        let location = error.location.unwrap();
        assert_eq!(
            (location.path.as_str(), location.line, location.col),
            ("themes/t/templates/page.html", 2, 4)
        );
    }

    #[test]
    fn values_are_escaped_as_tera_escapes_them() {
        let texts = [
            "",
            "plain words",
            "Tom & Jerry's \"<b>bold</b>\"",
            "&&<<>>\"\"''",
            "ends with <",
            "> starts",
            "naïve — “quoted” 'single' 💬 & more",
        ];
        for text in texts {
            let (mut ours, mut theirs) = (Vec::new(), Vec::new());
            escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut theirs).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(theirs).unwrap()
            );
        }
    }
}
