//! macOS: the app itself locks the desktop down while it runs (presentation options); the display
//! is put to sleep and woken with the system's own `pmset` and `caffeinate`.
//!
//! Full screen is AppKit's "simple" kind, a borderless window over the whole monitor. Native full
//! screen moves the window to a Space of its own, where the system's proposed presentation
//! options replace the app's (tao's window delegate passes them through), so Cmd+Tab and the
//! force-quit panel would come back.

use super::presentation::KIOSK;
use tauri::{AppHandle, Manager, Runtime, WebviewWindow};

/// Never born full-screen: `fill_monitor` makes a window simple full-screen once it is built.
pub(crate) const BORN_FULL_SCREEN: bool = false;

/// Hides the Dock and menu bar and disables app switching, force quit, the power-key panel and
/// Hide (`NSApplicationPresentationOptions`) while the kiosk runs. Other systems do this outside
/// the app (docs/deploying.md). AppKit takes them on the main thread only, and the watchdog
/// recreates a window from its own thread, so they are sent there.
pub(crate) fn lock_down_desktop<R: Runtime>(app: &AppHandle<R>) {
    if let Err(broken) = KIOSK.check() {
        // AppKit would raise an exception, which aborts the process.
        log::error!("presentation options not set: {broken}");
        return;
    }
    let sent = app.run_on_main_thread(|| {
        use objc2_app_kit::{NSApplication, NSApplicationPresentationOptions};
        let Some(main_thread) = objc2::MainThreadMarker::new() else {
            log::error!("presentation options not set: not on the main thread");
            return;
        };
        // The bits are AppKit's own (`presentation`).
        let options = NSApplicationPresentationOptions(KIOSK.bits() as usize);
        NSApplication::sharedApplication(main_thread).setPresentationOptions(options);
    });
    if let Err(e) = sent {
        log::error!("presentation options not set: {e}");
    }
}

/// Simple full screen sets presentation options of its own (an auto-hiding Dock and menu bar),
/// so the kiosk's are set again after it, in the same queue to the main thread.
pub(crate) fn fill_monitor<R: Runtime>(window: &WebviewWindow<R>, fill: bool) -> tauri::Result<()> {
    window.set_simple_fullscreen(fill)?;
    if fill {
        lock_down_desktop(window.app_handle());
    }
    Ok(())
}

/// Tauri reports native full screen only; a window fills its monitor when it lies exactly over it.
pub(crate) fn fills_monitor<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<bool> {
    let Some(monitor) = window.current_monitor()? else {
        return Ok(false);
    };
    Ok(window.outer_position()? == *monitor.position() && window.outer_size()? == *monitor.size())
}

/// WKWebView has no browser keys of its own to switch off (the page filters the rest).
pub(crate) fn lock_down_webview<R: tauri::Runtime>(_window: &tauri::WebviewWindow<R>) {}

/// WKWebView gives no handle on its web process here: the watchdog's plain reload is all there is.
pub(crate) fn restart_web_process<R: tauri::Runtime>(
    _window: &tauri::WebviewWindow<R>,
) -> Option<tauri::Result<()>> {
    None
}

/// Puts the display to sleep now (`pmset displaysleepnow`); the system stays awake.
pub(crate) fn display_off() -> Result<(), String> {
    run("pmset", &["displaysleepnow"])
}

/// Wakes the display: `caffeinate -u` declares the user active for a moment.
pub(crate) fn display_on() -> Result<(), String> {
    run("caffeinate", &["-u", "-t", "2"])
}

fn run(program: &str, args: &[&str]) -> Result<(), String> {
    match std::process::Command::new(program).args(args).status() {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => Err(format!("{program} {} ended with {status}", args.join(" "))),
        Err(e) => Err(format!("cannot run {program}: {e}")),
    }
}
