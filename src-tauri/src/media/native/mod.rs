//! Films played by GStreamer instead of the webview (the attract loop, and the visitor's
//! trailer once through), into a `gtksink` whose widget the kiosk shows beneath a transparent
//! webview (`player`, Linux only: WebView2 and WKWebView play video on the GPU themselves), with
//! the rule that tells a stalled film (`progress`). This only plays a file and reports what
//! happens; which path plays, and where in the window, are the kiosk's (`kiosk::film`).

#[cfg(target_os = "linux")]
mod player;
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
mod progress;

#[cfg(target_os = "linux")]
pub(crate) use player::{can_decode, missing_elements, NativePlayer};
#[cfg(target_os = "linux")]
use progress::Progress;

/// How a film plays: round and round without a gap (the attract loop), or once through with the
/// visitor at the controls (the trailer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Playback {
    Loop,
    Once,
}

/// What the player says about itself, delivered on the thread that runs the GTK main loop.
/// Only the Linux player sends them; `kiosk::film` hears them on every system.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub(crate) enum PlayerEvent {
    /// The first frame is on screen and the film runs.
    Playing,
    /// The film wrapped round to its start, without a gap; `loops` counts them since the start.
    Looped { loops: u64 },
    /// A film played once: where it is, a few times a second, paused or not.
    Progress {
        position: f64,
        duration: Option<f64>,
        paused: bool,
    },
    /// A film played once reached its end; the pipeline has been stopped.
    Ended,
    /// The pipeline failed, or (`stalled`) its position stood still; it has been stopped.
    Failed { reason: String, stalled: bool },
}

/// How the player is doing, for the status command and the watchdog.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct PlayerStatus {
    /// Seconds into the current pass of the film.
    pub position: f64,
    /// Seconds of film shown since the start, every pass counted (`played_seconds`).
    pub played: f64,
    pub playing: bool,
    /// Paused by the visitor (a film played once); a paused film is not a stalled one.
    pub paused: bool,
    pub duration: Option<f64>,
    pub loops: u64,
    /// Frames the sink drew and dropped since the start.
    pub rendered: u64,
    pub dropped: u64,
}

/// What the watchdog is told of a looping film: the seconds shown since the start, not the
/// position in the pass. Heartbeats come every few seconds; with a film whose length is a multiple
/// of that, every beat can land on the same instant of a pass (the loop point, where the position
/// reads 0.0), and a film that plays on looks like one that stands still.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
pub(crate) fn played_seconds(loops: u64, pass_length: Option<f64>, position: f64) -> f64 {
    // Without a known length, a pass counts as one second: the reading still changes with every
    // pass, which is all the watchdog compares.
    loops as f64 * pass_length.filter(|l| *l > 0.0).unwrap_or(1.0) + position
}

#[cfg(test)]
mod tests {
    use super::*;

    // Regression: the soak's 3 s clip looped in step with the page's 3 s heartbeat; the position
    // each beat read was 0.0 again and again, and the watchdog reloaded a page whose film played.
    #[test]
    fn heartbeats_in_step_with_the_loop_still_see_the_film_move() {
        let readings: Vec<f64> = (0..5u64)
            .map(|beat| played_seconds(beat, Some(3.0), 0.0))
            .collect();
        assert!(
            readings.windows(2).all(|pair| pair[1] > pair[0]),
            "{readings:?}"
        );
    }

    #[test]
    fn a_film_stuck_within_a_pass_reads_the_same_each_time() {
        assert_eq!(
            played_seconds(7, Some(3.0), 1.5),
            played_seconds(7, Some(3.0), 1.5)
        );
        assert_eq!(played_seconds(2, None, 0.5), 2.5);
    }
}
