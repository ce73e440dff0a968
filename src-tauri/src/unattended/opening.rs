//! Following the opening hours: a clock thread looks at the time, tells the UI when the kiosk opens
//! or closes (the closed slate), lets the display sleep while closed, and fires the operator's daily
//! restart once the kiosk is at rest.

use super::lifecycle::{self, ExitReason};
use super::recovery::WatchdogState;
use super::schedule::{self, Opening};
use crate::events::OPENING_CHANGED_EVENT;
use crate::kiosk::DisplayAwake;
use crate::settings::{self, SettingsState};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// How often the opening-hours clock looks at the time: a slate a few seconds late is fine.
const OPENING_CLOCK_TICK: Duration = Duration::from_secs(15);

/// The opening state the UI and the display follow; `None` until the clock first looked.
#[derive(Default)]
pub struct OpeningState(Mutex<Option<Opening>>);

impl OpeningState {
    pub fn get(&self) -> Opening {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
            .unwrap_or(Opening::ALWAYS)
    }
}

/// Looks at the clock and the opening hours; on a change (and on the first look) tells the UI and
/// lets the display sleep (closed) or keeps it awake (open). Only on a change: asking the OS every
/// tick would also log its refusal every tick where it has no way to keep the display on.
pub fn refresh_opening<R: Runtime>(app: &AppHandle<R>) {
    let settings = app.state::<SettingsState>();
    let now = if settings.fleet_override().maintenance {
        Opening {
            open: false,
            opens_at: None,
        }
    } else {
        let hours = settings.effective().opening_hours;
        schedule::opening_at(hours.as_ref(), schedule::local_minute_of_day())
    };
    let state = app.state::<OpeningState>();
    let previous = state
        .0
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .replace(now.clone());
    if previous.as_ref() == Some(&now) {
        return;
    }
    if let Some(awake) = app.try_state::<DisplayAwake>() {
        if now.open {
            awake.hold();
        } else {
            awake.release();
        }
    }
    log::info!(
        "kiosk {}",
        if now.open {
            "open"
        } else {
            "closed for the day"
        }
    );
    if let Err(e) = app.emit(OPENING_CHANGED_EVENT, &now) {
        log::error!("cannot tell the UI about opening hours: {e}");
    }
}

/// The kiosk's clock: opening hours, and the operator's daily restart (which waits for the kiosk to
/// be at rest, at most `schedule::RESTART_MAX_WAIT`).
pub fn start_opening_clock<R: Runtime>(app: &AppHandle<R>) {
    refresh_opening(app);
    let handle = app.clone();
    let spawned = std::thread::Builder::new()
        .name("opening-hours".into())
        .spawn(move || {
            let mut restart = schedule::DailyRestart::default();
            let mut previous_minute = schedule::local_minute_of_day();
            loop {
                std::thread::sleep(OPENING_CLOCK_TICK);
                refresh_opening(&handle);
                let now_minute = schedule::local_minute_of_day();
                let at = handle
                    .state::<SettingsState>()
                    .stored()
                    .daily_restart
                    .and_then(|at| settings::parse_time_of_day(&at).ok());
                let at_rest = handle
                    .try_state::<WatchdogState>()
                    .is_none_or(|w| w.at_rest());
                let due = restart.check(
                    at,
                    previous_minute,
                    now_minute,
                    at_rest,
                    std::time::Instant::now(),
                );
                previous_minute = now_minute;
                if due {
                    lifecycle::leave(&handle, ExitReason::ScheduledRestart);
                }
            }
        });
    if let Err(e) = spawned {
        log::error!("opening hours will not be followed: {e}");
    }
}
