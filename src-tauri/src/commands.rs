//! IPC commands: thin adapters from the UI's ids to the loaded pack, the settings and the operator
//! panel. Every command that shows the panel, changes settings or exits first checks the operator
//! session token (`operator::Gate`); the capability file grants the page nothing else.

use crate::content_pack::{LawDocument, PackView};
use crate::operations::{self, FolderReport, OpeningState, PanelView};
use crate::operator::Gate;
use crate::pack_state::PackState;
use crate::qr::{self, LawQr};
use crate::recovery::WatchdogState;
use crate::schedule::Opening;
use crate::settings::{Settings, SettingsState};
use crate::stats::{PlayEvent, PlayStats};
use crate::watchdog::Heartbeat;
use crate::Result;
use serde::Serialize;
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};
use std::time::Instant;
use tauri::{AppHandle, Runtime, State};

/// The operator gate, shared by the PIN pad and every privileged command.
pub struct OperatorGate(pub Mutex<Gate>);

impl OperatorGate {
    fn with<T>(&self, f: impl FnOnce(&mut Gate) -> T) -> T {
        f(&mut self.0.lock().unwrap_or_else(PoisonError::into_inner))
    }

    fn authorize(&self, token: &str) -> Result<()> {
        self.with(|gate| gate.authorize(token, Instant::now()))
    }
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PinStatus {
    pub pin_set: bool,
}

#[derive(Debug, Serialize)]
pub struct Session {
    pub token: String,
}

/// The pack in `language` when given and provided by the pack, else in its default language.
#[tauri::command]
pub fn get_pack(
    packs: State<'_, PackState>,
    watchdog: State<'_, WatchdogState>,
    language: Option<String>,
) -> Result<PackView> {
    not_in_safe_mode(&watchdog)?;
    packs.view(language.as_deref())
}

/// In a crash loop the page gets no pack (so no video), and shows its calm slate until it does.
fn not_in_safe_mode(watchdog: &WatchdogState) -> Result<()> {
    match watchdog.safe_mode_left() {
        Some(secs_left) => Err(crate::error::Error::SafeMode { secs_left }),
        None => Ok(()),
    }
}

/// The page could not play a trailer rendition (`url` as get_pack gave it). Logged with the file and
/// the reason; a rendition that keeps failing is no longer offered (see `PackState::media_failed`).
#[tauri::command]
pub fn report_media_error(packs: State<'_, PackState>, url: String, code: u16, message: String) {
    operations::media_failed(&packs, &url, code, &message);
}

/// The page is alive; `report` says what it shows and how its video is doing.
#[tauri::command]
pub fn heartbeat(watchdog: State<'_, WatchdogState>, report: Heartbeat) {
    watchdog.heartbeat(&report);
}

#[tauri::command]
pub fn get_law(
    packs: State<'_, PackState>,
    id: String,
    language: Option<String>,
) -> Result<LawDocument> {
    packs.law(&id, language.as_deref())
}

/// The QR code to a document's official source; the id is resolved to the manifest's URL here.
#[tauri::command]
pub fn get_law_qr(packs: State<'_, PackState>, id: String) -> Result<LawQr> {
    qr::law_qr(&packs, &id)
}

#[tauri::command]
pub fn get_settings(settings: State<'_, SettingsState>) -> Settings {
    settings.effective()
}

#[tauri::command]
pub fn get_opening(opening: State<'_, OpeningState>) -> Opening {
    opening.get()
}

#[tauri::command]
pub fn record_play(stats: State<'_, PlayStats>, event: PlayEvent) -> Result<()> {
    stats
        .record(&event, chrono::Local::now().date_naive())
        .map_err(crate::error::Error::InvalidEvent)
}

#[tauri::command]
pub fn operator_status(gate: State<'_, OperatorGate>) -> PinStatus {
    PinStatus {
        pin_set: gate.with(|gate| gate.pin_set()),
    }
}

// The PIN commands are async so Argon2's deliberate slowness runs off the UI thread.
#[tauri::command]
pub async fn operator_set_first_pin(gate: State<'_, OperatorGate>, pin: String) -> Result<Session> {
    let token = gate.with(|gate| gate.set_first_pin(&pin, Instant::now()))?;
    Ok(Session { token })
}

#[tauri::command]
pub async fn operator_unlock(gate: State<'_, OperatorGate>, pin: String) -> Result<Session> {
    let token = gate.with(|gate| gate.unlock(&pin, Instant::now()))?;
    Ok(Session { token })
}

#[tauri::command]
pub async fn operator_change_pin(
    gate: State<'_, OperatorGate>,
    token: String,
    pin: String,
) -> Result<()> {
    gate.with(|gate| gate.change_pin(&token, &pin, Instant::now()))
}

#[tauri::command]
pub fn operator_lock(gate: State<'_, OperatorGate>, token: String) {
    gate.with(|gate| gate.lock(&token, Instant::now()));
}

#[tauri::command]
pub fn operator_panel<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, OperatorGate>,
    token: String,
) -> Result<PanelView> {
    gate.authorize(&token)?;
    Ok(operations::panel(&app))
}

#[tauri::command]
pub fn operator_save_settings<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, OperatorGate>,
    token: String,
    settings: Settings,
) -> Result<Settings> {
    gate.authorize(&token)?;
    operations::save_settings(&app, settings)
}

// Validating a pack reads and probes every file: async, off the UI thread.
#[tauri::command]
pub async fn operator_check_folder(
    gate: State<'_, OperatorGate>,
    token: String,
    path: PathBuf,
) -> Result<FolderReport> {
    gate.authorize(&token)?;
    Ok(operations::check_folder(&path))
}

#[tauri::command]
pub async fn operator_reload<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, OperatorGate>,
    token: String,
) -> Result<FolderReport> {
    gate.authorize(&token)?;
    Ok(operations::reload(&app))
}

#[tauri::command]
pub fn operator_exit<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, OperatorGate>,
    token: String,
) -> Result<()> {
    gate.authorize(&token)?;
    operations::exit(&app);
    Ok(())
}
