//! `hearth check --external`: each outside link asked once (HEAD, then GET when HEAD is refused),
//! a few at a time, each request with a time limit and a capped number of redirects.
//!
//! ureq is a small blocking client with rustls: a link check is a handful of plain requests, so
//! the tokio/hyper stack that `serve` runs would add an async runtime for no gain, and hyper
//! alone has no client redirects, timeouts or TLS.

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use crate::build::progress::Progress;
use crate::error::{Diagnostic, Location};

/// How the links are asked.
#[derive(Debug, Clone)]
pub struct Checker {
    /// Requests at once.
    pub concurrency: usize,
    /// The longest one request (with its redirects) may take.
    pub timeout: Duration,
    pub max_redirects: u32,
}

impl Default for Checker {
    fn default() -> Self {
        Self {
            concurrency: 8,
            timeout: Duration::from_secs(15),
            max_redirects: 5,
        }
    }
}

/// What asking one URL gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    Ok,
    /// The server answered with an error status (or redirected too often).
    Broken(String),
    /// No answer: no such host, refused connection, time limit, TLS failure.
    Unreachable(String),
}

/// Every link's answer, and the warnings to show (one per place of each broken or
/// unreachable link).
#[derive(Debug)]
pub struct Report {
    pub answers: BTreeMap<String, Answer>,
    pub warnings: Vec<Diagnostic>,
}

impl Report {
    pub fn count(&self, wanted: fn(&Answer) -> bool) -> usize {
        self.answers
            .values()
            .filter(|answer| wanted(answer))
            .count()
    }

    /// `12 links checked: 10 ok, 1 broken, 1 unreachable`.
    pub fn summary(&self) -> String {
        let total = self.answers.len();
        format!(
            "{total} {} checked: {} ok, {} broken, {} unreachable",
            if total == 1 { "link" } else { "links" },
            self.count(|a| *a == Answer::Ok),
            self.count(|a| matches!(a, Answer::Broken(_))),
            self.count(|a| matches!(a, Answer::Unreachable(_))),
        )
    }
}

impl Checker {
    /// Asks every URL of `links` (URL → the places that use it) and reports each bad one at
    /// every place.
    pub fn check(
        &self,
        links: &BTreeMap<String, Vec<Location>>,
        progress: &dyn Progress,
    ) -> Report {
        let urls: Vec<&String> = links.keys().collect();
        progress.stage("links", Some(urls.len()));
        let agent = self.agent();
        let next = AtomicUsize::new(0);
        let answers = Mutex::new(BTreeMap::new());
        std::thread::scope(|scope| {
            for _ in 0..self.concurrency.clamp(1, urls.len().max(1)) {
                scope.spawn(|| {
                    while let Some(url) = urls.get(next.fetch_add(1, Ordering::Relaxed)) {
                        let answer = ask(&agent, url);
                        progress.advance();
                        let mut answers = answers.lock().unwrap_or_else(|p| p.into_inner());
                        answers.insert(url.to_string(), answer);
                    }
                });
            }
        });
        let answers = answers.into_inner().unwrap_or_else(|p| p.into_inner());
        let mut warnings = Vec::new();
        for (url, answer) in &answers {
            let problem = match answer {
                Answer::Ok => continue,
                Answer::Broken(status) => format!("broken link {url}: {status}"),
                Answer::Unreachable(why) => format!("unreachable link {url}: {why}"),
            };
            for place in &links[url] {
                warnings.push(Diagnostic::warning(place.clone(), problem.clone()));
            }
        }
        Report { answers, warnings }
    }

    fn agent(&self) -> ureq::Agent {
        ureq::Agent::config_builder()
            .timeout_global(Some(self.timeout))
            .max_redirects(self.max_redirects)
            .max_redirects_will_error(true)
            .http_status_as_error(false)
            .user_agent(concat!(
                "hearth/",
                env!("CARGO_PKG_VERSION"),
                " (link check)"
            ))
            .build()
            .into()
    }
}

/// HEAD first; servers that refuse or mishandle HEAD get a GET (whose body is not read).
fn ask(agent: &ureq::Agent, url: &str) -> Answer {
    match answer(agent.head(url).call()) {
        Answer::Ok => Answer::Ok,
        _ => answer(agent.get(url).call()),
    }
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    match result {
        Ok(response) if response.status().is_success() => Answer::Ok,
        Ok(response) => {
            let status = response.status();
            let reason = status.canonical_reason().unwrap_or("");
            Answer::Broken(
                format!("HTTP {} {reason}", status.as_u16())
                    .trim_end()
                    .to_string(),
            )
        }
        Err(ureq::Error::TooManyRedirects) => Answer::Broken("too many redirects".to_string()),
        Err(ureq::Error::Timeout(_)) => Answer::Unreachable("no answer in time".to_string()),
        Err(error) => Answer::Unreachable(error.to_string()),
    }
}
