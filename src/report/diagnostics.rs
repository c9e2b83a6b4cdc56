//! Diagnostics as a person or an editor reads them: `human` (the place, the source line with a
//! caret under the problem and a help line, as rustc prints them), `short` (one line each) and
//! `json` (one object a line).

use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::error::{Diagnostic, Severity};

/// How diagnostics are written, as `--message-format` names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum MessageFormat {
    /// The place, the source line with a caret under the problem, and how to fix it.
    #[default]
    Human,
    /// One line a diagnostic: `path:line:col: error: message`.
    Short,
    /// One JSON object a line, for editors: path, line, column, severity, message, help.
    Json,
}

/// The source line a diagnostic points at, read again from the site (`None` when the file
/// or the line cannot be read: the diagnostic then shows its place without the line).
pub fn source_line(root: &Path, diagnostic: &Diagnostic) -> Option<String> {
    let location = diagnostic.location.as_ref()?;
    let text = std::fs::read_to_string(root.join(&location.path)).ok()?;
    let line = text.lines().nth(location.line.checked_sub(1)?)?;
    Some(line.to_string())
}

/// Every diagnostic in `format`, each with its source line read again from the site at `root`;
/// human messages are followed by a blank line.
pub fn render_all<'a>(
    root: Option<&Path>,
    all: impl IntoIterator<Item = &'a Diagnostic>,
    format: MessageFormat,
    styled: bool,
) -> String {
    let mut text = String::new();
    for diagnostic in all {
        let line = root.and_then(|root| source_line(root, diagnostic));
        text.push_str(&render(diagnostic, line.as_deref(), format, styled));
        text.push('\n');
        if format == MessageFormat::Human {
            text.push('\n');
        }
    }
    text
}

/// One diagnostic in `format`; `line` is its source line when known. Ends without a newline.
pub fn render(
    diagnostic: &Diagnostic,
    line: Option<&str>,
    format: MessageFormat,
    styled: bool,
) -> String {
    match format {
        MessageFormat::Human => human(diagnostic, line, styled),
        MessageFormat::Short => short(diagnostic),
        MessageFormat::Json => json(diagnostic),
    }
}

fn severity_word(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn short(diagnostic: &Diagnostic) -> String {
    let (message, help) = diagnostic.headline_and_help();
    let severity = severity_word(diagnostic.severity);
    let place = diagnostic
        .location
        .as_ref()
        .map(|location| format!("{location}: "))
        .unwrap_or_default();
    match help {
        Some(help) => format!("{place}{severity}: {message}; {help}"),
        None => format!("{place}{severity}: {message}"),
    }
}

fn json(diagnostic: &Diagnostic) -> String {
    let (message, help) = diagnostic.headline_and_help();
    let location = diagnostic.location.as_ref();
    serde_json::json!({
        "path": location.map(|l| &l.path),
        "line": location.map(|l| l.line),
        "column": location.map(|l| l.col),
        "severity": severity_word(diagnostic.severity),
        "message": message,
        "help": help,
    })
    .to_string()
}

fn human(diagnostic: &Diagnostic, line: Option<&str>, styled: bool) -> String {
    let (message, help) = diagnostic.headline_and_help();
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let mut group = Group::with_title(level.primary_title(message));
    if let Some(location) = &diagnostic.location {
        group = match line {
            Some(line) => {
                let span = span_of(line, location.col, location.len, message);
                group.element(
                    Snippet::source(line)
                        .line_start(location.line)
                        .path(location.path.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            None => group.element(
                Origin::path(location.path.as_str())
                    .line(location.line)
                    .char_column(location.col),
            ),
        };
    }
    let help_text = help.map(annotate_snippets::normalize_untrusted_str);
    // Under a source line, help reads as a note of it (`= help: …`); alone, on its own line.
    let help_alone = match help_text.as_deref() {
        Some(help) if diagnostic.location.is_some() => {
            group = group.element(Level::HELP.message(help));
            None
        }
        other => other,
    };
    let renderer = if styled {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut text = renderer.render(&[group]);
    if let Some(help) = help_alone {
        let style = annotate_snippets::renderer::DEFAULT_HELP_STYLE;
        match styled {
            true => text.push_str(&format!(
                "\n{}help{}: {help}",
                style.render(),
                style.render_reset()
            )),
            false => text.push_str(&format!("\nhelp: {help}")),
        }
    }
    text
}

/// The bytes of `line` under the caret: `len` characters from column `col` (1-based); a single
/// character that starts a name the message quotes in backticks spans the whole name.
fn span_of(line: &str, col: usize, len: usize, message: &str) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(col.saturating_sub(1))
        .map_or(line.len(), |(at, _)| at);
    let rest = &line[start..];
    let chars = if len > 1 {
        len
    } else {
        quoted(message)
            .find(|name| !name.is_empty() && rest.starts_with(name))
            .map_or(1, |name| name.chars().count())
    };
    let end = rest
        .char_indices()
        .nth(chars)
        .map_or(line.len(), |(at, _)| start + at);
    start..end
}

/// The names a message quotes between backticks, in order.
fn quoted(message: &str) -> impl Iterator<Item = &str> {
    message.split('`').skip(1).step_by(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_spans_a_quoted_name_at_the_column() {
        let line = "mood = \"calm\"";
        assert_eq!(span_of(line, 1, 1, "unknown field `mood`, expected"), 0..4);
        assert_eq!(span_of(line, 1, 1, "unknown field `calm`"), 0..1);
        assert_eq!(span_of(line, 8, 3, "x"), 7..10);
        assert_eq!(span_of("ab", 9, 1, "x"), 2..2);
        assert_eq!(span_of("été", 2, 1, "`té`"), 2..5);
    }
}
