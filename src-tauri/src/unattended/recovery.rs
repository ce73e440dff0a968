//! What the watchdog does to the running kiosk: a clock thread asks `watchdog::Watchdog` for its
//! verdict every second and carries out the step it names (reload the page, recreate the window,
//! exit for the OS supervisor); in a crash loop (`crash_loop`) it never takes the last step.

use super::crash_loop::unix_now;
use super::lifecycle::{self, ExitReason};
use super::watchdog::{Fault, Heartbeat, Recovery, Watchdog, WatchdogConfig};
use crate::kiosk::{self, MAIN_WINDOW};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};
use tauri::{AppHandle, Manager, Runtime};

/// The page's screens of kind `rest` (ui/js/screens/registry.js; a test keeps the two equal).
const REST_SCREENS: [&str; 4] = ["attract", "fatal", "closed", "standby"];

const TICK: Duration = Duration::from_secs(1);

pub struct WatchdogState {
    /// One watchdog per window, by label: with two screens each page is watched on its own.
    dogs: Mutex<BTreeMap<String, Watchdog>>,
    /// Set while a window is being replaced, so closing the old one does not end the app.
    recreating: AtomicBool,
    /// Until when (Unix seconds) a crash loop keeps the kiosk on the calm slate.
    safe_until: Option<u64>,
    /// The screen each page said it shows in its last heartbeat.
    screens: Mutex<BTreeMap<String, String>>,
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
        let state = Self {
            dogs: Mutex::default(),
            recreating: AtomicBool::new(false),
            safe_until: crash_loop_until,
            screens: Mutex::default(),
            last_fault: Mutex::new(None),
        };
        state.watch(MAIN_WINDOW);
        state
    }

    /// Starts watching a window whose page is loading (given the grace period to load); a window
    /// already watched keeps its watchdog and the steps it has taken.
    fn watch(&self, label: &str) {
        let mut dogs = self.dogs.lock().unwrap_or_else(PoisonError::into_inner);
        dogs.entry(label.to_string()).or_insert_with(|| {
            let dog = Watchdog::new(WatchdogConfig::default(), Instant::now());
            if self.safe_until.is_some() {
                dog.never_exit()
            } else {
                dog
            }
        });
    }

    /// Watches exactly the windows open now (the film window comes and goes with the second screen).
    fn watch_only(&self, labels: &[String]) {
        for label in labels {
            self.watch(label);
        }
        let open = |label: &String| labels.contains(label);
        self.dogs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|label, _| open(label));
        self.screens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|label, _| open(label));
    }

    /// Nobody is in the middle of a visit: every page rests on attract, closed or the calm slate
    /// (or has not said anything yet).
    pub fn at_rest(&self) -> bool {
        let screens = self.screens.lock().unwrap_or_else(PoisonError::into_inner);
        screens.values().all(|screen| {
            matches!(screen.as_str(), "" | "loading") || REST_SCREENS.contains(&screen.as_str())
        })
    }

    /// The heartbeat of the page in window `label`.
    pub fn heartbeat(&self, label: &str, report: &Heartbeat) {
        self.screens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(label.to_string(), report.screen.clone());
        self.watch(label);
        let back = self
            .dogs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get_mut(label)
            .is_some_and(|dog| dog.heartbeat(report, Instant::now()));
        if back {
            log::info!(
                "watchdog: the page of the {label} window answers again, showing {:?}",
                report.screen
            );
        }
    }

    /// The screen of the main page's last heartbeat ("" before the first): the touch screen's,
    /// where visitors are.
    pub fn screen(&self) -> String {
        self.screen_of(MAIN_WINDOW)
    }

    /// The screen of window `label`'s last heartbeat ("" before the first).
    pub fn screen_of(&self, label: &str) -> String {
        self.screens
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(label)
            .cloned()
            .unwrap_or_default()
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

    /// Each window's verdict now: the faults found and the steps that answer them.
    fn tick(&self) -> Vec<(String, Fault, Recovery)> {
        let now = Instant::now();
        self.dogs
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter_mut()
            .filter_map(|(label, dog)| {
                dog.tick(now)
                    .map(|(fault, step)| (label.clone(), fault, step))
            })
            .collect()
    }
}

/// The clock thread. Only the real kiosk runs it: tests on the mock runtime have no page to beat.
pub fn start_watchdog<R: Runtime>(app: &AppHandle<R>, windowed: bool) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("watchdog".into())
        .spawn(move || loop {
            std::thread::sleep(TICK);
            let state = app.state::<WatchdogState>();
            if !state.is_recreating() {
                let open: Vec<String> = app.webview_windows().into_keys().collect();
                state.watch_only(&open);
            }
            for (label, fault, step) in state.tick() {
                recover(&app, &label, &fault, step, windowed);
            }
        });
    if let Err(e) = spawned {
        log::error!("the watchdog could not start: {e}");
    }
}

fn recover<R: Runtime>(
    app: &AppHandle<R>,
    label: &str,
    fault: &Fault,
    step: Recovery,
    windowed: bool,
) {
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
            log::warn!("watchdog: {fault} in the {label} window; reloading the page");
            reload_page(app, label, matches!(fault, Fault::PageSilent { .. }));
        }
        Recovery::RecreateWindow => {
            log::warn!(
                "watchdog: {fault} in the {label} window; the reload did not help, recreating the window"
            );
            recreate_window(app, label, windowed);
        }
        Recovery::Exit => {
            let fault = fault.to_string();
            lifecycle::leave(app, ExitReason::WatchdogGaveUp { fault });
        }
    }
}

fn reload_page<R: Runtime>(app: &AppHandle<R>, label: &str, page_silent: bool) {
    let Some(window) = app.get_webview_window(label) else {
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

fn recreate_window<R: Runtime>(app: &AppHandle<R>, label: &str, windowed: bool) {
    let state = app.state::<WatchdogState>();
    state.recreating.store(true, Ordering::SeqCst);
    if let Some(old) = app.get_webview_window(label) {
        if let Err(e) = old.destroy() {
            log::error!("watchdog: cannot close the old window: {e}");
        }
    }
    // The label is free once the old window is gone.
    let deadline = Instant::now() + Duration::from_secs(5);
    while app.get_webview_window(label).is_some() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    if let Err(e) = kiosk::reopen_window(app, label, windowed) {
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
            state.heartbeat(MAIN_WINDOW, &beat(screen));
            assert_eq!(state.at_rest(), at_rest, "{screen}");
        }
    }

    fn beat(screen: &str) -> Heartbeat {
        Heartbeat {
            screen: screen.into(),
            video: None,
        }
    }

    #[test]
    fn with_two_screens_the_kiosk_rests_only_when_both_pages_do() {
        let state = WatchdogState::new(None);
        state.heartbeat(MAIN_WINDOW, &beat("attract"));
        state.heartbeat(kiosk::FILM_WINDOW, &beat("trailer"));
        assert!(!state.at_rest(), "the big screen plays a visitor's trailer");
        assert_eq!(state.screen(), "attract", "the touch screen's");
        assert_eq!(state.screen_of(kiosk::FILM_WINDOW), "trailer");
        state.heartbeat(kiosk::FILM_WINDOW, &beat("attract"));
        assert!(state.at_rest());
        state.heartbeat(kiosk::FILM_WINDOW, &beat("trailer"));
        state.watch_only(&[MAIN_WINDOW.to_string()]);
        assert!(
            state.at_rest(),
            "a film window that closed says nothing any more"
        );
    }

    #[test]
    fn each_window_has_its_own_watchdog_and_a_silent_one_is_named() {
        let state = WatchdogState::new(None);
        state.watch_only(&[MAIN_WINDOW.to_string(), kiosk::FILM_WINDOW.to_string()]);
        let grace = WatchdogConfig::default().grace + WatchdogConfig::default().heartbeat_timeout;
        let later = Instant::now() + grace + Duration::from_secs(1);
        let dogs = &mut *state.dogs.lock().unwrap();
        dogs.get_mut(MAIN_WINDOW)
            .unwrap()
            .heartbeat(&beat("attract"), later);
        let faults: Vec<&String> = dogs
            .iter_mut()
            .filter_map(|(label, dog)| dog.tick(later).map(|_| label))
            .collect();
        assert_eq!(faults, [kiosk::FILM_WINDOW]);
    }
}
