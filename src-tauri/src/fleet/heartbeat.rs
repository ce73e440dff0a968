//! The kiosk's heartbeat into its status folder: what it shows, which pack, how it fares, written
//! through the power-loss-safe writer every `heartbeatSecs`, so the anchor always reads a whole
//! file (Syncthing sends it on with the same temp-and-rename).

use super::status::{
    DisplayPower, FaultRecord, FleetProgress, Heartbeat, PackShown, Showing, TodayCounts,
    HEARTBEAT_FILE, STATUS_FORMAT,
};
use super::FleetStatus;
use crate::kiosk::{DisplayAwake, DisplayPowerState, PackState};
use crate::settings::durable;
use crate::unattended::{PlayStats, WatchdogState};
use chrono::Utc;
use std::time::Duration;
use tauri::{AppHandle, Manager, Runtime};

/// Writes a heartbeat now, and then every interval, on a thread of its own.
pub(super) fn start_heartbeat<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("fleet-heartbeat".into())
        .spawn(move || loop {
            let status = app.state::<FleetStatus>();
            write_heartbeat(&app, &status);
            std::thread::sleep(Duration::from_secs(u64::from(
                status.settings.heartbeat_secs,
            )));
        });
    if let Err(e) = spawned {
        log::error!("fleet: no heartbeat will be written: {e}");
    }
}

fn write_heartbeat<R: Runtime>(app: &AppHandle<R>, status: &FleetStatus) {
    let heartbeat = heartbeat_of(app, status);
    let path = status.settings.status_dir.join(HEARTBEAT_FILE);
    let written = serde_json::to_vec_pretty(&heartbeat)
        .map_err(std::io::Error::other)
        .and_then(|bytes| {
            std::fs::create_dir_all(&status.settings.status_dir)?;
            durable::write_atomically(&path, &bytes)
        });
    match written {
        Ok(()) => status.note_heartbeat_written(),
        Err(e) => status.note_heartbeat_failed(&format!("{}: {e}", path.display())),
    }
}

fn heartbeat_of<R: Runtime>(app: &AppHandle<R>, status: &FleetStatus) -> Heartbeat {
    let packs = app.state::<PackState>();
    let watchdog = app.state::<WatchdogState>();
    let stats = app
        .state::<PlayStats>()
        .view(chrono::Local::now().date_naive());
    let progress: FleetProgress = status.progress();
    Heartbeat {
        format: STATUS_FORMAT,
        kiosk_id: status.settings.kiosk_id.clone(),
        kiosk_name: status.settings.display_name().to_string(),
        app_version: env!("CARGO_PKG_VERSION").to_string(),
        written_at: Utc::now(),
        uptime_secs: stats.uptime_secs,
        interval_secs: u64::from(status.settings.heartbeat_secs),
        pack: status.pack_shown(&packs),
        showing: showing(&watchdog, progress.maintenance),
        fleet: progress,
        display_power: display_power(app),
        last_fault: watchdog.last_fault().map(|noted| FaultRecord {
            at: noted.at,
            fault: noted.fault,
            recovery: noted.recovery.to_string(),
        }),
        // The store's folder comes with the first fleet pack; its disk is the data folder's.
        free_disk_bytes: fs4::available_space(status.store_root())
            .or_else(|_| {
                fs4::available_space(status.store_root().parent().unwrap_or(status.store_root()))
            })
            .ok(),
        today: TodayCounts {
            day: Some(chrono::Local::now().date_naive()),
            attract_loops: stats.today.attract_loops,
            trailer_starts: stats.today.trailer_starts,
            trailer_completions: stats.today.trailer_completions,
            sessions: stats.today.sessions,
        },
    }
}

impl FleetStatus {
    /// The pack on show as the fleet names it: `id@version` when the fleet delivered it, else the
    /// manifest's id; with the digest of its checksum list.
    pub(super) fn pack_shown(&self, packs: &PackState) -> Option<PackShown> {
        let summary = packs.summary()?;
        Some(PackShown {
            name: self.name_of(packs, &summary.root)?,
            digest: super::store::digest_of(&summary.root),
        })
    }

    /// The pack's name alone, for proof of play: no file is read, the page may be waiting on it.
    pub(super) fn pack_name(&self, packs: &PackState) -> String {
        packs
            .summary()
            .and_then(|summary| self.name_of(packs, &summary.root))
            .unwrap_or_else(|| "none".to_string())
    }

    fn name_of(&self, packs: &PackState, root: &std::path::Path) -> Option<String> {
        self.shown_fleet_pack()
            .filter(|name| root.ends_with(name))
            .or_else(|| packs.shown_id())
    }
}

fn showing(watchdog: &WatchdogState, maintenance: bool) -> Showing {
    if watchdog.safe_mode_left().is_some() {
        return Showing::SafeMode;
    }
    match watchdog.screen().as_str() {
        "" | "loading" => Showing::Starting,
        "attract" => Showing::Attract,
        "closed" => Showing::Closed,
        "fatal" => Showing::Slate,
        _ if maintenance => Showing::Closed,
        _ => Showing::Visitor,
    }
}

fn display_power<R: Runtime>(app: &AppHandle<R>) -> DisplayPower {
    let Some(awake) = app.try_state::<DisplayAwake>() else {
        return DisplayPower::Unmanaged;
    };
    match awake.state() {
        DisplayPowerState::On => DisplayPower::On,
        DisplayPowerState::Asleep => DisplayPower::Asleep,
        DisplayPowerState::Blanked => DisplayPower::Blanked,
    }
}
