//! Systems the kiosk is not built for (neither Linux, Windows nor macOS): it runs, with nothing
//! of the OS's own to lock down, restart or switch off.

pub(crate) fn lock_down_desktop<R: tauri::Runtime>(_app: &tauri::AppHandle<R>) {}

/// Nothing to switch off.
pub(crate) fn lock_down_webview<R: tauri::Runtime>(_window: &tauri::WebviewWindow<R>) {}

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
