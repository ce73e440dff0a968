//! Windows and other systems: the desktop is locked down outside the app (Shell Launcher or
//! Assigned Access, see docs/deploying.md), and the webview gives no handle on its web process.

pub(crate) fn lock_down_desktop() {}

pub(crate) fn restart_web_process<R: tauri::Runtime>(
    _window: &tauri::WebviewWindow<R>,
) -> Option<tauri::Result<()>> {
    None
}

/// Not built for this system yet: the closed slate goes black instead (docs/deploying.md).
pub(crate) fn display_off() -> Result<(), String> {
    Err("switching the display off is not built for this system yet".into())
}

pub(crate) fn display_on() -> Result<(), String> {
    Ok(())
}
