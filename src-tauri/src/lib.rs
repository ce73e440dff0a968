//! Screening Kiosk: the wiring diagram. Each concern lives in its own room (docs/architecture.md);
//! this file only connects them, generic over the Tauri runtime so tests can boot the same app on
//! `tauri::test::mock_builder()`.

pub mod cli;
pub mod content;
mod error;
mod events;
pub mod fleet;
mod ipc;
mod kiosk;
pub mod media;
mod operator;
pub mod settings;
pub mod unattended;

#[cfg(test)]
mod architecture;

pub use error::{Error, Result};

use clap::Parser;
use std::path::PathBuf;
use tauri::{App, Builder, Manager, Runtime};

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
        // macOS's default app menu has Quit (Cmd+Q), which no app can intercept (tauri#9198) and
        // which ends the kiosk with exit code 0: the LaunchAgent reads that as the operator's Exit
        // and never starts it again. No menu at all: the kiosk has nothing a menu would offer.
        .enable_macos_default_menu(false)
        .plugin(
            tauri_plugin_store::Builder::new()
                .default_serialize_fn(settings::refuse_plain_store_save)
                .build(),
        )
        .plugin(tauri_plugin_autostart::Builder::new().build())
        .invoke_handler(ipc::handler())
        .setup(move |app| {
            start_kiosk(app, &options)?;
            Ok(())
        })
        .on_window_event(kiosk::on_window_event)
        .build(tauri::generate_context!())
}

/// Builds and runs the kiosk until it exits.
pub fn run_app<R: Runtime>(builder: Builder<R>, options: KioskOptions) -> tauri::Result<()> {
    build_app(builder, options)?.run(|app, event| {
        unattended::lifecycle::on_run_event(app, &event);
        // The watchdog replacing the window closes the last one for a moment.
        if let tauri::RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            if app
                .try_state::<unattended::WatchdogState>()
                .is_some_and(|w| w.is_recreating())
            {
                api.prevent_exit()
            }
        }
    });
    Ok(())
}

/// Each room manages its own state in `start`. The order is the rooms' layering: settings first
/// (everyone reads them), the operator's gate, the kiosk's media server and display guards (the
/// opening clock in `unattended` switches the display), then the unattended guards: the start is
/// counted for the crash-loop cap and the watchdog armed before the window opens and before any
/// byte of the pack is parsed, which happens last, off the main thread. A fleet kiosk starts on
/// the fleet pack it showed last, and its heartbeat and plan follower start with the guards.
fn start_kiosk<R: Runtime>(app: &mut App<R>, options: &KioskOptions) -> Result<()> {
    let bundled = default_content_dir(app)?;
    let app = app.handle();
    let overrides = settings::Overrides {
        idle_timeout_secs: options.idle_timeout_secs,
    };
    let (stored, data_dir) = settings::start(app, overrides);
    operator::start(app, &data_dir);
    let fleet_pack = fleet::pack_to_start_with(&data_dir, &stored);
    kiosk::start(
        app,
        kiosk::Launch {
            bundled,
            command_line: options.content_dir.clone(),
            setting: fleet_pack.or_else(|| stored.content_dir.clone()),
            kiosk_mode: !options.windowed,
            data_dir: data_dir.clone(),
        },
    )?;
    unattended::start(
        app,
        &data_dir,
        &unattended::Guards {
            guarded: options.guarded,
            windowed: options.windowed,
            start_at_login: stored.start_at_login,
        },
    );
    fleet::start(app, &data_dir, &stored);
    kiosk::open_kiosk_windows(app, options.windowed)?;
    if options.guarded && !options.windowed {
        kiosk::follow_displays(app);
    }
    kiosk::offer_first_pack(app)?;
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
    // Every damaged-file risk of parsing a video lives in a child process from here on (the child
    // itself, running `probe-media`, probes in process).
    match std::env::current_exe() {
        Ok(binary) => media::isolation::probe_in_child_processes(binary),
        Err(e) => eprintln!("screening-kiosk: probing media in process: {e}"),
    }
    if let Some(command) = &cli.command {
        return cli::run_command(command);
    }
    // Before anything opens: a second copy leaves or waits here (`one_copy`).
    if let Some(code) = unattended::one_copy::at_launch(cli.supervised) {
        return code;
    }
    // Before the first thread and before GTK: it may set WebKit's renderer.
    kiosk::film::choose_engine_at_launch(cli.film == cli::FilmEngine::Webview);
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
        .plugin(unattended::lifecycle::log_plugin());
    match run_app(builder, options) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("screening-kiosk: {e}");
            1
        }
    }
}
