//! Screening Kiosk: the wiring diagram. Each concern lives in its own module; this file only connects
//! them, generic over the Tauri runtime so tests can boot the same app on `tauri::test::mock_builder()`.

pub mod cli;
pub mod commands;
pub mod content_pack;
mod error;
pub mod kiosk;
pub mod law_text;
pub mod media_probe;
pub mod media_server;
pub mod pack_state;
pub mod pack_watch;
pub mod settings;
pub mod settings_file;

pub use error::{Error, Result};

use clap::Parser;
use commands::LaunchSettings;
use media_server::{Catalog, MediaServer};
use pack_state::PackState;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tauri::{App, AppHandle, Builder, Emitter, Manager, Runtime, WindowEvent};

/// Emitted to the UI when a new pack has been validated and installed; the payload is its
/// generation. The UI switches at its next attract loop, never in the middle of a visit.
pub const PACK_CHANGED_EVENT: &str = "pack-changed";

/// How this launch of the kiosk should behave; everything else comes from the pack and the settings.
#[derive(Debug, Clone, Default)]
pub struct KioskOptions {
    /// `None` means the pack bundled with the app.
    pub content_dir: Option<PathBuf>,
    pub windowed: bool,
    pub idle_timeout_secs: Option<u32>,
}

/// Builds the kiosk on any runtime: the real one in `main`, the mock one in tests.
pub fn build_app<R: Runtime>(builder: Builder<R>, options: KioskOptions) -> tauri::Result<App<R>> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .invoke_handler(tauri::generate_handler![
            commands::get_pack,
            commands::get_law,
            commands::get_settings
        ])
        .setup(move |app| {
            start_kiosk(app, &options)?;
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                if kiosk::should_prevent_close(window.app_handle()) {
                    log::warn!(
                        "close request refused: the kiosk only closes from the operator panel"
                    );
                    api.prevent_close();
                }
            }
        })
        .build(tauri::generate_context!())
}

/// Builds and runs the kiosk until it exits.
pub fn run_app<R: Runtime>(builder: Builder<R>, options: KioskOptions) -> tauri::Result<()> {
    build_app(builder, options)?.run(|_, _| {});
    Ok(())
}

fn start_kiosk<R: Runtime>(app: &mut App<R>, options: &KioskOptions) -> Result<()> {
    let content_dir = match &options.content_dir {
        Some(dir) => dir.clone(),
        None => default_content_dir(app)?,
    };

    let catalog: Catalog = Arc::default();
    let server = MediaServer::bind(catalog.clone())?;
    let packs = PackState::new(catalog, server.base_url());
    tauri::async_runtime::spawn(async move {
        if let Err(e) = server.serve().await {
            log::error!("media server stopped: {e}");
        }
    });
    // An invalid pack still opens the kiosk: visitors get a calm slate instead of a crash or a dialog,
    // and the report goes to the log for the operator.
    offer_pack(&packs, &content_dir);
    app.manage(packs);

    let mut settings = settings::load(app.handle()).unwrap_or_else(|e| {
        log::error!("{e}; using default settings for this run");
        settings::Settings::default()
    });
    if let Some(secs) = options.idle_timeout_secs {
        settings.idle_timeout_secs = secs;
    }
    app.manage(LaunchSettings(settings));
    app.manage(kiosk::CloseGuard {
        kiosk_mode: !options.windowed,
    });
    watch_content(app.handle(), content_dir);
    if !options.windowed {
        if let Some(awake) = kiosk::keep_display_awake() {
            app.manage(awake);
        }
    }
    kiosk::open_main_window(app.handle(), options.windowed)?;
    Ok(())
}

/// Validates the pack in `dir` in full and installs it if it is good; otherwise the pack already
/// shown stays and the report is logged and kept for the operator. Returns the new generation.
fn offer_pack(packs: &PackState, dir: &Path) -> Option<u64> {
    match content_pack::load(dir) {
        Ok(pack) => {
            for warning in &pack.warnings {
                log::warn!("content pack {}: {warning}", dir.display());
            }
            let generation = packs.install(pack);
            log::info!(
                "content pack {} installed (generation {generation})",
                dir.display()
            );
            Some(generation)
        }
        Err(e) => {
            let report = format!("{}:\n{e}", dir.display());
            let kept = if packs.generation().is_some() {
                "; still showing the last good pack"
            } else {
                ""
            };
            log::error!("content pack refused{kept}: {report}");
            eprintln!("screening-kiosk: content pack refused{kept}: {report}");
            packs.refuse(report);
            None
        }
    }
}

/// Keeps the watcher alive for as long as the app runs.
struct ContentWatch(#[allow(dead_code)] Mutex<pack_watch::PackWatcher>);

/// Reloads the pack whenever its folder changes and settles. Validation runs on the watcher's
/// thread, never the UI's; the UI is told only about packs that passed.
fn watch_content<R: Runtime>(app: &AppHandle<R>, dir: PathBuf) {
    let handle = app.clone();
    let watched = dir.clone();
    let watcher = pack_watch::watch(&dir, move || {
        let Some(generation) = offer_pack(&handle.state::<PackState>(), &watched) else {
            return;
        };
        if let Err(e) = handle.emit(PACK_CHANGED_EVENT, generation) {
            log::error!("cannot tell the UI about the new pack: {e}");
        }
    });
    match watcher {
        Ok(watcher) => {
            app.manage(ContentWatch(Mutex::new(watcher)));
        }
        Err(e) => log::warn!(
            "not watching {} for changes ({e}); restart the kiosk after changing the pack",
            dir.display()
        ),
    }
}

fn default_content_dir<R: Runtime>(app: &App<R>) -> Result<PathBuf> {
    if cfg!(debug_assertions) {
        // Development builds run from the checkout, where the default pack lives.
        return Ok(PathBuf::from(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/justice-for-sergei"
        )));
    }
    Ok(app.path().resource_dir()?.join("justice-for-sergei"))
}

/// The process entry point behind `main.rs`; returns the exit code.
pub fn main() -> i32 {
    let cli = cli::Cli::parse();
    match &cli.command {
        Some(cli::Command::Check { dir, format }) => {
            return cli::check(dir, *format, &mut std::io::stdout(), &mut std::io::stderr());
        }
        Some(cli::Command::Pack { dir }) => {
            return cli::pack(dir, &mut std::io::stdout(), &mut std::io::stderr());
        }
        Some(cli::Command::Schema) => {
            print!("{}", content_pack::manifest_schema());
            return cli::EXIT_VALID;
        }
        None => {}
    }
    let options = KioskOptions {
        content_dir: cli.content,
        windowed: cli.windowed,
        idle_timeout_secs: cli.idle_timeout,
    };
    // The logger is process-global, so it is installed here rather than in `build_app`, which tests call
    // many times in one process.
    let builder = tauri::Builder::default().plugin(
        tauri_plugin_log::Builder::new()
            .level(log::LevelFilter::Info)
            .build(),
    );
    match run_app(builder, options) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("screening-kiosk: {e}");
            1
        }
    }
}
