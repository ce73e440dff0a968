//! Every event the core sends the page, in one list. A leaf like `error`: any room that emits an
//! event names it from here, and this uses nothing, so emitting never ties a room to `ipc`.

/// Emitted to the UI when a new pack has been validated and installed; the payload is its
/// generation. The UI switches at its next attract loop, never in the middle of a visit.
pub(crate) const PACK_CHANGED_EVENT: &str = "pack-changed";
/// Payload: the settings as `get_settings` returns them.
pub(crate) const SETTINGS_CHANGED_EVENT: &str = "settings-changed";
/// Payload: `Opening`.
pub(crate) const OPENING_CHANGED_EVENT: &str = "opening-changed";
