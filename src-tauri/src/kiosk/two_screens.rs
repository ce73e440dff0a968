//! How the two screens talk, always through the core, never page to page: the touch screen asks
//! for the trailer on the big screen (`play_on_film_screen`), sends it back to its loop when the
//! visitor stops or walks away (`film_screen_rest`), and hears when it ended (`film_screen_done`).

use super::roles::{RoleBoard, FILM_WINDOW};
use super::window::MAIN_WINDOW;
use crate::events::{FILM_SCREEN_DONE_EVENT, FILM_SCREEN_PLAY_EVENT, FILM_SCREEN_REST_EVENT};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Emitter, Manager, Runtime};

/// The visitor's trailer as the touch screen asked for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilmScreenPlay {
    /// The language the visitor reads the kiosk in (the film screen's page loads the pack in it).
    pub language: Option<String>,
    pub captions: bool,
}

/// Sends the trailer to the big screen; false when no big screen plays its part now (one
/// screen, or its monitor is gone and its role waits): the touch screen plays it itself then.
pub fn play_on_film_screen<R: Runtime>(app: &AppHandle<R>, request: &FilmScreenPlay) -> bool {
    if !app.state::<RoleBoard>().film_screen_ready() {
        return false;
    }
    log::info!(
        "the film screen plays the trailer (language {:?}, captions {})",
        request.language,
        if request.captions { "on" } else { "off" }
    );
    app.emit_to(FILM_WINDOW, FILM_SCREEN_PLAY_EVENT, request)
        .map_err(|e| log::error!("cannot reach the film screen: {e}"))
        .is_ok()
}

/// The touch screen went to rest, or its visitor stopped the trailer: the big screen loops again.
pub fn film_screen_rest<R: Runtime>(app: &AppHandle<R>) {
    if app.get_webview_window(FILM_WINDOW).is_some() {
        let _ = app.emit_to(FILM_WINDOW, FILM_SCREEN_REST_EVENT, ());
    }
}

/// The big screen's trailer ended: the touch screen offers the menu again.
pub fn film_screen_done<R: Runtime>(app: &AppHandle<R>) {
    log::info!("the film screen's trailer ended; it loops again");
    let _ = app.emit_to(MAIN_WINDOW, FILM_SCREEN_DONE_EVENT, ());
}
