//! Linux: the film in GStreamer's `gtksink`, shown beneath the webview. wry packs the webview
//! into the window's box; for a film under it, the webview moves into a `GtkOverlay` above a box
//! that holds the sink's widget, and gets a transparent background, so wherever the page paints
//! nothing the film shows through. The overlay passes no input through: every touch lands on
//! the page, which stays in charge of the screens.

use super::Rect;
use crate::media::native::{
    can_decode, missing_elements, NativePlayer, Playback, PlayerEvent, PlayerStatus,
};
use gtk::prelude::*;
use std::sync::Arc;
use tauri::{Runtime, WebviewWindow};
use webkit2gtk::WebViewExt;

pub(super) fn unavailable() -> Option<String> {
    missing_elements()
}

pub(super) fn decodes(mime: &str) -> bool {
    can_decode(mime)
}

/// A native film playing beneath a window's page.
pub(super) struct Player(Arc<NativePlayer>);

impl Player {
    pub fn status(&self) -> PlayerStatus {
        self.0.status()
    }

    pub fn stop(&self) {
        self.0.stop();
    }

    pub fn pause(&self) {
        self.0.pause();
    }

    pub fn resume(&self) {
        self.0.resume();
    }

    pub fn seek(&self, seconds: f64) {
        self.0.seek(seconds);
    }
}

/// Moves the window's webview into an overlay above an empty holder (once per window), so that
/// the first film does not re-parent a page already on screen.
pub(super) fn prepare<R: Runtime>(window: &WebviewWindow<R>) {
    let done = window.with_webview(|platform| {
        if let Err(e) = holder_under(&platform.inner()) {
            log::warn!("native film: the window cannot hold a film beneath its page: {e}");
        }
    });
    if let Err(e) = done {
        log::warn!("native film: the window cannot hold a film beneath its page: {e}");
    }
}

/// Starts the film in `film` beneath the page of `window`, on the GTK main thread; `listener`
/// hears the player's events there.
pub(super) async fn play<R: Runtime>(
    window: &WebviewWindow<R>,
    film: std::fs::File,
    playback: Playback,
    sound: Option<f64>,
    rect: Option<Rect>,
    listener: impl Fn(PlayerEvent) + Send + Sync + 'static,
) -> Result<Player, String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    window
        .with_webview(move |platform| {
            let webview = platform.inner();
            let _ = tx.send(play_beneath(
                &webview, film, playback, sound, rect, listener,
            ));
        })
        .map_err(|e| format!("the window is gone: {e}"))?;
    rx.await
        .map_err(|_| "the window closed before the film started".to_string())?
}

fn play_beneath(
    webview: &webkit2gtk::WebView,
    film: std::fs::File,
    playback: Playback,
    sound: Option<f64>,
    rect: Option<Rect>,
    listener: impl Fn(PlayerEvent) + Send + Sync + 'static,
) -> Result<Player, String> {
    let holder = holder_under(webview)?;
    let scale = holder.scale_factor();
    let allocation = holder.allocation();
    let (width, height) = match rect {
        Some(rect) => (
            window_px(webview, rect.width),
            window_px(webview, rect.height),
        ),
        None => (allocation.width(), allocation.height()),
    };
    let size = (width * scale, height * scale);
    let (native, widget) = NativePlayer::new(film, playback, sound, size, listener)?;
    let native = Arc::new(native);
    for child in holder.children() {
        holder.remove(&child);
    }
    if let Some(rect) = rect {
        place_widget(&widget, webview, rect);
    }
    holder.pack_start(&widget, true, true, 0);
    let resized = Arc::downgrade(&native);
    let last = std::cell::Cell::new(size);
    widget.connect_size_allocate(move |widget, allocation| {
        let scale = widget.scale_factor();
        let size = (allocation.width() * scale, allocation.height() * scale);
        if size != last.replace(size) {
            if let Some(native) = resized.upgrade() {
                native.resize(size.0, size.1);
            }
        }
    });
    widget.show();
    webview.set_background_color(&gtk::gdk::RGBA::new(0.0, 0.0, 0.0, 0.0));
    native.play()?;
    Ok(Player(native))
}

/// Moves the film's picture to `rect` of the page (CSS pixels); its size follows by itself.
pub(super) fn place<R: Runtime>(window: &WebviewWindow<R>, rect: Rect) {
    let done = window.with_webview(move |platform| {
        let webview = platform.inner();
        if let Some(widget) = holder_under(&webview)
            .ok()
            .and_then(|holder| holder.children().into_iter().next())
        {
            place_widget(&widget, &webview, rect);
        }
    });
    if let Err(e) = done {
        log::warn!("native film: cannot move the film: {e}");
    }
}

/// The sink's widget fills the holder less margins: the page's rectangle, in the window's
/// pixels (the page's CSS pixels times its zoom).
fn place_widget(widget: &gtk::Widget, webview: &webkit2gtk::WebView, rect: Rect) {
    let window = webview.allocation();
    let px = |css: f64| window_px(webview, css);
    let (left, top) = (px(rect.x), px(rect.y));
    let right = (window.width() - left - px(rect.width)).max(0);
    let bottom = (window.height() - top - px(rect.height)).max(0);
    widget.set_margin_start(left);
    widget.set_margin_top(top);
    widget.set_margin_end(right);
    widget.set_margin_bottom(bottom);
}

/// A length of the page (CSS pixels) in the window's pixels: times the page's zoom.
fn window_px(webview: &webkit2gtk::WebView, css: f64) -> i32 {
    (css * webview.zoom_level()).round().max(0.0) as i32
}

/// Takes the stopped film's widget from beneath the page and makes the webview opaque again.
pub(super) fn unhost<R: Runtime>(window: &WebviewWindow<R>, player: Player) {
    player.stop();
    let done = window.with_webview(move |platform| {
        let webview = platform.inner();
        webview.set_background_color(&gtk::gdk::RGBA::new(1.0, 1.0, 1.0, 1.0));
        if let Ok(holder) = holder_under(&webview) {
            for child in holder.children() {
                holder.remove(&child);
            }
        }
        // The pipeline is released on the thread that drew it.
        drop(player);
    });
    if let Err(e) = done {
        log::warn!("native film: cannot take the film from the window: {e}");
    }
}

/// The box beneath the page, made on first use: wry's box then holds an overlay whose main child
/// is the holder and whose overlay is the webview.
fn holder_under(webview: &webkit2gtk::WebView) -> Result<gtk::Box, String> {
    let parent = webview.parent().ok_or("the webview is in no container")?;
    if let Ok(overlay) = parent.clone().downcast::<gtk::Overlay>() {
        return overlay
            .child()
            .and_then(|child| child.downcast::<gtk::Box>().ok())
            .ok_or_else(|| "the overlay lost its film holder".to_string());
    }
    let container = parent
        .downcast::<gtk::Box>()
        .map_err(|_| "the webview is not in wry's box".to_string())?;
    let position = container
        .children()
        .iter()
        .position(|child| child == webview.upcast_ref::<gtk::Widget>())
        .unwrap_or(0);
    container.remove(webview);
    let holder = gtk::Box::new(gtk::Orientation::Vertical, 0);
    let overlay = gtk::Overlay::new();
    overlay.add(&holder);
    overlay.add_overlay(webview);
    container.pack_start(&overlay, true, true, 0);
    container.reorder_child(&overlay, i32::try_from(position).unwrap_or(0));
    overlay.show_all();
    webview.grab_focus();
    Ok(holder)
}
