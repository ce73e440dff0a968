//! The monitors: which are connected, as the operator panel lists them, covering the chosen one
//! (by name, falling back to the primary when it is not connected), and following them as they
//! come and go (a cable pulled, a projector switched off and on).

use super::platform;
use super::roles::{arrange, Arrangement, Cover, Offered, RoleBoard, ScreenRole, FILM_WINDOW};
use super::window::{open_window, CloseGuard, MAIN_WINDOW};
use crate::events::ROLE_CHANGED_EVENT;
use crate::settings::durable::{self, Stored};
use crate::settings::{Settings, SettingsState};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Manager, Runtime, WebviewWindow};

/// How often the monitors are looked at: one that comes or goes is followed within this.
const LAYOUT_LOOK_EVERY: Duration = Duration::from_secs(2);

/// A monitor as the operator panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DisplayView {
    pub name: String,
    pub width: u32,
    pub height: u32,
    pub primary: bool,
}

/// The name a monitor is listed and chosen by: the OS's name, else its place in the list (some
/// drivers and virtual monitors have no name).
fn display_name(index: usize, monitor: &tauri::Monitor) -> String {
    monitor
        .name()
        .cloned()
        .unwrap_or_else(|| format!("Display {}", index + 1))
}

/// Where each chosen display was last seen, in the data folder: a connector can come back under
/// another name (another port, another driver, X11 against Wayland) at the same place.
pub const DISPLAY_PLACES_FILE: &str = "displays.json";
/// More displays than any kiosk was ever given; older names are forgotten first.
const MAX_REMEMBERED_DISPLAYS: usize = 16;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
struct DisplayPlaces {
    /// Name to the top-left corner it was last seen at.
    by_name: BTreeMap<String, (i32, i32)>,
}

impl Stored for DisplayPlaces {
    const KEY: &'static str = "displays";
    fn validate(&self) -> Result<(), String> {
        if self.by_name.len() > MAX_REMEMBERED_DISPLAYS {
            return Err(format!("more than {MAX_REMEMBERED_DISPLAYS} displays"));
        }
        Ok(())
    }
}

/// The places of the displays the kiosk was told to cover.
pub struct DisplayMemory {
    path: PathBuf,
    places: Mutex<DisplayPlaces>,
}

impl DisplayMemory {
    pub fn load(data_dir: &Path) -> Self {
        let path = data_dir.join(DISPLAY_PLACES_FILE);
        let (places, _) = durable::load::<DisplayPlaces>(&path);
        Self {
            path,
            places: Mutex::new(places),
        }
    }

    fn place_of(&self, name: &str) -> Option<(i32, i32)> {
        let places = self.places.lock().unwrap_or_else(PoisonError::into_inner);
        places.by_name.get(name).copied()
    }

    fn remember(&self, name: &str, place: (i32, i32)) {
        let mut places = self.places.lock().unwrap_or_else(PoisonError::into_inner);
        if places.by_name.get(name) == Some(&place) {
            return;
        }
        if places.by_name.len() >= MAX_REMEMBERED_DISPLAYS {
            places.by_name.clear();
        }
        places.by_name.insert(name.to_string(), place);
        if let Err(e) = durable::save(&self.path, &*places) {
            log::warn!("cannot note where display {name:?} is: {e}");
        }
    }
}

/// The index of the display named `wanted` among `names`, else of the one at the place `wanted`
/// was last seen at; `None` (use the primary) when neither is connected. A name is matched
/// exactly, so "HDMI-1" never picks "HDMI-10".
fn pick_display(
    names: &[String],
    places: &[(i32, i32)],
    wanted: &str,
    last_seen_at: Option<(i32, i32)>,
) -> Option<usize> {
    names
        .iter()
        .position(|name| name == wanted)
        .or_else(|| places.iter().position(|place| Some(*place) == last_seen_at))
}

/// The monitors connected now, as the kiosk window sees them (asked through the window, which every
/// runtime answers, the test runtime included).
pub fn displays<R: Runtime>(window: &WebviewWindow<R>) -> Vec<DisplayView> {
    let primary = window.primary_monitor().ok().flatten();
    window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(index, monitor)| DisplayView {
            name: display_name(index, monitor),
            width: monitor.size().width,
            height: monitor.size().height,
            primary: primary
                .as_ref()
                .is_some_and(|p| p.position() == monitor.position() && p.size() == monitor.size()),
        })
        .collect()
}

/// Each monitor's name and top-left corner, in the OS's order: what `pick_display` chooses from.
fn names_and_places(monitors: &[tauri::Monitor]) -> (Vec<String>, Vec<(i32, i32)>) {
    monitors
        .iter()
        .enumerate()
        .map(|(index, m)| (display_name(index, m), (m.position().x, m.position().y)))
        .unzip()
}

/// Moves the kiosk over the whole of the monitor named `display`, or the primary monitor when it is
/// `None` or not connected (a kiosk whose second screen was unplugged must still show something).
/// Without a window manager `fullscreen` is ignored, so the window is also placed explicitly.
/// Returns the monitor it covers.
pub fn cover_display<R: Runtime>(
    window: &WebviewWindow<R>,
    display: Option<&str>,
) -> tauri::Result<Option<tauri::Monitor>> {
    let mut monitors = window.available_monitors()?;
    let (names, places) = names_and_places(&monitors);
    let memory = window.app_handle().try_state::<DisplayMemory>();
    let chosen = display.and_then(|wanted| {
        let last_seen_at = memory.as_ref().and_then(|m| m.place_of(wanted));
        let index = pick_display(&names, &places, wanted, last_seen_at);
        match index {
            None => log::warn!("display {wanted:?} is not connected; using the primary display"),
            Some(index) if names[index] != wanted => log::warn!(
                "display {wanted:?} is not connected by that name; using {:?}, where it was",
                names[index]
            ),
            Some(index) => {
                if let Some(memory) = &memory {
                    memory.remember(wanted, places[index]);
                }
            }
        }
        index
    });
    let monitor = match chosen {
        Some(index) => Some(monitors.swap_remove(index)),
        None => window.primary_monitor()?.or(window.current_monitor()?),
    };
    if let Some(monitor) = &monitor {
        log::info!(
            "filling a {}x{} display at {},{} (connected: {names:?})",
            monitor.size().width,
            monitor.size().height,
            monitor.position().x,
            monitor.position().y,
        );
        let elsewhere = window
            .current_monitor()?
            .is_some_and(|current| current.position() != monitor.position());
        // A monitor that went away leaves a full-screen window where the window manager put it,
        // at the old size.
        let misfit = window.outer_size()? != *monitor.size();
        // Fullscreen pins a window to its monitor and its size; it is lifted for a move and set
        // again.
        let refit = elsewhere || misfit || !platform::fills_monitor(window)?;
        if refit {
            platform::fill_monitor(window, false)?;
        }
        window.set_position(*monitor.position())?;
        window.set_size(*monitor.size())?;
        if refit {
            platform::fill_monitor(window, true)?;
        }
    }
    window.set_focus()?;
    Ok(monitor)
}

/// How long the window manager gets to carry out a move before it is checked.
const MOVE_SETTLES_IN: Duration = Duration::from_millis(600);

/// Covers the chosen display and checks that the window manager did it: a full-screen window
/// moved between monitors can land at its old size when the requests cross, so it is tried again,
/// three times at most.
pub fn cover_and_check<R: Runtime>(window: &WebviewWindow<R>, display: Option<&str>) {
    for _ in 0..3 {
        let target = match cover_display(window, display) {
            Ok(Some(target)) => target,
            Ok(None) => return,
            Err(e) => {
                log::error!("cannot cover a display after the change: {e}");
                return;
            }
        };
        std::thread::sleep(MOVE_SETTLES_IN);
        let fits = window.outer_position().ok() == Some(*target.position())
            && window.outer_size().ok() == Some(*target.size());
        if fits {
            return;
        }
    }
    log::warn!("the window manager did not put the kiosk where it was asked to");
}

/// Whether a placement waits for the window manager's answer and tries again: only off the main
/// thread, through whose loop the answer comes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Settle {
    Check,
    DontWait,
}

/// The connected monitor the display named `wanted` is, by name or where it was last seen.
fn find_display<R: Runtime>(
    app: &AppHandle<R>,
    monitors: &[tauri::Monitor],
    wanted: &str,
) -> Option<usize> {
    let (names, places) = names_and_places(monitors);
    let last_seen_at = app
        .try_state::<DisplayMemory>()
        .and_then(|memory| memory.place_of(wanted));
    pick_display(&names, &places, wanted, last_seen_at)
}

/// What the connected monitors offer the chosen displays: the touch screen's is there when it is
/// the primary or connected; the film's when it is connected and another monitor than the touch
/// screen's.
fn offered<R: Runtime>(
    app: &AppHandle<R>,
    monitors: &[tauri::Monitor],
    primary: Option<&tauri::Monitor>,
    settings: &Settings,
) -> Offered {
    let primary_index = primary.and_then(|p| {
        monitors
            .iter()
            .position(|m| m.position() == p.position() && m.size() == p.size())
    });
    let touch_index = match &settings.display {
        None => primary_index,
        Some(wanted) => find_display(app, monitors, wanted),
    };
    let film_index = settings
        .film_display
        .as_deref()
        .and_then(|wanted| find_display(app, monitors, wanted));
    Offered {
        touch: settings.display.is_none() || touch_index.is_some(),
        film: film_index.is_some() && film_index != touch_index.or(primary_index),
    }
}

/// Gives each window its part for the monitors connected now: covers its display, or hides it,
/// opens the film window when two screens are set up and closes it when they are not, and tells
/// a page whose part changed (`role-changed`). Logged.
pub fn arrange_windows<R: Runtime>(app: &AppHandle<R>, settle: Settle) {
    let Some(main) = app.get_webview_window(MAIN_WINDOW) else {
        return;
    };
    let settings = app.state::<SettingsState>().stored();
    let monitors = main.available_monitors().unwrap_or_default();
    let primary = main.primary_monitor().ok().flatten();
    let two_screens = settings.film_display.is_some();
    let arrangement: Arrangement = arrange(
        two_screens,
        offered(app, &monitors, primary.as_ref(), &settings),
        settings.when_display_gone,
    );
    place_window(app, &main, arrangement.main, &settings, settle);
    match arrangement.film {
        Some(part) => {
            let film = match app.get_webview_window(FILM_WINDOW) {
                Some(film) => Some(film),
                None => {
                    // Its page asks for its part as it loads: the board knows it first.
                    app.state::<RoleBoard>().set(FILM_WINDOW, part.0);
                    open_window(app, FILM_WINDOW, windowed(app))
                        .map_err(|e| log::error!("cannot open the film screen's window: {e}"))
                        .ok()
                }
            };
            if let Some(film) = film {
                place_window(app, &film, part, &settings, settle);
            }
        }
        None => {
            if let Some(film) = app.get_webview_window(FILM_WINDOW) {
                log::info!("one screen: the film screen's window closes");
                super::film::stop_in(app, FILM_WINDOW);
                if let Err(e) = film.destroy() {
                    log::error!("cannot close the film screen's window: {e}");
                }
            }
            app.state::<RoleBoard>().forget(FILM_WINDOW);
        }
    }
    // The keyboard (the operator's chord, a visitor's keys) belongs to the touch screen.
    if arrangement.main.1 != Cover::Hidden {
        if let Err(e) = main.set_focus() {
            log::warn!("cannot give the touch screen the keyboard: {e}");
        }
    }
}

fn windowed<R: Runtime>(app: &AppHandle<R>) -> bool {
    !app.try_state::<CloseGuard>().is_some_and(|g| g.kiosk_mode)
}

fn place_window<R: Runtime>(
    app: &AppHandle<R>,
    window: &WebviewWindow<R>,
    (role, cover): (ScreenRole, Cover),
    settings: &Settings,
    settle: Settle,
) {
    let label = window.label();
    if app.state::<RoleBoard>().set(label, role) {
        log::info!("the {label} window plays the {role:?} part ({cover:?})");
        if let Err(e) = app.emit_to(label, ROLE_CHANGED_EVENT, role) {
            log::error!("cannot tell the {label} window its part: {e}");
        }
    }
    let display = match cover {
        Cover::Hidden => {
            if role == ScreenRole::Standby {
                super::film::stop_in(app, label);
            }
            if let Err(e) = window.hide() {
                log::error!("cannot hide the {label} window: {e}");
            }
            return;
        }
        Cover::TouchDisplay => settings.display.as_deref(),
        Cover::FilmDisplay => settings.film_display.as_deref(),
    };
    if let Err(e) = window.show() {
        log::error!("cannot show the {label} window: {e}");
    }
    if windowed(app) {
        return;
    }
    match settle {
        Settle::Check => cover_and_check(window, display),
        Settle::DontWait => {
            if let Err(e) = cover_display(window, display) {
                log::error!("cannot cover a display with the {label} window: {e}");
            }
        }
    }
}

/// A layout as the kiosk compares it: each monitor's name, place and size, in name order (the OS
/// may list the same monitors in another order).
type Layout = Vec<(String, i32, i32, u32, u32)>;

fn layout_of(monitors: &[tauri::Monitor]) -> Layout {
    in_name_order(
        monitors
            .iter()
            .enumerate()
            .map(|(index, m)| {
                (
                    display_name(index, m),
                    m.position().x,
                    m.position().y,
                    m.size().width,
                    m.size().height,
                )
            })
            .collect(),
    )
}

fn in_name_order(mut layout: Layout) -> Layout {
    layout.sort();
    layout
}

/// Watches the monitors on a thread of its own; when the layout changes, each window covers its
/// chosen display again, or takes the part the remaining monitors leave it (`roles`), and goes
/// back once the display returns.
pub fn follow_displays<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("displays".into())
        .spawn(move || {
            let mut last: Option<Layout> = None;
            // The first look at once: the layout the window was just placed on.
            let mut first = true;
            loop {
                if !std::mem::take(&mut first) {
                    std::thread::sleep(LAYOUT_LOOK_EVERY);
                }
                let Some(window) = app.get_webview_window(MAIN_WINDOW) else {
                    continue;
                };
                let Ok(monitors) = window.available_monitors() else {
                    continue;
                };
                let layout = layout_of(&monitors);
                if last.is_none() {
                    log::info!("following the displays: {layout:?}");
                }
                if last.as_ref().is_some_and(|last| *last != layout) {
                    log::info!("the displays changed: {layout:?}");
                    arrange_windows(&app, Settle::Check);
                }
                last = Some(layout);
            }
        });
    if let Err(e) = spawned {
        log::error!("monitors that come and go will not be followed: {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_display_is_found_by_its_exact_name_else_at_its_place_and_a_missing_one_falls_back(
    ) {
        let names: Vec<String> = ["HDMI-10", "HDMI-1", "Display 3"]
            .iter()
            .map(|n| n.to_string())
            .collect();
        let places = [(0, 0), (1920, 0), (3200, 0)];
        assert_eq!(pick_display(&names, &places, "HDMI-1", None), Some(1));
        assert_eq!(
            pick_display(&names, &places, "HDMI-1", Some((3200, 0))),
            Some(1)
        );
        assert_eq!(pick_display(&names, &places, "Display 3", None), Some(2));
        assert_eq!(
            pick_display(&names, &places, "HDMI-A-1", Some((1920, 0))),
            Some(1),
            "renamed, at the same place"
        );
        assert_eq!(
            pick_display(&names, &places, "DP-2", Some((0, 1080))),
            None,
            "unplugged: the primary"
        );
    }

    #[test]
    fn where_a_chosen_display_was_seen_is_kept_across_starts() {
        let data = tempfile::tempdir().unwrap();
        DisplayMemory::load(data.path()).remember("VNC-1", (1920, 0));
        let again = DisplayMemory::load(data.path());
        assert_eq!(again.place_of("VNC-1"), Some((1920, 0)));
        assert_eq!(again.place_of("VNC-2"), None);
    }

    #[test]
    fn the_same_monitors_listed_in_another_order_are_no_change_and_a_moved_one_is() {
        let hdmi = ("HDMI-1".to_string(), 0, 0, 1920, 1080);
        let dp = ("DP-1".to_string(), 1920, 0, 1280, 720);
        let layout = in_name_order(vec![hdmi.clone(), dp.clone()]);
        assert_eq!(layout, in_name_order(vec![dp.clone(), hdmi.clone()]));
        let moved = ("DP-1".to_string(), 0, 1080, 1280, 720);
        assert_ne!(layout, in_name_order(vec![hdmi.clone(), moved]));
        assert_ne!(layout, in_name_order(vec![hdmi]), "unplugged");
    }
}
