//! The kiosk window: full-screen on the operator's chosen monitor, undecorated, no devtools, no zoom,
//! no way to navigate away from the app's own pages, and no closing it except from the operator panel.

use serde::Serialize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, PoisonError};
use tauri::webview::NewWindowResponse;
use tauri::{
    webview::PageLoadEvent, AppHandle, Manager, Runtime, Url, WebviewUrl, WebviewWindow,
    WebviewWindowBuilder,
};

pub const MAIN_WINDOW: &str = "main";

/// Only the app's own bundled pages may load in the webview: `tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows. Everything else (a link in pack text, `location = ...` from a
/// compromised page) is refused.
pub fn is_app_url(url: &Url) -> bool {
    match url.scheme() {
        "tauri" => url.host_str() == Some("localhost"),
        "http" | "https" => url.host_str() == Some("tauri.localhost"),
        _ => false,
    }
}

pub fn open_main_window<R: Runtime>(
    app: &AppHandle<R>,
    windowed: bool,
    display: Option<&str>,
) -> tauri::Result<WebviewWindow<R>> {
    let mut builder =
        WebviewWindowBuilder::new(app, MAIN_WINDOW, WebviewUrl::App("index.html".into()))
            .title("Screening Kiosk")
            .on_navigation(|url| {
                let allowed = is_app_url(url);
                if !allowed {
                    log::warn!("blocked navigation to {url}");
                }
                allowed
            })
            .on_page_load(|window, payload| {
                if payload.event() == PageLoadEvent::Finished {
                    log::info!("page loaded: {} ({})", payload.url(), window.label());
                }
            })
            // window.open and target=_blank links would open a second, unlocked window.
            .on_new_window(|url, _features| {
                log::warn!("blocked a new window for {url}");
                NewWindowResponse::Deny
            })
            .on_download(|_webview, _event| false)
            .zoom_hotkeys_enabled(false)
            .devtools(false);
    builder = if windowed {
        builder.inner_size(1280.0, 720.0).resizable(true)
    } else {
        builder
            .fullscreen(true)
            .skip_taskbar(true)
            .decorations(false)
            .always_on_top(true)
            .resizable(false)
    };
    let window = builder.build()?;
    if !windowed {
        cover_display(&window, display)?;
        lock_down_desktop();
    }
    Ok(window)
}

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

/// The index of the display named `wanted` among `names`; `None` (use the primary) when it is not
/// connected. A name is matched exactly, so "HDMI-1" never picks "HDMI-10".
fn pick_display(names: &[String], wanted: &str) -> Option<usize> {
    names.iter().position(|name| name == wanted)
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

/// Moves the kiosk over the whole of the monitor named `display`, or the primary monitor when it is
/// `None` or not connected (a kiosk whose second screen was unplugged must still show something).
/// Without a window manager `fullscreen` is ignored, so the window is also placed explicitly.
pub fn cover_display<R: Runtime>(
    window: &WebviewWindow<R>,
    display: Option<&str>,
) -> tauri::Result<()> {
    let mut monitors = window.available_monitors()?;
    let names: Vec<String> = monitors
        .iter()
        .enumerate()
        .map(|(index, m)| display_name(index, m))
        .collect();
    let chosen = display.and_then(|wanted| {
        let index = pick_display(&names, wanted);
        if index.is_none() {
            log::warn!("display {wanted:?} is not connected; using the primary display");
        }
        index
    });
    let monitor = match chosen {
        Some(index) => Some(monitors.swap_remove(index)),
        None => window.primary_monitor()?.or(window.current_monitor()?),
    };
    if let Some(monitor) = monitor {
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
        // Fullscreen pins a window to its monitor; it is lifted for a move and set again.
        if elsewhere {
            window.set_fullscreen(false)?;
        }
        window.set_position(*monitor.position())?;
        window.set_size(*monitor.size())?;
        if elsewhere {
            window.set_fullscreen(true)?;
        }
    }
    window.set_focus()?;
    Ok(())
}

/// On macOS the app itself hides the Dock and menu bar and disables app switching, force quit and
/// the power-key panel while it runs (`NSApplicationPresentationOptions`). Other systems do this
/// outside the app (docs/deploying.md).
#[cfg(target_os = "macos")]
fn lock_down_desktop() {
    use objc2_app_kit::{NSApplication, NSApplicationPresentationOptions as Options};
    let Some(main_thread) = objc2::MainThreadMarker::new() else {
        log::warn!("presentation options not set: not on the main thread");
        return;
    };
    NSApplication::sharedApplication(main_thread).setPresentationOptions(
        Options::HideDock
            | Options::HideMenuBar
            | Options::DisableProcessSwitching
            | Options::DisableForceQuit
            | Options::DisableSessionTermination
            | Options::DisableHideApplication,
    );
}

#[cfg(not(target_os = "macos"))]
fn lock_down_desktop() {}

/// Keeps the display awake while the kiosk is open, and lets it sleep outside opening hours.
#[derive(Default)]
pub struct DisplayAwake(Mutex<Option<keepawake::KeepAwake>>);

impl DisplayAwake {
    /// Asks the OS to keep the display on. Where the OS offers no way (a minimal Linux session
    /// without a D-Bus screensaver or logind), that is logged, not fatal: the deployment guide says
    /// how to switch blanking off there.
    pub fn hold(&self) {
        let mut held = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if held.is_some() {
            return;
        }
        let awake = keepawake::Builder::default()
            .display(true)
            .idle(true)
            .reason("A festival kiosk is screening a film")
            .app_name("Screening Kiosk")
            .app_reverse_domain("org.screeningkiosk.kiosk")
            .create();
        match awake {
            Ok(awake) => {
                log::info!("keeping the display awake");
                *held = Some(awake);
            }
            Err(e) => log::warn!("cannot keep the display awake: {e}"),
        }
    }

    /// Lets the OS blank the display again (the kiosk is closed for the night).
    pub fn release(&self) {
        if self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
            .is_some()
        {
            log::info!("the display may sleep");
        }
    }
}

/// Whether the app should refuse close requests (Alt+F4, the window manager's close button).
pub struct CloseGuard {
    pub kiosk_mode: bool,
    /// Set when the operator exits from the panel.
    exit_allowed: AtomicBool,
}

impl CloseGuard {
    pub fn new(kiosk_mode: bool) -> Self {
        Self {
            kiosk_mode,
            exit_allowed: AtomicBool::new(false),
        }
    }

    pub fn allow_exit(&self) {
        self.exit_allowed.store(true, Ordering::SeqCst);
    }
}

pub fn should_prevent_close<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<CloseGuard>()
        .is_some_and(|guard| guard.kiosk_mode && !guard.exit_allowed.load(Ordering::SeqCst))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chosen_display_is_found_by_its_exact_name_and_a_missing_one_falls_back() {
        let names: Vec<String> = ["HDMI-10", "HDMI-1", "Display 3"]
            .iter()
            .map(|n| n.to_string())
            .collect();
        assert_eq!(pick_display(&names, "HDMI-1"), Some(1));
        assert_eq!(pick_display(&names, "Display 3"), Some(2));
        assert_eq!(pick_display(&names, "DP-2"), None, "unplugged: the primary");
    }

    #[test]
    fn only_the_apps_own_origin_is_navigable() {
        for allowed in [
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "https://tauri.localhost/x",
        ] {
            assert!(is_app_url(&allowed.parse().unwrap()), "{allowed}");
        }
        for refused in [
            "https://www.govinfo.gov/",
            "http://127.0.0.1:8080/",
            "file:///etc/passwd",
            "tauri://evil.example/",
            "http://tauri.localhost.evil.example/",
            "javascript:alert(1)",
            "data:text/html,hi",
        ] {
            assert!(!is_app_url(&refused.parse().unwrap()), "{refused}");
        }
    }
}
