//! Whether a playing film's position still moves: the pipeline's answer to a stall the page's
//! `<video>` watchdog used to catch. Pure, so the rule is tested without a pipeline.

use std::time::{Duration, Instant};

/// Tracks the last position seen and since when it has not moved.
#[derive(Debug, Clone)]
pub(crate) struct Progress {
    limit: Duration,
    last: Option<(f64, Instant)>,
}

impl Progress {
    pub fn new(limit: Duration) -> Self {
        Self { limit, last: None }
    }

    /// Feeds one reading of the position; answers how long it has stood still once that is
    /// longer than the limit. Any change counts as moving: a loop point goes back to 0.
    pub fn observe(&mut self, position: f64, now: Instant) -> Option<Duration> {
        match self.last {
            Some((seen, since)) if seen == position => {
                let still = now.duration_since(since);
                (still > self.limit).then_some(still)
            }
            _ => {
                self.last = Some((position, now));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_that_stands_still_past_the_limit_is_a_stall() {
        let start = Instant::now();
        let mut progress = Progress::new(Duration::from_secs(5));
        assert_eq!(progress.observe(1.0, start), None);
        assert_eq!(progress.observe(1.0, start + Duration::from_secs(4)), None);
        assert_eq!(
            progress.observe(1.0, start + Duration::from_secs(6)),
            Some(Duration::from_secs(6))
        );
    }

    #[test]
    fn moving_on_or_wrapping_to_the_start_is_progress() {
        let start = Instant::now();
        let mut progress = Progress::new(Duration::from_secs(5));
        for (second, position) in [(0, 9.0), (4, 9.9), (8, 0.1), (12, 3.9)] {
            let now = start + Duration::from_secs(second);
            assert_eq!(progress.observe(position, now), None, "at {second} s");
        }
    }
}
