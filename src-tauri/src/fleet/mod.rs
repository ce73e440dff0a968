//! A festival's fleet (docs/fleet.md): packs arrive through a Syncthing folder the anchor sends,
//! and each kiosk's health and proof of play go back through a status folder only it writes.
//!
//! `plan` reads the anchor's `fleet.toml`; `follow` decides, after each change of the packs
//! folder, whether to swap and to what; `store` is the kiosk's own copy of each pack it shows;
//! `engine` asks the local Syncthing (through the thin client `syncthing`) whether the folder is
//! complete; `heartbeat` and `plays` write the status folder in the format `status` defines;
//! `report` reads every kiosk's status folder back on the anchor (`screening-kiosk fleet`).

mod engine;
mod follow;
mod heartbeat;
pub mod plan;
mod plays;
pub mod report;
pub mod status;
mod store;
pub mod syncthing;

use crate::kiosk::{self, PackState};
use crate::settings::durable::{self, Stored};
use crate::settings::{FleetOverride, FleetSettings, Settings, SettingsState};
use crate::unattended::stats::PlayEvent;
use follow::{Follower, Offered};
use serde::{Deserialize, Serialize};
use status::{FleetProgress, FleetState};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;
use store::PackStore;
use tauri::{AppHandle, Manager, Runtime};

/// The fleet's record in the data folder: which store pack the kiosk shows, for the next start.
const FLEET_STATE_FILE: &str = "fleet.json";
/// The kiosk's store of fleet packs, in the data folder.
const PACK_STORE_DIR: &str = "fleet-packs";
/// The longest wait for a change before the follower looks again anyway.
const LOOK_AGAIN_AFTER: Duration = Duration::from_secs(30);

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct FleetRecord {
    shown: Option<String>,
}

impl Stored for FleetRecord {
    const KEY: &'static str = "fleet";
    fn validate(&self) -> Result<(), String> {
        match &self.shown {
            Some(name) => plan::check_pack_name(name).map(|_| ()),
            None => Ok(()),
        }
    }
}

/// The fleet as this kiosk knows it: its settings, how far it follows the plan, the proof-of-play
/// log. Managed only when the kiosk belongs to a fleet.
pub(crate) struct FleetStatus {
    settings: FleetSettings,
    store_root: PathBuf,
    progress: Mutex<FleetProgress>,
    shown: Mutex<Option<String>>,
    plays: plays::PlayLog,
    heartbeat_problem: Mutex<Option<String>>,
}

impl FleetStatus {
    fn progress(&self) -> FleetProgress {
        self.progress
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn shown_fleet_pack(&self) -> Option<String> {
        self.shown
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn store_root(&self) -> &Path {
        &self.store_root
    }

    /// Logs a change of what the kiosk does about the plan, once, not every look.
    fn set_progress(&self, progress: FleetProgress) {
        let mut current = self.progress.lock().unwrap_or_else(PoisonError::into_inner);
        if *current != progress {
            let detail = progress.detail.as_deref().unwrap_or("");
            let desired = progress.desired.as_deref().unwrap_or("no pack");
            match progress.state {
                FleetState::Refused | FleetState::BadPlan => {
                    log::error!("fleet: {:?} ({desired}): {detail}", progress.state)
                }
                _ => log::info!("fleet: {:?} ({desired}) {detail}", progress.state),
            }
            *current = progress;
        }
    }

    fn heartbeat_problem(&self) -> Option<String> {
        self.heartbeat_problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    fn note_heartbeat_written(&self) {
        let mut problem = self
            .heartbeat_problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if problem.take().is_some() {
            log::info!("fleet: the heartbeat is written again");
        }
    }

    fn note_heartbeat_failed(&self, why: &str) {
        let mut problem = self
            .heartbeat_problem
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if problem.replace(why.to_string()).is_none() {
            log::error!("fleet: cannot write the heartbeat: {why}");
        }
    }
}

/// What the operator panel shows of the fleet: who this kiosk is in it and how far it follows
/// the plan.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct FleetPanel {
    pub kiosk_id: String,
    pub kiosk_name: String,
    pub packs_dir: PathBuf,
    pub status_dir: PathBuf,
    /// The fleet pack on show (`id@version`), if the kiosk shows one.
    pub shown: Option<String>,
    pub progress: FleetProgress,
    /// Why the heartbeat could not be written, while it cannot.
    pub heartbeat_problem: Option<String>,
}

/// `None` when the kiosk belongs to no fleet.
pub(crate) fn panel<R: Runtime>(app: &AppHandle<R>) -> Option<FleetPanel> {
    let status = app.try_state::<FleetStatus>()?;
    Some(FleetPanel {
        kiosk_id: status.settings.kiosk_id.clone(),
        kiosk_name: status.settings.display_name().to_string(),
        packs_dir: status.settings.packs_dir.clone(),
        status_dir: status.settings.status_dir.clone(),
        shown: status.shown_fleet_pack(),
        progress: status.progress(),
        heartbeat_problem: status.heartbeat_problem(),
    })
}

/// The fleet pack the kiosk showed when it stopped, if it is still in the store: the start shows
/// it again (unless `--content` names another folder), so a restart never waits for Syncthing.
pub(crate) fn pack_to_start_with(data_dir: &Path, settings: &Settings) -> Option<PathBuf> {
    settings.fleet.as_ref()?;
    let (record, _) = durable::load::<FleetRecord>(&data_dir.join(FLEET_STATE_FILE));
    let folder = data_dir.join(PACK_STORE_DIR).join(record.shown?);
    folder.is_dir().then_some(folder)
}

/// Joins the fleet when the settings say the kiosk belongs to one: the heartbeat starts at once,
/// and the follower once the first pack has been installed or refused.
pub(crate) fn start<R: Runtime>(app: &AppHandle<R>, data_dir: &Path, settings: &Settings) {
    let Some(fleet) = settings.fleet.clone() else {
        return;
    };
    log::info!(
        "fleet: kiosk {:?}, packs from {}, status to {}",
        fleet.kiosk_id,
        fleet.packs_dir.display(),
        fleet.status_dir.display()
    );
    let store_root = data_dir.join(PACK_STORE_DIR);
    let start_pack = pack_to_start_with(data_dir, settings)
        .and_then(|dir| dir.file_name().map(|n| n.to_string_lossy().into_owned()));
    app.manage(FleetStatus {
        plays: plays::PlayLog::new(&fleet.kiosk_id, &fleet.status_dir, chrono::Utc::now()),
        settings: fleet,
        store_root,
        progress: Mutex::new(FleetProgress {
            state: FleetState::Waiting,
            detail: Some("starting".into()),
            ..FleetProgress::default()
        }),
        shown: Mutex::new(start_pack),
        heartbeat_problem: Mutex::new(None),
    });
    heartbeat::start_heartbeat(app);
    start_follower(app, data_dir.to_path_buf());
}

/// The page counted a play: a fleet kiosk also writes its proof of play.
pub(crate) fn note_play<R: Runtime>(app: &AppHandle<R>, event: &PlayEvent) {
    let Some(status) = app.try_state::<FleetStatus>() else {
        return;
    };
    let pack = status.pack_name(&app.state::<PackState>());
    status.plays.note(event, &pack, chrono::Utc::now());
}

/// The attract film began on screen, or left it: where a pass of proof of play begins, and where
/// one is broken off.
pub(crate) fn note_attract_shown<R: Runtime>(app: &AppHandle<R>, shown: bool) {
    let Some(status) = app.try_state::<FleetStatus>() else {
        return;
    };
    if shown {
        let pack = status.pack_name(&app.state::<PackState>());
        status.plays.attract_began(&pack, chrono::Utc::now());
    } else {
        status.plays.attract_ended();
    }
}

fn start_follower<R: Runtime>(app: &AppHandle<R>, data_dir: PathBuf) {
    let app = app.clone();
    let spawned = std::thread::Builder::new()
        .name("fleet".into())
        .spawn(move || follow_the_plan(&app, &data_dir));
    if let Err(e) = spawned {
        log::error!("fleet: the plan will not be followed: {e}");
    }
}

fn follow_the_plan<R: Runtime>(app: &AppHandle<R>, data_dir: &Path) {
    let status = app.state::<FleetStatus>();
    let packs = app.state::<PackState>();
    while !packs.first_offer_settled() {
        std::thread::sleep(Duration::from_millis(200));
    }
    // The pack the kiosk started with is the fleet's only if it is the one that got installed.
    let started_with = status
        .shown_fleet_pack()
        .filter(|name| packs.summary().is_some_and(|s| s.root.ends_with(name)));
    *status.shown.lock().unwrap_or_else(PoisonError::into_inner) = started_with.clone();
    let fleet = status.settings.clone();
    let mut follower = Follower::new(
        &fleet.kiosk_id,
        &fleet.packs_dir,
        PackStore::new(status.store_root.clone()),
        started_with,
    )
    .with_command_line_folder(app.state::<kiosk::ContentSource>().named_on_command_line());
    let mut folder = engine::SyncthingFolder::new(&fleet);
    let record_path = data_dir.join(FLEET_STATE_FILE);
    loop {
        let mut offer = |dir: &Path| {
            let verdict = kiosk::adopt_folder(app, dir.to_path_buf());
            Offered {
                installed: verdict.ok,
                report: verdict.report,
            }
        };
        let look = follower.look(&mut folder, &mut offer);
        let wish = look.wish.unwrap_or_default();
        let changed = app
            .state::<SettingsState>()
            .set_fleet_override(FleetOverride {
                maintenance: wish.maintenance,
                opening_hours: wish.opening_hours,
            });
        if changed {
            crate::unattended::refresh_opening(app);
        }
        let shown = follower.shown().map(str::to_string);
        let changed = {
            let mut kept = status.shown.lock().unwrap_or_else(PoisonError::into_inner);
            let changed = *kept != shown;
            kept.clone_from(&shown);
            changed
        };
        // Outside the lock: proof of play reads it from the page's commands.
        if changed {
            if let Err(e) = durable::save(&record_path, &FleetRecord { shown }) {
                log::warn!(
                    "fleet: cannot note the pack on show in {}: {e}",
                    record_path.display()
                );
            }
        }
        status.set_progress(look.progress);
        folder.wait_for_change(LOOK_AGAIN_AFTER);
    }
}
