//! The build pipeline: source → parse → model → render → output. The stages run in a build
//! session (`build::session`); a build is a session run once.

use std::time::{Duration, Instant};

use crate::build::session::Session;
use crate::config::Settings;
use crate::error::{BuildError, Diagnostic};
use crate::model::site::Site;
use crate::output::{SiteOutput, write_atomically};

/// What a finished build did.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub elapsed: Duration,
}

/// Builds the site and writes it to the output folder in one step.
pub fn build(settings: &Settings) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let (site, output) = build_to_memory(settings)?;
    write_atomically(&output, &settings.output_dir).map_err(|error| {
        Diagnostic::general(format!(
            "cannot write {}: {error}",
            settings.output_dir.display()
        ))
    })?;
    Ok(BuildReport {
        pages: site.pages.len(),
        sections: site.sections.len(),
        files: output.files.len(),
        elapsed: started.elapsed(),
    })
}

/// Builds the whole site in memory, reporting every problem of the run together: a build
/// session run once, with nothing kept from before.
pub fn build_to_memory(settings: &Settings) -> Result<(Site, SiteOutput), BuildError> {
    let mut session = Session::new(settings.clone());
    session.build_all()?;
    Ok(session.into_parts())
}
