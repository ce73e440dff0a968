//! Full screen as the window system gives it (Linux, Windows): the window manager pins a
//! full-screen window to its monitor and its size, and says whether a window is full-screen.

use tauri::{Runtime, WebviewWindow};

/// Windows are made full-screen when they are built.
pub(crate) const BORN_FULL_SCREEN: bool = true;

pub(crate) fn fill_monitor<R: Runtime>(window: &WebviewWindow<R>, fill: bool) -> tauri::Result<()> {
    window.set_fullscreen(fill)
}

pub(crate) fn fills_monitor<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<bool> {
    window.is_fullscreen()
}
