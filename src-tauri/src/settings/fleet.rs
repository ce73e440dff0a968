//! The kiosk's place in a festival's fleet (docs/fleet.md): its id and name, the Syncthing folders
//! it receives packs through and reports into, and where to find the local Syncthing's API. Set by
//! `screening-kiosk fleet join` or by hand; the API key is never stored here, it is read from
//! Syncthing's own `config.xml` each time.

use serde::{Deserialize, Serialize};
use std::path::PathBuf;

pub const DEFAULT_PACKS_FOLDER_ID: &str = "kiosk-packs";
pub const DEFAULT_HEARTBEAT_SECS: u32 = 60;
/// A heartbeat more often than every second is noise on the anchor; one rarer than hourly cannot
/// tell a dead kiosk from a quiet one.
pub const HEARTBEAT_RANGE: std::ops::RangeInclusive<u32> = 1..=3600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetSettings {
    /// a-z, 0-9 and '-': names the kiosk's status folder (`status-<id>`) and its rules in fleet.toml.
    pub kiosk_id: String,
    /// What staff call it ("Foyer, left of the bar").
    #[serde(default)]
    pub kiosk_name: Option<String>,
    /// This machine's copy of the anchor's packs folder (Receive Only).
    pub packs_dir: PathBuf,
    /// The packs folder's Syncthing folder id.
    #[serde(default = "default_packs_folder_id")]
    pub packs_folder_id: String,
    /// This kiosk's status folder (Send Only), where it writes its heartbeat and proof of play.
    pub status_dir: PathBuf,
    /// Syncthing's `config.xml`, for the API address and key; `None` is Syncthing's own default
    /// place for this user.
    #[serde(default)]
    pub syncthing_config: Option<PathBuf>,
    /// `host:port` of the API when it is not the one config.xml names.
    #[serde(default)]
    pub syncthing_address: Option<String>,
    #[serde(default = "default_heartbeat_secs")]
    pub heartbeat_secs: u32,
}

fn default_packs_folder_id() -> String {
    DEFAULT_PACKS_FOLDER_ID.into()
}

fn default_heartbeat_secs() -> u32 {
    DEFAULT_HEARTBEAT_SECS
}

impl FleetSettings {
    pub fn validate(&self) -> Result<(), String> {
        if !is_kiosk_id(&self.kiosk_id) {
            return Err(format!(
                "fleet.kioskId {:?} is not a kiosk id: 1 to 40 of a-z, 0-9 and '-', not starting with '-'",
                self.kiosk_id
            ));
        }
        if self
            .kiosk_name
            .as_deref()
            .is_some_and(|name| name.chars().count() > 80 || name.chars().any(char::is_control))
        {
            return Err(
                "fleet.kioskName is longer than 80 characters or has control characters".into(),
            );
        }
        for (field, dir) in [
            ("packsDir", &self.packs_dir),
            ("statusDir", &self.status_dir),
        ] {
            if !dir.is_absolute() {
                return Err(format!(
                    "fleet.{field} {} is not an absolute path",
                    dir.display()
                ));
            }
        }
        if self.packs_dir.starts_with(&self.status_dir)
            || self.status_dir.starts_with(&self.packs_dir)
        {
            return Err("fleet.packsDir and fleet.statusDir must be two separate folders".into());
        }
        if self.packs_folder_id.is_empty() || self.packs_folder_id.len() > 64 {
            return Err("fleet.packsFolderId must be 1 to 64 characters".into());
        }
        if !HEARTBEAT_RANGE.contains(&self.heartbeat_secs) {
            return Err(format!(
                "fleet.heartbeatSecs {} is outside {}..={}",
                self.heartbeat_secs,
                HEARTBEAT_RANGE.start(),
                HEARTBEAT_RANGE.end()
            ));
        }
        Ok(())
    }

    /// The name staff see: the operator's, else the id.
    pub fn display_name(&self) -> &str {
        self.kiosk_name.as_deref().unwrap_or(&self.kiosk_id)
    }
}

/// A kiosk id: what names its status folder (`status-<id>`), so a-z, 0-9 and '-', 1 to 40, not
/// starting with '-'.
pub fn is_kiosk_id(id: &str) -> bool {
    (1..=40).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fleet() -> FleetSettings {
        FleetSettings {
            kiosk_id: "foyer-1".into(),
            kiosk_name: Some("Foyer, left".into()),
            packs_dir: "/srv/sync/kiosk-packs".into(),
            packs_folder_id: DEFAULT_PACKS_FOLDER_ID.into(),
            status_dir: "/srv/sync/status-foyer-1".into(),
            syncthing_config: None,
            syncthing_address: None,
            heartbeat_secs: DEFAULT_HEARTBEAT_SECS,
        }
    }

    #[test]
    fn a_fleet_setting_names_its_wrong_field() {
        assert_eq!(fleet().validate(), Ok(()));
        for (change, field) in [
            (
                Box::new(|f: &mut FleetSettings| f.kiosk_id = "Foyer 1".into())
                    as Box<dyn Fn(&mut FleetSettings)>,
                "kioskId",
            ),
            (Box::new(|f| f.kiosk_id = "-x".into()), "kioskId"),
            (Box::new(|f| f.packs_dir = "packs".into()), "packsDir"),
            (
                Box::new(|f| f.status_dir = "/srv/sync/kiosk-packs/status".into()),
                "separate",
            ),
            (Box::new(|f| f.heartbeat_secs = 0), "heartbeatSecs"),
            (
                Box::new(|f| f.kiosk_name = Some("a\u{1b}[2J".into())),
                "kioskName",
            ),
        ] {
            let mut settings = fleet();
            change(&mut settings);
            let error = settings.validate().unwrap_err();
            assert!(error.contains(field), "{field}: {error}");
        }
    }
}
