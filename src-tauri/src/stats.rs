//! Play statistics for the operator panel: counted locally, nothing about who watched.

use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlayKind {
    AttractLoop,
    TrailerStart,
    TrailerComplete,
}

pub struct PlayStats {
    started: Instant,
    attract_loops: AtomicU64,
    trailer_starts: AtomicU64,
    trailer_completions: AtomicU64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatsView {
    pub uptime_secs: u64,
    pub attract_loops: u64,
    pub trailer_starts: u64,
    pub trailer_completions: u64,
}

impl Default for PlayStats {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            attract_loops: AtomicU64::new(0),
            trailer_starts: AtomicU64::new(0),
            trailer_completions: AtomicU64::new(0),
        }
    }
}

impl PlayStats {
    pub fn record(&self, kind: PlayKind) {
        let counter = match kind {
            PlayKind::AttractLoop => &self.attract_loops,
            PlayKind::TrailerStart => &self.trailer_starts,
            PlayKind::TrailerComplete => &self.trailer_completions,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    pub fn view(&self) -> StatsView {
        StatsView {
            uptime_secs: self.started.elapsed().as_secs(),
            attract_loops: self.attract_loops.load(Ordering::Relaxed),
            trailer_starts: self.trailer_starts.load(Ordering::Relaxed),
            trailer_completions: self.trailer_completions.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_counts_separately_and_kinds_arrive_in_kebab_case() {
        let stats = PlayStats::default();
        for kind in ["attract-loop", "attract-loop", "trailer-start"] {
            stats.record(serde_json::from_value(serde_json::json!(kind)).unwrap());
        }
        let view = stats.view();
        assert_eq!(
            (
                view.attract_loops,
                view.trailer_starts,
                view.trailer_completions
            ),
            (2, 1, 0)
        );
        assert!(serde_json::from_value::<PlayKind>(serde_json::json!("visitor-name")).is_err());
    }
}
