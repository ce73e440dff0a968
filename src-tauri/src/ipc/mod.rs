//! The page's way in: thin commands from the UI's ids to the rooms that hold the answers, the
//! visitor's (`visitor`) and the staff's (`operator`). The events the core sends back are listed in
//! `crate::events`. JS sends ids; paths are resolved here in Rust and never leave it.

mod operator;
mod visitor;

use tauri::ipc::Invoke;
use tauri::Runtime;

/// The invoke handler of every command the page may call (the capability file names them too).
pub(crate) fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        visitor::get_pack,
        visitor::get_law,
        visitor::get_law_qr,
        visitor::get_settings,
        visitor::get_opening,
        visitor::record_play,
        visitor::heartbeat,
        visitor::report_media_error,
        visitor::film_start,
        visitor::film_stop,
        visitor::film_status,
        visitor::get_captions,
        visitor::trailer_start,
        visitor::trailer_control,
        visitor::trailer_place,
        visitor::window_role,
        visitor::film_screen_play,
        visitor::film_screen_rest,
        visitor::film_screen_done,
        operator::operator_status,
        operator::operator_set_first_pin,
        operator::operator_unlock,
        operator::operator_change_pin,
        operator::operator_lock,
        operator::operator_panel,
        operator::operator_save_settings,
        operator::operator_check_folder,
        operator::operator_reload,
        operator::operator_exit,
    ]
}
