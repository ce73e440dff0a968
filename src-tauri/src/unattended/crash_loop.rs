//! The crash-loop count: every start of the real kiosk is noted on disk, and too many in a short
//! time put it into a safe mode (the calm slate without video) instead of adding another restart.

use crate::settings::durable::{self, Stored};
use serde::{Deserialize, Serialize};
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// When the kiosk started lately, kept on disk so a crash loop is seen across processes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StartLog {
    /// Start times, seconds since the Unix epoch, oldest first.
    pub starts: Vec<u64>,
}

pub const START_LOG_FILE: &str = "starts.json";

/// More starts than this within `CRASH_LOOP_WINDOW_SECS` is a crash loop (five restarts in ten
/// minutes, counting the first start).
pub const CRASH_LOOP_STARTS: usize = 6;
pub const CRASH_LOOP_WINDOW_SECS: u64 = 10 * 60;

impl Stored for StartLog {
    const KEY: &'static str = "starts";

    fn validate(&self) -> Result<(), String> {
        Ok(())
    }
}

impl StartLog {
    /// Notes a start at `now` and says whether it completes a crash loop. Starts outside the window
    /// (or in the future, after a clock change) are forgotten.
    pub fn record_start(&mut self, now: u64) -> bool {
        self.starts
            .retain(|&t| t <= now && now - t < CRASH_LOOP_WINDOW_SECS);
        self.starts.push(now);
        self.starts.len() >= CRASH_LOOP_STARTS
    }

    /// When the crash loop's window ends: the oldest start it counts, plus the window.
    pub fn calm_at(&self) -> Option<u64> {
        self.starts.first().map(|t| t + CRASH_LOOP_WINDOW_SECS)
    }
}

pub(crate) fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Notes this start in the data folder; when it completes a crash loop, returns when the loop's
/// window ends, and logs why the kiosk will rest.
pub fn note_start(data_dir: &Path) -> Option<u64> {
    let path = data_dir.join(START_LOG_FILE);
    let (mut starts, _) = durable::load::<StartLog>(&path);
    let crash_loop = starts.record_start(unix_now());
    if let Err(e) = durable::save(&path, &starts) {
        log::warn!("cannot note this start in {}: {e}", path.display());
    }
    if !crash_loop {
        return None;
    }
    let until = starts.calm_at();
    log::error!(
        "{} starts within {} minutes: a crash loop. The kiosk shows its calm slate without video for {} s and will not exit on its own; look at the lines above for the cause",
        starts.starts.len(),
        CRASH_LOOP_WINDOW_SECS / 60,
        until.map_or(0, |u| u.saturating_sub(unix_now()))
    );
    until
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sixth_start_in_ten_minutes_is_a_crash_loop_and_old_starts_are_forgotten() {
        let mut log = StartLog::default();
        let t0 = 1_800_000_000;
        let verdicts: Vec<bool> = (0..6).map(|n| log.record_start(t0 + n * 60)).collect();
        assert_eq!(verdicts, [false, false, false, false, false, true]);
        assert_eq!(log.calm_at(), Some(t0 + 600));

        // A kiosk restarted once a day (the scheduled restart) never comes near it.
        let mut daily = StartLog::default();
        for day in 0..30 {
            assert!(!daily.record_start(t0 + day * 86_400));
        }
        assert_eq!(daily.starts.len(), 1);

        // A clock set back does not leave starts "in the future" counting forever.
        let mut log = StartLog {
            starts: vec![t0 + 10_000; 5],
        };
        assert!(!log.record_start(t0));
    }
}
