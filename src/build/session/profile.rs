//! How long each stage of a build session's run took, passed on to the run's `Progress`
//! (`hearth build -v` prints it).

use std::time::{Duration, Instant};

use crate::build::progress::Progress;

/// Laps of one run, told to `progress` as stages begin and when the run ends.
pub(super) struct Stopwatch<'a> {
    progress: &'a dyn Progress,
    last: Instant,
    laps: Vec<(&'static str, Duration)>,
}

impl<'a> Stopwatch<'a> {
    pub(super) fn start(progress: &'a dyn Progress) -> Self {
        Self {
            progress,
            last: Instant::now(),
            laps: Vec::new(),
        }
    }

    /// The stage that begins now, with how many items it counts when known.
    pub(super) fn begin(&self, stage: &'static str, total: Option<usize>) {
        self.progress.stage(stage, total);
    }

    /// Ends the stage named `stage`: the time since the last lap is its time.
    pub(super) fn lap(&mut self, stage: &'static str) {
        let now = Instant::now();
        self.laps.push((stage, now - self.last));
        self.last = now;
    }

    /// Tells the progress every lap of the run.
    pub(super) fn report(&self) {
        self.progress.finished(&self.laps);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    impl Progress for Recorder {
        fn stage(&self, name: &'static str, total: Option<usize>) {
            self.0.lock().unwrap().push(format!("{name} {total:?}"));
        }
        fn finished(&self, laps: &[(&'static str, Duration)]) {
            let names: Vec<&str> = laps.iter().map(|(name, _)| *name).collect();
            self.0.lock().unwrap().push(names.join(","));
        }
    }

    #[test]
    fn stages_and_laps_reach_the_progress_in_order() {
        let recorder = Recorder::default();
        let mut watch = Stopwatch::start(&recorder);
        watch.begin("read", None);
        watch.lap("read");
        watch.begin("render", Some(3));
        watch.lap("render");
        watch.report();
        assert_eq!(
            *recorder.0.lock().unwrap(),
            ["read None", "render Some(3)", "read,render"]
        );
    }
}
