//! The command line: what the user typed, turned into settings, handed to the engine.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{Overrides, Settings};
use crate::error::BuildError;

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
    Check(SiteArgs),
    /// Print worksheets (and the booklet) to PDF through an installed Chromium.
    Pdf(crate::pdf::PdfArgs),
    /// Serve the site from memory, rebuild what changes and reload the pages open in a browser.
    Serve(crate::serve::ServeArgs),
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
            let count = error.0.len();
            let noun = if count == 1 { "problem" } else { "problems" };
            eprintln!("error: the site was not built: {count} {noun}");
            ExitCode::FAILURE
        }
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
            println!(
                "Built {} pages in {} sections ({} files) in {} ms into {}",
                report.pages,
                report.sections,
                report.files,
                report.elapsed.as_millis(),
                settings.output_dir.display()
            );
            Ok(())
        }
        Command::Pdf(args) => crate::pdf::run(&args),
        Command::Serve(_) => {
            unreachable!("`hearth serve` runs from `main`: it reports its own errors")
        }
        Command::Check(site) => {
            let settings = settings(&site, None)?;
            let (built, _) = crate::build::build_to_memory(&settings)?;
            println!("No problems found in {} pages.", built.pages.len());
            Ok(())
        }
    }
}
