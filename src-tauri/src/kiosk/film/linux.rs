//! Linux: the film in GStreamer's `gtksink`, shown beneath the webview. wry packs the webview
//! into the window's box; for a film under it, the webview moves into a `GtkOverlay` above a box
//! that holds the sink's widget, and gets a transparent background, so wherever the page paints
//! nothing the film shows through. The overlay passes no input through: every touch lands on
//! the page, which stays in charge of the screens.

use crate::media::native::{can_decode, missing_elements, LoopEvent, LoopStatus, NativeLoop};
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
pub(super) struct Player(Arc<NativeLoop>);

impl Player {
    pub fn status(&self) -> LoopStatus {
        self.0.status()
    }

    pub fn stop(&self) {
        self.0.stop();
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
    sound: Option<f64>,
    listener: impl Fn(LoopEvent) + Send + Sync + 'static,
) -> Result<Player, String> {
    let (tx, rx) = tokio::sync::oneshot::channel();
    window
        .with_webview(move |platform| {
            let _ = tx.send(play_beneath(&platform.inner(), film, sound, listener));
        })
        .map_err(|e| format!("the window is gone: {e}"))?;
    rx.await
        .map_err(|_| "the window closed before the film started".to_string())?
}

fn play_beneath(
    webview: &webkit2gtk::WebView,
    film: std::fs::File,
    sound: Option<f64>,
    listener: impl Fn(LoopEvent) + Send + Sync + 'static,
) -> Result<Player, String> {
    let holder = holder_under(webview)?;
    let scale = holder.scale_factor();
    let allocation = holder.allocation();
    let size = (allocation.width() * scale, allocation.height() * scale);
    let (native, widget) = NativeLoop::new(film, sound, size, listener)?;
    let native = Arc::new(native);
    for child in holder.children() {
        holder.remove(&child);
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
