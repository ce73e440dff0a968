//! Syncthing's event stream (`GET /rest/events`), a long poll: the call returns as soon as an
//! event after `since` exists, or empty when its timeout runs out. Syncthing numbers the events of
//! each filter 1, 2, 3, ... from the first request with that filter, keeps the last thousand, and
//! drops events for a reader that falls behind; after a restart it counts from 1 again. So the
//! reader keeps its place (`EventWatch`), and any gap, restart or broken call means "events were
//! missed": the only safe answer is to read the folder's status again.

use std::time::Duration;

use chrono::{DateTime, FixedOffset};
use serde::Deserialize;

use super::{Api, Error};

/// One event as Syncthing sends it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Event {
    /// Consecutive within the filter it was asked with.
    pub id: u64,
    /// Consecutive across all of Syncthing's events.
    #[serde(rename = "globalID", default)]
    pub global_id: u64,
    /// `StateChanged`, `FolderSummary`, ... (see `event_type`).
    #[serde(rename = "type")]
    pub kind: String,
    pub time: DateTime<FixedOffset>,
    /// Its own shape per type; for folder events `data.folder` is the folder id.
    #[serde(default)]
    pub data: serde_json::Value,
}

impl Event {
    /// The folder id an event is about, for the folder events that name one.
    pub fn folder(&self) -> Option<&str> {
        self.data.get("folder").and_then(|f| f.as_str())
    }
}

/// Names of the event types the fleet listens to.
pub mod event_type {
    /// A folder's `state` changed (`idle`, `syncing`, ...).
    pub const STATE_CHANGED: &str = "StateChanged";
    /// A folder's status summary changed; `data.summary` is what `GET /rest/db/status` answers.
    /// Syncthing only computes these while someone asks for them.
    pub const FOLDER_SUMMARY: &str = "FolderSummary";
    /// A file finished syncing (or failed: `data.error`).
    pub const ITEM_FINISHED: &str = "ItemFinished";
    /// The local index changed: a scan found local changes.
    pub const LOCAL_INDEX_UPDATED: &str = "LocalIndexUpdated";
    pub const REMOTE_INDEX_UPDATED: &str = "RemoteIndexUpdated";
    pub const FOLDER_ERRORS: &str = "FolderErrors";
    pub const FOLDER_PAUSED: &str = "FolderPaused";
    pub const FOLDER_RESUMED: &str = "FolderResumed";
    pub const DEVICE_CONNECTED: &str = "DeviceConnected";
    pub const DEVICE_DISCONNECTED: &str = "DeviceDisconnected";
    pub const CONFIG_SAVED: &str = "ConfigSaved";

    /// What the kiosk waits on to re-read the packs folder.
    pub const PACKS_FOLDER: &[&str] = &[
        STATE_CHANGED,
        FOLDER_SUMMARY,
        LOCAL_INDEX_UPDATED,
        FOLDER_ERRORS,
        FOLDER_PAUSED,
        FOLDER_RESUMED,
        DEVICE_CONNECTED,
        DEVICE_DISCONNECTED,
    ];
}

/// The reader's place in one filter's stream.
#[derive(Debug, Clone)]
pub struct EventWatch {
    filter: Vec<String>,
    since: u64,
    missed: bool,
}

/// What one wait brought.
#[derive(Debug, Clone, PartialEq)]
pub struct Wake {
    /// In order; empty when the wait ran out.
    pub events: Vec<Event>,
    /// Events were (or may have been) missed: a gap in the ids, Syncthing restarted, the previous
    /// call failed, or this is the first wait. Read the status again.
    pub missed: bool,
}

impl EventWatch {
    /// Starts reading `filter`'s events; the first wait reports `missed`, since nothing was read
    /// before it.
    pub fn new(filter: &[&str]) -> EventWatch {
        EventWatch {
            filter: filter.iter().map(|s| (*s).to_owned()).collect(),
            since: 0,
            missed: true,
        }
    }

    /// The id of the last event read.
    pub fn position(&self) -> u64 {
        self.since
    }

    /// Waits up to `timeout` for the next events.
    pub fn wait(&mut self, api: &Api, timeout: Duration) -> Result<Wake, Error> {
        let filter: Vec<&str> = self.filter.iter().map(String::as_str).collect();
        let events = match api.events(self.since, timeout, &filter) {
            Ok(events) => events,
            Err(e) => {
                // Syncthing may be restarting; start over from whatever it holds then.
                self.since = 0;
                self.missed = true;
                return Err(e);
            }
        };
        let mut missed = std::mem::take(&mut self.missed);
        if events.is_empty() {
            // A restarted Syncthing counts from 1 again, and waits for ids past our `since` to
            // exist before it answers: every wait would run out, however much happened.
            let latest = api
                .latest_event_id(&filter)
                .inspect_err(|_| self.missed = true)?;
            if latest < self.since {
                self.since = latest;
                missed = true;
            }
        } else {
            let mut expected = self.since + 1;
            for event in &events {
                if event.id != expected {
                    missed = true;
                }
                expected = event.id + 1;
            }
            self.since = events.last().map_or(self.since, |e| e.id);
        }
        Ok(Wake { events, missed })
    }
}
