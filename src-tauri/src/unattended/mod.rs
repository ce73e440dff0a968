//! Left alone for ten days: the watchdog and what it does to a hung page (`watchdog`, `recovery`),
//! the crash-loop count (`crash_loop`), the opening-hours clock and the daily restart (`schedule`,
//! `opening`), the play statistics (`stats`), starting at login, one kiosk per user and what a
//! second copy does (`one_copy`), and the one way out (`lifecycle`).

mod crash_loop;
pub mod lifecycle;
pub(crate) mod one_copy;
mod opening;
mod recovery;
mod schedule;
mod start_at_login;
pub(crate) mod stats;
#[cfg(unix)]
mod termination_unix;
pub(crate) mod watchdog;

pub use lifecycle::{ExitReason, EXIT_SCHEDULED_RESTART, EXIT_WATCHDOG};
pub(crate) use opening::{refresh_opening, OpeningState};
pub(crate) use recovery::WatchdogState;
pub(crate) use schedule::Opening;
pub(crate) use start_at_login::apply_start_at_login;
pub(crate) use stats::PlayStats;

use std::path::Path;
use tauri::{AppHandle, Manager, Runtime};

/// How the unattended guards run in this launch.
pub(crate) struct Guards {
    /// The real kiosk: the watchdog clock, the crash-loop count and orderly ends on termination
    /// signals. Off on the mock runtime, which has no page to watch and shares one process.
    pub guarded: bool,
    pub windowed: bool,
    pub start_at_login: bool,
}

/// Manages the statistics and the watchdog's state and starts the clocks. Needs the settings (the
/// opening hours) and the kiosk's display guard already managed; runs before the window opens, so
/// the page's first heartbeat finds the watchdog.
pub(crate) fn start<R: Runtime>(app: &AppHandle<R>, data_dir: &Path, guards: &Guards) {
    app.manage(PlayStats::load(&data_dir.join(stats::STATS_FILE)));
    app.manage(OpeningState::default());
    opening::start_opening_clock(app);
    lifecycle::start_stats_flusher(app);
    let crash_loop_until = if guards.guarded {
        crash_loop::note_start(data_dir)
    } else {
        None
    };
    app.manage(WatchdogState::new(crash_loop_until));
    if guards.guarded {
        recovery::start_watchdog(app, guards.windowed);
        #[cfg(unix)]
        termination_unix::exit_on_termination_signals(app);
    }
    apply_start_at_login(app, guards.start_at_login);
}
