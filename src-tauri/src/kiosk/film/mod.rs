//! Which engine plays the attract film, decided in this one place. On Linux, when GStreamer has
//! every element it needs, the film plays natively beneath a transparent webview (`linux.rs`,
//! over `media::native`): a fraction of the CPU the webview's `<video>` costs on a machine
//! without a GPU, at the film's full frame rate (docs/performance.md). Everywhere else, when
//! `SCREENING_KIOSK_FILM=webview` is set, or when the native player fails on every rendition,
//! the page's `<video>` plays it. The page drives this with `film_start` and `film_stop` and
//! hears how it goes through the `film-*` events; `film_status` says which engine plays. The
//! visitor's trailer follows the attract film's engine (`trailer_start`, `trailer_control`, the
//! `trailer-*` events): once, with sound, in the page's stage; a trailer that fails goes on in
//! the page's `<video>` from the same moment rather than starting again.

#[cfg_attr(target_os = "linux", path = "linux.rs")]
#[cfg_attr(not(target_os = "linux"), path = "other.rs")]
mod native;

use super::{media_failed, PackState, FILM_WINDOW, MAIN_WINDOW};
use crate::events::{
    FILM_FELL_BACK_EVENT, FILM_LOOPED_EVENT, FILM_PLAYING_EVENT, TRAILER_ENDED_EVENT,
    TRAILER_FELL_BACK_EVENT, TRAILER_PLAYING_EVENT, TRAILER_PROGRESS_EVENT,
};
use crate::media::native::{Playback, PlayerEvent};
use crate::media::redact_tokens;
use crate::settings::SettingsState;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock, PoisonError};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// `webview` turns the native path off for a launch (a fallback to compare, or a machine whose
/// GStreamer misbehaves); anything else leaves the choice to what the machine has.
pub const FILM_ENGINE_ENV: &str = "SCREENING_KIOSK_FILM";

/// Why the native path is off for this process, decided once by `choose_engine_at_launch`.
static LAUNCH_CHOICE: OnceLock<Option<Off>> = OnceLock::new();

#[derive(Debug, Clone)]
struct Off {
    reason: String,
    /// Asked for (or the platform's way), rather than something missing on this machine.
    deliberate: bool,
}

/// Decides, before GTK or WebKit start, whether this launch plays the attract film natively,
/// and sets WebKit's renderer to suit: the native path needs the DMA-BUF renderer, the only one
/// that keeps the webview transparent over the film; the `<video>` path costs far less CPU and
/// memory without it on machines without a GPU (docs/performance.md). An operator who set
/// `WEBKIT_DISABLE_DMABUF_RENDERER` keeps their choice. Call it while the process has one thread.
pub fn choose_engine_at_launch(webview_asked: bool) {
    let deliberate = |reason: String| Off {
        reason,
        deliberate: true,
    };
    let off = if webview_asked {
        Some(deliberate(
            "the launch asked for it (--film webview)".into(),
        ))
    } else if std::env::var(FILM_ENGINE_ENV).is_ok_and(|v| v == "webview") {
        Some(deliberate(format!("{FILM_ENGINE_ENV}=webview is set")))
    } else {
        native::unavailable().map(|reason| Off {
            reason,
            deliberate: !cfg!(target_os = "linux"),
        })
    };
    #[cfg(target_os = "linux")]
    if std::env::var_os("WEBKIT_DISABLE_DMABUF_RENDERER").is_none() {
        let value = if off.is_some() { "1" } else { "0" };
        std::env::set_var("WEBKIT_DISABLE_DMABUF_RENDERER", value);
    }
    let _ = LAUNCH_CHOICE.set(off);
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Engine {
    Native,
    Webview,
}

/// Which film a native player plays: the attract loop over the whole window, muted unless the
/// operator chose sound; or the visitor's trailer, once, with sound, in the page's stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Attract,
    Trailer,
}

/// Where in the window the page wants the film, in CSS pixels from the top left of the page.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, Serialize)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

/// What the page asks of a trailer that plays beneath it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize)]
#[serde(tag = "action", rename_all = "lowercase")]
pub enum TrailerControl {
    Play,
    Pause,
    Seek { seconds: f64 },
}

/// What the page hears of its trailer a few times a second (`trailer-progress`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrailerProgress {
    pub position: f64,
    pub duration: Option<f64>,
    pub paused: bool,
}

/// The trailer could not go on beneath the page (`trailer-fell-back`): the page plays it from
/// `position`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrailerFellBack {
    pub reason: String,
    pub position: f64,
}

/// What `film_start` answers: who plays, and if it is the page, why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilmStart {
    pub engine: Engine,
    pub reason: Option<String>,
}

impl FilmStart {
    fn webview(reason: impl Into<String>) -> Self {
        Self {
            engine: Engine::Webview,
            reason: Some(reason.into()),
        }
    }
}

/// What `film_status` answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FilmStatus {
    /// The engine this launch would use for the attract film.
    pub engine: Engine,
    /// Why the native path is off for this launch.
    pub native_off: Option<String>,
    /// The native film now playing, if any.
    pub native: Option<NativeFilm>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NativeFilm {
    pub role: Role,
    /// The window it plays beneath: with two screens, the film screen's (`film`).
    pub window: &'static str,
    pub url: String,
    pub playing: bool,
    pub paused: bool,
    pub position: f64,
    pub duration: Option<f64>,
    pub loops: u64,
    pub frames_rendered: u64,
    pub frames_dropped: u64,
    /// `None` when the film plays without sound (nothing decodes its audio then).
    pub volume: Option<f64>,
}

/// The film as the kiosk plays it: the launch's choice and the native player now running.
pub struct FilmState {
    native_off: Option<String>,
    running: Mutex<Option<Running>>,
    /// Counts starts, so a report from a player already replaced is recognised and ignored.
    starts: AtomicU64,
}

struct Running {
    start: u64,
    role: Role,
    /// The window whose page it plays beneath.
    host: &'static str,
    rect: Option<Rect>,
    url: String,
    volume: Option<f64>,
    /// Times this rendition stood still and was started again since it last looped.
    stalls: u32,
    /// The renditions still to try if this one fails.
    rest: Vec<String>,
    player: native::Player,
}

impl FilmState {
    /// The state for this process: the launch's choice, or (in tests on the mock runtime, which
    /// never run `choose_engine_at_launch`) the page's `<video>`.
    pub fn for_this_process() -> Self {
        let native_off = match LAUNCH_CHOICE.get() {
            Some(Some(off)) => {
                // The one line an operator needs when the native path is off: the log is up now.
                let line = format!("the page's <video> plays the attract film: {}", off.reason);
                if off.deliberate {
                    log::info!("{line}");
                } else {
                    log::warn!("{line}");
                }
                Some(off.reason.clone())
            }
            Some(None) => None,
            None => Some("the engine was not chosen at launch".into()),
        };
        Self {
            native_off,
            running: Mutex::default(),
            starts: AtomicU64::new(0),
        }
    }

    /// Whether windows are made ready for a film beneath them.
    pub fn native(&self) -> bool {
        self.native_off.is_none()
    }

    fn running(&self) -> std::sync::MutexGuard<'_, Option<Running>> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub fn status(&self) -> FilmStatus {
        let native = self.running().as_ref().map(|running| {
            let status = running.player.status();
            NativeFilm {
                role: running.role,
                window: running.host,
                url: running.url.clone(),
                playing: status.playing,
                paused: status.paused,
                position: status.position,
                duration: status.duration,
                loops: status.loops,
                frames_rendered: status.rendered,
                frames_dropped: status.dropped,
                volume: running.volume,
            }
        });
        FilmStatus {
            engine: if self.native() {
                Engine::Native
            } else {
                Engine::Webview
            },
            native_off: self.native_off.clone(),
            native,
        }
    }

    /// How far the native film has got (seconds shown since it started, every pass counted)
    /// and whether it plays, for the watchdog of window `host`, beneath whose page it plays. A
    /// trailer the visitor paused does not play.
    pub fn native_position_in(&self, host: &str) -> Option<(f64, bool)> {
        self.running()
            .as_ref()
            .filter(|r| r.host == host)
            .map(|running| {
                let status = running.player.status();
                (status.played, status.playing)
            })
    }

    /// Passes the visitor's play, pause or seek to the trailer playing beneath the page; false
    /// when none plays (it ended, failed, or never started).
    pub fn control_trailer(&self, control: TrailerControl) -> bool {
        let running = self.running();
        let Some(running) = running.as_ref().filter(|r| r.role == Role::Trailer) else {
            return false;
        };
        match control {
            TrailerControl::Play => running.player.resume(),
            TrailerControl::Pause => running.player.pause(),
            TrailerControl::Seek { seconds } => running.player.seek(seconds),
        }
        true
    }
}

/// Plays the first of `renditions` (trailer URLs of the pack on show, the page's order) that
/// GStreamer can decode, beneath the page, in `role` (the trailer in `rect` of the page); the
/// answer says whether the page must play it itself.
pub async fn start<R: Runtime>(
    app: &AppHandle<R>,
    host: &str,
    renditions: Vec<String>,
    role: Role,
    rect: Option<Rect>,
) -> FilmStart {
    let film = app.state::<FilmState>();
    if let Some(reason) = &film.native_off {
        return FilmStart::webview(reason.clone());
    }
    stop(app);
    let packs = app.state::<PackState>();
    let candidates: Vec<String> = renditions
        .into_iter()
        .filter(|url| {
            packs
                .trailer_file(url)
                .is_some_and(|file| native::decodes(&file.mime))
        })
        .collect();
    if candidates.is_empty() {
        return FilmStart::webview("GStreamer decodes none of the renditions offered");
    }
    let start = film.starts.fetch_add(1, Ordering::SeqCst) + 1;
    let host = if host == FILM_WINDOW {
        FILM_WINDOW
    } else {
        MAIN_WINDOW
    };
    let setup = Setup {
        start,
        role,
        rect,
        host,
    };
    play_first(app, setup, candidates, 0).await
}

/// What stays the same across the renditions one start tries.
#[derive(Debug, Clone, Copy)]
struct Setup {
    start: u64,
    role: Role,
    rect: Option<Rect>,
    host: &'static str,
}

/// A film that stands still is started again this many times in a row before it counts as a
/// failure of its rendition: a stall is the pipeline's, seldom the file's.
const STALL_RESTARTS: u32 = 2;

/// Tries each candidate in turn until one plays; the page's `<video>` is the answer when none does.
async fn play_first<R: Runtime>(
    app: &AppHandle<R>,
    setup: Setup,
    mut candidates: Vec<String>,
    mut stalls: u32,
) -> FilmStart {
    let Setup {
        start,
        role,
        rect,
        host,
    } = setup;
    let mut last = String::new();
    while !candidates.is_empty() {
        let url = candidates.remove(0);
        let stalls_before = std::mem::take(&mut stalls);
        let Some(window) = app.get_webview_window(host) else {
            return FilmStart::webview("the kiosk has no window");
        };
        let sound = {
            let settings = app.state::<SettingsState>().stored();
            (role == Role::Trailer || settings.attract_audio)
                .then(|| f64::from(settings.volume) / 100.0)
        };
        let listener = {
            let app = app.clone();
            move |event| on_player_event(&app, setup, event)
        };
        let playback = match role {
            Role::Attract => Playback::Loop,
            Role::Trailer => Playback::Once,
        };
        let opened = app
            .state::<PackState>()
            .trailer_file(&url)
            .ok_or_else(|| "the pack on show has no such rendition".to_string())
            .and_then(|file| {
                file.open()
                    .map_err(|e| format!("{} cannot be read: {e}", file.path.display()))
            });
        let playing = match opened {
            Ok(film) => native::play(&window, film, playback, sound, rect, listener).await,
            Err(reason) => Err(reason),
        };
        match playing {
            Ok(player) => {
                let film = app.state::<FilmState>();
                if film.starts.load(Ordering::SeqCst) != start {
                    // A newer start or a stop came while this one was being set up.
                    native::unhost(&window, player);
                    return FilmStart::webview("the film was stopped while it started");
                }
                log::info!("native film: playing {}", redact_tokens(&url));
                *film.running() = Some(Running {
                    start,
                    role,
                    host,
                    rect,
                    url,
                    volume: sound,
                    stalls: stalls_before,
                    rest: candidates,
                    player,
                });
                return FilmStart {
                    engine: Engine::Native,
                    reason: None,
                };
            }
            Err(reason) => {
                log::warn!(
                    "native film: {} would not start: {reason}",
                    redact_tokens(&url)
                );
                media_failed(&app.state::<PackState>(), &url, 0, &reason);
                last = reason;
            }
        }
    }
    FilmStart::webview(format!("no rendition plays natively: {last}"))
}

fn on_player_event<R: Runtime>(app: &AppHandle<R>, setup: Setup, event: PlayerEvent) {
    let film = app.state::<FilmState>();
    let mut running = film.running();
    if running.as_ref().is_none_or(|r| r.start != setup.start) {
        return;
    }
    match event {
        PlayerEvent::Playing => {
            let name = match setup.role {
                Role::Attract => FILM_PLAYING_EVENT,
                Role::Trailer => TRAILER_PLAYING_EVENT,
            };
            let _ = app.emit_to(setup.host, name, ());
        }
        PlayerEvent::Progress {
            position,
            duration,
            paused,
        } => {
            let progress = TrailerProgress {
                position,
                duration,
                paused,
            };
            let _ = app.emit_to(setup.host, TRAILER_PROGRESS_EVENT, progress);
        }
        PlayerEvent::Ended => {
            let Some(ended) = running.take() else { return };
            drop(running);
            let _ = app.emit_to(setup.host, TRAILER_ENDED_EVENT, ());
            unhost(app, ended.host, ended.player);
        }
        // The visitor is watching: no second start from the beginning, no next rendition from
        // the beginning; the page's <video> goes on from where this one was.
        PlayerEvent::Failed { reason, .. } if setup.role == Role::Trailer => {
            let Some(failed) = running.take() else { return };
            drop(running);
            log::warn!(
                "native trailer: {} failed: {reason}; the page's <video> plays it from here",
                redact_tokens(&failed.url)
            );
            media_failed(&app.state::<PackState>(), &failed.url, 0, &reason);
            let position = failed.player.status().position;
            let _ = app.emit_to(
                setup.host,
                TRAILER_FELL_BACK_EVENT,
                TrailerFellBack { reason, position },
            );
            unhost(app, failed.host, failed.player);
        }
        PlayerEvent::Looped { loops } => {
            if let Some(running) = running.as_mut() {
                running.stalls = 0;
            }
            let _ = app.emit_to(setup.host, FILM_LOOPED_EVENT, loops);
        }
        PlayerEvent::Failed { reason, stalled } => {
            let Some(failed) = running.take() else { return };
            drop(running);
            let (mut candidates, stalls) = if stalled && failed.stalls < STALL_RESTARTS {
                log::warn!(
                    "native film: {} {reason}; starting it again",
                    redact_tokens(&failed.url)
                );
                (vec![failed.url.clone()], failed.stalls + 1)
            } else {
                log::warn!(
                    "native film: {} failed: {reason}",
                    redact_tokens(&failed.url)
                );
                media_failed(&app.state::<PackState>(), &failed.url, 0, &reason);
                (Vec::new(), 0)
            };
            candidates.extend(failed.rest.iter().cloned());
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                unhost(&app, failed.host, failed.player);
                let answer = play_first(&app, setup, candidates, stalls).await;
                if let Some(reason) = answer.reason {
                    log::warn!(
                        "native film: the page's <video> plays the film from here: {reason}"
                    );
                    let _ = app.emit_to(setup.host, FILM_FELL_BACK_EVENT, reason);
                }
            });
        }
    }
}

/// Ends the native film, if one plays, and takes it from beneath its page.
pub fn stop<R: Runtime>(app: &AppHandle<R>) {
    let film = app.state::<FilmState>();
    film.starts.fetch_add(1, Ordering::SeqCst);
    let Some(running) = film.running().take() else {
        return;
    };
    running.player.stop();
    unhost(app, running.host, running.player);
}

/// A native film plays beneath the page of another window than `host`.
pub fn plays_elsewhere<R: Runtime>(app: &AppHandle<R>, host: &str) -> bool {
    app.state::<FilmState>()
        .running()
        .as_ref()
        .is_some_and(|running| running.host != host)
}

/// Ends the native film if it plays beneath the page of window `host`: with two screens, the
/// touch screen leaving a screen must not stop the film on the other.
pub fn stop_in<R: Runtime>(app: &AppHandle<R>, host: &str) {
    let plays_there = app
        .state::<FilmState>()
        .running()
        .as_ref()
        .is_some_and(|running| running.host == host);
    if plays_there {
        stop(app);
    }
}

/// Takes a stopped player's picture from beneath the page of its window.
fn unhost<R: Runtime>(app: &AppHandle<R>, host: &str, player: native::Player) {
    if let Some(window) = app.get_webview_window(host) {
        native::unhost(&window, player);
    }
}

/// Moves the trailer playing beneath the page to `rect` (the page's stage after a resize).
pub fn place<R: Runtime>(app: &AppHandle<R>, rect: Rect) {
    let film = app.state::<FilmState>();
    let mut running = film.running();
    let Some(running) = running.as_mut().filter(|r| r.role == Role::Trailer) else {
        return;
    };
    if running.rect == Some(rect) {
        return;
    }
    running.rect = Some(rect);
    if let Some(window) = app.get_webview_window(running.host) {
        native::place(&window, rect);
    }
}

/// Makes a new window ready for a film beneath its page, when this launch plays films natively.
pub fn prepare_window<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    if window.state::<FilmState>().native() {
        native::prepare(window);
    }
}
