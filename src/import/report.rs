//! The import report: what was converted, what was mapped to the nearest hearth field, and what
//! could not be converted — each with the place in the source (`path:line`) and why.

use std::fmt;

/// One thing the import did or could not do, at its place in the source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// `path:line` in the source (or the path alone when there is no line).
    pub place: String,
    pub what: String,
}

/// Everything an import did, in the order it was found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Files and posts written into the new site.
    pub converted: Vec<Entry>,
    /// Keys and markup given the nearest hearth equivalent.
    pub mapped: Vec<Entry>,
    /// What could not come along, and why.
    pub skipped: Vec<Entry>,
    /// Files the source refers to by URL (not downloaded: an import makes no network request).
    pub attachments: Vec<Entry>,
}

impl Report {
    pub fn converted(&mut self, place: impl Into<String>, what: impl Into<String>) {
        self.converted.push(entry(place, what));
    }

    pub fn mapped(&mut self, place: impl Into<String>, what: impl Into<String>) {
        self.mapped.push(entry(place, what));
    }

    pub fn skipped(&mut self, place: impl Into<String>, what: impl Into<String>) {
        self.skipped.push(entry(place, what));
    }

    pub fn attachment(&mut self, place: impl Into<String>, url: impl Into<String>) {
        let entry = entry(place, url);
        if !self.attachments.contains(&entry) {
            self.attachments.push(entry);
        }
    }
}

fn entry(place: impl Into<String>, what: impl Into<String>) -> Entry {
    Entry {
        place: place.into(),
        what: what.into(),
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts = [
            ("Converted", &self.converted),
            ("Mapped to the nearest hearth field", &self.mapped),
            ("Not converted", &self.skipped),
            (
                "Files referred to by URL (not downloaded; copy them into content/ or static/)",
                &self.attachments,
            ),
        ];
        for (title, entries) in parts {
            writeln!(f, "{title}: {}", entries.len())?;
            for entry in entries {
                writeln!(f, "  {}: {}", entry.place, entry.what)?;
            }
        }
        Ok(())
    }
}
