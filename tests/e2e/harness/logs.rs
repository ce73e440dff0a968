//! What the kiosk writes down: its log file, and its standard error when a test captures it.

use super::{Home, Kiosk};
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

impl Home {
    /// From now on the kiosk's standard error (through tauri-driver) goes to `stderr.log` here,
    /// where a test can read it, instead of the test's own output.
    pub fn capture_stderr(&self) -> PathBuf {
        let path = self.path().join("stderr.log");
        std::fs::write(&path, "").unwrap();
        path
    }

    pub fn stderr_capture(&self) -> Option<Stdio> {
        let path = self.path().join("stderr.log");
        path.exists().then(|| {
            std::fs::OpenOptions::new()
                .append(true)
                .open(&path)
                .unwrap()
                .into()
        })
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.data_dir().join("logs/Screening Kiosk.log"))
            .unwrap_or_default()
    }
}

impl Kiosk {
    /// Waits until the kiosk's log file has a line containing `needle`; returns the log.
    pub async fn wait_for_log(&self, needle: &str, within: Duration) -> String {
        let deadline = Instant::now() + within;
        loop {
            let log = self.home.log();
            if log.contains(needle) {
                return log;
            }
            assert!(
                Instant::now() < deadline,
                "the log never said {needle:?}; it ends:\n{}",
                log.lines().rev().take(15).collect::<Vec<_>>().join("\n")
            );
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    /// Waits until the log has a line containing `needle`, at most `longest`; whether it came.
    /// For a pause that gave the kiosk time to refuse something: it ends as soon as the refusal
    /// is logged, and never lasts longer than the pause did.
    pub async fn log_says_within(&self, needle: &str, longest: Duration) -> bool {
        let deadline = Instant::now() + longest;
        loop {
            if self.home.log().contains(needle) {
                return true;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            tokio::time::sleep(left.min(Duration::from_millis(50))).await;
        }
    }
}
