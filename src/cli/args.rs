//! What the user typed: the commands and flags of `hearth`, as clap parses them.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::report::{ColorChoice, MessageFormat};

#[derive(Debug, Parser)]
#[command(
    name = "hearth",
    version,
    about = "A static site generator for advice writers",
    long_about = "A static site generator for advice writers: articles, printable worksheets and private self-assessment quizzes, made into a themed static site.\n\nRun inside a site (any folder under the one holding hearth.toml), or name it with --root."
)]
pub(crate) struct Cli {
    #[command(flatten)]
    pub terminal: TerminalArgs,
    #[command(subcommand)]
    pub command: Command,
}

/// How hearth talks: colour, message format and how much it says (for every command).
#[derive(Debug, Args)]
pub(crate) struct TerminalArgs {
    /// When to use colour.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// How to print problems: human (with the source line), short (one line each) or json
    /// (one object a line, on standard output).
    #[arg(long = "message-format", global = true, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// Print nothing but problems and the summary (no progress).
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// Also print how long each stage of a build took.
    #[arg(short, long, global = true)]
    pub verbose: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build the site into the output folder (the previous output stays until the new one is complete).
    Build(BuildArgs),
    /// Check everything a build checks, without writing anything.
    Check(CheckArgs),
    /// Print worksheets, the booklet and quizzes (their paper version) to PDF through an installed Chromium.
    Pdf(crate::pdf::PdfArgs),
    /// Serve the site from memory, rebuild what changes and reload the pages open in a browser.
    Serve(crate::serve::ServeArgs),
    /// Start a new page from its kind's skeleton, with a slug and today's date.
    New(NewArgs),
    /// Start a new site in a folder, with the default theme.
    Init(InitArgs),
    /// Make a new site from a WordPress export, a Zola or Hugo site, or a folder of Markdown.
    Import(crate::import::ImportArgs),
    /// Print a shell's completion script (bash, zsh, fish, elvish, powershell).
    Completions(CompletionsArgs),
    /// Print hearth's man page (roff).
    #[command(hide = true)]
    Man,
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// What to write: article, worksheet, quiz or page.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The page's title; its file name is made from it.
    pub title: String,
    /// Start the page as a draft (built only with --drafts).
    #[arg(long)]
    pub draft: bool,
    /// The site's folder (default: the nearest folder upward holding hearth.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(crate) enum NewKind {
    Article,
    Worksheet,
    Quiz,
    Page,
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// The folder to create the site in.
    pub dir: PathBuf,
    /// Add the site to a folder that already holds other files (none of them is replaced).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct SiteArgs {
    /// The site's folder (default: the nearest folder upward holding hearth.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Include pages dated in the future (they are left out until their date by default).
    #[arg(long)]
    pub future: bool,
    /// Publish under this URL instead of hearth.toml's base_url.
    #[arg(long = "base-url")]
    pub base_url: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Fail on warnings too (text that looks like another tool's shortcode…).
    #[arg(long = "deny-warnings")]
    pub deny_warnings: bool,
    /// Also check outside links (http, https); an unreachable network is only a warning.
    #[arg(long)]
    pub external: bool,
    /// With --external: broken and unreachable links fail the check.
    #[arg(long, requires = "external")]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub(crate) struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site (default: output/ under the root).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Build into an output folder that holds files hearth did not make, replacing them.
    #[arg(long)]
    pub force: bool,
}
