//! The kiosk itself: its windows and lockdown (`window`, `platform`), the part each window plays
//! and how two screens talk (`roles`, `two_screens`), the displays it covers and keeps awake
//! (`displays`, `awake`), the pack on show (`showing`), where packs come from and how a new one
//! gets in (`source`, `watch`), and which engine plays the attract film (`film`).

mod awake;
mod displays;
pub(crate) mod film;
mod platform;
mod roles;
mod showing;
mod source;
mod two_screens;
mod watch;
mod window;

pub(crate) use awake::{DisplayAwake, DisplayPowerState};
pub(crate) use displays::{
    arrange_windows, displays, follow_displays, DisplayMemory, DisplayView, Settle,
};
pub(crate) use platform::restart_web_process;
pub(crate) use roles::{RoleBoard, ScreenRole, FILM_WINDOW};
pub(crate) use showing::{law_qr, media_failed, LawQr, PackState};
use source::offer_and_announce;
pub(crate) use source::{
    adopt_folder, check_folder, reload, switch_content, watch_content, ContentSource, ContentWatch,
    FolderReport,
};
pub(crate) use two_screens::{
    film_screen_done, film_screen_rest, play_on_film_screen, FilmScreenPlay,
};
pub use window::MAIN_WINDOW;
pub(crate) use window::{on_window_event, open_kiosk_windows, reopen_window, CloseGuard};

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
    /// The data folder, for where the chosen displays were last seen.
    pub data_dir: PathBuf,
}

/// Starts the media server and manages the pack state (empty until `offer_first_pack`), the
/// close guard and the display's keep-awake. No pack byte is read here: the window opens first.
pub(crate) fn start<R: Runtime>(app: &AppHandle<R>, launch: Launch) -> crate::Result<()> {
    app.manage(ContentWatch::default());
    app.manage(ContentSource::new(
        launch.bundled,
        launch.command_line,
        launch.setting,
    ));

    let catalog: Catalog = Arc::default();
    let server = MediaServer::bind(catalog.clone())?;
    app.manage(PackState::new(catalog, server.base_url()));
    tauri::async_runtime::spawn(async move {
        if let Err(e) = server.serve().await {
            log::error!("media server stopped: {e}");
        }
    });

    app.manage(film::FilmState::for_this_process());
    app.manage(CloseGuard::new(launch.kiosk_mode));
    app.manage(DisplayMemory::load(&launch.data_dir));
    app.manage(RoleBoard::default());
    if launch.kiosk_mode {
        app.manage(DisplayAwake::default());
    }
    Ok(())
}

/// Checks and installs the first pack on a thread of its own, then watches its folder. Runs once
/// the window is open and the watchdog armed: a pack that takes long to check (or never finishes)
/// leaves the page on its calm start screen, never the whole app without a window. An invalid
/// pack is logged and leads the page to the calm slate; the report waits in the operator panel.
pub(crate) fn offer_first_pack<R: Runtime>(app: &AppHandle<R>) -> crate::Result<()> {
    let app = app.clone();
    std::thread::Builder::new()
        .name("first-pack".into())
        .spawn(move || {
            let content_dir = app.state::<ContentSource>().current();
            offer_and_announce(&app, &content_dir);
            watch_content(&app, content_dir);
        })?;
    Ok(())
}
