//! How long each stage of a build session's run took, printed to standard error when the
//! `HEARTH_PROFILE` environment variable is set (to see where a rebuild spends its time).

use std::time::{Duration, Instant};

/// Laps of one run; does nothing unless profiling was asked for.
pub struct Stopwatch {
    enabled: bool,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    pub fn start() -> Self {
        Self {
            enabled: std::env::var_os("HEARTH_PROFILE").is_some(),
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// Ends the stage named `stage`: the time since the last lap is its time.
    pub fn lap(&mut self, stage: &'static str) {
        if self.enabled {
            let now = Instant::now();
            self.laps.push((stage, now - self.last));
            self.last = now;
        }
    }

    /// Prints the laps on one line: `profile: read 0.1 ms, parse 0.3 ms, …`.
    pub fn report(&self) {
        if !self.enabled || self.laps.is_empty() {
            return;
        }
        let total: Duration = self.laps.iter().map(|(_, time)| *time).sum();
        let laps: Vec<String> = self
            .laps
            .iter()
            .map(|(stage, time)| format!("{stage} {:.1}", time.as_secs_f64() * 1000.0))
            .collect();
        eprintln!(
            "profile (ms): {}; total {:.1}",
            laps.join(", "),
            total.as_secs_f64() * 1000.0
        );
    }
}
