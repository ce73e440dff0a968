//! Applying the operator's saved settings to the running kiosk: another content folder, another
//! display, start at login, opening hours; the page applies its part when it hears
//! `settings-changed`.

use crate::events::SETTINGS_CHANGED_EVENT;
use crate::kiosk::{self, MAIN_WINDOW};
use crate::settings::{self, Settings, SettingsState};
use crate::unattended::{apply_start_at_login, refresh_opening};
use crate::Result;
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// Saves the operator's settings and applies them to the running kiosk; the UI applies its part
/// when it hears `settings-changed`.
pub fn save_settings<R: Runtime>(app: &AppHandle<R>, new: Settings) -> Result<Settings> {
    let state = app.state::<SettingsState>();
    let old = state.stored();
    settings::save(app, &state, new.clone())?;
    log::info!("operator saved settings: {new:?}");
    if old.content_dir != new.content_dir {
        kiosk::switch_content(app, new.content_dir.clone());
    }
    let screens_changed = old.display != new.display
        || old.film_display != new.film_display
        || old.when_display_gone != new.when_display_gone;
    if screens_changed && app.get_webview_window(MAIN_WINDOW).is_some() {
        // Checked off this thread: the window manager's answer comes through the main loop.
        let app = app.clone();
        std::thread::spawn(move || kiosk::arrange_windows(&app, kiosk::Settle::Check));
    }
    if old.start_at_login != new.start_at_login {
        apply_start_at_login(app, new.start_at_login);
    }
    refresh_opening(app);
    // The page plays by what is in effect (launch flags, the fleet's plan); the panel edits what
    // is stored, so a second save never writes the plan's hours down as the operator's.
    if let Err(e) = app.emit(SETTINGS_CHANGED_EVENT, &state.effective()) {
        log::error!("cannot tell the UI about new settings: {e}");
    }
    Ok(state.stored())
}
