//! `hearth serve`: builds the site in memory, serves it, watches its files, rebuilds what
//! changed through a build session, and tells open pages once the rebuild is done. It knows
//! nothing of parsing or templates.

pub(crate) mod http;
pub(crate) mod listen;
pub(crate) mod livereload;
pub(crate) mod rebuild;
pub(crate) mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use tokio::sync::RwLock;

use crate::build::progress::Silent;
use crate::build::session::Session;
use crate::cli::root::site_root_here;
use crate::config::Overrides;
use crate::error::{BuildError, Diagnostic};
use crate::report::{Reporter, count};
use livereload::{Hub, Message};
use watch::SiteWatcher;

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// The site's folder (default: the nearest folder upward holding hearth.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// The address to listen on; anything but a loopback address shows the site to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// The port to listen on (0 picks a free one; default: 1111, or the next free one after it).
    #[arg(long)]
    pub port: Option<u16>,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Leave out pages dated in the future, as `hearth build` does; by default they are served,
    /// marked "Scheduled for …".
    #[arg(long)]
    pub no_future: bool,
    /// Look for changes by polling, for file systems where change events do not arrive.
    #[arg(long)]
    pub poll: bool,
}

/// What the server and the rebuilds share.
pub(crate) struct Shared {
    /// The site's folder, canonical: copied files are served only from inside it.
    pub root: PathBuf,
    pub served: RwLock<Served>,
    pub hub: Hub,
}

/// The session and what its last run said.
pub(crate) struct Served {
    pub session: Session,
    /// Finished runs so far.
    pub build: u64,
    /// The problems of the last run (`path:line:col: message`), empty when it succeeded.
    pub problems: Vec<String>,
    /// How problems are printed on the terminal.
    pub reporter: Reporter,
}

impl Served {
    /// The message a page opened now must see first: the problems in force, if any.
    pub(crate) fn current_problems(&self) -> Option<Message> {
        (!self.problems.is_empty()).then(|| Message::Problems {
            build: self.build,
            problems: self.problems.clone(),
        })
    }

    /// Records a finished run; returns what open pages must hear.
    fn finish(
        &mut self,
        result: Result<crate::build::session::BuildOutcome, BuildError>,
    ) -> Option<Message> {
        self.build += 1;
        match result {
            Ok(outcome) => {
                let had_problems = !std::mem::take(&mut self.problems).is_empty();
                (self.reporter).diagnostics(Some(self.session.root()), &outcome.warnings);
                if self.build == 1 {
                    println!(
                        "Built {} in {} ({}) in {} ms",
                        count(outcome.pages, "page"),
                        count(outcome.sections, "section"),
                        count(outcome.files, "file"),
                        outcome.elapsed.as_millis()
                    );
                } else {
                    println!(
                        "Rebuilt in {} ms: {} changed ({}, {})",
                        outcome.elapsed.as_millis(),
                        count(outcome.changed.len(), "file"),
                        count(outcome.rendered_jobs, "render job"),
                        count(outcome.rendered_bodies, "Markdown file")
                    );
                }
                Message::after(self.build, &outcome, had_problems)
            }
            Err(error) => {
                self.problems = error.0.iter().map(ToString::to_string).collect();
                self.reporter
                    .diagnostics(Some(self.session.root()), &error.0);
                let found = crate::report::problems(&error.0);
                if self.build == 1 {
                    (self.reporter).failure(&format!(
                        "could not build the site: {found}; it is built again when a file changes"
                    ));
                } else {
                    (self.reporter).failure(&format!(
                        "the site was not rebuilt: {found}; still serving the last good version"
                    ));
                }
                self.current_problems()
            }
        }
    }
}

/// Runs `hearth serve` until interrupted.
pub(crate) fn main(args: &ServeArgs, reporter: &Reporter) -> ExitCode {
    match run(args, reporter) {
        Ok(()) => ExitCode::SUCCESS,
        Err(problem) => {
            reporter.problem(&problem);
            ExitCode::FAILURE
        }
    }
}

/// The port `hearth serve` tries first when none is named, and how many after it.
const DEFAULT_PORT: u16 = 1111;
const PORTS_TO_TRY: u16 = 10;

/// Listens on `port` when one is named (taken: an error), else on the first free port from
/// 1111 on, saying which when it is not 1111.
fn listen(bind: IpAddr, port: Option<u16>, reporter: &Reporter) -> Result<TcpListener, Diagnostic> {
    let cannot = |address: SocketAddr, error: std::io::Error| match error.kind() {
        std::io::ErrorKind::AddrInUse => Diagnostic::general(format!(
            "cannot serve on {address}: port {} is already in use",
            address.port()
        ))
        .with_help(
            "stop what uses it, or pick another port with --port (--port 0 picks a free one)",
        ),
        _ => Diagnostic::general(format!("cannot serve on {address}: {error}")),
    };
    if let Some(port) = port {
        let address = SocketAddr::new(bind, port);
        return TcpListener::bind(address).map_err(|error| cannot(address, error));
    }
    for port in DEFAULT_PORT..DEFAULT_PORT + PORTS_TO_TRY {
        let address = SocketAddr::new(bind, port);
        match TcpListener::bind(address) {
            Ok(listener) => {
                if port != DEFAULT_PORT {
                    reporter.warning(&format!(
                        "port {DEFAULT_PORT} is already in use; serving on port {port} instead"
                    ));
                }
                return Ok(listener);
            }
            Err(error) if error.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(error) => return Err(cannot(address, error)),
        }
    }
    let last = DEFAULT_PORT + PORTS_TO_TRY - 1;
    Err(Diagnostic::general(format!(
        "cannot serve on {bind}: ports {DEFAULT_PORT} to {last} are all in use"
    ))
    .with_help("pick a port with --port (--port 0 picks a free one)"))
}

fn run(args: &ServeArgs, reporter: &Reporter) -> Result<(), Diagnostic> {
    let root = site_root_here(args.root.as_deref())?;
    let root = root.canonicalize().map_err(|error| {
        Diagnostic::general(format!(
            "cannot open the site folder {}: {error}",
            root.display()
        ))
    })?;
    let listener = listen(args.bind, args.port, reporter)?;
    let address = listener
        .local_addr()
        .map_err(|error| Diagnostic::general(error.to_string()))?;
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: listening on {address}, which other machines can reach: anyone on the network can read the site and its drafts"
        );
    }
    let base_url = if args.bind.is_unspecified() {
        "/".to_string()
    } else {
        format!("http://{address}/")
    };
    let overrides = Overrides {
        output_dir: None,
        include_drafts: args.drafts,
        include_future: !args.no_future,
        now: None,
        base_url: Some(base_url),
        ..Overrides::default()
    };
    let mut served = Served {
        session: Session::open(&root, overrides),
        build: 0,
        problems: Vec::new(),
        reporter: reporter.clone(),
    };
    let progress = reporter.start_progress("Building");
    served.session.set_progress(progress.clone());
    rebuild::isolated(&mut served, |session| {
        let built = session.build_all();
        // Taken away before the run's summary is printed, so that the two never share a line.
        reporter.end_progress(&progress);
        built
    });
    // Again after a run that panicked (a second call does nothing after the first).
    reporter.end_progress(&progress);
    served.session.set_progress(Arc::new(Silent));
    let watcher = SiteWatcher::start(&root, args.poll).map_err(|error| {
        Diagnostic::general(format!("cannot watch {}: {error}", root.display()))
    })?;
    let shared = Arc::new(Shared {
        root,
        served: RwLock::new(served),
        hub: Hub::default(),
    });
    let url = format!("http://{address}/");
    println!("Serving the site at {url} (Ctrl+C to stop)");
    if args.open {
        open_in_browser(&url);
    }
    let rebuilding = Arc::clone(&shared);
    std::thread::Builder::new()
        .name("hearth rebuilds".to_string())
        .spawn(move || rebuild_on_changes(watcher, &rebuilding))
        .map_err(|error| Diagnostic::general(error.to_string()))?;
    serve_http(listener, shared).map_err(Diagnostic::general)
}

/// Rebuilds after each batch of changes, then tells the open pages.
fn rebuild_on_changes(mut watcher: SiteWatcher, shared: &Shared) {
    while let Some(changes) = watcher.next_batch() {
        let message = {
            let mut served = shared.served.blocking_write();
            rebuild::isolated(&mut served, |session| {
                rebuild::debug_panic_point(&changes.paths);
                if changes.rescan {
                    session.build_all()
                } else {
                    session.rebuild(&changes.paths)
                }
            })
        };
        if let Some(message) = message {
            shared.hub.send(message);
        }
    }
}

fn serve_http(listener: TcpListener, shared: Arc<Shared>) -> Result<(), String> {
    listener
        .set_nonblocking(true)
        .map_err(|error| error.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|error| error.to_string())?;
    runtime.block_on(async move {
        let listener =
            tokio::net::TcpListener::from_std(listener).map_err(|error| error.to_string())?;
        let app = http::router(shared);
        tokio::select! {
            () = listen::serve(listener, app) => Err("the server stopped accepting connections".to_string()),
            _ = tokio::signal::ctrl_c() => {
                println!("Stopped.");
                Ok(())
            }
        }
    })
}

fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(error) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: cannot open a browser ({opener}: {error}); open {url} yourself");
    }
}
