//! The attract loop played by GStreamer instead of the webview, into a `gtksink` whose widget
//! the kiosk shows beneath a transparent webview (`player`, Linux only: WebView2 and WKWebView
//! play video on the GPU themselves), with the rule that tells a stalled film (`progress`). This
//! only plays a URI and reports what happens; which path plays, and the window it plays in, are
//! the kiosk's (`kiosk::film`).

#[cfg(target_os = "linux")]
mod player;
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
mod progress;

#[cfg(target_os = "linux")]
pub(crate) use player::{can_decode, missing_elements, NativeLoop};
#[cfg(target_os = "linux")]
use progress::Progress;

/// What the player says about itself, delivered on the thread that runs the GTK main loop.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LoopEvent {
    /// The first frame is on screen and the loop runs.
    Playing,
    /// The film wrapped round to its start, without a gap; `loops` counts them since the start.
    Looped { loops: u64 },
    /// The pipeline failed, or (`stalled`) its position stood still; it has been stopped.
    Failed { reason: String, stalled: bool },
}

/// How the player is doing, for the status command and the watchdog.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct LoopStatus {
    /// Seconds into the current pass of the film.
    pub position: f64,
    pub playing: bool,
    pub loops: u64,
    /// Frames the sink drew and dropped since the start.
    pub rendered: u64,
    pub dropped: u64,
}
