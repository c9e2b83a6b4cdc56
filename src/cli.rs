//! The command line: what the user typed, turned into settings, handed to the engine; what
//! the engine reports, shown as `report` draws it.

mod args;
pub(crate) mod generate;
pub(crate) mod root;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Parser;

pub(crate) use self::args::{BuildArgs, CheckArgs, Cli, Command, NewArgs, NewKind, SiteArgs};

use crate::build::{build_with, check_with};
use crate::config::{Overrides, Settings};
use crate::error::Diagnostic;
use crate::model::date::Date;
use crate::model::page::PageKind;
use crate::report::{Reporter, count, problems};
use crate::scaffold::NewPage;
use root::site_root_here;
/// Why a command failed.
enum Failure {
    /// No site to work on: the one diagnostic says it all.
    NoSite(Diagnostic),
    /// Problems (read again from the site at `root` to show their lines), then the command's
    /// closing line, with their count when `counted`.
    Problems {
        root: Option<PathBuf>,
        problems: Vec<Diagnostic>,
        closing: &'static str,
        counted: bool,
    },
}

impl Failure {
    fn counted(root: &Path, problems: Vec<Diagnostic>, closing: &'static str) -> Self {
        Self::Problems {
            root: Some(root.to_path_buf()),
            problems,
            closing,
            counted: true,
        }
    }

    fn single(problem: Diagnostic, closing: &'static str) -> Self {
        Self::Problems {
            root: None,
            problems: vec![problem],
            closing,
            counted: false,
        }
    }
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let terminal = &cli.terminal;
    let reporter = Reporter::new(
        terminal.color,
        terminal.message_format,
        terminal.quiet,
        terminal.verbose,
    );
    if let Command::Serve(args) = &cli.command {
        return crate::serve::main(args, &reporter);
    }
    match run(cli.command, &reporter) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::NoSite(problem)) => {
            reporter.problem(&problem);
            ExitCode::FAILURE
        }
        Err(Failure::Problems {
            root,
            problems: all,
            closing,
            counted,
        }) => {
            reporter.diagnostics(root.as_deref(), &all);
            if counted {
                reporter.failure(&format!("{closing}: {}", problems(&all)));
            } else {
                reporter.failure(closing);
            }
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, reporter: &Reporter) -> Result<(), Failure> {
    match command {
        Command::Build(args) => build(&args, reporter),
        Command::Check(args) => check(&args, reporter),
        Command::Import(args) => {
            const CLOSING: &str = "could not import the site";
            let root = crate::import::new_site_root(&args);
            let report = crate::import::import(args.kind, &args.source, &root)
                .map_err(|message| Failure::single(Diagnostic::general(message), CLOSING))?;
            print!("{report}");
            let root = root.display();
            reporter.summary(&format!(
                "A new site is ready in {root}: run `hearth build --root {root}`"
            ));
            Ok(())
        }
        Command::Pdf(args) => {
            let root = site_root_here(args.root.as_deref()).map_err(Failure::NoSite)?;
            let progress = reporter.start_progress("Printing");
            let result = crate::pdf::run(&args, &root, progress.clone());
            reporter.end_progress(&progress);
            result.map_err(|error| Failure::counted(&root, error.0, "could not print the PDFs"))
        }
        Command::New(args) => new(&args, reporter),
        Command::Init(args) => {
            const CLOSING: &str = "could not create the site";
            let note = crate::scaffold::init_site(&args.dir, Date::today(), args.force)
                .map_err(|message| Failure::single(Diagnostic::general(message), CLOSING))?;
            if let Some(note) = note {
                reporter.warning(&note);
            }
            let dir = args.dir.display();
            reporter.summary(&format!(
                "Created a new site in {dir}: `cd {dir}` and run `hearth serve` to see it"
            ));
            Ok(())
        }
        Command::Completions(args) => {
            generate::print(&generate::completions(args.shell)).map_err(|error| {
                cannot_print("the completions", "could not print the completions", &error)
            })
        }
        Command::Man => generate::man_page()
            .and_then(|page| generate::print(&page))
            .map_err(|error| cannot_print("the man page", "could not print the man page", &error)),
        Command::Serve(_) => {
            unreachable!("`hearth serve` runs from `main`: it reports its own errors")
        }
    }
}

/// A failure to write `what` (`the man page`) to standard output, closed by `closing`.
fn cannot_print(what: &str, closing: &'static str, error: &std::io::Error) -> Failure {
    let problem = Diagnostic::general(format!("cannot write {what}: {error}"));
    Failure::single(problem, closing)
}

fn settings(root: &Path, site: &SiteArgs, output: Option<PathBuf>) -> Result<Settings, Diagnostic> {
    let overrides = Overrides {
        output_dir: output,
        include_drafts: site.drafts,
        include_future: site.future,
        now: None,
        base_url: site.base_url.clone(),
        force_output: false,
    };
    Settings::load(root, overrides)
}

fn build(args: &BuildArgs, reporter: &Reporter) -> Result<(), Failure> {
    const CLOSING: &str = "could not build the site";
    let root = site_root_here(args.site.root.as_deref()).map_err(Failure::NoSite)?;
    let mut settings = settings(&root, &args.site, args.output.clone())
        .map_err(|problem| Failure::counted(&root, vec![problem], CLOSING))?;
    settings.force_output = args.force;
    let progress = reporter.start_progress("Building");
    let result = build_with(&settings, progress.clone());
    reporter.end_progress(&progress);
    let report = result.map_err(|error| Failure::counted(&root, error.0, CLOSING))?;
    reporter.diagnostics(Some(&root), &report.warnings);
    reporter.summary(&format!(
        "Built {} in {} ({}) in {} ms into {}{}",
        count(report.pages, "page"),
        count(report.sections, "section"),
        count(report.files, "file"),
        report.elapsed.as_millis(),
        settings.output_dir.display(),
        warned(report.warnings.len()),
    ));
    Ok(())
}

fn check(args: &CheckArgs, reporter: &Reporter) -> Result<(), Failure> {
    const CLOSING: &str = "the site did not pass the check";
    let deny_warnings = args.deny_warnings;
    let root = site_root_here(args.site.root.as_deref()).map_err(Failure::NoSite)?;
    let settings = settings(&root, &args.site, None)
        .map_err(|problem| Failure::counted(&root, vec![problem], CLOSING))?;
    let progress = reporter.start_progress("Checking");
    let result = check_with(&settings, progress.clone());
    let external = match (&result, args.external) {
        (Ok(_), true) => {
            let links = crate::check::links::outside_links(&root, &settings.base_url);
            Some(crate::check::external::Checker::default().check(&links, progress.as_ref()))
        }
        _ => None,
    };
    reporter.end_progress(&progress);
    let mut checked = result.map_err(|error| Failure::counted(&root, error.0, CLOSING))?;
    if let Some(external) = external {
        let failing = external.count(|answer| answer != &crate::check::external::Answer::Ok);
        reporter.summary(&external.summary());
        if args.strict && failing > 0 {
            const BROKEN: &str = "the site did not pass the check (--strict: broken links)";
            return Err(Failure::counted(&root, external.warnings, BROKEN));
        }
        checked.warnings.extend(external.warnings);
    }
    if deny_warnings && !checked.warnings.is_empty() {
        const DENIED: &str = "the site did not pass the check (--deny-warnings)";
        return Err(Failure::counted(&root, checked.warnings, DENIED));
    }
    reporter.diagnostics(Some(&root), &checked.warnings);
    reporter.summary(&format!(
        "No problems found in {}{}.",
        count(checked.pages, "page"),
        warned(checked.warnings.len())
    ));
    Ok(())
}

/// `; 2 warnings` after a summary, or nothing.
fn warned(warnings: usize) -> String {
    if warnings == 0 {
        String::new()
    } else {
        format!("; {}", count(warnings, "warning"))
    }
}

fn new(args: &NewArgs, reporter: &Reporter) -> Result<(), Failure> {
    const CLOSING: &str = "could not create the page";
    let root = site_root_here(args.root.as_deref()).map_err(Failure::NoSite)?;
    let kind = match args.kind {
        NewKind::Article => PageKind::Article,
        NewKind::Worksheet => PageKind::Worksheet,
        NewKind::Quiz => PageKind::Quiz,
        NewKind::Page => PageKind::Page,
    };
    let page = NewPage {
        kind,
        title: &args.title,
        folder: std::env::current_dir()
            .ok()
            .and_then(|here| content_folder(&root, &here)),
        draft: args.draft,
        today: Date::today(),
    };
    let path = crate::scaffold::new_page(&root, &page)
        .map_err(|message| Failure::single(Diagnostic::general(message), CLOSING))?;
    let shown = path.strip_prefix(&root).unwrap_or(&path);
    let draft = if args.draft { " (a draft)" } else { "" };
    reporter.summary(&format!("Wrote {}{draft}", shown.display()));
    Ok(())
}

/// The folder under the site's `content/` that `here` is in (`articles`, `""` for `content/`
/// itself), when it is in one.
fn content_folder(root: &Path, here: &Path) -> Option<String> {
    let content = root.join("content").canonicalize().ok()?;
    let here = here.canonicalize().ok()?;
    let inside = here.strip_prefix(&content).ok()?;
    let parts: Vec<String> = inside
        .components()
        .map(|part| part.as_os_str().to_str().map(str::to_string))
        .collect::<Option<_>>()?;
    Some(parts.join("/"))
}
