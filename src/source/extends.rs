//! Templates that extend each other in a circle (or themselves) are found before Tera sees
//! them, so the error names the file and line of the `{% extends %}` that closes the circle.

use std::collections::BTreeMap;

use super::TemplateFile;
use crate::error::{Diagnostic, Location, line_col};

/// The template a template extends, and where the `{% extends %}` tag is (line, column).
fn parent_of(text: &str) -> Option<(&str, (usize, usize))> {
    let mut from = 0;
    while let Some(found) = text[from..].find("{%") {
        let start = from + found;
        let inner = text[start + 2..].trim_start_matches('-').trim_start();
        from = start + 2;
        let Some(rest) = inner.strip_prefix("extends") else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
        let name = &rest[1..];
        let end = name.find(quote)?;
        return Some((&name[..end], line_col(text, start)));
    }
    None
}

/// An error for each circle of `{% extends %}`, at the tag that leads back into it.
pub(super) fn circles(templates: &BTreeMap<String, TemplateFile>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (name, file) in templates {
        let mut chain = vec![name.as_str()];
        let mut current = file;
        while let Some((parent, place)) = parent_of(&current.text) {
            if parent == name {
                chain.push(parent);
                let (line, col) = place;
                problems.push(Diagnostic::at(
                    Location::new(&current.source, line, col),
                    format!(
                        "templates extend each other in a circle: {}; expected a chain that ends (a theme that overrides `{name}` copies it instead of extending it)",
                        chain.join(" → ")
                    ),
                ));
                break;
            }
            if chain.contains(&parent) {
                break; // A circle that does not pass through `name`: reported from its own templates.
            }
            chain.push(parent);
            match templates.get(parent) {
                Some(next) => current = next,
                None => break,
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(files: &[(&str, &str)]) -> BTreeMap<String, TemplateFile> {
        (files.iter())
            .map(|(name, text)| (name.to_string(), TemplateFile::new("t", name, *text)))
            .collect()
    }

    #[test]
    fn a_template_that_extends_itself_is_named_at_its_tag() {
        let found = circles(&theme(&[(
            "page.html",
            "\n\n  {% extends \"page.html\" %}\n",
        )]));
        let messages: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "themes/t/templates/page.html:3:3: templates extend each other in a circle: page.html → page.html; expected a chain that ends (a theme that overrides `page.html` copies it instead of extending it)"
            ]
        );
    }

    #[test]
    fn chains_that_end_are_fine() {
        let templates = theme(&[
            ("base.html", "<html>{% block body %}{% endblock %}</html>"),
            ("page.html", "{%- extends 'base.html' -%}"),
            ("a.html", "{% extends \"page.html\" %}"),
        ]);
        assert!(circles(&templates).is_empty());
        let circle = theme(&[
            ("a.html", "{% extends \"b.html\" %}"),
            ("b.html", "{% extends \"a.html\" %}"),
        ]);
        assert_eq!(circles(&circle).len(), 2);
    }
}
