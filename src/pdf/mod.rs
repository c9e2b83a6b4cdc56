//! `hearth pdf`: worksheets and the booklet printed to PDF by an installed Chromium.
//!
//! It builds the site in memory, serves the pages as they print (the paper asked for, links
//! leading to the published site) to a headless Chromium on 127.0.0.1, then writes the site with
//! the PDFs in `output/pdf/` and its worksheet pages linking to them, in one atomic step.
//! A later `hearth build` writes the site without them: run `hearth pdf` after it.

pub mod chromium;
mod links;
mod server;
pub(crate) mod targets;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Args;
use rayon::prelude::*;

use crate::build::build_to_memory_with;
use crate::build::progress::Progress;
use crate::config::{Overrides, Paper, Settings};
use crate::error::{BuildError, Diagnostic};
use crate::model::site::Site;
use crate::output::{Body, OutputPath, SiteOutput, write_atomically};
use crate::render::templates::Templates;
use crate::render::{Job, PrintedPdfs, Renderer};
use targets::Target;

#[derive(Debug, Args)]
pub struct PdfArgs {
    /// The site's folder (default: the nearest folder upward holding hearth.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Paper for every PDF (default: hearth.toml's `[print] paper`, or a page's own `paper`).
    #[arg(long, value_parser = ["a4", "letter"])]
    pub paper: Option<String>,
    /// Pages to print: a slug, a file or a URL path, or `booklet` (default: every worksheet, the booklet and every quiz).
    pub pages: Vec<String>,
}

/// What `hearth pdf` did.
#[derive(Debug, Clone)]
pub struct PdfReport {
    /// The PDFs printed this time (`pdf/x.pdf`).
    pub printed: Vec<String>,
    /// PDFs of other pages, printed before and kept.
    pub kept: Vec<String>,
    pub elapsed: Duration,
}

/// Prints the site at `root` as `args` ask, telling `progress` how far it is.
pub fn run(args: &PdfArgs, root: &Path, progress: Arc<dyn Progress>) -> Result<(), BuildError> {
    let chromium = chromium::find(
        std::env::var_os("HEARTH_CHROMIUM"),
        std::env::var_os("PATH"),
    )
    .map_err(Diagnostic::general)?;
    let settings = Settings::load(root, Overrides::default())?;
    let paper = match args.paper.as_deref() {
        Some("letter") => Some(Paper::Letter),
        Some(_) => Some(Paper::A4),
        None => None,
    };
    let report = print_site_with(&settings, &chromium, paper, &args.pages, progress)?;
    let names: Vec<&str> = report
        .printed
        .iter()
        .map(|file| file.trim_start_matches("pdf/"))
        .collect();
    println!(
        "Printed {} PDF{} in {:.1} s into {}: {}",
        names.len(),
        if names.len() == 1 { "" } else { "s" },
        report.elapsed.as_secs_f64(),
        settings.output_dir.join("pdf").display(),
        names.join(", ")
    );
    if !report.kept.is_empty() {
        println!("Kept from before: {}", report.kept.join(", "));
    }
    Ok(())
}

/// Builds the site, prints `pages` (default: every worksheet, the booklet and every quiz) with `chromium`,
/// and writes the site with its PDFs to the output folder, telling `progress` its stages (the
/// build's, then `print`) as it goes.
pub fn print_site_with(
    settings: &Settings,
    chromium: &Path,
    paper: Option<Paper>,
    pages: &[String],
    progress: Arc<dyn Progress>,
) -> Result<PdfReport, BuildError> {
    let started = Instant::now();
    let (site, mut output) = build_to_memory_with(settings, Arc::clone(&progress))?;
    let templates = theme_templates(settings)?;
    let everything = targets::everything(&site);
    let wanted = if pages.is_empty() {
        everything.clone()
    } else {
        targets::named(&site, pages).map_err(general)?
    };
    if wanted.is_empty() {
        return Err(Diagnostic::general(
            "this site has no worksheets or quizzes to print; expected pages of kind `worksheet` or `quiz`, e.g. in content/worksheets/",
        )
        .into());
    }
    let mut all = everything.clone();
    all.extend(wanted.iter().filter(|t| !everything.contains(t)).cloned());
    let clashes = targets::clashes(&site, &all);
    if !clashes.is_empty() {
        return Err(general(clashes));
    }

    let printed = print_all(
        &site,
        settings,
        &templates,
        &output,
        paper,
        &wanted,
        Printer {
            chromium,
            progress: &*progress,
        },
    )?;
    let kept = read_kept(settings, &everything, &wanted);
    let mut pdfs = PrintedPdfs::new();
    for (target, bytes) in printed.iter().chain(&kept) {
        let file = OutputPath::new(target.file.as_str())
            .map_err(|error| Diagnostic::general(error.to_string()))?;
        pdfs.insert(target.site_path.clone(), settings.url_path(&target.file));
        output.files.insert(file, Body::Bytes(bytes.clone()));
    }
    render_into(&site, settings, &templates, pdfs, &all, &mut output)?;
    crate::output::check_owned(&settings.output_dir, &settings.root, settings.force_output)
        .map_err(Diagnostic::general)?;
    write_atomically(&output, &settings.output_dir).map_err(|error| {
        Diagnostic::general(format!(
            "cannot write {}: {error}",
            settings.output_dir.display()
        ))
    })?;
    Ok(PdfReport {
        printed: printed.into_iter().map(|(t, _)| t.file).collect(),
        kept: kept.into_iter().map(|(t, _)| t.file).collect(),
        elapsed: started.elapsed(),
    })
}

fn general(messages: Vec<String>) -> BuildError {
    BuildError(messages.into_iter().map(Diagnostic::general).collect())
}

fn theme_templates(settings: &Settings) -> Result<Templates, BuildError> {
    let links = crate::source::Links::of(settings);
    let theme = crate::source::load_theme(&settings.root, &settings.config.theme, &links)?;
    Templates::compile(&theme.templates).map_err(BuildError)
}

/// Renders again the pages of `targets`, every worksheet and the booklet, into `output`.
fn render_into(
    site: &Site,
    settings: &Settings,
    templates: &Templates,
    pdfs: PrintedPdfs,
    targets: &[Target],
    output: &mut SiteOutput,
) -> Result<(), BuildError> {
    let worksheets = crate::render::paged_media::worksheets_in_order(site);
    let jobs: Vec<Job> = (0..site.pages.len())
        .filter(|index| {
            worksheets.contains(index)
                || targets
                    .iter()
                    .any(|t| t.site_path == site.pages[*index].site_path)
        })
        .map(Job::Page)
        .chain([Job::Print])
        .collect();
    let renderer = Renderer::new(site, settings, templates).with_pdfs(pdfs);
    let rendered: Vec<_> = jobs.par_iter().map(|&job| renderer.render(job)).collect();
    let mut errors = Vec::new();
    for result in rendered {
        match result {
            Ok(files) => {
                for (path, bytes) in files {
                    output.files.insert(path, Body::Bytes(bytes));
                }
            }
            Err(error) => errors.push(error),
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(BuildError(errors))
    }
}

/// Prints every target from a copy of the site made for paper, in parallel; all failures together.
/// The Chromium that prints, and who hears of each page printed.
struct Printer<'a> {
    chromium: &'a Path,
    progress: &'a dyn Progress,
}

fn print_all(
    site: &Site,
    settings: &Settings,
    templates: &Templates,
    output: &SiteOutput,
    paper: Option<Paper>,
    wanted: &[Target],
    Printer { chromium, progress }: Printer,
) -> Result<Vec<(Target, Vec<u8>)>, BuildError> {
    let mut site = site.clone();
    let mut settings = settings.clone();
    if let Some(paper) = paper {
        site.pages.iter_mut().for_each(|page| page.paper = paper);
        settings.config.print.paper = paper;
    }
    let settings = &settings;
    let mut printing = output.clone();
    render_into(
        &site,
        settings,
        templates,
        PrintedPdfs::new(),
        wanted,
        &mut printing,
    )?;
    if let Some(origin) = links::origin(&settings.base_url) {
        for target in wanted {
            let page = format!("{}index.html", target.site_path);
            if let Some(Body::Bytes(html)) = printing.files.get_mut(page.as_str()) {
                let page_path = settings.url_path(&target.site_path);
                *html = links::absolute_links(&String::from_utf8_lossy(html), origin, &page_path)
                    .into_bytes();
            }
        }
    }
    let server = server::Server::start(printing, &settings.base_path).map_err(|error| {
        Diagnostic::general(format!("cannot serve the pages to print: {error}"))
    })?;
    progress.stage("print", Some(wanted.len()));
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers.min(wanted.len()))
        .build()
        .map_err(|error| Diagnostic::general(format!("cannot start printing: {error}")))?;
    let results: Vec<Result<Vec<u8>, String>> = pool.install(|| {
        wanted
            .par_iter()
            .map(|target| {
                let url = server.url(&settings.url_path(&target.site_path));
                let pdf = chromium::print_to_pdf(chromium, &url);
                progress.advance();
                pdf
            })
            .collect()
    });
    let mut printed = Vec::new();
    let mut errors = Vec::new();
    for (target, result) in wanted.iter().zip(results) {
        match result {
            Ok(bytes) => printed.push((target.clone(), bytes)),
            Err(message) => errors.push(Diagnostic::general(message)),
        }
    }
    if errors.is_empty() {
        Ok(printed)
    } else {
        Err(BuildError(errors))
    }
}

/// When only some pages are printed: the PDFs of the others that are already in the output folder.
fn read_kept(
    settings: &Settings,
    everything: &[Target],
    wanted: &[Target],
) -> Vec<(Target, Vec<u8>)> {
    everything
        .iter()
        .filter(|target| !wanted.contains(target))
        .filter_map(|target| {
            let bytes = std::fs::read(settings.output_dir.join(&target.file)).ok()?;
            bytes.starts_with(b"%PDF").then(|| (target.clone(), bytes))
        })
        .collect()
}
