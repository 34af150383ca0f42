//! Seconds until another code may be asked for.

use std::time::Duration;

use leptos::prelude::*;

/// A one-second countdown that stops at zero and when the page goes away.
#[derive(Clone, Copy)]
pub struct Countdown {
    remaining: RwSignal<u32>,
    timer: StoredValue<Option<IntervalHandle>>,
}

impl Countdown {
    pub fn new() -> Countdown {
        let countdown = Countdown {
            remaining: RwSignal::new(0),
            timer: StoredValue::new(None),
        };
        on_cleanup(move || countdown.stop());
        countdown
    }

    /// Seconds left (tracked); 0 when a code may be asked for.
    pub fn remaining(&self) -> u32 {
        self.remaining.get()
    }

    pub fn start(&self, seconds: u32) {
        self.stop();
        self.remaining.set(seconds);
        if seconds == 0 {
            return;
        }
        let countdown = *self;
        let tick = move || {
            countdown.remaining.update(|n| *n = n.saturating_sub(1));
            if countdown.remaining.get_untracked() == 0 {
                countdown.stop();
            }
        };
        if let Ok(handle) = set_interval_with_handle(tick, Duration::from_secs(1)) {
            self.timer.set_value(Some(handle));
        }
    }

    fn stop(&self) {
        if let Some(handle) = self.timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    }
}
