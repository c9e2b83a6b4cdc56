//! The build pipeline: source → parse → model → render → output, each stage a plain function.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Settings;
use crate::error::{BuildError, Diagnostic, Diagnostics};
use crate::model::site::{Site, assemble};
use crate::output::{Body, SiteOutput, write_atomically};
use crate::parse::{ParsedFile, parse_file};
use crate::render::{self, templates::Templates};
use crate::source;

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

/// Builds the whole site in memory, reporting every problem of the run together.
pub fn build_to_memory(settings: &Settings) -> Result<(Site, SiteOutput), BuildError> {
    let mut problems = Diagnostics::new();
    let theme =
        source::load_theme(&settings.root, &settings.config.theme).map_err(BuildError::single)?;
    let templates = Templates::compile(&theme.templates)
        .map_err(|errors| problems.extend(errors))
        .ok();
    let content = source::read_content(&settings.content_dir()).map_err(BuildError)?;

    let (parsed, unparsed) = parse_all(&content.markdown, settings, &mut problems);
    let mut site = match assemble(parsed, &settings.config.title, settings.include_drafts) {
        Ok(site) => site,
        Err(errors) => {
            problems.extend(errors);
            return Err(problems.into_error());
        }
    };
    problems.extend(crate::build::content::render_bodies(
        &mut site,
        settings,
        templates.as_ref(),
        &unparsed,
    ));
    let templates = match (templates, problems.is_empty()) {
        (Some(templates), true) => templates,
        _ => return Err(problems.into_error()),
    };

    let jobs = render::jobs(&site);
    let rendered = render::render_all(&site, settings, &templates, &jobs).map_err(|errors| {
        let mut problems = Diagnostics::new();
        problems.extend(errors);
        problems.into_error()
    })?;
    let mut output = SiteOutput::default();
    for (path, file) in &theme.static_files {
        output.files.insert(path.clone(), Body::Copy(file.clone()));
    }
    for (path, file) in &content.assets {
        output.files.insert(path.clone(), Body::Copy(file.clone()));
    }
    for (path, bytes) in rendered {
        output.files.insert(path, Body::Bytes(bytes));
    }
    Ok((site, output))
}

/// Parses every file on all cores; returns what parsed, and the paths of files that did not.
fn parse_all(
    files: &[source::SourceFile],
    settings: &Settings,
    problems: &mut Diagnostics,
) -> (Vec<ParsedFile>, HashSet<String>) {
    let paper = settings.config.print.paper;
    let results: Vec<_> = files
        .par_iter()
        .map(|file| parse_file(file, paper))
        .collect();
    let mut parsed = Vec::with_capacity(results.len());
    let mut unparsed = HashSet::new();
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(file) => parsed.push(file),
            Err(errors) => {
                unparsed.insert(file.content_path.clone());
                problems.extend(errors);
            }
        }
    }
    (parsed, unparsed)
}
