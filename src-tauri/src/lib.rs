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
pub mod settings;

pub use error::{Error, Result};

use clap::Parser;
use commands::KioskState;
use media_server::{Catalog, MediaServer};
use std::path::PathBuf;
use std::sync::{Arc, RwLock};
use tauri::{App, Builder, Manager, Runtime, WindowEvent};

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
    // An invalid pack still opens the kiosk: visitors get a calm slate instead of a crash or a dialog,
    // and the report goes to the log for the operator.
    let pack = content_pack::load(&content_dir)
        .map(Arc::new)
        .inspect(|pack| {
            for warning in &pack.warnings {
                log::warn!("content pack {}: {warning}", content_dir.display());
            }
        });
    let pack = pack.map_err(|e| {
        let report = format!("{}:\n{e}", content_dir.display());
        log::error!("content pack refused: {report}");
        eprintln!("screening-kiosk: content pack refused: {report}");
        report
    });

    let catalog: Catalog = Arc::default();
    if let Ok(pack) = &pack {
        *catalog.write().unwrap_or_else(|p| p.into_inner()) = pack.media.clone();
    }
    let server = MediaServer::bind(catalog)?;
    let media_base = server.base_url();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = server.serve().await {
            log::error!("media server stopped: {e}");
        }
    });

    let mut settings = settings::load(app.handle()).unwrap_or_else(|e| {
        log::error!("{e}; using default settings for this run");
        settings::Settings::default()
    });
    if let Some(secs) = options.idle_timeout_secs {
        settings.idle_timeout_secs = secs;
    }

    app.manage(KioskState {
        pack: RwLock::new(pack),
        media_base,
        settings,
    });
    app.manage(kiosk::CloseGuard {
        kiosk_mode: !options.windowed,
    });
    kiosk::open_main_window(app.handle(), options.windowed)?;
    Ok(())
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
