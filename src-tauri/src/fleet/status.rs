//! What a kiosk tells the festival through its own status folder (docs/fleet.md): the heartbeat it
//! rewrites every minute and one proof-of-play line per play. The kiosk writes these types and
//! `screening-kiosk fleet` reads them back on the anchor, so both sides share one definition.
//! Nothing here is secret or personal: no API key, no path outside the kiosk's own store, no
//! visitor.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub use crate::settings::is_kiosk_id;

/// The heartbeat's file in a status folder.
pub const HEARTBEAT_FILE: &str = "heartbeat.json";
/// The folder of proof-of-play files (`plays/YYYY-MM-DD.jsonl`, UTC days) in a status folder.
pub const PLAYS_DIR: &str = "plays";
/// This format; a reader refuses a heartbeat of another.
pub const STATUS_FORMAT: u32 = 1;
/// A status file larger than this is not read: no honest kiosk writes one.
pub const MAX_HEARTBEAT_BYTES: u64 = 64 * 1024;
/// A day's proof of play larger than this is read only up to here (a line a second for a day is
/// about 20 MB).
pub const MAX_PLAYS_BYTES_PER_DAY: u64 = 64 * 1024 * 1024;

/// `status-<kiosk>/heartbeat.json`, rewritten atomically every minute.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Heartbeat {
    pub format: u32,
    pub kiosk_id: String,
    pub kiosk_name: String,
    pub app_version: String,
    /// The kiosk's wall clock when it wrote this (UTC); against the file's arrival it gives the
    /// clock skew.
    pub written_at: DateTime<Utc>,
    pub uptime_secs: u64,
    /// Seconds between heartbeats: a reader calls the kiosk silent after a few of them.
    pub interval_secs: u64,
    /// The pack on show; `None` while the first one is being checked or none is valid.
    pub pack: Option<PackShown>,
    /// What the fleet asks this kiosk to show, and how far it got.
    pub fleet: FleetProgress,
    pub showing: Showing,
    pub display_power: DisplayPower,
    /// The watchdog's last fault since this start, and what it did about it.
    pub last_fault: Option<FaultRecord>,
    /// Free bytes on the disk of the kiosk's own pack store.
    pub free_disk_bytes: Option<u64>,
    pub today: TodayCounts,
}

/// The pack a kiosk shows: `id@version` for a pack the fleet delivered, the manifest's id for one
/// from a local folder; the digest is the SHA-256 of its `checksums.sha256`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PackShown {
    pub name: String,
    pub digest: Option<String>,
}

/// The fleet's wish for this kiosk and where it stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FleetProgress {
    /// The pack `fleet.toml` names for this kiosk; `None` when it names none (or is unreadable).
    pub desired: Option<String>,
    pub state: FleetState,
    /// Why the kiosk is not showing the desired pack, in words for staff (what is still syncing,
    /// which file a refused pack got wrong).
    pub detail: Option<String>,
    /// Whether `fleet.toml` asks this kiosk to stand on its maintenance slate.
    #[serde(default)]
    pub maintenance: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FleetState {
    /// Not attached to a fleet: the pack comes from a local folder.
    #[default]
    Local,
    /// Showing the desired pack.
    Current,
    /// The packs folder is not complete yet (or Syncthing cannot be reached): nothing swaps.
    Waiting,
    /// The desired pack was refused (invalid, or not as its checksums say); the last good pack shows.
    Refused,
    /// There is no `fleet.toml` (yet), or it names no pack for this kiosk; the pack on show stays.
    NoPlan,
    /// `fleet.toml` is there but wrong (the detail says where): the kiosk follows the last plan
    /// it could read, and staff must fix the file.
    BadPlan,
}

/// What the kiosk's screens show right now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Showing {
    /// The window is open and the first pack is being checked.
    Starting,
    /// The attract loop, waiting for a visitor.
    Attract,
    /// A visitor is using the kiosk (or staff are in the operator panel).
    Visitor,
    /// Outside opening hours, or on the fleet's maintenance slate.
    Closed,
    /// A crash loop keeps the kiosk on the calm slate for a while.
    SafeMode,
    /// The calm slate: no valid pack.
    Slate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DisplayPower {
    /// Kept awake: the kiosk is open.
    On,
    /// Outside opening hours, switched off by the OS.
    Asleep,
    /// Outside opening hours where nothing can switch the display off: the closed slate is black.
    Blanked,
    /// Not managed (a windowed development launch).
    Unmanaged,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultRecord {
    pub at: DateTime<Utc>,
    pub fault: String,
    pub recovery: String,
}

/// Today's counts (the kiosk's local day), as the operator panel shows them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TodayCounts {
    pub day: Option<NaiveDate>,
    pub attract_loops: u64,
    pub trailer_starts: u64,
    pub trailer_completions: u64,
    pub sessions: u64,
}

/// One line of `plays/YYYY-MM-DD.jsonl`: one play of one item, written when it ends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlayRecord {
    /// Unique across the fleet: the kiosk id, its start and a count.
    pub play_id: String,
    pub kiosk_id: String,
    /// The pack's name as in `PackShown::name`.
    pub pack: String,
    pub item: PlayItem,
    /// The visitor's language; `None` for the attract loop.
    pub language: Option<String>,
    pub captions: bool,
    pub started: DateTime<Utc>,
    pub ended: DateTime<Utc>,
    pub duration_secs: f64,
    /// Played to its end.
    pub completed: bool,
    pub trigger: PlayTrigger,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlayItem {
    /// One pass of the attract film.
    Attract,
    Trailer,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlayTrigger {
    /// The attract loop went round on its own.
    Loop,
    /// A visitor asked for it.
    Visitor,
}
