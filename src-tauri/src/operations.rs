//! What changes the running kiosk: installing content packs (at start, on a folder change, on the
//! operator's reload), applying saved settings, the opening-hours clock, and the operator's exit.
//! Commands and the wiring in `lib.rs` call these; none of them is reachable from the page without
//! an operator session (see `commands`).

use crate::content_pack::{self, LoadError, Pack};
use crate::kiosk::{self, CloseGuard, DisplayAwake, DisplayView, MAIN_WINDOW};
use crate::log_tail;
use crate::pack_state::PackState;
use crate::pack_watch;
use crate::schedule::{self, Opening};
use crate::settings::{self, Settings, SettingsState};
use crate::stats::{PlayStats, StatsView};
use crate::Result;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// Emitted to the UI when a new pack has been validated and installed; the payload is its
/// generation. The UI switches at its next attract loop, never in the middle of a visit.
pub const PACK_CHANGED_EVENT: &str = "pack-changed";
/// Payload: the settings as `get_settings` returns them.
pub const SETTINGS_CHANGED_EVENT: &str = "settings-changed";
/// Payload: `Opening`.
pub const OPENING_CHANGED_EVENT: &str = "opening-changed";
/// How often the opening-hours clock looks at the time: a slate a few seconds late is fine.
const OPENING_CLOCK_TICK: Duration = Duration::from_secs(15);

/// Where the pack comes from: the command line wins, then the operator's setting, then the pack
/// bundled with the app.
pub struct ContentSource {
    bundled: PathBuf,
    from_command_line: bool,
    current: Mutex<PathBuf>,
}

impl ContentSource {
    pub fn new(bundled: PathBuf, command_line: Option<PathBuf>, setting: Option<PathBuf>) -> Self {
        let from_command_line = command_line.is_some();
        let current = command_line.or(setting).unwrap_or_else(|| bundled.clone());
        Self {
            bundled,
            from_command_line,
            current: Mutex::new(current),
        }
    }

    pub fn current(&self) -> PathBuf {
        self.current
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

/// Validates the pack in `dir` in full and installs it if it is good; otherwise the pack already
/// shown stays and the report is logged and kept for the operator. Returns the new generation, if
/// any, and the verdict the operator panel shows.
pub fn offer_pack(packs: &PackState, dir: &Path) -> (Option<u64>, FolderReport) {
    let loaded = content_pack::load(dir);
    let verdict = verdict(dir, &loaded);
    match loaded {
        Ok(pack) => {
            for warning in &pack.warnings {
                log::warn!("content pack {}: {warning}", dir.display());
            }
            let generation = packs.install(pack);
            log::info!(
                "content pack {} installed (generation {generation})",
                dir.display()
            );
            (Some(generation), verdict)
        }
        Err(_) => {
            let kept = if packs.generation().is_some() {
                "; still showing the last good pack"
            } else {
                ""
            };
            log::error!("content pack refused{kept}: {}", verdict.report);
            eprintln!(
                "screening-kiosk: content pack refused{kept}: {}",
                verdict.report
            );
            packs.refuse(verdict.report.clone());
            (None, verdict)
        }
    }
}

/// Like `offer_pack`, and tells the UI when a new pack was installed.
fn offer_and_announce<R: Runtime>(app: &AppHandle<R>, dir: &Path) -> FolderReport {
    let (generation, verdict) = offer_pack(&app.state::<PackState>(), dir);
    if let Some(generation) = generation {
        if let Err(e) = app.emit(PACK_CHANGED_EVENT, generation) {
            log::error!("cannot tell the UI about the new pack: {e}");
        }
    }
    verdict
}

/// Keeps the watcher of the current content folder alive.
#[derive(Default)]
pub struct ContentWatch(Mutex<Option<pack_watch::PackWatcher>>);

/// Reloads the pack whenever its folder changes and settles. Validation runs on the watcher's
/// thread, never the UI's; the UI is told only about packs that passed.
pub fn watch_content<R: Runtime>(app: &AppHandle<R>, dir: PathBuf) {
    let handle = app.clone();
    let watched = dir.clone();
    let watcher = pack_watch::watch(&dir, move || {
        offer_and_announce(&handle, &watched);
    });
    let slot = app.state::<ContentWatch>();
    let mut slot = slot.0.lock().unwrap_or_else(PoisonError::into_inner);
    match watcher {
        Ok(watcher) => *slot = Some(watcher),
        Err(e) => {
            *slot = None;
            log::warn!(
                "not watching {} for changes ({e}); use Reload in the operator panel after changing the pack",
                dir.display()
            )
        }
    }
}

/// A pack folder's verdict for the operator: the same report `screening-kiosk check` gives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FolderReport {
    pub ok: bool,
    pub report: String,
}

/// `check` for a folder the operator typed, without installing anything.
pub fn check_folder(dir: &Path) -> FolderReport {
    if !dir.is_absolute() {
        return FolderReport {
            ok: false,
            report: format!("{} is not an absolute path", dir.display()),
        };
    }
    verdict(dir, &content_pack::load(dir))
}

/// The report of one validation of the pack in `dir`: the refusal kept for the operator, or the
/// warnings of a valid pack.
fn verdict(dir: &Path, loaded: &std::result::Result<Pack, LoadError>) -> FolderReport {
    match loaded {
        Ok(pack) => {
            let mut report = format!(
                "{}: a valid content pack, {} warning(s)",
                dir.display(),
                pack.warnings.len()
            );
            for warning in &pack.warnings {
                report.push_str(&format!("\n{warning}"));
            }
            FolderReport { ok: true, report }
        }
        Err(e) => FolderReport {
            ok: false,
            report: format!("{}:\n{e}", dir.display()),
        },
    }
}

/// The operator's Reload: validates the current folder now (once) and installs it if good.
pub fn reload<R: Runtime>(app: &AppHandle<R>) -> FolderReport {
    offer_and_announce(app, &app.state::<ContentSource>().current())
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ContentView {
    pub dir: PathBuf,
    pub from_command_line: bool,
    pub bundled: bool,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackPanel {
    pub generation: Option<u64>,
    pub title: Option<String>,
    pub languages: Vec<String>,
    /// Why the last pack offered was refused.
    pub report: Option<String>,
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelView {
    pub settings: Settings,
    pub displays: Vec<DisplayView>,
    pub content: ContentView,
    pub pack: PackPanel,
    pub stats: StatsView,
    pub autostart_available: bool,
    pub version: String,
    /// The newest lines of the kiosk's log, oldest first.
    pub log_lines: Vec<String>,
    pub log_file: Option<PathBuf>,
}

/// Enough to see the last restart or refusal, few enough to read on the panel.
const PANEL_LOG_LINES: usize = 40;

pub fn panel<R: Runtime>(app: &AppHandle<R>) -> PanelView {
    // tauri-plugin-log names the file after the product.
    let log_file = app
        .path()
        .app_log_dir()
        .ok()
        .map(|dir| dir.join(format!("{}.log", app.package_info().name)));
    let source = app.state::<ContentSource>();
    let dir = source.current();
    let packs = app.state::<PackState>();
    let summary = packs.summary();
    PanelView {
        settings: app.state::<SettingsState>().stored(),
        displays: app
            .get_webview_window(MAIN_WINDOW)
            .map(|window| kiosk::displays(&window))
            .unwrap_or_default(),
        content: ContentView {
            bundled: dir == source.bundled,
            from_command_line: source.from_command_line,
            dir,
        },
        pack: PackPanel {
            generation: summary.as_ref().map(|s| s.generation),
            title: summary.as_ref().map(|s| s.title.clone()),
            languages: summary
                .as_ref()
                .map(|s| s.languages.clone())
                .unwrap_or_default(),
            report: packs.refusal(),
            warnings: summary.map(|s| s.warnings).unwrap_or_default(),
        },
        stats: app
            .state::<PlayStats>()
            .view(chrono::Local::now().date_naive()),
        autostart_available: app
            .try_state::<tauri_plugin_autostart::AutoLaunchManager>()
            .is_some(),
        version: app.package_info().version.to_string(),
        log_lines: log_file
            .as_deref()
            .map(|path| log_tail::last_lines(path, PANEL_LOG_LINES))
            .unwrap_or_default(),
        log_file,
    }
}

/// Saves the operator's settings and applies them to the running kiosk; the UI applies its part
/// when it hears `settings-changed`.
pub fn save_settings<R: Runtime>(app: &AppHandle<R>, new: Settings) -> Result<Settings> {
    let state = app.state::<SettingsState>();
    let old = state.stored();
    settings::save(app, &state, new.clone())?;
    log::info!("operator saved settings: {new:?}");
    if old.content_dir != new.content_dir {
        switch_content(app, new.content_dir.clone());
    }
    if old.display != new.display {
        if let (Some(window), true) = (app.get_webview_window(MAIN_WINDOW), kiosk_mode(app)) {
            if let Err(e) = kiosk::cover_display(&window, new.display.as_deref()) {
                log::error!("cannot move the kiosk to display {:?}: {e}", new.display);
            }
        }
    }
    if old.start_at_login != new.start_at_login {
        apply_start_at_login(app, new.start_at_login);
    }
    refresh_opening(app);
    let effective = state.effective();
    if let Err(e) = app.emit(SETTINGS_CHANGED_EVENT, &effective) {
        log::error!("cannot tell the UI about new settings: {e}");
    }
    Ok(effective)
}

fn kiosk_mode<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<CloseGuard>().is_some_and(|g| g.kiosk_mode)
}

fn switch_content<R: Runtime>(app: &AppHandle<R>, setting: Option<PathBuf>) {
    let source = app.state::<ContentSource>();
    if source.from_command_line {
        log::warn!(
            "content folder setting saved; it applies from the next start without --content"
        );
        return;
    }
    let dir = setting.unwrap_or_else(|| source.bundled.clone());
    *source
        .current
        .lock()
        .unwrap_or_else(PoisonError::into_inner) = dir.clone();
    log::info!("content folder is now {}", dir.display());
    offer_and_announce(app, &dir);
    watch_content(app, dir);
}

/// Makes the OS start the kiosk at login, or stop doing so; the setting is the truth, so this also
/// runs at start to repair an entry removed by hand.
pub fn apply_start_at_login<R: Runtime>(app: &AppHandle<R>, wanted: bool) {
    let Some(launcher) = app.try_state::<tauri_plugin_autostart::AutoLaunchManager>() else {
        return;
    };
    let enabled = launcher.is_enabled().unwrap_or(false);
    if enabled == wanted {
        return;
    }
    let result = if wanted {
        launcher.enable()
    } else {
        launcher.disable()
    };
    match result {
        Ok(()) => log::info!("start at login {}", if wanted { "on" } else { "off" }),
        Err(e) => log::error!("cannot change start at login: {e}"),
    }
}

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
    let hours = app.state::<SettingsState>().effective().opening_hours;
    let now = schedule::opening_at(hours.as_ref(), schedule::local_minute_of_day());
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
                    .and_then(|at| schedule::parse_time_of_day(&at).ok());
                let at_rest = handle
                    .try_state::<crate::recovery::WatchdogState>()
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
                    crate::recovery::scheduled_restart(&handle);
                }
            }
        });
    if let Err(e) = spawned {
        log::error!("opening hours will not be followed: {e}");
    }
}

/// Logs a media error the page reported and what the kiosk does about it.
pub fn media_failed(packs: &PackState, url: &str, code: u16, message: &str) {
    use crate::pack_state::{MediaFailure, RENDITION_FAILURE_LIMIT};
    // The page's own words, bounded: they go into the log file.
    let message: String = message.chars().take(200).collect();
    match packs.media_failed(url) {
        MediaFailure::Unknown => log::info!("media error on {url} (not the pack on show): {message}"),
        MediaFailure::Counted { file, failures } => log::warn!(
            "media error playing {} (code {code}: {message}); failure {failures} of {RENDITION_FAILURE_LIMIT}",
            file.display()
        ),
        MediaFailure::Dropped { file, left: 0 } => log::error!(
            "{} failed {RENDITION_FAILURE_LIMIT} times (code {code}: {message}) and no other trailer rendition is left: visitors see the poster until the pack is fixed or reloaded",
            file.display()
        ),
        MediaFailure::Dropped { file, left } => log::error!(
            "{} failed {RENDITION_FAILURE_LIMIT} times (code {code}: {message}): falling back to the next trailer rendition ({left} left)",
            file.display()
        ),
    }
}

/// How much counting a power cut may lose.
const STATS_FLUSH_INTERVAL: Duration = Duration::from_secs(60);

/// Writes the statistics to disk now and then, and whenever the kiosk exits.
pub fn start_stats_flusher<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    std::thread::Builder::new()
        .name("stats-flush".into())
        .spawn(move || loop {
            std::thread::sleep(STATS_FLUSH_INTERVAL);
            flush_stats(&app);
        })
        .map(|_| ())
        .unwrap_or_else(|e| log::error!("statistics will only be saved at exit: {e}"));
}

pub fn flush_stats<R: Runtime>(app: &AppHandle<R>) {
    if let Err(e) = app.state::<PlayStats>().flush() {
        log::error!("cannot save the statistics: {e}");
    }
}

/// A supervisor stopping the kiosk (systemd's SIGTERM, Ctrl+C in a terminal, a closed terminal) gets
/// the orderly end of the operator's Exit, statistics written first. Exit code 0: a stop is not a
/// failure to restart from.
#[cfg(unix)]
pub fn exit_on_termination_signals<R: Runtime>(app: &AppHandle<R>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = match signal_hook::iterator::Signals::new([SIGTERM, SIGINT, SIGHUP]) {
        Ok(signals) => signals,
        Err(e) => {
            log::warn!("termination signals will end the kiosk without saving: {e}");
            return;
        }
    };
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                log::info!("signal {signal} received: saving the statistics and exiting");
                flush_stats(&app);
                if let Some(guard) = app.try_state::<CloseGuard>() {
                    guard.allow_exit();
                }
                app.exit(0);
            }
        });
    if let Err(e) = spawned {
        log::warn!("termination signals will end the kiosk without saving: {e}");
    }
}

/// The operator's Exit: the only way the kiosk closes on purpose. Exit code 0, so an OS supervisor
/// configured to restart on failure leaves it closed.
pub fn exit<R: Runtime>(app: &AppHandle<R>) {
    log::info!("operator exited the kiosk");
    flush_stats(app);
    if let Some(guard) = app.try_state::<CloseGuard>() {
        guard.allow_exit();
    }
    app.exit(0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_wins_over_the_setting_which_wins_over_the_bundled_pack() {
        let bundled = PathBuf::from("/opt/kiosk/pack");
        let setting = Some(PathBuf::from("/media/usb/pack"));
        let cli = Some(PathBuf::from("/srv/pack"));
        assert_eq!(
            ContentSource::new(bundled.clone(), cli.clone(), setting.clone()).current(),
            PathBuf::from("/srv/pack")
        );
        assert_eq!(
            ContentSource::new(bundled.clone(), None, setting).current(),
            PathBuf::from("/media/usb/pack")
        );
        assert_eq!(
            ContentSource::new(bundled.clone(), None, None).current(),
            bundled
        );
    }

    #[test]
    fn a_folder_check_names_the_folder_and_its_problems() {
        let relative = check_folder(Path::new("pack"));
        assert!(!relative.ok && relative.report.contains("not an absolute path"));
        let empty = tempfile::tempdir().unwrap();
        let verdict = check_folder(empty.path());
        assert!(!verdict.ok);
        assert!(
            verdict.report.contains(&empty.path().display().to_string()),
            "{}",
            verdict.report
        );
        assert!(
            verdict.report.contains("manifest.toml"),
            "{}",
            verdict.report
        );
    }
}
