//! Starting the kiosk at login (tauri-plugin-autostart), kept in line with the operator's setting.

use tauri::{AppHandle, Manager, Runtime};

/// Makes the OS start the kiosk at login, or stop doing so; the setting is the truth, so this also
/// runs at start to repair an entry removed by hand.
pub fn apply_start_at_login<R: Runtime>(app: &AppHandle<R>, wanted: bool) {
    let Some(launcher) = app.try_state::<tauri_plugin_autostart::AutoLaunchManager>() else {
        return;
    };
    let enabled = launcher.is_enabled().unwrap_or(false);
    if enabled == wanted {
        return;
    }
    let result = if wanted {
        launcher.enable()
    } else {
        launcher.disable()
    };
    match result {
        Ok(()) => log::info!("start at login {}", if wanted { "on" } else { "off" }),
        Err(e) => log::error!("cannot change start at login: {e}"),
    }
}
