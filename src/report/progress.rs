//! The build's progress drawn on a terminal with indicatif: nothing for a run that ends within
//! a moment, then the stage and its counts (`Building [=====>   ] 512/2048 render`).

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::build::progress::Progress;

/// A progress bar that appears only when its run lasts longer than a delay; also keeps the
/// run's stage times for `-v`.
pub struct TerminalProgress {
    bar: ProgressBar,
    styled: bool,
    laps: Mutex<Vec<(&'static str, Duration)>>,
    /// Set once the run is over: the bar must not appear after that.
    over: Arc<Mutex<bool>>,
    waiting: Mutex<Option<(Sender<()>, JoinHandle<()>)>>,
}

impl TerminalProgress {
    /// A bar titled `verb` (`Building`) drawn on standard error after `delay`, or never when
    /// `visible` is false (not a terminal, `--quiet`, JSON messages).
    pub fn start(verb: &'static str, visible: bool, styled: bool, delay: Duration) -> Arc<Self> {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        bar.set_prefix(verb);
        // Styled before it can be drawn: the ticking thread draws from its first moment.
        bar.set_style(Self::style(false, styled));
        let over = Arc::new(Mutex::new(false));
        if visible && delay.is_zero() {
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(100));
        }
        let waiting = (visible && !delay.is_zero()).then(|| {
            let (stop, stopped) = mpsc::channel::<()>();
            let (shown, over) = (bar.clone(), Arc::clone(&over));
            let thread = std::thread::spawn(move || {
                if stopped.recv_timeout(delay) == Err(RecvTimeoutError::Timeout) {
                    let over = over.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                    if !*over {
                        shown.set_draw_target(ProgressDrawTarget::stderr());
                        shown.enable_steady_tick(Duration::from_millis(100));
                    }
                }
            });
            (stop, thread)
        });
        let progress = Self {
            bar,
            styled,
            laps: Mutex::new(Vec::new()),
            over,
            waiting: Mutex::new(waiting),
        };
        Arc::new(progress)
    }

    fn style(counted: bool, styled: bool) -> ProgressStyle {
        let template = match (counted, styled) {
            (true, true) => "{prefix:>12.cyan.bold} [{bar:30}] {pos}/{len} {msg}",
            (true, false) => "{prefix:>12} [{bar:30}] {pos}/{len} {msg}",
            (false, true) => "{prefix:>12.cyan.bold} {spinner} {msg}",
            (false, false) => "{prefix:>12} {spinner} {msg}",
        };
        ProgressStyle::with_template(template)
            .expect("the progress templates are valid")
            .progress_chars("=> ")
    }

    /// Takes the bar away (it never appears after this) and returns the stage times.
    pub fn finish(&self) -> Vec<(&'static str, Duration)> {
        let waiting = self
            .waiting
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if let Some((stop, thread)) = waiting {
            *self
                .over
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = true;
            drop(stop);
            let _ = thread.join();
        }
        self.bar.finish_and_clear();
        std::mem::take(&mut *self.laps.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

impl Progress for TerminalProgress {
    fn stage(&self, name: &'static str, total: Option<usize>) {
        // Each call may draw: the order keeps every drawing consistent.
        match total {
            Some(total) => {
                self.bar.set_length(total as u64);
                self.bar.set_position(0);
                self.bar.set_message(name);
                self.bar.set_style(Self::style(true, self.styled));
            }
            None => {
                self.bar.set_style(Self::style(false, self.styled));
                self.bar.set_message(name);
                self.bar.unset_length();
                self.bar.set_position(0);
            }
        }
    }

    fn advance(&self) {
        self.bar.inc(1);
    }

    fn finished(&self, laps: &[(&'static str, Duration)]) {
        self.laps
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .extend_from_slice(laps);
    }
}
