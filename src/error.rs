//! Diagnostics: what went wrong, and where (`path:line:col`), for every stage of a build.

use std::fmt;

/// A place in a source file, as a person opens it in an editor (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// The file, relative to the site's root (`content/articles/x.md`).
    pub path: String,
    pub line: usize,
    pub col: usize,
    /// How many characters from `col` the problem spans (at least one), for the caret under it.
    pub len: usize,
}

impl Location {
    pub fn new(path: impl Into<String>, line: usize, col: usize) -> Self {
        Self {
            path: path.into(),
            line,
            col,
            len: 1,
        }
    }

    /// The same place, spanning `len` characters (a key, a word, a link).
    pub fn spanning(mut self, len: usize) -> Self {
        self.len = len.max(1);
        self
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.col)
    }
}

/// How bad a diagnostic is: an error stops the build; a warning is reported and the build goes on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// One problem found in the site, with the place it was found when there is one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Diagnostic {
    pub location: Option<Location>,
    pub message: String,
    pub severity: Severity,
    /// How to fix it, when that is known; the plain form prints it after the message and `; `.
    pub help: Option<String>,
}

/// Where a message says what was expected: the text from there on reads as its help line.
const EXPECTED: &str = "; expected ";

impl Diagnostic {
    pub fn at(location: Location, message: impl Into<String>) -> Self {
        Self {
            location: Some(location),
            message: message.into(),
            severity: Severity::Error,
            help: None,
        }
    }

    pub fn general(message: impl Into<String>) -> Self {
        Self {
            location: None,
            message: message.into(),
            severity: Severity::Error,
            help: None,
        }
    }

    /// Something suspicious but not wrong, at its place: reported, and the build goes on.
    pub fn warning(location: Location, message: impl Into<String>) -> Self {
        Self {
            location: Some(location),
            message: message.into(),
            severity: Severity::Warning,
            help: None,
        }
    }

    /// The same problem with a known fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }

    /// What went wrong and, apart, how to fix it: the help given, or else the "expected …" end
    /// of the message (`x is not a date; expected a date such as 2024-05-01` gives
    /// `x is not a date` and `expected a date such as 2024-05-01`).
    pub fn headline_and_help(&self) -> (&str, Option<&str>) {
        if let Some(help) = &self.help {
            return (&self.message, Some(help));
        }
        match self.message.rfind(EXPECTED) {
            Some(at) if at > 0 => (&self.message[..at], Some(&self.message[at + "; ".len()..])),
            _ => (&self.message, None),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "",
            Severity::Warning => "warning: ",
        };
        if let Some(location) = &self.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{label}{}", self.message)?;
        match &self.help {
            Some(help) => write!(f, "; {help}"),
            None => Ok(()),
        }
    }
}

/// Every problem of a run, sorted by place so that reports are stable from run to run.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(Vec<Diagnostic>);

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }

    pub fn extend(&mut self, more: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(more);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }

    /// Sorted, without repeats: a template error met by a thousand pages is reported once.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.0.sort();
        self.0.dedup();
        self.0
    }

    pub fn into_error(self) -> BuildError {
        BuildError(self.into_sorted())
    }

    /// `Ok(value)` when nothing was reported, the sorted diagnostics otherwise.
    pub fn finish<T>(self, value: T) -> Result<T, BuildError> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(BuildError(self.into_sorted()))
        }
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}

/// A build that did not finish: every problem found, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildError(pub Vec<Diagnostic>);

impl BuildError {
    pub fn single(diagnostic: Diagnostic) -> Self {
        Self(vec![diagnostic])
    }
}

impl From<Diagnostic> for BuildError {
    fn from(diagnostic: Diagnostic) -> Self {
        Self::single(diagnostic)
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, diagnostic) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        Ok(())
    }
}

impl std::error::Error for BuildError {}

/// Line and column (1-based, in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_from_one_in_characters() {
        let text = "ab\ncé d\n";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 7), (2, 4));
    }

    #[test]
    fn diagnostics_are_reported_sorted_and_once() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::at(Location::new("b.md", 1, 1), "late"));
        all.push(Diagnostic::at(Location::new("a.md", 2, 1), "early"));
        all.push(Diagnostic::at(Location::new("b.md", 1, 1), "late"));
        let error = all.finish(()).unwrap_err();
        assert_eq!(error.to_string(), "a.md:2:1: early\nb.md:1:1: late");
    }

    #[test]
    fn help_is_the_expected_part_or_the_one_given() {
        let date = Diagnostic::at(
            Location::new("a.md", 2, 8),
            "`date` is not a date: `someday`; expected a date such as 2024-05-01",
        );
        assert_eq!(
            date.headline_and_help(),
            (
                "`date` is not a date: `someday`",
                Some("expected a date such as 2024-05-01")
            )
        );
        let given = Diagnostic::general("no hearth.toml here").with_help("run `hearth init DIR`");
        assert_eq!(
            given.to_string(),
            "no hearth.toml here; run `hearth init DIR`"
        );
        assert_eq!(
            given.headline_and_help(),
            ("no hearth.toml here", Some("run `hearth init DIR`"))
        );
        let plain = Diagnostic::general("cannot write output/");
        assert_eq!(plain.headline_and_help(), ("cannot write output/", None));
    }

    #[test]
    fn warnings_say_so_after_their_place() {
        let warning = Diagnostic::warning(Location::new("a.md", 3, 7), "an image without alt text");
        assert_eq!(
            warning.to_string(),
            "a.md:3:7: warning: an image without alt text"
        );
    }
}
