//! The packs folder as the local Syncthing sees it: whether it is complete, undoing local changes,
//! and waiting for the next change (its event stream's long poll). The API address and key are
//! read from Syncthing's own `config.xml` each time the connection is (re)made, so a key Syncthing
//! regenerated is picked up without touching the kiosk's settings.

use super::follow::{Readiness, SyncedFolder};
use super::syncthing::{event_type, Api, Completeness, EventWatch, Incomplete};
use crate::settings::FleetSettings;
use std::time::Duration;

/// After Syncthing could not be asked, the wait before asking again.
const RETRY_AFTER: Duration = Duration::from_secs(10);
pub struct SyncthingFolder {
    settings: FleetSettings,
    api: Option<Api>,
    events: EventWatch,
}

impl SyncthingFolder {
    pub fn new(settings: &FleetSettings) -> Self {
        Self {
            settings: settings.clone(),
            api: None,
            events: EventWatch::new(event_type::PACKS_FOLDER),
        }
    }

    fn api(&mut self) -> Result<&Api, String> {
        if self.api.is_none() {
            let config = self
                .settings
                .syncthing_config
                .clone()
                .or_else(Api::default_config_path)
                .ok_or_else(|| {
                    format!(
                        "no Syncthing config.xml found in {}; set fleet.syncthingConfig",
                        Api::default_config_paths()
                            .iter()
                            .map(|p| p.display().to_string())
                            .collect::<Vec<_>>()
                            .join(" or ")
                    )
                })?;
            let mut api = Api::from_config_xml(&config).map_err(|e| e.to_string())?;
            if let Some(address) = &self.settings.syncthing_address {
                api = api.at_address(address).map_err(|e| e.to_string())?;
            }
            self.api = Some(api);
        }
        Ok(self.api.as_ref().expect("set above"))
    }

    /// Returns after the next event about the folder (or a sign that events were missed), or
    /// after `longest`, or after a pause when Syncthing cannot be asked. The caller looks at the
    /// folder again either way, so a missed event costs one wait at most.
    pub fn wait_for_change(&mut self, longest: Duration) {
        let waited = match self.api() {
            Ok(api) => {
                let api = api.clone();
                self.events.wait(&api, longest)
            }
            Err(_) => {
                std::thread::sleep(RETRY_AFTER);
                return;
            }
        };
        if let Err(e) = waited {
            log::debug!("fleet: waiting for Syncthing's events: {e}");
            self.api = None;
            std::thread::sleep(RETRY_AFTER);
        }
    }
}

impl SyncedFolder for SyncthingFolder {
    fn readiness(&mut self) -> Readiness {
        let folder = self.settings.packs_folder_id.clone();
        let status = match self.api() {
            Ok(api) => api.folder_status(&folder),
            Err(e) => return Readiness::Unreachable(e),
        };
        match status {
            Ok(status) => match status.completeness() {
                Completeness::Complete => Readiness::Complete,
                Completeness::Incomplete(local @ Incomplete::LocalChanges { .. }) => {
                    Readiness::LocalChanges(local.to_string())
                }
                Completeness::Incomplete(other) => Readiness::Incomplete(other.to_string()),
            },
            Err(e) => {
                self.api = None;
                Readiness::Unreachable(e.to_string())
            }
        }
    }

    fn revert(&mut self) -> Result<(), String> {
        let folder = self.settings.packs_folder_id.clone();
        self.api()?.revert(&folder).map_err(|e| e.to_string())
    }
}
