//! The command line: what the user typed, turned into settings, handed to the engine.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{Overrides, Settings};
use crate::error::{BuildError, Diagnostic};
use crate::model::date::Date;
use crate::model::page::PageKind;

#[derive(Debug, Parser)]
#[command(
    name = "hearth",
    version,
    about = "A static site generator for advice writers"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (the previous output stays until the new one is complete).
    Build(BuildArgs),
    /// Check everything a build checks, without writing anything.
    Check(CheckArgs),
    /// Print worksheets (and the booklet) to PDF through an installed Chromium.
    Pdf(crate::pdf::PdfArgs),
    /// Serve the site from memory, rebuild what changes and reload the pages open in a browser.
    Serve(crate::serve::ServeArgs),
    /// Start a new page from its kind's skeleton, with a slug and today's date.
    New(NewArgs),
    /// Start a new site in a folder, with the default theme.
    Init(InitArgs),
    /// Make a new site from a WordPress export, a Zola or Hugo site, or a folder of Markdown.
    Import(crate::import::ImportArgs),
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Fail when there are warnings too.
    #[arg(long = "deny-warnings")]
    pub deny_warnings: bool,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to write: article, worksheet, quiz or page.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The page's title; its file name is made from it.
    pub title: String,
    /// The site's folder.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum NewKind {
    Article,
    Worksheet,
    Quiz,
    Page,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in.
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder (with hearth.toml, content/ and themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Publish under this URL instead of hearth.toml's base_url.
    #[arg(long = "base-url")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: output/ under the root).
    #[arg(long)]
    pub output: Option<PathBuf>,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Serve(args) = &cli.command {
        return crate::serve::main(args);
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            let count = error.0.iter().filter(|d| !d.is_warning()).count();
            let noun = if count == 1 { "problem" } else { "problems" };
            if count == 0 {
                let warnings = error.0.len();
                let noun = if warnings == 1 { "warning" } else { "warnings" };
                eprintln!("error: {warnings} {noun}, denied by --deny-warnings");
            } else {
                eprintln!("error: the site was not built: {count} {noun}");
            }
            ExitCode::FAILURE
        }
    }
}

fn print_warnings(warnings: &[Diagnostic]) {
    for warning in warnings {
        eprintln!("{warning}");
    }
}

fn warning_count(count: usize) -> String {
    match count {
        0 => String::new(),
        1 => ", with 1 warning".to_string(),
        n => format!(", with {n} warnings"),
    }
}

fn settings(site: &SiteArgs, output: Option<PathBuf>) -> Result<Settings, BuildError> {
    let overrides = Overrides {
        output_dir: output,
        include_drafts: site.drafts,
        base_url: site.base_url.clone(),
    };
    Ok(Settings::load(&site.root, overrides)?)
}

fn run(cli: Cli) -> Result<(), BuildError> {
    match cli.command {
        Command::Build(args) => {
            let settings = settings(&args.site, args.output)?;
            let report = crate::build::build(&settings)?;
            print_warnings(&report.warnings);
            println!(
                "Built {} pages in {} sections ({} files) in {} ms into {}{}",
                report.pages,
                report.sections,
                report.files,
                report.elapsed.as_millis(),
                settings.output_dir.display(),
                warning_count(report.warnings.len())
            );
            Ok(())
        }
        Command::Pdf(args) => crate::pdf::run(&args),
        Command::New(args) => {
            let kind = match args.kind {
                NewKind::Article => PageKind::Article,
                NewKind::Worksheet => PageKind::Worksheet,
                NewKind::Quiz => PageKind::Quiz,
                NewKind::Page => PageKind::Page,
            };
            let path = crate::scaffold::new_page(&args.root, kind, &args.title, Date::today())
                .map_err(Diagnostic::general)?;
            println!("Wrote {}", path.display());
            Ok(())
        }
        Command::Init(args) => {
            crate::scaffold::init_site(&args.dir, Date::today()).map_err(Diagnostic::general)?;
            println!(
                "A new site is ready in {}: run `hearth build --root {}`",
                args.dir.display(),
                args.dir.display()
            );
            Ok(())
        }
        Command::Serve(_) => {
            unreachable!("`hearth serve` runs from `main`: it reports its own errors")
        }
        Command::Check(args) => {
            let settings = settings(&args.site, None)?;
            let checked = crate::build::check(&settings)?;
            if args.deny_warnings && !checked.warnings.is_empty() {
                return Err(BuildError(checked.warnings));
            }
            print_warnings(&checked.warnings);
            println!(
                "No problems found in {} pages{}.",
                checked.pages,
                warning_count(checked.warnings.len())
            );
            Ok(())
        }
        Command::Import(args) => crate::import::run(&args),
    }
}
