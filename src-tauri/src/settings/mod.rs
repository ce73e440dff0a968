//! Operator settings: typed, validated, persisted power-loss-safely (`durable`, the layer every
//! file the kiosk keeps uses) and mirrored into tauri-plugin-store, whose own plain-write save the
//! kiosk never uses. The bottom room besides `content` and `media`: everyone reads settings.

mod data_dir;
pub mod durable;
mod fleet;
mod hours;

pub use data_dir::{data_dir, log_dir_override, DATA_DIR_ENV};
pub use fleet::{is_kiosk_id, FleetSettings, DEFAULT_HEARTBEAT_SECS, DEFAULT_PACKS_FOLDER_ID};
pub use hours::{parse_time_of_day, OpeningHours};

use durable::{Source, Stored};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_store::StoreBuilder;

pub const STORE_FILE: &str = "settings.json";
pub const STORE_KEY: &str = "settings";
pub const DEFAULT_IDLE_TIMEOUT_SECS: u32 = 90;
/// Below this a visitor cannot finish reading a paragraph; above it the next visitor meets a stale screen.
pub const IDLE_TIMEOUT_RANGE: std::ops::RangeInclusive<u32> = 10..=3600;
/// What `--idle-timeout` accepts for one launch: wider than the setting, so tests and demos can
/// return to the loop within seconds and a trade-show stand can hold a screen for a day, without
/// either being stored for the next start.
pub const IDLE_TIMEOUT_OVERRIDE_RANGE: std::ops::RangeInclusive<u32> = 1..=86_400;
pub const DEFAULT_VOLUME: u8 = 80;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub idle_timeout_secs: u32,
    /// 0..=100, for every video that plays with sound.
    pub volume: u8,
    /// The attract loop plays with sound; off by default, a looping soundtrack wears on festival staff.
    pub attract_audio: bool,
    /// The language each visitor starts in; `None` is the pack's own default.
    pub default_language: Option<String>,
    pub captions_default: bool,
    /// The monitor to fill, by the name the OS gives it; `None` is the primary monitor. With a
    /// film display it is the touch screen (the reader).
    pub display: Option<String>,
    /// A second screen that loops the film and plays the trailer the visitor starts on the touch
    /// screen (`display`); `None` is one screen with the whole kiosk on it.
    pub film_display: Option<String>,
    /// What a screen's role does while its monitor is gone.
    pub when_display_gone: WhenDisplayGone,
    /// `None` is open around the clock.
    pub opening_hours: Option<OpeningHours>,
    pub start_at_login: bool,
    /// The content pack folder; `None` is the pack bundled with the app.
    pub content_dir: Option<PathBuf>,
    /// "HH:MM": a fresh start every day at that local time (exit code 4 for the OS supervisor),
    /// as signage players do; `None` is never.
    pub daily_restart: Option<String>,
    /// The festival fleet this kiosk belongs to; `None` is a kiosk on its own.
    pub fleet: Option<FleetSettings>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            idle_timeout_secs: DEFAULT_IDLE_TIMEOUT_SECS,
            volume: DEFAULT_VOLUME,
            attract_audio: false,
            default_language: None,
            captions_default: false,
            display: None,
            film_display: None,
            when_display_gone: WhenDisplayGone::default(),
            opening_hours: None,
            start_at_login: false,
            content_dir: None,
            daily_restart: None,
            fleet: None,
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
        if self.volume > 100 {
            return Err(format!("volume {} is outside 0..=100", self.volume));
        }
        if let Some(tag) = &self.default_language {
            if !crate::content::is_language_tag(tag) {
                return Err(format!(
                    "defaultLanguage {tag:?} is not a language tag such as \"en\" or \"pt-BR\""
                ));
            }
        }
        if self.display.as_deref().is_some_and(|d| d.trim().is_empty()) {
            return Err("display is empty; use null for the primary display".into());
        }
        if let Some(film) = &self.film_display {
            if film.trim().is_empty() {
                return Err("filmDisplay is empty; use null for one screen".into());
            }
            if self.display.as_ref() == Some(film) {
                return Err(format!(
                    "filmDisplay {film:?} is the touch screen's display too; choose another"
                ));
            }
        }
        if let Some(hours) = &self.opening_hours {
            hours.validate().map_err(|e| format!("openingHours {e}"))?;
        }
        if let Some(at) = &self.daily_restart {
            crate::settings::parse_time_of_day(at).map_err(|e| format!("dailyRestart {e}"))?;
        }
        if let Some(fleet) = &self.fleet {
            fleet.validate()?;
        }
        if let Some(dir) = &self.content_dir {
            if !dir.is_absolute() {
                return Err(format!(
                    "contentDir {} is not an absolute path",
                    dir.display()
                ));
            }
        }
        Ok(())
    }
}

impl Stored for Settings {
    const KEY: &'static str = STORE_KEY;
    fn validate(&self) -> Result<(), String> {
        Settings::validate(self)
    }
}

/// What a role does while its monitor is gone (a cable pulled, a projector switched off).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WhenDisplayGone {
    /// The screen that remains takes the whole kiosk on: loop, touch and trailer.
    #[default]
    Move,
    /// The role waits, its window hidden, for its monitor to come back; the touch screen stays the
    /// reader and plays a trailer itself meanwhile.
    Wait,
}

/// Launch flags that win over the stored settings for this run only.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub idle_timeout_secs: Option<u32>,
}

/// The settings of the running kiosk: the stored ones, how to save them, and this launch's overrides.
pub struct SettingsState {
    stored: Mutex<Settings>,
    path: PathBuf,
    overrides: Overrides,
    fleet: Mutex<FleetOverride>,
}

/// What the fleet's plan (fleet.toml) asks of this kiosk on top of its own settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FleetOverride {
    /// Stand on the closed slate, display asleep, whatever the hours say.
    pub maintenance: bool,
    /// Opening hours that win over the operator's.
    pub opening_hours: Option<OpeningHours>,
}

impl SettingsState {
    /// What the stored settings say.
    pub fn stored(&self) -> Settings {
        self.stored
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// What this launch uses: the stored settings with the launch flags applied.
    pub fn effective(&self) -> Settings {
        let mut settings = self.stored();
        if let Some(secs) = self.overrides.idle_timeout_secs {
            settings.idle_timeout_secs = secs;
        }
        if let Some(hours) = self.fleet_override().opening_hours {
            settings.opening_hours = Some(hours);
        }
        settings
    }

    pub fn fleet_override(&self) -> FleetOverride {
        self.fleet
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Returns whether this changed what the fleet asks.
    pub fn set_fleet_override(&self, wanted: FleetOverride) -> bool {
        let mut current = self.fleet.lock().unwrap_or_else(PoisonError::into_inner);
        let changed = *current != wanted;
        *current = wanted;
        changed
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Loads the settings and manages them; returns what is stored, for the other rooms' start, and
/// the data folder every file of the kiosk lives in.
pub(crate) fn start<R: Runtime>(app: &AppHandle<R>, overrides: Overrides) -> (Settings, PathBuf) {
    let state = load(app, overrides);
    let stored = state.stored();
    let data_dir = state
        .path()
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    app.manage(state);
    (stored, data_dir)
}

/// Reads the stored settings and hands them to the store. A damaged file falls back to its last
/// good copy, and the fallback is logged; an unreadable data folder runs on defaults, logged.
pub fn load<R: Runtime>(app: &AppHandle<R>, overrides: Overrides) -> SettingsState {
    let path = store_path();
    if !path.is_absolute() {
        log::error!("no app data folder (no home folder); settings cannot be saved in this run");
    }
    let (settings, source) = durable::load::<Settings>(&path);
    match &source {
        Source::Saved | Source::FirstRun => {}
        Source::LastGood { problem } => {
            log::error!("settings damaged, using the last good copy: {problem}")
        }
        Source::Defaults { problem } => {
            log::error!("settings and their last good copy are damaged, using defaults: {problem}")
        }
    }
    mirror_into_store(app, &settings);
    SettingsState {
        stored: Mutex::new(settings),
        path,
        overrides,
        fleet: Mutex::default(),
    }
}

/// Validates and saves `settings` power-loss-safely, then makes them the current ones.
pub fn save<R: Runtime>(
    app: &AppHandle<R>,
    state: &SettingsState,
    settings: Settings,
) -> crate::Result<()> {
    settings.validate().map_err(crate::Error::Settings)?;
    durable::save(&state.path, &settings).map_err(|e| {
        crate::Error::Settings(format!("cannot save {}: {e}", state.path.display()))
    })?;
    mirror_into_store(app, &settings);
    *state.stored.lock().unwrap_or_else(PoisonError::into_inner) = settings;
    Ok(())
}

/// tauri-plugin-store's serializer for the kiosk: it refuses, so the store never writes. The plugin
/// saves every store with a plain write when the app exits (no option turns that off), and its
/// store is only a mirror of `settings.json`, which `durable` writes power-loss-safely.
pub fn refuse_plain_store_save(
    _: &std::collections::HashMap<String, serde_json::Value>,
) -> std::result::Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    Err("settings.json is saved by the kiosk's durable layer, not by tauri-plugin-store".into())
}

/// `settings.json` in the data folder (relative, and so unsaveable, when there is none).
fn store_path() -> PathBuf {
    data_dir().map_or_else(|| PathBuf::from(STORE_FILE), |dir| dir.join(STORE_FILE))
}

fn mirror_into_store<R: Runtime>(app: &AppHandle<R>, settings: &Settings) {
    // Auto-save off: the store's own save is a plain write, the one thing a power cut must not hit.
    // The path is absolute, so the store reads the file the kiosk writes, wherever that is.
    let store = match StoreBuilder::new(app, store_path())
        .disable_auto_save()
        .build()
    {
        Ok(store) => store,
        Err(e) => {
            log::warn!("settings store unavailable: {e}");
            return;
        }
    };
    match serde_json::to_value(settings) {
        Ok(value) => store.set(STORE_KEY, value),
        Err(e) => log::warn!("settings not mirrored into the store: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `ui/js/settings.test.js` checks the page reads these settings as the core writes them, with
    /// the same defaults and idle range; this keeps the fixture what the core really sends.
    /// `SCREENING_KIOSK_UPDATE_FIXTURES=1` rewrites it after a change.
    #[test]
    fn the_settings_fixture_of_the_ui_tests_is_what_get_settings_sends() {
        let every_field_set = Settings {
            idle_timeout_secs: 120,
            volume: 65,
            attract_audio: true,
            default_language: Some("ru".into()),
            captions_default: true,
            display: Some("HDMI-1".into()),
            film_display: Some("HDMI-2".into()),
            when_display_gone: WhenDisplayGone::Wait,
            opening_hours: Some(OpeningHours {
                opens: "10:00".into(),
                closes: "22:00".into(),
            }),
            start_at_login: true,
            content_dir: Some("/media/festival/pack".into()),
            daily_restart: Some("04:30".into()),
            fleet: Some(FleetSettings {
                kiosk_id: "foyer-1".into(),
                kiosk_name: Some("Foyer, left".into()),
                packs_dir: "/home/kiosk/Sync/kiosk-packs".into(),
                packs_folder_id: DEFAULT_PACKS_FOLDER_ID.into(),
                status_dir: "/home/kiosk/Sync/status-foyer-1".into(),
                syncthing_config: Some("/home/kiosk/.config/syncthing/config.xml".into()),
                syncthing_address: Some("127.0.0.1:8384".into()),
                heartbeat_secs: 60,
            }),
        };
        assert!(every_field_set.validate().is_ok());
        let sent = serde_json::json!({
            "default": Settings::default(),
            "everyFieldSet": every_field_set,
            "idleTimeoutRange": [IDLE_TIMEOUT_RANGE.start(), IDLE_TIMEOUT_RANGE.end()],
        });
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/settings.json");
        if std::env::var_os("SCREENING_KIOSK_UPDATE_FIXTURES").is_some() {
            std::fs::write(
                &fixture,
                serde_json::to_string_pretty(&sent).unwrap() + "\n",
            )
            .unwrap();
        }
        let kept: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&fixture).unwrap()).unwrap();
        assert!(
            kept == sent,
            "{} differs from the core's settings; run with SCREENING_KIOSK_UPDATE_FIXTURES=1 and review the diff",
            fixture.display()
        );
    }

    #[test]
    fn defaults_are_valid_and_out_of_range_values_are_not() {
        assert!(Settings::default().validate().is_ok());
        let refused = |settings: Settings, expected: &str| {
            let error = settings.validate().unwrap_err();
            assert!(error.contains(expected), "{error}");
        };
        refused(
            Settings {
                idle_timeout_secs: 3,
                ..Settings::default()
            },
            "outside 10..=3600",
        );
        refused(
            Settings {
                display: Some("HDMI-1".into()),
                film_display: Some("HDMI-1".into()),
                ..Settings::default()
            },
            "filmDisplay \"HDMI-1\" is the touch screen's display too",
        );
        refused(
            Settings {
                film_display: Some(" ".into()),
                ..Settings::default()
            },
            "filmDisplay is empty",
        );
        refused(
            Settings {
                volume: 101,
                ..Settings::default()
            },
            "volume 101",
        );
        refused(
            Settings {
                default_language: Some("english please".into()),
                ..Settings::default()
            },
            "defaultLanguage",
        );
        refused(
            Settings {
                opening_hours: Some(OpeningHours {
                    opens: "25:00".into(),
                    closes: "22:00".into(),
                }),
                ..Settings::default()
            },
            "openingHours opens",
        );
        refused(
            Settings {
                content_dir: Some("relative/pack".into()),
                ..Settings::default()
            },
            "not an absolute path",
        );
    }

    #[test]
    fn missing_fields_fall_back_to_defaults() {
        let parsed: Settings = serde_json::from_str("{}").unwrap();
        assert_eq!(parsed, Settings::default());
        let older: Settings = serde_json::from_str(r#"{"idleTimeoutSecs": 120}"#).unwrap();
        assert_eq!(older.idle_timeout_secs, 120);
        assert_eq!(older.volume, DEFAULT_VOLUME);
    }
}
