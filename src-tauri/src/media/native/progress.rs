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

    /// Feeds one reading of the position (`None`: the pipeline gave none); answers how long it has
    /// stood still once that is longer than the limit. Any change of position counts as moving (a
    /// loop point goes back to 0); no position never does, so a pipeline that answers "none, 0,
    /// none, 0" stands still, as the watchdog (which reads none as 0) sees it.
    pub fn observe(&mut self, position: Option<f64>, now: Instant) -> Option<Duration> {
        let moved = match (self.last, position) {
            (None, _) => true,
            (Some((seen, _)), Some(position)) => position != seen,
            (Some(_), None) => false,
        };
        if moved {
            // A first reading of no position starts the clock at a position no reading equals.
            self.last = Some((position.unwrap_or(f64::NAN), now));
            return None;
        }
        let since = self.last.map_or(now, |(_, since)| since);
        let still = now.duration_since(since);
        (still > self.limit).then_some(still)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_that_stands_still_past_the_limit_is_a_stall() {
        let start = Instant::now();
        let mut progress = Progress::new(Duration::from_secs(5));
        assert_eq!(progress.observe(Some(1.0), start), None);
        assert_eq!(
            progress.observe(Some(1.0), start + Duration::from_secs(4)),
            None
        );
        assert_eq!(
            progress.observe(Some(1.0), start + Duration::from_secs(6)),
            Some(Duration::from_secs(6))
        );
    }

    #[test]
    fn moving_on_or_wrapping_to_the_start_is_progress() {
        let start = Instant::now();
        let mut progress = Progress::new(Duration::from_secs(5));
        for (second, position) in [(0, 9.0), (4, 9.9), (8, 0.1), (12, 3.9)] {
            let now = start + Duration::from_secs(second);
            assert_eq!(progress.observe(Some(position), now), None, "at {second} s");
        }
    }

    // Regression: a pipeline stuck at its loop point answered no position and 0 by turns, which
    // counted as moving, while the watchdog saw 0.0 s for 11 s and reloaded the page.
    #[test]
    fn no_position_between_readings_of_zero_is_standing_still() {
        let start = Instant::now();
        let mut progress = Progress::new(Duration::from_secs(5));
        let readings = [Some(0.0), None, Some(0.0), None, Some(0.0), None, Some(0.0)];
        let mut answer = None;
        for (second, reading) in readings.into_iter().enumerate() {
            answer = progress.observe(reading, start + Duration::from_secs(second as u64));
        }
        assert_eq!(answer, Some(Duration::from_secs(6)));
    }

    #[test]
    fn a_pipeline_that_never_gives_a_position_stands_still() {
        let start = Instant::now();
        let mut progress = Progress::new(Duration::from_secs(5));
        assert_eq!(progress.observe(None, start), None);
        assert_eq!(
            progress.observe(None, start + Duration::from_secs(6)),
            Some(Duration::from_secs(6))
        );
    }
}
