//! Operator settings, persisted with tauri-plugin-store in the app's data folder.

use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

pub const STORE_FILE: &str = "settings.json";
const STORE_KEY: &str = "settings";
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

/// Reads the stored settings. A stored value that does not parse or validate is reported and the
/// defaults are used for this run, but the file is left as it is so an operator can inspect it.
pub fn load<R: Runtime>(app: &AppHandle<R>) -> crate::Result<Settings> {
    let store = app
        .store(STORE_FILE)
        .map_err(|e| crate::Error::Settings(e.to_string()))?;
    let Some(stored) = store.get(STORE_KEY) else {
        return Ok(Settings::default());
    };
    let settings: Settings = serde_json::from_value(stored)
        .map_err(|e| crate::Error::Settings(format!("{STORE_FILE}: {e}")))?;
    settings
        .validate()
        .map_err(|e| crate::Error::Settings(format!("{STORE_FILE}: {e}")))?;
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
