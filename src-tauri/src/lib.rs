//! Screening Kiosk: the wiring diagram. Each concern lives in its own module; this file only connects
//! them, generic over the Tauri runtime so tests can boot the same app on `tauri::test::mock_builder()`.

pub mod cli;
pub mod codec_support;
pub mod commands;
pub mod content_pack;
mod error;
pub mod kiosk;
pub mod law_text;
pub mod log_tail;
pub mod media_probe;
pub mod media_server;
pub mod operations;
pub mod operator;
pub mod pack_state;
pub mod pack_watch;
pub mod qr;
pub mod recovery;
pub mod schedule;
pub mod settings;
pub mod settings_file;
pub mod stats;
pub mod watchdog;

pub use error::{Error, Result};
pub use operations::{OPENING_CHANGED_EVENT, PACK_CHANGED_EVENT, SETTINGS_CHANGED_EVENT};

use clap::Parser;
use commands::OperatorGate;
use media_server::{Catalog, MediaServer};
use operations::{ContentSource, ContentWatch, OpeningState};
use pack_state::PackState;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tauri::{App, Builder, Manager, Runtime, WindowEvent};

/// The app's identifier (tauri.conf.json); it names the data folder that holds settings and the PIN.
pub const IDENTIFIER: &str = "org.screeningkiosk.kiosk";

/// How this launch of the kiosk should behave; everything else comes from the pack and the settings.
#[derive(Debug, Clone, Default)]
pub struct KioskOptions {
    /// `None` means the operator's content folder setting, else the pack bundled with the app.
    pub content_dir: Option<PathBuf>,
    pub windowed: bool,
    pub idle_timeout_secs: Option<u32>,
    /// The real kiosk's guards: the watchdog clock, the crash-loop count and orderly ends on
    /// termination signals. Off in tests on the mock runtime, which have no page to watch and
    /// share one process.
    pub guarded: bool,
}

/// Builds the kiosk on any runtime: the real one in `main`, the mock one in tests.
pub fn build_app<R: Runtime>(builder: Builder<R>, options: KioskOptions) -> tauri::Result<App<R>> {
    builder
        .plugin(tauri_plugin_store::Builder::new().build())
        .plugin(tauri_plugin_autostart::Builder::new().build())
        .invoke_handler(tauri::generate_handler![
            commands::get_pack,
            commands::get_law,
            commands::get_law_qr,
            commands::get_settings,
            commands::get_opening,
            commands::record_play,
            commands::heartbeat,
            commands::report_media_error,
            commands::operator_status,
            commands::operator_set_first_pin,
            commands::operator_unlock,
            commands::operator_change_pin,
            commands::operator_lock,
            commands::operator_panel,
            commands::operator_save_settings,
            commands::operator_check_folder,
            commands::operator_reload,
            commands::operator_exit,
        ])
        .setup(move |app| {
            start_kiosk(app, &options)?;
            Ok(())
        })
        .on_window_event(|window, event| match event {
            WindowEvent::CloseRequested { api, .. }
                if kiosk::should_prevent_close(window.app_handle()) =>
            {
                log::warn!("close request refused: the kiosk only closes from the operator panel");
                api.prevent_close();
            }
            // Tauri's own drop handler swallows the drop, so the webview never opens the file.
            WindowEvent::DragDrop(tauri::DragDropEvent::Drop { paths, .. }) => {
                log::warn!("ignored {} item(s) dropped on the kiosk", paths.len());
            }
            _ => {}
        })
        .build(tauri::generate_context!())
}

/// Builds and runs the kiosk until it exits.
pub fn run_app<R: Runtime>(builder: Builder<R>, options: KioskOptions) -> tauri::Result<()> {
    build_app(builder, options)?.run(|app, event| {
        // Every way out (the operator's Exit, a signal the OS supervisor sends) keeps today's counts.
        match event {
            tauri::RunEvent::Exit => operations::flush_stats(app),
            // The watchdog replacing the window closes the last one for a moment.
            tauri::RunEvent::ExitRequested {
                code: None, api, ..
            } if app
                .try_state::<recovery::WatchdogState>()
                .is_some_and(|w| w.is_recreating()) =>
            {
                api.prevent_exit()
            }
            _ => {}
        }
    });
    Ok(())
}

fn start_kiosk<R: Runtime>(app: &mut App<R>, options: &KioskOptions) -> Result<()> {
    let handle = app.handle().clone();
    let settings = settings::load(
        &handle,
        settings::Overrides {
            idle_timeout_secs: options.idle_timeout_secs,
        },
    );
    let stored = settings.stored();
    app.manage(OperatorGate(Mutex::new(operator::Gate::load(
        &settings.path().with_file_name(operator::PIN_FILE),
    ))));
    app.manage(stats::PlayStats::load(
        &settings.path().with_file_name(stats::STATS_FILE),
    ));
    app.manage(settings);
    app.manage(OpeningState::default());
    app.manage(ContentWatch::default());

    let source = ContentSource::new(
        default_content_dir(app)?,
        options.content_dir.clone(),
        stored.content_dir.clone(),
    );
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
    operations::offer_pack(&packs, &content_dir);
    app.manage(packs);
    operations::watch_content(&handle, content_dir);

    app.manage(kiosk::CloseGuard::new(!options.windowed));
    if !options.windowed {
        app.manage(kiosk::DisplayAwake::default());
    }
    operations::start_opening_clock(&handle);
    operations::start_stats_flusher(&handle);
    let crash_loop_until = if options.guarded {
        let settings_file = app.state::<settings::SettingsState>().path().to_path_buf();
        recovery::note_start(settings_file.parent().unwrap_or(std::path::Path::new(".")))
    } else {
        None
    };
    app.manage(recovery::WatchdogState::new(crash_loop_until));
    if options.guarded {
        recovery::start_watchdog(&handle, options.windowed);
        #[cfg(unix)]
        operations::exit_on_termination_signals(&handle);
    }
    operations::apply_start_at_login(&handle, stored.start_at_login);
    kiosk::open_main_window(&handle, options.windowed, stored.display.as_deref())?;
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

const LOG_FILE_BYTES: u128 = 2 * 1024 * 1024;
const LOG_FILES_KEPT: usize = 4;

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
        Some(cli::Command::SetPin) => {
            return cli::set_pin(
                &mut std::io::stdin().lock(),
                &mut std::io::stdout(),
                &mut std::io::stderr(),
            );
        }
        Some(cli::Command::Stats { csv }) => {
            return cli::stats(*csv, &mut std::io::stdout(), &mut std::io::stderr());
        }
        None => {}
    }
    let options = KioskOptions {
        content_dir: cli.content,
        windowed: cli.windowed,
        idle_timeout_secs: cli.idle_timeout,
        guarded: true,
    };
    // Single instance first, so a second launch (a double-clicked icon, a login item plus a service)
    // leaves before it opens anything; it hands the focus back to the running kiosk. It and the
    // process-global logger are installed here rather than in `build_app`, which tests call many times
    // in one process.
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            log::warn!("a second launch was refused: the kiosk is already running");
            if let Some(window) = app.get_webview_window(kiosk::MAIN_WINDOW) {
                let _ = window.set_focus();
            }
        }))
        .plugin(
            // Ten days of an unattended kiosk must fit: 2 MB files, the current one plus 4 older
            // (the plugin's default is a single 40 KB file that loses last night's restart by noon).
            tauri_plugin_log::Builder::new()
                .level(log::LevelFilter::Info)
                .max_file_size(LOG_FILE_BYTES)
                .rotation_strategy(tauri_plugin_log::RotationStrategy::KeepSome(LOG_FILES_KEPT))
                .timezone_strategy(tauri_plugin_log::TimezoneStrategy::UseLocal)
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
