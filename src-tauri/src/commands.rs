//! IPC commands: thin adapters from the UI's ids to the loaded pack and settings.

use crate::content_pack::{LawDocument, PackView};
use crate::pack_state::PackState;
use crate::settings::Settings;
use crate::Result;
use tauri::State;

/// Settings as this launch uses them (stored values plus command-line overrides).
pub struct LaunchSettings(pub Settings);

/// The pack in `language` when given and provided by the pack, else in its default language.
#[tauri::command]
pub fn get_pack(packs: State<'_, PackState>, language: Option<String>) -> Result<PackView> {
    packs.view(language.as_deref())
}

#[tauri::command]
pub fn get_law(
    packs: State<'_, PackState>,
    id: String,
    language: Option<String>,
) -> Result<LawDocument> {
    packs.law(&id, language.as_deref())
}

#[tauri::command]
pub fn get_settings(settings: State<'_, LaunchSettings>) -> Settings {
    settings.0.clone()
}
