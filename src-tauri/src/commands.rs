//! IPC commands: thin adapters from the UI's ids to the loaded pack and settings.

use crate::content_pack::{LawDocument, Pack, PackView};
use crate::settings::Settings;
use crate::{Error, Result};
use std::sync::{Arc, RwLock};
use tauri::State;

/// Everything the commands read. The pack is behind a lock because a later pack swap replaces it whole.
pub struct KioskState {
    pub pack: RwLock<std::result::Result<Arc<Pack>, String>>,
    pub media_base: String,
    pub settings: Settings,
}

impl KioskState {
    fn current_pack(&self) -> Result<Arc<Pack>> {
        self.pack
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
            .map_err(Error::PackInvalid)
    }
}

#[tauri::command]
pub fn get_pack(state: State<'_, KioskState>) -> Result<PackView> {
    Ok(state.current_pack()?.view(&state.media_base))
}

#[tauri::command]
pub fn get_law(state: State<'_, KioskState>, id: String) -> Result<LawDocument> {
    state.current_pack()?.law(&id).ok_or(Error::NotFound {
        kind: "legislation document",
        id,
    })
}

#[tauri::command]
pub fn get_settings(state: State<'_, KioskState>) -> Settings {
    state.settings.clone()
}
