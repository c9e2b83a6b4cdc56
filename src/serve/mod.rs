//! `hearth serve`: builds the site in memory, serves it, watches its files, rebuilds what
//! changed through a build session, and tells open pages once the rebuild is done. It knows
//! nothing of parsing or templates.

pub mod http;
pub mod livereload;
pub mod watch;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use tokio::sync::RwLock;

use crate::build::session::Session;
use crate::config::Overrides;
use crate::error::BuildError;
use livereload::{Hub, Message};
use watch::SiteWatcher;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The site's folder (with hearth.toml, content/ and themes/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The address to listen on; anything but a loopback address shows the site to the network.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// The port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
    /// Look for changes by polling, for file systems where change events do not arrive.
    #[arg(long)]
    pub poll: bool,
}

/// What the server and the rebuilds share.
pub struct Shared {
    /// The site's folder, canonical: copied files are served only from inside it.
    pub root: PathBuf,
    pub served: RwLock<Served>,
    pub hub: Hub,
}

/// The session and what its last run said.
pub struct Served {
    pub session: Session,
    /// Finished runs so far.
    pub build: u64,
    /// The problems of the last run (`path:line:col: message`), empty when it succeeded.
    pub problems: Vec<String>,
}

impl Served {
    /// The message a page opened now must see first: the problems in force, if any.
    pub fn current_problems(&self) -> Option<Message> {
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
                if self.build == 1 {
                    println!(
                        "Built {} pages in {} sections ({} files) in {} ms",
                        outcome.pages,
                        outcome.sections,
                        outcome.files,
                        outcome.elapsed.as_millis()
                    );
                } else {
                    println!(
                        "Rebuilt in {} ms: {} files changed ({} render jobs, {} Markdown files)",
                        outcome.elapsed.as_millis(),
                        outcome.changed.len(),
                        outcome.rendered_jobs,
                        outcome.rendered_bodies
                    );
                }
                Message::after(self.build, &outcome, had_problems)
            }
            Err(error) => {
                self.problems = error.0.iter().map(ToString::to_string).collect();
                eprintln!("{error}");
                let count = self.problems.len();
                let noun = if count == 1 { "problem" } else { "problems" };
                eprintln!(
                    "error: the site was not rebuilt: {count} {noun}; still serving the last good version"
                );
                self.current_problems()
            }
        }
    }
}

/// Runs `hearth serve` until interrupted.
pub fn main(args: &ServeArgs) -> ExitCode {
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: &ServeArgs) -> Result<(), String> {
    let root = args.root.canonicalize().map_err(|error| {
        format!(
            "cannot open the site folder {}: {error}",
            args.root.display()
        )
    })?;
    let address = SocketAddr::new(args.bind, args.port);
    let listener = TcpListener::bind(address).map_err(|error| match error.kind() {
        std::io::ErrorKind::AddrInUse => format!(
            "cannot serve on {address}: port {} is already in use; stop what uses it, or pick another port with --port (--port 0 picks a free one)",
            args.port
        ),
        _ => format!("cannot serve on {address}: {error}"),
    })?;
    let address = listener.local_addr().map_err(|error| error.to_string())?;
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
        base_url: Some(base_url),
        ..Overrides::default()
    };
    let mut served = Served {
        session: Session::open(&root, overrides),
        build: 0,
        problems: Vec::new(),
    };
    let first = served.session.build_all();
    served.finish(first);
    let watcher = SiteWatcher::start(&root, args.poll)
        .map_err(|error| format!("cannot watch {}: {error}", root.display()))?;
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
        .map_err(|error| error.to_string())?;
    serve_http(listener, shared)
}

/// Rebuilds after each batch of changes, then tells the open pages.
fn rebuild_on_changes(mut watcher: SiteWatcher, shared: &Shared) {
    while let Some(changes) = watcher.next_batch() {
        let message = {
            let mut served = shared.served.blocking_write();
            let result = if changes.rescan {
                served.session.build_all()
            } else {
                served.session.rebuild(&changes.paths)
            };
            served.finish(result)
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
        let server = axum::serve(listener, app);
        tokio::select! {
            result = server => result.map_err(|error| error.to_string()),
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
