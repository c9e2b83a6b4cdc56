//! What a build tells whoever started it while it runs: the stage it is in, how far along, and
//! how long each stage took. The engine only calls these; the command line draws them.

use std::time::Duration;

/// Receives a run's progress. Every method does nothing unless implemented; calls may come
/// from several threads at once.
pub trait Progress: Send + Sync {
    /// A stage began (`"parse"`, `"render"`…), with how many items it will count when known.
    fn stage(&self, _name: &'static str, _total: Option<usize>) {}

    /// One more item of the current stage is done.
    fn advance(&self) {}

    /// The run finished its stages; `laps` holds each stage's time, in order.
    fn finished(&self, _laps: &[(&'static str, Duration)]) {}
}

/// Progress nobody watches.
pub struct Silent;

impl Progress for Silent {}
