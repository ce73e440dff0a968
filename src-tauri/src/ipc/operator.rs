//! The commands of the PIN pad and the operator panel. Every command that shows the panel, changes
//! settings or exits first checks the operator session token (`operator::gate`); the capability
//! file grants the page nothing else.

use crate::kiosk::{self, FolderReport};
use crate::operator::gate::PinState;
use crate::operator::{self, OperatorGate, PanelView};
use crate::settings::Settings;
use crate::unattended::lifecycle::{self, ExitReason};
use crate::Result;
use serde::Serialize;
use std::path::PathBuf;
use std::time::Instant;
use tauri::{AppHandle, Runtime, State};

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PinStatus {
    pub pin: PinState,
}

#[derive(Debug, Serialize)]
pub struct Session {
    pub token: String,
}

#[tauri::command]
pub fn operator_status(gate: State<'_, OperatorGate>) -> PinStatus {
    PinStatus {
        pin: gate.with(|gate| gate.state()),
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
    Ok(operator::panel(&app))
}

#[tauri::command]
pub fn operator_save_settings<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, OperatorGate>,
    token: String,
    settings: Settings,
) -> Result<Settings> {
    gate.authorize(&token)?;
    operator::save_settings(&app, settings)
}

// Validating a pack reads and probes every file: async, off the UI thread.
#[tauri::command]
pub async fn operator_check_folder(
    gate: State<'_, OperatorGate>,
    token: String,
    path: PathBuf,
) -> Result<FolderReport> {
    gate.authorize(&token)?;
    Ok(kiosk::check_folder(&path))
}

#[tauri::command]
pub async fn operator_reload<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, OperatorGate>,
    token: String,
) -> Result<FolderReport> {
    gate.authorize(&token)?;
    Ok(kiosk::reload(&app))
}

#[tauri::command]
pub fn operator_exit<R: Runtime>(
    app: AppHandle<R>,
    gate: State<'_, OperatorGate>,
    token: String,
) -> Result<()> {
    gate.authorize(&token)?;
    lifecycle::leave(&app, ExitReason::OperatorExit);
    Ok(())
}
