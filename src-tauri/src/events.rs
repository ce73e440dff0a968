//! Every event the core sends the page, in one list. A leaf like `error`: any room that emits an
//! event names it from here, and this uses nothing, so emitting never ties a room to `ipc`.

/// Emitted to the UI when a new pack has been validated and installed; the payload is its
/// generation. The UI switches at its next attract loop, never in the middle of a visit.
pub(crate) const PACK_CHANGED_EVENT: &str = "pack-changed";
/// Payload: the settings as `get_settings` returns them.
pub(crate) const SETTINGS_CHANGED_EVENT: &str = "settings-changed";
/// The native attract film shows its first frame (no payload).
pub(crate) const FILM_PLAYING_EVENT: &str = "film-playing";
/// The native attract film wrapped round to its start; the payload counts the loops so far.
pub(crate) const FILM_LOOPED_EVENT: &str = "film-looped";
/// No rendition plays natively any more: the page plays the film itself. Payload: the reason.
pub(crate) const FILM_FELL_BACK_EVENT: &str = "film-fell-back";
/// The trailer beneath the page shows its first frame (no payload).
pub(crate) const TRAILER_PLAYING_EVENT: &str = "trailer-playing";
/// Where the trailer beneath the page is, a few times a second. Payload: `TrailerProgress`.
pub(crate) const TRAILER_PROGRESS_EVENT: &str = "trailer-progress";
/// The trailer beneath the page reached its end (no payload).
pub(crate) const TRAILER_ENDED_EVENT: &str = "trailer-ended";
/// The trailer beneath the page failed: the page plays it on. Payload: `TrailerFellBack`.
pub(crate) const TRAILER_FELL_BACK_EVENT: &str = "trailer-fell-back";
/// Payload: `Opening`.
pub(crate) const OPENING_CHANGED_EVENT: &str = "opening-changed";
/// Sent to one window: the part it plays now changed (a monitor came or went, the operator set up
/// two screens). Payload: `ScreenRole`.
pub(crate) const ROLE_CHANGED_EVENT: &str = "role-changed";
/// Sent to the film screen's window: play the trailer with sound. Payload: `FilmScreenPlay`.
pub(crate) const FILM_SCREEN_PLAY_EVENT: &str = "film-screen-play";
/// Sent to the film screen's window: back to the loop (the touch screen went to rest or stopped it).
pub(crate) const FILM_SCREEN_REST_EVENT: &str = "film-screen-rest";
/// Sent to the touch screen's window: the trailer on the film screen ended.
pub(crate) const FILM_SCREEN_DONE_EVENT: &str = "film-screen-done";
