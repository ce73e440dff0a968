//! The watchdog's judgement, without Tauri: the page reports a heartbeat (and, while a video plays,
//! its position) every few seconds; a clock ticks. A page that falls silent (a hung or crashed
//! web process) or a video whose position stands still while it claims to play is a fault, and
//! each fault within a short time of the last recovery climbs one step: reload the page, then
//! recreate the window, then exit with a code the OS supervisor restarts on.
//! What the running kiosk does with the verdicts lives in `recovery`.

use serde::Deserialize;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WatchdogConfig {
    /// Silence longer than this means the page is not running.
    pub heartbeat_timeout: Duration,
    /// A playing video whose position has not moved for this long is stalled.
    pub stall_timeout: Duration,
    /// After a start or a recovery, the page gets this long to load before silence counts.
    pub grace: Duration,
    /// A fault this soon after the last recovery means the recovery did not work: the next step.
    pub escalation_window: Duration,
}

impl Default for WatchdogConfig {
    fn default() -> Self {
        Self {
            heartbeat_timeout: Duration::from_secs(12),
            stall_timeout: Duration::from_secs(10),
            grace: Duration::from_secs(30),
            escalation_window: Duration::from_secs(5 * 60),
        }
    }
}

/// What the page says about itself (`heartbeat` command).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Heartbeat {
    pub screen: String,
    /// The video on screen, when one is meant to be playing.
    pub video: Option<VideoReport>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VideoReport {
    pub current_time: f64,
    pub paused: bool,
    pub ended: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Fault {
    /// No heartbeat: the web process hung, crashed or is stuck in a script.
    PageSilent { silent_for: Duration },
    /// The video claims to play but its position stood still.
    VideoStalled { at: f64, frozen_for: Duration },
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Fault::PageSilent { silent_for } => {
                write!(
                    f,
                    "no heartbeat from the page for {} s",
                    silent_for.as_secs()
                )
            }
            Fault::VideoStalled { at, frozen_for } => write!(
                f,
                "the video stalled at {at:.1} s for {} s",
                frozen_for.as_secs()
            ),
        }
    }
}

/// The steps, mildest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Recovery {
    ReloadPage,
    RecreateWindow,
    /// Leave with `EXIT_WATCHDOG`, for systemd / Shell Launcher / launchd to start the kiosk again.
    Exit,
}

impl Recovery {
    fn next(self) -> Recovery {
        match self {
            Recovery::ReloadPage => Recovery::RecreateWindow,
            Recovery::RecreateWindow | Recovery::Exit => Recovery::Exit,
        }
    }
}

#[derive(Debug)]
pub struct Watchdog {
    config: WatchdogConfig,
    /// Silence is measured from here: the last heartbeat, or the end of a grace period.
    heard_at: Instant,
    /// The playing video's position and when it last changed.
    progress: Option<(f64, Instant)>,
    /// The last heartbeat itself (`heard_at` may lie ahead, in a grace period).
    reported_at: Option<Instant>,
    last_recovery: Option<(Recovery, Instant)>,
    /// Whether the exit step is allowed; off in the crash-loop safe mode.
    may_exit: bool,
    /// A recovery ran and the page has not spoken since.
    recovering: bool,
}

impl Watchdog {
    pub fn new(config: WatchdogConfig, now: Instant) -> Self {
        Self {
            config,
            heard_at: now + config.grace,
            progress: None,
            reported_at: None,
            last_recovery: None,
            may_exit: true,
            recovering: false,
        }
    }

    /// After too many restarts the kiosk must not add another: the worst step becomes recreating
    /// the window, again and again, rather than a restart storm.
    pub fn never_exit(mut self) -> Self {
        self.may_exit = false;
        self
    }

    /// Returns true for the first heartbeat after a recovery: the page is back.
    pub fn heartbeat(&mut self, report: &Heartbeat, now: Instant) -> bool {
        self.heard_at = self.heard_at.max(now);
        self.reported_at = Some(now);
        let back = std::mem::take(&mut self.recovering);
        match &report.video {
            Some(video) if !video.paused && !video.ended => match self.progress {
                // Any movement, a loop back to the start included, is progress.
                Some((at, _)) if at == video.current_time => {}
                _ => self.progress = Some((video.current_time, now)),
            },
            // Paused, ended or no video: nothing should move, so nothing can stall.
            _ => self.progress = None,
        }
        back
    }

    /// The fault found now, if any, and the step that answers it.
    pub fn tick(&mut self, now: Instant) -> Option<(Fault, Recovery)> {
        let fault = if now > self.heard_at + self.config.heartbeat_timeout {
            Fault::PageSilent {
                silent_for: now - self.heard_at,
            }
        } else {
            let (at, since) = self.progress?;
            // Only the page can say its picture still stands: frozen time counts up to its last
            // heartbeat. A page that dies mid-play stops reporting, and that is silence, judged
            // by the heartbeat timeout, not a stall of a video nobody is watching any more.
            let frozen_for = self.reported_at?.saturating_duration_since(since);
            if frozen_for <= self.config.stall_timeout {
                return None;
            }
            Fault::VideoStalled { at, frozen_for }
        };
        let mut step = match self.last_recovery {
            Some((last, when)) if now - when <= self.config.escalation_window => last.next(),
            _ => Recovery::ReloadPage,
        };
        if step == Recovery::Exit && !self.may_exit {
            step = Recovery::RecreateWindow;
        }
        self.last_recovery = Some((step, now));
        self.recovering = true;
        // The recovered page starts from nothing: give it time to load before judging it again.
        self.heard_at = now + self.config.grace;
        self.progress = None;
        Some((fault, step))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    fn config() -> WatchdogConfig {
        WatchdogConfig {
            heartbeat_timeout: 10 * S,
            stall_timeout: 8 * S,
            grace: 20 * S,
            escalation_window: 300 * S,
        }
    }

    fn playing(at: f64) -> Heartbeat {
        Heartbeat {
            screen: "attract".into(),
            video: Some(VideoReport {
                current_time: at,
                paused: false,
                ended: false,
            }),
        }
    }

    #[test]
    fn a_page_that_keeps_beating_and_playing_is_left_alone() {
        let t0 = Instant::now();
        let mut dog = Watchdog::new(config(), t0);
        for s in 0..600u32 {
            let now = t0 + s * S;
            // The attract loop wraps every 49 s: back to 0 is progress too.
            dog.heartbeat(&playing((s % 49) as f64), now);
            assert_eq!(dog.tick(now), None, "at {s} s");
        }
    }

    #[test]
    fn the_page_gets_its_grace_period_to_load_before_silence_counts() {
        let t0 = Instant::now();
        let mut dog = Watchdog::new(config(), t0);
        assert_eq!(dog.tick(t0 + 29 * S), None, "grace 20 s + timeout 10 s");
        let (fault, step) = dog.tick(t0 + 31 * S).expect("silent too long");
        assert!(matches!(fault, Fault::PageSilent { .. }), "{fault:?}");
        assert_eq!(step, Recovery::ReloadPage);
    }

    #[test]
    fn a_frozen_video_is_a_stall_but_a_paused_one_is_not() {
        let t0 = Instant::now();
        let mut dog = Watchdog::new(config(), t0);
        for s in 0..20u32 {
            let mut beat = playing(3.0);
            if let Some(video) = beat.video.as_mut() {
                video.paused = true;
            }
            dog.heartbeat(&beat, t0 + s * S);
            assert_eq!(dog.tick(t0 + s * S), None, "paused at {s} s");
        }
        for s in 20..28u32 {
            dog.heartbeat(&playing(3.0), t0 + s * S);
            assert_eq!(dog.tick(t0 + s * S), None, "frozen for {} s only", s - 20);
        }
        dog.heartbeat(&playing(3.0), t0 + 29 * S);
        let (fault, step) = dog.tick(t0 + 29 * S).expect("stalled");
        assert_eq!(
            fault,
            Fault::VideoStalled {
                at: 3.0,
                frozen_for: 9 * S
            }
        );
        assert_eq!(step, Recovery::ReloadPage);
        assert_eq!(fault.to_string(), "the video stalled at 3.0 s for 9 s");
        assert!(
            dog.heartbeat(&playing(3.5), t0 + 30 * S),
            "the first beat after a recovery says the page is back"
        );
        assert!(!dog.heartbeat(&playing(4.0), t0 + 31 * S), "once");
    }

    /// Regression: a killed web process was reported as "the video stalled" (the stall limit
    /// runs out before the silence limit), and its reason in the log pointed at the trailer.
    #[test]
    fn a_page_that_dies_while_playing_is_silent_not_stalled() {
        let t0 = Instant::now();
        let mut dog = Watchdog::new(config(), t0);
        for s in 0..40u32 {
            dog.heartbeat(&playing(s as f64), t0 + s * S);
        }
        for s in 40..=49u32 {
            assert_eq!(
                dog.tick(t0 + s * S),
                None,
                "{} s after the last beat",
                s - 39
            );
        }
        let (fault, _) = dog.tick(t0 + 50 * S).expect("silent too long");
        assert_eq!(fault, Fault::PageSilent { silent_for: 11 * S });
    }

    #[test]
    fn faults_soon_after_a_recovery_climb_the_ladder_and_a_quiet_spell_resets_it() {
        let t0 = Instant::now();
        let mut dog = Watchdog::new(config(), t0);
        let mut now = t0;
        let mut steps = Vec::new();
        for _ in 0..4 {
            // Silent from here on: each recovery's grace runs out, then the timeout.
            now += 31 * S;
            steps.push(dog.tick(now).expect("a fault").1);
        }
        assert_eq!(
            steps,
            [
                Recovery::ReloadPage,
                Recovery::RecreateWindow,
                Recovery::Exit,
                Recovery::Exit
            ]
        );

        // Long after the last recovery, a new fault starts again at the mildest step.
        let mut dog = Watchdog::new(config(), t0);
        assert_eq!(dog.tick(t0 + 31 * S).unwrap().1, Recovery::ReloadPage);
        for s in 31..400u32 {
            dog.heartbeat(&playing(s as f64), t0 + s * S);
        }
        assert_eq!(dog.tick(t0 + 411 * S).unwrap().1, Recovery::ReloadPage);
    }

    #[test]
    fn in_safe_mode_the_worst_step_is_recreating_the_window() {
        let t0 = Instant::now();
        let mut dog = Watchdog::new(config(), t0).never_exit();
        let mut now = t0;
        let mut worst = Recovery::ReloadPage;
        for _ in 0..6 {
            now += 31 * S;
            worst = worst.max(dog.tick(now).unwrap().1);
        }
        assert_eq!(worst, Recovery::RecreateWindow);
    }
}
