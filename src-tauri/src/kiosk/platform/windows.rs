//! Windows: the desktop is locked down outside the app (Shell Launcher or Assigned Access, see
//! docs/deploying.md), WebView2's own browser keys and gestures are switched off on each
//! window's webview, and the webview gives no handle on its web process. The display is
//! switched off with `SC_MONITORPOWER` and on again by a display request; both run on the
//! display-power thread (`awake`), which owns this thread's execution state.

use webview2_com::Microsoft::Web::WebView2::Win32::{
    ICoreWebView2Settings3, ICoreWebView2Settings5, ICoreWebView2Settings6,
};
use windows_core::Interface;
use windows_sys::Win32::System::Power::{
    SetThreadExecutionState, ES_CONTINUOUS, ES_DISPLAY_REQUIRED, ES_SYSTEM_REQUIRED,
};
use windows_sys::Win32::UI::WindowsAndMessaging::{
    SendMessageTimeoutW, HWND_BROADCAST, SC_MONITORPOWER, SMTO_ABORTIFHUNG, WM_SYSCOMMAND,
};

/// `SC_MONITORPOWER`'s argument: the display off (2) and on (-1).
const MONITOR_OFF: isize = 2;
const MONITOR_ON: isize = -1;
/// A window that does not answer the broadcast within this is skipped, not waited for.
const BROADCAST_TIMEOUT_MS: u32 = 2000;

pub(crate) fn lock_down_desktop<R: tauri::Runtime>(_app: &tauri::AppHandle<R>) {}

/// WebView2 handles some keys itself before the page sees them (wry leaves them on): Ctrl+P
/// opens a print dialog whose "Save as PDF" is a file dialog, a way out; Ctrl+F, F5, F12 and
/// Ctrl+Shift+I likewise. The page's own key filter never sees them while it hangs. Off here,
/// with pinch zoom and swipe navigation, on the webview's settings.
pub(crate) fn lock_down_webview<R: tauri::Runtime>(window: &tauri::WebviewWindow<R>) {
    let applied = window.with_webview(|webview| {
        // SAFETY: COM calls on the webview's own controller, on the thread tauri runs this on.
        let result = unsafe {
            webview
                .controller()
                .CoreWebView2()
                .and_then(|core| core.Settings())
                .and_then(|settings| {
                    settings.SetIsZoomControlEnabled(false)?;
                    settings
                        .cast::<ICoreWebView2Settings3>()?
                        .SetAreBrowserAcceleratorKeysEnabled(false)?;
                    settings
                        .cast::<ICoreWebView2Settings5>()?
                        .SetIsPinchZoomEnabled(false)?;
                    settings
                        .cast::<ICoreWebView2Settings6>()?
                        .SetIsSwipeNavigationEnabled(false)
                })
        };
        if let Err(e) = result {
            log::warn!("WebView2's browser keys may still work: {e}");
        }
    });
    if let Err(e) = applied {
        log::warn!("WebView2's settings could not be reached: {e}");
    }
}

pub(crate) fn restart_web_process<R: tauri::Runtime>(
    _window: &tauri::WebviewWindow<R>,
) -> Option<tauri::Result<()>> {
    None
}

/// Switches the display off and keeps the system itself running: on a Modern Standby PC a
/// display switched off with nothing asking for the system lets it fall into standby, and the
/// kiosk with it, until someone presses a key.
pub(crate) fn display_off() -> Result<(), String> {
    // SAFETY: plain Win32 calls with constant arguments and a valid out-pointer.
    unsafe {
        if SetThreadExecutionState(ES_CONTINUOUS | ES_SYSTEM_REQUIRED) == 0 {
            return Err("SetThreadExecutionState refused to keep the system running".into());
        }
        let mut result = 0usize;
        let sent = SendMessageTimeoutW(
            HWND_BROADCAST,
            WM_SYSCOMMAND,
            SC_MONITORPOWER as usize,
            MONITOR_OFF,
            SMTO_ABORTIFHUNG,
            BROADCAST_TIMEOUT_MS,
            &mut result,
        );
        if sent == 0 {
            return Err("the SC_MONITORPOWER broadcast was not delivered".into());
        }
    }
    Ok(())
}

/// Switches the display on again: a display request resets the display's idle timer (the way
/// Windows 8 and later wake it; `SC_MONITORPOWER` on alone is not honoured everywhere), and the
/// keep-awake hold that follows keeps it on.
pub(crate) fn display_on() -> Result<(), String> {
    // SAFETY: as in `display_off`.
    unsafe {
        let mut result = 0usize;
        SendMessageTimeoutW(
            HWND_BROADCAST,
            WM_SYSCOMMAND,
            SC_MONITORPOWER as usize,
            MONITOR_ON,
            SMTO_ABORTIFHUNG,
            BROADCAST_TIMEOUT_MS,
            &mut result,
        );
        // Not continuous: the display request of this moment, the hold's own one lasts.
        if SetThreadExecutionState(ES_DISPLAY_REQUIRED | ES_SYSTEM_REQUIRED) == 0 {
            return Err("SetThreadExecutionState refused the display request".into());
        }
        // The closed night's ES_CONTINUOUS request ends here; the hold takes over.
        SetThreadExecutionState(ES_CONTINUOUS);
    }
    Ok(())
}
