//! The kiosk's windows (one per screen, `roles`): full-screen on the operator's chosen monitor,
//! undecorated, no devtools, no zoom, no way to navigate away from the app's own pages, and no
//! closing them except from the operator panel.

use super::displays::{arrange_windows, cover_display, Settle};
use super::platform;
use super::roles::FILM_WINDOW;
use std::sync::atomic::{AtomicBool, Ordering};
use tauri::webview::NewWindowResponse;
use tauri::{
    webview::PageLoadEvent, AppHandle, Manager, Runtime, Url, WebviewUrl, WebviewWindow,
    WebviewWindowBuilder, Window, WindowEvent,
};

pub const MAIN_WINDOW: &str = "main";

/// Only the app's own bundled pages may load in the webview: `tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows. Everything else (a link in pack text, `location = ...` from a
/// compromised page) is refused. The whole origin is compared: another port on `tauri.localhost` is
/// another server (the name resolves to this machine, where any local process can listen).
pub fn is_app_url(url: &Url) -> bool {
    // `port()` is `None` for the scheme's default port, the only one the app's origin uses.
    let host = match url.scheme() {
        "tauri" => "localhost",
        "http" | "https" => "tauri.localhost",
        _ => return false,
    };
    url.host_str() == Some(host) && url.port().is_none()
}

/// Opens the kiosk's windows at launch: the touch screen's (or the one screen's) on its display,
/// then, with two screens, the film screen's on its own.
pub fn open_kiosk_windows<R: Runtime>(app: &AppHandle<R>, windowed: bool) -> tauri::Result<()> {
    let display = app
        .state::<crate::settings::SettingsState>()
        .stored()
        .display;
    open_main_window(app, windowed, display.as_deref())?;
    arrange_windows(app, Settle::DontWait);
    Ok(())
}

/// Opens window `label` again after the watchdog closed it, in the part it played.
pub fn reopen_window<R: Runtime>(
    app: &AppHandle<R>,
    label: &str,
    windowed: bool,
) -> tauri::Result<()> {
    if label == FILM_WINDOW {
        open_window(app, FILM_WINDOW, windowed)?;
    } else {
        open_window(app, MAIN_WINDOW, windowed)?;
    }
    arrange_windows(app, Settle::DontWait);
    Ok(())
}

fn open_main_window<R: Runtime>(
    app: &AppHandle<R>,
    windowed: bool,
    display: Option<&str>,
) -> tauri::Result<WebviewWindow<R>> {
    let window = open_window(app, MAIN_WINDOW, windowed)?;
    if !windowed {
        cover_display(&window, display)?;
    }
    Ok(window)
}

/// Opens one of the kiosk's windows, locked down; `arrange_windows` puts it on its display.
pub fn open_window<R: Runtime>(
    app: &AppHandle<R>,
    label: &str,
    windowed: bool,
) -> tauri::Result<WebviewWindow<R>> {
    let title = if label == FILM_WINDOW {
        "Screening Kiosk (film screen)"
    } else {
        "Screening Kiosk"
    };
    let mut builder = WebviewWindowBuilder::new(app, label, WebviewUrl::App("index.html".into()))
        .title(title)
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
            // A window born full-screen is full-screen on the primary monitor, and stays that
            // size when moved to the film screen's; `cover_display` makes it full-screen where
            // it belongs.
            .fullscreen(platform::BORN_FULL_SCREEN && label != FILM_WINDOW)
            .skip_taskbar(true)
            .decorations(false)
            .always_on_top(true)
            .resizable(false)
    };
    let window = builder.build()?;
    super::film::prepare_window(&window);
    platform::lock_down_webview(&window);
    if !windowed {
        platform::lock_down_desktop(app);
    }
    Ok(window)
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

/// What the kiosk does with window events: close requests are refused in kiosk mode, and files
/// dropped on it are ignored (Tauri's own drop handler swallows the drop, so the webview never
/// opens the file).
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    match event {
        WindowEvent::CloseRequested { api, .. } if should_prevent_close(window.app_handle()) => {
            log::warn!("close request refused: the kiosk only closes from the operator panel");
            api.prevent_close();
        }
        WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
            log::warn!("ignored {} item(s) dropped on the kiosk", paths.len());
        }
        // The film's widget went with the window (the watchdog replaces it): its page starts
        // the film again in the new one.
        WindowEvent::Destroyed => {
            super::film::stop_in(window.app_handle(), window.label());
            if let Some(roles) = window.app_handle().try_state::<super::RoleBoard>() {
                roles.page_gone(window.label());
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WebView2 gets `--autoplay-policy=no-user-gesture-required` from wry only while no window sets
    /// browser arguments of its own (tauri#9968); without it the film screen, which no visitor
    /// touches, could not start the trailer with sound on Windows.
    #[test]
    fn no_window_replaces_wrys_webview2_arguments_and_with_them_autoplay() {
        let config: serde_json::Value =
            serde_json::from_str(include_str!("../../../tauri.conf.json")).unwrap();
        let windows = config["app"]["windows"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        for window in windows {
            assert!(window.get("additionalBrowserArgs").is_none(), "{window}");
        }
        let builder_call = concat!(".additional", "_browser_args(");
        assert!(!include_str!("window.rs").contains(builder_call));
    }

    #[test]
    fn only_the_apps_own_origin_is_navigable() {
        for allowed in [
            "tauri://localhost/index.html",
            "http://tauri.localhost/",
            "https://tauri.localhost/x",
            "http://tauri.localhost:80/",
        ] {
            assert!(is_app_url(&allowed.parse().unwrap()), "{allowed}");
        }
        for refused in [
            "https://www.govinfo.gov/",
            "http://127.0.0.1:8080/",
            "file:///etc/passwd",
            "tauri://evil.example/",
            "http://tauri.localhost.evil.example/",
            "http://tauri.localhost:8080/",
            "https://tauri.localhost:4443/x",
            "tauri://localhost:1234/index.html",
            "javascript:alert(1)",
            "data:text/html,hi",
        ] {
            assert!(!is_app_url(&refused.parse().unwrap()), "{refused}");
        }
    }
}
