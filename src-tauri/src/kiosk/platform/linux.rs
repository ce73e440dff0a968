//! Linux (WebKitGTK): the desktop is locked down outside the app (a kiosk session such as cage, see
//! docs/deploying.md), a hung page's web process can be ended from here, and the display is
//! switched off and on through the X server's DPMS extension, or under Wayland through the
//! compositor's wlr-output-power-management (`wayland`).

#[path = "wayland.rs"]
mod wayland;

use x11rb::connection::RequestConnection;
use x11rb::protocol::dpms::{self, ConnectionExt as _, DPMSMode};

/// Nothing to do from inside the app; the kiosk session has no desktop to leave to.
pub(crate) fn lock_down_desktop<R: tauri::Runtime>(_app: &tauri::AppHandle<R>) {}

/// WebKitGTK has no browser keys of its own to switch off (the page filters the rest).
pub(crate) fn lock_down_webview<R: tauri::Runtime>(_window: &tauri::WebviewWindow<R>) {}

/// A page stuck in a script never gets to a reload request: end its web process first, and WebKit
/// starts a fresh one for the reload.
pub(crate) fn restart_web_process<R: tauri::Runtime>(
    window: &tauri::WebviewWindow<R>,
) -> Option<tauri::Result<()>> {
    Some(window.with_webview(|webview| {
        use webkit2gtk::WebViewExt;
        let view = webview.inner();
        view.terminate_web_process();
        view.reload();
    }))
}

/// Switches the display off, until `display_on`: through the Wayland compositor in a Wayland
/// session (XWayland's DPMS would switch nothing), else through the X server (DPMS); says why
/// not where it cannot (a compositor without the protocol, a server without DPMS, as virtual
/// ones are).
pub(crate) fn display_off() -> Result<(), String> {
    if in_wayland_session() {
        return wayland::set_outputs_power(false);
    }
    dpms_level(DPMSMode::OFF)
}

/// Switches the display on again and, under X, keeps the server's own power saving off, so
/// nothing blanks it during opening hours.
pub(crate) fn display_on() -> Result<(), String> {
    if in_wayland_session() {
        return wayland::set_outputs_power(true);
    }
    dpms_level(DPMSMode::ON)
}

fn in_wayland_session() -> bool {
    std::env::var_os("WAYLAND_DISPLAY").is_some()
}

fn dpms_level(level: DPMSMode) -> Result<(), String> {
    if std::env::var_os("DISPLAY").is_none() {
        return Err("no X display".into());
    }
    let (connection, _) =
        x11rb::connect(None).map_err(|e| format!("cannot reach the X server: {e}"))?;
    let failed = |e: &dyn std::fmt::Display| format!("the X server's DPMS: {e}");
    if connection
        .extension_information(dpms::X11_EXTENSION_NAME)
        .map_err(|e| failed(&e))?
        .is_none()
    {
        return Err("this X server has no DPMS extension".into());
    }
    if !connection
        .dpms_capable()
        .map_err(|e| failed(&e))?
        .reply()
        .map_err(|e| failed(&e))?
        .capable
    {
        return Err("this X server's display cannot be powered down".into());
    }
    // Forcing a level needs DPMS enabled; once on again, it is disabled, so the server's own
    // timeouts never blank the screen during opening hours.
    connection
        .dpms_enable()
        .map_err(|e| failed(&e))?
        .check()
        .map_err(|e| failed(&e))?;
    connection
        .dpms_force_level(level)
        .map_err(|e| failed(&e))?
        .check()
        .map_err(|e| failed(&e))?;
    if level == DPMSMode::ON {
        connection
            .dpms_disable()
            .map_err(|e| failed(&e))?
            .check()
            .map_err(|e| failed(&e))?;
    }
    Ok(())
}
