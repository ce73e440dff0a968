//! macOS: the app itself locks the desktop down while it runs; the display is put to sleep and
//! woken with the system's own `pmset` and `caffeinate`.

/// On macOS the app itself hides the Dock and menu bar and disables app switching, force quit and
/// the power-key panel while it runs (`NSApplicationPresentationOptions`). Other systems do this
/// outside the app (docs/deploying.md).
pub(crate) fn lock_down_desktop() {
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
