//! What the command line shows: diagnostics in the chosen format and colour, progress on a
//! terminal, stage times with `-v`, and each command's summary or closing line.

pub mod diagnostics;
pub(crate) mod progress;

use std::io::IsTerminal;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use anstyle::{AnsiColor, Style};

use crate::error::Diagnostic;
pub use diagnostics::MessageFormat;
pub(crate) use progress::TerminalProgress;

/// When to colour what hearth prints, as `--color` names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    Always,
    Never,
}

/// How long a run goes before its progress appears; `HEARTH_PROGRESS_DELAY_MS` changes it.
const PROGRESS_DELAY: Duration = Duration::from_millis(300);

/// The choices of one run of the command line about what it prints, and where.
#[derive(Debug, Clone)]
pub struct Reporter {
    pub format: MessageFormat,
    /// Colour on standard error.
    pub styled: bool,
    /// Progress bars on standard error (a terminal, not `--quiet`, not JSON).
    pub progress: bool,
    /// Stage times after each build (`-v`).
    pub verbose: bool,
    progress_delay: Duration,
}

impl Reporter {
    pub fn new(color: ColorChoice, format: MessageFormat, quiet: bool, verbose: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|value| !value.is_empty());
        let styled = match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                terminal && !no_color && std::env::var("TERM").ok().as_deref() != Some("dumb")
            }
        };
        let progress_delay = std::env::var("HEARTH_PROGRESS_DELAY_MS")
            .ok()
            .and_then(|ms| ms.parse().ok())
            .map_or(PROGRESS_DELAY, Duration::from_millis);
        Self {
            format,
            styled,
            progress: terminal && !quiet && format != MessageFormat::Json,
            verbose: verbose && !quiet,
            progress_delay,
        }
    }

    /// A progress bar titled `verb` (`Building`), shown if the run lasts.
    pub fn start_progress(&self, verb: &'static str) -> Arc<TerminalProgress> {
        TerminalProgress::start(verb, self.progress, self.styled, self.progress_delay)
    }

    /// Takes the progress bar away; with `-v`, prints the time of each stage.
    pub fn end_progress(&self, progress: &TerminalProgress) {
        let laps = progress.finish();
        if !self.verbose || laps.is_empty() {
            return;
        }
        let total: Duration = laps.iter().map(|(_, time)| *time).sum();
        for (stage, time) in laps.iter().chain([&("total", total)]) {
            let label = self.paint(Style::new().bold(), &format!("{stage:>12}"));
            eprintln!("{label} {:.1} ms", time.as_secs_f64() * 1000.0);
        }
    }

    /// Prints each diagnostic, reading its source line from the site at `root` when there is one.
    pub fn diagnostics<'a>(
        &self,
        root: Option<&Path>,
        all: impl IntoIterator<Item = &'a Diagnostic>,
    ) {
        let text = diagnostics::render_all(root, all, self.format, self.styled);
        match self.format {
            MessageFormat::Json => to_stdout(&text),
            _ => eprint!("{text}"),
        }
    }

    /// The one problem that ends a command, with nothing after it.
    pub fn problem(&self, problem: &Diagnostic) {
        let text = diagnostics::render_all(None, [problem], self.format, self.styled);
        match self.format {
            MessageFormat::Json => to_stdout(&text),
            MessageFormat::Short => eprint!("{text}"),
            MessageFormat::Human => eprint!("{}", text.strip_suffix('\n').unwrap_or(&text)),
        }
    }

    /// A command's closing line on failure: `error: could not build the site: 2 errors`.
    pub fn failure(&self, closing: &str) {
        let error = self.paint(AnsiColor::BrightRed.on_default().bold(), "error");
        eprintln!("{error}: {closing}");
    }

    /// A warning of the command line itself (not of a file).
    pub fn warning(&self, text: &str) {
        let warning = self.paint(AnsiColor::Yellow.on_default().bold(), "warning");
        eprintln!("{warning}: {text}");
    }

    /// A command's summary: on standard output, or standard error when that carries JSON.
    pub fn summary(&self, text: &str) {
        match self.format {
            MessageFormat::Json => eprintln!("{text}"),
            _ => to_stdout(&format!("{text}\n")),
        }
    }

    fn paint(&self, style: Style, text: &str) -> String {
        if self.styled {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }
}

/// Writes `text` to standard output; a reader that stopped reading (`hearth check | head -1`)
/// is not a failure of the command.
fn to_stdout(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("warning: cannot write to standard output: {error}");
    }
}

/// `1 page`, `2 pages`, `0 errors`.
pub fn count(number: usize, noun: &str) -> String {
    if number == 1 {
        format!("{number} {noun}")
    } else {
        format!("{number} {noun}s")
    }
}

/// `2 errors`, `1 error, 1 warning`: what a failed run found.
pub fn problems(all: &[Diagnostic]) -> String {
    let warnings = all.iter().filter(|d| d.is_warning()).count();
    let errors = count(all.len() - warnings, "error");
    if warnings == 0 {
        errors
    } else {
        format!("{errors}, {}", count(warnings, "warning"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_agree_with_their_number() {
        assert_eq!(count(1, "page"), "1 page");
        assert_eq!(count(0, "page"), "0 pages");
        assert_eq!(count(2, "file"), "2 files");
        let warning = Diagnostic::warning(crate::error::Location::new("a.md", 1, 1), "w");
        assert_eq!(
            problems(&[Diagnostic::general("e"), warning]),
            "1 error, 1 warning"
        );
    }
}
