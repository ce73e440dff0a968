//! Operator settings, persisted with tauri-plugin-store in the app's data folder.

use crate::settings_file::{self, Source};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreBuilder;

pub const STORE_FILE: &str = "settings.json";
pub const STORE_KEY: &str = "settings";
pub const DEFAULT_IDLE_TIMEOUT_SECS: u32 = 90;
/// Below this a visitor cannot finish reading a paragraph; above it the next visitor meets a stale screen.
pub const IDLE_TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 10..=3600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub idle_timeout_secs: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            idle_timeout_secs: DEFAULT_IDLE_TIMEOUT_SECS,
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Result<(), String> {
        if !IDLE_TIMEOUT_RANGE.contains(&self.idle_timeout_secs) {
            return Err(format!(
                "idleTimeoutSecs {} is outside {}..={} seconds",
                self.idle_timeout_secs,
                IDLE_TIMEOUT_RANGE.start(),
                IDLE_TIMEOUT_RANGE.end()
            ));
        }
        Ok(())
    }
}

/// Reads the stored settings through the power-loss-safe file layer (see `settings_file`) and
/// hands them to the store, whose own plain-write save the kiosk never uses. A damaged file falls
/// back to its last good copy, and the fallback is logged.
pub fn load<R: Runtime>(app: &AppHandle<R>) -> crate::Result<Settings> {
    let path = app
        .path()
        .app_data_dir()
        .map_err(|e| crate::Error::Settings(e.to_string()))?
        .join(STORE_FILE);
    let (settings, source) = settings_file::load(&path);
    match &source {
        Source::Saved | Source::FirstRun => {}
        Source::LastGood { problem } => {
            log::error!("settings damaged, using the last good copy: {problem}")
        }
        Source::Defaults { problem } => {
            log::error!("settings and their last good copy are damaged, using defaults: {problem}")
        }
    }
    // Auto-save off: the store's own save is a plain write, the one thing a power cut must not hit.
    let store = StoreBuilder::new(app, STORE_FILE)
        .disable_auto_save()
        .build()
        .map_err(|e| crate::Error::Settings(e.to_string()))?;
    let value =
        serde_json::to_value(&settings).map_err(|e| crate::Error::Settings(e.to_string()))?;
    store.set(STORE_KEY, value);
    Ok(settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_out_of_range_values_are_not() {
        assert!(Settings::default().validate().is_ok());
        let too_short = Settings {
            idle_timeout_secs: 3,
        };
        assert!(too_short
            .validate()
            .unwrap_err()
            .contains("outside 10..=3600"));
    }

    #[test]
    fn missing_fields_fall_back_to_defaults() {
        let parsed: Settings = serde_json::from_str("{}").unwrap();
        assert_eq!(parsed, Settings::default());
    }
}
