//! Windows and macOS: WebView2 and WKWebView play video on the GPU themselves, so the page's
//! `<video>` plays the film and there is no native player.

use super::Rect;
use crate::media::native::{Playback, PlayerEvent, PlayerStatus};
use tauri::{Runtime, WebviewWindow};

pub(super) fn unavailable() -> Option<String> {
    Some("this platform's webview plays video on the GPU itself".into())
}

pub(super) fn decodes(_mime: &str) -> bool {
    false
}

pub(super) struct Player;

impl Player {
    pub fn status(&self) -> PlayerStatus {
        PlayerStatus::default()
    }

    pub fn stop(&self) {}

    pub fn pause(&self) {}

    pub fn resume(&self) {}

    pub fn seek(&self, _seconds: f64) {}
}

pub(super) fn prepare<R: Runtime>(_window: &WebviewWindow<R>) {}

pub(super) async fn play<R: Runtime>(
    _window: &WebviewWindow<R>,
    _film: std::fs::File,
    _playback: Playback,
    _sound: Option<f64>,
    _rect: Option<Rect>,
    _listener: impl Fn(PlayerEvent) + Send + Sync + 'static,
) -> Result<Player, String> {
    Err(unavailable().unwrap_or_default())
}

pub(super) fn place<R: Runtime>(_window: &WebviewWindow<R>, _rect: Rect) {}

pub(super) fn unhost<R: Runtime>(_window: &WebviewWindow<R>, _player: Player) {}
