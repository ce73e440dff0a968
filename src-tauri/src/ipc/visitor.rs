//! The commands the visitor's page calls: the pack and its law texts by id, the settings it
//! follows, the opening state, play statistics, and the watchdog's heartbeat and media errors.
//! None needs an operator session; none can change anything but the statistics.

use crate::content::{CaptionCue, LawDocument, PackView};
use crate::kiosk::film::{self, FilmStart, FilmState, FilmStatus, Rect, Role, TrailerControl};
use crate::kiosk::{self, FilmScreenPlay, LawQr, PackState, RoleBoard, ScreenRole};
use crate::settings::{Settings, SettingsState};
use crate::unattended::stats::PlayEvent;
use crate::unattended::watchdog::{Heartbeat, VideoReport};
use crate::unattended::{Opening, OpeningState, PlayStats, WatchdogState};
use crate::{Error, Result};
use tauri::{AppHandle, Runtime, State, WebviewWindow};

/// The pack in `language` when given and provided by the pack, else in its default language.
#[tauri::command]
pub fn get_pack(
    packs: State<'_, PackState>,
    watchdog: State<'_, WatchdogState>,
    language: Option<String>,
) -> Result<PackView> {
    not_in_safe_mode(&watchdog)?;
    packs.view(language.as_deref())
}

/// In a crash loop the page gets no pack (so no video), and shows its calm slate until it does.
fn not_in_safe_mode(watchdog: &WatchdogState) -> Result<()> {
    match watchdog.safe_mode_left() {
        Some(secs_left) => Err(Error::SafeMode { secs_left }),
        None => Ok(()),
    }
}

/// The page could not play a trailer rendition (`url` as get_pack gave it). Logged with the file and
/// the reason; a rendition that keeps failing is no longer offered (see `PackState::media_failed`).
#[tauri::command]
pub fn report_media_error(packs: State<'_, PackState>, url: String, code: u16, message: String) {
    kiosk::media_failed(&packs, &url, code, &message);
}

/// The page is alive; `report` says what it shows and how its video is doing. A film that plays
/// beneath the page is reported by its pipeline, not by the page.
#[tauri::command]
pub fn heartbeat<R: Runtime>(
    window: WebviewWindow<R>,
    watchdog: State<'_, WatchdogState>,
    film: State<'_, FilmState>,
    mut report: Heartbeat,
) {
    if report.video.is_none() {
        report.video = film
            .native_position_in(window.label())
            .map(|(position, playing)| VideoReport {
                current_time: position,
                paused: !playing,
                ended: false,
            });
    }
    watchdog.heartbeat(window.label(), &report);
}

/// The attract film, played beneath the page where this launch can (`renditions`: trailer URLs
/// as get_pack gave them, in the page's order of preference); the answer says when the page
/// must play it itself, and why.
#[tauri::command]
pub async fn film_start<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    renditions: Vec<String>,
) -> FilmStart {
    crate::fleet::note_attract_shown(&app, true);
    film::start(&app, window.label(), renditions, Role::Attract, None).await
}

/// The cues of a caption file (`url` as get_pack gave it), for a trailer whose captions the page
/// draws itself: one that plays beneath the page.
#[tauri::command]
pub fn get_captions(packs: State<'_, PackState>, url: String) -> Result<Vec<CaptionCue>> {
    packs.captions(&url)
}

/// The visitor's trailer, played once with sound beneath the page in `rect` (the page's stage,
/// CSS pixels) where this launch can; the answer says when the page must play it itself. Its
/// progress, end and any fall-back come as `trailer-*` events.
#[tauri::command]
pub async fn trailer_start<R: Runtime>(
    app: AppHandle<R>,
    window: WebviewWindow<R>,
    renditions: Vec<String>,
    rect: Rect,
) -> FilmStart {
    film::start(&app, window.label(), renditions, Role::Trailer, Some(rect)).await
}

/// Play, pause or seek the trailer beneath the page; false when none plays there.
#[tauri::command]
pub fn trailer_control(film: State<'_, FilmState>, control: TrailerControl) -> bool {
    film.control_trailer(control)
}

/// The page's stage moved or changed size: the trailer beneath it follows.
#[tauri::command]
pub fn trailer_place<R: Runtime>(app: AppHandle<R>, rect: Rect) {
    film::place(&app, rect);
}

/// The page leaves the attract loop or the trailer: the native film, if one plays, stops.
#[tauri::command]
pub fn film_stop<R: Runtime>(app: AppHandle<R>, window: WebviewWindow<R>) {
    // With two screens the touch screen's leaving a screen says nothing of the big screen's loop.
    if !film::plays_elsewhere(&app, window.label()) {
        crate::fleet::note_attract_shown(&app, false);
    }
    film::stop_in(&app, window.label());
}

/// The part the calling window plays: `kiosk` (one screen), `reader` (the touch screen of two),
/// `film` (the big screen) or `standby` (hidden while its monitor is gone).
#[tauri::command]
pub fn window_role<R: Runtime>(
    window: WebviewWindow<R>,
    roles: State<'_, RoleBoard>,
) -> ScreenRole {
    roles.page_listens(window.label());
    roles.role_of(window.label())
}

/// The touch screen's visitor asked for the trailer: it plays on the big screen; false when none
/// plays its part now, and the touch screen plays it itself.
#[tauri::command]
pub fn film_screen_play<R: Runtime>(app: AppHandle<R>, request: FilmScreenPlay) -> bool {
    kiosk::play_on_film_screen(&app, &request)
}

/// The touch screen went to rest or its visitor stopped the trailer: the big screen loops again.
#[tauri::command]
pub fn film_screen_rest<R: Runtime>(app: AppHandle<R>) {
    kiosk::film_screen_rest(&app);
}

/// The big screen's trailer ended (its page says so): the touch screen hears it.
#[tauri::command]
pub fn film_screen_done<R: Runtime>(app: AppHandle<R>) {
    kiosk::film_screen_done(&app);
}

/// Which engine plays the attract film, and how the native one is doing.
#[tauri::command]
pub fn film_status(film: State<'_, FilmState>) -> FilmStatus {
    film.status()
}

#[tauri::command]
pub fn get_law(
    packs: State<'_, PackState>,
    id: String,
    language: Option<String>,
) -> Result<LawDocument> {
    packs.law(&id, language.as_deref())
}

/// The QR code to a document's official source; the id is resolved to the manifest's URL here.
#[tauri::command]
pub fn get_law_qr(packs: State<'_, PackState>, id: String) -> Result<LawQr> {
    kiosk::law_qr(&packs, &id)
}

#[tauri::command]
pub fn get_settings(settings: State<'_, SettingsState>) -> Settings {
    settings.effective()
}

#[tauri::command]
pub fn get_opening(opening: State<'_, OpeningState>) -> Opening {
    opening.get()
}

#[tauri::command]
pub fn record_play<R: Runtime>(
    app: AppHandle<R>,
    stats: State<'_, PlayStats>,
    event: PlayEvent,
) -> Result<()> {
    stats
        .record(&event, chrono::Local::now().date_naive())
        .map_err(Error::InvalidEvent)?;
    crate::fleet::note_play(&app, &event);
    Ok(())
}
