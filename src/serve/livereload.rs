//! The reload channel: after each rebuild, every open page hears (over server-sent events)
//! which URLs changed, or which problems stopped the rebuild; and the small script that
//! listens, injected into HTML pages by `serve` only.

use std::convert::Infallible;
use std::sync::Arc;

use axum::response::sse::{Event, KeepAlive, Sse};
use futures_util::stream::{self, Stream};
use serde::Serialize;
use tokio::sync::{Semaphore, broadcast};

use crate::build::session::{BuildOutcome, url_of};

/// The script every served HTML page loads.
pub(crate) const SCRIPT: &str = include_str!("livereload.js");
/// Where it is served; nothing of the built site can have this path.
pub(crate) const SCRIPT_PATH: &str = "/__hearth/livereload.js";
/// The event stream pages listen to.
pub(crate) const EVENTS_PATH: &str = "/__hearth/events";

/// What a rebuild tells the open pages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase", tag = "kind")]
pub(crate) enum Message {
    /// These URL paths (`/articles/x/`, `/style.css`) have new bytes.
    Change { build: u64, paths: Vec<String> },
    /// The rebuild failed; the last good site is still served.
    Problems { build: u64, problems: Vec<String> },
    /// The problems are gone (and nothing a page shows changed).
    Clear { build: u64 },
    /// The first message on a new connection: the number of runs so far.
    Hello { build: u64 },
}

impl Message {
    /// What a finished run tells pages: `None` when nothing they show changed.
    pub(crate) fn after(build: u64, outcome: &BuildOutcome, had_problems: bool) -> Option<Self> {
        if !outcome.changed.is_empty() {
            let paths = outcome.changed.iter().map(|path| url_of(path)).collect();
            Some(Message::Change { build, paths })
        } else if had_problems {
            Some(Message::Clear { build })
        } else {
            None
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Message::Change { .. } => "change",
            Message::Problems { .. } => "problems",
            Message::Clear { .. } => "clear",
            Message::Hello { .. } => "hello",
        }
    }

    fn build(&self) -> u64 {
        match self {
            Message::Change { build, .. }
            | Message::Problems { build, .. }
            | Message::Clear { build }
            | Message::Hello { build } => *build,
        }
    }

    fn event(&self) -> Event {
        let data = serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string());
        Event::default()
            .event(self.name())
            .id(self.build().to_string())
            .data(data)
    }
}

/// Pages listening at once: each holds a connection open, so there is a bound.
pub(crate) const MAX_LISTENERS: usize = 64;

/// Sends messages to every open page.
#[derive(Debug, Clone)]
pub(crate) struct Hub {
    sender: broadcast::Sender<Message>,
    /// One permit per listening page, given back when its stream ends.
    listeners: Arc<Semaphore>,
}

impl Default for Hub {
    fn default() -> Self {
        Self {
            sender: broadcast::channel(64).0,
            listeners: Arc::new(Semaphore::new(MAX_LISTENERS)),
        }
    }
}

impl Hub {
    pub(crate) fn send(&self, message: Message) {
        // No page open is not an error.
        let _ = self.sender.send(message);
    }

    /// The stream one page listens to: a greeting, the problems in force (if any), then
    /// every message from now on; `None` when [`MAX_LISTENERS`] pages already listen.
    pub(crate) fn listen(
        &self,
        build: u64,
        problems: Option<Message>,
    ) -> Option<Sse<impl Stream<Item = Result<Event, Infallible>> + use<>>> {
        let permit = Arc::clone(&self.listeners).try_acquire_owned().ok()?;
        let receiver = self.sender.subscribe();
        let greeting = Some(Message::Hello { build });
        let first = stream::iter(greeting.into_iter().chain(problems).map(|m| Ok(m.event())));
        let rest = stream::unfold((receiver, permit), |(mut receiver, permit)| async move {
            let message = match receiver.recv().await {
                Ok(message) => message,
                // Too far behind to know what changed: every page reloads.
                Err(broadcast::error::RecvError::Lagged(_)) => Message::Change {
                    build: 0,
                    paths: vec!["*".to_string()],
                },
                Err(broadcast::error::RecvError::Closed) => return None,
            };
            Some((Ok(message.event()), (receiver, permit)))
        });
        let events = futures_util::StreamExt::chain(first, rest);
        Some(Sse::new(events).keep_alive(KeepAlive::default()))
    }
}

/// The page's HTML with the reload script added at the end of its body. `page` is the URL path
/// of the file served (`/404.html` for a missing page).
pub(crate) fn inject(html: &[u8], page: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-page=\"{}\" defer></script>",
        page.replace('&', "&amp;").replace('"', "&quot;")
    );
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|window| window == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = inject(b"<html><body><p>x</p></BODY></html>", "/a/");
        let html = String::from_utf8(html).unwrap();
        assert_eq!(
            html,
            "<html><body><p>x</p><script src=\"/__hearth/livereload.js\" data-page=\"/a/\" defer></script></BODY></html>"
        );
        assert!(
            String::from_utf8(inject(b"<p>no body</p>", "/"))
                .unwrap()
                .ends_with("defer></script>")
        );
    }

    #[test]
    fn a_run_tells_pages_only_what_they_need() {
        let mut outcome = BuildOutcome::default();
        assert_eq!(Message::after(1, &outcome, false), None);
        assert_eq!(
            Message::after(2, &outcome, true),
            Some(Message::Clear { build: 2 })
        );
        outcome.changed = vec!["articles/x/index.html".into(), "style.css".into()];
        let paths = vec!["/articles/x/".to_string(), "/style.css".to_string()];
        assert_eq!(
            Message::after(3, &outcome, true),
            Some(Message::Change { build: 3, paths })
        );
    }
}
