//! What the watchdog does to the running kiosk: a clock thread asks `watchdog::Watchdog` for its
//! verdict every second and carries out the step it names (reload the page, recreate the window,
//! exit for the OS supervisor); in a crash loop (`crash_loop`) it never takes the last step.

use super::crash_loop::unix_now;
use super::lifecycle::{self, ExitReason};
use super::watchdog::{Fault, Heartbeat, Recovery, Watchdog, WatchdogConfig};
use crate::kiosk::{self, MAIN_WINDOW};
use crate::settings::SettingsState;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager, Runtime};

/// The page's screens of kind `rest` (ui/js/screens/registry.js; a test keeps the two equal).
const REST_SCREENS: [&str; 3] = ["attract", "fatal", "closed"];

const TICK: Duration = Duration::from_secs(1);

pub struct WatchdogState {
    dog: Mutex<Watchdog>,
    /// Set while the window is being replaced, so closing the old one does not end the app.
    recreating: AtomicBool,
    /// Until when (Unix seconds) a crash loop keeps the kiosk on the calm slate.
    safe_until: Option<u64>,
    /// The screen the page said it shows in its last heartbeat.
    screen: Mutex<String>,
    /// The last fault of this start and the step taken, for the fleet's heartbeat.
    last_fault: Mutex<Option<FaultNoted>>,
}

/// A fault the watchdog acted on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultNoted {
    pub at: chrono::DateTime<chrono::Utc>,
    pub fault: String,
    pub recovery: &'static str,
}

impl WatchdogState {
    pub fn new(crash_loop_until: Option<u64>) -> Self {
        let dog = Watchdog::new(WatchdogConfig::default(), Instant::now());
        Self {
            dog: Mutex::new(if crash_loop_until.is_some() {
                dog.never_exit()
            } else {
                dog
            }),
            recreating: AtomicBool::new(false),
            safe_until: crash_loop_until,
            screen: Mutex::new(String::new()),
            last_fault: Mutex::new(None),
        }
    }

    /// Nobody is in the middle of a visit: the page rests on attract, closed or the calm slate
    /// (or has not said anything yet).
    pub fn at_rest(&self) -> bool {
        let screen = self.screen.lock().unwrap_or_else(PoisonError::into_inner);
        matches!(screen.as_str(), "" | "loading") || REST_SCREENS.contains(&screen.as_str())
    }

    pub fn heartbeat(&self, report: &Heartbeat) {
        report
            .screen
            .clone_into(&mut self.screen.lock().unwrap_or_else(PoisonError::into_inner));
        let back = self
            .dog
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .heartbeat(report, Instant::now());
        if back {
            log::info!(
                "watchdog: the page answers again, showing {:?}",
                report.screen
            );
        }
    }

    /// The screen of the page's last heartbeat ("" before the first).
    pub fn screen(&self) -> String {
        self.screen
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn last_fault(&self) -> Option<FaultNoted> {
        self.last_fault
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    pub fn is_recreating(&self) -> bool {
        self.recreating.load(Ordering::SeqCst)
    }

    /// Seconds left in the crash-loop safe mode; `None` once it is over (or never began).
    pub fn safe_mode_left(&self) -> Option<u64> {
        let until = self.safe_until?;
        let now = unix_now();
        (now < until).then(|| until - now)
    }
}

/// The clock thread. Only the real kiosk runs it: tests on the mock runtime have no page to beat.
pub fn start_watchdog<R: Runtime>(app: &AppHandle<R>, windowed: bool) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("watchdog".into())
        .spawn(move || loop {
            std::thread::sleep(TICK);
            let verdict = app
                .state::<WatchdogState>()
                .dog
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .tick(Instant::now());
            if let Some((fault, step)) = verdict {
                recover(&app, &fault, step, windowed);
            }
        });
    if let Err(e) = spawned {
        log::error!("the watchdog could not start: {e}");
    }
}

fn recover<R: Runtime>(app: &AppHandle<R>, fault: &Fault, step: Recovery, windowed: bool) {
    *app.state::<WatchdogState>()
        .last_fault
        .lock()
        .unwrap_or_else(PoisonError::into_inner) = Some(FaultNoted {
        at: chrono::Utc::now(),
        fault: fault.to_string(),
        recovery: match step {
            Recovery::ReloadPage => "reloaded the page",
            Recovery::RecreateWindow => "recreated the window",
            Recovery::Exit => "exited for the OS to start it again",
        },
    });
    match step {
        Recovery::ReloadPage => {
            log::warn!("watchdog: {fault}; reloading the page");
            reload_page(app, matches!(fault, Fault::PageSilent { .. }));
        }
        Recovery::RecreateWindow => {
            log::warn!("watchdog: {fault}; the reload did not help, recreating the window");
            recreate_window(app, windowed);
        }
        Recovery::Exit => {
            let fault = fault.to_string();
            lifecycle::leave(app, ExitReason::WatchdogGaveUp { fault });
        }
    }
}

fn reload_page<R: Runtime>(app: &AppHandle<R>, page_silent: bool) {
    let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
        log::warn!("watchdog: no window to reload");
        return;
    };
    if page_silent {
        match kiosk::restart_web_process(&window) {
            Some(Ok(())) => return,
            Some(Err(e)) => log::warn!("watchdog: cannot end the web process: {e}"),
            None => {}
        }
    }
    if let Err(e) = window.reload() {
        log::error!("watchdog: reload failed: {e}");
    }
}

fn recreate_window<R: Runtime>(app: &AppHandle<R>, windowed: bool) {
    let state = app.state::<WatchdogState>();
    state.recreating.store(true, Ordering::SeqCst);
    if let Some(old) = app.get_webview_window(MAIN_WINDOW) {
        if let Err(e) = old.destroy() {
            log::error!("watchdog: cannot close the old window: {e}");
        }
    }
    // The label is free once the old window is gone.
    let deadline = Instant::now() + Duration::from_secs(5);
    while app.get_webview_window(MAIN_WINDOW).is_some() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let display = app.state::<SettingsState>().stored().display;
    if let Err(e) = kiosk::open_main_window(app, windowed, display.as_deref()) {
        log::error!("watchdog: cannot open a new window: {e}");
    }
    state.recreating.store(false, Ordering::SeqCst);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screens_at_rest_are_the_rest_screens_of_the_page_registry() {
        let registry = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/ui/js/screens/registry.js"
        ))
        .unwrap();
        let rest: Vec<&str> = registry
            .lines()
            .filter(|line| line.contains("kind: 'rest'"))
            .filter_map(|line| line.split("name: '").nth(1)?.split('\'').next())
            .collect();
        assert_eq!(rest, REST_SCREENS);
        let state = WatchdogState::new(None);
        assert!(state.at_rest(), "before the first heartbeat");
        for (screen, at_rest) in [
            ("loading", true),
            ("closed", true),
            ("law", false),
            ("pin", false),
        ] {
            *state.screen.lock().unwrap() = screen.into();
            assert_eq!(state.at_rest(), at_rest, "{screen}");
        }
    }
}
