//! The kiosk window: full-screen on the monitor, undecorated, no devtools, no zoom, no way to navigate
//! away from the app's own pages, and no closing it from the keyboard.

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
        cover_monitor(&window)?;
    }
    Ok(window)
}

/// Without a window manager `fullscreen` is ignored and the window stays at its default size, so the
/// window is also placed over the whole monitor explicitly.
fn cover_monitor<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    let monitor = match window.current_monitor()? {
        Some(monitor) => Some(monitor),
        None => window.primary_monitor()?,
    };
    if let Some(monitor) = monitor {
        window.set_position(*monitor.position())?;
        window.set_size(*monitor.size())?;
    }
    window.set_focus()?;
    Ok(())
}

/// Holds the display awake for as long as it lives.
pub struct DisplayAwake(#[allow(dead_code)] std::sync::Mutex<keepawake::KeepAwake>);

/// Asks the OS to keep the display on while the kiosk runs. Where the OS offers no way (a minimal
/// Linux session without a D-Bus screensaver or logind), that is logged, not fatal: the deployment
/// guide says how to switch blanking off there.
pub fn keep_display_awake() -> Option<DisplayAwake> {
    let awake = keepawake::Builder::default()
        .display(true)
        .idle(true)
        .reason("A festival kiosk is screening a film")
        .app_name("Screening Kiosk")
        .app_reverse_domain("org.screeningkiosk.app")
        .create();
    match awake {
        Ok(awake) => Some(DisplayAwake(std::sync::Mutex::new(awake))),
        Err(e) => {
            log::warn!("cannot keep the display awake: {e}");
            None
        }
    }
}

/// Whether the app should refuse close requests (Alt+F4, the window manager's close button).
pub struct CloseGuard {
    pub kiosk_mode: bool,
}

pub fn should_prevent_close<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<CloseGuard>()
        .is_some_and(|guard| guard.kiosk_mode)
}

#[cfg(test)]
mod tests {
    use super::*;

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
