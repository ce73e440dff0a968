//! What the kiosk asks of each operating system, one file per system with the same functions:
//! `lock_down_desktop` (what the app itself can do against leaving it), `fill_monitor` /
//! `fills_monitor` (full screen; on macOS its "simple" kind, `macos.rs` says why), `lock_down_webview` (the
//! webview's own keys and gestures a page cannot stop), `restart_web_process`
//! (end a page stuck in a script, where the webview allows it), and `display_off` / `display_on`
//! (the display asleep outside opening hours, where the system lets an app do it).

#[cfg_attr(target_os = "linux", path = "linux.rs")]
#[cfg_attr(target_os = "macos", path = "macos.rs")]
#[cfg_attr(target_os = "windows", path = "windows.rs")]
#[cfg_attr(
    not(any(target_os = "linux", target_os = "macos", target_os = "windows")),
    path = "other.rs"
)]
mod os;

#[cfg(not(target_os = "macos"))]
#[path = "native_full_screen.rs"]
mod full_screen;
#[cfg(target_os = "macos")]
use os as full_screen;

// Pure: compiled and tested on every system, used on macOS.
#[cfg_attr(not(target_os = "macos"), allow(dead_code))]
mod presentation;

pub(crate) use full_screen::{fill_monitor, fills_monitor, BORN_FULL_SCREEN};
pub(crate) use os::{
    display_off, display_on, lock_down_desktop, lock_down_webview, restart_web_process,
};
