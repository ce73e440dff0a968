//! Windows and macOS: WebView2 and WKWebView play video on the GPU themselves, so the page's
//! `<video>` plays the film and there is no native player.

use crate::media::native::{LoopEvent, LoopStatus};
use tauri::{Runtime, WebviewWindow};

pub(super) fn unavailable() -> Option<String> {
    Some("this platform's webview plays video on the GPU itself".into())
}

pub(super) fn decodes(_mime: &str) -> bool {
    false
}

pub(super) struct Player;

impl Player {
    pub fn status(&self) -> LoopStatus {
        LoopStatus::default()
    }

    pub fn stop(&self) {}
}

pub(super) fn prepare<R: Runtime>(_window: &WebviewWindow<R>) {}

pub(super) async fn play<R: Runtime>(
    _window: &WebviewWindow<R>,
    _film: std::fs::File,
    _sound: Option<f64>,
    _listener: impl Fn(LoopEvent) + Send + Sync + 'static,
) -> Result<Player, String> {
    Err(unavailable().unwrap_or_default())
}

pub(super) fn unhost<R: Runtime>(_window: &WebviewWindow<R>, _player: Player) {}
