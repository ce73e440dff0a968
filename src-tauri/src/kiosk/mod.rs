//! The kiosk itself: its window and lockdown (`window`, `platform`), the displays it covers and
//! keeps awake (`displays`, `awake`), the pack on show (`showing`) and where packs come from and how
//! a new one gets in (`source`, `watch`).

mod awake;
mod displays;
mod platform;
mod showing;
mod source;
mod watch;
mod window;

pub(crate) use awake::DisplayAwake;
pub(crate) use displays::{cover_display, displays, DisplayView};
pub(crate) use platform::restart_web_process;
pub(crate) use showing::{law_qr, media_failed, LawQr, PackState};
pub(crate) use source::{
    check_folder, offer_pack, reload, switch_content, watch_content, ContentSource, ContentWatch,
    FolderReport,
};
pub use window::MAIN_WINDOW;
pub(crate) use window::{on_window_event, open_main_window, CloseGuard};

use crate::media::{Catalog, MediaServer};
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, Manager, Runtime};

/// Where this launch's pack may come from, and whether it runs as a kiosk or in a window.
pub(crate) struct Launch {
    pub bundled: PathBuf,
    pub command_line: Option<PathBuf>,
    pub setting: Option<PathBuf>,
    pub kiosk_mode: bool,
}

/// Starts the media server, offers the first pack and watches its folder, and manages the close
/// guard and the display's keep-awake. The window itself opens last (`open_main_window`), once
/// every other concern is managed.
pub(crate) fn start<R: Runtime>(app: &AppHandle<R>, launch: Launch) -> crate::Result<()> {
    app.manage(ContentWatch::default());
    let source = ContentSource::new(launch.bundled, launch.command_line, launch.setting);
    let content_dir = source.current();
    app.manage(source);

    let catalog: Catalog = Arc::default();
    let server = MediaServer::bind(catalog.clone())?;
    let packs = PackState::new(catalog, server.base_url());
    tauri::async_runtime::spawn(async move {
        if let Err(e) = server.serve().await {
            log::error!("media server stopped: {e}");
        }
    });
    // An invalid pack still opens the kiosk: visitors get a calm slate instead of a crash or a dialog,
    // and the report goes to the log and the operator panel.
    offer_pack(&packs, &content_dir);
    app.manage(packs);
    watch_content(app, content_dir);

    app.manage(CloseGuard::new(launch.kiosk_mode));
    if launch.kiosk_mode {
        app.manage(DisplayAwake::default());
    }
    Ok(())
}
