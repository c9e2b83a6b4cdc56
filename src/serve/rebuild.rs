//! Each run of the session is isolated: a panic inside it (a bug in hearth, never the writer's
//! fault) becomes a problem printed and shown on every open page, the session forgets what it
//! kept (a run cut short may leave it half updated), and the next change builds everything
//! again. The server never stops rebuilding.

use std::any::Any;
use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

use crate::build::session::{BuildOutcome, Session};
use crate::error::{BuildError, Diagnostic};
use crate::serve::Served;
use crate::serve::livereload::Message;

thread_local! {
    /// Where the last panic on this thread happened (`src/x.rs:10:5`), for its message.
    static PANICKED_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `run` on the session and records what it said; a panic becomes a problem like any
/// other, after which the session starts afresh. Returns what open pages must hear.
pub(crate) fn isolated(
    served: &mut Served,
    run: impl FnOnce(&mut Session) -> Result<BuildOutcome, BuildError>,
) -> Option<Message> {
    remember_panic_places();
    PANICKED_AT.with(|place| place.borrow_mut().take());
    let result = match panic::catch_unwind(AssertUnwindSafe(|| run(&mut served.session))) {
        Ok(result) => result,
        Err(payload) => {
            served.session.reset();
            let place = PANICKED_AT.with(|place| place.borrow_mut().take());
            Err(BuildError::single(Diagnostic::general(crash_message(
                payload.as_ref(),
                place.as_deref(),
            ))))
        }
    };
    served.finish(result)
}

/// The problem a panic becomes: what it said and where, and what happens next.
pub(crate) fn crash_message(payload: &(dyn Any + Send), place: Option<&str>) -> String {
    let said = payload
        .downcast_ref::<&str>()
        .map(|text| (*text).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_string());
    let place = place
        .map(|place| format!(" at {place}"))
        .unwrap_or_default();
    format!(
        "hearth failed while building the site (a bug in hearth, not in the site: please report it): {said}{place}; the last good version is still served, and the next change builds everything again"
    )
}

/// Keeps the standard panic report, and also notes where the panic happened for the message
/// shown on pages.
fn remember_panic_places() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let report = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if let Some(location) = info.location() {
                let place = format!(
                    "{}:{}:{}",
                    location.file(),
                    location.line(),
                    location.column()
                );
                PANICKED_AT.with(|slot| *slot.borrow_mut() = Some(place));
            }
            report(info);
        }));
    });
}

/// A way for tests to make a run panic, in debug builds only: a change to a file named as
/// `HEARTH_DEBUG_PANIC_ON_CHANGE` says panics inside the run, as a bug in a parser would.
pub(crate) fn debug_panic_point(changes: &[std::path::PathBuf]) {
    if !cfg!(debug_assertions) {
        return;
    }
    let Some(name) = std::env::var_os("HEARTH_DEBUG_PANIC_ON_CHANGE") else {
        return;
    };
    if changes.iter().any(|path| path.file_name() == Some(&name)) {
        panic!("a panic asked for by HEARTH_DEBUG_PANIC_ON_CHANGE");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Overrides;
    use crate::report::diagnostics::MessageFormat;
    use crate::report::{ColorChoice, Reporter};
    use std::path::Path;

    fn served(root: &Path) -> Served {
        let overrides = Overrides {
            output_dir: None,
            include_drafts: false,
            base_url: Some("http://127.0.0.1:1111/".to_string()),
            ..Overrides::default()
        };
        Served {
            session: Session::open(root, overrides),
            build: 0,
            problems: Vec::new(),
            reporter: Reporter::new(ColorChoice::Never, MessageFormat::Short, true, false),
        }
    }

    #[test]
    fn a_panicking_run_is_a_problem_and_the_next_run_builds_everything() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut served = served(root);
        isolated(&mut served, Session::build_all);
        assert!(served.problems.is_empty(), "{:?}", served.problems);
        let files = served.session.output().files.len();
        assert!(files > 10);

        let message = isolated(&mut served, |_| panic!("injected for the test"));
        let Some(Message::Problems { build, problems }) = message else {
            panic!("a panic tells open pages: {message:?}");
        };
        assert_eq!(build, 2);
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0].starts_with("hearth failed while building the site (a bug in hearth, not in the site: please report it): injected for the test at src/serve/rebuild.rs:"),
            "{problems:?}"
        );
        assert_eq!(
            served.session.output().files.len(),
            files,
            "the last good site stays"
        );

        // An edit-sized rebuild after the panic builds everything again and clears the problem.
        let touched = [root.join("content/about.md")];
        let message = isolated(&mut served, |session| session.rebuild(&touched));
        assert!(served.problems.is_empty(), "{:?}", served.problems);
        assert_eq!(message, Some(Message::Clear { build: 3 }));
        assert_eq!(served.session.output().files.len(), files);
    }

    #[test]
    fn a_panic_with_any_payload_has_a_message() {
        let text = crash_message(&42_u8, None);
        assert!(
            text.contains(": no message; the last good version"),
            "{text}"
        );
        let owned: Box<dyn Any + Send> = Box::new(String::from("index out of bounds"));
        let text = crash_message(owned.as_ref(), Some("src/a.rs:1:2"));
        assert!(
            text.contains(": index out of bounds at src/a.rs:1:2;"),
            "{text}"
        );
    }
}
